"""The records an evaluation gives: metrics, tables, notes and the cases it got wrong."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.evaluate.metrics import Calibration


@dataclass(frozen=True, kw_only=True, slots=True)
class ErrorCase:
    """One thing we got wrong, with enough context for a developer to see why.

    ``snippet`` is the text around the problem with the gold span in ``[[ ]]``.
    """

    item_id: str
    kind: str
    snippet: str
    gold: str
    produced: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Table:
    """A small table for the report (confusions, per-label scores, per-field scores)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class EvalResult:
    """What one dataset's evaluation measured. ``metrics`` keys are stable names (the gate reads them)."""

    dataset: str
    kind: str
    n_items: int
    metrics: Mapping[str, float]
    tables: tuple[Table, ...] = ()
    errors: tuple[ErrorCase, ...] = ()
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    versions: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self, *, n_errors: int = 0) -> dict[str, Any]:
        """Machine-readable form: metrics, tables, notes and the first ``n_errors`` errors."""
        return {
            "dataset": self.dataset, "kind": self.kind, "n_items": self.n_items,
            "seconds": round(self.seconds, 3), "versions": dict(self.versions),
            "metrics": {k: _round(v) for k, v in self.metrics.items()},
            "tables": [{"title": t.title, "header": list(t.header), "rows": [list(r) for r in t.rows]}
                       for t in self.tables],
            "notes": list(self.notes),
            "errors": [_error_json(e) for e in self.errors[:n_errors]],
        }


def reliability_table(cal: Calibration, what: str) -> Table:
    """The reliability table of a calibration: per confidence bin, n, mean confidence, share correct."""
    rows = tuple((f"{b.low:.1f}-{b.high:.1f}", b.n, round(b.mean_confidence, 3), round(b.share_correct, 3))
                 for b in cal.bins)
    return Table(title=f"Confidence reliability ({what})", header=("confidence", "n", "mean conf", "correct"),
                 rows=rows)


def _round(value: float) -> float:
    return round(value, 4) if isinstance(value, float) else value


def _error_json(e: ErrorCase) -> dict[str, str]:
    return {"id": e.item_id, "kind": e.kind, "snippet": e.snippet, "gold": e.gold, "produced": e.produced}


def snippet(text: str, start: int, end: int, *, width: int = 80) -> str:
    """The text around ``[start, end)`` with the span marked ``[[...]]``, on one line."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    out = ("…" if left else "") + text[left:start] + "[[" + text[start:end] + "]]" + text[end:right]
    return " ".join((out + ("…" if right < len(text) else "")).split())


def head(text: str, *, width: int = 240) -> str:
    """The start of a text on one line, for errors that concern the whole text."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width] + "…"


def merge_notes(*groups: Sequence[str]) -> tuple[str, ...]:
    """Notes from several sources, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(n for g in groups for n in g))
