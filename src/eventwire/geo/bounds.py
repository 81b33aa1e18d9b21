"""Country bounding boxes: takes nothing, gives ISO alpha-2 → (south, north, west, east) in degrees.

Derived from the country outlines that ``countryinfo`` ships, so coordinates can be checked against the
country they claim to be in (the curated layer's consistency check and the property tests).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float]


def _points(geometry: dict[str, Any]) -> Iterator[tuple[float, float]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        for ring in polygon:
            for lon, lat in ring:
                yield float(lat), float(lon)


@lru_cache(maxsize=1)
def country_boxes() -> dict[str, Box]:
    """Bounding box of every country outline countryinfo knows."""
    import countryinfo

    out: dict[str, Box] = {}
    for path in sorted((Path(countryinfo.__file__).resolve().parent / "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso2 = (info.get("ISO") or {}).get("alpha2")
        raw = info.get("geoJSON")
        if not iso2 or not raw:
            continue
        shape = ast.literal_eval(raw) if isinstance(raw, str) else raw
        pts = [p for feature in shape.get("features", []) for p in _points(feature["geometry"])]
        if pts:
            lats, lons = [p[0] for p in pts], [p[1] for p in pts]
            out[iso2] = (min(lats), max(lats), min(lons), max(lons))
    return out


def inside_country(iso2: str, lat: float, lon: float, margin: float = 0.5) -> bool | None:
    """Whether (lat, lon) lies in the country's box widened by ``margin`` degrees; None if unknown."""
    box = country_boxes().get(iso2.upper())
    if box is None:
        return None
    south, north, west, east = box
    return south - margin <= lat <= north + margin and west - margin <= lon <= east + margin
