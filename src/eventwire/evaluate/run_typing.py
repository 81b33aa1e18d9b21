"""Held-out measurement of the learned typer through the whole pipeline: 5-fold and leave-one-source-out.

Every labelled set present is read (``train_sets``); the rules propose mentions once; then, for each
held-out part, a typer is fitted on the rest and the *pipeline* runs over the held-out texts with it. A
text's prediction is its top event's sub-event type, or none, exactly as ``eventwire eval`` scores CASE.
The same numbers for a typer fitted on everything (the shipped one: "tuned", it has seen those texts)
are printed beside them, with the gap, and the rules alone as the baseline.

The out-of-fold runs also give what the confidence calibration is fitted on: for each text's top event,
the typer's probability, the evidence score and whether the sub-type was right.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.evaluate import train_events as te
from eventwire.evaluate.result import EvalResult, Table
from eventwire.evaluate.train_sets import LabelledText, fold_of
from eventwire.extract.classify import NONE, LearnedDecider, RulesDecider, TypeDecider, TyperWeights
from eventwire.extract.confidence import log_odds

K = 5
#: during measurement, confidence is the evidence score alone (sigmoid), so it can be read back
_SCORE_ONLY = (0.0, 1.0, 0.0)
_P = re.compile(r";p=([0-9.]+)")


class CachedEncoder:
    """The sentence encoder behind the on-disk vector cache (training encodes each sentence once)."""

    def __init__(self, cache: te.VectorCache) -> None:
        self.cache = cache

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.cache.get(texts)

    def encode_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        return self.cache.spans(text, spans)


def typer_weights(model: te.Fitted, features: Sequence[str], *, version: str,
                  curve: tuple[float, float, float] | None = _SCORE_ONLY, min_probability: float = 0.0,
                  blocks: Sequence[str] = te.BLOCKS) -> TyperWeights:
    return TyperWeights(version=version, labels=te.LABELS, features=tuple(features),
                        coef=model.coef.astype(np.float32), intercept=model.intercept.astype(np.float32),
                        rule_scale=te.RULE_SCALE, min_probability=min_probability, curve=curve, blocks=tuple(blocks))


@dataclass(frozen=True, kw_only=True, slots=True)
class Top:
    """A text's top event as the pipeline gave it: sub-type (or NONE), typer probability, evidence score."""

    label: str
    probability: float | None
    score: float | None
    actor1: tuple[int, int] | None = None  # the actor1 evidence span


def run_pipeline(items: Sequence[LabelledText], decider: TypeDecider, encoder: CachedEncoder,
                 parses: dict[str, Any], detector: Any = None) -> dict[str, Top]:
    """The top event of each text, through the whole extractor with ``decider`` deciding the types.

    ``parses`` (sentence → spaCy parse) is shared by every run of one measurement: each text is parsed
    once, not once per fold. ``detector`` is the fallback where the rules propose nothing: off (None) when
    the typer is measured, so its numbers never lean on a detector fitted on the texts they score.
    """
    from eventwire.extract import extract_articles, role_head

    articles = [te.article_of(t) for t in items]
    out: dict[str, Top] = {}
    # roles by the rules alone: the shipped role head has seen these texts (its held-out numbers are
    # ``eventwire eval DATA --kind roles``), so actor1 here stays the rules' own baseline
    with role_head.using(None):
        results = list(extract_articles(articles, geoparser=None, decider=decider, encoder=encoder,
                                        parse_cache=parses, detector=detector))
    for result in results:
        if not result.events:
            out[result.article.id] = Top(label=NONE, probability=None, score=None)
            continue
        best = max(result.events, key=lambda e: e.confidence)
        rules = [ev.rule or "" for ev in best.evidence if ev.field == "sub_event_type"]
        found = next((m for r in rules if (m := _P.search(r))), None)
        a1 = next(((ev.start, ev.end) for ev in best.evidence if ev.field == "actor1"), None)
        out[result.article.id] = Top(label=best.sub_event_type or NONE,
                                     probability=float(found.group(1)) if found else None,
                                     score=log_odds(best.confidence), actor1=a1)
    return out


#: texts scored per set at most (a fixed id-hashed sample): thousands of VOA non-events say little more
SCORE_CAP = 600


