"""Event location and naming on real sentences from the demo corpus, over the real gazetteer: ACLED
country names, datelines, locative demonyms, anaphora, group names that are not towns, and the
mutual-support rule of US local news."""

from __future__ import annotations

import pytest

from eventwire.countries import country_name
from eventwire.geo import load_geoparser
from eventwire.geo.build import KIND_FEATURE, REGIONS_CSV, curated_records
from eventwire.geo.geoparser import GazetteerGeoparser, is_dateline
from eventwire.model import Toponym

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser() -> GazetteerGeoparser:
    return load_geoparser()


def _locate(parser: GazetteerGeoparser, text: str, clause: str, trigger: str) -> Toponym | None:
    start = text.index(clause)
    i = text.index(trigger, start)
    return parser.locate_event(
        text, parser.parse(text), sentence=(start, start + len(clause)), anchor=(i, i + len(trigger))
    )


def test_country_names_are_acled_names() -> None:
    assert country_name("PS") == "Palestine"
    assert country_name("COD") == "Democratic Republic of Congo"
    assert country_name("CI") == "Ivory Coast"
    assert country_name("SZ") == "eSwatini"
    assert country_name("XK") == "Kosovo"
    assert country_name("ZZ") is None


def test_places_carry_acled_country_names(parser: GazetteerGeoparser) -> None:
    found = {t.text: t.place for t in parser.parse("Israeli strikes hit Khan Younis and Goma.") if t.place}
    assert found["Khan Younis"].country == "Palestine"
    assert found["Goma"].country == "Democratic Republic of Congo"
    # GeoNames' own name still finds the country.
    assert parser.gazetteer.lookup("Palestinian Territory", limit=1)[0].name == "Palestine"


def test_curated_kinds_have_feature_codes() -> None:
    for kind in ("naval_base", "lake", "area", "checkpoint", "dam", "bridge", "plant"):
        assert kind in KIND_FEATURE


def test_regions_do_not_repeat_curated_places(parser: GazetteerGeoparser) -> None:
    rows = list(curated_records(REGIONS_CSV.parent, {}, pattern=REGIONS_CSV.name))
    assert "Red Sea" not in {r.name for r in rows}
    red_seas = [c for c in parser.gazetteer.lookup("Red Sea") if c.kind == "sea"]  # not the Sudanese state
    assert len(red_seas) == 1 and red_seas[0].source == "curated"


def test_group_names_are_not_towns(parser: GazetteerGeoparser) -> None:
    text = "Hamas fighters attacked Israeli troops in Rafah, and the Houthis fired at a ship."
    names = {t.text for t in parser.parse(text)}
    assert "Hamas" not in names and "Houthis" not in names and "Rafah" in names


def test_africa_is_the_continent(parser: GazetteerGeoparser) -> None:
    text = "Shipping companies now divert their vessels around southern Africa."
    africa = next(t for t in parser.parse(text) if t.text == "Africa")
    assert africa.place is not None and africa.place.feature_code == "CONT" and africa.place.precision == 3


def test_dateline_is_not_where_the_event_happened(parser: GazetteerGeoparser) -> None:
    text = (
        "Hezbollah fires rockets at northern Israel\n"
        "BEIRUT - Hezbollah said it fired a barrage of rockets at an Israeli army base in the northern "
        "Israeli town of Kiryat Shmona on Monday."
    )
    beirut = next(t for t in parser.parse(text) if t.text == "BEIRUT")
    assert is_dateline(text, beirut)
    clause = text.split("\n")[1]
    located = _locate(parser, text, clause, "fired")
    assert located is not None and located.place.iso3 == "ISR" and located.place.precision == 1


def test_locative_demonym_gives_the_country(parser: GazetteerGeoparser) -> None:
    text = (
        "DUBAI - A bulk carrier was hit by a missile about 30 nautical miles west of the Yemeni port "
        "of Zzyzxport on Tuesday, the British military's UK Maritime Trade Operations agency said."
    )
    located = _locate(parser, text, text, "hit")
    assert located is not None and located.place.name == "Yemen" and located.place.precision == 3


