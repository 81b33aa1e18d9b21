"""Administrative units named in lists ("Eastland and Callahan counties"), settlement nouns after a name
("Mali village"), and republics named by their bare name ("Dagestan"), on the real gazetteer."""

from __future__ import annotations

import pytest

from eventwire.geo import load_geoparser
from eventwire.geo.build import _republic_cores
from eventwire.geo.geoparser import GazetteerGeoparser
from eventwire.model import Toponym

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser() -> GazetteerGeoparser:
    return load_geoparser()


def _by_text(toponyms: list[Toponym]) -> dict[str, Toponym]:
    return {t.text: t for t in toponyms}


@pytest.mark.parametrize(
    ("sentence", "names", "code", "admin1"),
    [
        ("Wildfires burned in Eastland and Callahan counties, according to the Texas Fire Service.",
         ("Eastland", "Callahan"), "ADM2", "Texas"),
        ("Boko Haram fighters attacked villages in Borno and Yobe states on Sunday.",
         ("Borno", "Yobe"), "ADM1", None),
        ("The junta's airstrikes hit villages in Sagaing and Magway regions.",
         ("Sagaing", "Magway"), "ADM1", None),
        ("Houthi forces attacked government positions in Marib and Taiz governorates.",
         ("Marib", "Taiz"), "ADM1", None),
    ],
)
def test_names_listed_before_a_plural_unit_noun_are_those_units(
    parser: GazetteerGeoparser, sentence: str, names: tuple[str, ...], code: str, admin1: str | None
) -> None:
    found = _by_text(parser.parse(sentence))
    for name in names:
        place = found[name].place
        assert place is not None
        assert place.feature_code == code, (name, place)
        if admin1:
            assert place.admin1 == admin1


def test_a_bare_name_stays_a_town_without_the_unit_noun(parser: GazetteerGeoparser) -> None:
    place = _by_text(parser.parse("Gunmen killed two farmers in Callahan on Friday."))["Callahan"].place
    assert place is not None and place.feature_code != "ADM2"


def test_a_region_before_states_is_not_a_province(parser: GazetteerGeoparser) -> None:
    # "Gulf states" names the Gulf's countries; the list rule must not turn Gulf into a province.
    found = _by_text(parser.parse("Leaders of the Baltic states met in Riga on Monday."))
    baltic = found.get("Baltic")
    assert baltic is None or baltic.place is None or baltic.place.feature_code != "ADM1"


def test_settlement_noun_after_a_country_name_makes_it_the_village(parser: GazetteerGeoparser) -> None:
    mali = _by_text(parser.parse("Gunmen raided Mali village in Guinea's Labe region on Sunday."))["Mali"].place
    assert mali is not None and mali.iso3 == "GIN" and mali.feature_code != "PCLI"


def test_town_of_after_a_country_name_keeps_the_country(parser: GazetteerGeoparser) -> None:
    sudan = _by_text(parser.parse("Fighting reached the Sudan town of Tawila on Monday."))["Sudan"].place
    assert sudan is not None and sudan.feature_code == "PCLI" and sudan.iso3 == "SDN"


def test_republics_are_found_by_their_bare_name(parser: GazetteerGeoparser) -> None:
    found = _by_text(parser.parse("Clashes between police and insurgents are frequent in Dagestan."))
    place = found["Dagestan"].place
    assert place is not None and place.iso3 == "RUS" and place.feature_code == "ADM1"


def test_republic_cores_take_noun_forms_only() -> None:
    assert _republic_cores(["Dagestan, Respublika", "Republic of Tatarstan"]) == ["Dagestan", "Tatarstan"]
    # "Chechen Republic": the English adjective would turn "Chechen fighters" into a place.
    assert _republic_cores(["Chechen Republic", "Kherson"]) == []
