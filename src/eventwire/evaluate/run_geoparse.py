"""Geoparsing evaluation (GeoWebNews, LGL): documents in, recognition and geocoding scores out.

Recognition: predicted toponyms are matched one-to-one to gold spans by character overlap.
Geocoding: on matched pairs, the great-circle error between our coordinates and gold's; a matched
toponym we left unresolved counts as the largest possible error (20,039 km), as in Gritta et al.

GeoWebNews types split the gold into ``literal`` (Literal, Mixed and literal subtypes) and
``nonliteral`` (metonymic, modifiers, coercion). Scoring a subset drops the other subset's gold *and*
the predictions matched to it, so a metonym we find is neither rewarded nor punished in ``literal``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.evaluate import metrics as m
from eventwire.evaluate.datasets import GeoDoc, GoldToponym, load_geoparse
from eventwire.evaluate.pipeline import load_geoparser_or_null, versions
from eventwire.evaluate.result import ErrorCase, EvalResult, Table, snippet
from eventwire.geo.protocol import Geoparser
from eventwire.model import Toponym

#: Subsets scored separately: name → which gold toponyms belong.
SUBSETS: dict[str, Callable[[GoldToponym], bool]] = {
    "all": lambda t: True,
    "literal": lambda t: t.literal,
    "nonliteral": lambda t: not t.literal,
}


@dataclass(frozen=True, kw_only=True, slots=True)
class DocScore:
    """Recognition counts and geocoding errors (km) of one document for one subset."""

    counts: m.PRF
    errors_km: tuple[float, ...]


def geocode_error(gold: GoldToponym, pred: Toponym) -> float | None:
    """Error in km of a matched pair; MAX_ERROR_KM if we have no coordinates; None if gold has none."""
    if gold.latitude is None or gold.longitude is None:
        return None
    p = pred.place
    if p is None or p.latitude is None or p.longitude is None:
        return m.MAX_ERROR_KM
    return m.haversine_km(gold.latitude, gold.longitude, p.latitude, p.longitude)


def score_doc(gold: Sequence[GoldToponym], pred: Sequence[Toponym],
              keep: Callable[[GoldToponym], bool]) -> DocScore:
    """Counts and errors for the gold toponyms ``keep`` selects (see module docstring)."""
    pairs = m.match_spans([(g.start, g.end) for g in gold], [(p.start, p.end) for p in pred])
    matched_pred = {pi for _, pi in pairs}
    kept = [(gi, pi) for gi, pi in pairs if keep(gold[gi])]
    tp = len(kept)
    fn = sum(keep(g) for g in gold) - tp
    fp = len(pred) - len(matched_pred)
    errors = tuple(e for gi, pi in kept if (e := geocode_error(gold[gi], pred[pi])) is not None)
    return DocScore(counts=m.PRF(tp=tp, fp=fp, fn=fn), errors_km=errors)


def aggregate(scores: Sequence[DocScore], prefix: str) -> dict[str, float]:
    """Recognition P/R/F1 and geocoding scores over many documents, keyed ``{prefix}_...``."""
    total = sum((s.counts for s in scores), m.PRF())
    errors = [e for s in scores for e in s.errors_km]
    out = {f"{prefix}_{k}": v for k, v in total.as_dict().items() if k in ("precision", "recall", "f1")}
    out[f"{prefix}_n_gold"] = total.tp + total.fn
    out.update(m.geocoding_scores(errors, prefix=f"{prefix}_"))
    return out


def doc_errors(doc: GeoDoc, pred: Sequence[Toponym]) -> list[ErrorCase]:
    """Missed gold toponyms, spurious predictions and matched toponyms placed beyond 161 km."""
    pairs = m.match_spans([(g.start, g.end) for g in doc.toponyms], [(p.start, p.end) for p in pred])
    gi_done, pi_done = {g for g, _ in pairs}, {p for _, p in pairs}
    out: list[ErrorCase] = []
    for gi, g in enumerate(doc.toponyms):
        if gi not in gi_done:
            out.append(ErrorCase(item_id=doc.id, kind="missed toponym", snippet=snippet(doc.text, g.start, g.end),
                                 gold=_gold_str(g), produced="nothing"))
    for pi, p in enumerate(pred):
        if pi not in pi_done:
            out.append(ErrorCase(item_id=doc.id, kind="spurious toponym", snippet=snippet(doc.text, p.start, p.end),
                                 gold="no toponym here", produced=_pred_str(p)))
    for gi, pi in pairs:
        err = geocode_error(doc.toponyms[gi], pred[pi])
        if err is not None and err > m.ACC_KM:
            g = doc.toponyms[gi]
            out.append(ErrorCase(item_id=doc.id, kind=f"misplaced by {err:,.0f} km",
                                 snippet=snippet(doc.text, g.start, g.end), gold=_gold_str(g),
                                 produced=_pred_str(pred[pi])))
    return out


def _gold_str(g: GoldToponym) -> str:
    kind = f" {g.type}" if g.type else ""
    return f"{g.text!r}{kind} ({g.latitude}, {g.longitude}) geonameid={g.geonameid}"


def _pred_str(p: Toponym) -> str:
    if p.place is None:
        return f"{p.text!r} unresolved"
    pl = p.place
    return f"{p.text!r} → {pl.name}, {pl.country} ({pl.latitude}, {pl.longitude}) geonameid={pl.geonameid}"


def geo_metrics(docs: Sequence[GeoDoc], preds: Sequence[Sequence[Toponym]]) -> dict[str, float]:
    """Scores for every subset that has gold toponyms (LGL has no types: only ``all``)."""
    typed = any(t.type for d in docs for t in d.toponyms)
    out: dict[str, float] = {}
    for name, keep in SUBSETS.items():
        if name != "all" and not typed:
            continue
        out.update(aggregate([score_doc(d.toponyms, p, keep) for d, p in zip(docs, preds, strict=True)], name))
    return out


def subset_table(metrics: dict[str, float]) -> Table:
    """One row per subset: recognition and geocoding side by side."""
    names = [n for n in SUBSETS if f"{n}_f1" in metrics]
    keys = ("n_gold", "precision", "recall", "f1", "n_geocoded", "acc161", "median_km", "mean_km", "auc")
    rows = tuple((n, *(_fmt(metrics[f"{n}_{k}"]) for k in keys)) for n in names)
    return Table(title="Toponyms: recognition and geocoding",
                 header=("subset", "gold", "P", "R", "F1", "geocoded", "acc@161", "median km", "mean km", "AUC"),
                 rows=rows)


def _fmt(value: float) -> float | int:
    return value if isinstance(value, int) else round(value, 3)


def parse_all(docs: Sequence[GeoDoc], geoparser: Geoparser) -> list[list[Toponym]]:
    """The geoparser's toponyms for every document."""
    return [list(geoparser.parse(d.text)) for d in docs]


