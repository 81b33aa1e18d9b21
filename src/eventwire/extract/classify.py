"""Classify: the rules' proposal for one event mention in, the learned decision out.

The rules propose (``triggers`` finds the words, ``typing.decide`` a sub-event type or none); the learned
head decides. Its input is the mention's sentence as a MiniLM vector plus the rules' outputs as features
(the proposed sub-type, trigger families, cue groups, the kinds of agent and patient, casualties), so a
rule is evidence, not a verdict. Its output is one of the 25 ACLED sub-event types or ``NONE`` (not an
asserted disorder event), with a probability.

``TypeDecider`` is the one-method seam: ``RulesDecider`` keeps the rules' verdict (and is what training
records through), ``LearnedDecider`` runs the shipped weights (``eventwire/models/typer``). Training code
lives in ``eventwire.evaluate.train_events`` and is never imported here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from eventwire.extract.typing import Mention

NONE = "NONE"
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "typer"


@dataclass(frozen=True, kw_only=True, slots=True)
class Proposal:
    """What the rules found for one mention: the sentence (and its vector), the typing input, the verdict."""

    sentence: str
    vector: Any  # np.ndarray of the encoder's width, a function computing it, or None when no encoder ran
    mention: Mention
    rule_type: str | None
    rule: str | None
    #: p(event) of the detector when no rule proposed this mention (``detect``): the detector's threshold,
    #: chosen held out, stands in for the bar a rules-none mention must clear; NONE still rejects it
    detected: float | None = None
    #: the anchor trigger's character span in ``sentence``: its contextual vector tells this mention apart
    #: from the sentence's other events (``vector`` may then also offer ``spans(spans)``, see ``mention_vector``)
    trigger: tuple[int, int] | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Decision:
    """The sub-event type (or None: not an event), the rule/model that decided, its probability."""

    sub_event_type: str | None
    rule: str
    probability: float | None = None
    curve: tuple[float, float, float] | None = None  # the confidence calibration that goes with it


class TypeDecider(Protocol):
    """Decides the sub-event type of one proposed mention."""

    def decide(self, proposal: Proposal) -> Decision:
        """The decision for ``proposal``."""
        ...


class RulesDecider:
    """The rules' own verdict, unchanged (training records what the rules propose through this)."""

    name = "rules"

    def decide(self, proposal: Proposal) -> Decision:
        return Decision(sub_event_type=proposal.rule_type, rule=proposal.rule or "rules:none")


#: the vector blocks a typer may read, each of the encoder's width: the sentence (mean of every piece), the
#: trigger's own pieces in context, a window of ``WINDOW_WORDS`` words either side of the trigger, and the
#: sentence minus the trigger (what the rest of the sentence says)
VECTOR_BLOCKS = ("sentence", "trigger", "window", "sentence-trigger")
WINDOW_WORDS = 3
_WORD = re.compile(r"\S+")


def window_of(sentence: str, trigger: tuple[int, int], words: int = WINDOW_WORDS) -> tuple[int, int]:
    """The trigger's span widened by ``words`` whitespace-separated words on each side."""
    spans = [m.span() for m in _WORD.finditer(sentence)]
    at = [i for i, (a, b) in enumerate(spans) if a < trigger[1] and b > trigger[0]]
    if not at:
        return trigger
    return spans[max(0, at[0] - words)][0], spans[min(len(spans) - 1, at[-1] + words)][1]


def span_requests(sentence: str, trigger: tuple[int, int] | None, blocks: Sequence[str]) -> list[tuple[int, int]]:
    """The character spans whose vectors ``blocks`` need, in the order ``join_blocks`` reads them."""
    if trigger is None or blocks == ("sentence",):
        return []
    return [trigger, window_of(sentence, trigger)]


def join_blocks(sentence: np.ndarray, spans: np.ndarray | None, blocks: Sequence[str]) -> np.ndarray:
    """The typer's vector input: ``blocks`` of [sentence vector, span vectors (trigger, window)]; a
    mention without its trigger's vectors takes the sentence vector for them."""
    trigger = spans[0] if spans is not None and len(spans) else sentence
    window = spans[1] if spans is not None and len(spans) > 1 else sentence
    parts = {"sentence": sentence, "trigger": trigger, "window": window, "sentence-trigger": sentence - trigger}
    return np.concatenate([np.asarray(parts[b], dtype=np.float32) for b in blocks])


