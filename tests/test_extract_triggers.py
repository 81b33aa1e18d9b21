"""The cheap prefilter and trigger lexicon, on real news sentences."""

from __future__ import annotations

import pytest

from eventwire.extract.triggers import cues, find_triggers, is_candidate


@pytest.mark.parametrize("sentence", [
    "The US warplanes pounded the village of Kashkash in southern Hasaka, killing 6 civilians.",
    "Hundreds of protesters rallied in front of parliament on Sunday.",
    "Police arrested 20 suspected members of the cell in Kano.",
    "Turkish forces have set up a new observation post in Idlib province.",
    "Two firearms and several rounds of ammunition were seized in Kingston over the weekend.",
])
def test_event_sentences_are_candidates(sentence: str) -> None:
    assert is_candidate(sentence)


@pytest.mark.parametrize("sentence", [
    "The central bank raised interest rates by half a point on Thursday.",
    "Background of the Conflict",
    "The minister will travel to Brussels next week for budget talks.",
])
def test_ordinary_sentences_are_not_candidates(sentence: str) -> None:
    assert not is_candidate(sentence)


def test_trigger_families_and_cues() -> None:
    sentence = "A suicide bomber blew himself up at a checkpoint, killing four soldiers."
    families = {h.family for h in find_triggers(sentence)}
    assert {"suicide", "kill"} <= families
    assert "armed_target" in cues(sentence)


def test_riot_police_is_not_a_riot() -> None:
    families = {h.family for h in find_triggers("Riot police officers stood outside the ministry.")}
    assert "riot" not in families
