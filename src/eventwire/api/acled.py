"""ACLED's export columns: takes an Event (and its article's facts), gives one ACLED-shaped CSV row.

Column names and order follow ACLED's public export, then eventwire's own columns. ``iso`` is ACLED's
numeric ISO 3166 code; ``region`` is ACLED's region of the country (``eventwire.countries``);
``event_id_cnty`` is ACLED-shaped (ISO3 + a number) and derived from ``event_id``, so it is stable for
the event; ``source_url`` is the URL of the article (of every article, for a fused event).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from eventwire.countries import country_region
from eventwire.model import Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "article_id", "source_url", "claimed_by", "attributed_by", "denied_by", "weapons", "fatalities_low",
    "fatalities_high", "injuries", "confidence", "plover_category", "plover_mode", "cameo_code",
    "extractor_version", "evidence",
)
CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS

_CIVILIANS = 7
#: Digits of the number in ``event_id_cnty``: 10^12 values keep two events of one store apart.
_ID_DIGITS = 12
#: The ISO3 part of ``event_id_cnty`` for an event with no country (ICAO's "unspecified").
_NO_COUNTRY = "XXX"


def acled_row(event: Event, *, source: str | None = None, timestamp: int | None = None,
              source_url: str | None = None) -> dict[str, Any]:
    """The CSV row of ``event``, keyed by ``CSV_COLUMNS``."""
    row: dict[str, Any] = {name: getattr(event, name, None) for name in CSV_COLUMNS}
    row.update(
        event_id_cnty=event_id_cnty(event.event_id, event.iso3), source_url=source_url,
        year=event.event_date[:4] if event.event_date else None,
        interaction=interaction(event.inter1, event.inter2),
        civilian_targeting="Civilian targeting" if event.inter2 == _CIVILIANS else None,
        iso=iso_numeric(event.iso3), region=region(event.iso3), admin3=None,
        source=source, source_scale=None, tags=None, timestamp=timestamp,
        weapons=";".join(event.weapons) or None,
        evidence=json.dumps([e.to_dict() for e in event.evidence], ensure_ascii=False),
    )
    return row


def event_id_cnty(event_id: str, iso3: str | None) -> str:
    """ACLED-shaped id: the ISO3 code and a 12-digit number hashed from ``event_id`` (``SDN004718263551``)."""
    number = int(hashlib.sha256(event_id.encode("utf-8")).hexdigest(), 16) % 10**_ID_DIGITS
    return f"{(iso3 or _NO_COUNTRY).upper()}{number:0{_ID_DIGITS}d}"


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both inter codes, lower first (``17``); a lone actor's code times 10."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)


@lru_cache(maxsize=512)
def iso_numeric(iso3: str | None) -> int | None:
    """The numeric ISO 3166 code ACLED's ``iso`` column holds (368 for IRQ)."""
    if not iso3:
        return None
    import pycountry  # lazily: only exports need it

    country = pycountry.countries.get(alpha_3=iso3.upper())
    return int(country.numeric) if country else None


def region(iso3: str | None) -> str | None:
    """ACLED's region of the country (``Middle East`` for IRQ), None if unknown."""
    return country_region(iso3)