def mention_vector(proposal: Proposal, blocks: Sequence[str]) -> np.ndarray:
    """The typer's vector input for ``proposal``, encoded on first use: ``proposal.vector`` is an array, or a
    function computing the sentence vector that may also offer ``spans(spans)`` (one model run for both)."""
    source = proposal.vector
    wanted = span_requests(proposal.sentence, proposal.trigger, blocks)
    if wanted and hasattr(source, "spans"):
        spans = source.spans(wanted)
        return join_blocks(np.asarray(source(), dtype=np.float32), spans, blocks)
    sentence = np.asarray(source() if callable(source) else source, dtype=np.float32)
    return join_blocks(sentence, None, blocks)


def feature_names(families: list[str], cues: list[str], labels: list[str]) -> list[str]:
    """The names of the rule features, in the order ``rule_features`` writes them."""
    kinds = ["state", "armed_group", "civilians", "protesters", "rioters"]
    return ([f"rule={lab}" for lab in labels] + [f"family={f}" for f in families] + [f"cue={c}" for c in cues]
            + [f"agent={k}" for k in kinds] + [f"patient={k}" for k in kinds] + ["casualties", "agent=none"])


def rule_features(p: Proposal, index: dict[str, int]) -> np.ndarray:
    """The rule outputs of ``p`` as a 0/1 vector over ``index`` (feature name → column)."""
    x = np.zeros(len(index), dtype=np.float32)
    m = p.mention
    names = [f"rule={p.rule_type or NONE}", *(f"family={f}" for f in m.families), *(f"cue={c}" for c in m.cues),
             f"agent={m.agent_kind}" if m.agent_kind else "agent=none", f"patient={m.patient_kind}"]
    if m.casualties:
        names.append("casualties")
    for name in names:
        col = index.get(name)
        if col is not None:
            x[col] = 1.0
    return x


@dataclass(frozen=True, kw_only=True, slots=True)
class TyperWeights:
    """A multinomial logistic regression over [vector blocks (``blocks``), rule features]."""

    version: str
    labels: tuple[str, ...]
    features: tuple[str, ...]
    coef: np.ndarray  # (labels, dim + features)
    intercept: np.ndarray  # (labels,)
    rule_scale: float  # rule features are scaled so their weight is comparable to the unit-norm vector
    min_probability: float  # below this the top type is not trusted over the rules' own verdict
    curve: tuple[float, float, float] | None = None  # confidence calibration (see extract.confidence)
    #: where the rules' typing said "not an event" (a disaster, sport, crime or topic cue, a weak verb
    #: alone), the typer makes it one only this sure: such cues are deliberate exclusions
    new_event_min: float = 0.9
    #: rules whose sub-type is a coding convention read from cue words the vector does not see
    #: ("briefly captured parts of" is a clash; a withdrawal alone changes a group's activity; a withdrawal
    #: and a takeover told together are a transfer): their verdict stands, the typer gives its probability
    rule_authority: tuple[str, ...] = ("territory:", "withdraw")
    #: the vector blocks the head reads, in order (``VECTOR_BLOCKS``); typer-1 read the sentence alone
    blocks: tuple[str, ...] = ("sentence",)

    def probabilities(self, vector: np.ndarray, rules: np.ndarray) -> np.ndarray:
        z = self.coef @ np.concatenate([vector, rules * self.rule_scale]) + self.intercept
        z = z - z.max()
        e = np.exp(z)
        out: np.ndarray = e / e.sum()
        return out


