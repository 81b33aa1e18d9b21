"""Negated, threatened, planned, hypothetical, called-for and denied events are not events."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.negation import modality
from eventwire.model import Article


def _events(text: str):
    return next(extract_articles([Article(id="n", text=text, date=dt.date(2024, 6, 11))])).events


@pytest.mark.parametrize("text", [
    "The army did not shell the town on Monday, a spokesman said.",
    "Hezbollah threatened to attack Israeli military bases if the strikes continue.",
    "The group vowed to retaliate with rocket attacks on northern Israel.",
    "The government plans to arrest the leaders of the strike.",
    "If rebels attack the city, the army will respond with air strikes.",
    "Opposition parties called for nationwide protests on Friday.",
    "The militia denied carrying out the bombing of the market.",
    "Officials fear fresh clashes could erupt in the capital.",
])
def test_not_an_event(text: str) -> None:
    assert _events(text) == ()


def test_asserted_event_in_same_construction_survives() -> None:
    assert _events("Hezbollah fighters attacked an Israeli army post near Metula on Monday.")


@pytest.mark.parametrize("sentence,word,status", [
    ("The group denied carrying out the attack.", "attack", "denied"),
    ("Militants threatened to attack the base.", "attack", "threat"),
    ("The army did not shell the town.", "shell", "negated"),
    ("Hamas called for protests on Friday.", "protests", "call"),
    ("Gunmen killed five villagers on Tuesday, the army said.", "killed", "asserted"),
    ("Canada imposed sanctions in response to the chemical attack.", "attack", "context"),
])
def test_modality(nlp, sentence: str, word: str, status: str) -> None:
    token = next(t for t in nlp(sentence) if t.text == word)
    assert modality(token).status == status
