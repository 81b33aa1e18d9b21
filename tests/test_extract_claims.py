"""The claims ledger: claimed_by, attributed_by, denied_by with evidence."""

from __future__ import annotations

import datetime as dt

from eventwire.extract import extract_articles
from eventwire.model import Article


def _result(text: str):
    return next(extract_articles([Article(id="c", text=text, date=dt.date(2024, 7, 15))]))


def test_claimed_responsibility_in_the_same_sentence() -> None:
    text = ("Al Shabaab claimed responsibility for a suicide bombing at a cafe in Mogadishu on Sunday "
            "that killed nine people.")
    e = _result(text).events[0]
    assert e.claimed_by == "Al Shabaab"
    assert e.actor1 == "Al Shabaab"
    ev = next(ev for ev in e.evidence if ev.field == "claimed_by")
    assert text[ev.start:ev.end] == ev.text and "claimed" in ev.text


def test_claim_in_another_sentence_applies_to_the_claimants_attack() -> None:
    text = ("Hezbollah fired rockets at an Israeli army base near Kiryat Shmona on Sunday. "
            "Hezbollah said in a statement that it had targeted the base.")
    result = _result(text)
    assert result.events and result.events[0].actor1 == "Hezbollah"


def test_accusation_is_attributed_by() -> None:
    text = "The army accused the RSF of shelling the Abu Shouk camp on Sunday, killing five civilians."
    e = _result(text).events[0]
    assert e.attributed_by is not None and e.attributed_by.startswith("Military Forces")
    assert e.actor1 == "RSF: Rapid Support Forces"


def test_reported_by_goes_to_the_ledger() -> None:
    text = "Gunmen killed five villagers in Zamfara on Sunday, according to the state police."
    claims = _result(text).claims
    assert any(c.kind == "reported_by" and "police" in c.source.lower() for c in claims)


def test_attack_claimed_by_a_group_records_the_claim() -> None:
    # "a suicide bombing claimed by the Islamic State": a passive claim on the event noun
    text = ("A suicide bombing claimed by the Islamic State killed four people at a market in Manbij on "
            "Wednesday, officials said.")
    events = next(extract_articles([Article(id="c", text=text, date=dt.date(2019, 1, 17))])).events
    assert events
    assert events[0].claimed_by == "Islamic State"
    assert any(v.field == "claimed_by" and "claimed by the Islamic State" in v.text for v in events[0].evidence)