def heldout_metrics(path: str | Path, docs: Sequence[GeoDoc], geoparser: Geoparser) -> dict[str, float]:
    """Scores of the learned ranker's 5-fold cross-validation on this file (``heldout_`` keys), beside
    the tuned ones: each document geoparsed by a model trained on the other folds. Empty when the
    geoparser has no learned ranker."""
    from eventwire.geo.geoparser import GazetteerGeoparser
    from eventwire.geo.ranker import LinearRanker

    if not isinstance(geoparser, GazetteerGeoparser) or not isinstance(geoparser.ranker, LinearRanker):
        return {}
    from eventwire.evaluate.train_geo_ranker import cross_validate

    preds = cross_validate(path, geoparser.gazetteer)
    return {f"heldout_{k}": v for k, v in geo_metrics(docs, preds).items()
            if k.endswith(("_precision", "_recall", "_f1", "_acc161", "_auc", "_median_km"))}


def _cv_table(metrics: dict[str, float]) -> Table:
    names = [n for n in SUBSETS if f"heldout_{n}_acc161" in metrics]
    rows = tuple((n, _fmt(metrics[f"{n}_acc161"]), _fmt(metrics[f"heldout_{n}_acc161"]),
                  _fmt(metrics[f"{n}_acc161"] - metrics[f"heldout_{n}_acc161"]),
                  _fmt(metrics[f"{n}_auc"]), _fmt(metrics[f"heldout_{n}_auc"])) for n in names)
    return Table(title="Learned ranker: shipped (tuned on this data) vs 5-fold held-out",
                 header=("subset", "acc@161 tuned", "acc@161 held-out", "gap", "AUC tuned", "AUC held-out"),
                 rows=rows)


def evaluate_geoparse(path: str | Path, *, limit: int | None = None, ids: frozenset[str] | None = None,
                      geoparser: Geoparser | None = None, cv: bool = False) -> EvalResult:
    """Geoparse every document and score recognition and geocoding; with ``cv``, also the learned
    ranker's 5-fold held-out geocoding (``heldout_*``), which trains five models (about a minute)."""
    started = time.perf_counter()
    notes: tuple[str, ...] = ()
    if geoparser is None:
        geoparser, notes = load_geoparser_or_null()
    docs = load_geoparse(path, limit=limit, ids=ids)
    preds = parse_all(docs, geoparser)
    metrics = geo_metrics(docs, preds)
    tables = [subset_table(metrics)]
    if cv and limit is None and ids is None:
        metrics.update(heldout_metrics(path, docs, geoparser))
        if any(k.startswith("heldout_") for k in metrics):
            tables.append(_cv_table(metrics))
    errors = tuple(e for d, p in zip(docs, preds, strict=True) for e in doc_errors(d, p))
    return EvalResult(
        dataset=str(path), kind="geoparse", n_items=len(docs), metrics=metrics, tables=tuple(tables),
        errors=errors, notes=notes, seconds=time.perf_counter() - started, versions=versions(geoparser),
    )
