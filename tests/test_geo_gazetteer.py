"""Gazetteer lookup on the tiny fixture gazetteer: ranking, hints, transliterations."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.geo.build import build_gazetteer
from eventwire.geo.gazetteer import Gazetteer, open_gazetteer

FIXTURE = Path(__file__).parent / "fixtures" / "geo" / "places"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "g.sqlite"
    return open_gazetteer(build_gazetteer(path, curated_dir=FIXTURE, packages=False))


def test_bare_name_prefers_country_then_province(gaz: Gazetteer) -> None:
    assert [c.kind for c in gaz.lookup("Georgia")][:2] == ["country", "admin1"]


def test_country_hint_overrides_the_prior(gaz: Gazetteer) -> None:
    best = gaz.lookup("Georgia", country="US")[0]
    assert (best.kind, best.country_iso2) == ("admin1", "US")
    assert gaz.lookup("Alexandria", country="USA")[0].admin1 == "Louisiana"


def test_big_city_beats_its_namesake_province(gaz: Gazetteer) -> None:
    assert gaz.lookup("Gaza")[0].name == "Gaza City"


def test_curated_sites_and_generic_suffixes(gaz: Gazetteer) -> None:
    assert gaz.lookup("Ovda Air Base")[0].name == "Ovda Air Base"
    assert gaz.lookup("Uvda airbase")[0].name == "Ovda Air Base"
    assert gaz.lookup("Nuseirat refugee camp")[0].kind == "camp"
    assert gaz.lookup("Kerem Shalom")[0].kind == "crossing"


def test_transliteration_and_fuzzy_fallbacks(gaz: Gazetteer) -> None:
    assert gaz.lookup("Khan Younes")[0].name == "Khan Yunis"  # loose key
    assert gaz.lookup("Kharkov")[0].name == "Kharkiv"
    assert gaz.lookup("Kharkov Oblast")[0].kind == "admin1"
    assert gaz.lookup("Baghdadd")[0].name == "Baghdad"  # rapidfuzz over a prefix range
    assert gaz.lookup("Nowhereville") == []


def test_candidate_becomes_a_place_with_country_name(gaz: Gazetteer) -> None:
    place = gaz.lookup("Rafah")[0].to_place(precision=1)
    assert (place.country, place.iso3, place.precision) == ("Palestine", "PSE", 1)
    assert 31 < (place.latitude or 0) < 32


def test_missing_gazetteer_without_build_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="eventwire gazetteer build"):
        open_gazetteer(tmp_path / "none.sqlite", build=False)
