"""Detect: a learned fallback proposal for sentences where the rules propose nothing.

The trigger lexicon misses uncommon verbs ("gunmen sprayed a minibus with bullets", "an explosion occurred
at the ward office") and its scope filters drop some real events; the typer can only decide what is
proposed. In a text the rules propose nothing for, a sentence with no kept trigger but with two or more
cheap conflict signals (a casualty word or figure, a weapon or means word, an incident word, an armed actor
or state force) is a *candidate*; a small logistic head over [MiniLM sentence vector, signal flags] gives
p(event); at or above a threshold chosen on held-out folds the sentence becomes a proposal
(``propose.detected_mentions``) and the typer decides its sub-type as usual, its NONE class a second
filter. In a text with rule proposals the detector stays off: a sentence they missed there mostly retells
the same incident, and a second mention would only split or blur it.

Only candidates are encoded (signals are regexes over the surface text, no model), so the cost stays small
on long news. Inference is numpy only; the recipe lives in ``eventwire.evaluate.train_detect``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from eventwire.extract.casualties import find_figures

DETECT_VERSION = "detect-1"
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "detect"

def _words(*groups: str) -> frozenset[str]:
    return frozenset(w for g in groups for w in g.split())


# Signals are looked up word by word in sets (one ``\\w+`` scan per sentence): a regex alternation over
# every sentence of a long article costs as much as the trigger prefilter itself.
# words of harm to people: the commonest sign that something happened to someone
_CASUALTY = _words("killed dead died death deaths bodies body wounded wounding wounds injured injuring injuries",
                   "injury hurt casualty casualties fatality fatalities maimed critically hospitalised hospitalized",
                   "lives corpses")
# means of violence (what ACLED's sub-types are read from)
_WEAPON = _words("explosion explosions explosive explosives blast blasts bomb bombs shell shells rounds bullet bullets",
                 "machinegun machineguns gun guns gunmen gunshot gunshots rifle rifles mortar mortars artillery rocket",
                 "rockets missile missiles grenade grenades mine mines drone drones warplane warplanes jets helicopter",
                 "helicopters tank tanks ammunition munition munitions detonated detonation detonations exploded",
                 "explode exploding knives knife machete machetes stones petrol arson torched ablaze burned burnt",
                 "burning gunfire shots shot fired firing snipers sniper arms")
# nouns and verbs that tell an incident of violence without being a lexicon trigger
_INCIDENT = _words("incident incidents violence hostilities unrest operation operations offensives confrontation",
                   "confrontations encounter encounters fire gunfight violation violations siege looted looting",
                   "vandalised vandalized vandalism destroyed damaged razed demolished seized besieged overran",
                   "ransacked hostage")
# armed or state actors named generically (named ones come from the actor knowledge base)
_FORCES = _words("troops soldier soldiers militant militants rebel rebels insurgent insurgents fighters forces",
                 "militia militias militiamen militiaman police policemen policeman army military jihadist",
                 "jihadists gunmen terrorist terrorists guerrilla guerrillas paramilitary paramilitaries commandos")
_WORD = re.compile(r"[a-z0-9]+")
# a casualty figure needs a number first (digits are looked up as their first character)
_NUMBER_WORDS = _words("a an one two three four five six seven eight nine ten eleven twelve dozen dozens scores",
                       "hundreds thousands several many")
_DIGIT = re.compile(r"\d")
#: inter codes of armed actors and state forces (TAXONOMY: 1-4 and 8)
ARMED_INTER = frozenset({1, 2, 3, 4, 8})

SIGNALS: tuple[str, ...] = ("casualty", "figure", "weapon", "incident", "forces", "armed_actor")


@dataclass(frozen=True, kw_only=True, slots=True)
class Signals:
    """The cheap conflict signals of one sentence, each a 0/1 flag named as in ``SIGNALS``."""

    flags: frozenset[str]
    #: worth encoding: harm, means or an incident told together with a second signal. One signal alone
    #: ("forces", "fire", "500,000 people have died") is everywhere in war reporting and analysis: encoding
    #: every such sentence of a long article would cost more than the rest of the extraction gains.
    candidate: bool

    def vector(self) -> np.ndarray:
        return np.array([1.0 if s in self.flags else 0.0 for s in SIGNALS], dtype=np.float32)


def signals(sentence: str, armed: Sequence[tuple[int, int]] | Callable[[], Sequence[tuple[int, int]]] = ()) -> Signals:
    """The signals of ``sentence``; ``armed`` are the sentence-relative spans of armed or state actors the
    actor knowledge base found (or a function giving them, called only when a strong signal is there)."""
    words = set(_WORD.findall(sentence.lower()))
    flags = {name for name, vocabulary in (("casualty", _CASUALTY), ("weapon", _WEAPON), ("incident", _INCIDENT),
                                           ("forces", _FORCES)) if not words.isdisjoint(vocabulary)}
    strong = flags & {"casualty", "weapon", "incident"}
    if not strong:
        return Signals(flags=frozenset(flags), candidate=False)
    if armed() if callable(armed) else armed:
        flags.add("armed_actor")
    candidate = len(flags) >= 2
    # the figure parser is the costly signal: only for candidates (it is a feature, not a gate)
    counted = not words.isdisjoint(_NUMBER_WORDS) or _DIGIT.search(sentence) is not None
    if candidate and counted and find_figures(sentence, 0):
        flags.add("figure")
    return Signals(flags=frozenset(flags), candidate=candidate)


@dataclass(frozen=True, kw_only=True, slots=True)
class DetectorWeights:
    """A binary logistic head over [sentence vector, signal features · signal_scale]."""

    version: str
    coef: np.ndarray  # (dim + len(SIGNALS),)
    intercept: float
    signal_scale: float
    threshold: float  # p(event) at or above which a candidate becomes a proposal

    def probability(self, vector: np.ndarray, found: Signals) -> float:
        z = float(self.coef @ np.concatenate([np.asarray(vector, dtype=np.float32),
                                              found.vector() * self.signal_scale]) + self.intercept)
        return float(1.0 / (1.0 + np.exp(-z)))


def load_weights(folder: Path = MODEL_DIR) -> DetectorWeights:
    """Weights and config of a detector folder (``config.json`` + ``weights.npz``)."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz") as arrays:
        coef = arrays["coef"].astype(np.float32)
    return DetectorWeights(version=config["version"], coef=coef, intercept=float(config["intercept"]),
                           signal_scale=float(config["signal_scale"]), threshold=float(config["threshold"]))


