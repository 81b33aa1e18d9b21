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


def country_name(code: str | None) -> str | None:
    """The ACLED name of an ISO alpha-2 or alpha-3 country code ("PS" → "Palestine"), or None."""
    if not code:
        return None
    code = code.strip().upper()
    iso3 = _alpha2_to_alpha3().get(code, code) if len(code) == 2 else code
    return acled_country_names().get(iso3)


__all__ = ["acled_country_names", "country_name"]
