"""Single-record views: takes a store and an id, gives one event's full story or one article with its spans.

``event_record`` is what an analyst checks before citing: the record, its evidence, the claims ledger
(who claimed, attributed or denied it, in which article, on which words), the articles telling it and,
for a fused event, its merge lineage (the member events and which of them each merged value came from).
``article_record`` gives an article's text with every evidence span of its events, so any offset can be
checked against the text; ``mark_spans`` renders that for a terminal. The REST API and
``eventwire articles show`` both read through here. Analysts' reviews apply as in every list (a rejected
event is not found, an edit shows, a split copy is an event of its article).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from eventwire.api.overrides import SPLIT_MARK, Plan, load_plan
from eventwire.api.query import corrected_cluster, sources_of
from eventwire.model import EVENT_KEYS, Event
from eventwire.store import Store, schema

CLAIM_KINDS = ("claimed_by", "attributed_by", "denied_by")
_ARTICLE_KEYS = ("id", "version", "title", "source", "url", "date", "date_source", "origin", "line",
                 "status", "reason", "run_id", "ingested_at")


@dataclass(frozen=True, kw_only=True, slots=True)
class Span:
    """One evidence span of one event, located in its article's text."""

    event_id: str
    start: int
    end: int
    text: str
    field: str
    rule: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "start": self.start, "end": self.end, "text": self.text,
                "field": self.field, "rule": self.rule}


def event_record(store: Store, event_id: str, *, fused: bool = False) -> dict[str, Any] | None:
    """The full record of an article event (or, with ``fused``, of a fused event) after review; None if
    unknown or rejected. A split copy (``<event_id>~N``) is found as an article event."""
    base = event_id.split(SPLIT_MARK, 1)[0]
    with store.read() as conn:
        plan = load_plan(conn)
        if fused:
            data = conn.execute(sa.select(schema.clusters.c.data)
                                .where(schema.clusters.c.cluster_id == event_id)).scalar()
            cluster_id = event_id if data is not None else None
        else:
            data = conn.execute(sa.select(schema.events.c.data)
                                .where(schema.events.c.event_id == base)).scalar()
            cluster_id = conn.execute(sa.select(schema.event_sources.c.cluster_id)
                                      .where(schema.event_sources.c.event_id == base)).scalar()
        if data is None:
            return None
        members = _members(conn, cluster_id, plan) if cluster_id else []
    event = _reviewed(Event.from_dict(json.loads(data)), event_id, fused, plan, members)
    if event is None:
        return None
    sources = sources_of(store, [cluster_id]).get(cluster_id, []) if cluster_id else []
    outlets = {s.event_id: s.source for s in sources}
    told_by = members if fused else [event]
    return {
        "kind": "fused" if fused else "article_event",
        "event": event.to_dict(),
        "claims": claims_ledger(told_by, outlets),
        "sources": [s.to_dict() for s in sources],
        "lineage": _lineage(event, members, cluster_id) if cluster_id else None,
    }


def _reviewed(stored: Event, event_id: str, fused: bool, plan: Plan, members: Sequence[Event]) -> Event | None:
    # The record as every list shows it: reviews applied (the query layer's rules).
    if fused:
        kept = {stored.event_id: [m.event_id for m in members]}
        return corrected_cluster(stored, kept, plan) if members else None  # no member left: rejected
    return next((e for e in plan.apply(stored) if e.event_id == event_id), None)


