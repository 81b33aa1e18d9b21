"""Metric functions on hand-made cases whose answers can be worked out on paper."""

from __future__ import annotations

import math

import pytest

from eventwire.evaluate import metrics as m


def test_prf_scores_and_sum():
    a = m.PRF(tp=3, fp=1, fn=2)
    assert a.precision == pytest.approx(0.75)
    assert a.recall == pytest.approx(0.6)
    assert a.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert (a + m.PRF(tp=1, fp=1, fn=0)) == m.PRF(tp=4, fp=2, fn=2)
    assert m.PRF().f1 == 0.0  # no division by zero on empty counts


def test_overlap_of_half_open_spans():
    assert m.overlap((0, 8), (4, 12)) == 4
    assert m.overlap((0, 4), (4, 8)) == 0  # touching is not overlapping
    assert m.overlap((5, 6), (0, 10)) == 1


def test_match_spans_is_one_to_one_and_prefers_larger_overlap():
    gold = [(0, 8), (9, 13)]           # "New York" "City"
    pred = [(0, 13), (4, 8), (20, 25)]  # "New York City", "York", spurious
    pairs = m.match_spans(gold, pred)
    # gold 0 overlaps pred 0 by 8 chars, pred 1 by 4: it takes pred 0; gold 1 overlaps only pred 0 (taken)
    assert pairs == [(0, 0)]


def test_match_spans_leaves_second_prediction_for_second_gold():
    gold = [(0, 5), (10, 15)]
    pred = [(11, 14), (1, 3)]
    assert m.match_spans(gold, pred) == [(0, 1), (1, 0)]


def test_haversine_known_distances():
    # London–Paris is about 344 km; a degree of latitude about 111.2 km.
    assert m.haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.5)
    assert m.haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.1)
    assert m.haversine_km(10, 20, 10, 20) == 0.0
    assert m.haversine_km(0, 0, 0, 180) == pytest.approx(m.MAX_ERROR_KM, rel=0.002)  # 20039 is equatorial


def test_acc_at_161_counts_boundary_as_correct():
    assert m.acc_at_km([0.0, 161.0, 161.5, 5000.0]) == pytest.approx(0.5)
    assert m.acc_at_km([]) == 0.0


def test_auc_is_zero_for_perfect_and_one_for_antipodes():
    assert m.error_auc([0.0, 0.0, 0.0]) == 0.0
    assert m.error_auc([m.MAX_ERROR_KM] * 4) == pytest.approx(math.log1p(m.MAX_ERROR_KM) / math.log(m.MAX_ERROR_KM))


def test_auc_trapezoid_on_sorted_log_errors():
    errors = [1000.0, 0.0, 10.0]  # sorted logs: 0, log 11, log 1001
    logs = [0.0, math.log(11), math.log(1001)]
    expected = ((logs[0] + logs[1]) / 2 + (logs[1] + logs[2]) / 2) / (math.log(20039) * 2)
    assert m.error_auc(errors) == pytest.approx(expected)


def test_geocoding_scores_median_and_mean():
    s = m.geocoding_scores([0.0, 100.0, 300.0, 1000.0], prefix="x_")
    assert s["x_median_km"] == pytest.approx(200.0)
    assert s["x_mean_km"] == pytest.approx(350.0)
    assert s["x_acc161"] == pytest.approx(0.5)
    assert s["x_n_geocoded"] == 4


def test_macro_f1_averages_gold_labels_only():
    gold = ["a", "a", "b", "none"]
    pred = ["a", "b", "b", "c"]
    # a: P 1, R .5 → .667; b: P .5, R 1 → .667; "none" ignored; "c" never gold → not averaged
    assert m.macro_f1(gold, pred, ignore=("none",)) == pytest.approx(2 / 3)


def test_accuracy_and_length_check():
    assert m.accuracy(["x", "y"], ["x", "z"]) == 0.5
    with pytest.raises(ValueError, match="differ in length"):
        m.accuracy(["x"], [])


def test_confusions_and_top_confusions():
    gold = ["Air/drone strike"] * 3 + ["Armed clash"] * 2
    pred = ["Shelling/artillery/missile attack", "Shelling/artillery/missile attack", "Air/drone strike",
            "none", "Armed clash"]
    matrix = m.confusions(gold, pred)
    assert matrix[("Air/drone strike", "Air/drone strike")] == 1
    top = m.top_confusions(matrix, 5)
    assert top[0] == ("Air/drone strike", "Shelling/artillery/missile attack", 2)
    assert ("Armed clash", "none", 1) in top
    assert all(g != p for g, p, _ in top)


GOLD = {"event_date": "2024-03-10", "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Israel",
        "actor2": "Civilians (Palestine)", "location": "Rafah", "latitude": 31.2969, "longitude": 34.2455,
        "fatalities": 5}


def test_events_match_within_one_day_and_25_km():
    close = {**GOLD, "event_date": "2024-03-11", "latitude": 31.35, "longitude": 34.30}  # ~8 km, +1 day
    assert m.events_compatible(GOLD, close)
    assert not m.events_compatible(GOLD, {**GOLD, "event_date": "2024-03-12"})
    assert not m.events_compatible(GOLD, {**GOLD, "latitude": 31.5017, "longitude": 34.4668})  # Gaza City ~30 km
    assert not m.events_compatible(GOLD, {**GOLD, "sub_event_type": "Shelling/artillery/missile attack"})
    assert not m.events_compatible(GOLD, {**GOLD, "event_date": None})


def test_events_can_be_matched_ignoring_place():
    far = {**GOLD, "latitude": 31.5017, "longitude": 34.4668}
    assert m.match_events([GOLD], [far]) == []
    assert m.match_events([GOLD], [far], use_place=False) == [(0, 0)]


def test_events_without_predicted_coordinates_still_match():
    assert m.events_compatible(GOLD, {**GOLD, "latitude": None, "longitude": None})


def test_match_events_picks_closest_pair():
    far = {**GOLD, "event_date": "2024-03-09"}
    exact = dict(GOLD)
    assert m.match_events([GOLD], [far, exact]) == [(0, 1)]
    assert m.match_events([GOLD, {**GOLD, "event_date": "2024-03-09"}], [exact, far]) == [(0, 0), (1, 1)]


def test_field_prf_on_matched_pairs():
    pred_ok = dict(GOLD)
    pred_wrong_actor = {**GOLD, "actor2": "Hamas"}
    pred_no_actor = {**GOLD, "actor2": None}
    counts = m.field_prf("actor2", [(GOLD, pred_ok), (GOLD, pred_wrong_actor), (GOLD, pred_no_actor)])
    assert counts == m.PRF(tp=1, fp=1, fn=2)
    assert m.field_prf("actor1", [(GOLD, {**GOLD, "actor1": "military forces of  ISRAEL"})]).tp == 1
    assert m.field_prf("place", [(GOLD, {**GOLD, "latitude": 31.6, "longitude": 34.6})]).tp == 0
    assert m.field_prf("place", [(GOLD, {**GOLD, "latitude": None, "longitude": None})]).tp == 1  # same name
    assert m.field_prf("fatalities", [({**GOLD, "fatalities": 0}, {**GOLD, "fatalities": None})]).tp == 1
    assert m.field_prf("date", [(GOLD, {**GOLD, "event_date": "2024-03-11"})]) == m.PRF(tp=0, fp=1, fn=1)