def load_weights(folder: Path = MODEL_DIR) -> TyperWeights:
    """Weights and config of a typer folder (``config.json`` + ``weights.npz``)."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz") as arrays:
        coef, intercept = arrays["coef"], arrays["intercept"]
    return TyperWeights(version=config["version"], labels=tuple(config["labels"]), features=tuple(config["features"]),
                        coef=coef.astype(np.float32), intercept=intercept.astype(np.float32),
                        rule_scale=float(config["rule_scale"]), min_probability=float(config.get("min_probability", 0.0)),
                        curve=_curve(config.get("calibration")), new_event_min=float(config.get("new_event_min", 0.9)),
                        rule_authority=tuple(config.get("rule_authority", ("territory:", "withdraw"))),
                        blocks=tuple(config.get("blocks", ("sentence",))))


def _curve(calibration: dict[str, float] | None) -> tuple[float, float, float] | None:
    if not calibration:
        return None
    return float(calibration["a"]), float(calibration["b"]), float(calibration["c"])


#: a change of territory is a coding convention the rules read from cue words and from the other mentions
#: of the article (a withdrawal with a takeover is a transfer; a clash that wins positions is a clash): the
#: typer never turns another proposal into one
TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory",
                       "Non-violent transfer of territory"})
#: riots and protests are done by rioters and protesters: violence by an organised armed group or state
#: forces is never one of these (TAXONOMY: actor types)
CROWD_ONLY = frozenset({"Mob violence", "Violent demonstration", "Peaceful protest"})


#: demonstrations need a crowd: words of protest, riot or mob somewhere in the sentence
DEMONSTRATIONS = CROWD_ONLY | {"Protest with intervention", "Excessive force against protesters"}
CROWD_FAMILIES = frozenset({"protest", "riot", "mob"})
_CROWD_CUES = frozenset({"protesters", "protester_violence"})


#: non-violent strategic developments: named by their own words (agree, recruit, set up a base, withdraw,
#: "other"), which the rules propose; a sentence the detector found by its harm, means or incident words
#: (``detect``) is none of them
NON_VIOLENT = frozenset({"Agreement", "Change to group/activity", "Headquarters or base established",
                         "Non-violent transfer of territory", "Other"})


def allowed(labels: tuple[str, ...], proposal: Proposal) -> np.ndarray:
    """A 0/1 mask over ``labels``: the types the coding scheme allows for this proposal."""
    banned: set[str] = set()
    m = proposal.mention
    if proposal.detected is not None:
        banned |= NON_VIOLENT
    if proposal.rule_type not in TERRITORY:
        banned |= TERRITORY
    if m.agent_kind in ("state", "armed_group"):
        banned |= CROWD_ONLY
    if not (m.families & CROWD_FAMILIES or m.cues & _CROWD_CUES):
        banned |= DEMONSTRATIONS
    return np.array([0.0 if lab in banned else 1.0 for lab in labels], dtype=np.float32)


class LearnedDecider:
    """The shipped typer: sentence and mention vectors + rule features → sub-type or NONE."""

    def __init__(self, weights: TyperWeights) -> None:
        self.weights = weights
        self.name = weights.version
        self._index = {name: i for i, name in enumerate(weights.features)}

    def decide(self, proposal: Proposal) -> Decision:
        if proposal.vector is None:  # no encoder ran (e.g. a caller without one): the rules decide
            return RulesDecider().decide(proposal)
        vector = mention_vector(proposal, self.weights.blocks)  # encoded on first use
        probs = self.weights.probabilities(vector, rule_features(proposal, self._index))
        probs = probs * allowed(self.weights.labels, proposal)
        probs = probs / probs.sum()
        w = self.weights
        best = int(np.argmax(probs))
        label, p = w.labels[best], float(probs[best])
        why = f"model:{self.name};p={p:.2f};rule={proposal.rule or 'none'}"
        convention = proposal.rule_type is not None and (proposal.rule or "").startswith(w.rule_authority)
        if convention or (p < w.min_probability and proposal.rule_type is not None):
            # the rules' convention stands (the article's other mentions complete it when merged)
            event_p = 1.0 - float(probs[w.labels.index(NONE)]) if NONE in w.labels else p
            return Decision(sub_event_type=proposal.rule_type, rule=why + ";kept_rule", probability=event_p, curve=w.curve)
        if label == NONE:
            return Decision(sub_event_type=None, rule=why, probability=p)
        if proposal.rule_type is None and proposal.detected is None and p < w.new_event_min:
            return Decision(sub_event_type=None, rule=why + ";rules_none")
        return Decision(sub_event_type=label, rule=why, probability=p, curve=w.curve)


@lru_cache(maxsize=1)
def load_decider() -> LearnedDecider | RulesDecider:
    """The shipped learned typer, or the rules alone when no weights are installed."""
    if not (MODEL_DIR / "weights.npz").exists():
        return RulesDecider()
    return LearnedDecider(load_weights())

