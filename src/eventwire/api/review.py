"""The review loop: takes a store and an analyst's decisions, gives stored corrections and the work queue.

    >>> from eventwire.api.review import edit, review_queue
    >>> for item in review_queue(store, by_confidence=True)[:5]: ...
    >>> edit(store, "b3ee77c2f010c3ba", "fatalities", "9", who="Ana", why="toll updated by the ministry")

Every action appends one row to ``reviews`` (who, when, why, and the event's anchor: article, sub-type,
evidence span) and never touches the extracted values; ``eventwire.api.overrides`` applies the rows on
every read. ``split`` returns the id of the new copy (``<event_id>~<review id>``), which the other
actions take like any event id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from eventwire.api.overrides import SPLIT_MARK, Plan, Review, anchor_of, load_plan, load_reviews, parse_value
from eventwire.api.query import EventFilter, query_events
from eventwire.errors import ReviewError
from eventwire.model import Event
from eventwire.store import Store, schema
from eventwire.store.store import now_iso

STATUSES = ("unreviewed", "reviewed", "all")


@dataclass(frozen=True, kw_only=True, slots=True)
class ReviewItem:
    """One event in the review queue, as it reads now, with its review status (None: not reviewed)."""

    event: Event
    status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.event.to_dict(), "review_status": self.status}


def review_queue(store: Store, filters: EventFilter | None = None, *, by_confidence: bool = False,
                 status: str = "unreviewed") -> list[ReviewItem]:
    """Events to review: ``unreviewed`` (default), ``reviewed`` or ``all``, least confident first if asked.

    The filters' ``limit`` applies after sorting, so ``--by-confidence --limit 20`` is the 20 least sure.
    """
    if status not in STATUSES:
        raise ReviewError(f"unknown review status {status!r}; choose one of {', '.join(STATUSES)}")
    filters = filters or EventFilter()
    reviewed = {"unreviewed": False, "reviewed": True, "all": None}[status]
    with store.read() as conn:
        plan = load_plan(conn)
    events = list(query_events(store, _replace_filter(filters, reviewed=reviewed, limit=None)))
    if by_confidence:
        events.sort(key=lambda e: (e.confidence, e.event_date or "", e.event_id))
    items = [ReviewItem(event=e, status=plan.status.get(e.event_id)) for e in events]
    return items[:filters.limit] if filters.limit is not None else items


def _replace_filter(filters: EventFilter, **changes: Any) -> EventFilter:
    fields = {name: getattr(filters, name) for name in EventFilter.__dataclass_fields__}
    return EventFilter(**{**fields, **changes})


def accept(store: Store, event_id: str, *, who: str, why: str = "") -> Review:
    """Mark an event right as it reads (a rejected one is restored)."""
    return _record(store, "accept", event_id, who=who, why=why, allow_hidden=True)


def reject(store: Store, event_id: str, *, who: str, why: str) -> Review:
    """Mark an event wrong: it no longer appears in any read or export (``accept`` brings it back)."""
    return _record(store, "reject", event_id, who=who, why=_needed(why))


def edit(store: Store, event_id: str, field: str, value: Any, *, who: str, why: str) -> Review:
    """Set one field of an event. ``value`` is text as on the command line (``""``/``null`` clears it).

    A new ``sub_event_type`` brings its event type, disorder type and PLOVER/CAMEO codes along.
    """
    try:
        typed = parse_value(field, value if isinstance(value, str) else json.dumps(value))
    except ValueError as exc:
        raise ReviewError(f"cannot edit {event_id}: {exc}") from exc
    return _record(store, "edit", event_id, who=who, why=_needed(why), field=field, value=typed)


def merge(store: Store, keep_id: str, other_id: str, *, who: str, why: str) -> Review:
    """Two records of one event: ``other_id`` is folded into ``keep_id`` and no longer appears."""
    if keep_id == other_id:
        raise ReviewError(f"cannot merge {keep_id} with itself; give two different event ids")
    with store.read() as conn:
        _visible(conn, load_plan(conn), keep_id)
    return _record(store, "merge", other_id, who=who, why=_needed(why), target_event_id=keep_id)


def split(store: Store, event_id: str, *, who: str, why: str) -> str:
    """One record that tells two events: adds a copy, to be edited into the second; returns the copy's id."""
    if SPLIT_MARK in event_id:
        raise ReviewError(f"{event_id} is already a split copy; split the original event again instead")
    review = _record(store, "split", event_id, who=who, why=_needed(why))
    return f"{review.event_id}{SPLIT_MARK}{review.id}"


def orphans(store: Store) -> list[Review]:
    """Reviews whose event is gone after re-extraction: kept, listed, never applied to another event."""
    with store.read() as conn:
        return list(load_plan(conn).orphans)


def history(store: Store, event_id: str | None = None) -> list[Review]:
    """Every review, oldest first (only those of one event, or its split copies, if ``event_id`` is given)."""
    with store.read() as conn:
        reviews = load_reviews(conn)
    if event_id is None:
        return reviews
    base = event_id.split(SPLIT_MARK, 1)[0]
    return [r for r in reviews if event_id in (r.event_id, r.reviewed_id, r.target_event_id) or r.event_id == base]


def _needed(why: str) -> str:
    if not why or not why.strip():
        raise ReviewError("say why (--why TEXT): every correction records its reason")
    return why.strip()


def _record(store: Store, action: str, event_id: str, *, who: str, why: str, allow_hidden: bool = False,
            **values: Any) -> Review:
    if not who or not who.strip():
        raise ReviewError("say who reviews (--who NAME or $EVENTWIRE_REVIEWER): every correction records it")
    with store.write() as conn:
        plan = load_plan(conn)
        event, split_of = _visible(conn, plan, event_id, allow_hidden=allow_hidden)
        row = {**anchor_of(event), "action": action, "split_of": split_of, "who": who.strip(), "why": why,
               "created_at": now_iso(), "field": values.get("field"),
               "value": json.dumps(values["value"], ensure_ascii=False) if "value" in values else None,
               "target_event_id": values.get("target_event_id")}
        key = conn.execute(sa.insert(schema.reviews).values(**row)).inserted_primary_key
        new_id = int(key[0]) if key is not None else 0
    return Review(**{**row, "id": new_id, "value": values.get("value")})


def _visible(conn: sa.Connection, plan: Plan, event_id: str, *, allow_hidden: bool = False
             ) -> tuple[Event, int | None]:
    """The stored event (as extracted) an id names, and the split it is a copy of; a ReviewError if none."""
    base, _, copy = event_id.partition(SPLIT_MARK)
    split_of = int(copy) if copy.isdigit() else None
    if copy and (split_of is None or event_id not in plan.status):
        raise ReviewError(f"no split copy {event_id}; `eventwire review list --status all` shows the ids")
    e = schema.events.c
    row = conn.execute(sa.select(e.data).where(e.event_id == base)).first()
    if row is None:
        raise ReviewError(f"no event {base} in the store; `eventwire review list` shows the ids "
                          "(an event re-extracted under a new id keeps its reviews: see `review orphans`)")
    hidden = (split_of in plan.hidden_copies) if split_of else (base in plan.hidden)
    if hidden and not allow_hidden:
        raise ReviewError(f"event {event_id} was rejected or merged away; `eventwire review accept {event_id}` "
                          "restores it first")
    return Event.from_dict(json.loads(row.data)), split_of


__all__ = ["ReviewItem", "STATUSES", "accept", "edit", "history", "merge", "orphans", "reject", "review_queue",
           "split"]
