"""Shared fixtures. ``make test`` needs only the repository; ``make gate`` reads third-party gold data.

Tests that need the public gold datasets (see ``eventwire.evaluate.sources``) take the ``shared_dir``
fixture and are marked ``gate`` automatically, so ``make test`` (``-m "not gate"``) never touches them
and ``make gate`` (``-m gate``) runs exactly them. The data folder is ``$EVENTWIRE_SHARED`` (default
``../shared`` beside the repository); when it is missing the gate fails saying which datasets to fetch
and where from. The product never reads it.
"""

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
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Whatever reads the gold data belongs to the gate, whether or not its author remembered the mark.
    for item in items:
        if "shared_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gate)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    from eventwire.evaluate.sources import missing_message

    if not (SHARED / "data").is_dir():
        pytest.fail(missing_message(SHARED), pytrace=False)
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the whole session (it takes about a second)."""
    from eventwire.nlp import load_nlp

    return load_nlp()
