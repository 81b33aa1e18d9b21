"""The event detector (extract/detect.py): the fallback proposal where the rules propose nothing.

Signals select candidates cheaply; the shipped head decides on real sentences; a detected event carries
the model's name and probability in its evidence; modality still rules; without an encoder it stays off.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from eventwire.extract import extract_articles
from eventwire.extract.classify import RulesDecider
from eventwire.extract.detect import DETECT_VERSION, SIGNALS, load_detector, signals
from eventwire.model import Article

DAY = dt.date(2024, 3, 6)
EXPLOSION = "An explosion occurred at the ward administration office in Lashkar Gah on Tuesday, injuring four guards."
#: no word of the trigger lexicon: before the detector, the rules proposed nothing here
SPRAYED = "Unidentified gunmen sprayed a minibus with bullets near Gao on Tuesday, leaving five passengers dead."


def _events(text: str, **kwargs: object) -> list:  # type: ignore[type-arg]
    article = Article(id="t", text=text, date=DAY, date_source="given")
    return list(next(iter(extract_articles([article], **kwargs))).events)  # type: ignore[arg-type]


@pytest.mark.parametrize("sentence", [
    EXPLOSION,
    "The KNA accused the military of firing an artillery shell at the village; a child was injured.",
])
def test_conflict_signals_make_a_sentence_a_candidate(sentence: str) -> None:
    assert signals(sentence).candidate


@pytest.mark.parametrize("sentence", [
    "The minister met his French counterpart in Paris on Tuesday to discuss trade.",
    "Government forces said on Monday that the road to the airport had reopened.",  # one weak signal
    "More than 500,000 people have died since the war began in 2011.",  # a toll alone: one signal
])
def test_sentences_without_conflict_signals_are_not_encoded(sentence: str) -> None:
    assert not signals(sentence).candidate


def test_signal_vector_follows_the_named_order() -> None:
    found = signals(EXPLOSION)
    vector = found.vector()
    assert vector.shape == (len(SIGNALS),)
    assert {SIGNALS[i] for i in np.flatnonzero(vector)} == found.flags


def test_shipped_head_tells_an_incident_from_a_non_event() -> None:
    detector = load_detector()
    assert detector is not None
    from eventwire.nlp.encoder import load_encoder

    encoder = load_encoder()
    incident = detector.weights.probability(encoder.encode([EXPLOSION])[0], signals(EXPLOSION))
    budget = "The defence ministry bought 200 armoured vehicles and a batch of artillery shells last year."
    purchase = detector.weights.probability(encoder.encode([budget])[0], signals(budget))
    assert incident > detector.weights.threshold > purchase


def test_an_event_without_any_trigger_word_is_found_typed_and_names_the_model() -> None:
    events = _events(SPRAYED)
    assert len(events) == 1 and events[0].sub_event_type == "Attack"
    trigger = next(e for e in events[0].evidence if e.field == "sub_event_type")
    assert (trigger.rule or "").startswith(f"model:{DETECT_VERSION};p=") and "model:typer-" in (trigger.rule or "")
    assert trigger.text == "sprayed"  # the main predicate is the evidence
    assert DETECT_VERSION in events[0].extractor_version.split("+")


@pytest.mark.parametrize("text", [
    "Unidentified gunmen did not spray the minibus with bullets near Gao on Tuesday, and no passengers were left dead.",
    "Unidentified gunmen threatened to spray minibuses with bullets near Gao, leaving passengers dead.",
    "Unidentified gunmen may spray minibuses with bullets near Gao next week, leaving passengers dead.",
])
def test_negated_or_threatened_sentences_stay_non_events(text: str) -> None:
    assert _events(text) == []


def test_the_rules_alone_never_run_the_detector() -> None:
    assert _events(SPRAYED, decider=RulesDecider()) == []
