"""Which figures, types and sides belong to one event: joined casualty counts, running totals kept out,
attacks on unarmed people, arrests during a protest, named groups and parties, interceptions."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.casualties import casualties, find_figures
from eventwire.extract.triggers import find_triggers
from eventwire.model import Article, Event


def _events(text: str, date: dt.date = dt.date(2024, 5, 28)) -> list[Event]:
    return list(next(extract_articles([Article(id="t", text=text, date=date)])).events)


@pytest.mark.parametrize("sentence,killed", [
    ("A suicide bomber rammed into a police vehicle on the outskirts of Bannu on Monday, killing three police "
     "officers and a passer-by, police said.", 4),
    ("Suicide bomber kills three police officers and passer-by near Bannu", 4),
    ("Two soldiers and a civilian were killed when a roadside bomb hit their vehicle.", 3),
    ("Gunmen killed a woman and her two children in the village of Dogo Nahawa.", 3),
    ("Five people, including three children, were killed in the shelling.", 5),
])
def test_counts_joined_by_and_add_up(sentence: str, killed: int) -> None:
    assert casualties(find_figures(sentence, 0)).fatalities == killed


def test_joined_count_keeps_the_wounded_apart() -> None:
    cas = casualties(find_figures("The blast killed two soldiers and a civilian was wounded.", 0))
    assert (cas.fatalities, cas.injuries) == (2, 1)


@pytest.mark.parametrize("sentence", [
    "Security consultants say more than 30 candidates have been killed across Mexico during the current "
    "election campaign.",
    "At least 37 politicians have been killed this election season.",
    "In a statement posted on Telegram, the group said dozens of soldiers had been killed or captured during "
    "the fighting for the base.",
])
def test_totals_and_mixed_outcomes_are_not_a_toll(sentence: str) -> None:
    assert casualties(find_figures(sentence, 0)).fatalities is None


CHILPANCINGO = (
    "MEXICO CITY - Gunmen shot dead a candidate for a municipal council seat in the southern Mexican city of "
    "Chilpancingo on Monday, less than a week before the country's general elections, the Guerrero state "
    "prosecutor's office said.\n\nThe candidate, a 41-year-old schoolteacher, was attacked outside her home by two "
    "men who arrived on a motorcycle. She died on the way to hospital.\n\nSecurity consultants say more than 30 "
    "candidates have been killed across Mexico during the current election campaign."
)


def test_gunmen_killing_an_unarmed_candidate_is_an_attack_with_its_own_toll() -> None:
    event = _events(CHILPANCINGO)[0]
    assert event.sub_event_type == "Attack"
    assert event.actor2 is not None and event.actor2.startswith("Civilians")
    assert event.fatalities == 1


NAIROBI = (
    "NAIROBI - Kenyan police fired tear gas and water cannon at hundreds of mostly young protesters in central "
    "Nairobi on Tuesday as they tried to march to parliament to oppose proposed tax increases.\n\nThe protesters "
    "chanted \"Reject the Finance Bill\" and waved Kenyan flags. Police blocked the roads leading to parliament and "
    "arrested dozens of people, according to the Law Society of Kenya, which said that those detained had been "
    "demonstrating peacefully."
)


def test_arrests_of_protesters_are_part_of_the_protest() -> None:
    events = _events(NAIROBI, dt.date(2024, 6, 19))
    assert [e.sub_event_type for e in events] == ["Protest with intervention"]
    assert events[0].actor1 is not None and events[0].actor1.startswith("Protesters")
    assert events[0].actor2 == "Police Forces of Kenya"


def test_rebels_of_a_named_group_are_that_group() -> None:
    event = _events("BOGOTA - Two Colombian soldiers were killed and three wounded on Wednesday in a firefight "
                    "with rebels of the National Liberation Army (ELN) in a rural area near the town of Tame, "
                    "the army said.", dt.date(2024, 8, 8))[0]
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Armed clash", "ELN: National Liberation Army", "Military Forces of Colombia")
    assert event.fatalities == 2


def test_negotiators_for_two_sides_are_the_parties_of_the_agreement() -> None:
    event = _events("CARACAS - Negotiators for the Colombian government and the ELN guerrilla group signed an "
                    "agreement in Caracas on Monday to extend their bilateral ceasefire for another six months, "
                    "both delegations said.", dt.date(2024, 9, 3))[0]
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Agreement", "Government of Colombia", "ELN: National Liberation Army")


def test_an_interception_is_no_strike_by_the_interceptor() -> None:
    events = _events("KYIV - Ukraine's air defences shot down 18 of the 24 attack drones that Russia launched at "
                     "the country overnight, the air force said on Monday, with most of them destroyed over the "
                     "capital, Kyiv.", dt.date(2024, 10, 7))
    assert [e.sub_event_type for e in events] == ["Disrupted weapons use"]
    assert events[0].actor1 == "Military Forces of Ukraine"


def test_shot_down_and_attack_drones_are_not_violence_words() -> None:
    hits = find_triggers("Air defences shot down 18 of the 24 attack drones launched overnight.")
    assert [h.family for h in hits] == ["disrupt"]


def test_a_retelling_names_the_unnamed_armed_group() -> None:
    events = _events(
        "PORT-AU-PRINCE - Gang members attacked the Solino neighbourhood of Haiti's capital on Wednesday, killing "
        "at least 12 residents, a local human rights organisation said.\n\nArmed men belonging to the Viv Ansanm "
        "gang coalition entered the neighbourhood in the early morning and went from house to house, shooting "
        "people who had not managed to flee, the organisation said.", dt.date(2024, 11, 22))
    assert [(e.sub_event_type, e.actor1, e.fatalities) for e in events] == [("Attack", "Viv Ansanm", 12)]


def test_a_claim_for_the_attack_is_dated_by_the_attack_not_the_statement() -> None:
    events = _events(
        "OUAGADOUGOU - Fighters from the al Qaeda-linked group JNIM attacked an army outpost near the town of Djibo "
        "in northern Burkina Faso on Sunday, sparking a gun battle that lasted several hours.\n\nJama'at Nusrat "
        "al-Islam wal-Muslimin (JNIM) claimed responsibility for the attack in a statement released by its media "
        "arm on Monday.", dt.date(2024, 8, 27))
    assert [(e.event_date, e.actor1) for e in events] == [
        ("2024-08-25", "JNIM: Jama'at Nusrat al-Islam wal-Muslimin")]


def test_overrunning_a_base_makes_its_army_the_side_that_lost_ground() -> None:
    assert [h.family for h in find_triggers("after overrunning the last army battalion headquarters there")] == [
        "take_territory"]
    events = _events(
        "BANGKOK - The Arakan Army, an ethnic armed group fighting Myanmar's military government, said on Saturday "
        "that its fighters had taken full control of the town of Buthidaung in Myanmar's Rakhine state after "
        "overrunning the last army battalion headquarters there earlier in the day.", dt.date(2024, 5, 19))
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Non-state actor overtakes territory", "AA: Arakan Army")]


def test_a_missile_strike_is_no_disaster_because_a_building_collapsed() -> None:
    events = _events(
        "KHARKIV, Ukraine - Russian missiles slammed into a residential area of Kharkiv on Sunday afternoon, killing "
        "five people and wounding more than 30, Ukrainian officials said, as emergency crews searched the wreckage "
        "of a partly collapsed apartment block into the evening.", dt.date(2024, 9, 1))
    assert [(e.sub_event_type, e.actor1, e.fatalities) for e in events] == [
        ("Shelling/artillery/missile attack", "Military Forces of Russia", 5)]
    assert _events("A gas cylinder explosion caused a building to collapse in Kharkiv on Sunday, killing five "
                   "people.", dt.date(2024, 9, 1)) == []


def test_unnamed_warplanes_and_drones_stay_unidentified_rather_than_guessed() -> None:
    from eventwire.geo import load_geoparser

    articles = [Article(id=str(i), text=t, date=dt.date(2024, 8, 20)) for i, t in enumerate((
        "NAIROBI - Warplanes struck a crowded livestock market in the Sudanese city of Nyala on Monday, killing at "
        "least 21 people and wounding dozens, according to the civil administration of South Darfur state.",
        "Drones struck a market in Nyala, Sudan on Monday, killing 5 people."))]
    results = list(extract_articles(articles, geoparser=load_geoparser()))
    assert [r.events[0].actor1 for r in results] == ["Unidentified Armed Group (Sudan)"] * 2
