"""Event places on short conflict reports: reports in, how well the top event is placed out.

Each record of a geo golden file is one short report (``id``, ``text``, ``date``) with the gold place of
its event (``gold``: ``location``, ``latitude``, ``longitude``, ``admin1``, ``iso3``, ``geo_precision``).
The report goes through the whole pipeline; its top event (highest confidence) is compared with gold:

- ``country_accuracy``: the event's country is gold's (no event, or no place, counts as wrong);
- ``within25_rate``: the event's point lies within 25 km of gold's;
- ``precision_accuracy``: the geo precision is gold's, among events in the right country;
- ``event_rate`` and ``located_rate``: reports with an event at all, and with a placed one (finding the
  event is extraction's job: a report without one is wrong on every place score);
- ``foreign_namesakes``: events placed at a town or district (precision 1-2) in another country — the
  failure the issue is about.

Records are split by a hash of their id into ``tune`` and ``heldout`` halves, fixed before anyone looked
at results: rules may be tuned on the first, the second says how well they carry over. A record may name
its split itself (``"split": "blind"``): ``tests/fixtures/geo_golden_blind.jsonl`` is such a set, written
after the rules and never tuned on, and it is reported as a split of its own.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.evaluate.datasets import read_jsonl
from eventwire.evaluate.pipeline import extract, load_geoparser_or_null, top_event, versions
from eventwire.evaluate.result import ErrorCase, EvalResult, Table, head
from eventwire.geo.distance import haversine_km
from eventwire.geo.protocol import Geoparser

#: The distance within which a place counts as right (ACLED's town-level tolerance).
NEAR_KM = 25.0
SPLITS = ("tune", "heldout")


@dataclass(frozen=True, kw_only=True, slots=True)
class GeoGoldItem:
    """One report and the gold place of its event."""

    id: str
    text: str
    date: str | None
    location: str
    latitude: float
    longitude: float
    admin1: str | None
    iso3: str
    precision: int
    #: the split the record names itself (e.g. ``blind``); None: the id-hash split decides
    split: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Placed:
    """What the pipeline gave for one report: the top event's place, or nothing."""

    event: bool = False
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    iso3: str | None = None
    precision: int | None = None


def split_of(item_id: str) -> str:
    """``tune`` or ``heldout``, by the parity of the sha256 of the id: fixed, reproducible, blind."""
    return SPLITS[int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) % 2]


def split_for(item: GeoGoldItem) -> str:
    """The split a record names itself, else its id-hash half."""
    return item.split or split_of(item.id)


def load_geogolden(path: str | Path, *, limit: int | None = None) -> list[GeoGoldItem]:
    """The reports of a geo golden file, in file order."""
    from eventwire.errors import DatasetError

    items: list[GeoGoldItem] = []
    for line, r in read_jsonl(path):
        gold = r.get("gold")
        if not isinstance(gold, Mapping) or "text" not in r or "id" not in r:
            raise DatasetError(f"{path}:{line}: a geo golden record needs id, text and gold")
        try:
            items.append(GeoGoldItem(
                id=str(r["id"]), text=str(r["text"]), date=r.get("date"), location=str(gold["location"]),
                latitude=float(gold["latitude"]), longitude=float(gold["longitude"]),
                admin1=gold.get("admin1"), iso3=str(gold["iso3"]), precision=int(gold["geo_precision"]),
                split=str(r["split"]) if r.get("split") else None))
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"{path}:{line}: gold lacks or mistypes {exc}; give location, latitude, "
                               "longitude, iso3 and geo_precision") from exc
        if limit is not None and len(items) >= limit:
            break
    return items


def place_all(items: Sequence[GeoGoldItem], geoparser: Geoparser) -> list[Placed]:
    """The top event's place for every report (one article per report)."""
    import datetime as dt

    from eventwire.model import Article

    articles = [Article(id=i.id, text=i.text, date=dt.date.fromisoformat(i.date) if i.date else None,
                        date_source="given" if i.date else "unknown") for i in items]
    out: list[Placed] = []
    for result in extract(articles, geoparser=geoparser):
        e = top_event(result)
        out.append(Placed() if e is None else Placed(event=True, location=e.location, latitude=e.latitude,
                                                     longitude=e.longitude, iso3=e.iso3,
                                                     precision=e.geo_precision))
    return out


def _km(item: GeoGoldItem, p: Placed) -> float | None:
    if p.latitude is None or p.longitude is None:
        return None
    return haversine_km(item.latitude, item.longitude, p.latitude, p.longitude)


