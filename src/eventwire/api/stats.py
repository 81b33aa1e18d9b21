"""Store statistics: takes a store, gives counts of events, articles and rejections.

Grouping by ISO week is done in Python from the ``event_date`` counts, so no date function of any one
SQL dialect is needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from eventwire.store import Store, schema

UNKNOWN = "(unknown)"


@dataclass(frozen=True, kw_only=True, slots=True)
class Stats:
    """Counts by key, each mapping sorted by descending count (weeks chronologically).

    ``events`` counts article events (one per event per article); ``fused_events`` the real-world events
    they fuse into. The breakdowns are of article events.
    """

    events: int
    articles: int
    rejections: int
    fused_events: int = 0
    events_by_type: Mapping[str, int] = field(default_factory=dict)
    events_by_country: Mapping[str, int] = field(default_factory=dict)
    events_by_week: Mapping[str, int] = field(default_factory=dict)
    articles_by_status: Mapping[str, int] = field(default_factory=dict)
    rejections_by_reason: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        values = ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self))
        return {name: dict(v) if isinstance(v, Mapping) else v for name, v in values}


def store_stats(store: Store) -> Stats:
    """Counts over the whole store."""
    e, a, r = schema.events.c, schema.articles.c, schema.rejections.c
    with store.read() as conn:
        by_type = _count(conn, e.event_type)
        by_country = _count(conn, e.country)
        by_date = _count(conn, e.event_date)
        by_status = _count(conn, a.status)
        by_reason = _count(conn, r.reason)
        fused = conn.execute(sa.select(sa.func.count()).select_from(schema.clusters)).scalar_one()
    return Stats(
        events=sum(by_type.values()), articles=sum(by_status.values()), rejections=sum(by_reason.values()),
        fused_events=fused,
        events_by_type=_ranked(by_type), events_by_country=_ranked(by_country),
        events_by_week=_weeks(by_date), articles_by_status=_ranked(by_status),
        rejections_by_reason=_ranked(by_reason),
    )


def _count(conn: sa.Connection, column: sa.ColumnElement[Any]) -> dict[str, int]:
    rows = conn.execute(sa.select(column, sa.func.count()).group_by(column))
    return {(key if key is not None else UNKNOWN): n for key, n in rows}


def _ranked(counts: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _weeks(by_date: Mapping[str, int]) -> dict[str, int]:
    weeks: Counter[str] = Counter()
    for date, n in by_date.items():
        weeks[iso_week(date)] += n
    return dict(sorted(weeks.items(), key=lambda kv: (kv[0] == UNKNOWN, kv[0])))


def iso_week(date: str) -> str:
    """``2024-W13`` for ``2024-03-26``; ``(unknown)`` when the date is missing or malformed."""
    try:
        year, week, _ = dt.date.fromisoformat(date[:10]).isocalendar()
    except (TypeError, ValueError):
        return UNKNOWN
    return f"{year}-W{week:02d}"


@dataclass(frozen=True, kw_only=True, slots=True)
class ViewStats:
    """Counts of the events one filter selects (article events, or fused ones): by type, country, week."""

    events: int
    located: int
    by_type: Mapping[str, int] = field(default_factory=dict)
    by_country: Mapping[str, int] = field(default_factory=dict)
    by_week: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        values = ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self))
        return {name: dict(v) if isinstance(v, Mapping) else v for name, v in values}


def view_stats(store: Store, filters: Any, *, fused: bool = False) -> ViewStats:
    """Counts over the events matching ``filters`` (an ``EventFilter``), through the one query layer."""
    from eventwire.api.query import group_counts  # the query layer imports nothing from here

    by_type: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    by_date: Counter[str] = Counter()
    located = 0
    groups = group_counts(store, filters, ("event_type", "country", "event_date", "located"), fused=fused)
    for (event_type, country, date, has_place), n in groups.items():
        by_type[event_type or UNKNOWN] += n
        by_country[country or UNKNOWN] += n
        by_date[date or UNKNOWN] += n
        located += n if has_place else 0
    return ViewStats(events=sum(by_type.values()), located=located, by_type=_ranked(by_type),
                     by_country=_ranked(by_country), by_week=_weeks(by_date))
