"""The learned modality head: is a trigger's event asserted, negated, planned or threatened, hypothetical,
or background? The rules' verdict is a feature, not the answer.

Takes one trigger token of a parsed sentence with the rules' verdict on it (``RuleVerdict``: the class
the modality rules and background filters of ``propose`` give, which rule fired, its cue) and the
sentence's cues (dates, figures, background marker); gives a ``HeadDecision``: the class, its
probability, and the rule string naming the model (``model:modality-1;p=0.93;rule=threat``).

Features are symbols only (the rules' status and which rule fired, the trigger's tag and dependency,
the lemmas and relations of up to four ancestors, auxiliaries, negation and subordinating marks on the
trigger and its head, date and figure cues, the background marker): the MiniLM vector is computed later,
only for mentions that reach the typer, and is not worth computing for every trigger. Inference is numpy
only: a multinomial logistic regression over 0/1 features (``models/modality``). Where the head
disagrees with the rules it decides only when it is confident (thresholds chosen on held-out folds);
otherwise the rules' verdict stands. Training lives in ``eventwire.evaluate.train_modality``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from eventwire.extract.negation import _GOVERNORS, Modality

ASSERTED = "asserted"
NEGATED = "negated"
PLANNED = "planned"
HYPOTHETICAL = "hypothetical"
BACKGROUND = "background"
CLASSES: tuple[str, ...] = (ASSERTED, NEGATED, PLANNED, HYPOTHETICAL, BACKGROUND)

#: the modality rules' status → class. A reference (condemned, investigated) and a claim the sentence
#: dates or counts ("reference" by then) are asserted: the event is real and this sentence tells it; a
#: claim with no date or figure of its own only points at an event told elsewhere, and a context mention
#: ("fled after the attacks") is background.
STATUS_CLASS: dict[str, str] = {
    "asserted": ASSERTED, "reference": ASSERTED,
    "negated": NEGATED, "denied": NEGATED,
    "future": PLANNED, "plan": PLANNED, "threat": PLANNED, "call": PLANNED,
    "hypothetical": HYPOTHETICAL,
    "context": BACKGROUND, "claim": BACKGROUND,
}
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "modality"


@dataclass(frozen=True, kw_only=True, slots=True)
class RuleVerdict:
    """What the rules say of one trigger: its class, the rule that decided (``why``), the modality status."""

    cls: str
    why: str
    status: str
    #: a claim the sentence dates or counts is an event (today's contract): the head may not drop it
    locked: bool = False
    #: the sentence has a background marker and no day: nothing in it becomes an event by the head
    marked: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class SentenceCues:
    """The sentence-level cues the head reads beside the trigger's own parse."""

    has_day: bool
    has_date: bool
    own_date: bool
    future_date: bool
    has_figures: bool
    marker: str | None  # the background marker's words ("in recent months", "in 2015"), if any
    position: int
    pub_year: int | None = None


_DIGITS = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_UP_LEVELS = 4
#: words anywhere in the sentence that frame what it tells, whether or not the parse links them to the
#: trigger ("families marked the anniversary ... at the junction where the blasts occurred")
SENTENCE_CUES = frozenset({
    *_GOVERNORS,
    "anniversary", "mark", "commemorate", "remember", "memorial", "tribute", "honour", "honor", "vigil",
    "mourn", "recall", "legacy", "survivor",
    "court", "trial", "verdict", "convict", "sentence", "judge", "prosecutor", "testimony", "testify",
    "since", "toll", "total", "overall", "cumulative", "estimate",
    "no", "not", "never", "n't", "without", "nothing", "false", "lie", "rumour",
    "if", "unless", "would", "could", "might", "may", "will", "should", "scenario",
})


def _word_features(prefix: str, tok: Token) -> list[str]:
    out = [f"{prefix}tag={tok.tag_}", f"{prefix}dep={tok.dep_}"]
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass"):
            out.append(f"{prefix}aux={c.lower_}")
        elif c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
            out.append(f"{prefix}neg")
        elif c.dep_ == "mark":
            out.append(f"{prefix}mark={c.lower_}")
        elif c.dep_ in ("det", "poss"):
            out.append(f"{prefix}det={c.lower_ if c.dep_ == 'det' else 'poss'}")
        elif c.dep_ in ("amod", "advmod", "nummod", "npadvmod"):
            out.append(f"{prefix}{c.dep_}={_DIGITS.sub('0', c.lemma_.lower())}")
    return out


