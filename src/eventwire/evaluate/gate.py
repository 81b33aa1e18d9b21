"""The quality gate's logic: a baseline (pinned data hashes, floors, ceilings) and measured metrics in,
the list of failures out.

The baseline file (``tests/quality_baseline.json``) lists, per dataset, where its data lives, the sha256
of that data, ``floors`` for metrics where higher is better and ``ceilings`` for those where lower is
better (error km, AUC). Floors only go up; lowering one needs a reason in the commit message.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.evaluate.datasets import sha256_file


@dataclass(frozen=True, kw_only=True, slots=True)
class GateEntry:
    """One dataset of the gate: its data, the subset scored and the pinned bounds."""

    name: str
    root: str  # "shared" (../shared) or "repo"
    path: str
    sha256: str
    floors: Mapping[str, float]
    ceilings: Mapping[str, float]
    ids: frozenset[str] | None = None
    limit: int | None = None


def load_baseline(path: str | Path) -> tuple[GateEntry, ...]:
    """The entries of a baseline file, in file order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(_entry(name, spec) for name, spec in data["datasets"].items())


def _entry(name: str, spec: Mapping[str, Any]) -> GateEntry:
    ids = spec.get("ids")
    return GateEntry(name=name, root=spec["root"], path=spec["path"], sha256=spec["sha256"],
                     floors=dict(spec.get("floors", {})), ceilings=dict(spec.get("ceilings", {})),
                     ids=frozenset(ids) if ids else None, limit=spec.get("limit"))


def data_digest(path: str | Path) -> str:
    """sha256 of a file, or of a folder: every file's relative path and sha256, in sorted order."""
    p = Path(path)
    if p.is_file():
        return sha256_file(p)
    if not p.is_dir():
        raise DatasetError(f"{p}: gate data not found")
    digest = hashlib.sha256()
    for f in sorted(x for x in p.rglob("*") if x.is_file() and "__pycache__" not in x.parts):
        digest.update(f"{f.relative_to(p).as_posix()}\0{sha256_file(f)}\n".encode())
    return digest.hexdigest()


def check_bounds(metrics: Mapping[str, float], entry: GateEntry) -> list[str]:
    """One message per metric below its floor or above its ceiling (or missing)."""
    failures: list[str] = []
    for key, floor in entry.floors.items():
        value = metrics.get(key)
        if value is None or value < floor:
            failures.append(f"{entry.name}: {key} = {value} is below its floor {floor}")
    for key, ceiling in entry.ceilings.items():
        value = metrics.get(key)
        if value is None or value > ceiling:
            failures.append(f"{entry.name}: {key} = {value} is above its ceiling {ceiling}")
    return failures
