"""Evaluation metrics: pure functions from gold and predicted values to numbers.

Takes plain values (labels, spans, coordinates, event field values) and gives counts, scores and
matchings. Nothing here reads files or runs the pipeline, so every metric is tested on hand-made cases.

Geocoding metrics follow Gritta, Pilehvar and Collier (2019), "A Pragmatic Guide to Geoparsing
Evaluation": accuracy within 161 km, median and mean error, and the area under the curve of sorted
``log(1 + error_km)`` (trapezoid rule) normalised by ``log(20039)`` — lower AUC is better.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from eventwire.geo.distance import haversine_km as haversine_km  # the scorers call it as metrics.haversine_km

#: Half the Earth's circumference in km: the largest possible geocoding error.
MAX_ERROR_KM = 20039.0
#: The usual "correct" threshold for geocoding (100 miles).
ACC_KM = 161.0

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True, kw_only=True, slots=True)
class PRF:
    """True positives, false positives, false negatives and the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    def as_dict(self, prefix: str = "") -> dict[str, float]:
        """``{prefix}precision``, ``{prefix}recall``, ``{prefix}f1`` and the raw counts."""
        return {
            f"{prefix}precision": self.precision, f"{prefix}recall": self.recall, f"{prefix}f1": self.f1,
            f"{prefix}tp": self.tp, f"{prefix}fp": self.fp, f"{prefix}fn": self.fn,
        }


# --- classification -------------------------------------------------------------------------------


