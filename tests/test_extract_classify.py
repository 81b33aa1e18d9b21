"""Rules propose, the learned typer decides: the seam, the shipped weights, and decisions on real text."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eventwire.api.library import extract_text
from eventwire.extract.classify import (
    MODEL_DIR,
    NONE,
    VECTOR_BLOCKS,
    LearnedDecider,
    Proposal,
    RulesDecider,
    TyperWeights,
    feature_names,
    load_decider,
    mention_vector,
    rule_features,
    window_of,
)
from eventwire.extract.triggers import CUES, TRIGGERS
from eventwire.extract.typing import Mention
from eventwire.nlp.encoder import DIM


def _proposal(rule_type: str | None, families: frozenset[str] = frozenset({"air"}), vector: object = None) -> Proposal:
    return Proposal(sentence="Warplanes bombed the town.", vector=vector, rule_type=rule_type,
                    rule="means:air" if rule_type else None,
                    mention=Mention(families=families, cues=frozenset({"civilians"}), agent_kind="state"))


def test_rules_decider_keeps_the_rules_verdict() -> None:
    decision = RulesDecider().decide(_proposal("Air/drone strike"))
    assert decision.sub_event_type == "Air/drone strike" and decision.probability is None
    assert RulesDecider().decide(_proposal(None)).sub_event_type is None


def test_rule_outputs_become_named_features() -> None:
    names = ["rule=Air/drone strike", "rule=NONE", "family=air", "cue=civilians", "agent=state", "casualties"]
    x = rule_features(_proposal("Air/drone strike"), {n: i for i, n in enumerate(names)})
    assert x.tolist() == [1.0, 0.0, 1.0, 1.0, 1.0, 0.0]


def _weights(labels: tuple[str, ...], bias: list[float]) -> TyperWeights:
    features = ("rule=Air/drone strike",)
    return TyperWeights(version="typer-test", labels=labels, features=features,
                        coef=np.zeros((len(labels), DIM + 1), dtype=np.float32),
                        intercept=np.array(bias, dtype=np.float32), rule_scale=1.0, min_probability=0.0)


def test_learned_decider_names_the_model_and_probability_in_the_rule() -> None:
    decider = LearnedDecider(_weights(("Air/drone strike", NONE), [2.0, 0.0]))
    decision = decider.decide(_proposal("Air/drone strike", vector=np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)))
    assert decision.sub_event_type == "Air/drone strike"
    assert decision.rule.startswith("model:typer-test;p=0.88") and "rule=means:air" in decision.rule
    assert decision.probability == pytest.approx(0.881, abs=1e-3)


def test_learned_decider_can_reject_what_the_rules_proposed() -> None:
    decider = LearnedDecider(_weights(("Air/drone strike", NONE), [0.0, 3.0]))
    decision = decider.decide(_proposal("Air/drone strike", vector=np.zeros(DIM, dtype=np.float32)))
    assert decision.sub_event_type is None


def test_without_a_vector_the_rules_decide() -> None:
    decider = LearnedDecider(_weights(("Air/drone strike", NONE), [0.0, 3.0]))
    assert decider.decide(_proposal("Air/drone strike")).sub_event_type == "Air/drone strike"


def test_shipped_typer_matches_todays_rule_features() -> None:
    """A lexicon change (a new trigger family or cue) must come with retrained weights."""
    config = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    families = sorted({name for name, _, _ in TRIGGERS})
    assert config["features"] == feature_names(families, sorted(CUES), config["labels"])
    assert len(config["labels"]) == 26 and config["labels"][-1] == NONE
    decider = load_decider()
    assert isinstance(decider, LearnedDecider)
    blocks = config.get("blocks", ["sentence"])  # typer-1 predates the key: the sentence vector alone
    assert decider.weights.blocks == tuple(blocks) and set(blocks) <= set(VECTOR_BLOCKS)
    assert decider.weights.coef.shape == (26, DIM * len(blocks) + len(config["features"]))
    assert config["metrics"]["case2021_kfold_sub_event_accuracy"] >= 0.80


def test_every_typed_event_names_the_model_in_its_evidence() -> None:
    events = extract_text("Government warplanes bombed a market in Nyala on Monday, killing 12 civilians.", date="2024-06-12")
    assert events and events[0].sub_event_type == "Air/drone strike"
    rules = [e.rule for e in events[0].evidence if e.field == "sub_event_type"]
    assert rules and all("model:typer-" in r for r in rules)
    version = events[0].extractor_version.split("+")
    assert "typer-1" in version and "detect-1" in version and "roles-3" in version


@pytest.mark.parametrize("text", [
    "Arsenal's attack was blunted by a compact defence and the striker shot wide twice in the second half.",
    "The central bank launched a fresh attack on inflation on Tuesday, raising its main rate by half a point.",
    "Rescuers said a gas explosion at a restaurant in the city centre killed three people on Sunday.",
])
def test_sport_economy_and_accidents_are_not_events(text: str) -> None:
    assert extract_text(text, date="2024-05-06") == []


TWO_EVENTS = ("Warplanes bombed a market in Idlib on Monday, while in Khartoum police arrested dozens of "
              "protesters outside the presidential palace.")


def _mention_of(sentence: str, word: str, encoder: object) -> Proposal:
    from eventwire.extract.engine import SentenceVector

    start = sentence.index(word)
    return Proposal(sentence=sentence, vector=SentenceVector(sentence, encoder, None),  # type: ignore[arg-type]
                    mention=Mention(families=frozenset(), cues=frozenset()), rule_type=None, rule=None,
                    trigger=(start, start + len(word)))


def test_two_mentions_of_one_sentence_give_the_typer_different_inputs() -> None:
    from eventwire.nlp.encoder import load_encoder

    blocks = ("sentence", "trigger", "window")
    air = mention_vector(_mention_of(TWO_EVENTS, "bombed", load_encoder()), blocks)
    arrest = mention_vector(_mention_of(TWO_EVENTS, "arrested", load_encoder()), blocks)
    assert air.shape == arrest.shape == (3 * DIM,)
    assert np.array_equal(air[:DIM], arrest[:DIM])  # one sentence, one sentence vector
    assert float(air[DIM:2 * DIM] @ arrest[DIM:2 * DIM]) < 0.9  # but each its own trigger


def test_a_proposal_without_span_vectors_takes_the_sentence_vector_for_them() -> None:
    sentence = np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)
    p = _proposal("Air/drone strike", vector=sentence)
    x = mention_vector(p, ("sentence", "trigger", "sentence-trigger"))
    assert np.array_equal(x[:DIM], x[DIM:2 * DIM]) and not x[2 * DIM:].any()


def test_the_window_is_the_trigger_and_three_words_either_side() -> None:
    start = TWO_EVENTS.index("arrested")
    a, b = window_of(TWO_EVENTS, (start, start + len("arrested")))
    assert TWO_EVENTS[a:b] == "in Khartoum police arrested dozens of protesters"
    assert window_of("Clashes erupted.", (0, 7)) == (0, len("Clashes erupted."))
