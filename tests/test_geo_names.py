"""Reported place names are the plain English forms analysts search for, not transliteration marks."""

from __future__ import annotations

import pytest

from eventwire.geo import load_geoparser
from eventwire.geo.gazetteer import display_name


def test_plain_names_pass_through() -> None:
    assert display_name("Kharkiv", "Kharkov") == "Kharkiv"


def test_marked_name_takes_the_articles_plain_spelling() -> None:
    assert display_name("Khān Yūnis", "Khan Younis") == "Khan Younis"


def test_marked_name_without_a_plain_surface_loses_its_marks() -> None:
    assert display_name("Janīn", "جنين") == "Janin"
    assert display_name("Herāt") == "Herat"


@pytest.mark.slow
def test_geoparser_reports_the_articles_spelling() -> None:
    text = "An Israeli airstrike hit a house in Khan Younis in the southern Gaza Strip on Tuesday."
    names = {t.text: t.place.name for t in load_geoparser().parse(text) if t.place}
    assert names.get("Khan Younis") == "Khan Younis"
    assert all(name.isascii() for name in names.values())


@pytest.mark.slow
def test_city_of_names_the_city_not_the_state_of_the_same_name() -> None:
    parser = load_geoparser()
    (city,) = [t.place for t in parser.parse("Teachers threw stones at the congress in the city of Oaxaca.") if t.place]
    (state,) = [t.place for t in parser.parse("Protesters marched across Oaxaca state on Wednesday.") if t.place]
    assert (city.feature_code, state.feature_code) == ("PPL", "ADM1")


@pytest.mark.slow
def test_capital_of_a_country_is_the_country() -> None:
    # "the capital of X" names X as the larger unit, never a namesake town (Sudan, Texas).
    text = "Shells hit El Fasher, the capital of Sudan's North Darfur state, on Saturday."
    countries = {t.text: t.place.country for t in load_geoparser().parse(text) if t.place}
    assert countries["Sudan"] == "Sudan"