def test_anaphora_points_to_the_last_named_site(parser: GazetteerGeoparser) -> None:
    text = (
        "PORT-AU-PRINCE - Gang members attacked the Solino neighbourhood of Haiti's capital on Wednesday. "
        "Armed men entered the neighbourhood in the early morning, shooting people."
    )
    clause = text[text.index("Armed") :]
    located = _locate(parser, text, clause, "shooting")
    # "the neighbourhood" is that very place: it keeps Solino's precision
    assert located is not None and located.text.startswith("Solino") and located.place.precision == 1
    vague = text.replace("entered the neighbourhood", "were seen in the area")
    located = _locate(parser, vague, vague[vague.index("Armed") :], "shooting")
    assert located is not None and located.text.startswith("Solino") and located.place.precision == 2


def test_unknown_named_site_falls_back_to_the_country(parser: GazetteerGeoparser) -> None:
    text = (
        "The group targeted the Israeli Ovda Air Base with drones on March 26. "
        "A day later it claimed a drone attack on the Speer military site in the area."
    )
    clause = text[text.index("A day later") :]
    located = _locate(parser, text, clause, "drone attack")
    assert located is not None and located.place.name == "Israel" and located.place.precision == 3


def test_places_that_support_each_other_win(parser: GazetteerGeoparser) -> None:
    text = (
        "Paris and Henry County is rich in both history and art opportunities, and the academy is an "
        "example of how both are thriving here."
    )
    found = {t.text: t.place for t in parser.parse(text) if t.place}
    assert found["Paris"].admin1 == found["Henry County"].admin1 == "Tennessee"


def test_lowercase_modifier_does_not_hide_the_name(parser: GazetteerGeoparser) -> None:
    text = "The army says it has regained most of the towns and villages in eastern Ghouta."
    assert "Ghouta" in {t.text for t in parser.parse(text)}


def test_road_numbers_are_not_first_names(parser: GazetteerGeoparser) -> None:
    text = (
        "The carriageway to the A429 Cirencester junction will close tonight, doubling the distance "
        "to Cirencester for drivers from Gloucester."
    )
    found = [t for t in parser.parse(text) if t.text == "Cirencester" and t.place]
    assert found and found[-1].place.country == "United Kingdom"


def test_district_named_like_its_town_is_the_town(parser: GazetteerGeoparser) -> None:
    # GeoNames has Birnin Gwari both as an LGA (ADM2, centroid 23 km off) and as the town; "near Birnin
    # Gwari" is the town, as ACLED codes it. Saying "local government area" keeps the district.
    text = ("Gunmen abducted at least 25 passengers from two buses near Birnin Gwari in northwestern "
            "Nigeria's Kaduna state on Sunday, police said.")
    town = next(t for t in parser.parse(text) if t.text == "Birnin Gwari")
    assert town.place is not None and town.place.feature_code.startswith("PPL")
    assert (round(town.place.latitude, 1), round(town.place.longitude, 1)) == (10.7, 6.5)
    district = "Soldiers were deployed across the Birnin Gwari local government area on Monday."
    lga = next(t for t in parser.parse(district) if t.text == "Birnin Gwari")
    assert lga.place is not None and lga.place.feature_code == "ADM2"


@pytest.mark.parametrize(("text", "name", "precision"), [
    ("Fighters attacked an army outpost near the town of Djibo in northern Burkina Faso on Sunday.", "Djibo", 2),
    ("A suicide bomber rammed a police vehicle on the outskirts of the northwestern city of Bannu.", "Bannu", 2),
    ("Militants killed 18 civilians in a village about 15 kilometres north of the city of Beni.", "Beni", 2),
    ("An air strike killed 11 villagers in the Shwebo area of the Sagaing region on Sunday.", "Shwebo", 2),
    ("Gunmen shot dead a candidate in the southern Mexican city of Chilpancingo on Monday.", "Chilpancingo", 1),
])
def test_near_and_area_cues_give_precision_2(parser: GazetteerGeoparser, text: str, name: str,
                                             precision: int) -> None:
    found = next(t for t in parser.parse(text) if t.text == name)
    assert found.place is not None and found.place.precision == precision