def _scored(items: Sequence[LabelledText]) -> list[LabelledText]:
    import hashlib

    out: list[LabelledText] = []
    for source in sorted({t.source for t in items}):
        mine = sorted((t for t in items if t.source == source and t.clear),
                      key=lambda t: hashlib.sha256(t.id.encode()).hexdigest())
        out.extend(mine if source in ("eventwire", "case2021") else mine[:SCORE_CAP])
    return out


@dataclass(kw_only=True)
class Measurement:
    """Per source: rules alone, tuned (fitted on all), 5-fold and leave-one-source-out scores."""

    rules: dict[str, te.Score] = field(default_factory=dict)
    tuned: dict[str, te.Score] = field(default_factory=dict)
    kfold: dict[str, te.Score] = field(default_factory=dict)
    loso: dict[str, te.Score] = field(default_factory=dict)
    oof: dict[str, Top] = field(default_factory=dict)  # out-of-fold top events (calibration data)
    items: list[LabelledText] = field(default_factory=list)
    texts: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _by_source(items: Sequence[LabelledText], tops: dict[str, Top]) -> dict[str, te.Score]:
    out = {}
    for source in sorted({t.source for t in items}):
        mine = [t for t in items if t.source == source and t.clear]
        if mine:
            out[source] = te.score(mine, {i: (top.label, top.probability or 0.0) for i, top in tops.items()},
                                   {i: top.actor1 for i, top in tops.items()})
    return out


def measure(table: te.Table, *, c: float, seed: int, version: str, cache: te.VectorCache,
            loso: bool = True, log: Callable[[str], None] = lambda _: None,
            parses: dict[str, Any] | None = None) -> tuple[Measurement, te.Fitted]:
    """The numbers that count (held out), beside the tuned ones; and the typer fitted on everything."""
    started = time.perf_counter()
    parses = {} if parses is None else parses
    encoder = CachedEncoder(cache)
    scored = _scored(table.items)
    result = Measurement(items=list(table.items), texts=te.grouped(table.items), rows=te.label_counts(table))
    log("rules alone")
    result.rules = _by_source(scored, run_pipeline(scored, RulesDecider(), encoder, parses))
    for fold in range(K):
        log(f"fold {fold + 1}/{K}")
        train = te.train_rows(table, lambda i, f=fold: fold_of(i, K) != f)  # type: ignore[misc]
        model = te.fit(table.X[train], [table.labels[r] for r in train], c=c, seed=seed)  # type: ignore[misc]
        held = [t for t in scored if fold_of(t.id, K) == fold]
        result.oof.update(run_pipeline(held, LearnedDecider(typer_weights(model, table.features, version=version, blocks=table.blocks)), encoder, parses))
    result.kfold = _by_source(scored, result.oof)
    if loso:
        source_of = {t.id: t.source for t in table.items}
        for source in sorted({t.source for t in scored}):
            log(f"leave out {source}")
            train = te.train_rows(table, lambda i, s=source: source_of[i] != s)  # type: ignore[misc]
            if not train:  # a single set (e.g. only data/annotations): nothing else to fit on
                continue
            held = [t for t in scored if t.source == source]
            model = te.fit(table.X[train], [table.labels[r] for r in train], c=c, seed=seed)  # type: ignore[misc]
            tops = run_pipeline(held, LearnedDecider(typer_weights(model, table.features, version=version, blocks=table.blocks)), encoder, parses)
            result.loso.update(_by_source(held, tops))
    log("fit on everything")
    rows = [r for r, lab in enumerate(table.labels) if lab is not None]
    full = te.fit(table.X[rows], [table.labels[r] for r in rows], c=c, seed=seed)  # type: ignore[misc]
    result.tuned = _by_source(scored, run_pipeline(scored, LearnedDecider(typer_weights(full, table.features, version=version, blocks=table.blocks)), encoder, parses))
    result.seconds = time.perf_counter() - started
    return result, full


