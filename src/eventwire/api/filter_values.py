"""Filter values checked before a query runs: takes what a user typed, gives the canonical value or a
``QueryError`` that lists close matches.

A filter that can match nothing because of a typo ("Sudna", "Battle", "SD") would otherwise return zero
events and look like an empty result. Countries resolve from ISO3 or ISO2 codes and English names
(ACLED's short names and pycountry's) to ISO3; event types and sub-types to ACLED's exact strings.
Coordinates are checked by ``check_lat_lon``. Errors carry the filter's name in ``QueryError.field``
(``country``, ``sub_type``, ``near``); each surface dresses it as its own (``--sub-type`` on the command
line, ``sub_type`` in the API's error envelope).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from eventwire.errors import QueryError
from eventwire.taxonomy import SUB_EVENT_TYPES

_SUGGESTIONS = 5
_CUTOFF = 70


def close_matches(value: str, choices: Iterable[str]) -> list[str]:
    """Up to five of ``choices`` closest to ``value`` (rapidfuzz WRatio, case-insensitive), best first."""
    from rapidfuzz import fuzz, process, utils

    found = process.extract(value, list(dict.fromkeys(choices)), scorer=fuzz.WRatio,
                            processor=utils.default_process, limit=_SUGGESTIONS, score_cutoff=_CUTOFF)
    return [choice for choice, _, _ in found]


def _unknown(field: str, value: str, choices: Iterable[str], listing: str) -> QueryError:
    near = close_matches(value, choices)
    hint = f"did you mean {', '.join(repr(c) for c in near)}?" if near else f"known values: {listing}"
    return QueryError(f"no {field.replace('_', ' ')} {value!r}; {hint}", field=field)


@lru_cache(maxsize=1)
def _countries() -> Mapping[str, str]:
    """Every code and name a user may type (upper-cased) → ISO3."""
    import pycountry

    from eventwire.countries import acled_country_names

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                out[name.upper()] = c.alpha_3
        out[c.alpha_2] = c.alpha_3
    out.update({name.upper(): iso3 for iso3, name in acled_country_names().items()})
    out.update({iso3: iso3 for iso3 in acled_country_names()})
    out["XK"] = "XKX"
    return out


def resolve_country(value: str | None) -> str | None:
    """The ISO3 code of a country given as ISO3, ISO2 or an English name; None stays None."""
    if value is None:
        return None
    found = _countries().get(value.strip().upper())
    if found is None:
        from eventwire.countries import acled_country_names

        names = sorted(acled_country_names().values())
        raise _unknown("country", value, names, "a name such as 'Sudan' or an ISO code such as SDN")
    return found


def resolve_event_type(value: str | None) -> str | None:
    """ACLED's spelling of an event type (case-insensitive)."""
    types = list(dict.fromkeys(s.event_type for s in SUB_EVENT_TYPES))
    return _resolve("type", value, types)


def resolve_sub_event_type(value: str | None) -> str | None:
    """ACLED's spelling of a sub-event type (case-insensitive)."""
    return _resolve("sub_type", value, [s.name for s in SUB_EVENT_TYPES])


def _resolve(field: str, value: str | None, choices: list[str]) -> str | None:
    if value is None:
        return None
    by_lower = {c.lower(): c for c in choices}
    found = by_lower.get(value.strip().lower())
    if found is None:
        raise _unknown(field, value, choices, ", ".join(repr(c) for c in choices))
    return found


def check_lat_lon(field: str, lat: float, lon: float, order: str) -> None:
    """``QueryError`` on ``field`` unless -90 ≤ lat ≤ 90 and -180 ≤ lon ≤ 180; ``order`` says how it is written."""
    problems = []
    if not -90.0 <= lat <= 90.0:
        problems.append(f"latitude {lat:g} is outside -90..90")
    if not -180.0 <= lon <= 180.0:
        problems.append(f"longitude {lon:g} is outside -180..180")
    if problems:
        swapped = -90.0 <= lon <= 90.0 and -180.0 <= lat <= 180.0
        hint = " (are latitude and longitude swapped?)" if swapped else ""
        raise QueryError(f"{' and '.join(problems)}{hint}; it takes {order}", field=field)


__all__ = ["check_lat_lon", "close_matches", "resolve_country", "resolve_event_type",
           "resolve_sub_event_type"]
