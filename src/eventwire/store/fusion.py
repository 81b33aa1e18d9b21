"""Keeping fused events current: takes a batch's new events (and clusters that lost members), gives
updated ``clusters`` and ``event_sources`` rows, inside the batch's own transaction.

Only the clusters a batch can touch are re-fused: for each new event, an indexed SQL lookup finds the
clusters whose merged record could match it (type key, a date window, a bounding box of
``MAX_KM`` or the same location name) — never a scan of all events. Those clusters' members plus the
new events go through ``eventwire.fuse.fuse`` (fusing whole clusters gives them back unchanged, so
the clusters not reached stay right). No two stored clusters are left that could merge; the result
matches fusing the whole store at once except, rarely, in which of two possible merges came first.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from eventwire.fuse import Cluster, date_span, fuse, location_key, type_key
from eventwire.fuse.match import MAX_DAYS, MAX_KM, MAX_SPAN_DAYS
from eventwire.model import Event
from eventwire.store import schema

_CHUNK = 500
_KM_PER_DEGREE = 111.32


def refuse(conn: sa.Connection, new_events: Sequence[Event], stale: Iterable[str] = ()) -> None:
    """Cluster ``new_events`` (not yet in any cluster) together with the stored clusters they may join.

    ``stale`` names clusters that lost members (their events were replaced); they are re-fused too.
    A merged record can reach clusters its members could not (it fills gaps from every member), so
    the lookup repeats for the new merged records until it finds no further cluster.
    """
    stale = set(stale)
    touched = set(stale)
    for event in new_events:
        touched.update(candidate_clusters(conn, event))
    new = {e.event_id: e for e in new_events}
    while True:
        # Intact clusters join whole (fusing them again from single members would give them back
        # unchanged, at a cost that grows with their size); clusters that lost members start over.
        seeds = [c for c in _stored_clusters(conn, touched - stale) if new.keys().isdisjoint(m.event_id for m in c.members)]
        seeded = {c.cluster_id for c in seeds}
        loose = {e.event_id: e for e in _member_events(conn, touched - seeded)} | new
        clusters = fuse(loose.values(), seeds=seeds)
        grown = [c for c in clusters if len(c.members) > 1 and not new.keys().isdisjoint(m.event_id for m in c.members)]
        reached = set().union(*(candidate_clusters(conn, c.event) for c in grown))
        if reached <= touched:
            break
        touched |= reached
    _delete_clusters(conn, touched)
    _insert_clusters(conn, clusters)


def candidate_clusters(conn: sa.Connection, event: Event) -> set[str]:
    """Ids of the stored clusters whose merged record could be ``event``'s (a superset; SQL only)."""
    query = candidate_query(event)
    return set() if query is None else set(conn.execute(query).scalars())


def candidate_query(event: Event) -> sa.Select[Any] | sa.CompoundSelect[Any] | None:
    """The SQL of ``candidate_clusters``; None for an event without a place (it never fuses).

    One simple select per (type, date) variant, joined by UNION, so that each is an index range scan on
    ``(type_key | event_type, date_lo)`` — an OR across columns would make the database scan.
    """
    places = _place_conditions(event)
    if not places:
        return None
    c = schema.clusters.c
    selects = [sa.select(c.cluster_id).where(*kind, *when, where)
               for kind in _type_conditions(event) for when in _date_conditions(event) for where in places]
    return selects[0] if len(selects) == 1 else sa.union(*selects)


def _type_conditions(event: Event) -> list[tuple[sa.ColumnElement[bool], ...]]:
    # Same type key; or, with a sub-type missing on either side, the same event_type (see fuse.match).
    c = schema.clusters.c
    variants: list[tuple[sa.ColumnElement[bool], ...]] = [(c.type_key == type_key(event),)]
    if event.event_type and event.sub_event_type:
        variants.append((c.event_type == event.event_type, c.sub_event_type.is_(None)))
    elif event.event_type:
        variants.append((c.event_type == event.event_type,))
    return variants


def _date_conditions(event: Event) -> list[tuple[sa.ColumnElement[bool], ...]]:
    # A cluster starts at most MAX_SPAN_DAYS + MAX_DAYS before the event's first day, so ``date_lo``
    # lies in a bounded window: an index range, not a scan of everything earlier.
    span = date_span(event)
    if span is None or span.days > MAX_SPAN_DAYS:
        return [()]  # undated: any date (a too-vague span matches undated clusters only, below)
    c = schema.clusters.c
    earliest = _shift(span.lo, -(MAX_DAYS + MAX_SPAN_DAYS))
    window = (c.date_lo.between(earliest.isoformat(), _shift(span.hi, MAX_DAYS).isoformat()),
              c.date_hi >= _shift(span.lo, -MAX_DAYS).isoformat())
    return [window, (c.date_lo.is_(None),)]