def calibrate(result: Measurement, items: Sequence[LabelledText]) -> dict[str, float]:
    """(a, b, c) of confidence = sigmoid(a·logit(p) + b·score + c), fitted on out-of-fold top events only:
    right when the top event's sub-type is the gold one (an event on a non-event text is wrong)."""
    from sklearn.linear_model import LogisticRegression

    gold = {t.id: next(iter(t.labels)) for t in items if t.clear}
    X, y = [], []
    for item_id, top in result.oof.items():
        if top.label == NONE or top.probability is None or top.score is None or item_id not in gold:
            continue
        X.append([log_odds(top.probability), top.score])
        y.append(int(top.label == gold[item_id]))
    if len(set(y)) < 2:
        return {}
    model = LogisticRegression(C=10.0).fit(np.array(X), np.array(y))
    return {"a": round(float(model.coef_[0][0]), 4), "b": round(float(model.coef_[0][1]), 4),
            "c": round(float(model.intercept_[0]), 4), "n": len(y)}


def tables(result: Measurement) -> tuple[Table, ...]:
    """Per source: rules alone, tuned, 5-fold, leave-one-source-out, and the tuned − held-out gap."""
    def cell(s: dict[str, te.Score], source: str, attr: str) -> object:
        return round(getattr(s[source], attr), 3) if source in s else "–"

    out = []
    for attr, title in (("accuracy", "Sub-event accuracy (clear event texts)"), ("rejected", "Non-events rejected"),
                        ("macro_f1", "Macro-F1 over sub-types"), ("actor1", "actor1 (the gold words; texts that give them)")):
        rows = []
        for source in result.kfold:
            k = result.kfold[source]
            n = {"rejected": k.n_nonevents, "actor1": k.n_actor1}.get(attr, k.n_events)
            if not n:
                continue
            gap = round(getattr(result.tuned[source], attr) - getattr(k, attr), 3) if source in result.tuned else "–"
            rows.append((source, n, cell(result.rules, source, attr), cell(result.tuned, source, attr),
                         cell(result.kfold, source, attr), cell(result.loso, source, attr), gap))
        out.append(Table(title=title, header=("set", "n", "rules alone", "tuned (seen)", "5-fold held-out",
                                              "leave-source-out", "gap tuned−5-fold"), rows=tuple(rows)))
    return tuple(out)


def metrics(result: Measurement) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, scores in (("rules", result.rules), ("tuned", result.tuned), ("kfold", result.kfold), ("loso", result.loso)):
        for source, s in scores.items():
            out[f"{source}_{name}_sub_event_accuracy"] = round(s.accuracy, 4)
            out[f"{source}_{name}_nonevent_rejected"] = round(s.rejected, 4)
            if s.actor1 is not None:
                out[f"{source}_{name}_actor1"] = round(s.actor1, 4)
    for source, k in result.kfold.items():  # what fitting bought on seen texts over unseen ones
        if source in result.tuned:
            out[f"{source}_gap_sub_event_accuracy"] = round(result.tuned[source].accuracy - k.accuracy, 4)
    return out


def evaluate_typing(data_dir: str | Path, *, annotations_dir: Path | None = None, c: float = te.DEFAULT_C,
                    seed: int = 0, sets: Sequence[str] | None = None, loso: bool = True) -> EvalResult:
    """``eventwire eval DATA_DIR``: the typer's held-out numbers on every labelled set found.

    ``sets`` limits the public sets read (names as in ``train_sets.PUBLIC_SETS``); ``loso`` False skips
    leave-one-source-out (the quality gate's lighter run).
    """
    from eventwire.evaluate.pipeline import versions

    started = time.perf_counter()
    folder = Path(data_dir)
    own = next((p for p in (annotations_dir, folder if not (folder / "train").is_dir() and not (folder / "events").is_dir()
                            else None, Path("data/annotations")) if p is not None and p.is_dir()), None)
    public = folder if own != folder else None
    parses: dict[str, Any] = {}
    table, cache = te.prepare(public, own, parse_cache=parses, sets=sets)
    result, _ = measure(table, c=c, seed=seed, version="typer-eval", cache=cache, parses=parses, loso=loso)
    cache.save()
    return EvalResult(dataset=str(data_dir), kind="typing", n_items=len(result.items), metrics=metrics(result),
                      tables=tables(result), errors=(), seconds=time.perf_counter() - started, versions=versions())
