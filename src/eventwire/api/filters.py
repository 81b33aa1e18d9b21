"""Filter values as people type them: takes strings (CLI options, URL query parameters), gives an EventFilter.

``eventwire events``/``export`` and the REST API parse their filters here, so a malformed value gets the
same message everywhere; ``QueryError.field`` names the filter (``near``), and each surface dresses it as
its own (``--near`` on the command line, the ``field`` of the HTTP error envelope).
"""

from __future__ import annotations

import datetime as dt

from eventwire.api.query import BBox, EventFilter, Near
from eventwire.errors import QueryError


def parse_date(value: str | None, field: str) -> str | None:
    """``YYYY-MM-DD`` checked and normalised; None stays None."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise QueryError(f"expected YYYY-MM-DD, got {value!r}", field=field) from exc


_ORDERS = {"near": "LAT,LON,KM", "bbox": "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT"}


def parse_floats(value: str | None, n: int, field: str) -> tuple[float, ...] | None:
    """``n`` comma-separated finite numbers, or None for a missing value."""
    if value is None or value == "":
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != n or any(p != p or p in (float("inf"), float("-inf")) for p in parts):
        order = f" ({_ORDERS[field]})" if field in _ORDERS else ""
        raise QueryError(f"expected {n} comma-separated numbers{order}, got {value!r}", field=field)
    return parts


def parse_near(value: str | None) -> Near | None:
    """``LAT,LON,KM``; ``Near`` checks the latitude in [-90, 90], the longitude in [-180, 180] and KM > 0."""
    parts = parse_floats(value, 3, "near")
    if parts is None:
        return None
    lat, lon, km = parts
    return Near(lat=lat, lon=lon, km=km)


def parse_bbox(value: str | None) -> BBox | None:
    """``MIN_LON,MIN_LAT,MAX_LON,MAX_LAT`` (GeoJSON order); ``BBox`` checks the ranges and the order."""
    parts = parse_floats(value, 4, "bbox")
    if parts is None:
        return None
    min_lon, min_lat, max_lon, max_lat = parts
    return BBox(min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat)


def check_syntax(*, since: str | None = None, until: str | None = None, near: str | None = None,
                 bbox: str | None = None) -> None:
    """``QueryError`` for a malformed value (not a date, not the right count of numbers), before any range
    check: the CLI reports these as usage errors, and values out of range or unknown as data errors."""
    parse_date(since, "since")
    parse_date(until, "until")
    parse_floats(near, 3, "near")
    parse_floats(bbox, 4, "bbox")


def build_filter(*, since: str | None = None, until: str | None = None, country: str | None = None,
                 type: str | None = None, sub_type: str | None = None, actor: str | None = None,
                 near: str | None = None, bbox: str | None = None, text: str | None = None,
                 limit: int | None = None, reviewed: bool | None = None) -> EventFilter:
    """The EventFilter of filter strings; empty strings mean "no constraint" (as an empty form field does).

    Country, type and sub-type are resolved (and unknown ones refused) when a query runs (``query.checked``).
    """
    return EventFilter(
        since=parse_date(since, "since"), until=parse_date(until, "until"), country=country or None,
        type=type or None, sub_type=sub_type or None, actor=actor or None, text=text or None,
        near=parse_near(near), bbox=parse_bbox(bbox), limit=limit, reviewed=reviewed,
    )
