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
    they fuse into. The breakdowns are of article events. ``runs`` are the ingest runs whose events are
    stored, oldest first, with the versions that made them (eventwire, extractor, spaCy model, gazetteer,
    config hash) and how many of the stored events each wrote; ``last_run`` is the latest run, even one
    that stored nothing new.
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
    runs: tuple[Mapping[str, Any], ...] = ()
    last_run: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        values = ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self))
        return {name: _plain(v) for name, v in values}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


#: The ``runs`` columns a stats report shows (``counts`` is the run's own summary, kept in the table).
RUN_KEYS = ("run_id", "started_at", "finished_at", "eventwire_version", "extractor_version", "model_version",
            "gazetteer_version", "config_hash")


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
        runs, last = _runs(conn)
    return Stats(
        events=sum(by_type.values()), articles=sum(by_status.values()), rejections=sum(by_reason.values()),
        fused_events=fused,
        events_by_type=_ranked(by_type), events_by_country=_ranked(by_country),
        events_by_week=_weeks(by_date), articles_by_status=_ranked(by_status),
        rejections_by_reason=_ranked(by_reason), runs=runs, last_run=last,
    )


def _runs(conn: sa.Connection) -> tuple[tuple[dict[str, Any], ...], dict[str, Any] | None]:
    """The runs whose events are stored (with their event counts), and the latest run."""
    r, e = schema.runs.c, schema.events.c
    columns = [getattr(r, k) for k in RUN_KEYS]
    per_run = sa.select(e.run_id, sa.func.count().label("events")).group_by(e.run_id).subquery()
    rows = conn.execute(sa.select(*columns, per_run.c.events).join(per_run, per_run.c.run_id == r.run_id)
                        .order_by(r.started_at, r.run_id))
    runs = tuple(dict(row._mapping) for row in rows)
    latest = conn.execute(sa.select(*columns).order_by(r.started_at.desc(), r.run_id.desc()).limit(1)).first()
    return runs, dict(latest._mapping) if latest else None


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
