"""Training recipe of the learned candidate ranker: gold geoparsing corpora in, weights out.

For every gold toponym the geoparser recognises, its rule-ranked leading candidates (and their features,
``geo/ranker.py``) become training rows, labelled 1 when the candidate lies within 161 km of the gold
point. A logistic regression (L2, Newton steps, numpy) is fitted on all rows; the candidate with the
highest logit is chosen at run time. Folds are fixed by a hash of the document id, so every number can
be reproduced: ``cross_validate`` trains on four folds and geoparses the fifth with that model.

Deterministic: no randomness anywhere (Newton's method from zero weights). Never imported at run time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.datasets import GeoDoc, load_geoparse
from eventwire.geo.distance import haversine_km
from eventwire.geo.ranker import FEATURES, RANKER_PATH, LinearRanker
from eventwire.model import Toponym

FOLDS = 5
#: L2 strength and Newton iterations: enough to converge on ~4k groups.
L2 = 0.1
ITERATIONS = 25
RANKER_VERSION = "lr-2"


def fold_of(doc_id: str, folds: int = FOLDS) -> int:
    """The fold of a document, by the sha256 of its id."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % folds


@dataclass(frozen=True, kw_only=True, slots=True)
class Group:
    """One recognised gold toponym: its candidates' features and which lie within 161 km of gold."""

    doc_id: str
    rows: tuple[tuple[float, ...], ...]
    labels: tuple[int, ...]


def collect(docs: Sequence[GeoDoc], geoparser: Any) -> list[Group]:
    """Training groups of every document (``geoparser`` is a ``GazetteerGeoparser``)."""
    groups: list[Group] = []
    for d in docs:
        found = geoparser.candidate_rows(d.text)
        pairs = m.match_spans([(g.start, g.end) for g in d.toponyms],
                              [(mention.start, mention.end) for mention, _, _ in found])
        for gi, pi in pairs:
            g = d.toponyms[gi]
            _, cands, rows = found[pi]
            if g.latitude is None or g.longitude is None or len(rows) < 2:
                continue
            labels = tuple(int(haversine_km(g.latitude, g.longitude, c.latitude, c.longitude) <= m.ACC_KM)
                           for c in cands[: len(rows)])
            groups.append(Group(doc_id=d.id, rows=tuple(tuple(r) for r in rows), labels=labels))
    return groups


def fit(groups: Sequence[Group]) -> tuple[float, ...]:
    """Conditional-logit weights (a softmax over each mention's candidates, as the choice is made; the
    target is the right candidate the rules rank first), fitted by Newton's method on the groups that
    have both a right and a wrong candidate."""
    import numpy as np

    useful = [g for g in groups if 0 < sum(g.labels) < len(g.labels)]
    d = len(FEATURES)
    if not useful:
        return tuple([0.0] * d)
    width = max(len(g.rows) for g in useful)
    x = np.zeros((len(useful), width, d))
    mask = np.zeros((len(useful), width), dtype=bool)
    pos = np.zeros((len(useful), width), dtype=bool)
    for i, g in enumerate(useful):
        x[i, : len(g.rows)] = g.rows
        mask[i, : len(g.rows)] = True
        pos[i, g.labels.index(1)] = True  # one target: the right candidate the rules rank first
    w = np.zeros(d)
    reg = np.full(d, L2)
    reg[0] = 1e3  # a bias shifts every candidate alike: pin it at zero
    for _ in range(ITERATIONS):
        p = _softmax(np.where(mask, x @ w, -np.inf))
        grad = np.einsum("gc,gcd->d", p - pos, x) + reg * w
        w = w - np.linalg.solve(_cov(x, p) + np.diag(reg), grad)  # softmax loss: convex, Newton converges
    return tuple(round(float(v), 6) for v in w)


def _softmax(s: Any) -> Any:
    """Row-wise softmax where -inf entries get 0."""
    import numpy as np

    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _cov(x: Any, p: Any) -> Any:
    """Sum over groups of the covariance of the rows under weights ``p``."""
    import numpy as np

    mean = np.einsum("gc,gcd->gd", p, x)
    second = np.einsum("gc,gcd,gce->de", p, x, x)
    return second - mean.T @ mean


def choice_accuracy(groups: Sequence[Group], weights: Sequence[float]) -> float:
    """Share of groups whose chosen candidate lies within 161 km (groups with a right candidate)."""
    ranker = LinearRanker(weights=tuple(weights), version="eval")
    scored = [g for g in groups if any(g.labels)]
    right = sum(g.labels[ranker.choose([list(r) for r in g.rows])] for g in scored)
    return right / len(scored) if scored else 0.0


def cross_validate(path: str | Path, gazetteer: Any, *, folds: int = FOLDS) -> list[list[Toponym]]:
    """Every document of ``path`` geoparsed by a ranker trained on the other folds of the same file,
    in file order (for the held-out geocoding scores of ``eventwire eval``)."""
    from eventwire.geo.geoparser import GazetteerGeoparser
    from eventwire.geo.ranker import RulesRanker

    docs = load_geoparse(path)
    groups = collect(docs, GazetteerGeoparser(gazetteer, ranker=RulesRanker()))
    preds: dict[str, list[Toponym]] = {}
    for k in range(folds):
        weights = fit([g for g in groups if fold_of(g.doc_id, folds) != k])
        parser = GazetteerGeoparser(gazetteer, ranker=LinearRanker(weights=weights, version=f"fold{k}"))
        for d in docs:
            if fold_of(d.id, folds) == k:
                preds[d.id] = list(parser.parse(d.text))
    return [preds[d.id] for d in docs]


def train_geo_ranker(paths: Sequence[str | Path], out: Path = RANKER_PATH) -> dict[str, Any]:
    """Train on every document of ``paths`` (GeoWebNews, LGL) and write the weights to ``out``.

    Returns what was written: features, weights, version, training sizes and per-fold choice accuracy
    (rules' choice vs the model's, each fold scored by a model trained on the others).
    """
    from eventwire.geo.gazetteer import open_gazetteer
    from eventwire.geo.geoparser import GazetteerGeoparser
    from eventwire.geo.ranker import RulesRanker

    gazetteer = open_gazetteer()
    parser = GazetteerGeoparser(gazetteer, ranker=RulesRanker())
    groups = [g for p in paths for g in collect(load_geoparse(p), parser)]
    folds = []
    for k in range(FOLDS):
        held = [g for g in groups if fold_of(g.doc_id) == k]
        weights = fit([g for g in groups if fold_of(g.doc_id) != k])
        rules = choice_accuracy(held, [0.0, 0.0, 1.0] + [0.0] * (len(FEATURES) - 3))
        folds.append({"fold": k, "groups": len(held), "rules": round(rules, 4),
                      "model": round(choice_accuracy(held, weights), 4)})
    weights = fit(groups)
    data = {
        "version": RANKER_VERSION, "features": list(FEATURES), "weights": list(weights),
        "trained_on": [Path(p).name for p in paths], "groups": len(groups),
        "recipe": {"folds": FOLDS, "fold": "sha256(document id) mod 5", "l2": L2, "iterations": ITERATIONS,
                   "label": "candidate within 161 km of the gold point"},
        "cv_choice_accuracy": folds,
    }
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data