def claims_ledger(events: Iterable[Event], outlets: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    """Every claim, attribution and denial the events carry: who, in which article, on which words."""
    ledger = []
    for event in events:
        for kind in CLAIM_KINDS:
            who = getattr(event, kind)
            if who:
                ledger.append({
                    "kind": kind, "who": who, "event_id": event.event_id, "article_id": event.article_id,
                    "source": (outlets or {}).get(event.event_id),
                    "evidence": [e.to_dict() for e in event.evidence if e.field == kind],
                })
    return ledger


def _members(conn: sa.Connection, cluster_id: str, plan: Plan) -> list[Event]:
    """A fused event's member events after review (rejected or merged-away ones left out)."""
    e, s = schema.events.c, schema.event_sources.c
    query = (sa.select(e.data).join(schema.event_sources, s.event_id == e.event_id)
             .where(s.cluster_id == cluster_id).order_by(e.event_id))
    stored = [Event.from_dict(json.loads(d)) for d in conn.execute(query).scalars()]
    return [r for m in stored for r in plan.apply(m) if r.event_id == m.event_id]


def _lineage(merged: Event, members: Sequence[Event], cluster_id: str) -> dict[str, Any]:
    # Which members hold each merged value: fusion takes every block of fields from one member, so the
    # members agreeing with a value are where it can have come from (ranges and confidence are derived).
    from_members: dict[str, list[str]] = {}
    for key in EVENT_KEYS:
        if key in ("event_id", "article_id", "evidence", "confidence", "notes", "extractor_version"):
            continue
        value = getattr(merged, key)
        if value is None or value == ():
            continue
        holders = [m.event_id for m in members if getattr(m, key) == value]
        from_members[key] = holders
    return {"cluster_id": cluster_id, "members": [{"event_id": m.event_id, "article_id": m.article_id,
                                                    "confidence": m.confidence} for m in members],
            "fields": from_members}


def article_record(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article's text and metadata, its events (short) and every evidence span of them; None if unknown."""
    a = schema.articles.c
    with store.read() as conn:
        row = conn.execute(sa.select(*(a[k] for k in _ARTICLE_KEYS), a.text, a.metadata)
                           .where(a.id == article_id)).first()
        if row is None:
            return None
        plan = load_plan(conn)
        events = [r for d in conn.execute(
            sa.select(schema.events.c.data).where(schema.events.c.article_id == article_id)
            .order_by(schema.events.c.event_id)).scalars() for r in plan.apply(Event.from_dict(json.loads(d)))]
    record = {k: getattr(row, k) for k in _ARTICLE_KEYS}
    record["metadata"] = json.loads(row.metadata) if row.metadata else {}
    record["text"] = row.text
    record["events"] = [_summary(e) for e in events]
    record["spans"] = [s.to_dict() for s in article_spans(events)]
    return record


def article_spans(events: Iterable[Event]) -> list[Span]:
    """The evidence spans of ``events``, in text order."""
    spans = [Span(event_id=e.event_id, start=ev.start, end=ev.end, text=ev.text, field=ev.field,
                  rule=ev.rule or None) for e in events for ev in e.evidence]
    return sorted(spans, key=lambda s: (s.start, -s.end, s.field, s.event_id))


def _summary(event: Event) -> dict[str, Any]:
    keys = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
            "country", "fatalities", "confidence")
    return {k: getattr(event, k) for k in keys}


def mark_spans(text: str, spans: Sequence[Span], *, open_mark: str = "⟦", close_mark: str = "⟧") -> str:
    """``text`` with each evidence span wrapped in marks, the fields it backs after the closing one.

    Spans that share their bounds are marked once (``⟦Kharkiv⟧{location,admin1}``); nested spans nest.
    """
    bounds: dict[tuple[int, int], list[str]] = {}
    for span in spans:
        fields = bounds.setdefault((span.start, span.end), [])
        if span.field not in fields:
            fields.append(span.field)
    opens: dict[int, int] = {}
    closes: dict[int, list[str]] = {}
    for (start, end), fields in sorted(bounds.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        opens[start] = opens.get(start, 0) + 1
        closes.setdefault(end, []).insert(0, f"{close_mark}{{{','.join(fields)}}}")
    out: list[str] = []
    for i in range(len(text) + 1):
        out.extend(closes.get(i, ()))
        out.append(open_mark * opens.get(i, 0))
        if i < len(text):
            out.append(text[i])
    return "".join(out)
