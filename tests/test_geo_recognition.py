"""Toponym recognition cues on real news sentences, with the real gazetteer (built once, then fast).

Each test pins one general rule: surnames after a given name, organisation heads, firms, streets,
abbreviation periods, capitalised acronyms, and town-named institutions.
"""

from __future__ import annotations

import pytest

from eventwire.geo import load_geoparser
from eventwire.geo.geoparser import GazetteerGeoparser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser() -> GazetteerGeoparser:
    return load_geoparser()


def names(parser: GazetteerGeoparser, text: str) -> list[str]:
    return [t.text for t in parser.parse(text)]


def test_given_name_opening_a_sentence_makes_a_surname(parser: GazetteerGeoparser) -> None:
    text = (
        "The company reported strong quarterly results. Charlie Chen, 48, was charged in Boston. "
        "Chen denied the charges."
    )
    found = names(parser, text)
    assert "Chen" not in found
    assert "Boston" in found


def test_international_given_name_before_a_surname(parser: GazetteerGeoparser) -> None:
    text = "President Vladimir Putin met Nadia Murad in Moscow on Tuesday."
    found = names(parser, text)
    assert "Vladimir" not in found and "Nadia" not in found
    assert "Moscow" in found


def test_the_city_and_bare_organisation_heads_are_no_places(parser: GazetteerGeoparser) -> None:
    text = (
        "The city has laid off 17 jail employees. She is a professor at the University of Georgia "
        "and worked at the Bank of England before Congress passed the bill."
    )
    found = names(parser, text)
    assert not {"The city", "University", "Bank", "Congress"} & set(found)
    assert "Georgia" in found and "England" in found


def test_firms_politicians_and_name_particles(parser: GazetteerGeoparser) -> None:
    text = (
        "The city owes design firm Stevens & Wilkinson money, attorneys for Callison Tighe & Robinson "
        "said. Trainer Mike de Kock won again, and the Obama administration signed the deal in Lansing."
    )
    found = names(parser, text)
    assert not {"Stevens", "Robinson", "Kock", "Obama"} & set(found)


def test_street_names_are_not_towns(parser: GazetteerGeoparser) -> None:
    text = "Residents of Wichita Drive in Dublin, Ohio, asked the council to rename it Wichita Street."
    found = names(parser, text)
    assert "Wichita" not in found
    assert "Dublin" in found and "Ohio" in found


def test_a_place_before_a_full_stop_is_no_abbreviation(parser: GazetteerGeoparser) -> None:
    text = "Clinton attended a conference on the reconstruction of Gaza. I do not know how relevant it is."
    assert "Gaza" in names(parser, text)


def test_capitalised_us_survives_the_pronoun(parser: GazetteerGeoparser) -> None:
    text = "Let us be clear, she said. The US and several other countries are investigating the fund."
    assert "US" in names(parser, text)


def test_the_before_a_given_name_keeps_the_town(parser: GazetteerGeoparser) -> None:
    text = "The Jordan resident was flown to North Memorial Medical Center in Robbinsdale."
    assert "Jordan" in names(parser, text)


def test_town_institutions_keep_their_town(parser: GazetteerGeoparser) -> None:
    text = "The suspect fled, according to a news release from DeKalb Police on Monday."
    assert "DeKalb" in names(parser, text)


def test_a_person_named_like_a_town_next_to_a_surname_is_rejected(parser: GazetteerGeoparser) -> None:
    text = "Nadia Moayyad of Southlake said her mother-in-law moved to Arlington in 1973."
    found = names(parser, text)
    assert "Nadia" not in found
    assert "Arlington" in found


def test_an_unknown_name_opening_a_sentence_makes_a_surname(parser: GazetteerGeoparser) -> None:
    text = (
        "Officers responded to a report of someone breaking car windows. Stephon Clark, 22, was shot "
        "in his grandmother's backyard in Sacramento."
    )
    found = names(parser, text)
    assert "Clark" not in found
    assert "Sacramento" in found


def test_a_participle_opening_a_sentence_leaves_the_town(parser: GazetteerGeoparser) -> None:
    text = "Russian forces pressed on. Embattled Avdiivka was shelled again overnight, officials said."
    assert "Avdiivka" in names(parser, text)


def test_based_names_are_toponyms_but_never_event_places(parser: GazetteerGeoparser) -> None:
    text = "A London-based consultancy said murals had surged in Lyon."
    found = {t.text: t for t in parser.parse(text)}
    assert "London" in found and "Lyon" in found
    assert found["London"].score < found["Lyon"].score
    sentence = (0, len(text))
    anchor = (text.find("surged"), text.find("surged") + 6)
    located = parser.locate_event(text, parser.parse(text), sentence=sentence, anchor=anchor)
    assert located is not None and located.text == "Lyon"


def test_unknown_site_takes_the_country_of_the_place_listed_before_it(parser: GazetteerGeoparser) -> None:
    text = (
        "The group voiced solidarity with Gaza. It cited the suffering in Gaza. Aid must reach Gaza. "
        "On successive days, the group targeted the Ovda Air Base and the Speer military site."
    )
    toponyms = parser.parse(text)
    start = text.find("and the Speer")
    clause = (start, len(text))
    anchor = (text.find("targeted"), text.find("targeted") + 8)
    located = parser.locate_event(text, toponyms, sentence=clause, anchor=anchor)
    assert located is not None and located.place is not None
    assert located.place.iso3 == "ISR"


def test_a_capitalised_dateline_is_a_place_not_an_acronym(parser: GazetteerGeoparser) -> None:
    text = (
        "City adjusts budget for recycling.\nTORRINGTON — City Council tentatively approved several changes."
    )
    assert "TORRINGTON" in names(parser, text)


def test_a_state_after_its_town_is_no_given_name(parser: GazetteerGeoparser) -> None:
    text = "She is survived by her son-in-law, Olin Wethington of McLean, Virginia; and three grandchildren."
    assert "Virginia" in names(parser, text)


def test_a_party_label_introduces_a_legislators_home(parser: GazetteerGeoparser) -> None:
    text = ("House Minority Leader Marty Seifert, R-Marshall, joined Tony Sertich, DFL-Chisholm, and "
            "State Rep. Jay Roberts (R-Ocilla) in backing the bill at the Wal-Mart on D-Day.")
    found = names(parser, text)
    assert {"Marshall", "Chisholm", "Ocilla"} <= set(found)
    assert "Mart" not in found and "Day" not in found
