"""Rendering of evaluation and benchmark results: plain text for the terminal, Markdown, JSON.

Takes ``EvalResult`` records and gives strings; the CLI decides where they go.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from eventwire.evaluate.result import ErrorCase, EvalResult, Table


def fmt_value(value: Any) -> str:
    """Numbers rounded for reading: ratios to 3 places, km and counts as integers where whole."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _header(r: EvalResult) -> str:
    vers = ", ".join(f"{k} {v}" for k, v in r.versions.items())
    return f"{r.dataset}  [{r.kind}, {r.n_items:,} items, {r.seconds:.1f} s{', ' + vers if vers else ''}]"


def text_table(t: Table) -> str:
    """A fixed-width table."""
    cells = [list(map(str, t.header))] + [[fmt_value(c) for c in row] for row in t.rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(t.header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join([t.title, *("  " + line for line in lines)]) if t.rows else f"{t.title}: none"


def text_errors(errors: Sequence[ErrorCase], n: int) -> str:
    """The first ``n`` errors, each on a few indented lines."""
    if not n:
        return ""
    blocks = [f"Errors (first {min(n, len(errors))} of {len(errors)})"]
    for e in errors[:n]:
        blocks.append(f"- {e.item_id}: {e.kind}\n    text:     {e.snippet}\n    gold:     {e.gold}\n"
                      f"    produced: {e.produced}")
    return "\n".join(blocks)


def render_text(r: EvalResult, *, n_errors: int = 0) -> str:
    """The terminal report of one dataset."""
    parts = [_header(r)]
    parts += [f"  {k:<28} {fmt_value(v)}" for k, v in r.metrics.items()]
    parts += [f"  note: {n}" for n in r.notes]
    parts += [text_table(t) for t in r.tables]
    if n_errors:
        parts.append(text_errors(r.errors, n_errors))
    return "\n".join(parts) + "\n"


def md_table(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt_value(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(results: Sequence[EvalResult], *, n_errors: int = 0) -> str:
    """A Markdown report of several datasets."""
    parts = ["# eventwire evaluation", ""]
    for r in results:
        parts += [f"## {r.dataset}", "", f"{r.kind}, {r.n_items:,} items, {r.seconds:.1f} s. "
                  + ", ".join(f"{k} `{v}`" for k, v in r.versions.items()), ""]
        parts += [md_table(("metric", "value"), list(r.metrics.items())), ""]
        parts += [f"> note: {n}" for n in r.notes]
        for t in r.tables:
            parts += [f"### {t.title}", "", md_table(t.header, t.rows) if t.rows else "none", ""]
        if n_errors and r.errors:
            parts += [f"### Errors (first {min(n_errors, len(r.errors))} of {len(r.errors)})", ""]
            parts += [f"- **{e.item_id}** {e.kind}: {e.snippet}  \n  gold: {e.gold}  \n  produced: {e.produced}"
                      for e in r.errors[:n_errors]]
            parts.append("")
    return "\n".join(parts)


def render_json(results: Sequence[EvalResult], *, n_errors: int = 0) -> str:
    """All results as one JSON document: ``{"results": [...]}``."""
    return json.dumps({"results": [r.to_dict(n_errors=n_errors) for r in results]}, indent=2, ensure_ascii=False)
