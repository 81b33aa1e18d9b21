"""The one query layer: takes a store and filters, gives Event records (and article/stat views).

Every output — ``eventwire events``, ``export``, the REST API and the web page — reads through this
module, so a filter means the same thing everywhere. Filters become portable SQLAlchemy Core
expressions; only the great-circle distance of ``near`` is checked in Python, after a bounding-box
prefilter in SQL. Results stream in ``(event_date NULLS FIRST, event_id)`` order.

``query_fused`` is the same over fused events (one per real-world event, from the ``clusters`` table):
each comes as a ``FusedEvent``, the merged record plus its ``sources`` (article, event, outlet, url).

An analyst's reviews (``eventwire.api.overrides``) apply to every read: the few events they change are
read apart, corrected, checked against the filters in Python and merged back into the ordered stream.

Pages: ``EventFilter.after`` is a keyset ``Cursor`` (the last row's date and id), so page *n* costs what
page 1 does. ``query_raw`` gives the stored contract JSON undecoded (the REST API sends it as is) and
``query_points`` only what a map draws, ``group_counts`` counts per column; all go through the same
conditions and the same reviews. Limits: a text search ranks by relevance (SQLite's FTS5 index) only
in ``query_events``/``query_fused`` without a cursor; ``query_raw``, ``query_points`` and any read with
a cursor match the same events in date order (a keyset needs one fixed order). An event a review
changed goes out of ``query_raw`` re-encoded from its corrected record (``json.dumps`` of ``to_dict``),
and is matched by ``text`` on its notes, location and evidence only (not its article's words).
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import json
import math
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles

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
from eventwire.store.pg_search import matching_articles as pg_matching_articles
from eventwire.store.search import matching_articles, ranked_articles, words
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
        check_lat_lon("near", self.lat, self.lon, "LAT,LON,KM (latitude first)")
        if not self.km > 0:
            raise QueryError(f"the radius must be more than 0 km, got {self.km:g}; it takes LAT,LON,KM "
                             "(latitude first)", field="near")


@dataclass(frozen=True, kw_only=True, slots=True)
class BBox:
    """A lon/lat rectangle, GeoJSON order: ``min_lon, min_lat, max_lon, max_lat``."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def __post_init__(self) -> None:
        order = "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (longitude first, GeoJSON order)"
        check_lat_lon("bbox", self.min_lat, self.min_lon, order)
        check_lat_lon("bbox", self.max_lat, self.max_lon, order)
        if self.min_lat > self.max_lat or self.min_lon > self.max_lon:
            raise QueryError(f"the minimum is above the maximum ({self.min_lon:g},{self.min_lat:g},"
                             f"{self.max_lon:g},{self.max_lat:g}); it takes {order}", field="bbox")


@dataclass(frozen=True, kw_only=True, slots=True)
class Cursor:
    """Where a page ended: the last event's ``event_date`` (None sorts first) and id."""

    event_date: str | None
    event_id: str


@dataclass(frozen=True, kw_only=True, slots=True)
class EventFilter:
    """What to select. Every field is optional; ``None`` means no constraint.

    ``since``/``until`` are inclusive ``YYYY-MM-DD`` dates; ``country`` a name, an ISO3 or ISO2 code;
    ``type`` an event_type and ``sub_type`` a sub_event_type (any case); unknown values raise
    ``QueryError`` with close matches. ``actor`` is a case-insensitive substring of actor1, actor2 and
    their associates; ``text`` words of the article text, notes, location or evidence. ``reviewed`` keeps
    only events an analyst reviewed (True) or only those nobody has (False). ``after`` starts after a
    page's last row (date then id order).
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
    after: Cursor | None = None


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


@dataclass(frozen=True, kw_only=True, slots=True)
class Reviewed:
    """What the reviews do to one query: the ids its SQL leaves out (read apart), the ids it keeps only
    (``reviewed=True``; None: no such limit), and the corrected events to merge back, in order."""

    exclude: frozenset[str] = frozenset()
    only: frozenset[str] | None = None
    fixed: tuple[Event, ...] = ()


def query_events(store: Store, filters: EventFilter = EventFilter()) -> Iterator[Event]:
    """Events matching ``filters`` after review, streamed in date then id order (with ``text`` on SQLite
    and no cursor: best-matching articles first).

    Raises:
        QueryError: at once (before any row is read) for a country, type or sub-type no event can have.
    """
    return _query_events(store, checked(filters))


def _query_events(store: Store, filters: EventFilter) -> Iterator[Event]:
    view = reviewed_view(store, filters)
    ranked = _ranked(store, filters)
    main = _decode(store, events_select(filters, exclude=view.exclude, only=view.only, ranked=ranked,
                                        fts=_fts(store, filters)), filters.near)
    yield from _take(_merged(main, view.fixed, ranked), filters.limit)


def query_fused(store: Store, filters: EventFilter = EventFilter()) -> Iterator[FusedEvent]:
    """Fused events (one per real-world event) matching ``filters``, with their sources, in date then id order.

    A fused event disappears when an analyst rejected (or merged away) every article event it fuses;
    edits of its article events apply to it. Split copies are article events only.

    Raises:
        QueryError: as ``query_events``.
    """
    return _query_fused(store, checked(filters))


def _query_fused(store: Store, filters: EventFilter) -> Iterator[FusedEvent]:
    view = reviewed_view(store, filters, fused=True)
    ranked = _ranked(store, filters)
    main = _decode(store, events_select(filters, fused=True, exclude=view.exclude, only=view.only, ranked=ranked,
                                        fts=_fts(store, filters)), filters.near)
    yield from _with_sources(store, _take(_merged(main, view.fixed, ranked), filters.limit))


def checked(filters: EventFilter) -> EventFilter:
    """``filters`` with the country as ISO3 and the types in ACLED's spelling (QueryError if unknown)."""
    return dataclasses.replace(filters, country=resolve_country(filters.country),
                               type=resolve_event_type(filters.type),
                               sub_type=resolve_sub_event_type(filters.sub_type))


