"""geo-13 readings on the real gazetteer: region adjectives and natural regions, bare US county names,
a name written with its unit word, and "the Gulf"."""

from __future__ import annotations

import pytest

from eventwire.geo import load_geoparser
from eventwire.geo.geoparser import GazetteerGeoparser
from eventwire.model import Place, Toponym

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser() -> GazetteerGeoparser:
    return load_geoparser()


def _place(parser: GazetteerGeoparser, sentence: str, text: str) -> Place:
    found: list[Toponym] = [t for t in parser.parse(sentence) if t.text == text]
    assert found, f"{text!r} not recognised in {sentence!r}: {[t.text for t in parser.parse(sentence)]}"
    place = found[0].place
    assert place is not None, f"{text!r} unresolved"
    return place


@pytest.mark.parametrize(
    ("sentence", "text", "name"),
    [
        ("Central American migrants crossed into Texas on Monday.", "Central American", "Central America"),
        ("Latin American governments protested the decision.", "Latin American", "Latin America"),
        ("The Syrian Arab Red Crescent evacuated the wounded.", "Arab", "Arab world"),
        ("Washington has backed Arab solidarity against the blockade.", "Arab", "Arab world"),
    ],
)
def test_a_region_adjective_is_the_region_not_a_town_or_the_united_states(
    parser: GazetteerGeoparser, sentence: str, text: str, name: str
) -> None:
    place = _place(parser, sentence, text)
    assert place.name == name
    assert place.country is None


def test_the_town_named_arab_is_still_found_when_the_text_names_its_state(parser: GazetteerGeoparser) -> None:
    place = _place(parser, "Residents of Arab, Alabama, voted on the new school.", "Arab")
    assert (place.name, place.admin1) == ("Arab", "Alabama")


@pytest.mark.parametrize(
    ("sentence", "text", "country", "lat", "lon"),
    [
        ("Militants blew up a pipeline in the Niger Delta on Sunday.", "Niger Delta", "Nigeria", 5.0, 6.3),
        ("Floods hit farms across the Nile Delta.", "Nile Delta", "Egypt", 30.9, 31.1),
        ("Israeli strikes hit the Bekaa Valley near Baalbek.", "Bekaa Valley", "Lebanon", 33.85, 35.9),
        ("Thames Valley Police said a man was arrested in Reading.", "Thames Valley", "United Kingdom", 51.6, -1.0),
    ],
)
def test_a_delta_or_valley_is_the_natural_region_not_the_river_or_a_namesake(
    parser: GazetteerGeoparser, sentence: str, text: str, country: str, lat: float, lon: float
) -> None:
    place = _place(parser, sentence, text)
    assert place.country == country
    assert (place.latitude, place.longitude) == (lat, lon)


@pytest.mark.parametrize(
    ("sentence", "text", "admin1"),
    [
        ("Police in Suffolk arrested two men in Brookhaven, New York.", "Suffolk", "New York"),
        ("Officials in DeKalb and Fulton counties in Georgia said.", "DeKalb", "Georgia"),
        ("Osceola deputies responded near Kissimmee, Florida.", "Osceola", "Florida"),
    ],
)
def test_a_bare_us_county_name_is_the_county_when_the_article_is_in_its_state(
    parser: GazetteerGeoparser, sentence: str, text: str, admin1: str
) -> None:
    place = _place(parser, sentence, text)
    assert place.feature_code == "ADM2"
    assert place.admin1 == admin1


def test_the_town_keeps_its_bare_name_when_the_article_is_in_its_state(parser: GazetteerGeoparser) -> None:
    place = _place(parser, "Suffolk police said the crash happened near Norfolk, Virginia.", "Suffolk")
    assert (place.feature_code, place.admin1) != ("ADM2", "New York")
    assert place.admin1 == "Virginia"


@pytest.mark.parametrize(
    ("sentence", "text", "admin1"),
    [
        ("Deputies in Washington County, Iowa, arrested a man.", "Washington County", "Iowa"),
        ("Westmoreland County police in Pennsylvania said on Friday.", "Westmoreland County", "Pennsylvania"),
    ],
)
def test_a_name_with_its_unit_word_is_that_unit_not_the_bare_names_state_or_parish(
    parser: GazetteerGeoparser, sentence: str, text: str, admin1: str
) -> None:
    place = _place(parser, sentence, text)
    assert place.country == "United States"
    assert place.admin1 == admin1


def test_the_gulf_is_the_persian_gulf_not_the_province_of_papua_new_guinea(parser: GazetteerGeoparser) -> None:
    place = _place(parser, "Tankers in the Gulf were attacked near Qatar.", "Gulf")
    assert place.name == "Persian Gulf"


def test_every_name_of_a_list_a_unit_noun_closes_is_that_unit(parser: GazetteerGeoparser) -> None:
    # names that alone read as people ("Madison", "Hamilton", "Douglas") are counties in such a list
    sentence = ("The unemployment rate for the metro area - Clarke, Madison, Oconee and Oglethorpe counties - "
                "stayed below the rate in Butler, Clark, Hamilton, Douglas or Warren counties.")
    for name in ("Clarke", "Madison", "Oconee", "Oglethorpe", "Hamilton", "Douglas", "Warren"):
        place = _place(parser, sentence, name)
        assert place.name == f"{name} County" and place.feature_code == "ADM2", (name, place)


def test_a_list_of_given_names_is_no_list_of_units(parser: GazetteerGeoparser) -> None:
    found = [t.text for t in parser.parse("Mary, John and Peter Smith said the states were wrong.")]
    assert found == []


@pytest.mark.parametrize(
    ("name", "country"),
    [("South Ossetia", "Georgia"), ("Nagorno-Karabakh", "Azerbaijan"), ("Somaliland", "Somalia"),
     ("Puntland", "Somalia")],
)
def test_breakaway_regions_are_places_in_their_country(parser: GazetteerGeoparser, name: str, country: str) -> None:
    sentence = f"Fighting broke out again in {name} on Tuesday, and South Ossetian officials called for talks."
    place = _place(parser, sentence, name)
    assert place.country == country and place.precision == 3
    assert _place(parser, sentence, "South Ossetian").name == "South Ossetia"