def test_a_town_qualified_by_its_country_is_not_a_foreign_namesake(parser: GazetteerGeoparser) -> None:
    # Boni (Mali) is not in the gazetteer; Bonn's alias "Boni" must not take it to Germany
    text = ("BAMAKO, March 4 (Reuters) - Suspected jihadists killed at least 14 soldiers in an ambush on an army "
            "convoy near the town of Boni in central Mali on Monday, the army said in a statement.")
    found = {t.text: t.place for t in parser.parse(text)}
    assert found["Boni"] is None and found["Mali"] is not None and found["Mali"].iso3 == "MLI"
    located = _locate(parser, text, text, "killed")
    assert located is not None and located.place.iso3 == "MLI"
    # a qualifier that does contain a candidate keeps it
    ok = "Shelling hit Kramatorsk in eastern Ukraine on Monday."
    kramatorsk = next(t for t in parser.parse(ok) if t.text == "Kramatorsk")
    assert kramatorsk.place is not None and kramatorsk.place.iso3 == "UKR"


def test_the_first_word_of_an_unknown_arabic_name_is_not_a_place(parser: GazetteerGeoparser) -> None:
    text = ("KHARTOUM, Jan 15 (AFP) - The paramilitary Rapid Support Forces attacked the village of Wad "
            "al-Nourah in Gezira state on Tuesday, killing 35 people, according to a local resistance committee.")
    names = {t.text: t.place for t in parser.parse(text)}
    assert "Wad" not in names
    located = _locate(parser, text, text, "killing")
    # "the village of Wad al-Nourah in" introduces a place, not a group named "... in Gezira"
    assert located is not None and located.place.name == "Gezira" and located.place.iso3 == "SDN"


def test_a_country_fallback_points_at_where_the_text_names_the_country(parser: GazetteerGeoparser) -> None:
    text = ("Fighting was reported near Kadugli in South Kordofan state. The army said its forces had "
            "repelled the attackers. Sudan's war has displaced millions.")
    located = _locate(parser, text, "The army said its forces had repelled the attackers.", "repelled")
    assert located is not None and located.place.iso3 == "SDN"
    if located.place.precision == 3:
        assert located.text == "Sudan"


def test_a_sentence_without_a_place_stays_where_the_text_just_was(parser: GazetteerGeoparser) -> None:
    # a British commentary (the UK named most) that turns to Syria for two sentences
    text = ("Britain's courts should try the two British fighters, a British peer said in London. "
            "UK ministers and British officials disagree. "
            "A militia leader in Syria said one Isis commander was caught after planting explosives near the town "
            "of al-Tamanah, south Idlib. Anti-aircraft defences were needed to protect hospitals targeted by "
            "warplanes over the past week.")
    clause = text[text.index("Anti-aircraft") :]
    located = _locate(parser, text, clause, "targeted")
    assert located is not None and located.place.iso3 == "SYR"
    # a country named once, through one doubtful place, does not pull the next sentence away
    lisbon = ("Thousands of people marched through central Lisbon, the Portuguese capital, on Saturday. The march set off from the Alameda "
              "area in the afternoon. The demonstration passed off peacefully, police said.")
    clause = lisbon[lisbon.index("The demonstration") :]
    located = _locate(parser, lisbon, clause, "demonstration")
    assert located is not None and located.place.iso3 == "PRT"


def test_the_outskirts_of_a_town_told_again_are_near_it(parser: GazetteerGeoparser) -> None:
    text = ("MEXICO CITY - Gunmen shot dead a candidate in the southern Mexican city of Chilpancingo on Monday. "
            "The candidate was attacked outside her home in the city's northern outskirts by two men.")
    clause = text[text.index("The candidate") :]
    located = _locate(parser, text, clause, "attacked")
    assert located is not None and located.place.name == "Chilpancingo" and located.place.precision == 2
    assert located.text == "the city's northern outskirts"
