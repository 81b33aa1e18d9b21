"""Re-keying stored articles to their identity: takes a connection to a store written before article
identity (its ids were text hashes), gives the same store with the ids ingest now gives.

An article stored under ``a-<text hash>`` that has a URL, a title or a file of its own (one found from
the current folder) moves to that id (``eventwire.ingest.ids``). When two stored articles turn out to be
one (a corrected text that was stored as a second article), the one ingested last is kept and the others'
events are deleted, so the fused events they told are rebuilt and no outlet counts twice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any

import sqlalchemy as sa

from eventwire.ingest.ids import article_identity, is_whole_file, text_id
from eventwire.store import schema

_TEXT_ID = re.compile(r"a-[0-9a-f]{16}")


def identity_of(row: Any) -> str:
    """The id ingest would give the stored article ``row`` today (its own id if that was not a text hash)."""
    if not _TEXT_ID.fullmatch(row.id) or text_id(row.text) != row.id:
        return str(row.id)  # given by the input: kept
    file = row.origin if is_whole_file(row.origin, row.line) and os.path.isfile(row.origin) else None
    date = dt.date.fromisoformat(row.date) if row.date else None
    return article_identity(text=row.text, url=row.url, source=row.source, title=row.title, date=date,
                            file=file)[0]


def rekey_articles(conn: sa.Connection) -> int:
    """Move every stored article to its identity (see the module docstring); returns how many moved or merged."""
    from eventwire.store.fusion import clusters_of, refuse  # lazily: fusion imports the fuse stage

    a = schema.articles.c
    groups: dict[str, list[Any]] = {}
    for row in conn.execute(sa.select(a.id, a.text, a.url, a.source, a.title, a.date, a.origin, a.line,
                                      a.version, a.ingested_at)):
        groups.setdefault(identity_of(row), []).append(row)
    stale: set[str] = set()
    changed = 0
    for new_id, rows in groups.items():
        if len(rows) == 1 and rows[0].id == new_id:
            continue
        rows.sort(key=lambda r: (r.ingested_at, r.version))
        for older in rows[:-1]:
            stale |= _drop_article(conn, older.id, clusters_of)
        if rows[-1].id != new_id:
            stale |= clusters_of(conn, _event_ids(conn, rows[-1].id))
            _move_article(conn, rows[-1].id, new_id)
        # an analyst's corrections follow the article (they re-anchor by article, sub-type and span)
        r = schema.reviews.c
        conn.execute(sa.update(schema.reviews).where(r.article_id.in_([row.id for row in rows]))
                     .values(article_id=new_id))
        changed += len(rows)
    if stale:
        refuse(conn, [], stale)
    return changed


def _event_ids(conn: sa.Connection, article_id: str) -> list[str]:
    e = schema.events.c
    return [r[0] for r in conn.execute(sa.select(e.event_id).where(e.article_id == article_id))]


def _drop_article(conn: sa.Connection, article_id: str, clusters_of: Any) -> set[str]:
    """Delete an article superseded by a later version, with its events; returns the clusters they were in."""
    ids = _event_ids(conn, article_id)
    stale: set[str] = clusters_of(conn, ids)
    for table in (*schema.EVENT_CHILD_TABLES, schema.events):
        conn.execute(sa.delete(table).where(table.c.event_id.in_(ids)))
    conn.execute(sa.delete(schema.articles).where(schema.articles.c.id == article_id))
    return stale


def _move_article(conn: sa.Connection, old: str, new: str) -> None:
    """Give article ``old`` the id ``new``: a copy under the new id first (foreign keys), then its events."""
    a, e = schema.articles, schema.events
    row = conn.execute(sa.select(a).where(a.c.id == old)).mappings().one()
    conn.execute(sa.insert(a).values(**{**row, "id": new}))
    for event_id, data in conn.execute(sa.select(e.c.event_id, e.c.data).where(e.c.article_id == old)).all():
        record = json.loads(data)
        record["article_id"] = new  # the stored contract JSON is what every read returns
        conn.execute(sa.update(e).where(e.c.event_id == event_id)
                     .values(article_id=new, data=json.dumps(record, ensure_ascii=False)))
    s = schema.event_sources
    conn.execute(sa.update(s).where(s.c.article_id == old).values(article_id=new))
    conn.execute(sa.delete(a).where(a.c.id == old))


__all__ = ["identity_of", "rekey_articles"]
