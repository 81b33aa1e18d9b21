"""The geo golden set (short conflict reports with gold event places) and its runner."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from eventwire.evaluate import evaluate_dataset
from eventwire.evaluate.datasets import detect_kind
from eventwire.evaluate.run_geogolden import (
    GeoGoldItem,
    Placed,
    errors_of,
    load_geogolden,
    scores,
    split_for,
    split_of,
)

GOLDEN = Path(__file__).parent / "fixtures" / "geo_golden.jsonl"
BLIND = Path(__file__).parent / "fixtures" / "geo_golden_blind.jsonl"


def test_the_set_is_big_and_varied_enough() -> None:
    items = load_geogolden(GOLDEN)
    assert len(items) >= 150
    assert len({i.iso3 for i in items}) >= 40
    assert len({i.id for i in items}) == len(items)
    assert {i.precision for i in items} <= {1, 2, 3}
    assert detect_kind(GOLDEN) == "geogolden"


def test_the_split_is_fixed_by_id_and_about_half_and_half() -> None:
    items = load_geogolden(GOLDEN)
    halves = Counter(split_of(i.id) for i in items)
    assert set(halves) == {"tune", "heldout"}
    assert abs(halves["tune"] - halves["heldout"]) <= len(items) * 0.15
    assert split_of("gg-001") == split_of("gg-001")


def _item(iso3: str = "MMR", lat: float = 17.22, lon: float = 97.23, precision: int = 2) -> GeoGoldItem:
    return GeoGoldItem(id="x", text="t", date=None, location="Bilin", latitude=lat, longitude=lon, admin1="Mon",
                       iso3=iso3, precision=precision)


def test_scores_count_country_distance_precision_and_foreign_namesakes() -> None:
    items = [_item(), _item(), _item(), _item()]
    placed = [
        Placed(event=True, location="Bilin", latitude=17.25, longitude=97.2, iso3="MMR", precision=2),  # right
        Placed(event=True, location="Thaton", latitude=16.92, longitude=97.37, iso3="MMR", precision=1),  # 37 km
        Placed(event=True, location="Bilin", latitude=31.93, longitude=35.07, iso3="PSE", precision=1),  # namesake
        Placed(event=True),  # an event without a place
    ]
    s = scores(items, placed)
    assert s["country_accuracy"] == 0.5 and s["within25_rate"] == 0.25
    assert s["precision_accuracy"] == 0.5 and s["foreign_namesakes"] == 1 and s["located_rate"] == 0.75
    kinds = [e.kind for e in errors_of(items, placed)]
    assert kinds == ["37 km off", "foreign namesake", "no place"]


@pytest.mark.slow
def test_the_whole_pipeline_places_most_reports_in_their_country() -> None:
    result = evaluate_dataset(GOLDEN)
    m = result.metrics
    assert m["n"] == len(load_geogolden(GOLDEN))
    # floors a little under what geo-11 measured (all: country 0.944, within 25 km 0.944)
    assert m["country_accuracy"] >= 0.93 and m["within25_rate"] >= 0.93
    assert m["foreign_namesakes"] == 0
    assert {"tune_country_accuracy", "heldout_country_accuracy"} <= set(m)


@pytest.mark.slow
def test_the_blind_set_is_scored_as_its_own_split() -> None:
    m = evaluate_dataset(BLIND).metrics
    # floors a little under what geo-11 measured (country 0.970, within 25 km 0.808, 2 foreign namesakes):
    # a regression guard, never a target to tune on
    assert m["blind_n"] == m["n"] and "tune_n" not in m
    assert m["blind_country_accuracy"] >= 0.95 and m["blind_within25_rate"] >= 0.79
    assert m["blind_foreign_namesakes"] <= 2



def test_the_blind_set_names_its_own_split_and_is_varied() -> None:
    items = load_geogolden(BLIND)
    assert len(items) >= 120 and len({i.iso3 for i in items}) >= 40
    assert len({i.id for i in items}) == len(items)
    assert {split_for(i) for i in items} == {"blind"}
    assert {split_for(i) for i in load_geogolden(GOLDEN)} == {"tune", "heldout"}


GOLDEN_3 = Path(__file__).parent / "fixtures" / "geo_golden_3.jsonl"


def test_set_3_is_big_varied_and_split_by_id() -> None:
    items = load_geogolden(GOLDEN_3)
    assert len(items) >= 160 and len({i.iso3 for i in items}) >= 45
    assert len({i.id for i in items}) == len(items)
    assert {i.precision for i in items} == {1, 2, 3}
    halves = Counter(split_for(i) for i in items)
    assert set(halves) == {"tune", "heldout"}
    assert abs(halves["tune"] - halves["heldout"]) <= len(items) * 0.15


@pytest.mark.slow
def test_set_3_held_out_half_keeps_its_floors() -> None:
    m = evaluate_dataset(GOLDEN_3).metrics
    # floors 0.01 under what geo-14 measured on the held-out half (country 0.954, within 25 km 0.835,
    # precision 0.856, no foreign namesake): only the tune half's errors were read
    assert m["heldout_country_accuracy"] >= 0.944 and m["heldout_within25_rate"] >= 0.825
    assert m["heldout_precision_accuracy"] >= 0.846 and m["heldout_foreign_namesakes"] == 0