def features(tok: Token, verdict: RuleVerdict, modal: Modality, cues: SentenceCues) -> list[str]:
    """The 0/1 feature names of one trigger (the names the model was trained on; unknown ones are ignored)."""
    out = [f"rule={verdict.cls}", f"why={verdict.why.split(':')[0]}", f"why={verdict.why}",
           f"status={verdict.status}", f"fired={modal.rule or 'none'}", f"fired={modal.rule.split(':')[0] or 'none'}",
           f"pos={tok.pos_}", *_word_features("", tok)]
    if verdict.locked:
        out.append("locked")
    head = tok
    for level in range(1, _UP_LEVELS + 1):
        if head.head is head:
            out.append(f"up{level}=ROOT")
            break
        dep, head = head.dep_, head.head
        lemma = head.lemma_.lower()
        out += [f"up{level}={dep}:{lemma}", f"up={lemma}", f"updep{level}={dep}", f"upx={dep}:{head.tag_}"]
        if level == 1:
            out += _word_features("h:", head)
    for name, on in (("day", cues.has_day), ("date", cues.has_date), ("own_date", cues.own_date),
                     ("future_date", cues.future_date), ("figures", cues.has_figures)):
        if on:
            out.append(name)
    if cues.marker is not None:
        out += ["marker", "marker=" + _DIGITS.sub("0", cues.marker.lower())]
        if not cues.has_day:
            out.append("marker_undated")
        year = _YEAR.search(cues.marker)
        if year and cues.pub_year:  # "in late 2015" told in 2019 is history; "in March" of this year is news
            out.append(f"marker_age={min(max(cues.pub_year - int(year.group()), 0), 2)}")
    # (no feature of the sentence's position: in our annotations it tells event texts, which are the
    # multi-sentence ones, from modal ones, an artefact of how they were written, not of the language)
    out += [f"sent={lemma}" for lemma in sorted({t.lemma_.lower() for t in tok.doc} & SENTENCE_CUES)]
    return out


@dataclass(frozen=True, kw_only=True, slots=True)
class HeadDecision:
    """The class decided, the head's probability for it, whether it overrode the rules, and the rule string."""

    cls: str
    probability: float
    overrode: bool
    rule: str


@dataclass(frozen=True, kw_only=True, slots=True)
class ModalityWeights:
    """A multinomial logistic regression over 0/1 features, plus the thresholds for overriding the rules."""

    version: str
    classes: tuple[str, ...]
    features: tuple[str, ...]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    #: the head turns the rules' "asserted" into a non-event only this sure (chosen on held-out folds)
    demote_min: float
    #: the head turns the rules' non-event into an asserted event only this sure
    promote_min: float
    #: the head changes one non-event class for another (threat → hypothetical) only this sure
    relabel_min: float = 1.01
    #: the rules' verdicts (``RuleVerdict.why``) the head may override: those it saw often enough in
    #: training; a rule it has (almost) no examples of ("present_habitual") stands
    overridable: frozenset[str] = frozenset()
    #: the verdicts whose non-event the head may turn into an event: the modality of the trigger's clause
    #: ("status:claim", "context"), never the date conventions of the coding scheme (a background marker, a
    #: long-past year, a future date), which short annotated texts do not teach for long news
    promotable: frozenset[str] = frozenset()


class ModalityHead:
    """The shipped modality head: features of a trigger → class, with the rules' verdict as fallback."""

    def __init__(self, weights: ModalityWeights) -> None:
        self.weights = weights
        self.name = weights.version
        self._index = {name: i for i, name in enumerate(weights.features)}

    def probabilities(self, names: list[str]) -> np.ndarray:
        cols = sorted({self._index[n] for n in names if n in self._index})
        z = self.weights.coef[:, cols].sum(axis=1) + self.weights.intercept
        z = z - z.max()
        e = np.exp(z)
        out: np.ndarray = e / e.sum()
        return out

    def decide(self, names: list[str], verdict: RuleVerdict) -> HeadDecision:
        probs = self.probabilities(names)
        return self.choose(probs, verdict)

    def choose(self, probs: np.ndarray, verdict: RuleVerdict) -> HeadDecision:
        """Agreeing with the rules is free; disagreeing needs the threshold of its direction."""
        w = self.weights
        best = int(np.argmax(probs))
        label, p = w.classes[best], float(probs[best])
        if label != verdict.cls and (verdict.why not in w.overridable or (
                label == ASSERTED and (verdict.why not in w.promotable or verdict.marked))):
            label, p = verdict.cls, float(probs[w.classes.index(verdict.cls)])
        if label != verdict.cls:
            need = w.promote_min if label == ASSERTED else w.demote_min if verdict.cls == ASSERTED else w.relabel_min
            if p < need or (verdict.locked and label != ASSERTED):
                label, p = verdict.cls, float(probs[w.classes.index(verdict.cls)])
        overrode = label != verdict.cls
        return HeadDecision(cls=label, probability=p, overrode=overrode,
                            rule=f"model:{self.name};p={p:.2f};rule={verdict.why}" + (";overrode" if overrode else ""))


def load_weights(folder: Path = MODEL_DIR) -> ModalityWeights:
    """Weights and config of a modality head folder (``config.json`` + ``weights.npz``)."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz") as arrays:
        coef, intercept = arrays["coef"], arrays["intercept"]
    return ModalityWeights(version=config["version"], classes=tuple(config["classes"]),
                           features=tuple(config["features"]), coef=coef.astype(np.float32),
                           intercept=intercept.astype(np.float32), demote_min=float(config["demote_min"]),
                           promote_min=float(config["promote_min"]), relabel_min=float(config.get("relabel_min", 1.01)),
                           overridable=frozenset(config.get("overridable", ())),
                           promotable=frozenset(config.get("promotable", ())))


@lru_cache(maxsize=1)
def load_head() -> ModalityHead | None:
    """The shipped modality head, or None (the rules decide alone) when no weights are installed."""
    if not (MODEL_DIR / "weights.npz").exists():
        return None
    return ModalityHead(load_weights())
