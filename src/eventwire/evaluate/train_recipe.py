"""``eventwire train events``: labelled sets in; the shipped typer's weights, config and model card out.

Propose and encode (``train_events.prepare``), measure held out through the pipeline
(``run_typing.measure``: 5-fold, leave-one-source-out, tuned beside them), calibrate the confidence on the
out-of-fold top events only, fit on everything, write ``weights.npz``, ``config.json`` and
``MODEL_CARD.md``. Deterministic from the seed: the same data gives the same weights.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from eventwire.evaluate import run_typing as rt
from eventwire.evaluate import train_events as te
from eventwire.evaluate.report import md_table
from eventwire.evaluate.train_sets import PUBLIC_SETS

TYPER_VERSION = "typer-1"


def train_typer(data_dir: Path, annotations_dir: Path | None, out_dir: Path, *, seed: int = 0, c: float = te.DEFAULT_C,
                loso: bool = True, log: Callable[[str], None] = lambda _: None,
                parses: dict[str, Any] | None = None) -> str:
    """Train, measure and write the typer; returns the model card's text. ``parses`` (sentence → spaCy
    parse) may come from an earlier run over the same texts."""
    parses = {} if parses is None else parses  # each text parsed once for every run of the measurement
    table, cache = te.prepare(data_dir, annotations_dir, log, parse_cache=parses)
    result, full = rt.measure(table, c=c, seed=seed, version=TYPER_VERSION, cache=cache, loso=loso, log=log,
                              parses=parses)
    cache.save()
    calibration = rt.calibrate(result, table.items)
    log(f"confidence calibration (out-of-fold): {calibration}")
    te.write_model(out_dir, full, table, version=TYPER_VERSION, seed=seed, c=c, metrics=rt.metrics(result),
                   calibration=calibration, min_probability=0.0)
    card = model_card(result, calibration, seed=seed, c=c)
    (out_dir / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    return card


def model_card(result: rt.Measurement, calibration: dict[str, float], *, seed: int, c: float) -> str:
    texts = ", ".join(f"{k} {v:,}" for k, v in result.texts.items())
    rows = ", ".join(f"{k} {v}" for k, v in result.rows.items())
    sources = "\n".join(f"- `{s.name}`: {s.url}" for s in PUBLIC_SETS)
    measured = "\n\n".join(f"**{t.title}**\n\n" + md_table(t.header, t.rows) for t in rt.tables(result))
    return f"""# eventwire sub-event typer ({TYPER_VERSION})

Decides the ACLED sub-event type (25 exact TAXONOMY strings) or "not an event" of each event mention the
rules propose. Input: the mention's sentence as an all-MiniLM-L6-v2 vector (int8 ONNX, mean pooled, 128
tokens) and the rules' outputs as 0/1 features (proposed sub-type, trigger families, cue groups, agent and
patient kinds, casualties). Model: multinomial logistic regression (L2, C={c}, balanced class weights,
lbfgs, seed {seed}); weights stored as float16 (`weights.npz`), everything else in `config.json`.

## Training data
Texts: {texts}.
Training rows (proposed mentions with a label): {rows}.

A mention takes its text's label; a label that maps to several ACLED sub-types (e.g. SATP
"armed_assault" = Attack or Armed clash) is used only where the rules' proposal is one of them, and never
scored. Label maps: `eventwire/evaluate/train_sets.py`.

Sources and licences:
- `eventwire` (`data/annotations/`): written for this project, redistributable with it (MIT).
{sources}

Public sets are research-use data; they are not redistributed with eventwire, only these weights.

## Held-out measurement (through the whole pipeline; a text's prediction is its top event's sub-type)
"Tuned" is the shipped model on texts it was fitted on; "5-fold" and "leave-source-out" never saw the
texts they score (folds fixed by a hash of each id). The rules themselves were written against the CASE
half, so its numbers stay optimistic even held out; `eventwire` (our own set) is the fairest check.

{measured}

## Confidence
Fitted on out-of-fold top events only: confidence = sigmoid(a·logit(p) + b·evidence score + c) with
{calibration}.

## Reproduce
```sh
pip install -e '.[train]'
eventwire train events --data path/to/labelled-sets --annotations data/annotations --seed {seed}
```
"""
