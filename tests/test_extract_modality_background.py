"""Background and modality cues on real sentences: what is news stays an event, what is context does not.

- a recent window ("in the past hour", "in the past 48 hours") is the news itself, not history;
- an event brought to light months later (testimony, a monitor's documentation) is coded at its own
  date, as ACLED codes late-reported sexual violence; the same sentence told plainly is history;
- a bare event noun as the subject of a trend or a description ("Bombings ... have become rare") names a
  kind of event, not one (but "Mortar fire ... fell on Sake" is a shelling);
- a commemoration recalls its event ("gathered ... to remember thousands killed"), it does not report it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.background import background_marker, documented_finding
from eventwire.extract.negation import modality
from eventwire.model import Article
from eventwire.nlp import load_nlp


def _sub_events(text: str, date: dt.date) -> list[str]:
    article = Article(id="m", text=text, date=date)
    return [e.sub_event_type for e in next(extract_articles([article])).events]


@pytest.mark.parametrize("text,date", [
    ("03:10 - Syrian Observatory: Russian jets carried out at least 14 raids on the outskirts of "
     "Maarat al-Numan in the past hour.", dt.date(2019, 5, 28)),
    ("Unidentified fighter jets have conducted an airstrike in the vicinity of Awdheegle town in Lower "
     "Shabelle region of southern Somalia in the past 48 hours.", dt.date(2020, 3, 2)),
])
def test_a_recent_window_is_news(text: str, date: dt.date) -> None:
    assert _sub_events(text, date)


@pytest.mark.parametrize("phrase,marked", [
    ("in the past hour", False), ("in the past week", False), ("in the past few hours", False),
    ("in the past 48 hours", False), ("in the past three years", True), ("In the past, rebels attacked", True),
    ("in the past two decades", True),
])
def test_only_a_long_past_window_marks_background(phrase: str, marked: bool) -> None:
    assert (background_marker(phrase, 2020) is not None) is marked


@pytest.mark.parametrize("text,date", [
    ("Two Russian soldiers raped a woman in a village in Kyiv region in March after killing her husband, "
     "according to testimony collected by the monitoring mission.", dt.date(2022, 6, 3)),
    ("A Rohingya woman in Buthidaung told Fortify Rights that Arakan Army fighters sexually assaulted her "
     "during the expulsion from her quarter in May.", dt.date(2024, 7, 15)),
])
def test_a_documented_rape_months_later_is_an_event_at_its_date(text: str, date: dt.date) -> None:
    assert "Sexual violence" in _sub_events(text, date)


def test_the_same_month_told_plainly_stays_history() -> None:
    text = "Two Russian soldiers raped a woman in a village in Kyiv region in March after killing her husband."
    assert _sub_events(text, dt.date(2022, 6, 3)) == []


@pytest.mark.parametrize("sentence,found", [
    ("A Rohingya woman in Buthidaung told Fortify Rights that Arakan Army fighters sexually assaulted her.", True),
    ("Two Russian soldiers raped a woman, according to testimony collected by the monitoring mission.", True),
    ("In its annual report, Cabo Ligado notes that insurgents established a base on the Quirimbas islands.", True),
    ("The attack in May killed 22 people, the police told Reuters.", False),
])
def test_documented_finding(sentence: str, found: bool) -> None:
    assert (documented_finding(sentence) is not None) is found


@pytest.mark.parametrize("text", [
    "Bombings in Baghdad, once a near-daily occurrence, have become rare, and the city's blast walls are "
    "slowly coming down.",
    "Kidnapping for ransom has become a business model across north-west Nigeria, with gangs known locally "
    "as bandits operating from forest enclaves.",
    "Drone strikes have become the main cause of civilian deaths in Sudan's Kordofan region over the past "
    "year, the panel noted.",
])
def test_a_kind_of_event_is_no_event(text: str) -> None:
    assert _sub_events(text, dt.date(2024, 3, 1)) == []


def test_shells_that_fall_on_a_town_are_an_event() -> None:
    text = ("Mortar fire from M23 positions fell on Sake's outskirts in the early afternoon, witnesses told "
            "Radio Okapi; a school was damaged and two pupils were injured.")
    assert _sub_events(text, dt.date(2024, 2, 7))


@pytest.mark.parametrize("text", [
    "Yazidis gathered in Sinjar on the tenth anniversary of the Islamic State genocide to remember thousands "
    "killed and the women still missing.",
    "Thousands gathered at Mullivaikkal on Sunday to commemorate Tamils killed in the final phase of the war "
    "in 2009.",
])
def test_a_commemoration_is_no_event(text: str) -> None:
    assert _sub_events(text, dt.date(2024, 8, 3)) == []


def test_remembering_governs_the_killing() -> None:
    doc = load_nlp()("Yazidis gathered to remember thousands killed in Sinjar.")
    killed = next(t for t in doc if t.lower_ == "killed")
    assert modality(killed).status == "context"


@pytest.mark.parametrize("sentence,word,status", [
    ("Contrary to reports on social media, no airstrike hit the Zamzam camp on Thursday, a UN official said.",
     "hit", "negated"),
    ("The community denied reports of a massacre in Argelia: no one was killed, only threats were made.",
     "killed", "negated"),
    # "no" on the subject of a governing verb denies that verb, not the event it governs
    ("No group has claimed the attack on the checkpoint.", "attack", "claim"),
    ("A grenade was thrown at the residence of the communal administrator in Bubanza on Monday night.",
     "thrown", "asserted"),
])
def test_a_subject_quantified_by_no_negates_its_verb(sentence: str, word: str, status: str) -> None:
    doc = load_nlp()(sentence)
    trigger = next(t for t in doc if t.lower_ == word)
    assert modality(trigger).status == status


def test_no_airstrike_hit_is_no_event() -> None:
    text = "Contrary to reports on social media, no airstrike hit the Zamzam camp on Thursday, a UN official said."
    assert _sub_events(text, dt.date(2024, 8, 3)) == []


def test_an_attack_in_which_no_one_was_hurt_is_still_an_event() -> None:
    text = ("A hand grenade was thrown at the house of a Sadrist activist in Basra's Hayyaniya district in the "
            "early hours of Monday, damaging the gate; nobody was hurt, police said.")
    assert _sub_events(text, dt.date(2021, 3, 2)) == ["Grenade"]
