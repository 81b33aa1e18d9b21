"""Clustering: takes per-article Events, gives Clusters — one real-world event with its sources.

``fuse(events)`` is pure, deterministic and order-independent: events are taken in a canonical order
(highest confidence first, then event_id) and each cluster grows by absorbing any cluster whose
representative ``same_event`` accepts (and that shares no article with it), until no two clusters
can merge. Since a merge depends only on the two clusters involved, fusing the members of any set of
whole clusters gives back exactly those clusters: fusing a fused result changes nothing, and the
store can re-fuse just the clusters a batch touches.

The representative is one merged record: every block of fields (who did it, to whom, where, when,
what) comes from the highest-confidence member that knows it; ``fatalities`` stays the
representative's own (conservative) figure, with ``fatalities_low``/``fatalities_high`` spanning all
sources; confidence rises with each independent article, never reaching 1.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eventwire.fuse.match import date_span, same_event
from eventwire.model import Event

#: Confidence of a fused event never reaches certainty, however many sources agree.
MAX_CONFIDENCE = 0.99

# Fields that travel together: a representative takes each block whole from one member.
_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("actor1", "inter1", "assoc_actor_1"),
    ("actor2", "inter2", "assoc_actor_2"),
    ("latitude", "longitude", "location", "admin1", "admin2", "country", "iso3", "geo_precision"),
    ("location", "admin1", "admin2", "country", "iso3", "geo_precision"),
    ("event_date", "time_precision"),
    ("sub_event_type", "event_type", "disorder_type", "plover_category", "plover_mode", "cameo_code"),
    ("event_type", "disorder_type"),
    ("fatalities",), ("injuries",), ("claimed_by",), ("attributed_by",), ("denied_by",),
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Cluster:
    """One real-world event: its merged ``event`` (whose ``event_id`` is ``cluster_id``) and its members.

    ``cluster_id`` is the smallest member event_id, so it depends on the members only.
    """

    cluster_id: str
    event: Event
    members: tuple[Event, ...]
    articles: frozenset[str]  # the members' article ids (kept, since every merge test reads them)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(sorted(self.articles))


def fuse(events: Iterable[Event], seeds: Iterable[Cluster] = ()) -> list[Cluster]:
    """Cluster ``events`` into real-world events, sorted by cluster_id.

    ``seeds`` are clusters fused before (each one a fixpoint of ``fuse``): they join whole, so a
    cluster of M members costs one merge per new event, not M merges rebuilt from single members.
    """
    seeded = list(seeds)
    seeded_ids = {m.event_id for c in seeded for m in c.members}
    singles = [single(e) for e in _unique(events) if e.event_id not in seeded_ids]
    pending = sorted([*seeded, *singles], key=lambda c: _rank(c.event))
    done: list[Cluster] = []
    while pending:
        head = pending.pop(0)
        while (match := _pop_match(head, pending) or _pop_match(head, done)) is not None:
            head = merge(head, match)
        done.append(head)
    return sorted(done, key=lambda c: c.cluster_id)


def single(event: Event) -> Cluster:
    """The cluster of one event: the event itself is its representative."""
    return Cluster(cluster_id=event.event_id, event=event, members=(event,), articles=frozenset({event.article_id}))


def merge(a: Cluster, b: Cluster) -> Cluster:
    """One cluster of the members of ``a`` and ``b``."""
    members = tuple(sorted(a.members + b.members, key=lambda e: e.event_id))
    return Cluster(cluster_id=members[0].event_id, event=representative(members), members=members,
                   articles=a.articles | b.articles)


def can_merge(a: Cluster, b: Cluster) -> bool:
    """Representatives that ``same_event`` accepts, and no article in both (see ``match``)."""
    return a.articles.isdisjoint(b.articles) and same_event(a.event, b.event)


def _pop_match(head: Cluster, clusters: list[Cluster]) -> Cluster | None:
    for i, other in enumerate(clusters):
        if can_merge(head, other):
            return clusters.pop(i)
    return None


def _rank(event: Event) -> tuple[float, str]:
    return (-event.confidence, event.event_id)


def _unique(events: Iterable[Event]) -> list[Event]:
    # One record per event_id; should two differ, the choice must not depend on input order.
    by_id: dict[str, Event] = {}
    for event in events:
        kept = by_id.get(event.event_id)
        if kept is None or _canonical(event) > _canonical(kept):
            by_id[event.event_id] = event
    return list(by_id.values())


def _canonical(event: Event) -> str:
    return json.dumps(event.to_dict(), sort_keys=True, ensure_ascii=False)


def representative(members: Sequence[Event]) -> Event:
    """The merged record of ``members`` (a lone member is returned unchanged)."""
    if len(members) == 1:
        return members[0]
    ranked = sorted(members, key=_rank)
    base = ranked[0]
    changes: dict[str, object] = {"event_id": min(m.event_id for m in members)}
    for block in _BLOCKS:
        if getattr(base, block[0]) is None:
            donor = next((m for m in ranked if getattr(m, block[0]) is not None), None)
            if donor is not None:
                changes.update({name: getattr(donor, name) for name in block})
    changes.update(_casualty_range(members))
    changes.update(_date_range(members, base))
    changes["weapons"] = tuple(dict.fromkeys(w for m in ranked for w in m.weapons))
    changes["confidence"] = fused_confidence(members)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _casualty_range(members: Sequence[Event]) -> dict[str, int | None]:
    lows = [v for m in members for v in (m.fatalities_low, m.fatalities) if v is not None]
    highs = [v for m in members for v in (m.fatalities_high, m.fatalities) if v is not None]
    return {"fatalities_low": min(lows) if lows else None, "fatalities_high": max(highs) if highs else None}


def _date_range(members: Sequence[Event], base: Event) -> dict[str, str | None]:
    spans = [s for s in (date_span(m) for m in members) if s is not None]
    if not spans:
        return {}
    lo, hi = min(s.lo for s in spans), max(s.hi for s in spans)
    if lo == hi:
        return {"date_start": base.date_start, "date_end": base.date_end}
    return {"date_start": lo.isoformat(), "date_end": hi.isoformat()}


def fused_confidence(members: Sequence[Event]) -> float:
    """The best member's confidence, raised by each other independent article (noisy-OR at half weight)."""
    per_article: dict[str, float] = {}
    for m in members:
        per_article[m.article_id] = max(per_article.get(m.article_id, 0.0), m.confidence)
    ranked = sorted(per_article.values(), reverse=True)
    doubt = 1.0 - ranked[0]
    for other in ranked[1:]:
        doubt *= 1.0 - other / 2
    if len(ranked) == 1:
        return ranked[0]
    return max(ranked[0], min(MAX_CONFIDENCE, round(1.0 - doubt, 4)))
