"""TempEval-3 date resolution: DATE timexes in, exact-value accuracy out.

Uses extraction's own date finder, ``eventwire.extract.dates.find_dates(text, offset, pub)``, over each
whole document with the document creation date as publication date; a gold DATE timex whose value is a
full day (``YYYY-MM-DD``) counts as right when a found mention overlaps it and resolves to that single
day. If extraction exposes no date finder the result says it was skipped.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.datasets import TimeDoc, load_tempeval
from eventwire.evaluate.pipeline import versions
from eventwire.evaluate.result import ErrorCase, EvalResult, snippet

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: ``(text, offset, publication date) -> mentions`` with ``start``, ``end``, ``date_start``, ``date_end``.
DateFinder = Callable[[str, int, dt.date | None], Sequence[Any]]


def find_date_finder() -> DateFinder | None:
    """Extraction's date finder, if it exposes one."""
    try:
        fn = getattr(import_module("eventwire.extract.dates"), "find_dates", None)
    except ImportError:
        return None
    return fn if callable(fn) else None


def resolved_day(mentions: Sequence[Any], start: int, end: int) -> dt.date | None:
    """The single day resolved by the mention overlapping ``[start, end)`` most, if any."""
    best = max(mentions, key=lambda x: m.overlap((x.start, x.end), (start, end)), default=None)
    if best is None or m.overlap((best.start, best.end), (start, end)) == 0:
        return None
    return best.date_start if best.date_start == best.date_end else None


def score_doc(doc: TimeDoc, finder: DateFinder) -> tuple[int, int, list[ErrorCase]]:
    """Hits, scored timexes and errors of one document."""
    mentions = finder(doc.text, 0, dt.date.fromisoformat(doc.date))
    hits = total = 0
    errors: list[ErrorCase] = []
    for t in doc.timexes:
        if t.type != "DATE" or not DAY.match(t.value):
            continue
        total += 1
        got = resolved_day(mentions, t.start, t.end)
        if got is not None and got.isoformat() == t.value:
            hits += 1
        else:
            errors.append(ErrorCase(item_id=doc.id, kind="wrong date" if got else "date not resolved",
                                    snippet=snippet(doc.text, t.start, t.end),
                                    gold=f"{t.value} (document date {doc.date})", produced=str(got)))
    return hits, total, errors


def evaluate_time(path: str | Path, *, limit: int | None = None, finder: DateFinder | None = None) -> EvalResult:
    """Resolve every full-day DATE timex against its document date and count exact hits."""
    started = time.perf_counter()
    finder = finder or find_date_finder()
    docs = load_tempeval(path, limit=limit)
    if finder is None:
        return EvalResult(dataset=str(path), kind="time", n_items=len(docs), metrics={},
                          notes=("skipped: eventwire.extract.dates exposes no find_dates function",))
    hits = total = 0
    errors: list[ErrorCase] = []
    for d in docs:
        h, t, e = score_doc(d, finder)
        hits, total = hits + h, total + t
        errors.extend(e)
    return EvalResult(dataset=str(path), kind="time", n_items=len(docs),
                      metrics={"date_value_accuracy": hits / total if total else 0.0, "n_day_timexes": total},
                      errors=tuple(errors), seconds=time.perf_counter() - started, versions=versions(),
                      notes=("only DATE timexes with a full-day value are scored",))
