"""Country naming shared by every stage: ISO codes in, the short English names ACLED writes out.

ACLED writes "Palestine", "Democratic Republic of Congo", "Russia", "Ivory Coast", "eSwatini"... The
names come from ``data/demonyms.csv`` (column ``country``), which the actor knowledge base also reads
for "Military Forces of <Country>"; codes the file lacks fall back to pycountry's common name. This
module imports no stage, so geo (places) and extract (actors) can both use it.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DEMONYMS_CSV = Path(__file__).resolve().parent / "data" / "demonyms.csv"
#: ISO alpha-3 → ACLED region, for every country pycountry lists plus Kosovo (UN M49 sub-regions mapped
#: to ACLED's names; ACLED's own choices where they differ: Iran in the Middle East, Sudan in Northern
#: Africa, the South Caucasus with Central Asia, Mexico in Central America).
REGIONS_CSV = Path(__file__).resolve().parent / "data" / "acled_regions.csv"

#: Countries ACLED codes that pycountry and demonyms.csv do not list (GeoNames uses XK/XKX).
_EXTRA: dict[str, tuple[str, str]] = {"XKX": ("XK", "Kosovo")}


@lru_cache(maxsize=1)
def acled_country_names() -> dict[str, str]:
    """ISO alpha-3 → ACLED short country name, for every country pycountry or demonyms.csv knows."""
    import pycountry

    out = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    with DEMONYMS_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("iso3") and row.get("country"):
                out[row["iso3"].strip()] = row["country"].strip()
    out.update({iso3: name for iso3, (_, name) in _EXTRA.items()})
    return out


@lru_cache(maxsize=1)
def _alpha2_to_alpha3() -> dict[str, str]:
    import pycountry

    out = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out.update({iso2: iso3 for iso3, (iso2, _) in _EXTRA.items()})
    return out


@lru_cache(maxsize=1)
def acled_regions() -> dict[str, str]:
    """ISO alpha-3 → ACLED region name (``data/acled_regions.csv``)."""
    with REGIONS_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["iso3"]: row["region"] for row in csv.DictReader(fh)}


def country_region(code: str | None) -> str | None:
    """ACLED's region of an ISO alpha-2 or alpha-3 country code ("SD" → "Northern Africa"), or None."""
    if not code:
        return None
    code = code.strip().upper()
    iso3 = _alpha2_to_alpha3().get(code, code) if len(code) == 2 else code
    return acled_regions().get(iso3)


def country_name(code: str | None) -> str | None:
    """The ACLED name of an ISO alpha-2 or alpha-3 country code ("PS" → "Palestine"), or None."""
    if not code:
        return None
    code = code.strip().upper()
    iso3 = _alpha2_to_alpha3().get(code, code) if len(code) == 2 else code
    return acled_country_names().get(iso3)


__all__ = ["acled_country_names", "acled_regions", "country_name", "country_region"]
