"""Actors by ACLED's conventions on text written for other regions: every violent event has a perpetrator,
a group the knowledge base lacks keeps its own name, a state named as the striker is its military."""

from __future__ import annotations

import pytest

from eventwire.api.library import extract_text


def _top(text: str, date: str):  # type: ignore[no-untyped-def]
    events = extract_text(text, date=date)
    assert events, text
    return events[0]


def test_a_group_missing_from_the_knowledge_base_keeps_its_name() -> None:
    e = _top("Fighters of the Kordofan Liberation Front ambushed an army convoy near Kadugli on Monday, "
             "killing four soldiers.", "2024-05-07")
    assert e.actor1 == "Kordofan Liberation Front"
    a1 = next(ev for ev in e.evidence if ev.field == "actor1")
    assert a1.text == "Kordofan Liberation Front" and a1.rule == "named:not_in_kb"


def test_an_all_capitals_dateline_is_not_a_group() -> None:
    e = _top("RAMADI, Iraq (Reuters) - Iraqi forces retook the government complex in central Ramadi from "
             "Islamic State on Monday.", "2024-05-07")
    assert e.actor1 != "RAMADI"


def test_a_state_named_as_the_striker_is_its_military() -> None:
    e = _top("Russia launched 36 Shahed drones at Ukraine overnight, striking a power facility in the "
             "Zaporizhzhia region.", "2024-05-06")
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "Military Forces of Russia")


def test_army_warplanes_are_the_located_countrys_military() -> None:
    e = _top("And on Sunday, army warplanes bombed the market in Kutkai, killing nine people, residents said.",
             "2024-05-13")
    assert (e.sub_event_type, e.actor1, e.location) == ("Air/drone strike", "Military Forces of Myanmar", "Kutkai")


def test_whoever_throws_a_bomb_is_an_armed_actor_and_a_thrown_bomb_is_a_grenade() -> None:
    e = _top("Two men on a motorcycle threw a handmade bomb at a police post in Imphal on Tuesday, injuring "
             "two constables.", "2024-05-08")
    assert e.sub_event_type == "Grenade"
    assert e.actor1 == "Unidentified Armed Group (India)" and e.actor2 == "Police Forces of India"


@pytest.mark.parametrize(("text", "date"), [
    ("Heavy fighting broke out on the outskirts of Kadugli on Monday, residents said.", "2024-05-07"),
    ("A bomb planted on a motorbike exploded outside a school in Kandahar on Tuesday, killing three children.",
     "2024-05-08"),
])
def test_every_violent_event_has_a_perpetrator(text: str, date: str) -> None:
    e = _top(text, date)
    assert e.actor1 is not None and e.actor1.startswith("Unidentified Armed Group (")
