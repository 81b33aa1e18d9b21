"""Fusion of article events into real-world events: what merges, what never does, the merged record."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.fuse import fuse, location_key, same_event, type_key
from eventwire.fuse.cluster import MAX_CONFIDENCE
from test_fuse_kharkiv import HERALD, WIRE, article, strike


def test_two_outlets_telling_the_kharkiv_strike_fuse_into_one_event_with_two_sources():
    herald, wire = strike(HERALD), strike(WIRE)
    (cluster,) = fuse([herald, wire])
    assert cluster.article_ids == tuple(sorted((article(HERALD).id, article(WIRE).id)))
    assert cluster.cluster_id == min(herald.event_id, wire.event_id) == cluster.event.event_id
    merged = cluster.event
    # Fields from the more confident report (the wire's), its own toll kept; the range spans both outlets.
    assert (merged.article_id, merged.fatalities, merged.actor2) == (wire.article_id, 6, "Civilians (Ukraine)")
    assert (merged.fatalities_low, merged.fatalities_high) == (5, 6)
    assert wire.confidence < merged.confidence < MAX_CONFIDENCE + 1e-9
    # Evidence stays that of the representative's article, so its spans still index that text.
    assert all(article(WIRE).text[e.start:e.end] == e.text for e in merged.evidence)


@pytest.mark.parametrize(("change", "why"), [
    ({"actor1": "Military Forces of Ukraine"}, "two different known actor1 never fuse"),
    ({"actor2": "Military Forces of Ukraine"}, "two different known actor2 never fuse"),
    ({"event_date": "2024-09-03"}, "two days apart"),
    ({"latitude": 50.25, "longitude": 36.25}, "30 km away"),
    ({"sub_event_type": "Armed clash", "event_type": "Battles"}, "another event type"),
    ({"sub_event_type": "Attack", "event_type": "Violence against civilians"}, "another event type"),
    ({"iso3": "RUS", "country": "Russia"}, "another country"),
    ({"latitude": None, "longitude": None, "location": None}, "no place to compare"),
    ({"event_date": None, "date_start": "2024-08-01", "date_end": "2024-09-10"}, "a span of six weeks is too vague"),
])
def test_events_that_differ_stay_apart(change, why):
    herald = strike(HERALD, actor2="Civilians (Ukraine)", inter2=7)
    assert len(fuse([herald, strike(WIRE)])) == 1  # as told, they fuse
    assert len(fuse([herald, strike(WIRE, **change)])) == 2, why


@pytest.mark.parametrize(("change", "why"), [
    ({"actor1": None, "inter1": None}, "an unknown actor1 is compatible"),
    ({"event_date": "2024-09-02"}, "one day apart"),
    ({"event_date": None}, "an unknown date is compatible"),
    ({"sub_event_type": "Air/drone strike"}, "a missile strike called an air strike by one outlet"),
    ({"latitude": 50.05, "longitude": 36.30}, "8 km away: another district of the city"),
    ({"latitude": None, "longitude": None, "location": "KHARKIV "}, "same place name, folded"),
    ({"date_start": "2024-08-30", "date_end": "2024-09-02", "event_date": None},
     "a reported span that contains the other date"),
])
def test_compatible_reports_fuse(change, why):
    assert len(fuse([strike(HERALD), strike(WIRE, **change)])) == 1, why


def test_two_events_of_one_article_are_never_merged():
    # The extraction already told them apart (e.g. strikes on two consecutive days).
    assert len(fuse([strike(WIRE, 0), strike(WIRE, 1, event_date="2024-09-02")])) == 2


def test_country_level_places_do_not_fuse_by_their_centroid():
    coarse = {"location": "Ukraine", "latitude": 49.0, "longitude": 32.0, "geo_precision": 3, "admin1": None}
    assert len(fuse([strike(HERALD, **coarse), strike(WIRE, **coarse)])) == 2


def test_an_unknown_actor_cannot_bridge_two_different_known_actors():
    unknown = strike(WIRE, actor1=None, inter1=None, confidence=0.99)
    russia = strike(HERALD)
    third = dataclasses.replace(strike(HERALD, 1, actor1="Military Forces of Ukraine"), article_id="a-third")
    clusters = fuse([russia, unknown, third])
    for cluster in clusters:
        assert len({m.actor1 for m in cluster.members if m.actor1}) <= 1
    assert sum(len(c.members) for c in clusters) == 3 and len(clusters) == 2


def test_fused_record_fills_what_the_best_report_lacks():
    wire = strike(WIRE, actor1=None, inter1=None, latitude=None, longitude=None, confidence=0.9)
    (cluster,) = fuse([wire, strike(HERALD)])
    merged = cluster.event
    assert (merged.actor1, merged.inter1) == ("Military Forces of Russia", 1)
    assert (merged.latitude, merged.longitude, merged.location) == (49.98177, 36.25475, "Kharkiv")


def test_dates_one_day_apart_become_the_span_of_the_fused_event():
    (cluster,) = fuse([strike(HERALD), strike(WIRE, event_date="2024-09-02")])
    assert (cluster.event.date_start, cluster.event.date_end) == ("2024-09-01", "2024-09-02")
    assert cluster.event.event_date == "2024-09-02"  # the more confident report's date


def test_keys_for_the_candidate_lookup():
    assert type_key(strike(HERALD)) == type_key(strike(HERALD, sub_event_type="Air/drone strike"))
    assert location_key("Kharkív ") == location_key("KHARKIV") == "kharkiv"
    assert same_event(strike(HERALD), strike(WIRE)) and same_event(strike(WIRE), strike(HERALD))
