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


# --- PostgreSQL: the store tests run against SQLite and a real PostgreSQL server ------------------------

#: The server the PostgreSQL tests use (a database on it is created per session and dropped after).
PG_ADMIN_URL = os.environ.get("EVENTWIRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_database() -> object:
    """The URL of a fresh, uniquely named PostgreSQL database for this test session (dropped after).

    An unreachable server FAILS the PostgreSQL tests (CI has one): a skip would hide a broken backend.
    """
    import uuid

    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"eventwire_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except Exception as exc:  # noqa: BLE001 — any failure to reach the server is the same message
        admin.dispose()
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc.__class__.__name__}: "
                    f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''}); start the server "
                    "(CI and the dev machine run one on 127.0.0.1:5432) or point EVENTWIRE_TEST_PG at one")
    url = sa.make_url(PG_ADMIN_URL).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


def fresh_pg_schema(database_url: str) -> str:
    """A URL of ``database_url`` whose connections see only a new, empty schema (a fresh store per test)."""
    import uuid

    import sqlalchemy as sa

    schema_name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema_name}")
    engine.dispose()
    url = sa.make_url(database_url).update_query_dict({"options": f"-csearch_path={schema_name}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """Where a fresh store lives: a SQLite file, then (second run of the test) a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "ew.db")
    return fresh_pg_schema(request.getfixturevalue("pg_database"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_store_url(request, tmp_path_factory) -> str:
    """``store_url`` for a store shared by a module's tests."""
    if request.param == "sqlite":
        return str(tmp_path_factory.mktemp("store") / "ew.db")
    return fresh_pg_schema(request.getfixturevalue("pg_database"))


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
