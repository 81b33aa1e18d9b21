"""Two events told in one sentence's clauses come apart; one event told with two verbs stays one."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.clauses import event_clauses
from eventwire.extract.triggers import find_triggers
from eventwire.model import Article, Event


@pytest.fixture(scope="module")
def geoparser():  # type: ignore[no-untyped-def]
    from eventwire.geo import load_geoparser

    return load_geoparser()


def _events(text: str, geoparser=None, date: dt.date = dt.date(2024, 3, 5)) -> list[Event]:  # type: ignore[no-untyped-def]
    return list(next(extract_articles([Article(id="c", text=text, date=date)], geoparser=geoparser)).events)


def _clauses(nlp, sentence: str) -> list[int]:  # type: ignore[no-untyped-def]
    doc = nlp(sentence)
    hits = find_triggers(sentence)
    tokens = [doc.char_span(h.start, h.end, alignment_mode="expand").root for h in hits]
    return event_clauses(tokens, [h.family for h in hits])


@pytest.mark.parametrize("sentence", [
    # (SATP) a "while" clause tells a second bomb somewhere else
    "Two bombs exploded near the polling camp of Congress located at Wangoo under Thoubal District while another "
    "powerful bomb went off at Yumnam Leikai, despite the presence of six companies of SFs.",
    # (SATP) two killings, each with its own perpetrator and place
    "A man was killed by unknown miscreants near Samama Shopping Centre on University Road while a man, identified "
    "as Sajid, was killed by gunmen who opened fire on his shop in Rizvia Society.",
    # (VOA) an arrest in Zurich, a raid in Miami
    "Authorities in Zurich, Switzerland, arrested seven people early Wednesday, while the FBI raided the Miami "
    "offices of CONCACAF, the regional body governing North and Central America.",
    # coordinated clauses, each with its own subject and place
    "Warplanes bombed a market in Idlib on Monday, while in Khartoum police arrested dozens of protesters.",
    "Russian missiles hit an apartment block in Kharkiv on Tuesday, and Ukrainian drones struck an oil depot "
    "in Belgorod.",
    # a semicolon and "meanwhile": the second clause says it is another event
    "Rebels attacked an army post in Dara on Friday; meanwhile, protesters marched in Homs.",
])
def test_clauses_of_two_events_come_apart(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert len(set(_clauses(nlp, sentence))) == 2


@pytest.mark.parametrize("sentence", [
    # (SATP) the killed and the injured of one exchange of fire, in clauses of their own
    "Three Tehreek e Taliban Pakistan (TTP) militants were shot dead and one Policeman was injured in retaliatory "
    "firing in Manghopir area of Gadap Town in Karachi, the provincial capital of Sindh on March 8, reported Dawn.",
    "A Shia doctor, identified as Haider Raza, was shot dead while another man accompanying him was injured when "
    "unidentified militants opened fire at his car in front of Darul Sehat Hospital in Gulistan e Jauhar area of "
    "Gulshan e Iqbal Town on April 9, reports Dawn.",
    # (our set) a clause of time tells amid what the event happened
    "Police detained 151 protesters who tried to block streets in Yerevan on Monday, as demonstrations led by an "
    "archbishop against border concessions to Azerbaijan continued.",
    # (our set) a clause whose verb tells no event ("had largely stopped")
    "The MNDAA and the junta signed a ceasefire in Kunming under Chinese mediation; fighting in northern Shan had "
    "largely stopped since last week.",
    # one subject, two verbs: one attack
    "Gunmen stormed the village on Sunday and killed 12 people.",
    "Suspected jihadists attacked a military post in Boulkessi, killing 15 soldiers.",
    # the second clause's subject retells the first event ("the blast")
    "A car bomb exploded in Mogadishu on Saturday and the blast killed at least 10 people in the Hodan district.",
    # a second clause with its own subject but no place of its own
    "Police fired tear gas at protesters in Nairobi on Tuesday and the demonstrators threw stones.",
])
def test_one_event_told_with_two_verbs_stays_one(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert len(set(_clauses(nlp, sentence))) == 1


def test_air_strike_and_arrest_in_one_sentence_are_two_events(geoparser) -> None:  # type: ignore[no-untyped-def]
    events = _events("Warplanes bombed a market in Idlib on Monday, while in Khartoum police arrested dozens of "
                     "protesters.", geoparser)
    assert sorted((e.sub_event_type, e.iso3, e.location) for e in events) == [
        ("Air/drone strike", "SYR", "Idlib"), ("Protest with intervention", "SDN", "Khartoum")]
    arrest = next(e for e in events if e.iso3 == "SDN")
    assert arrest.actor2 == "Police Forces of Sudan"


def test_missile_and_drone_strikes_in_two_countries_keep_their_own_means(geoparser) -> None:  # type: ignore[no-untyped-def]
    events = _events("Russian missiles hit an apartment block in Kharkiv on Tuesday, and Ukrainian drones struck an "
                     "oil depot in Belgorod.", geoparser)
    assert sorted((e.location, e.sub_event_type, e.actor1) for e in events) == [
        ("Belgorod", "Air/drone strike", "Military Forces of Ukraine"),
        ("Kharkiv", "Shelling/artillery/missile attack", "Military Forces of Russia")]


def test_shelling_of_villages_and_a_drone_strike_elsewhere_are_two_events(geoparser) -> None:  # type: ignore[no-untyped-def]
    # the parser takes neither village for a place; the geoparser's toponyms do
    events = _events("Government forces shelled Kafranbel and Hass on Tuesday, and drones struck Saraqeb.", geoparser)
    assert sorted(e.sub_event_type for e in events) == ["Air/drone strike", "Shelling/artillery/missile attack"]


@pytest.mark.parametrize("text", [
    "Gunmen stormed the village on Sunday and killed 12 people.",
    "A car bomb exploded in Mogadishu on Saturday and the blast killed at least 10 people in the Hodan district.",
])
def test_same_attack_told_twice_in_one_sentence_is_one_event(geoparser, text: str) -> None:  # type: ignore[no-untyped-def]
    assert len(_events(text, geoparser)) == 1


def test_two_bombs_in_two_places_stay_two_events_when_one_place_is_unresolved(geoparser) -> None:  # type: ignore[no-untyped-def]
    # (SATP) the clauses told the bombs apart: the second's unknown village does not merge them again
    events = _events("Two bombs exploded near the polling camp of Congress located at Wangoo under Thoubal District "
                     "while another powerful bomb went off at Yumnam Leikai, despite the presence of six companies "
                     "of SFs.", geoparser)
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED"] * 2


def test_missile_and_air_strike_in_reply_keep_their_own_sides(geoparser) -> None:  # type: ignore[no-untyped-def]
    events = _events("Houthi rebels fired a missile at Marib city on Sunday, and Saudi-led coalition jets struck Sanaa "
                     "in response.", geoparser)
    assert sorted((e.location, e.sub_event_type, e.actor1) for e in events) == [
        ("Ma'rib", "Shelling/artillery/missile attack", "Houthis (Ansar Allah)"),
        ("Sanaa", "Air/drone strike", "Saudi-led Coalition")]
