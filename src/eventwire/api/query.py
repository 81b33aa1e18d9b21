"""The one query layer: takes a store and filters, gives Event records (and article/stat views).

Every output — ``eventwire events``, ``export``, the coming REST API and web page — reads through
``query_events``, so a filter means the same thing everywhere. Filters become portable SQLAlchemy Core
expressions; only the great-circle distance of ``near`` is checked in Python, after a bounding-box
prefilter in SQL. Results stream in ``(event_date, event_id)`` order.

``query_fused`` is the same over fused events (one per real-world event, from the ``clusters`` table):
each comes as a ``FusedEvent``, the merged record plus its ``sources`` (article, event, outlet, url).

Pages: ``EventFilter.after`` is a keyset ``Cursor`` (the last row's date and id), so page *n* costs what
page 1 does. ``query_raw`` gives the stored contract JSON undecoded (the REST API sends it as is) and
``query_points`` only what a map draws, both through the same conditions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles

from eventwire.geo.distance import haversine_km
from eventwire.model import Event
from eventwire.store import Store, schema

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
class Cursor:
    """Where a page ended: the last event's ``event_date`` (None sorts first) and id."""

    event_date: str | None
    event_id: str


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
    after: Cursor | None = None


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
    query = sa.select(key.label("event_id"), table.c.event_date, table.c.latitude, table.c.longitude,
                      table.c.data).where(*_conditions(filters, table))
    if filters.after is not None:
        query = query.where(_after(table.c.event_date, key, filters.after))
    # NULLS FIRST spelled out: SQLite sorts NULL first anyway, PostgreSQL would put it last.
    query = query.order_by(table.c.event_date.asc().nulls_first(), key)
    if filters.limit is not None and filters.near is None:
        query = query.limit(filters.limit)  # with `near` the limit applies after the distance check
    return query


@dataclass(frozen=True, kw_only=True, slots=True)
class RawEvent:
    """One stored event undecoded: its id and date (a page's cursor) and its contract JSON text."""

    event_id: str
    event_date: str | None
    data: str

    @property
    def cursor(self) -> Cursor:
        return Cursor(event_date=self.event_date, event_id=self.event_id)


def query_raw(store: Store, filters: EventFilter = EventFilter(), *, fused: bool = False) -> Iterator[RawEvent]:
    """The stored JSON of the events matching ``filters`` (merged records with ``fused``), undecoded."""
    rows = _rows(store, events_select(filters, fused=fused), filters.near)
    yield from _take((RawEvent(event_id=r.event_id, event_date=r.event_date, data=r.data) for r in rows),
                     filters.limit)


def _rows(store: Store, query: sa.Select[Any], near: Near | None) -> Iterator[sa.Row[Any]]:
    with store.read() as conn:
        for row in conn.execution_options(yield_per=_STREAM_ROWS).execute(query):
            if near is None or _within_point(row.latitude, row.longitude, near):
                yield row


def _decode(store: Store, query: sa.Select[Any], near: Near | None) -> Iterator[Event]:
    for row in _rows(store, query, near):
        yield Event.from_json(json.loads(row.data))


def _after(date: sa.ColumnElement[Any], key: sa.ColumnElement[Any], cursor: Cursor) -> sa.ColumnElement[bool]:
    # Rows strictly after the cursor in (event_date NULLS FIRST, id) order.
    if cursor.event_date is None:
        return sa.or_(sa.and_(date.is_(None), key > cursor.event_id), date.is_not(None))
    return sa.or_(date > cursor.event_date, sa.and_(date == cursor.event_date, key > cursor.event_id))


def _with_sources(store: Store, events: Iterator[Event]) -> Iterator[FusedEvent]:
    # Sources are looked up per chunk of events, so a long result streams in bounded memory.
    chunk: list[Event] = []
    for event in events:
        chunk.append(event)
        if len(chunk) >= _STREAM_ROWS:
            yield from _attach(store, chunk)
            chunk = []
    yield from _attach(store, chunk)


def sources_of(store: Store, cluster_ids: Sequence[str]) -> dict[str, list[Source]]:
    """The articles telling each of ``cluster_ids`` (fused event ids), by article then event id."""
    s, a = schema.event_sources.c, schema.articles.c
    found: dict[str, list[Source]] = {}
    with store.read() as conn:
        for i in range(0, len(cluster_ids), _STREAM_ROWS):
            query = (sa.select(s.cluster_id, s.article_id, s.event_id, a.source, a.url)
                     .join(schema.articles, a.id == s.article_id)
                     .where(s.cluster_id.in_(cluster_ids[i : i + _STREAM_ROWS]))
                     .order_by(s.article_id, s.event_id))
            for row in conn.execute(query):
                found.setdefault(row.cluster_id, []).append(
                    Source(article_id=row.article_id, event_id=row.event_id, source=row.source, url=row.url))
    return found


def _attach(store: Store, events: Sequence[Event]) -> Iterator[FusedEvent]:
    if not events:
        return
    found = sources_of(store, [e.event_id for e in events])
    for event in events:
        fields = {name: getattr(event, name) for name in Event.__dataclass_fields__}
        yield FusedEvent(**fields, sources=tuple(found.get(event.event_id, ())))


T = TypeVar("T")


