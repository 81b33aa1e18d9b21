"""Geoparser on real sentences, over the tiny fixture gazetteer (fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.geo.build import build_gazetteer
from eventwire.geo.gazetteer import open_gazetteer
from eventwire.geo.geoparser import GazetteerGeoparser
from eventwire.geo.protocol import Geoparser

FIXTURE = Path(__file__).parent / "fixtures" / "geo" / "places"


@pytest.fixture(scope="module")
def parser(tmp_path_factory: pytest.TempPathFactory) -> GazetteerGeoparser:
    path = tmp_path_factory.mktemp("gaz") / "g.sqlite"
    return GazetteerGeoparser(open_gazetteer(build_gazetteer(path, curated_dir=FIXTURE, packages=False)))


def _by_text(parser: GazetteerGeoparser, text: str) -> dict[str, tuple[str | None, str | None]]:
    return {t.text: (t.place.name, t.place.iso3) for t in parser.parse(text) if t.place}


def _locate(parser: GazetteerGeoparser, text: str, trigger: str):  # noqa: ANN202
    toponyms = parser.parse(text)
    start = text.index(trigger)
    return parser.locate_event(text, toponyms, sentence=(0, len(text)), anchor=(start, start + len(trigger)))


def test_parser_satisfies_the_protocol(parser: GazetteerGeoparser) -> None:
    assert isinstance(parser.version, str) and parser.version
    geoparser: Geoparser = parser
    assert geoparser.parse("") == []


def test_gaza_strikes_sentence(parser: GazetteerGeoparser) -> None:
    text = "Israeli airstrikes hit Rafah and Khan Younis in southern Gaza on Tuesday."
    found = _by_text(parser, text)
    assert found["Rafah"] == ("Rafah", "PSE")
    assert found["Khan Younis"] == ("Khan Yunis", "PSE")
    assert found["Gaza"][1] == "PSE"
    toponyms = parser.parse(text)
    assert all(text[t.start : t.end] == t.text for t in toponyms)


def test_transliterated_city(parser: GazetteerGeoparser) -> None:
    assert _by_text(parser, "Russian missiles struck Kharkov overnight.")["Kharkov"] == ("Kharkiv", "UKR")


def test_metonymic_country_is_an_actor_not_the_place(parser: GazetteerGeoparser) -> None:
    text = "Turkey shelled Kurdish positions in Iraq."
    turkey = next(t for t in parser.parse(text) if t.text == "Turkey")
    iraq = next(t for t in parser.parse(text) if t.text == "Iraq")
    assert turkey.score < iraq.score
    located = _locate(parser, text, "shelled")
    assert located is not None and located.text == "Iraq" and located.place.precision == 3


def test_group_name_and_actor_origin_are_not_the_event_place(parser: GazetteerGeoparser) -> None:
    text = "The Islamic Resistance in Iraq, an Iraqi group, said it targeted Ovda Air Base with drones."
    located = _locate(parser, text, "targeted")
    assert located is not None
    assert (located.place.name, located.place.iso3, located.place.precision) == ("Ovda Air Base", "ISR", 1)


def test_unknown_site_falls_back_to_the_country(parser: GazetteerGeoparser) -> None:
    text = (
        "Sirens sounded across northern Israel on Monday. Hezbollah said it attacked the Speer military site."
    )
    second = text.index("Hezbollah")
    toponyms = parser.parse(text)
    trigger = text.index("attacked")
    located = parser.locate_event(text, toponyms, sentence=(second, len(text)), anchor=(trigger, trigger + 8))
    assert located is not None
    assert (located.place.name, located.place.precision) == ("Israel", 3)


def test_near_gives_precision_two(parser: GazetteerGeoparser) -> None:
    text = "Clashes erupted near Rafah."
    located = _locate(parser, text, "Clashes")
    assert located is not None and located.place.precision == 2


def test_common_words_and_state_abbreviations(parser: GazetteerGeoparser) -> None:
    text = (
        "Reading the report in March, Chiquita Henry, 19, of 1935 Orchard St., Alexandria, La., was arrested."
    )
    found = _by_text(parser, text)
    assert "Reading" not in found and "March" not in found
    assert found["Alexandria"] == ("Alexandria", "USA")


def test_person_names_are_not_places(parser: GazetteerGeoparser) -> None:
    found = _by_text(parser, "Mr. Atlanta Jones met reporters in Tbilisi.")
    assert "Atlanta" not in found and found["Tbilisi"] == ("Tbilisi", "GEO")


def test_day_before_in_is_not_a_group_name(parser: GazetteerGeoparser) -> None:
    text = "On Monday in Kharkiv, a missile struck a school."
    located = _locate(parser, text, "struck")
    assert located is not None and located.text == "Kharkiv"


def test_contractions_and_possessives_keep_offsets(parser: GazetteerGeoparser) -> None:
    text = "They've said they'd rebuild Kharkiv's centre and Rafah's market."
    assert [t.text for t in parser.parse(text)] == ["Kharkiv", "Rafah"]