def foreign_namesake(item: GeoGoldItem, p: Placed) -> bool:
    """Placed at a town or district (precision 1-2) of another country than gold's."""
    return p.iso3 is not None and p.iso3 != item.iso3 and (p.precision or 3) < 3


def scores(items: Sequence[GeoGoldItem], placed: Sequence[Placed], prefix: str = "") -> dict[str, float]:
    """Country accuracy, within-25 km rate, precision accuracy and foreign-namesake count."""
    n = len(items)
    right_country = [i for i, (g, p) in enumerate(zip(items, placed, strict=True)) if p.iso3 == g.iso3]
    near = sum(1 for g, p in zip(items, placed, strict=True) if (d := _km(g, p)) is not None and d <= NEAR_KM)
    same_precision = sum(1 for i in right_country if placed[i].precision == items[i].precision)
    return {
        f"{prefix}n": n,
        f"{prefix}country_accuracy": len(right_country) / n if n else 0.0,
        f"{prefix}within25_rate": near / n if n else 0.0,
        f"{prefix}precision_accuracy": same_precision / len(right_country) if right_country else 0.0,
        f"{prefix}event_rate": sum(1 for p in placed if p.event) / n if n else 0.0,
        f"{prefix}located_rate": sum(1 for p in placed if p.iso3) / n if n else 0.0,
        f"{prefix}foreign_namesakes": sum(foreign_namesake(g, p) for g, p in zip(items, placed, strict=True)),
    }


def errors_of(items: Sequence[GeoGoldItem], placed: Sequence[Placed]) -> list[ErrorCase]:
    """Reports whose event is in the wrong country or more than 25 km from gold."""
    out = []
    for g, p in zip(items, placed, strict=True):
        d = _km(g, p)
        if p.iso3 == g.iso3 and d is not None and d <= NEAR_KM:
            continue
        kind = "foreign namesake" if foreign_namesake(g, p) else (
            "no event" if not p.event else "no place" if p.iso3 is None else "wrong country" if p.iso3 != g.iso3 else f"{d:,.0f} km off")
        out.append(ErrorCase(
            item_id=f"{g.id} ({split_for(g)})", kind=kind, snippet=head(g.text),
            gold=f"{g.location}, {g.iso3} ({g.latitude}, {g.longitude}) precision {g.precision}",
            produced="no event" if not p.event else "an event without a place" if p.iso3 is None else
            f"{p.location}, {p.iso3} ({p.latitude}, {p.longitude}) precision {p.precision}"))
    return out


def evaluate_geogolden(path: str | Path, *, limit: int | None = None,
                       geoparser: Geoparser | None = None) -> EvalResult:
    """Place the top event of every report and score it, overall and on each half of the split."""
    started = time.perf_counter()
    notes: tuple[str, ...] = ()
    if geoparser is None:
        geoparser, notes = load_geoparser_or_null()
    items = load_geogolden(path, limit=limit)
    placed = place_all(items, geoparser)
    metrics: dict[str, Any] = scores(items, placed)
    present = [s for s in SPLITS if any(split_for(g) == s for g in items)]
    present += sorted({split_for(g) for g in items} - set(SPLITS))
    for split in present:
        keep = [i for i, g in enumerate(items) if split_for(g) == split]
        metrics.update(scores([items[i] for i in keep], [placed[i] for i in keep], prefix=f"{split}_"))
    keys = ("n", "country_accuracy", "within25_rate", "precision_accuracy", "event_rate", "located_rate",
            "foreign_namesakes")
    names = {"tune": "tune", "heldout": "held-out"}
    rows = tuple((name, *(_fmt(metrics[f"{pre}{k}"]) for k in keys))
                 for name, pre in (("all", ""), *((names.get(s, s), f"{s}_") for s in present)))
    table = Table(title="Event places on short conflict reports (top event vs gold)",
                  header=("split", "n", "country", "within 25 km", "precision", "event", "located",
                          "foreign namesakes"),
                  rows=rows)
    return EvalResult(dataset=str(path), kind="geogolden", n_items=len(items), metrics=metrics, tables=(table,),
                      errors=tuple(errors_of(items, placed)), notes=notes,
                      seconds=time.perf_counter() - started, versions=versions(geoparser))


def _fmt(value: float) -> float | int:
    return value if isinstance(value, int) else round(value, 3)
