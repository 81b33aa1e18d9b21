"""When two event records can be the same real-world event: takes two Events, gives yes or no.

The test is conservative (a missed merge leaves two rows; a wrong merge loses an event):

* **type**: the same sub_event_type, or two sub-types of one close group (outlets call one strike
  "missile" or "air strike"; one protest "peaceful" or "dispersed"); with a sub-type missing, the
  same event_type.
* **date**: when both are known, every date lies within one day of the others (a span reported by
  the event itself, ``date_start``–``date_end``, may be wider and contains the other; a span over
  ``MAX_SPAN_DAYS`` is too vague to fuse).
* **place**: both have coordinates within ``MAX_KM``, or the same normalised location name; an
  event without any place never matches (nothing to check it against).
* **sources**: two events of one article are never merged (its extraction already told them apart).
* **actors**: actor1 equal or one unknown, and likewise actor2; two different known actors never
  match. Different known countries (iso3) never match.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from eventwire.geo.distance import haversine_km as km_between
from eventwire.model import Event

#: Two located events further apart than this are two events.
MAX_KM = 25.0
#: Two point-dated events more than this many days apart are two events.
MAX_DAYS = 1
#: A dated event known only to within a longer span than this is too vague to fuse with a dated one.
MAX_SPAN_DAYS = 31

#: Sub-types that outlets use for one event; each group is a class (no chaining across groups).
CLOSE_SUB_TYPES: tuple[frozenset[str], ...] = (
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    frozenset({"Violent demonstration", "Mob violence"}),
    frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
)


@dataclass(frozen=True, kw_only=True, slots=True)
class DateSpan:
    """The days an event may have happened on (``lo == hi`` for a known day)."""

    lo: dt.date
    hi: dt.date

    @property
    def days(self) -> int:
        return (self.hi - self.lo).days


def type_key(event: Event) -> str | None:
    """The key two matching events share: a sub-type group's first member, else the event_type."""
    sub = event.sub_event_type
    for group in CLOSE_SUB_TYPES:
        if sub in group:
            return min(group)
    return sub or event.event_type


def same_type(a: Event, b: Event) -> bool:
    """Same sub-type or close sub-types; same event_type when a sub-type is missing."""
    if a.sub_event_type and b.sub_event_type:
        return type_key(a) == type_key(b)
    return a.event_type is not None and a.event_type == b.event_type


def date_span(event: Event) -> DateSpan | None:
    """The event's days from ``event_date``, ``date_start`` and ``date_end``; None if no date is known."""
    days = [d for d in (_day(event.event_date), _day(event.date_start), _day(event.date_end)) if d]
    return DateSpan(lo=min(days), hi=max(days)) if days else None


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def same_time(a: Event, b: Event) -> bool:
    """Dates within a day of each other (or one span containing the other); unknown dates match."""
    sa_, sb = date_span(a), date_span(b)
    if sa_ is None or sb is None:
        return True
    if max(sa_.days, sb.days) > MAX_SPAN_DAYS:
        return False
    union = (max(sa_.hi, sb.hi) - min(sa_.lo, sb.lo)).days
    return union <= max(MAX_DAYS, sa_.days, sb.days)


def location_key(name: str | None) -> str | None:
    """A place name folded for comparison: ``"Kharkiv "`` and ``"kharkív"`` give ``"kharkiv"``."""
    if not name:
        return None
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip() or None


def same_place(a: Event, b: Event) -> bool:
    """Coordinates within MAX_KM, else the same location name; no place at all never matches.

    A place known only as a province or country (geo_precision 3) matches only the same named
    province: two strikes "in Israel" on one day are not thereby one strike.
    """
    if a.iso3 and b.iso3 and a.iso3 != b.iso3:
        return False
    if _coarse(a) or _coarse(b):
        key = location_key(a.location)
        return _coarse(a) and _coarse(b) and key is not None and key == location_key(b.location) \
            and key != location_key(a.country)
    if _located(a) and _located(b):
        return km_between(a.latitude, a.longitude, b.latitude, b.longitude) <= MAX_KM  # type: ignore[arg-type]
    ka, kb = location_key(a.location), location_key(b.location)
    return ka is not None and ka == kb


def _coarse(event: Event) -> bool:
    return event.geo_precision == 3 or (
        event.location is not None and location_key(event.location) == location_key(event.country))


def _located(event: Event) -> bool:
    return event.latitude is not None and event.longitude is not None


def same_actors(a: Event, b: Event) -> bool:
    """actor1 and actor2 each equal or unknown on one side."""
    return all(x is None or y is None or x == y for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)))


def same_event(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` can be one real-world event (symmetric)."""
    return same_type(a, b) and same_time(a, b) and same_actors(a, b) and same_place(a, b)
