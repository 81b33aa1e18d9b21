"""Full-text search of article text: takes the store's connection, gives an SQLite FTS5 index of every
article's title and text, kept in step with ``articles`` by triggers, and the query pieces that rank
articles against a user's words.

SQLite only: the index is a standalone FTS5 table (``article_id`` unindexed, ``title``, ``text``, Porter
stemming, so "strikes" finds "strike"). A standalone table costs a second copy of the text but, unlike an
external-content index, cannot drift when SQLite renumbers rowids (``VACUUM`` does for tables without an
integer primary key). Other backends have no index; ``eventwire.api.query`` then matches words with
ILIKE, unranked.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

FTS_TABLE = "articles_fts"

_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "article_id UNINDEXED, title, text, tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
    f"INSERT INTO {FTS_TABLE} (article_id, title, text) VALUES (new.id, new.title, new.text); END",
    # Only a new version (text or title changed) or a new id touches the index: re-ingesting costs nothing.
    f"CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF id, title, text ON articles BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE article_id = old.id; "
    f"INSERT INTO {FTS_TABLE} (article_id, title, text) VALUES (new.id, new.title, new.text); END",
    f"CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE article_id = old.id; END",
)

#: Weights of ``title`` and ``text`` in the bm25 rank (the article id column counts for nothing).
_WEIGHTS = (0.0, 2.0, 1.0)
_WORD = re.compile(r"\w+", re.UNICODE)

_fts = sa.table(FTS_TABLE, sa.column("article_id"), sa.column("title"), sa.column("text"))


def create_article_search(conn: sa.Connection) -> None:
    """Create the index and its triggers (SQLite; a no-op elsewhere) and fill it from stored articles."""
    if conn.dialect.name != "sqlite":
        return
    for statement in _DDL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"DELETE FROM {FTS_TABLE}")
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (article_id, title, text) SELECT id, title, text FROM articles")


def words(needle: str) -> list[str]:
    """The words of a search (letters and digits; punctuation and FTS operators dropped)."""
    return _WORD.findall(needle)


def match_query(needle: str) -> str:
    """An FTS5 query finding articles with every word of ``needle``, each word quoted (never an operator)."""
    return " ".join(f'"{w}"' for w in words(needle))


def matching_articles(needle: str) -> sa.Select[Any]:
    """``SELECT article_id`` of the articles matching ``needle``: the set ``ranked_articles`` ranks, unranked
    (a query paged by date, or counting, needs only which articles match)."""
    table: sa.ColumnElement[Any] = sa.literal_column(FTS_TABLE)
    return sa.select(_fts.c.article_id).where(table.op("MATCH")(match_query(needle)))


def ranked_articles(needle: str) -> Any:
    """A subquery ``(article_id, rank)`` of the articles matching ``needle``; lower rank is better (bm25)."""
    table: sa.ColumnElement[Any] = sa.literal_column(FTS_TABLE)
    rank = sa.func.bm25(table, *_WEIGHTS).label("rank")
    # A materialised CTE: SQLite may only call bm25() in the FTS query itself, never once the planner
    # has folded the subquery into a join or an aggregate (a fused event's best member).
    return (sa.select(_fts.c.article_id, rank)
            .where(table.op("MATCH")(match_query(needle))).cte("article_rank").prefix_with("MATERIALIZED"))


__all__ = ["FTS_TABLE", "create_article_search", "match_query", "matching_articles", "ranked_articles", "words"]
