"""eventwire's own labelled set (data/annotations) is well formed: unique ids, labels whose words are in the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "data" / "annotations"
ROLES = ("actor1", "actor2", "assoc1", "assoc2")


def _rows() -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for path in sorted(FOLDER.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _labels(value: object) -> list[dict]:  # type: ignore[type-arg]
    return value if isinstance(value, list) else [value] if isinstance(value, dict) else []


def test_ids_are_unique() -> None:
    ids = [r["id"] for r in _rows()]
    assert len(ids) == len(set(ids)) > 2800


@pytest.mark.parametrize("role", ROLES)
def test_role_words_occur_in_the_text_and_carry_a_name(role: str) -> None:
    bad = [(r["id"], x) for r in _rows() for x in _labels(r.get(role))
           if not x.get("text") or x["text"] not in r["text"] or not x.get("name")]
    assert not bad, bad[:5]


def test_associated_actors_only_beside_their_side_on_events() -> None:
    """An associate belongs to a side: the row is an event and names that side's actor (ACLED codes an
    associated actor with its actor1 or actor2, never alone)."""
    bad = [r["id"] for r in _rows() for side in ("1", "2")
           if r.get("assoc" + side) and (not r.get("label") or not r.get("actor" + side))]
    assert not bad, bad[:5]


def test_enough_associated_actors_to_train_and_measure_on() -> None:
    n = sum(len(_labels(r.get(k))) for r in _rows() for k in ("assoc1", "assoc2"))
    assert n >= 150
