"""The one query layer: takes a store and filters, gives Event records (and article/stat views).

Every output — ``eventwire events``, ``export``, the coming REST API and web page — reads through
``query_events``, so a filter means the same thing everywhere. Filters become portable SQLAlchemy Core
expressions; only the great-circle distance of ``near`` is checked in Python, after a bounding-box
prefilter in SQL. Results stream in ``(event_date, event_id)`` order.

``query_fused`` is the same over fused events (one per real-world event, from the ``clusters`` table):
each comes as a ``FusedEvent``, the merged record plus its ``sources`` (article, event, outlet, url).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from eventwire.geo.distance import haversine_km
from eventwire.model import Event
from eventwire.store import Store, schema
from eventwire.store.pg_search import matching_articles
from eventwire.store.types import by_dialect

_KM_PER_DEGREE = 111.32
_STREAM_ROWS = 500


@dataclass(frozen=True, kw_only=True, slots=True)
class Near:
    """A circle: events within ``km`` kilometres of (``lat``, ``lon``)."""

    lat: float
    lon: float
    km: float


@dataclass(frozen=True, kw_only=True, slots=True)
class BBox:
    """A lon/lat rectangle, GeoJSON order: ``min_lon, min_lat, max_lon, max_lat``."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True, kw_only=True, slots=True)
