"""Shared fixtures. Tests may read ../shared (gold data); the product never does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples"
# Tests never read the developer's own actor and place lists (~/.config/eventwire); user-list tests set
# their own folder.
os.environ["EVENTWIRE_USER_DATA"] = str(REPO / "tests" / "fixtures" / "no-user-data")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared data not found at {SHARED}; set EVENTWIRE_SHARED to its path")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the whole session (it takes about a second)."""
    from eventwire.nlp import load_nlp

    return load_nlp()