def _fts(store: Store, filters: EventFilter) -> bool:
    # SQLite stores carry the FTS5 article index (store.search); other backends match words with ILIKE.
    return bool(filters.text and words(filters.text)) and store.engine.dialect.name == "sqlite"


def _ranked(store: Store, filters: EventFilter) -> bool:
    # A cursor pages in date order, so a read with one is never ranked.
    return _fts(store, filters) and filters.after is None


def _merged(main: Iterator[Event], reviewed: Iterable[Event], ranked: bool) -> Iterator[Event]:
    # Ranked by relevance, the few reviewed events (matched in Python, unranked) come after the rest.
    return itertools.chain(main, reviewed) if ranked else heapq.merge(main, reviewed, key=_order)


def events_select(filters: EventFilter, *, fused: bool = False, exclude: Collection[str] = (),
                  only: Collection[str] | None = None, ranked: bool = False, fts: bool = False) -> sa.Select[Any]:
    """The SQL of ``filters`` (backend-neutral unless ``fts``; ``near`` is only its bounding box here).

    With ``fused`` it selects merged records from ``clusters`` instead of article events. ``exclude``
    leaves out events by id (those a review changed: they are read apart); ``only`` keeps just these ids.
    ``text`` matches the words of the article text (and the needle in notes, location or evidence):
    through SQLite's FTS5 index with ``fts``, where ``ranked`` puts events of the best-matching articles
    first; with ILIKE otherwise. Rows carry ``event_id``, ``event_date``, the coordinates and ``data``.
    """
    table = schema.clusters if fused else schema.events
    key = table.c.cluster_id if fused else table.c.event_id
    query = sa.select(key.label("event_id"), table.c.event_date, table.c.latitude, table.c.longitude,
                      table.c.data).where(*_conditions(filters, table), *_kept(key, exclude, only))
    order: list[Any] = [table.c.event_date.asc().nulls_first(), key]  # spelled out: PostgreSQL puts NULL last
    if filters.text and ranked and fts:
        ranks = _rank_of(filters.text, fused)
        query = query.outerjoin(ranks, ranks.c.key == key)
        query = query.where(sa.or_(ranks.c.rank.is_not(None), _text_condition(filters.text, table)))
        order.insert(0, sa.func.coalesce(ranks.c.rank, 0.0))  # bm25: lower is better, matches are < 0
    elif filters.text:
        query = query.where(_text_match(filters.text, table, fts))
    query = query.order_by(*order)
    if filters.limit is not None and filters.near is None:
        query = query.limit(filters.limit)  # with `near` the limit applies after the distance check
    return query


def _kept(key: sa.ColumnElement[Any], exclude: Collection[str], only: Collection[str] | None
          ) -> list[sa.ColumnElement[bool]]:
    conds: list[sa.ColumnElement[bool]] = [key.not_in(sorted(exclude))] if exclude else []
    if only is not None:
        conds.append(key.in_(sorted(only)))
    return conds


def _order(event: Event) -> tuple[bool, str, str]:
    # The SQL order: by date (undated first), then id.
    return (event.event_date is not None, event.event_date or "", event.event_id)