def _place_conditions(event: Event) -> list[sa.ColumnElement[bool]]:
    # Within a box of MAX_KM, or the same location name: two selects, each able to use its own index.
    c = schema.clusters.c
    key = location_key(event.location)
    by_name = [c.location_key == key] if key else []
    if event.latitude is None or event.longitude is None:
        return by_name
    dlat = MAX_KM / _KM_PER_DEGREE
    dlon = min(180.0, MAX_KM / (_KM_PER_DEGREE * max(math.cos(math.radians(min(abs(event.latitude), 89.0))), 1e-6)))
    box = sa.and_(c.latitude.between(event.latitude - dlat, event.latitude + dlat),
                  c.longitude.between(event.longitude - dlon, event.longitude + dlon))
    return [box, *by_name]


def _member_events(conn: sa.Connection, cluster_ids: Iterable[str]) -> list[Event]:
    ids, found = sorted(cluster_ids), list[Event]()
    e, s = schema.events.c, schema.event_sources.c
    for i in range(0, len(ids), _CHUNK):
        query = sa.select(e.data).join(schema.event_sources, s.event_id == e.event_id).where(
            s.cluster_id.in_(ids[i : i + _CHUNK]))
        found.extend(Event.from_dict(json.loads(data)) for data in conn.execute(query).scalars())
    return found


def _stored_clusters(conn: sa.Connection, cluster_ids: Iterable[str]) -> list[Cluster]:
    """The stored clusters ``cluster_ids`` with their merged records and member events."""
    ids, found = sorted(cluster_ids), list[Cluster]()
    e, s, c = schema.events.c, schema.event_sources.c, schema.clusters.c
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        members: dict[str, list[Event]] = {}
        query = sa.select(s.cluster_id, e.data).join(schema.events, s.event_id == e.event_id).where(
            s.cluster_id.in_(chunk))
        for cluster_id, data in conn.execute(query):
            members.setdefault(cluster_id, []).append(Event.from_dict(json.loads(data)))
        for cluster_id, data in conn.execute(sa.select(c.cluster_id, c.data).where(c.cluster_id.in_(chunk))):
            if cluster_id in members:
                ordered = tuple(sorted(members[cluster_id], key=lambda m: m.event_id))
                found.append(Cluster(cluster_id=cluster_id, event=Event.from_dict(json.loads(data)),
                                     members=ordered, articles=frozenset(m.article_id for m in ordered)))
    return found


def clusters_of(conn: sa.Connection, event_ids: Sequence[str]) -> set[str]:
    """The clusters that ``event_ids`` belong to."""
    s, found = schema.event_sources.c, set[str]()
    for i in range(0, len(event_ids), _CHUNK):
        query = sa.select(s.cluster_id).where(s.event_id.in_(event_ids[i : i + _CHUNK]))
        found.update(conn.execute(query).scalars())
    return found


def _delete_clusters(conn: sa.Connection, cluster_ids: Iterable[str]) -> None:
    ids = sorted(cluster_ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        conn.execute(sa.delete(schema.event_sources).where(schema.event_sources.c.cluster_id.in_(chunk)))
        conn.execute(sa.delete(schema.clusters).where(schema.clusters.c.cluster_id.in_(chunk)))


def _insert_clusters(conn: sa.Connection, clusters: Sequence[Cluster]) -> None:
    if not clusters:
        return
    conn.execute(sa.insert(schema.clusters), [cluster_row(c) for c in clusters])
    sources = [{"event_id": m.event_id, "cluster_id": c.cluster_id, "article_id": m.article_id}
               for c in clusters for m in c.members]
    conn.execute(sa.insert(schema.event_sources), sources)


def cluster_row(cluster: Cluster) -> dict[str, Any]:
    """The ``clusters`` row of ``cluster``."""
    event, span = cluster.event, date_span(cluster.event)
    columns = ("event_date", "country", "iso3", "event_type", "sub_event_type", "actor1", "actor2",
               "assoc_actor_1", "assoc_actor_2", "location", "notes", "latitude", "longitude", "fatalities")
    row: dict[str, Any] = {name: getattr(event, name) for name in columns}
    row.update(
        cluster_id=cluster.cluster_id, type_key=type_key(event), location_key=location_key(event.location),
        date_lo=span.lo.isoformat() if span else None, date_hi=span.hi.isoformat() if span else None,
        sources=len(cluster.article_ids), data=json.dumps(event.to_dict(), ensure_ascii=False),
    )
    return row


def fuse_stored_events(conn: sa.Connection) -> int:
    """Cluster every stored event not yet in a cluster (upgrading a store made before fusion)."""
    e, s = schema.events.c, schema.event_sources.c
    unclustered = (sa.select(e.data).where(~sa.exists().where(s.event_id == e.event_id))
                   .order_by(e.event_date, e.event_id))
    done = 0
    while batch := [Event.from_dict(json.loads(d)) for d in conn.execute(unclustered.limit(_CHUNK)).scalars()]:
        refuse(conn, batch)
        done += len(batch)
    return done


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, clamped to the calendar's ends (a date in year 1 must not overflow)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max
