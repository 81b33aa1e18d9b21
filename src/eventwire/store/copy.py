"""Copying a store to another database: takes two store URLs, gives the second an exact copy of the first.

Both are opened (and so migrated) first, so they share one schema; the target must be empty. Tables go
parents first, in chunks, every column as stored (ids included), inside one transaction on the target:
a copy that fails leaves the target empty. Indexes that a backend builds for itself (SQLite's FTS5,
PostgreSQL's text-search index) fill themselves from the copied rows; PostgreSQL's id sequences are moved
past the copied ids so new rows do not collide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from eventwire.errors import StoreError
from eventwire.store import schema
from eventwire.store.store import Store

_CHUNK = 2_000


@dataclass(frozen=True, kw_only=True, slots=True)
class CopySummary:
    """Rows copied, per table."""

    rows: dict[str, int] = field(default_factory=dict)


def copy_store(source: Store, target: Store, *, on_table: Callable[[str, int], None] = lambda t, n: None
               ) -> CopySummary:
    """Copy every row of ``source`` into the empty store ``target``.

    Raises:
        StoreError: the target already holds articles, events or runs (a copy never merges two stores).
    """
    tables = [t for t in schema.metadata.sorted_tables if t is not schema.schema_version]
    copied: dict[str, int] = {}
    with source.read() as src, target.write() as dst:
        for table in (schema.runs, schema.articles, schema.events):
            if dst.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
                raise StoreError(f"the target store {target.url} is not empty ({table.name} has rows); "
                                 "copy into a new database or schema")
        for table in tables:
            key = [c for c in table.primary_key.columns] or list(table.columns)
            result = src.execution_options(yield_per=_CHUNK).execute(sa.select(table).order_by(*key))
            n = 0
            for rows in result.partitions(_CHUNK):
                dst.execute(sa.insert(table), [dict(row._mapping) for row in rows])
                n += len(rows)
            copied[table.name] = n
            on_table(table.name, n)
        if dst.dialect.name == "postgresql":
            _advance_sequences(dst, tables)
    return CopySummary(rows=copied)


def _advance_sequences(conn: sa.Connection, tables: list[sa.Table]) -> None:
    # Rows came with their ids; the serial sequences behind those columns must continue after them.
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True:
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"))


__all__ = ["CopySummary", "copy_store"]
