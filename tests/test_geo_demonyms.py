"""Demonyms the gazetteer's sources lack ("Palestinian", "Saudi", "European") name their country or
continent, as news gold marks them; a nationality word used as a language names no place."""

from __future__ import annotations

import pytest

from eventwire.geo import load_geoparser
from eventwire.geo.geoparser import GazetteerGeoparser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser() -> GazetteerGeoparser:
    return load_geoparser()


def countries(parser: GazetteerGeoparser, text: str) -> dict[str, str | None]:
    return {t.text: t.place.name if t.place else None for t in parser.parse(text)}


def test_adjectives_name_their_country_or_continent(parser: GazetteerGeoparser) -> None:
    text = ("Two Palestinian gunmen were killed, Saudi state media said, as European and African leaders "
            "met Philippine and Emirati envoys to discuss Chinese investment.")
    found = countries(parser, text)
    assert found["Palestinian"] == "Palestine"
    assert found["Saudi"] == "Saudi Arabia"
    assert found["European"] == "Europe"
    assert found["African"] == "Africa"
    assert found["Philippine"] == "Philippines"
    assert found["Emirati"] == "United Arab Emirates"
    assert found["Chinese"] == "China"


def test_peoples_name_their_region_or_country(parser: GazetteerGeoparser) -> None:
    found = countries(parser, "Abkhaz officials said Kurdish fighters would not court the Sinhalese majority.")
    assert found == {"Abkhaz": "Abkhazia", "Kurdish": "Kurdistan", "Sinhalese": "Sri Lanka"}


def test_a_language_is_no_place(parser: GazetteerGeoparser) -> None:
    for text in ("Eighty million copies were printed in Chinese, and in eleven minority languages.",
                 "She speaks Chinese at home.", "He reads the Chinese-language press."):
        assert "Chinese" not in countries(parser, text), text


def test_demonyms_never_locate_an_event(parser: GazetteerGeoparser) -> None:
    text = "Palestinian gunmen opened fire on Tuesday."
    toponyms = parser.parse(text)
    located = parser.locate_event(text, toponyms, sentence=(0, len(text)), anchor=(19, 23))
    assert located is None or located.place is None or located.place.precision == 3
