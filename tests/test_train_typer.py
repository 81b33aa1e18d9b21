"""The typer's recipe end to end on a small labelled set of our own (tests/fixtures/typing): deterministic
weights, a model card with held-out tables, and an `eval` that works on a single set."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventwire.evaluate.run_typing import evaluate_typing
from eventwire.evaluate.train_recipe import train_typer
from eventwire.extract.classify import load_weights

FIXTURE = Path(__file__).parent / "fixtures" / "typing"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path / "cache"))  # the vector cache, not the user's


def test_the_recipe_writes_weights_config_and_card_and_is_deterministic(tmp_path: Path) -> None:
    card = train_typer(tmp_path / "none", FIXTURE, tmp_path / "a", seed=0, loso=False)
    train_typer(tmp_path / "none", FIXTURE, tmp_path / "b", seed=0, loso=False)
    a, b = load_weights(tmp_path / "a"), load_weights(tmp_path / "b")
    assert np.array_equal(a.coef, b.coef) and np.array_equal(a.intercept, b.intercept)
    assert "5-fold held-out" in card and "| eventwire | 30 |" in card
    assert (tmp_path / "a" / "MODEL_CARD.md").read_text(encoding="utf-8") == card
    assert len(a.labels) == 26 and a.labels[-1] == "NONE" and a.curve is not None


def test_eval_on_a_single_labelled_set_reports_held_out_numbers() -> None:
    result = evaluate_typing(FIXTURE)
    assert result.kind == "typing"
    assert 0.0 <= result.metrics["eventwire_kfold_sub_event_accuracy"] <= 1.0
    assert "eventwire_gap_sub_event_accuracy" in result.metrics