def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Share of positions where ``pred`` equals ``gold`` (0.0 for empty input)."""
    _same_length(gold, pred)
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0


def per_label_prf(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[Hashable, PRF]:
    """One-vs-rest counts for every label that appears in ``gold`` or ``pred``."""
    _same_length(gold, pred)
    labels = set(gold) | set(pred)
    out: dict[Hashable, PRF] = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        out[label] = PRF(tp=tp, fp=fp, fn=fn)
    return out


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable], *, ignore: Iterable[Hashable] = ()) -> float:
    """Unweighted mean F1 over the labels that occur in ``gold`` (minus ``ignore``).

    Averaging over gold labels only means a label we predict but that never occurs does not dilute
    the score, while predicting it wrongly still costs precision on nothing and recall elsewhere.
    """
    skip = set(ignore)
    scores = per_label_prf(gold, pred)
    labels = [label for label in set(gold) if label not in skip]
    return sum(scores[label].f1 for label in labels) / len(labels) if labels else 0.0


def confusions(gold: Sequence[T], pred: Sequence[T]) -> Counter[tuple[T, T]]:
    """Counts of ``(gold, predicted)`` pairs, diagonal included (the full confusion matrix)."""
    _same_length(gold, pred)
    return Counter(zip(gold, pred, strict=True))


def top_confusions(matrix: Counter[tuple[T, T]], n: int = 10) -> list[tuple[T, T, int]]:
    """The ``n`` most frequent off-diagonal cells, most frequent first, ties in label order."""
    cells = [(g, p, c) for (g, p), c in matrix.items() if g != p]
    cells.sort(key=lambda cell: (-cell[2], str(cell[0]), str(cell[1])))
    return cells[:n]


def _same_length(a: Sequence[Any], b: Sequence[Any]) -> None:
    if len(a) != len(b):
        raise ValueError(f"gold and predictions differ in length: {len(a)} != {len(b)}")


# --- spans ----------------------------------------------------------------------------------------


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters two half-open spans share (0 if they do not overlap)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching of predicted to gold spans by overlap: ``[(gold_index, pred_index)]``.

    Pairs are taken greedily by largest overlap, so "New York City" predicted over gold "New York"
    and "York" matches the larger one; each span is used at most once.
    """
    pairs = [
        (overlap(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if overlap(g, p) > 0
    ]
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    return _one_to_one(pairs)


# --- geocoding ------------------------------------------------------------------------------------


def _one_to_one(ranked: Iterable[tuple[Any, int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: take (score, gold index, pred index) pairs best first, each index once."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, gi, pi in ranked:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return sorted(out)


def acc_at_km(errors_km: Sequence[float], km: float = ACC_KM) -> float:
    """Share of errors no larger than ``km`` (0.0 for no errors)."""
    return sum(e <= km for e in errors_km) / len(errors_km) if errors_km else 0.0


def error_auc(errors_km: Sequence[float]) -> float:
    """Gritta et al.'s AUC: trapezoid area under sorted ``log(1+e)`` over ``log(20039) * (n-1)``.

    0 means every toponym exactly right, 1 every one at the antipode. One error alone has no curve;
    we return its normalised log error, which is what the curve would be if it were flat.
    """
    logs = sorted(math.log1p(min(e, MAX_ERROR_KM)) for e in errors_km)
    if not logs:
        return 0.0
    if len(logs) == 1:
        return logs[0] / math.log(MAX_ERROR_KM)
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False))
    return area / (math.log(MAX_ERROR_KM) * (len(logs) - 1))


def geocoding_scores(errors_km: Sequence[float], prefix: str = "") -> dict[str, float]:
    """acc@161, median and mean error km, AUC and the count, keyed with ``prefix``."""
    return {
        f"{prefix}acc161": acc_at_km(errors_km),
        f"{prefix}median_km": statistics.median(errors_km) if errors_km else 0.0,
        f"{prefix}mean_km": statistics.fmean(errors_km) if errors_km else 0.0,
        f"{prefix}auc": error_auc(errors_km),
        f"{prefix}n_geocoded": len(errors_km),
    }


# --- events ---------------------------------------------------------------------------------------

#: Event matching rules: same sub-type, dates within this many days, places within this many km.
DATE_TOLERANCE_DAYS = 1
PLACE_TOLERANCE_KM = 25.0


def parse_date(value: Any) -> dt.date | None:
    """A date from ``YYYY-MM-DD`` (or a longer ISO string), a date, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _coords(event: Any) -> tuple[float, float] | None:
    lat, lon = _get(event, "latitude"), _get(event, "longitude")
    return (float(lat), float(lon)) if lat is not None and lon is not None else None


def _get(record: Any, key: str) -> Any:
    return record.get(key) if isinstance(record, dict) else getattr(record, key, None)


def events_compatible(gold: Any, pred: Any, *, use_place: bool = True) -> bool:
    """Whether a predicted event may be the gold one: same sub-type, date ±1 day, place within 25 km.

    Dates: a gold date must be matched by a predicted date within the tolerance. Places: compared only
    when both sides have coordinates, because an unlocated prediction is a field error, not a
    different event; ``use_place=False`` ignores places (to see how many events geocoding loses).
    """
    if _get(gold, "sub_event_type") != _get(pred, "sub_event_type"):
        return False
    gd, pd = parse_date(_get(gold, "event_date")), parse_date(_get(pred, "event_date"))
    if gd is not None and (pd is None or abs((gd - pd).days) > DATE_TOLERANCE_DAYS):
        return False
    gc, pc = _coords(gold), _coords(pred)
    return not (use_place and gc and pc and haversine_km(*gc, *pc) > PLACE_TOLERANCE_KM)


def _pair_cost(gold: Any, pred: Any) -> tuple[int, float]:
    gd, pd = parse_date(_get(gold, "event_date")), parse_date(_get(pred, "event_date"))
    days = abs((gd - pd).days) if gd and pd else 0
    gc, pc = _coords(gold), _coords(pred)
    km = haversine_km(*gc, *pc) if gc and pc else PLACE_TOLERANCE_KM
    return days, km


def match_events(gold: Sequence[Any], pred: Sequence[Any], *, use_place: bool = True) -> list[tuple[int, int]]:
    """One-to-one matching of compatible events, closest (days, then km) first: ``[(gi, pi)]``.

    Events are dicts (golden files) or ``Event`` records; only the contract keys are read.
    """
    pairs = [
        (_pair_cost(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if events_compatible(g, p, use_place=use_place)
    ]
    pairs.sort()
    return _one_to_one(pairs)


def norm_text(value: Any) -> str | None:
    """Case- and space-insensitive form of a string field; None and "" are both absent."""
    if value is None:
        return None
    text = " ".join(str(value).split()).casefold()
    return text or None


def same_place(gold: Any, pred: Any) -> bool:
    """Within 25 km when both have coordinates, else the same location name."""
    gc, pc = _coords(gold), _coords(pred)
    if gc and pc:
        return haversine_km(*gc, *pc) <= PLACE_TOLERANCE_KM
    g, p = norm_text(_get(gold, "location")), norm_text(_get(pred, "location"))
    return g is not None and g == p


def _has_place(event: Any) -> bool:
    return _coords(event) is not None or norm_text(_get(event, "location")) is not None


def _fatalities(event: Any) -> int:
    # ACLED codes "not reported" as 0, so an unknown count is compared as 0.
    value = _get(event, "fatalities")
    return int(value) if value is not None else 0


#: How a scored field reads "present" and "equal" from a gold and a predicted event.
FieldRule = tuple[Callable[[Any], bool], Callable[[Any, Any], bool]]


def _text_field(key: str) -> FieldRule:
    """A field compared as normalised text (actors, claimants): present when it has any text."""
    return (lambda e: norm_text(_get(e, key)) is not None,
            lambda g, p: norm_text(_get(g, key)) == norm_text(_get(p, key)))


#: Each scored field's rule.
FIELD_RULES: dict[str, FieldRule] = {
    "actor1": _text_field("actor1"),
    "actor2": _text_field("actor2"),
    "date": (lambda e: parse_date(_get(e, "event_date")) is not None,
             lambda g, p: parse_date(_get(g, "event_date")) == parse_date(_get(p, "event_date"))),
    "place": (_has_place, same_place),
    "fatalities": (lambda e: True, lambda g, p: _fatalities(g) == _fatalities(p)),
    # the claims ledger: a claim or denial we invent is as wrong as one we miss
    "claimed_by": _text_field("claimed_by"),
    "denied_by": _text_field("denied_by"),
    "geo_precision": (lambda e: _get(e, "geo_precision") is not None,
                      lambda g, p: int(_get(g, "geo_precision")) == int(_get(p, "geo_precision"))),
}


def field_prf(field: str, pairs: Iterable[tuple[Any, Any]]) -> PRF:
    """Counts for one field over matched (gold, predicted) event pairs.

    A right value is a TP; a wrong predicted value is a FP and, if gold has one, also a FN; a missing
    predicted value where gold has one is a FN. Precision is thus correct/predicted, recall
    correct/gold.
    """
    present, equal = FIELD_RULES[field]
    tp = fp = fn = 0
    for gold, pred in pairs:
        g_has, p_has = present(gold), present(pred)
        if g_has and p_has and equal(gold, pred):
            tp += 1
            continue
        fp += p_has
        fn += g_has
    return PRF(tp=tp, fp=fp, fn=fn)


def match_pairs(gold: Sequence[T], pred: Sequence[U], matches: Iterable[tuple[int, int]]) -> list[tuple[T, U]]:
    """The (gold, predicted) records for index pairs from a matcher."""
    return [(gold[gi], pred[pi]) for gi, pi in matches]


# --- calibration ----------------------------------------------------------------------------------

#: Equal-width confidence bins for the expected calibration error and the reliability table.
CALIBRATION_BINS = 10


@dataclass(frozen=True, kw_only=True, slots=True)
class ReliabilityBin:
    """One confidence bin: its range, how many predictions fell in it, their mean confidence and hit rate."""

    low: float
    high: float
    n: int
    mean_confidence: float
    share_correct: float

    @property
    def gap(self) -> float:
        """Mean confidence minus share correct: positive is over-confident."""
        return self.mean_confidence - self.share_correct


@dataclass(frozen=True, kw_only=True, slots=True)
class Calibration:
    """How well confidences predict correctness: ECE, Brier score, count and the non-empty bins."""

    n: int
    ece: float
    brier: float
    mean_confidence: float
    share_correct: float
    bins: tuple[ReliabilityBin, ...]

    def as_dict(self, prefix: str = "") -> dict[str, float]:
        """``{prefix}ece``, ``{prefix}brier``, ``{prefix}n``, mean confidence and share correct."""
        return {f"{prefix}ece": self.ece, f"{prefix}brier": self.brier, f"{prefix}n": self.n,
                f"{prefix}mean_confidence": self.mean_confidence, f"{prefix}share_correct": self.share_correct}


def _bin_index(confidence: float, n_bins: int) -> int:
    # Bins are [0, 0.1), [0.1, 0.2) … [0.9, 1.0]: the top edge belongs to the last bin.
    return min(n_bins - 1, max(0, math.floor(confidence * n_bins)))


def calibration(confidences: Sequence[float], correct: Sequence[bool], *, n_bins: int = CALIBRATION_BINS) -> Calibration:
    """Expected calibration error over equal-width bins (weighted by count), Brier score and the bins.

    ECE = sum over bins of (n_bin / n) * |mean confidence - share correct|; Brier = mean of
    (confidence - correct)^2. Both are 0 for perfect calibration; empty input gives zeros.
    """
    _same_length(confidences, correct)
    n = len(confidences)
    if not n:
        return Calibration(n=0, ece=0.0, brier=0.0, mean_confidence=0.0, share_correct=0.0, bins=())
    grouped: dict[int, list[tuple[float, bool]]] = {}
    for c, ok in zip(confidences, correct, strict=True):
        grouped.setdefault(_bin_index(c, n_bins), []).append((c, bool(ok)))
    bins = tuple(
        ReliabilityBin(low=i / n_bins, high=(i + 1) / n_bins, n=len(items),
                       mean_confidence=statistics.fmean(c for c, _ in items),
                       share_correct=sum(ok for _, ok in items) / len(items))
        for i, items in sorted(grouped.items())
    )
    return Calibration(
        n=n, ece=sum(b.n / n * abs(b.gap) for b in bins),
        brier=statistics.fmean((c - float(ok)) ** 2 for c, ok in zip(confidences, correct, strict=True)),
        mean_confidence=statistics.fmean(confidences), share_correct=sum(map(bool, correct)) / n, bins=bins,
    )
