"""The Python API: what a notebook user calls, each a thin wrapper over one stage's function.

    >>> from eventwire.api.library import extract_text
    >>> events = extract_text("Gunmen killed five villagers in Beni on Tuesday.", date="2024-09-11")

Models and the gazetteer load on first use and stay loaded for the process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from eventwire.api.query import EventFilter, query_events, query_fused
from eventwire.ingest.ids import text_id
from eventwire.model import Article, ArticleResult, Event
from eventwire.store import open_store

__all__ = ["EventFilter", "extract_articles", "extract_text", "open_store", "query_events", "query_fused"]


def extract_text(
    text: str, *, date: str | dt.date | None = None, article_id: str | None = None, geo: bool = True
) -> list[Event]:
    """Events in one article's ``text``, its publication ``date`` (ISO string or date) anchoring
    relative dates ("on Tuesday"). ``geo=False`` skips geoparsing (faster; no coordinates)."""
    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    article = Article(id=article_id or text_id(text), text=text, date=day,
                      date_source="given" if day else "unknown", origin="<python>")
    (result,) = extract_articles([article], geo=geo)
    return list(result.events)


def extract_articles(articles: Iterable[Article], *, geo: bool = True) -> Iterator[ArticleResult]:
    """Stream ``ArticleResult`` for ``articles`` (batched through the NLP pipeline)."""
    from eventwire.extract import extract_articles as run
    from eventwire.geo import choose_geoparser

    results: Iterator[ArticleResult] = run(articles, geoparser=choose_geoparser(enabled=geo))
    return results
