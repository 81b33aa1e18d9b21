"""CASE 2021 event-type evaluation: snippets in, sub-event accuracy, macro-F1 and confusions out.

Each snippet becomes an Article; the prediction is the sub-event type of the highest-confidence event
extracted from it, or ``none``. Non-event labels (disasters, crime, diplomacy) should yield ``none``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path

from eventwire.evaluate import metrics as m
from eventwire.evaluate.datasets import NONE_LABEL, CaseItem, load_case
from eventwire.evaluate.pipeline import extract, top_event, versions
from eventwire.evaluate.result import ErrorCase, EvalResult, Table, head, reliability_table
from eventwire.model import Article
from eventwire.taxonomy import BY_NAME

#: CASE snippets carry no date; a fixed one lets relative dates resolve so events are not dropped as undated.
CASE_ANCHOR_DATE = dt.date(2020, 1, 15)


def predict_case_scored(items: Sequence[CaseItem]) -> list[tuple[str, float | None]]:
    """The predicted sub-event type (or ``none``) of each snippet and its top event's confidence, in order.

    A rejected snippet (no event) has no confidence: None.
    """
    articles = [Article(id=i.id, text=i.text, date=CASE_ANCHOR_DATE, date_source="given", origin="case")
                for i in items]
    preds: dict[str, tuple[str, float | None]] = {}
    for result in extract(articles, geoparser=None):
        best = top_event(result)
        preds[result.article.id] = ((best.sub_event_type or NONE_LABEL, float(best.confidence)) if best
                                    else (NONE_LABEL, None))
    return [preds.get(i.id, (NONE_LABEL, None)) for i in items]


def predict_case(items: Sequence[CaseItem]) -> list[str]:
    """The predicted sub-event type (or ``none``) of each snippet, in order."""
    return [label for label, _ in predict_case_scored(items)]


def case_calibration(gold: Sequence[str], scored: Sequence[tuple[str, float | None]]) -> m.Calibration:
    """The top event's confidence against whether its sub-event type is the gold one.

    An event predicted on a non-event snippet is wrong; a rejected snippet has no confidence and is left out.
    """
    kept = [(c, p == g) for g, (p, c) in zip(gold, scored, strict=True) if c is not None]
    return m.calibration([c for c, _ in kept], [ok for _, ok in kept])


def event_type_of(sub_event: str) -> str:
    """The ACLED event type of a sub-event type name (``none`` stays ``none``)."""
    return BY_NAME[sub_event].event_type if sub_event in BY_NAME else NONE_LABEL


def case_metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Accuracy on event snippets, overall accuracy, macro-F1, rejection and detection rates."""
    ev = [(g, p) for g, p in zip(gold, pred, strict=True) if g != NONE_LABEL]
    non = [p for g, p in zip(gold, pred, strict=True) if g == NONE_LABEL]
    ev_gold, ev_pred = [g for g, _ in ev], [p for _, p in ev]
    return {
        "sub_event_accuracy": m.accuracy(ev_gold, ev_pred),
        "macro_f1": m.macro_f1(gold, pred, ignore=(NONE_LABEL,)),
        "event_type_accuracy": m.accuracy([event_type_of(g) for g in ev_gold], [event_type_of(p) for p in ev_pred]),
        "nonevent_rejected": sum(p == NONE_LABEL for p in non) / len(non) if non else 0.0,
        "event_detected": sum(p != NONE_LABEL for p in ev_pred) / len(ev_pred) if ev_pred else 0.0,
        "overall_accuracy": m.accuracy(gold, pred),
        "n_event_snippets": len(ev),
        "n_nonevent_snippets": len(non),
    }


def case_tables(gold: Sequence[str], pred: Sequence[str], *, top: int = 15) -> tuple[Table, ...]:
    """Top confusions and per-type scores."""
    confused = m.top_confusions(m.confusions(gold, pred), top)
    per = m.per_label_prf(gold, pred)
    rows = tuple(
        (label, s.tp + s.fn, round(s.precision, 3), round(s.recall, 3), round(s.f1, 3))
        for label, s in sorted(per.items(), key=lambda kv: (-(kv[1].tp + kv[1].fn), str(kv[0])))
        if s.tp + s.fn
    )
    return (
        Table(title="Top confusions (gold → predicted)", header=("gold", "predicted", "count"),
              rows=tuple(confused)),
        Table(title="Per sub-event type", header=("type", "gold n", "P", "R", "F1"), rows=rows),
    )


def case_errors(items: Sequence[CaseItem], pred: Sequence[str]) -> tuple[ErrorCase, ...]:
    """Every misclassified snippet, with its text."""
    return tuple(
        ErrorCase(item_id=i.id, kind="wrong type" if p != NONE_LABEL else "missed event",
                  snippet=head(i.text), gold=f"{i.sub_event_type} ({i.label})", produced=p)
        for i, p in zip(items, pred, strict=True) if i.sub_event_type != p
    )


def evaluate_case(path: str | Path, *, limit: int | None = None) -> EvalResult:
    """Run extraction over a CASE file and score it."""
    started = time.perf_counter()
    items = load_case(path, limit=limit)
    scored = predict_case_scored(items)
    pred = [p for p, _ in scored]
    gold = [i.sub_event_type for i in items]
    cal = case_calibration(gold, scored)
    return EvalResult(
        dataset=str(path), kind="case", n_items=len(items),
        metrics={**case_metrics(gold, pred), **cal.as_dict("confidence_")},
        tables=(*case_tables(gold, pred), reliability_table(cal, "top event's sub-event type is gold")),
        errors=case_errors(items, pred),
        seconds=time.perf_counter() - started, versions=versions(),
    )
