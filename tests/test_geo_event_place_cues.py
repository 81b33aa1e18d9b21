"""Where the event of a short conflict report is, over the real gazetteer: a sentence-opening word or a
place is no group name before "in"; "the capital" with no place before it is the dateline's city; a
coder's outcome-only sentence is placed where the sentence before it was; names with Romance particles
("Port-au-Prince") are recognised whole."""

from __future__ import annotations

import pytest

from eventwire.geo import load_geoparser
from eventwire.geo.distance import haversine_km
from eventwire.geo.geoparser import GazetteerGeoparser
from eventwire.model import Toponym
from test_geo_locate import _locate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser() -> GazetteerGeoparser:
    return load_geoparser()


def _where(t: Toponym | None) -> tuple[str | None, str | None, int | None]:
    return (None, None, None) if t is None or t.place is None else (t.place.name, t.place.iso3, t.place.precision)


def test_a_word_that_opens_the_sentence_is_no_group_name(parser: GazetteerGeoparser) -> None:
    text = "Protesters in Benghazi blocked the coastal road on Monday, Libyan activists said."
    assert _where(_locate(parser, text, text, "blocked"))[:2] == ("Benghazi", "LBY")


def test_a_place_before_in_is_no_group_name(parser: GazetteerGeoparser) -> None:
    text = "Police cleared a protest camp at the University of Mississippi in Oxford, arresting 12 students."
    place = _locate(parser, text, text, "cleared")
    assert place is not None and place.place is not None
    assert place.place.iso3 == "USA" and haversine_km(place.place.latitude, place.place.longitude, 34.37, -89.52) < 25
    # a group's name still is one: the Islamic Resistance in Iraq is not where the drone struck
    text = "The Islamic Resistance in Iraq said its drone struck a target in Eilat."
    assert _where(_locate(parser, text, text, "struck"))[1] == "ISR"


def test_the_capital_is_the_datelines_city(parser: GazetteerGeoparser) -> None:
    text = "NAIROBI (Reuters) - Police fired tear gas at protesters in the capital, injuring two Ugandan students."
    clause = text[text.index("Police"):]
    assert _where(_locate(parser, text, clause, "fired"))[:2] == ("Nairobi", "KEN")


def test_an_outcome_sentence_is_where_the_sentence_before_it_was(parser: GazetteerGeoparser) -> None:
    text = ("On 3 May 2024, ISWAP fighters attacked a military base in Damboa (Damboa LGA, Borno state). "
            "3 soldiers killed.")
    assert _where(_locate(parser, text, "3 soldiers killed.", "killed"))[:2] == ("Damboa", "NGA")


def test_names_with_romance_particles_are_recognised_whole(parser: GazetteerGeoparser) -> None:
    found = {t.text: t.place for t in parser.parse("Gangs burned houses in Port-au-Prince and police clashed with "
                                                    "students in Santiago de los Caballeros.") if t.place}
    assert found["Port-au-Prince"].iso3 == "HTI"
    assert found["Santiago de los Caballeros"].iso3 == "DOM"
