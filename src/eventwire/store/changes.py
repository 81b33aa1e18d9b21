"""The change log: takes a batch's before and after, gives ``changes`` rows; and reads them back by cursor.

A batch that stores a new article version replaces that article's events. Comparing the event ids it
had before the batch with the ids of its last version in the batch says, per event, whether it is new,
updated (same id, new version) or retracted (gone). The rows are written in the batch's transaction, so
a consumer never sees events without their changes, nor changes of a batch that rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from eventwire.model import Event
from eventwire.store import schema

_CHUNK = 500


@dataclass(frozen=True, kw_only=True, slots=True)
class Change:
    """One change of one event. ``cursor`` is the value to pass as ``since`` to read what came after it."""

    cursor: int
    event_id: str
    article_id: str
    change: str  # new | updated | retracted
    version: int
    run_id: str
    changed_at: str
    event: Event | None  # the event as stored now; None once it is gone

    def to_dict(self) -> dict[str, Any]:
        return {"cursor": self.cursor, "event_id": self.event_id, "article_id": self.article_id,
                "change": self.change, "version": self.version, "run_id": self.run_id,
                "changed_at": self.changed_at, "event": self.event.to_dict() if self.event else None}


def events_of_articles(conn: sa.Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """The stored events of ``article_ids``: event id → article id (taken before a batch writes)."""
    ids, found = list(dict.fromkeys(article_ids)), dict[str, str]()
    e = schema.events.c
    for i in range(0, len(ids), _CHUNK):
        query = sa.select(e.event_id, e.article_id).where(e.article_id.in_(ids[i : i + _CHUNK]))
        found.update({row.event_id: row.article_id for row in conn.execute(query)})
    return found


def record_changes(conn: sa.Connection, run_id: str, changed_at: str, before: Mapping[str, str],
                   written: Mapping[str, tuple[int, Sequence[Event]]]) -> int:
    """Write the change rows of a batch; ``written`` maps each stored article to (version, its events)."""
    rows: list[dict[str, Any]] = []
    for article_id, (version, events) in written.items():
        old = {event_id for event_id, owner in before.items() if owner == article_id}
        new = [e.event_id for e in events]
        kinds = [(eid, "updated" if eid in old else "new") for eid in dict.fromkeys(new)]
        kinds += [(eid, "retracted") for eid in sorted(old - set(new))]
        rows += [{"event_id": eid, "article_id": article_id, "change": kind, "version": version,
                  "run_id": run_id, "changed_at": changed_at} for eid, kind in kinds]
    if rows:
        conn.execute(sa.insert(schema.changes), rows)
    return len(rows)


def read_changes(conn: sa.Connection, since: int = 0, limit: int | None = None) -> Iterator[Change]:
    """Changes after the cursor ``since`` (0: from the start), oldest first, with each event as it is now."""
    c, e = schema.changes.c, schema.events.c
    query = (sa.select(c.id, c.event_id, c.article_id, c.change, c.version, c.run_id, c.changed_at, e.data)
             .outerjoin(schema.events, e.event_id == c.event_id).where(c.id > since).order_by(c.id))
    if limit is not None:
        query = query.limit(limit)
    for row in conn.execute(query):
        # The event as stored now (a later change of it may follow); none once it is gone.
        current = row.data is not None
        yield Change(cursor=row.id, event_id=row.event_id, article_id=row.article_id, change=row.change,
                     version=row.version, run_id=row.run_id, changed_at=row.changed_at,
                     event=Event.from_dict(json.loads(row.data)) if current else None)


__all__ = ["Change", "events_of_articles", "read_changes", "record_changes"]
