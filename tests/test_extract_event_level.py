"""Which events an article yields: rules found on the trial A tuning half (tests/fixtures/trial_a/tune)
and checked against the shared corpora (each states a general fact of news language or ACLED coding)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.model import Article


def _types(text: str, date: dt.date) -> list[str | None]:
    events = next(extract_articles([Article(id="e", text=text, date=date)])).events
    return sorted(e.sub_event_type or "" for e in events)


@pytest.mark.parametrize("text", [
    "President Gustavo Petro suspended peace talks with the ELN on Friday, accusing the group of war crimes.",
    "The government suspended peace talks with the rebels on Friday after the attack in Kidal.",
])
def test_suspending_talks_is_no_agreement(text: str) -> None:
    assert "Agreement" not in _types(text, dt.date(2025, 1, 20))


@pytest.mark.parametrize("text", [
    "Colombia's government and the rebels signed a ceasefire agreement in Havana on Tuesday.",
    "Talks between the army and the rebels in Doha ended with an agreement to exchange prisoners on Tuesday.",
])
def test_a_reached_agreement_is_still_one(text: str) -> None:
    assert _types(text, dt.date(2024, 5, 8)) == ["Agreement"]


def test_ceasefire_violation_is_the_shelling_not_an_agreement() -> None:
    # (SATP) "violated the ceasefire" reports fire across the line, not an accord
    text = ("One civilian was killed and two others were injured as Pakistan Rangers violated the ceasefire again "
            "with heavy firing and mortar shelling targeting nine Border Outposts in Jammu on Monday.")
    assert _types(text, dt.date(2024, 5, 8)) == ["Shelling/artillery/missile attack"]


def test_damage_done_by_a_drone_strike_is_part_of_it() -> None:
    text = ("KYIV, April 7 - A Russian drone attack on the Ukrainian port city of Odesa overnight killed two people "
            "and wounded eight, regional governor Oleh Kiper said on Monday.\n\n"
            "Kiper said debris from the drones set fire to a nine-storey building in the city's Kyivskyi district.")
    assert _types(text, dt.date(2025, 4, 7)) == ["Air/drone strike"]


def test_arson_by_another_actor_stays_its_own_event() -> None:
    text = ("An Israeli drone strike killed three Palestinians in the town of Tubas on Tuesday, the health ministry "
            "said.\n\nSeparately, dozens of Israeli settlers set fire to cars and a house in the village of Huwara, "
            "south of Nablus, late on Monday, the Palestinian Red Crescent said, adding that no one was hurt.")
    assert _types(text, dt.date(2025, 1, 28)) == ["Air/drone strike", "Looting/property destruction"]


@pytest.mark.parametrize("text", [
    "A motorcycle packed with explosives blew up outside the police station in Jamundi on Saturday, wounding five "
    "people, police said.",
    "An explosives-laden car blew up at a checkpoint outside Mogadishu on Sunday, killing four soldiers.",
])
def test_vehicle_packed_with_explosives_is_a_bombing(text: str) -> None:
    assert _types(text, dt.date(2025, 7, 14)) == ["Remote explosive/landmine/IED"]
