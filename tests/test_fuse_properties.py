"""Fusion invariants (hypothesis): order-independent, idempotent and stable on any set of whole clusters,
a partition of its input, never merging two known actor1s or two events of one article."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.fuse import Cluster, fuse
from eventwire.fuse.cluster import MAX_CONFIDENCE
from eventwire.model import Event

# Few values per field, so that many generated events can fuse and many cannot.
_TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
          ("Explosions/Remote violence", "Air/drone strike"),
          ("Violence against civilians", "Attack"), ("Explosions/Remote violence", None)]
_PLACES = [("Kharkiv", 49.98, 36.25), ("Kharkiv", 50.05, 36.30), ("Chuhuiv", 49.84, 36.69),
           ("Kharkiv", None, None), (None, None, None)]
_DATES = [None, "2024-09-01", "2024-09-02", "2024-09-03"]
_ACTORS = [None, "Military Forces of Russia", "Military Forces of Ukraine"]

_fields = st.fixed_dictionaries({
    "article_id": st.sampled_from([f"a-{i}" for i in range(5)]),
    "kind": st.sampled_from(_TYPES), "place": st.sampled_from(_PLACES),
    "event_date": st.sampled_from(_DATES), "actor1": st.sampled_from(_ACTORS),
    "actor2": st.sampled_from([None, "Civilians (Ukraine)"]),
    "fatalities": st.none() | st.integers(0, 12), "confidence": st.sampled_from([0.5, 0.62, 0.76, 0.9]),
})


def build(i: int, f: dict) -> Event:
    (event_type, sub), (location, lat, lon) = f["kind"], f["place"]
    return Event(event_id=f"{f['article_id']}-e{i:02d}", article_id=f["article_id"], event_date=f["event_date"],
                 event_type=event_type, sub_event_type=sub, actor1=f["actor1"], actor2=f["actor2"],
                 location=location, country="Ukraine", iso3="UKR", latitude=lat, longitude=lon,
                 fatalities=f["fatalities"], confidence=f["confidence"])


events_lists = st.lists(_fields, min_size=1, max_size=14).map(lambda fs: [build(i, f) for i, f in enumerate(fs)])


def shape(clusters: list[Cluster]) -> list[tuple[str, tuple[str, ...], Event]]:
    return [(c.cluster_id, tuple(m.event_id for m in c.members), c.event) for c in clusters]


def members(clusters: list[Cluster]) -> list[Event]:
    return [m for c in clusters for m in c.members]


@settings(max_examples=200, deadline=None)
@given(events=events_lists, seed=st.integers(0, 2**16))
def test_shuffling_the_input_gives_the_same_clusters(events, seed):
    shuffled = list(events)
    random.Random(seed).shuffle(shuffled)
    assert shape(fuse(shuffled)) == shape(fuse(events))
    assert shape(fuse(events + events[:3])) == shape(fuse(events))  # repeats change nothing


@settings(max_examples=200, deadline=None)
@given(events=events_lists, keep=st.lists(st.booleans(), min_size=14, max_size=14))
def test_fusing_a_fused_result_or_any_of_its_clusters_changes_nothing(events, keep):
    clusters = fuse(events)
    assert shape(fuse(members(clusters))) == shape(clusters)
    # What the store relies on: re-fusing only some whole clusters gives exactly those clusters back.
    some = [c for c, k in zip(clusters, keep, strict=False) if k]
    assert shape(fuse(members(some))) == shape(some)


@settings(max_examples=200, deadline=None)
@given(events=events_lists)
def test_clusters_partition_the_input_and_respect_the_hard_rules(events):
    clusters = fuse(events)
    ids = [m.event_id for m in members(clusters)]
    assert sorted(ids) == sorted(e.event_id for e in events)
    for c in clusters:
        assert c.cluster_id == min(m.event_id for m in c.members) == c.event.event_id
        assert len({m.actor1 for m in c.members if m.actor1}) <= 1
        assert len({m.actor2 for m in c.members if m.actor2}) <= 1
        assert len({m.article_id for m in c.members}) == len(c.members)
        best = max(m.confidence for m in c.members)
        if len(c.members) == 1:
            assert c.event == c.members[0]
        else:
            assert best <= c.event.confidence <= MAX_CONFIDENCE
            known = [m.fatalities for m in c.members if m.fatalities is not None]
            if known:
                assert (c.event.fatalities_low, c.event.fatalities_high) == (min(known), max(known))
                assert c.event.fatalities in known


@settings(max_examples=150, deadline=None)
@given(events=events_lists)
def test_seeding_fused_clusters_gives_them_back_unchanged(events):
    # The store passes the clusters a batch touches as seeds instead of their single members.
    fused = fuse(events)
    assert shape(fuse([], seeds=fused)) == shape(fused)


@settings(max_examples=150, deadline=None)
@given(old=events_lists, new_fields=st.lists(_fields, min_size=1, max_size=8))
def test_seeded_fusion_keeps_every_event_once_and_leaves_nothing_mergeable(old, new_fields):
    from eventwire.fuse.cluster import can_merge

    new = [build(100 + i, f) for i, f in enumerate(new_fields)]  # ids apart from the old events'
    seeded = fuse(new, seeds=fuse(old))
    assert sorted(m.event_id for m in members(seeded)) == sorted(e.event_id for e in old + new)
    assert not any(can_merge(a, b) for i, a in enumerate(seeded) for b in seeded[i + 1 :])