def _take(events: Iterator[T], limit: int | None) -> Iterator[T]:
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
    # ``IN (one select over evidence)``, not a correlated EXISTS per event: the database reads the
    # evidence once (0.2 s for 600k spans) instead of once per event row (3 s when nothing matches).
    e, ev = table.c, schema.evidence.c
    hit = ev.text.icontains(needle, autoescape=True)
    if table is schema.clusters:  # any member's evidence
        s = schema.event_sources.c
        in_evidence = e.cluster_id.in_(sa.select(s.cluster_id).join(schema.evidence, ev.event_id == s.event_id)
                                       .where(hit))
    else:
        in_evidence = e.event_id.in_(sa.select(ev.event_id).where(hit))
    return sa.or_(_any_contains((e.notes, e.location), needle), in_evidence)


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


def _within_point(lat: float | None, lon: float | None, near: Near) -> bool:
    if lat is None or lon is None:
        return False
    return haversine_km(near.lat, near.lon, lat, lon) <= near.km




@dataclass(frozen=True, kw_only=True, slots=True)
class Point:
    """What a map and a timeline draw of one event (coordinates may be None: the timeline counts it)."""

    event_id: str
    event_date: str | None
    latitude: float | None
    longitude: float | None
    event_type: str | None
    sub_event_type: str | None
    fatalities: int | None
    country: str | None
    location: str | None
    geo_precision: int | None


_POINT_COLUMNS = ("event_date", "latitude", "longitude", "event_type", "sub_event_type", "fatalities",
                  "country", "location")  # the order ``_points`` reads them in


def query_points(store: Store, filters: EventFilter = EventFilter(), *, fused: bool = False) -> Iterator[Point]:
    """The ``Point`` of every event matching ``filters``, in the order of ``query_events``."""
    yield from _take(_points(store, points_select(filters, fused=fused), filters.near), filters.limit)


def points_select(filters: EventFilter, *, fused: bool = False) -> sa.Select[Any]:
    """The SQL of ``query_points`` (``near`` only as its bounding box, as in ``events_select``)."""
    table = schema.clusters if fused else schema.events
    key = table.c.cluster_id if fused else table.c.event_id
    query = (sa.select(key.label("event_id"), *(table.c[name] for name in _POINT_COLUMNS),
                       _PrecisionDigit(table.c.data))
             .where(*_conditions(filters, table)).order_by(table.c.event_date.asc().nulls_first(), key))
    if filters.after is not None:
        query = query.where(_after(table.c.event_date, key, filters.after))
    return query


def _points(store: Store, query: sa.Select[Any], near: Near | None) -> Iterator[Point]:
    # Positional access: a map may want 100k points, and named access on a Row costs a second of that.
    with store.read() as conn:
        for r in conn.execution_options(yield_per=_STREAM_ROWS).execute(query):
            if near is None or _within_point(r[2], r[3], near):
                yield Point(event_id=r[0], event_date=r[1], latitude=r[2], longitude=r[3], event_type=r[4],
                            sub_event_type=r[5], fatalities=r[6], country=r[7], location=r[8],
                            geo_precision=_geo_precision(r[9]))


_PRECISION_KEY = '"geo_precision": '


class _PrecisionDigit(sa.sql.expression.FunctionElement[str]):
    """The digit after ``"geo_precision": `` in a stored record's JSON, cut out by the database.

    geo_precision has no column of its own; cutting one character out in SQL keeps the ~2 kB record from
    crossing into Python for every point of a 100k-point map. The JSON is written by ``json.dumps`` with
    its default separators, so the key is spelled exactly so; ``_geo_precision`` checks what comes back.
    """

    type = sa.String()
    inherit_cache = True
    name = "precision_digit"


@compiles(_PrecisionDigit)
def _precision_sqlite(element: _PrecisionDigit, compiler: Any, **kw: Any) -> str:
    data = compiler.process(list(element.clauses)[0], **kw)
    return f"substr({data}, instr({data}, '{_PRECISION_KEY}') + {len(_PRECISION_KEY)}, 1)"


@compiles(_PrecisionDigit, "postgresql")
def _precision_postgresql(element: _PrecisionDigit, compiler: Any, **kw: Any) -> str:
    data = compiler.process(list(element.clauses)[0], **kw)
    return f"substr({data}, strpos({data}, '{_PRECISION_KEY}') + {len(_PRECISION_KEY)}, 1)"


def _geo_precision(digit: str | None) -> int | None:
    # "n" of null, or nothing found: no precision.
    return int(digit) if digit and digit.isdigit() else None


def group_counts(store: Store, filters: EventFilter, columns: Sequence[str], *,
                 fused: bool = False) -> dict[tuple[Any, ...], int]:
    """How many events matching ``filters`` share each combination of ``columns`` (``located``: has
    coordinates). One GROUP BY in the database, so the table is read once however many columns; with
    ``near`` (whose exact distance is checked in Python) counted over ``query_points`` instead.
    """
    table = schema.clusters if fused else schema.events
    if filters.near is not None or filters.after is not None or filters.limit is not None:
        counts: dict[tuple[Any, ...], int] = {}
        for point in query_points(store, filters, fused=fused):
            key = tuple(point.latitude is not None if c == "located" else getattr(point, c) for c in columns)
            counts[key] = counts.get(key, 0) + 1
        return counts
    keys = [table.c.latitude.is_not(None) if c == "located" else table.c[c] for c in columns]
    query = sa.select(*keys, sa.func.count()).where(*_conditions(filters, table)).group_by(*keys)
    with store.read() as conn:
        return {tuple(bool(v) if c == "located" else v for c, v in zip(columns, row[:-1], strict=True)): row[-1]
                for row in conn.execute(query)}