def _after_cursor(event: Event, cursor: Cursor | None) -> bool:
    return cursor is None or _order(event) > (cursor.event_date is not None, cursor.event_date or "",
                                              cursor.event_id)


def reviewed_view(store: Store, filters: EventFilter, *, fused: bool = False) -> Reviewed:
    """What the stored reviews do to a query of ``filters`` (already ``checked``): see ``Reviewed``."""
    with store.read() as conn:
        plan = load_plan(conn)
        members = _cluster_members(conn, plan.reviewed | plan.changed) if fused else {}
    if fused:
        changed = frozenset(c for c, ids in members.items() if set(ids) & plan.changed)
        reviewed = frozenset(c for c, ids in members.items() if set(ids) & plan.reviewed)
    else:
        changed, reviewed = plan.changed, plan.reviewed
    exclude = changed if filters.reviewed is not False else changed | reviewed
    only = reviewed - changed if filters.reviewed else None
    if filters.reviewed is False:
        return Reviewed(exclude=exclude, only=only)
    fixed = (_reviewed_clusters(store, plan, members, changed, filters) if fused
             else _reviewed_events(store, plan, filters))
    return Reviewed(exclude=exclude, only=only, fixed=tuple(e for e in fixed if _after_cursor(e, filters.after)))


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
            fused = corrected_cluster(Event.from_dict(json.loads(row.data)), members, plan)
            if fused is not None and matches(fused, filters):
                out.append(fused)
    return sorted(out, key=_order)


def corrected_cluster(fused: Event, members: dict[str, list[str]], plan: Plan) -> Event | None:
    """A fused event with its members' edits; None when every article telling it was rejected or merged away."""
    kept = [m for m in members.get(fused.event_id, ()) if m not in plan.hidden]
    if not kept and fused.event_id in members:
        return None
    for member in kept:
        fused = with_edits(fused, plan.edits.get(member, {}))
    return fused


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
    """The stored JSON of the events matching ``filters`` (merged records with ``fused``), undecoded, in date
    then id order; an event a review changed comes re-encoded from its corrected record.

    Raises:
        QueryError: as ``query_events``.
    """
    filters = checked(filters)
    view = reviewed_view(store, filters, fused=fused)
    query = events_select(filters, fused=fused, exclude=view.exclude, only=view.only, fts=_fts(store, filters))
    rows = (RawEvent(event_id=r.event_id, event_date=r.event_date, data=r.data)
            for r in _rows(store, query, filters.near))
    fixed = (RawEvent(event_id=e.event_id, event_date=e.event_date, data=json.dumps(e.to_dict(), ensure_ascii=False))
             for e in view.fixed)
    return _take(heapq.merge(rows, fixed, key=_raw_order), filters.limit)


def _raw_order(row: RawEvent | Point) -> tuple[bool, str, str]:
    # ``_order`` of a row that is not decoded.
    return (row.event_date is not None, row.event_date or "", row.event_id)


def _rows(store: Store, query: sa.Select[Any], near: Near | None) -> Iterator[sa.Row[Any]]:
    with store.read() as conn:
        for row in conn.execution_options(yield_per=_STREAM_ROWS).execute(query):
            if near is None or _within_point(row.latitude, row.longitude, near):
                yield row


def _decode(store: Store, query: sa.Select[Any], near: Near | None) -> Iterator[Event]:
    for row in _rows(store, query, near):
        yield Event.from_dict(json.loads(row.data))


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
    # Everything but ``text`` (whose SQL depends on ranking and the backend: see ``events_select``).
    e = table.c
    key = e.cluster_id if table is schema.clusters else e.event_id
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
    if f.after is not None:
        conds.append(_after(e.event_date, key, f.after))
    return conds


def _any_contains(columns: tuple[sa.ColumnElement[Any], ...], needle: str) -> sa.ColumnElement[bool]:
    return sa.or_(*(c.icontains(needle, autoescape=True) for c in columns))


def _text_match(needle: str, table: sa.Table, fts: bool) -> sa.ColumnElement[bool]:
    """``text`` unranked: the needle in notes, location or evidence, or every word in the article text
    (through the FTS5 index with ``fts``: the same events the ranked query finds)."""
    article = _article_match(needle, table) if fts else _article_words(needle, table)
    return sa.or_(_text_condition(needle, table), article)


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


def _article_match(needle: str, table: sa.Table) -> sa.ColumnElement[bool]:
    """The article (of the event, or of any member of a fused event) matches ``needle`` in the FTS5 index."""
    found = matching_articles(needle)
    if table is schema.clusters:
        s = schema.event_sources.c
        return table.c.cluster_id.in_(sa.select(s.cluster_id).where(s.article_id.in_(found)))
    return table.c.article_id.in_(found)


