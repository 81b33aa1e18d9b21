"""Article views: takes a store, gives stored articles, rejected inputs, and per-article facts for exports."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from eventwire.store import Store, schema


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleRow:
    """One stored article (without its text)."""

    id: str
    version: int
    status: str
    reason: str | None
    date: str | None
    date_source: str
    title: str | None
    source: str | None
    url: str | None
    origin: str
    line: int | None
    events: int
    run_id: str
    ingested_at: str
    warning: str | None = None  # e.g. a given date that is not a date (from the article's metadata)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ARTICLE_KEYS}


@dataclass(frozen=True, kw_only=True, slots=True)
class RejectionRow:
    """One input that could not become an article, and why."""

    origin: str
    line: int | None
    reason: str
    detail: str
    run_id: str
    rejected_at: str

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in REJECTION_KEYS}


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleInfo:
    """What an export row needs from its article: the outlet, and when it was stored (Unix seconds)."""

    source: str | None
    timestamp: int | None
    url: str | None = None


ARTICLE_KEYS = ("id", "version", "status", "reason", "date", "date_source", "title", "source", "url",
                "origin", "line", "events", "run_id", "ingested_at", "warning")
REJECTION_KEYS = ("origin", "line", "reason", "detail", "run_id", "rejected_at")


def list_articles(store: Store, *, limit: int | None = None) -> Iterator[ArticleRow]:
    """Stored articles with their event counts, in id order."""
    a, e = schema.articles.c, schema.events.c
    counts = sa.select(e.article_id, sa.func.count().label("n")).group_by(e.article_id).subquery()
    columns = [getattr(a, k) for k in ARTICLE_KEYS if k not in ("events", "warning")]
    query = (sa.select(*columns, a.metadata, sa.func.coalesce(counts.c.n, 0).label("events"))
             .outerjoin(counts, counts.c.article_id == a.id).order_by(a.id).limit(limit))
    with store.read() as conn:
        for row in conn.execute(query):
            fields = row._asdict()
            warning = _warning(fields.pop("metadata"))
            yield ArticleRow(**fields, warning=warning)


def _warning(metadata: str | None) -> str | None:
    bad = json.loads(metadata).get("unparsed_date") if metadata else None
    return None if bad is None else f"the date {str(bad)!r} is not a date (use YYYY-MM-DD)"


def list_rejections(store: Store, *, limit: int | None = None) -> Iterator[RejectionRow]:
    """Rejected inputs, by origin then line."""
    r = schema.rejections.c
    query = sa.select(*(getattr(r, k) for k in REJECTION_KEYS)).order_by(r.origin, r.line, r.id).limit(limit)
    with store.read() as conn:
        for row in conn.execute(query):
            yield RejectionRow(**row._asdict())


def article_info(store: Store) -> dict[str, ArticleInfo]:
    """Source, URL and storage time of every article, by id (the ``source``/``source_url``/``timestamp`` columns)."""
    a = schema.articles.c
    with store.read() as conn:
        rows = conn.execute(sa.select(a.id, a.source, a.url, a.ingested_at))
        return {r.id: ArticleInfo(source=r.source, timestamp=_unix(r.ingested_at), url=r.url) for r in rows}


def _unix(iso: str | None) -> int | None:
    return int(dt.datetime.fromisoformat(iso).timestamp()) if iso else None
