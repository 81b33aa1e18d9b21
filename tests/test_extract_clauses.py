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
