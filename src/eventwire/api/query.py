"""The one query layer: takes a store and filters, gives Event records (and article/stat views).

Every output — ``eventwire events``, ``export``, the coming REST API and web page — reads through
``query_events``, so a filter means the same thing everywhere. Filters become portable SQLAlchemy Core
expressions; only the great-circle distance of ``near`` is checked in Python, after a bounding-box
prefilter in SQL. Results stream in ``(event_date, event_id)`` order.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from eventwire.model import Event
from eventwire.store import Store, schema

EARTH_RADIUS_KM = 6371.0088
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


def query_events(store: Store, filters: EventFilter = EventFilter()) -> Iterator[Event]:
    """Events matching ``filters``, streamed in date then id order."""
    yield from _take(_decode(store, events_select(filters), filters.near), filters.limit)


def events_select(filters: EventFilter) -> sa.Select[Any]:
    """The SQL of ``filters`` (backend-neutral; ``near`` is only its bounding box here)."""
    query = sa.select(schema.events.c.data).where(*_conditions(filters))
    query = query.order_by(schema.events.c.event_date, schema.events.c.event_id)
    if filters.limit is not None and filters.near is None:
        query = query.limit(filters.limit)  # with `near` the limit applies after the distance check
    return query


def _decode(store: Store, query: sa.Select[Any], near: Near | None) -> Iterator[Event]:
    with store.read() as conn:
        for row in conn.execution_options(yield_per=_STREAM_ROWS).execute(query):
            event = Event.from_json(json.loads(row.data))
            if near is None or _within(event, near):
                yield event


def _take(events: Iterator[Event], limit: int | None) -> Iterator[Event]:
    for count, event in enumerate(events):
        if limit is not None and count >= limit:
            return
        yield event


def _conditions(f: EventFilter) -> list[sa.ColumnElement[bool]]:
    e = schema.events.c
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
        conds.append(_text_condition(f.text))
    if f.bbox:
        conds.extend(_box(f.bbox.min_lat, f.bbox.max_lat, f.bbox.min_lon, f.bbox.max_lon))
    if f.near:
        conds.extend(_near_box(f.near))
    return conds


def _any_contains(columns: tuple[sa.ColumnElement[Any], ...], needle: str) -> sa.ColumnElement[bool]:
    return sa.or_(*(c.icontains(needle, autoescape=True) for c in columns))


def _text_condition(needle: str) -> sa.ColumnElement[bool]:
    e, ev = schema.events.c, schema.evidence.c
    in_evidence = sa.exists().where(ev.event_id == e.event_id, ev.text.icontains(needle, autoescape=True))
    return sa.or_(_any_contains((e.notes, e.location), needle), in_evidence)


def _box(min_lat: float, max_lat: float, min_lon: float, max_lon: float) -> list[sa.ColumnElement[bool]]:
    e = schema.events.c
    return [e.latitude.between(min_lat, max_lat), e.longitude.between(min_lon, max_lon)]


def _near_box(near: Near) -> list[sa.ColumnElement[bool]]:
    # A box that surely contains the circle; exact distances are checked in Python afterwards.
    dlat = near.km / _KM_PER_DEGREE
    cos_lat = math.cos(math.radians(min(abs(near.lat) + dlat, 89.9)))
    dlon = min(180.0, near.km / (_KM_PER_DEGREE * max(cos_lat, 1e-6)))
    if near.lon - dlon < -180 or near.lon + dlon > 180:  # the box crosses the antimeridian
        return [schema.events.c.latitude.between(near.lat - dlat, near.lat + dlat)]
    return _box(near.lat - dlat, near.lat + dlat, near.lon - dlon, near.lon + dlon)


def _within(event: Event, near: Near) -> bool:
    if event.latitude is None or event.longitude is None:
        return False
    return haversine_km(near.lat, near.lon, event.latitude, event.longitude) <= near.km


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