class EventFilter:
    """What to select. Every field is optional; ``None`` means no constraint.

    ``since``/``until`` are inclusive ``YYYY-MM-DD`` dates; ``country`` a name or an ISO3 code; ``type``
    an event_type; ``actor`` and ``text`` case-insensitive substrings (``actor`` of actor1, actor2 and
    their associates; ``text`` of notes, location and evidence).
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None
    type: str | None = None
    sub_type: str | None = None
    actor: str | None = None
    near: Near | None = None
    bbox: BBox | None = None
    text: str | None = None
    limit: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    """One article that tells a fused event: its event record there, the outlet and the URL."""

    article_id: str
    event_id: str
    source: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "event_id": self.event_id, "source": self.source, "url": self.url}


@dataclass(frozen=True, kw_only=True, slots=True)
class FusedEvent(Event):
    """A real-world event: the merged record (``event_id`` is the cluster id) and every article telling it.

    Its JSON is the event contract plus one key, ``sources``.
    """

    sources: tuple[Source, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out = Event.to_json(self)  # explicit: zero-argument super() fails in slotted dataclasses
        out["sources"] = [s.to_json() for s in self.sources]
        return out


def query_events(store: Store, filters: EventFilter = EventFilter()) -> Iterator[Event]:
    """Events matching ``filters``, streamed in date then id order."""
    yield from _take(_decode(store, events_select(filters), filters.near), filters.limit)


def query_fused(store: Store, filters: EventFilter = EventFilter()) -> Iterator[FusedEvent]:
    """Fused events (one per real-world event) matching ``filters``, with their sources, in date then id order."""
    events = _decode(store, events_select(filters, fused=True), filters.near)
    yield from _with_sources(store, _take(events, filters.limit))


def events_select(filters: EventFilter, *, fused: bool = False) -> sa.Select[Any]:
    """The SQL of ``filters`` (backend-neutral; ``near`` is only its bounding box here).

    With ``fused`` it selects merged records from ``clusters`` instead of article events.
    """
    table = schema.clusters if fused else schema.events
    key = table.c.cluster_id if fused else table.c.event_id
    query = sa.select(table.c.data).where(*_conditions(filters, table))
    query = query.order_by(table.c.event_date, key)
    if filters.limit is not None and filters.near is None:
        query = query.limit(filters.limit)  # with `near` the limit applies after the distance check
    return query


def _decode(store: Store, query: sa.Select[Any], near: Near | None) -> Iterator[Event]:
    with store.read() as conn:
        for row in conn.execution_options(yield_per=_STREAM_ROWS).execute(query):
            event = Event.from_json(json.loads(row.data))
            if near is None or _within(event, near):
                yield event


def _with_sources(store: Store, events: Iterator[Event]) -> Iterator[FusedEvent]:
    # Sources are looked up per chunk of events, so a long result streams in bounded memory.
    chunk: list[Event] = []
    for event in events:
        chunk.append(event)
        if len(chunk) >= _STREAM_ROWS:
            yield from _attach(store, chunk)
            chunk = []
    yield from _attach(store, chunk)


def _attach(store: Store, events: Sequence[Event]) -> Iterator[FusedEvent]:
    if not events:
        return
    s, a = schema.event_sources.c, schema.articles.c
    query = (sa.select(s.cluster_id, s.article_id, s.event_id, a.source, a.url)
             .join(schema.articles, a.id == s.article_id)
             .where(s.cluster_id.in_([e.event_id for e in events])).order_by(s.article_id, s.event_id))
    found: dict[str, list[Source]] = {}
    with store.read() as conn:
        for row in conn.execute(query):
            found.setdefault(row.cluster_id, []).append(
                Source(article_id=row.article_id, event_id=row.event_id, source=row.source, url=row.url))
    for event in events:
        fields = {name: getattr(event, name) for name in Event.__dataclass_fields__}
        yield FusedEvent(**fields, sources=tuple(found.get(event.event_id, ())))


def _take(events: Iterator[Event], limit: int | None) -> Iterator[Event]:
    for count, event in enumerate(events):
        if limit is not None and count >= limit:
            return
        yield event


def _conditions(f: EventFilter, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    e = table.c
    conds: list[sa.ColumnElement[bool]] = []
    if f.since:
        conds.append(e.event_date >= f.since)
    if f.until:
        conds.append(e.event_date <= f.until)
    if f.country:
        conds.append(sa.or_(sa.func.upper(e.iso3) == f.country.upper(),
                            sa.func.lower(e.country) == f.country.lower()))
    if f.type:
        conds.append(sa.func.lower(e.event_type) == f.type.lower())
    if f.sub_type:
        conds.append(sa.func.lower(e.sub_event_type) == f.sub_type.lower())
    if f.actor:
        conds.append(_any_contains((e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2), f.actor))
    if f.text:
        conds.append(_text_condition(f.text, table))
    if f.bbox:
        conds.extend(_box(table, f.bbox.min_lat, f.bbox.max_lat, f.bbox.min_lon, f.bbox.max_lon))
    if f.near:
        conds.extend(_near_box(table, f.near))
    return conds


def _any_contains(columns: tuple[sa.ColumnElement[Any], ...], needle: str) -> sa.ColumnElement[bool]:
    return sa.or_(*(c.icontains(needle, autoescape=True) for c in columns))


def _text_condition(needle: str, table: sa.Table) -> sa.ColumnElement[bool]:
    e, ev = table.c, schema.evidence.c
    hit = ev.text.icontains(needle, autoescape=True)
    if table is schema.clusters:  # any member's evidence
        s = schema.event_sources.c
        in_evidence = sa.exists().where(s.cluster_id == e.cluster_id, ev.event_id == s.event_id, hit)
    else:
        in_evidence = sa.exists().where(ev.event_id == e.event_id, hit)
    return sa.or_(_any_contains((e.notes, e.location), needle), in_evidence, _article_words(needle, table))


def _article_words(needle: str, table: sa.Table) -> sa.ColumnElement[bool]:
    # PostgreSQL also matches the words of the article text through its GIN index (store.pg_search);
    # chosen when the statement compiles, so this function stays backend-neutral.
    articles = matching_articles(needle)
    on_pg: sa.ColumnElement[bool]
    if table is schema.clusters:
        s = schema.event_sources.c
        on_pg = sa.exists().where(s.cluster_id == table.c.cluster_id, s.article_id.in_(articles))
    else:
        on_pg = table.c.article_id.in_(articles)
    return by_dialect(postgresql=on_pg, default=sa.false())


def _box(table: sa.Table, min_lat: float, max_lat: float, min_lon: float, max_lon: float
         ) -> list[sa.ColumnElement[bool]]:
    e = table.c
    return [e.latitude.between(min_lat, max_lat), e.longitude.between(min_lon, max_lon)]


def _near_box(table: sa.Table, near: Near) -> list[sa.ColumnElement[bool]]:
    # A box that surely contains the circle; exact distances are checked in Python afterwards.
    dlat = near.km / _KM_PER_DEGREE
    cos_lat = math.cos(math.radians(min(abs(near.lat) + dlat, 89.9)))
    dlon = min(180.0, near.km / (_KM_PER_DEGREE * max(cos_lat, 1e-6)))
    if near.lon - dlon < -180 or near.lon + dlon > 180:  # the box crosses the antimeridian
        return [table.c.latitude.between(near.lat - dlat, near.lat + dlat)]
    return _box(table, near.lat - dlat, near.lat + dlat, near.lon - dlon, near.lon + dlon)


def _within(event: Event, near: Near) -> bool:
    if event.latitude is None or event.longitude is None:
        return False
    return haversine_km(near.lat, near.lon, event.latitude, event.longitude) <= near.km


