"""Invariants over sentences assembled from real news fragments (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.extract import extract_articles
from eventwire.model import Article

SUBJECTS = ["Gunmen", "Israeli warplanes", "Al Shabaab fighters", "Protesters", "Police", "The RSF",
            "Russian forces", "Unidentified attackers", "Hundreds of students", "The group"]
VERBS = ["attacked", "shelled", "abducted", "clashed with", "arrested", "did not attack", "threatened to attack",
         "rallied against", "looted", "denied attacking", "struck", "fired rockets at"]
OBJECTS = ["a police station in Kano", "the village of Kashkash", "an army post near Djibo",
           "the Ovda Air Base", "shops in the market", "the government", "civilians in El Fasher"]
TAILS = ["", " on Tuesday", " on March 27", " last week", " overnight", " on 3 May 2019",
         ", killing five people", ", wounding at least 12", " in recent months", ", officials said",
         " between 3 and 5 May", " earlier this month"]

sentence = st.builds(lambda s, v, o, t: f"{s} {v} {o}{t}.", st.sampled_from(SUBJECTS), st.sampled_from(VERBS),
                     st.sampled_from(OBJECTS), st.sampled_from(TAILS))
articles = st.builds(" ".join, st.lists(sentence, min_size=1, max_size=4))
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=articles, pub=dates)
def test_every_event_is_backed_by_exact_spans_and_sane_dates(text: str, pub: dt.date | None) -> None:
    result = next(extract_articles([Article(id="p", text=text, date=pub)]))
    for event in result.events:
        assert event.evidence, "no event without evidence"
        assert any(ev.field == "sub_event_type" for ev in event.evidence)
        for ev in event.evidence:
            assert text[ev.start:ev.end] == ev.text
        for value in (event.event_date, event.date_start, event.date_end):
            if value is None:
                continue
            day = dt.date.fromisoformat(value)
            assert day >= dt.date(1900, 1, 1)
            if pub is not None:
                assert day <= pub + dt.timedelta(days=1)
        assert 0.0 < event.confidence <= 1.0
    for claim in result.claims:
        if claim.evidence:
            assert text[claim.evidence.start:claim.evidence.end] == claim.evidence.text


@settings(max_examples=15, deadline=None)
@given(text=articles)
def test_event_ids_are_deterministic(text: str) -> None:
    art = Article(id="p", text=text, date=dt.date(2024, 3, 26))
    first = [e.event_id for e in next(extract_articles([art])).events]
    again = [e.event_id for e in next(extract_articles([art])).events]
    assert first == again
