"""Versioned schema migrations: takes a connection, gives a database at ``CURRENT_VERSION``.

The ``schema_version`` table holds one row per applied migration. ``MIGRATIONS`` is the ordered list of
migration functions; migration *n* (1-based) turns a version *n-1* database into version *n*. Opening an
older database applies the missing ones in order, inside the caller's transaction; opening a database
written by a newer eventwire raises ``StoreError`` instead of guessing.

To change the schema: edit ``schema.py`` *and* append a migration that makes the same change to an
existing database (``op``-style ``ALTER TABLE`` / ``CREATE INDEX`` through SQLAlchemy), never edit an
applied one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import sqlalchemy as sa

from eventwire.errors import StoreError
from eventwire.store import schema

Migration = Callable[[sa.Connection], None]


def _v1_initial(conn: sa.Connection) -> None:
    """The first schema: every table of ``schema.py`` but the later ones, with its indexes."""
    later = {schema.schema_version, *schema.V2_TABLES, *schema.V3_TABLES, *schema.V4_TABLES}
    tables = [t for t in schema.metadata.sorted_tables if t not in later]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)


def _v2_fusion(conn: sa.Connection) -> None:
    """Fusion: ``clusters`` and ``event_sources``, ``evidence.rule``; clusters the events already stored."""
    from eventwire.store.fusion import fuse_stored_events  # lazily: fusion imports the fuse stage

    schema.metadata.create_all(conn, tables=list(schema.V2_TABLES), checkfirst=True)
    columns = {c["name"] for c in sa.inspect(conn).get_columns(schema.evidence.name)}
    if "rule" not in columns:  # v1 databases; a fresh v1 step already made it from schema.py
        conn.execute(sa.text("ALTER TABLE evidence ADD COLUMN rule VARCHAR(64)"))
    fuse_stored_events(conn)


def _v3_review_overrides(conn: sa.Connection) -> None:
    """The review loop: ``reviews`` holds an analyst's corrections apart from the extracted values."""
    schema.metadata.create_all(conn, tables=list(schema.V3_TABLES), checkfirst=True)


def _v4_watched_feeds(conn: sa.Connection) -> None:
    """``eventwire watch``: ``watched_feeds`` keeps each feed's ETag/Last-Modified between sessions."""
    schema.metadata.create_all(conn, tables=list(schema.V4_TABLES), checkfirst=True)


def _article_identity(conn: sa.Connection) -> None:
    """Article identity: ids that were text hashes move to URL, title or file ids; a corrected text that
    was stored as a second article becomes one article again (the later text kept, fused events rebuilt)."""
    from eventwire.store.identity import rekey_articles  # lazily: it reads the ingest stage's id rules

    rekey_articles(conn)


def _article_text_search(conn: sa.Connection) -> None:
    """``--text`` searches article text: an FTS5 index of titles and texts (SQLite), filled and kept by triggers."""
    from eventwire.store.search import create_article_search

    create_article_search(conn)


def _coordinates_text_search_and_changes(conn: sa.Connection) -> None:
    """Scale-out: (latitude, longitude) btrees for --near/--bbox, PostgreSQL's full-text index of
    articles, and the ``changes`` log (empty: changes are recorded from this version on)."""
    from eventwire.store.pg_search import create_pg_article_search

    for index in schema.COORDINATE_INDEXES:
        index.create(conn, checkfirst=True)
    create_pg_article_search(conn)
    schema.changes.create(conn, checkfirst=True)
    if conn.dialect.name == "postgresql":  # stores made before: lift VARCHAR lengths (see schema.py)
        inspector = sa.inspect(conn)
        for table in schema.metadata.sorted_tables:
            for column in inspector.get_columns(table.name):
                if getattr(column["type"], "length", None) and type(column["type"]).__name__ == "VARCHAR":
                    conn.execute(sa.text(f'ALTER TABLE {table.name} ALTER COLUMN "{column["name"]}" TYPE VARCHAR'))


MIGRATIONS: tuple[Migration, ...] = (
    _v1_initial, _v2_fusion, _v3_review_overrides, _v4_watched_feeds, _article_identity, _article_text_search,
    _coordinates_text_search_and_changes,
)
CURRENT_VERSION = len(MIGRATIONS)


def current_version(conn: sa.Connection) -> int:
    """The schema version of the database behind ``conn`` (0 for an empty database)."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    found = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return int(found or 0)


def migrate(conn: sa.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database to ``len(migrations)``; returns the version it was at before.

    Raises:
        StoreError: the database was written by a newer eventwire (its version is above ours).
    """
    schema.schema_version.create(conn, checkfirst=True)
    found = current_version(conn)
    if found > len(migrations):
        raise StoreError(
            f"database schema version {found} is newer than this eventwire supports "
            f"({len(migrations)}); upgrade eventwire or use another --db"
        )
    for version in range(found + 1, len(migrations) + 1):
        migrations[version - 1](conn)
        conn.execute(sa.insert(schema.schema_version).values(version=version, applied_at=_now()))
    return found


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
