"""The detector's recipe end to end on a small labelled set of our own (tests/fixtures/detect): deterministic
weights, a config the runtime loads, and a model card with tuned and held-out tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventwire.evaluate.train_detect import train_detector
from eventwire.extract.detect import DETECT_VERSION, load_weights

FIXTURE = Path(__file__).parent / "fixtures" / "detect"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path / "cache"))  # the vector cache, not the user's


def test_the_recipe_writes_weights_config_and_card_and_is_deterministic(tmp_path: Path) -> None:
    card = train_detector(None, FIXTURE, tmp_path / "a", seed=0, pipeline=False)
    train_detector(None, FIXTURE, tmp_path / "b", seed=0, pipeline=False)
    a, b = load_weights(tmp_path / "a"), load_weights(tmp_path / "b")
    assert np.array_equal(a.coef, b.coef) and a.intercept == b.intercept and a.threshold == b.threshold
    assert a.version == DETECT_VERSION and a.coef.shape == (384 + 6,)
    assert "5-fold held-out" in card and "leave-source-out" in card and "| eventwire |" in card
    assert (tmp_path / "a" / "MODEL_CARD.md").read_text(encoding="utf-8") == card
