"""The one query layer: takes a store and filters, gives Event records (and article/stat views).

Every output — ``eventwire events``, ``export``, the coming REST API and web page — reads through
``query_events``, so a filter means the same thing everywhere. Filters become portable SQLAlchemy Core
expressions; only the great-circle distance of ``near`` is checked in Python, after a bounding-box
prefilter in SQL. Results stream in ``(event_date, event_id)`` order.

``query_fused`` is the same over fused events (one per real-world event, from the ``clusters`` table):
each comes as a ``FusedEvent``, the merged record plus its ``sources`` (article, event, outlet, url).

An analyst's reviews (``eventwire.api.overrides``) apply to every read: the few events they change are
read apart, corrected, checked against the filters in Python and merged back into the ordered stream.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import json
import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from eventwire.api.filter_values import (
    check_lat_lon,
    resolve_country,
    resolve_event_type,
    resolve_sub_event_type,
)
from eventwire.api.overrides import Plan, load_plan, with_edits
from eventwire.countries import country_name
from eventwire.errors import QueryError
from eventwire.geo.distance import haversine_km
from eventwire.model import Event
from eventwire.store import Store, schema
from eventwire.store.pg_search import matching_articles
from eventwire.store.search import ranked_articles, words
from eventwire.store.types import by_dialect

_KM_PER_DEGREE = 111.32
_STREAM_ROWS = 500


@dataclass(frozen=True, kw_only=True, slots=True)
class Near:
    """A circle: events within ``km`` kilometres of (``lat``, ``lon``)."""

    lat: float
    lon: float
    km: float

    def __post_init__(self) -> None:
        check_lat_lon("--near", self.lat, self.lon, "LAT,LON,KM (latitude first)")
        if not self.km > 0:
            raise QueryError(f"--near: the radius must be more than 0 km, got {self.km:g}; it takes LAT,LON,KM "
                             "(latitude first)")


@dataclass(frozen=True, kw_only=True, slots=True)
class BBox:
    """A lon/lat rectangle, GeoJSON order: ``min_lon, min_lat, max_lon, max_lat``."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def __post_init__(self) -> None:
        order = "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (longitude first, GeoJSON order)"
        check_lat_lon("--bbox", self.min_lat, self.min_lon, order)
        check_lat_lon("--bbox", self.max_lat, self.max_lon, order)
        if self.min_lat > self.max_lat or self.min_lon > self.max_lon:
            raise QueryError(f"--bbox: the minimum is above the maximum ({self.min_lon:g},{self.min_lat:g},"
                             f"{self.max_lon:g},{self.max_lat:g}); it takes {order}")


@dataclass(frozen=True, kw_only=True, slots=True)
class EventFilter:
    """What to select. Every field is optional; ``None`` means no constraint.

    ``since``/``until`` are inclusive ``YYYY-MM-DD`` dates; ``country`` a name, an ISO3 or ISO2 code;
    ``type`` an event_type and ``sub_type`` a sub_event_type (any case); unknown values raise
    ``QueryError`` with close matches. ``actor`` is a case-insensitive substring of actor1, actor2 and
    their associates; ``text`` words of the article text, notes, location or evidence. ``reviewed`` keeps only events an analyst
    reviewed (True) or only those nobody has (False).
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
    reviewed: bool | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    """One article that tells a fused event: its event record there, the outlet and the URL."""

    article_id: str
    event_id: str
    source: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "event_id": self.event_id, "source": self.source, "url": self.url}


@dataclass(frozen=True, kw_only=True, slots=True)
class FusedEvent(Event):
    """A real-world event: the merged record (``event_id`` is the cluster id) and every article telling it.

    Its JSON is the event contract plus one key, ``sources``.
    """

    sources: tuple[Source, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = Event.to_dict(self)  # explicit: zero-argument super() fails in slotted dataclasses
        out["sources"] = [s.to_dict() for s in self.sources]
        return out


def query_events(store: Store, filters: EventFilter = EventFilter()) -> Iterator[Event]:
    """Events matching ``filters`` after review, streamed in date then id order (with ``text`` on SQLite:
    best-matching articles first).

    Raises:
        QueryError: at once (before any row is read) for a country, type or sub-type no event can have.
    """
    return _query_events(store, checked(filters))


def _query_events(store: Store, filters: EventFilter) -> Iterator[Event]:
    with store.read() as conn:
        plan = load_plan(conn)
    exclude = plan.changed if filters.reviewed is not False else plan.changed | plan.reviewed
    only = plan.reviewed - plan.changed if filters.reviewed else None
    ranked = _ranked(store, filters)
    main = _decode(store, events_select(filters, exclude=exclude, only=only, ranked=ranked), filters.near)
    changed = _reviewed_events(store, plan, filters) if filters.reviewed is not False else []
    yield from _take(_merged(main, changed, ranked), filters.limit)


def query_fused(store: Store, filters: EventFilter = EventFilter()) -> Iterator[FusedEvent]:
    """Fused events (one per real-world event) matching ``filters``, with their sources, in date then id order.

    A fused event disappears when an analyst rejected (or merged away) every article event it fuses;
    edits of its article events apply to it. Split copies are article events only.

    Raises:
        QueryError: as ``query_events``.
    """
    return _query_fused(store, checked(filters))


def _query_fused(store: Store, filters: EventFilter) -> Iterator[FusedEvent]:
    with store.read() as conn:
        plan = load_plan(conn)
        members = _cluster_members(conn, plan.reviewed | plan.changed)
    changed = frozenset(c for c, ids in members.items() if set(ids) & plan.changed)
    reviewed = frozenset(c for c, ids in members.items() if set(ids) & plan.reviewed)
    exclude = changed if filters.reviewed is not False else changed | reviewed
    only = reviewed - changed if filters.reviewed else None
    ranked = _ranked(store, filters)
    main = _decode(store, events_select(filters, fused=True, exclude=exclude, only=only, ranked=ranked),
                   filters.near)
    fixed = [] if filters.reviewed is False else _reviewed_clusters(store, plan, members, changed, filters)
    yield from _with_sources(store, _take(_merged(main, fixed, ranked), filters.limit))


def checked(filters: EventFilter) -> EventFilter:
    """``filters`` with the country as ISO3 and the types in ACLED's spelling (QueryError if unknown)."""
    return dataclasses.replace(filters, country=resolve_country(filters.country),
                               type=resolve_event_type(filters.type),
                               sub_type=resolve_sub_event_type(filters.sub_type))


