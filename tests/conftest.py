"""Shared fixtures. Tests may read ../shared (gold data); the product never does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples"


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


HOSTILE_ARTICLE = """date 2024-09-12
title: <img src=x onerror="window.__pwned='title'"> Beni attack
source: <script>window.__pwned='source'</script>Hostile Wire
Gunmen killed five villagers in Beni on Tuesday. <script>window.__pwned='text'</script> Witnesses said the
attackers <img src=x onerror="window.__pwned='img'"> fled into the forest.
"""


@pytest.fixture(scope="session")
def served_db(tmp_path_factory) -> Path:
    """The demo corpus plus one hostile article (markup in its title, source and text), ingested for real.

    Shared by the REST API, fuzz and browser tests of ``eventwire serve``.
    """
    from eventwire.config import Settings
    from eventwire.run.local import default_geoparser, ingest
    from eventwire.store import open_store

    folder = tmp_path_factory.mktemp("served")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    db = folder / "served.db"
    with open_store(str(db), create=True) as store:
        ingest([str(EXAMPLES / "articles"), str(hostile)], store, Settings(), geoparser=default_geoparser(),
               progress=False)
    return db