def _article_words(needle: str, table: sa.Table) -> sa.ColumnElement[bool]:
    """The article (of the event, or of any member of a fused event) holds every word of ``needle``.

    On PostgreSQL through its GIN full-text index (``store.pg_search``, stemmed), elsewhere word by word
    with ILIKE; chosen when the statement compiles, so this function stays backend-neutral.
    """
    a = schema.articles.c
    has_words = sa.and_(*(a.text.icontains(w, autoescape=True) for w in words(needle) or [needle]))
    indexed = pg_matching_articles(needle)
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


def _within_point(lat: float | None, lon: float | None, near: Near) -> bool:
    if lat is None or lon is None:
        return False
    return haversine_km(near.lat, near.lon, lat, lon) <= near.km


def _within(event: Event, near: Near) -> bool:
    return _within_point(event.latitude, event.longitude, near)


def matches(event: Event, f: EventFilter) -> bool:
    """``filters`` checked in Python on one record: the same meaning as their SQL (``_conditions``).

    Used for the few events a review changed, whose stored columns no longer tell their values (``text``
    is looked for in notes, location and evidence: the article's words are not read here).
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

    @classmethod
    def of(cls, event: Event) -> Point:
        return cls(**{name: getattr(event, name) for name in cls.__dataclass_fields__})


_POINT_COLUMNS = ("event_date", "latitude", "longitude", "event_type", "sub_event_type", "fatalities",
                  "country", "location")  # the order ``_points`` reads them in


def query_points(store: Store, filters: EventFilter = EventFilter(), *, fused: bool = False) -> Iterator[Point]:
    """The ``Point`` of every event matching ``filters`` after review, in date then id order.

    Raises:
        QueryError: as ``query_events``.
    """
    filters = checked(filters)
    view = reviewed_view(store, filters, fused=fused)
    query = points_select(filters, fused=fused, exclude=view.exclude, only=view.only, fts=_fts(store, filters))
    fixed = (Point.of(e) for e in view.fixed)
    return _take(heapq.merge(_points(store, query, filters.near), fixed, key=_raw_order), filters.limit)


def points_select(filters: EventFilter, *, fused: bool = False, exclude: Collection[str] = (),
                  only: Collection[str] | None = None, fts: bool = False) -> sa.Select[Any]:
    """The SQL of ``query_points`` (``near`` only as its bounding box, as in ``events_select``)."""
    table = schema.clusters if fused else schema.events
    key = table.c.cluster_id if fused else table.c.event_id
    query = (sa.select(key.label("event_id"), *(table.c[name] for name in _POINT_COLUMNS),
                       _PrecisionDigit(table.c.data))
             .where(*_conditions(filters, table), *_kept(key, exclude, only))
             .order_by(table.c.event_date.asc().nulls_first(), key))
    if filters.text:
        query = query.where(_text_match(filters.text, table, fts))
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
    """How many events matching ``filters`` (after review) share each combination of ``columns``
    (``located``: has coordinates). One GROUP BY in the database, so the table is read once however many
    columns, plus the few events a review changed counted in Python; with ``near`` (whose exact distance
    is checked in Python), a cursor or a limit, counted over ``query_points`` instead.

    Raises:
        QueryError: as ``query_events``.
    """
    filters = checked(filters)
    counts: dict[tuple[Any, ...], int] = {}
    if filters.near is not None or filters.after is not None or filters.limit is not None:
        for point in query_points(store, filters, fused=fused):
            key = tuple(point.latitude is not None if c == "located" else getattr(point, c) for c in columns)
            counts[key] = counts.get(key, 0) + 1
        return counts
    table = schema.clusters if fused else schema.events
    view = reviewed_view(store, filters, fused=fused)
    keys = [table.c.latitude.is_not(None) if c == "located" else table.c[c] for c in columns]
    query = sa.select(*keys, sa.func.count()).where(*_conditions(filters, table), *_kept(
        table.c.cluster_id if fused else table.c.event_id, view.exclude, view.only)).group_by(*keys)
    if filters.text:
        query = query.where(_text_match(filters.text, table, _fts(store, filters)))
    with store.read() as conn:
        for row in conn.execute(query):
            key = tuple(bool(v) if c == "located" else v for c, v in zip(columns, row[:-1], strict=True))
            counts[key] = counts.get(key, 0) + row[-1]
    for event in view.fixed:
        key = tuple(event.latitude is not None if c == "located" else getattr(event, c) for c in columns)
        counts[key] = counts.get(key, 0) + 1
    return counts