def _ranked(store: Store, filters: EventFilter) -> bool:
    # SQLite stores carry the FTS5 article index (store.search); other backends match words with ILIKE.
    return bool(filters.text and words(filters.text)) and store.engine.dialect.name == "sqlite"


def _merged(main: Iterator[Event], reviewed: list[Event], ranked: bool) -> Iterator[Event]:
    # Ranked by relevance, the few reviewed events (matched in Python, unranked) come after the rest.
    return itertools.chain(main, reviewed) if ranked else heapq.merge(main, reviewed, key=_order)


def events_select(filters: EventFilter, *, fused: bool = False, exclude: Collection[str] = (),
                  only: Collection[str] | None = None, ranked: bool = False) -> sa.Select[Any]:
    """The SQL of ``filters`` (backend-neutral unless ``ranked``; ``near`` is only its bounding box here).

    With ``fused`` it selects merged records from ``clusters`` instead of article events. ``exclude``
    leaves out events by id (those a review changed: they are read apart); ``only`` keeps just these ids.
    ``text`` matches the words of the article text (and the needle in notes, location or evidence); with
    ``ranked`` (SQLite's FTS5 index) events of the best-matching articles come first.
    """
    table = schema.clusters if fused else schema.events
    key = table.c.cluster_id if fused else table.c.event_id
    query = sa.select(table.c.data).where(*_conditions(filters, table))
    if exclude:
        query = query.where(key.not_in(sorted(exclude)))
    if only is not None:
        query = query.where(key.in_(sorted(only)))
    order: list[Any] = [table.c.event_date, key]
    if filters.text and ranked and words(filters.text):
        ranks = _rank_of(filters.text, fused)
        query = query.outerjoin(ranks, ranks.c.key == key)
        query = query.where(sa.or_(ranks.c.rank.is_not(None), _text_condition(filters.text, table)))
        order.insert(0, sa.func.coalesce(ranks.c.rank, 0.0))  # bm25: lower is better, matches are < 0
    elif filters.text:
        query = query.where(sa.or_(_text_condition(filters.text, table), _article_words(filters.text, table)))
    query = query.order_by(*order)
    if filters.limit is not None and filters.near is None:
        query = query.limit(filters.limit)  # with `near` the limit applies after the distance check
    return query


def _order(event: Event) -> tuple[bool, str, str]:
    # The SQL order: by date (SQLite puts undated first), then id.
    return (event.event_date is not None, event.event_date or "", event.event_id)


def _reviewed_events(store: Store, plan: Plan, filters: EventFilter) -> list[Event]:
    """The events a review changed, corrected and filtered in Python (reviews are few)."""
    if not plan.changed:
        return []
    table = schema.events
    out: list[Event] = []
    with store.read() as conn:
        for row in conn.execute(sa.select(table.c.data).where(table.c.event_id.in_(sorted(plan.changed)))):
            out.extend(e for e in plan.apply(Event.from_dict(json.loads(row.data))) if matches(e, filters))
    return sorted(out, key=_order)


def _cluster_members(conn: sa.Connection, events: Collection[str]) -> dict[str, list[str]]:
    """Cluster id -> its member events, for the clusters holding any of ``events``."""
    s = schema.event_sources.c
    if not events:
        return {}
    clusters = sa.select(s.cluster_id).where(s.event_id.in_(sorted(events)))
    out: dict[str, list[str]] = {}
    for row in conn.execute(sa.select(s.cluster_id, s.event_id).where(s.cluster_id.in_(clusters))
                            .order_by(s.cluster_id, s.event_id)):
        out.setdefault(row.cluster_id, []).append(row.event_id)
    return out


