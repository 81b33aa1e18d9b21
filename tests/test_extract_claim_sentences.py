"""Sentences that only claim or deny (no event word of their own) still reach the claims ledger, and an
unnamed perpetrator never becomes a claimant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from eventwire.extract import extract_articles
from eventwire.extract.engine import plan_article
from eventwire.model import Article

BANNU = (
    "PESHAWAR, Pakistan - A suicide bomber on a motorcycle rammed into a police vehicle on the outskirts of "
    "the northwestern city of Bannu on Monday, killing three police officers and a passer-by, police said.\n\n"
    "No group immediately claimed responsibility. The Pakistani Taliban, known as the Tehreek-e-Taliban "
    "Pakistan (TTP), said in a message to journalists that it was not involved and that it does not target "
    "civilians."
)


def test_a_denial_sentence_without_an_event_word_is_parsed() -> None:
    plan = plan_article(Article(id="b", text=BANNU, date=dt.date(2024, 7, 16)))
    parsed = [BANNU[plan.sentences[i][0]:plan.sentences[i][1]] for i in plan.candidates]
    assert any("was not involved" in s for s in parsed)


def test_no_event_sentence_means_no_claim_sentence_either() -> None:
    text = "The minister denied that the budget had been cut. He blamed the opposition for the delay."
    assert plan_article(Article(id="n", text=text, date=dt.date(2024, 7, 16))).candidates == ()


def test_gunmen_do_not_claim_what_a_police_spokesperson_reports() -> None:
    # "Gunmen ... opened fire ..., killing six people, ..., a spokesperson for the Taliban's police said"
    from eventwire.geo import load_geoparser
    from eventwire.ingest import read_inputs

    path = Path(__file__).resolve().parents[1] / "examples/articles/afghanistan-herat-mosque-shooting-2024-09-17.txt"
    (event,) = next(extract_articles(read_inputs([str(path)]), geoparser=load_geoparser())).events
    assert event.actor1 == "Unidentified Armed Group (Afghanistan)"
    assert event.claimed_by is None
