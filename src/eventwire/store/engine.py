"""Opening a database: takes a path or an SQLAlchemy URL, gives a migrated ``sqlalchemy.Engine``.

SQLite gets WAL (readers never block the writer, nor the writer them), a busy timeout (a second writer
waits instead of failing with "database is locked"), foreign keys, and ``BEGIN IMMEDIATE`` for write
transactions (so two writers queue at BEGIN instead of deadlocking on a read-to-write upgrade). All of
that lives in connection events here; queries elsewhere stay backend-neutral.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from eventwire.errors import StoreError

#: Milliseconds a SQLite connection waits for a lock before giving up (``EVENTWIRE_BUSY_TIMEOUT``, seconds).
BUSY_TIMEOUT_MS = 60_000


def busy_timeout_ms() -> int:
    """The lock wait: ``EVENTWIRE_BUSY_TIMEOUT`` seconds if set (and a number), else ``BUSY_TIMEOUT_MS``."""
    value = os.environ.get("EVENTWIRE_BUSY_TIMEOUT", "")
    try:
        return max(0, int(float(value) * 1000)) if value else BUSY_TIMEOUT_MS
    except ValueError:
        raise StoreError(f"EVENTWIRE_BUSY_TIMEOUT={value!r} is not a number of seconds; set it to e.g. 60") from None
#: Execution option marking a connection whose transactions will write.
WRITE_OPTION = "eventwire_write"


def to_url(url_or_path: str) -> sa.URL:
    """An SQLAlchemy URL for ``url_or_path``: URLs (``dialect://...``) as given, anything else a SQLite path."""
    if "://" in url_or_path:
        try:
            url = sa.make_url(url_or_path)
        except sa.exc.ArgumentError as exc:
            raise StoreError(f"not a database URL: {url_or_path!r} ({exc})") from exc
        # A plain postgresql:// URL means psycopg 3, the driver the [postgres] extra installs
        # (SQLAlchemy's own default, psycopg2, is not a dependency).
        return url.set(drivername="postgresql+psycopg") if url.drivername in ("postgresql", "postgres") else url
    path = Path(url_or_path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory; --db wants a database file path or URL")
    if not path.parent.is_dir():  # SQLite would only say "unable to open database file"
        raise StoreError(f"the folder {path.parent} of --db {path} does not exist; create it "
                         f"(mkdir -p {path.parent}) or pass a --db path in an existing folder")
    return sa.URL.create("sqlite+pysqlite", database=str(path))


def create_engine(url: sa.URL) -> sa.Engine:
    """An engine for ``url`` with the SQLite pragmas and transaction handling installed when needed."""
    try:
        engine = sa.create_engine(url)
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        hint = ("; for PostgreSQL run: pip install 'eventwire[postgres]'" if url.drivername.startswith("postgresql")
                else "; use a file path, sqlite:///PATH or postgresql+psycopg://...")
        raise StoreError(f"no database driver for {url.drivername} ({exc}){hint}") from exc
    if engine.dialect.name == "sqlite":
        _install_sqlite_events(engine)
    if engine.dialect.name == "postgresql":
        _install_postgresql_events(engine)
    return engine


def _install_sqlite_events(engine: sa.Engine) -> None:
    timeout = busy_timeout_ms()

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {timeout}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable at each WAL checkpoint, fast commits
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


#: The advisory lock key that PostgreSQL write transactions take (any constant; "eventwire" in ASCII).
PG_WRITE_LOCK = 0x6576656E7477


def _install_postgresql_events(engine: sa.Engine) -> None:
    # The PostgreSQL twin of SQLite's BEGIN IMMEDIATE: a write transaction first takes one advisory
    # lock, held until it commits, so writers from any number of processes or machines queue instead
    # of racing. Inside the lock each statement sees every earlier writer's commits (READ COMMITTED),
    # so the "already stored?" check, the upserts and the incremental fusion of a batch are as correct
    # as with one writer, and ``changes`` ids are handed out in commit order. Readers never wait.
    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION, False):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
