"""The learned modality head: threatened, denied, hypothetical and commemorated events are not events,
asserted ones stay events, every decision names the model, and the recipe is deterministic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from eventwire.extract import background as bg
from eventwire.extract import extract_articles
from eventwire.extract import modality_head as mh
from eventwire.extract.actors import load_actor_kb
from eventwire.extract.propose import TriggerTrace, draft_mentions
from eventwire.extract.roles import ArticleActors
from eventwire.geo.protocol import NullGeoparser
from eventwire.model import Article
from eventwire.nlp import load_nlp

FIXTURE = Path(__file__).parent / "fixtures" / "modality"
DATE = dt.date(2024, 6, 12)


def _article(text: str) -> Article:
    return Article(id="m", text=text, date=DATE)


def _judged(text: str) -> dict[str, TriggerTrace]:
    """Each trigger of a one-sentence text with the head's decision (trigger text → trace)."""
    doc = load_nlp()(text)
    doc.user_data["offset"] = 0
    kb = load_actor_kb()
    ctx = ArticleActors(kb=kb, text=text, matches=tuple(kb.find(text)))
    trace: list[TriggerTrace] = []
    draft_mentions(doc, bg.SentenceContext(text=text, span=(0, len(text))), _article(text), ctx, NullGeoparser(),
                   [], modality_head=True, trace=trace)
    return {t.text: t for t in trace}


def test_the_shipped_head_is_installed() -> None:
    head = mh.load_head()
    assert head is not None and head.name == "modality-1"
    assert head.weights.classes == mh.CLASSES
    assert head.weights.coef.shape == (len(mh.CLASSES), len(head.weights.features))


@pytest.mark.parametrize(("text", "trigger", "cls"), [
    ("Al-Shabaab vowed to attack government bases in the south.", "attack", mh.PLANNED),
    ("The army denied carrying out the air strike on the village.", "air strike", mh.NEGATED),
    ("If the talks fail, fighting could resume along the front line.", "fighting", mh.HYPOTHETICAL),
    ("Hundreds marked the anniversary of the 2014 massacre in the town.", "massacre", mh.BACKGROUND),
])
def test_modal_mentions_are_not_events(text: str, trigger: str, cls: str) -> None:
    judged = _judged(text)
    assert judged[trigger].decided == cls
    assert next(extract_articles([_article(text)])).events == ()


@pytest.mark.parametrize("text", [
    "Government warplanes bombed a market in Nyala on Monday, killing 12 civilians.",
    "Gunmen killed five villagers in Zamfara state on Sunday, police said.",
    "Police arrested 40 protesters in the capital on Tuesday after clashes near parliament.",
])
def test_asserted_events_stay_events(text: str) -> None:
    assert any(t.decided == mh.ASSERTED for t in _judged(text).values())
    events = next(extract_articles([_article(text)])).events
    assert events
    rules = [e.rule for e in events[0].evidence if e.field == "sub_event_type"]
    assert any("model:modality-1;p=" in r for r in rules)  # the decision names the model


def test_a_dated_claimed_attack_stays_an_event() -> None:
    """Today's contract: a claim the sentence dates or counts is an event; the head may not drop it."""
    verdict = mh.RuleVerdict(cls=mh.ASSERTED, why="asserted", status="reference", locked=True)
    head = mh.load_head()
    assert head is not None
    sure = np.array([0.0, 0.0, 0.0, 0.0, 1.0])  # the head all but certain it is background
    assert head.choose(sure, verdict).cls == mh.ASSERTED


def test_disagreeing_needs_confidence() -> None:
    head = mh.load_head()
    assert head is not None
    verdict = mh.RuleVerdict(cls=mh.ASSERTED, why="asserted", status="asserted")
    unsure = np.array([0.3, 0.0, 0.0, 0.0, 0.7])
    assert head.choose(unsure, verdict).cls == mh.ASSERTED  # below the demotion threshold: the rules stand
    unseen = mh.RuleVerdict(cls=mh.BACKGROUND, why="filter:present_habitual", status="asserted")
    sure = np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    assert head.choose(sure, unseen).cls == mh.BACKGROUND  # a rule it has no examples of stands


def test_recipe_is_deterministic_on_our_fixture(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from eventwire.evaluate.train_modality import train_modality

    cards = []
    for run in ("a", "b"):
        cards.append(train_modality(None, FIXTURE, tmp_path / run, seed=0))
    first, second = (mh.load_weights(tmp_path / run) for run in ("a", "b"))
    assert first.features == second.features and first.features
    assert np.array_equal(first.coef, second.coef) and np.array_equal(first.intercept, second.intercept)
    assert (first.demote_min, first.promote_min) == (second.demote_min, second.promote_min)
    config = json.loads((tmp_path / "a" / "config.json").read_text(encoding="utf-8"))
    assert config["version"] == "modality-1" and config["classes"] == list(mh.CLASSES)
    assert cards[0] == cards[1]
    assert "rules alone" in cards[0] and "5-fold held out" in cards[0]


def test_a_background_mention_records_the_heads_decision() -> None:
    text = "Hundreds marked the anniversary of the 2014 massacre in the town."
    result = next(extract_articles([_article(text)]))
    assert result.events == () and result.background
    assert result.background[0].rule.startswith("model:modality-1;p=")