@lru_cache(maxsize=1)
def load_detector() -> Detector | None:
    """The shipped detector, or None when no weights are installed (the rules alone propose)."""
    if not (MODEL_DIR / "weights.npz").exists():
        return None
    return Detector(load_weights())


class Fallback(Protocol):
    """Decides whether an un-proposed candidate sentence is an event: its p(event), or None (it is not)."""

    def consider(self, sentence: str, found: Signals, vector: Callable[[], Any]) -> float | None:
        """p(event) when at or above the threshold, else None; ``vector`` encodes the sentence on call."""
        ...


class Detector:
    """The shipped (or a held-out fold's) detector: a candidate is an event when p ≥ the threshold."""

    def __init__(self, weights: DetectorWeights) -> None:
        self.weights = weights

    def consider(self, sentence: str, found: Signals, vector: Callable[[], Any]) -> float | None:
        if not found.candidate:
            return None
        p = self.weights.probability(vector(), found)
        return p if p >= self.weights.threshold else None


def armed_spans(matches: Sequence[Any], span: tuple[int, int]) -> list[tuple[int, int]]:
    """Sentence-relative spans of the armed or state actors (knowledge-base matches) inside ``span``."""
    return [(m.start - span[0], m.end - span[0]) for m in matches
            if span[0] <= m.start and m.end <= span[1] and m.actor.inter in ARMED_INTER]
