"""geo-14 readings on the real gazetteer: a saint's name before a possessive church or school is a dedication,
not a town; a whole written name that is a place is not moved by the learned ranker to a reading of part of it."""

from __future__ import annotations

import pytest

from eventwire.geo import load_geoparser
from eventwire.geo.geoparser import GazetteerGeoparser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser() -> GazetteerGeoparser:
    return load_geoparser()


@pytest.mark.parametrize(
    "sentence",
    [
        "The wedding itself takes place on 19 May in St George’s Chapel at Windsor Castle.",
        "She was a teacher at St. John's Lutheran School in Lomira for 30 years.",
        "Burial will be in St. John’s Union Cemetery, Friedens.",
    ],
)
def test_a_saints_possessive_foundation_is_no_town(parser: GazetteerGeoparser, sentence: str) -> None:
    texts = [t.text for t in parser.parse(sentence)]
    assert not any(t.startswith(("St", "Saint")) for t in texts), texts


def test_a_saints_name_alone_or_a_city_possessive_is_still_a_place(parser: GazetteerGeoparser) -> None:
    texts = [t.text for t in parser.parse("Flights will link New York and St. Petersburg’s Pulkovo airport.")]
    assert "St. Petersburg" in texts


@pytest.mark.parametrize(
    ("sentence", "text", "part"),
    [
        ("The plant will close and move its jobs to Kansas City, officials in Topeka, Kansas, said.",
         "Kansas City", "Kansas"),
        # the model alone sends this one to the province: Ontario votes for a Canadian province
        ("The council in London, Ontario, ended its sister-city ties with Quebec City and Nanjing.",
         "Quebec City", "Quebec"),
    ],
)
def test_a_whole_name_is_not_read_as_its_part(
    parser: GazetteerGeoparser, sentence: str, text: str, part: str
) -> None:
    found = [t for t in parser.parse(sentence) if t.text == text]
    assert found and found[0].place is not None, [t.text for t in parser.parse(sentence)]
    assert found[0].place.name != part