def _reviewed_clusters(store: Store, plan: Plan, members: dict[str, list[str]], changed: frozenset[str],
                       filters: EventFilter) -> list[Event]:
    if not changed:
        return []
    table = schema.clusters
    out: list[Event] = []
    with store.read() as conn:
        for row in conn.execute(sa.select(table.c.data).where(table.c.cluster_id.in_(sorted(changed)))):
            fused = Event.from_dict(json.loads(row.data))
            kept = [m for m in members[fused.event_id] if m not in plan.hidden]
            if not kept:
                continue  # every article telling it was rejected or merged away
            for member in kept:
                fused = with_edits(fused, plan.edits.get(member, {}))
            if matches(fused, filters):
                out.append(fused)
    return sorted(out, key=_order)


def _decode(store: Store, query: sa.Select[Any], near: Near | None) -> Iterator[Event]:
    with store.read() as conn:
        for row in conn.execution_options(yield_per=_STREAM_ROWS).execute(query):
            event = Event.from_dict(json.loads(row.data))
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
    if f.country:  # an ISO3 code once ``checked``; a row may lack its code but carry the name
        name = country_name(f.country) or f.country
        conds.append(sa.or_(sa.func.upper(e.iso3) == f.country.upper(),
                            sa.func.lower(e.country) == name.lower()))
    if f.type:
        conds.append(sa.func.lower(e.event_type) == f.type.lower())
    if f.sub_type:
        conds.append(sa.func.lower(e.sub_event_type) == f.sub_type.lower())
    if f.actor:
        conds.append(_any_contains((e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2), f.actor))
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
    return sa.or_(_any_contains((e.notes, e.location), needle), in_evidence)


def _rank_of(needle: str, fused: bool) -> Any:
    """``(key, rank)``: each event's (or fused event's best member's) article rank for ``needle``."""
    articles = ranked_articles(needle)
    if not fused:
        e = schema.events.c
        return (sa.select(e.event_id.label("key"), articles.c.rank)
                .join(articles, articles.c.article_id == e.article_id).subquery("event_rank"))
    s = schema.event_sources.c
    return (sa.select(s.cluster_id.label("key"), sa.func.min(articles.c.rank).label("rank"))
            .join(articles, articles.c.article_id == s.article_id).group_by(s.cluster_id).subquery("event_rank"))


def _article_words(needle: str, table: sa.Table) -> sa.ColumnElement[bool]:
    """The article (of the event, or of any member of a fused event) holds every word of ``needle``.

    On PostgreSQL through its GIN full-text index (``store.pg_search``, stemmed), elsewhere word by word
    with ILIKE; chosen when the statement compiles, so this function stays backend-neutral.
    """
    a = schema.articles.c
    has_words = sa.and_(*(a.text.icontains(w, autoescape=True) for w in words(needle) or [needle]))
    indexed = matching_articles(needle)
    if table is schema.clusters:
        s = schema.event_sources.c
        return by_dialect(
            postgresql=sa.exists().where(s.cluster_id == table.c.cluster_id, s.article_id.in_(indexed)),
            default=sa.exists().where(s.cluster_id == table.c.cluster_id, a.id == s.article_id, has_words))
    return by_dialect(postgresql=table.c.article_id.in_(indexed),
                      default=sa.exists().where(a.id == table.c.article_id, has_words))


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




def matches(event: Event, f: EventFilter) -> bool:
    """``filters`` checked in Python on one record: the same meaning as their SQL (``_conditions``).

    Used for the few events a review changed, whose stored columns no longer tell their values.
    """
    checks = (
        not f.since or (event.event_date or "") >= f.since,
        not f.until or (event.event_date is not None and event.event_date <= f.until),
        not f.country or f.country.upper() == (event.iso3 or "").upper()
        or (country_name(f.country) or f.country).lower() == (event.country or "").lower(),
        not f.type or f.type.lower() == (event.event_type or "").lower(),
        not f.sub_type or f.sub_type.lower() == (event.sub_event_type or "").lower(),
        not f.actor or _contains((event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2), f.actor),
        not f.text or _contains((event.notes, event.location, *(ev.text for ev in event.evidence)), f.text),
        not f.bbox or _in_box(event, f.bbox),
        not f.near or _within(event, f.near),
    )
    return all(checks)


def _contains(values: Sequence[str | None], needle: str) -> bool:
    return any(needle.lower() in (v or "").lower() for v in values)


def _in_box(event: Event, box: BBox) -> bool:
    if event.latitude is None or event.longitude is None:
        return False
    return box.min_lat <= event.latitude <= box.max_lat and box.min_lon <= event.longitude <= box.max_lon
