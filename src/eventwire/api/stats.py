"""Store statistics: takes a store, gives counts of events, articles and rejections; and ``aggregate``:
takes events (as the query layer gives them, reviews applied), gives counts and fatality sums per group;
and ``view_stats``: takes a filter, gives the counts the web page shows (one GROUP BY, reviews applied).

Grouping by ISO week is done in Python from the ``event_date`` counts, so no date function of any one
SQL dialect is needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from eventwire.model import Event
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


#: What ``aggregate`` can group by.
GROUP_KEYS = ("country", "admin1", "week", "month", "actor", "type", "sub_type")


@dataclass(frozen=True, kw_only=True, slots=True)
class Group:
    """Events of one group and their fatality sums: best figure, low and high ends of the range.

    An event without a figure adds nothing to the sums and is counted in ``unknown_fatalities``;
    one with a best figure but no range adds that figure to ``low`` and ``high`` too.
    """

    key: str
    events: int = 0
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_high: int = 0
    unknown_fatalities: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def aggregate(events: Iterable[Event], by: str) -> list[Group]:
    """Event counts and fatality sums per ``by`` key over ``events`` (from ``query_events``/``query_fused``).

    ``actor`` counts an event once under each distinct actor of actor1 and actor2; ``week`` is the ISO
    week, ``month`` ``YYYY-MM``; ``type`` the event type, ``sub_type`` the sub-event type. Time keys come
    in time order, the others by descending count. Events without the key count under ``(unknown)``.
    """
    if by not in GROUP_KEYS:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(GROUP_KEYS)}")
    sums: dict[str, list[int]] = {}
    for event in events:
        for key in _keys(event, by):
            row = sums.setdefault(key, [0, 0, 0, 0, 0])
            best, low, high = _figures(event)
            row[0] += 1
            row[1] += best or 0
            row[2] += low or 0
            row[3] += high or 0
            row[4] += best is None and low is None and high is None
    groups = [Group(key=k, events=v[0], fatalities=v[1], fatalities_low=v[2], fatalities_high=v[3],
                    unknown_fatalities=v[4]) for k, v in sums.items()]
    if by in ("week", "month"):
        return sorted(groups, key=lambda g: (g.key == UNKNOWN, g.key))
    return sorted(groups, key=lambda g: (-g.events, g.key == UNKNOWN, g.key))


def _keys(event: Event, by: str) -> list[str]:
    if by == "actor":
        return list(dict.fromkeys(a for a in (event.actor1, event.actor2) if a)) or [UNKNOWN]
    values: dict[str, str | None] = {
        "country": event.country, "admin1": event.admin1, "type": event.event_type,
        "sub_type": event.sub_event_type, "month": (event.event_date or "")[:7] or None,
    }
    value = iso_week(event.event_date or "") if by == "week" else values[by]
    return [value or UNKNOWN]


def _figures(event: Event) -> tuple[int | None, int | None, int | None]:
    best = event.fatalities
    low = event.fatalities_low if event.fatalities_low is not None else best
    high = event.fatalities_high if event.fatalities_high is not None else best
    return best, low, high


@dataclass(frozen=True, kw_only=True, slots=True)
class ViewStats:
    """Counts of the events one filter selects (article events, or fused ones): by type, country, week."""

    events: int
    located: int
    by_type: Mapping[str, int] = field(default_factory=dict)
    by_country: Mapping[str, int] = field(default_factory=dict)
    by_week: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
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
