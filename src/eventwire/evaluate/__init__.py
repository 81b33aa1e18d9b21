"""evaluate stage: gold datasets in, metrics (and the cases we got wrong) out.

``evaluate_dataset`` detects what a file holds and runs the matching runner:
``run_events`` (CASE 2021 event types), ``run_geoparse`` (GeoWebNews, LGL), ``run_geogolden`` (event places on short conflict reports), ``run_golden`` (the demo
corpus's golden events), ``run_time`` (TempEval-3 dates). ``bench`` measures speed and memory.
Loaders live in ``datasets``, pure metrics in ``metrics``, rendering in ``report``.
"""

from __future__ import annotations

from pathlib import Path

from eventwire.evaluate.datasets import detect_kind
from eventwire.evaluate.result import EvalResult


def evaluate_dataset(path: str | Path, *, kind: str | None = None, limit: int | None = None,
                     cv: bool = False) -> EvalResult:
    """Evaluate the pipeline on one dataset file (or golden corpus folder); ``cv`` adds the learned geo
    ranker's 5-fold held-out scores to a geoparsing evaluation."""
    kind = kind or detect_kind(path)
    if kind == "roles":
        from eventwire.evaluate.train_roles import evaluate_roles

        folder = Path(path)
        # a folder of public sets (train/, events/) is read with our own annotations; any other folder is
        # itself a set of our annotation format
        public = (folder / "train").is_dir() or (folder / "events").is_dir()
        own = Path("data/annotations") if public else folder
        return evaluate_roles(folder, annotations_dir=own if own.is_dir() else None)
    if kind == "typing":
        from eventwire.evaluate.run_typing import evaluate_typing

        return evaluate_typing(path)
    if kind == "case":
        from eventwire.evaluate.run_events import evaluate_case

        return evaluate_case(path, limit=limit)
    if kind == "geoparse":
        from eventwire.evaluate.run_geoparse import evaluate_geoparse

        return evaluate_geoparse(path, limit=limit, cv=cv)
    if kind == "geogolden":
        from eventwire.evaluate.run_geogolden import evaluate_geogolden

        return evaluate_geogolden(path, limit=limit)
    if kind == "golden":
        from eventwire.evaluate.run_golden import evaluate_golden

        return evaluate_golden(path, limit=limit)
    from eventwire.evaluate.run_time import evaluate_time

    return evaluate_time(path, limit=limit)


__all__ = ["EvalResult", "detect_kind", "evaluate_dataset"]
