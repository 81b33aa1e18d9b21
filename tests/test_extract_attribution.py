"""Attribution linking: a later sentence names who carried out an already reported attack."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.model import Article, Event


def _events(text: str) -> list[Event]:
    return next(extract_articles([Article(id="a", text=text, date=dt.date(2024, 6, 16))])).events


def _one(text: str) -> Event:
    events = _events(text)
    assert len(events) == 1, events
    return events[0]


def test_passive_attribution_fills_an_unidentified_perpetrator() -> None:
    text = ("Artillery shells hit a residential neighbourhood in El Fasher on Saturday, killing five people. "
            "The El Fasher Resistance Committee said the shells were fired by the paramilitary Rapid Support "
            "Forces (RSF) from positions on the city's eastern edge.")
    e = _one(text)
    assert e.actor1 == "RSF: Rapid Support Forces"
    assert e.attributed_by == "El Fasher Resistance Committee"
    ev = next(v for v in e.evidence if v.field == "actor1")
    assert ev.rule == "attribution:say" and text[ev.start:ev.end] == ev.text and "Rapid Support" in ev.text
    assert any(v.field == "attributed_by" and "said" in v.text for v in e.evidence)


def test_attribution_is_a_little_less_certain_than_a_direct_report() -> None:
    attributed = _one("Artillery shells hit a residential neighbourhood in El Fasher on Saturday, killing five "
                      "people. The committee said the shelling had been carried out by the RSF.")
    direct = _one("The RSF shelled a residential neighbourhood in El Fasher on Saturday, killing five people.")
    assert attributed.actor1 == direct.actor1 == "RSF: Rapid Support Forces"
    assert attributed.confidence < direct.confidence


def test_attribution_never_overwrites_a_named_perpetrator() -> None:
    text = ("The RSF shelled a residential neighbourhood in El Fasher on Saturday, killing five people. "
            "The RSF said the shelling had been carried out by the Sudanese army.")
    e = _one(text)
    assert e.actor1 == "RSF: Rapid Support Forces"
    assert e.attributed_by is None


def test_accused_of_carrying_out_the_attack() -> None:
    text = ("A car bomb exploded at a checkpoint in Mogadishu on Sunday, killing six people. "
            "The Somali government accused Al Shabaab of carrying out the attack.")
    e = _one(text)
    assert e.actor1 == "Al Shabaab"
    assert e.attributed_by == "Government of Somalia"  # the normalised actor; the words stay in the evidence
    assert any(v.field == "attributed_by" and "Somali government" in v.text for v in e.evidence)
    assert next(v for v in e.evidence if v.field == "actor1").rule == "attribution:accuse"


def test_behind_the_attack_form() -> None:
    e = _one("A roadside bomb killed four soldiers near Gao on Sunday. "
             "The army said JNIM was behind the attack.")
    assert e.actor1.startswith("JNIM")
    assert e.attributed_by is not None


def test_denial_by_the_accused_fills_denied_by_and_keeps_the_attribution() -> None:
    text = ("Artillery shells hit a residential neighbourhood in El Fasher on Saturday, killing five people. "
            "The committee said the shells were fired by the RSF. "
            "The RSF denied any involvement in the shelling.")
    e = _one(text)
    assert e.actor1 == "RSF: Rapid Support Forces"
    assert e.denied_by == "RSF: Rapid Support Forces"


def test_a_claim_outranks_an_attribution() -> None:
    text = ("A bomb exploded at a market in Mogadishu on Sunday, killing six people. "
            "Al Shabaab claimed responsibility for the attack. "
            "The government said the bombing had been carried out by ISIS.")
    e = _one(text)
    assert e.actor1 == "Al Shabaab" and e.claimed_by == "Al Shabaab"
    assert e.attributed_by is None


def test_a_habitual_blame_for_such_attacks_is_not_this_attack() -> None:
    text = ("An unidentified attacker threw a hand grenade into a tea shop in Beledweyne on Tuesday, wounding "
            "four civilians. No group said it carried out the attack. Local officials have often blamed "
            "al Shabaab for such attacks.")
    e = _one(text)
    assert e.actor1.startswith("Unidentified Armed Group")
    assert e.attributed_by is None


def test_blaming_participle_attributes_to_the_speakers_accused() -> None:
    # "residents said, blaming fighters of X": the residents attribute, the fighters' group is the perpetrator
    e = _one("Dozens of civilians were killed in an attack on the village of Barsalogho on Saturday, local "
             "residents said, blaming fighters of the Islamic State Sahel Province.")
    assert e.actor1 == "IS Sahel: Islamic State Sahel Province"
    assert e.attributed_by == "local residents"


@pytest.mark.parametrize(("text", "speaker", "words"), [
    ("A roadside bomb killed four police officers in Mandera on Monday. Kenyan authorities blamed al Shabaab "
     "for the attack.", "Government of Kenya", "Kenyan authorities"),
    ("A car bomb exploded at a checkpoint in Mogadishu on Sunday, killing six people. The government accused "
     "Al Shabaab of carrying out the attack.", "Government", "The government"),  # no country known (no geo)
])
def test_a_government_speaker_is_the_normalised_actor(text: str, speaker: str, words: str) -> None:
    e = _one(text)
    assert e.attributed_by == speaker
    assert any(v.field == "attributed_by" and v.text.startswith(words) for v in e.evidence)
