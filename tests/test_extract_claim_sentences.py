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


def _article_events(name: str):
    from eventwire.geo import load_geoparser
    from eventwire.ingest import read_inputs

    path = Path(__file__).resolve().parents[1] / "examples/articles" / name
    return next(extract_articles(read_inputs([str(path)]), geoparser=load_geoparser())).events


def test_a_later_denial_of_involvement_is_recorded_and_the_perpetrator_stays_unidentified() -> None:
    (event,) = _article_events("pakistan-bannu-suicide-attack-2024-07-16.txt")
    assert event.actor1 == "Unidentified Armed Group (Pakistan)"
    assert event.denied_by == "TTP: Tehrik-i-Taliban Pakistan"
    assert event.claimed_by is None and event.attributed_by is None


def test_a_spokesperson_speaks_for_the_police_that_deny_using_live_rounds() -> None:
    (event,) = _article_events("nigeria-kano-protest-shooting-2024-08-02.txt")
    assert event.sub_event_type == "Excessive force against protesters"
    assert event.denied_by == "Police Forces of Nigeria"
    denial = next(v for v in event.evidence if v.field == "denied_by")
    assert denial.text.startswith("A spokesperson for the Kano state police")


def test_a_long_group_name_the_parser_cuts_still_names_the_claimant() -> None:
    (event,) = _article_events("burkina-djibo-army-post-attack-2024-08-27.txt")
    assert event.claimed_by == "JNIM: Jama'at Nusrat al-Islam wal-Muslimin"
    assert event.fatalities == 10  # the security sources' figure, not the 30 the claim gives


def test_a_perpetrator_the_report_names_stays_when_they_deny() -> None:
    from eventwire.geo import load_geoparser

    text = ("KYIV - Russian missiles struck a children's hospital in Kyiv on Monday, killing two adults and "
            "wounding 16 people, Ukrainian officials said. Russia's defence ministry denied targeting civilian "
            "sites and said it had struck military facilities.")
    article = Article(id="k", text=text, date=dt.date(2024, 7, 9))
    (event,) = next(extract_articles([article], geoparser=load_geoparser())).events
    assert event.actor1 == "Military Forces of Russia"
    assert event.denied_by == "Military Forces of Russia"
