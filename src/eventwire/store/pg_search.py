"""Full-text search of article text on PostgreSQL: a GIN index over ``to_tsvector`` of each article's
title and text, and the condition that uses it.

The twin of the SQLite FTS5 index (``store.search``): English stemming ("strikes" finds "strike"), every
word of the search required (``plainto_tsquery``, which also never reads the user's words as operators).
An expression index needs no extra column or trigger: the database keeps it in step with ``articles``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from eventwire.store import schema

#: The text search configuration; the index and the query must name the same one to use the index.
TS_CONFIG = "english"
INDEX_NAME = "ix_articles_text_search"


def _document() -> sa.ColumnElement[Any]:
    a = schema.articles.c
    # Literals, not bound parameters: PostgreSQL uses an expression index only for the same expression.
    text = sa.func.coalesce(a.title, sa.literal_column("''")).concat(sa.literal_column("' '")).concat(a.text)
    return sa.func.to_tsvector(sa.literal_column(f"'{TS_CONFIG}'::regconfig"), text)


def create_pg_article_search(conn: sa.Connection) -> None:
    """Create the GIN index (PostgreSQL; a no-op on other backends)."""
    if conn.dialect.name != "postgresql":
        return
    document = _document().compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    # Raw DDL: an ``sa.Index`` would join ``schema.articles`` and be created on SQLite too.
    conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles USING gin ({document})")


def matching_articles(needle: str) -> sa.Select[Any]:
    """The ids of the articles whose title or text holds every word of ``needle`` (PostgreSQL SQL)."""
    query = sa.func.plainto_tsquery(sa.literal_column(f"'{TS_CONFIG}'::regconfig"), needle)
    return sa.select(schema.articles.c.id).where(_document().op("@@")(query))


__all__ = ["INDEX_NAME", "TS_CONFIG", "create_pg_article_search", "matching_articles"]
