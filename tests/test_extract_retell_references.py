"""Retellings and references in long news: a condemned or investigated attack keeps its own day, a
plan's day marks a plan, a definite retelling placed by another word of its sentence folds into the
event it retells, a campaign's running toll is no event, and a conjoined clause keeps its own date."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.dates import find_dates
from eventwire.geo import load_geoparser
from eventwire.geo.protocol import Geoparser
from eventwire.model import Article, Event


@lru_cache(maxsize=1)
def _geo() -> Geoparser:
    return load_geoparser()


def _events(text: str, date: dt.date) -> tuple[Event, ...]:
    return tuple(next(extract_articles([Article(id="r", text=text, date=date)], geoparser=_geo())).events)


def _rows(text: str, date: dt.date) -> set[tuple[str, str | None, str | None]]:
    return {(e.sub_event_type, e.event_date, e.location) for e in _events(text, date)}


@pytest.mark.parametrize("text", [
    # the trigger is the modifier of the nominal ("chemical weapons attack", "car bomb attack"): the
    # statement's day (Thursday, Monday) must not date it as a second event
    "Suspected chemical weapons killed 40 people in Khan Sheikhoun on Tuesday.\n\n"
    "On Thursday the EU called for an investigation of the chemical weapons attack in Khan Sheikhoun.",
    "A car bomb killed 30 people in Mogadishu on Saturday.\n\n"
    "On Monday the African Union called for a probe into the car bomb attack in Mogadishu.",
])
def test_a_referred_attack_does_not_take_the_statement_day(text: str) -> None:
    pub = dt.date(2017, 4, 7) if "Khan" in text else dt.date(2024, 3, 12)
    events = _events(text, pub)
    assert len(events) == 1, [(e.sub_event_type, e.event_date) for e in events]


def test_a_condemned_attack_as_subject_keeps_its_own_day() -> None:
    text = ("A car bomb killed 30 people at a checkpoint in Mogadishu on Saturday, police said.\n\n"
            "In Nairobi, the bombing was condemned by the UN on Monday.")
    assert _rows(text, dt.date(2024, 3, 12)) == {("Remote explosive/landmine/IED", "2024-03-09", "Mogadishu")}


@pytest.mark.parametrize("text", [
    "Myanmar's military has set 20 June as the date for a full-scale offensive on the rebel-held town of "
    "Lashio, officials said on Wednesday.",
    "Gunmen killed 12 villagers in Dogo on Sunday. The army has set 20 June as the date for an offensive "
    "against the gunmen.",
])
def test_a_day_named_as_a_plans_date_makes_a_plan_not_an_event(text: str) -> None:
    # before: the future day was dropped as contradicting the report, and the offensive stood as an
    # undated (or borrowed-date) event
    events = _events(text, dt.date(2024, 6, 12))
    assert all(e.sub_event_type != "Armed clash" for e in events)
    assert [e.event_date for e in events] == (["2024-06-09"] if "Dogo" in text else [])


@pytest.mark.parametrize("sentence", [
    "The army has set 20 June as the date for an offensive.",
    "Rebels were given a deadline of 20 June to leave the town.",
    "An assault on the town is scheduled for 20 June.",
    "Talks collapsed before the 20 June deadline.",
])
def test_plan_words_mark_a_day_past_publication_as_ahead(sentence: str) -> None:
    (date,) = find_dates(sentence, 0, dt.date(2024, 6, 12))
    assert date.date_start == dt.date(2024, 6, 20) and date.ahead and date.future


def test_plan_words_leave_a_past_day_in_the_past() -> None:
    (date,) = find_dates("A deadline of 3 June passed without a deal.", 0, dt.date(2024, 6, 12))
    assert date.date_start == dt.date(2024, 6, 3) and not date.future


@pytest.mark.parametrize("text,pub,expected", [
    ("A car bomb killed 30 people at a checkpoint in Mogadishu on Saturday, police said.\n\n"
     "In Nairobi, Kenya's president said the bombing showed al-Shabaab remained a threat.",
     dt.date(2024, 3, 12), {("Remote explosive/landmine/IED", "2024-03-09", "Mogadishu")}),
    ("Suspected chemical weapons killed 40 people in Khan Sheikhoun on Tuesday.\n\n"
     "In Moscow, the foreign ministry said Tuesday's chemical attack had been staged.",
     dt.date(2017, 4, 6), {("Chemical weapon", "2017-04-04", "Khan Sheikhoun")}),
])
def test_a_definite_retelling_placed_by_another_word_folds_into_the_event(
        text: str, pub: dt.date, expected: set[tuple[str, str, str]]) -> None:
    assert _rows(text, pub) == expected


def test_a_retelling_that_names_its_own_place_stays_apart() -> None:
    text = ("A car bomb killed 30 people at a checkpoint in Mogadishu on Saturday, police said.\n\n"
            "The bombing of a market in Nairobi on Saturday was condemned by the UN.")
    assert {loc for _, _, loc in _rows(text, dt.date(2024, 3, 12))} == {"Mogadishu", "Nairobi"}


def test_a_campaign_toll_is_no_event_and_counts_for_none() -> None:
    text = ("Government jets bombed a hospital in Maarat al-Numan, killing four, and at least 400 civilians "
            "have been killed in the bombardment of the province.")
    events = _events(text, dt.date(2019, 5, 21))
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Air/drone strike", 4)]
    toll = "At least 400 civilians have been killed in the bombardment of Idlib province as government forces advanced."
    assert not _events(toll, dt.date(2019, 5, 21))


def test_a_dated_toll_of_fighting_is_still_that_days_event() -> None:
    text = "At least 20 people have been killed in the fighting on Monday around Tripoli's airport, the UN said."
    events = _events(text, dt.date(2019, 5, 21))
    assert [(e.event_date, e.fatalities) for e in events] == [("2019-05-20", 20)]


@pytest.mark.parametrize("text,expected", [
    ("On Monday night militants attacked a police post in Lakki Marwat, and on Wednesday they kidnapped two "
     "teachers in Bannu.", {"2024-05-20", "2024-05-22"}),
    ("Last night they shelled the hospital in Kharkiv, and last week they hit the power station.",
     {"2024-05-22", "2024-05-13"}),
])
def test_a_conjoined_clause_with_its_own_subject_keeps_its_own_date(text: str, expected: set[str]) -> None:
    assert {e.event_date for e in _events(text, dt.date(2024, 5, 23))} == expected


def test_an_undated_existential_toll_lends_no_figure_to_the_event_before_it() -> None:
    text = "Last night they shelled the hospital in Kharkiv. There have been more than 300 civilians killed."
    events = _events(text, dt.date(2024, 5, 23))
    assert [(e.event_date, e.fatalities) for e in events] == [("2024-05-22", None)]


def test_an_existential_toll_with_its_own_day_is_that_days_event() -> None:
    text = "There have been three people killed in an airstrike on Rafah on Monday, medics said."
    events = _events(text, dt.date(2024, 5, 23))
    assert [(e.sub_event_type, e.event_date, e.fatalities) for e in events] == [("Air/drone strike", "2024-05-20", 3)]


def test_a_war_toll_named_with_its_country_is_no_event() -> None:
    text = ("Today the monitors mainly document shelling of towns in the south. It is estimated that more than "
            "400,000 people have been killed in Yemen as a result of the war.")
    assert all(e.fatalities is None for e in _events(text, dt.date(2021, 7, 23)))
