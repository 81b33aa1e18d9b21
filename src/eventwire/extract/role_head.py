"""The learned role head: which candidate actor span of an event's sentence is actor1, actor2 or an associate.

The rules (``roles.find_roles``) read who did what to whom from the parse, the actor KB and generic
nouns. Here their verdict becomes one feature among others: for the event's anchor trigger, every noun
phrase of the sentence that names an actor (``roles.actor_of``: KB names, generic heads, demonyms,
members of named groups, unknown named groups; and, the head's own, attack nouns such as "bomber" and
the units, armed collectives and state possessions of ``nominal_actors``) is a **candidate**, described
by its path to the trigger (nsubj, passive "by" agent, dobj, pobj with its preposition...), its side and distance, the trigger's
voice, family and typed sub-event type, the candidate's actor kind, and the role the rules gave it. A
small multinomial logistic regression (``models/roles``; numpy only at run time) scores each candidate
actor1 / actor2 / assoc / none.

Decision (``pick``): the candidate most likely actor1 replaces the rules' actor1 only when the head calls
it actor1 (its most likely role) with a probability at the shipped threshold (chosen on held-out folds),
and does not say the same of the rules' own span; otherwise the rules' choice stands. actor2 is only filled where the rules found none (the rules' targets
include facility owners and demonym victims the head does not see as well). The chosen actor
keeps its canonical form (KB name, generic ``Military Forces of <Country>``, a non-KB group's own name)
and its evidence span; the evidence ``rule`` names the model: ``model:roles-3;p=0.88;rule=<the rules'
role for that span>;<how the span names the actor>``. Facts of the coding scheme stay with the rules
and ``assemble`` (a violent event without actor1 falls back to an unidentified armed group).

Associated actors (ACLED's ``assoc_actor_1``/``assoc_actor_2``: an ally or sub-group of a side) come from
the same head: besides the actor spans, the names inside another candidate's phrase ("protesters of the
Nigeria Labour Congress") and identity words ("students", "the Masalit community": ``assoc.py``) are
candidates that can only be associates. The surest span per side whose most likely role is assoc, at the
shipped threshold, is named; its side is the first of its syntactic heads inside actor1's or actor2's words
(neither: actor1's). Evidence: ``model:roles-3;p=0.81;rule=assoc;side=2;identity:students``.

Training (``eventwire.evaluate.train_roles``) records candidates through ``recording()``; it is never
imported here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Token

from eventwire.extract.assoc import identity_actor
from eventwire.extract.nominal_actors import nominal_actor
from eventwire.extract.roles import (
    GENERIC_KINDS,
    MEANS_NOUNS,
    SOURCE_VERBS,
    ArticleActors,
    Roles,
    actor_of,
    crowd_subject,
    np_span,
    repelled_attack,
)
from eventwire.model import Actor, Evidence

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "roles"
ROLE_LABELS: tuple[str, ...] = ("actor1", "actor2", "assoc", "none")
ASSOC = ROLE_LABELS.index("assoc")
_NOUNS = frozenset({"NOUN", "PROPN", "PRON"})
_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod"})


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """One actor span of the sentence, as actor1 and as actor2 (either may be None), with its features."""

    span: tuple[int, int]  # article offsets of the span (the actor1 evidence, else the actor2 one)
    actor1: Actor | None
    actor2: Actor | None
    how1: str  # actor_of's rule for the actor1 reading ("kb", "generic", "named"...)
    how2: str
    rule_role: str  # what the rules made of this span: actor1 / actor2 / none
    features: tuple[str, ...]
    # the actor this span names as an associated actor (an ally, a sub-group, an identity group)
    assoc: Actor | None = None
    # only ever an associated actor: a name inside another candidate's phrase, an identity word
    assoc_only: bool = False
    # article offsets of the span's head word and of its syntactic heads up to the trigger: which side's
    # actor an associated actor hangs on ("RSF fighters and allied Arab militias": the RSF's)
    chain: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Draft:
    """What training records for one event mention: its trigger, type and candidates."""

    trigger: tuple[int, int]
    sub_event_type: str
    candidates: tuple[Candidate, ...]
    rule_actor1: tuple[int, int] | None
    rule_actor2: tuple[int, int] | None
    attribution: bool = False  # reported speech with no actor1 of the sentence's own: the head leaves actor1
    # the encoder's contextual vectors of each candidate's span and, last, of the trigger (training only:
    # None where the sentence was not encoded)
    vectors: np.ndarray | None = None


@dataclass(frozen=True, kw_only=True)
class RoleWeights:
    """The shipped head: feature vocabulary, coefficients over ROLE_LABELS, decision thresholds."""

    version: str
    features: tuple[str, ...]
    coef: np.ndarray  # (len(ROLE_LABELS), len(features))
    intercept: np.ndarray
    threshold1: float = 0.5  # p(actor1) needed to overrule the rules' actor1
    threshold2: float = 1.01  # p(actor2) needed to overrule the rules' actor2 (above 1: never)
    threshold_assoc: float = 1.01  # p(assoc) needed to name an associated actor (above 1: never)
    # the span block (``span_block``): coefficients over its columns, with their training mean and scale;
    # None: the head reads no span vectors
    dense_coef: np.ndarray | None = None  # (len(ROLE_LABELS), 2 * dims + 1)
    dense_mean: np.ndarray | None = None
    dense_scale: np.ndarray | None = None
    dims: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {f: i for i, f in enumerate(self.features)})

    @property
    def reads_vectors(self) -> bool:
        return self.dense_coef is not None and self.dims > 0

    def probabilities(self, rows: Sequence[Sequence[str]], dense: np.ndarray | None = None) -> np.ndarray:
        """Per row of feature names, the probabilities over ROLE_LABELS (unknown names are ignored);
        ``dense``: the rows' span block (``span_block``), read when the head has one."""
        index: dict[str, int] = object.__getattribute__(self, "_index")
        logits = np.tile(self.intercept.astype(np.float64), (len(rows), 1))
        for r, names in enumerate(rows):
            cols = [index[n] for n in names if n in index]
            if cols:
                logits[r] += self.coef[:, cols].sum(axis=1)
        if self.reads_vectors and dense is not None and len(rows):
            assert self.dense_coef is not None and self.dense_mean is not None and self.dense_scale is not None
            logits += ((dense - self.dense_mean) / self.dense_scale) @ self.dense_coef.T
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return np.asarray(e / e.sum(axis=1, keepdims=True))


def load_weights(folder: Path = MODEL_DIR) -> RoleWeights | None:
    """The head in ``folder`` (``weights.npz`` + ``config.json``), or None when none is shipped."""
    if not (folder / "weights.npz").exists():
        return None
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz") as z:
        coef, intercept = z["coef"].astype(np.float64), z["intercept"].astype(np.float64)
        features = tuple(str(f) for f in z["features"])
        dense = {k: z[k].astype(np.float64) for k in ("dense_coef", "dense_mean", "dense_scale") if k in z.files}
    if coef.shape[0] == len(ROLE_LABELS) - 1:  # a head from before the associated class: it never says assoc
        coef = np.insert(coef, ASSOC, 0.0, axis=0)
        intercept = np.insert(intercept, ASSOC, -30.0)
    return RoleWeights(version=config["version"], features=features, coef=coef,
                       intercept=intercept, threshold1=float(config["threshold1"]),
                       threshold2=float(config["threshold2"]),
                       threshold_assoc=float(config.get("threshold_assoc", 1.01)),
                       dims=int(config.get("span_dims", 0)) if dense else 0, **dense)


SPAN_SEED = 20261206  # the fixed random projection of span vectors (regenerated, never shipped)


@lru_cache(maxsize=4)
def _projection(width: int, dims: int) -> np.ndarray:
    return np.asarray(np.random.default_rng(SPAN_SEED).standard_normal((width, dims)) / np.sqrt(dims))


def span_block(vectors: np.ndarray, dims: int) -> np.ndarray:
    """The candidates' span block from the encoder's span vectors (candidates' rows, the trigger's last):
    a fixed random projection of each candidate's vector and of its elementwise product with the
    trigger's (what the span is, and how it stands to the event in context), and their cosine."""
    cand, trig = vectors[:-1].astype(np.float64), vectors[-1].astype(np.float64)
    prod = cand * trig * np.sqrt(cand.shape[1])  # on the scale of a unit vector's entries
    proj = _projection(cand.shape[1], dims)
    return np.hstack([cand @ proj, prod @ proj, (cand @ trig)[:, None]])


@lru_cache(maxsize=1)
def shipped() -> RoleWeights | None:
    return load_weights()


_RULES_ONLY = object()
_HEAD: ContextVar[object] = ContextVar("role_head", default=None)
_RECORDER: ContextVar[list[Draft] | None] = ContextVar("role_recorder", default=None)


@contextmanager
def using(weights: RoleWeights | None) -> Iterator[None]:
    """Decide roles with ``weights`` (None: the rules alone) inside the block (measurement, tests)."""
    token = _HEAD.set(_RULES_ONLY if weights is None else weights)
    try:
        yield
    finally:
        _HEAD.reset(token)


@contextmanager
def recording() -> Iterator[list[Draft]]:
    """Record every mention's candidates inside the block (training); roles stay the rules' own."""
    drafts: list[Draft] = []
    token, head = _RECORDER.set(drafts), _HEAD.set(_RULES_ONLY)
    try:
        yield drafts
    finally:
        _RECORDER.reset(token)
        _HEAD.reset(head)


def _current() -> RoleWeights | None:
    head = _HEAD.get()
    if head is _RULES_ONLY:
        return None
    return head if isinstance(head, RoleWeights) else shipped()


# ------------------------------------------------------------------------------------------ features

def _offset(tok: Token) -> int:
    return int(tok.doc.user_data.get("offset", 0))


def _step(tok: Token) -> str:
    """One step of a dependency path: the relation, with the preposition's word where there is one."""
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
        return "pobj:" + ("by" if tok.head.dep_ == "agent" else tok.head.lower_)
    return tok.dep_


def _steps(chain: list[Token]) -> list[str]:
    """The relations along a chain of tokens (each the head of the one before); a preposition is folded
    into the step of its object."""
    out: list[str] = []
    for t in chain:
        if t.dep_ in ("prep", "agent") and out and out[-1].startswith("pobj:"):
            continue
        out.append(_step(t))
    return out


def _path(tok: Token, trigger: Token) -> tuple[str, str]:
    """(up, down): the relations from the candidate up to the lowest common ancestor, and from the
    trigger up to it ("gunmen" in "were killed by gunmen": up pobj:by, down empty)."""
    up_chain = [tok, *tok.ancestors]
    down_chain = [trigger, *trigger.ancestors]
    down_ids = {t.i for t in down_chain}
    lca = next((t for t in up_chain if t.i in down_ids), None)
    if lca is None:
        return "far", "far"
    ups = _steps(up_chain[:up_chain.index(lca)])
    downs = _steps(down_chain[:down_chain.index(lca)])
    up = ">".join(ups[:3]) + ("+" if len(ups) > 3 else "")
    down = ">".join(downs[:2]) + ("+" if len(downs) > 2 else "")
    return up or "self", down or "self"


def _passive(trigger: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children) or (
        trigger.tag_ == "VBN" and trigger.dep_ == "acl")


def _distance(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-5" if n <= 5 else "6-10" if n <= 10 else ">10"


def _kind(actor: Actor | None) -> str:
    return str(actor.inter) if actor is not None and actor.inter is not None else "none"


def candidate_features(tok: Token, trigger: Token, *, family: str, sub_event_type: str, how1: str, how2: str,
                       a1: Actor | None, a2: Actor | None, rule_role: str) -> tuple[str, ...]:
    """The names of the candidate's features (one-hot, crossed where the pair says more than its parts)."""
    up, down = _path(tok, trigger)
    voice = "passive" if _passive(trigger) else ("active" if trigger.pos_ in ("VERB", "AUX") else "nominal")
    side = "before" if tok.i < trigger.i else "after"
    lemma = tok.lemma_.lower()
    generic = GENERIC_KINDS.get(lemma) or GENERIC_KINDS.get(tok.lower_) or "-"
    inter1, inter2 = _kind(a1), _kind(a2)
    coarse = sub_event_type.split("/")[0].split(" ")[0]
    means = "yes" if lemma in MEANS_NOUNS else "no"
    tlemma = trigger.lemma_.lower()
    names = [
        "bias", f"up={up}", f"down={down}", f"path={up}|{down}", f"dep={tok.dep_}", f"voice={voice}",
        f"up={up}|voice={voice}", f"side={side}", f"side={side}|voice={voice}",
        f"dist={_distance(abs(tok.i - trigger.i))}", f"pos={tok.pos_}", f"ent={tok.ent_type_ or '-'}",
        f"generic={generic}", f"how1={how1 or '-'}", f"how2={how2 or '-'}", f"inter1={inter1}", f"inter2={inter2}",
        f"rule={rule_role}", f"rule={rule_role}|how1={how1 or '-'}", f"family={family}", f"type={sub_event_type}",
        f"inter1={inter1}|type={coarse}", f"generic={generic}|type={coarse}", f"up={up}|family={family}",
        f"rule={rule_role}|type={coarse}", f"trigger_pos={trigger.pos_}",
        # an attack or weapon noun names its owner ("repelled a Taliban attack": the Taliban attacked);
        # the trigger's own word says which side of it that owner is on
        f"means={means}", f"means={means}|up={up}", f"tlemma={tlemma}", f"tlemma={tlemma}|up={up}",
        f"tlemma={tlemma}|means={means}|up={up}",
    ]
    return tuple(names)


def _span_of(actor: Actor | None) -> tuple[int, int] | None:
    return (actor.evidence.start, actor.evidence.end) if actor is not None and actor.evidence is not None else None


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


_ALLY_WORDS = frozenset({"allied", "affiliated", "aligned", "loyal", "backed", "supported", "joint", "allies",
                         "ally", "partner", "support", "backing", "alongside", "together", "coordination",
                         "reinforcement", "reinforce", "help", "aid", "assist", "assistance", "cooperation"})


def _chain(tok: Token, trigger: Token) -> tuple[int, ...]:
    """Article offsets of ``tok`` and of its heads, up to (not including) the trigger or the root."""
    off, out, t = _offset(tok), [], tok
    while t.i != trigger.i:
        out.append(off + t.idx)
        if t.head.i == t.i:  # the root (spaCy makes a new Token object per access: compare indices)
            break
        t = t.head
    return tuple(out)


def _inside(offset: int, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= offset < span[1]


def _relation(tok: Token, chain: tuple[int, ...], span: tuple[int, int] | None) -> str:
    """How a candidate hangs on the rules' actor span: inside its phrase, conjoined to it, attached to it
    through a modifier ("X, backed by Y"), or not at all."""
    if span is None:
        return "noactor"
    if _inside(chain[0] if chain else -1, span):
        return "inside"
    if tok.dep_ == "conj" and _inside(_offset(tok) + tok.head.idx, span):
        return "conj"
    if tok.dep_ == "appos" and _inside(_offset(tok) + tok.head.idx, span):
        return "appos"
    if any(_inside(o, span) for o in chain[1:4]) or _adjacent_preposition(tok, span):
        return "attached"
    return "apart"


def _adjacent_preposition(tok: Token, span: tuple[int, int]) -> bool:
    """``tok`` hangs on a preposition that follows the actor's words at once: in "killed 20 men from the
    Masalit community" the parser may hang "from" on the verb, but a phrase right after a noun is that
    noun's as readily (English leaves the attachment open; the parse is a guess)."""
    off = _offset(tok)
    for t in list(tok.ancestors)[:3]:
        if t.dep_ == "prep":
            gap = off + t.idx - span[1]
            return 0 <= gap <= 1 and t.head.i != t.i and t.doc.text[t.idx - gap:t.idx].strip() == ""
    return False


def _assoc_features(tok: Token, chain: tuple[int, ...], rule1: tuple[int, int] | None,
                    rule2: tuple[int, int] | None, kind: str) -> tuple[str, ...]:
    """What says a span is an ally or sub-group of a side: its relation to the rules' actor spans and
    the words on the way ("allied", "backed by", "with the support of", "joint")."""
    rel1, rel2 = _relation(tok, chain, rule1), _relation(tok, chain, rule2)
    near = {w.lemma_.lower() for w in (tok, *tok.children, tok.head, *tok.head.children, tok.head.head)
            if w.lemma_.lower() in _ALLY_WORDS or w.lower_ in _ALLY_WORDS}
    gov = tok.head.head.lemma_.lower() + "|" + tok.head.lower_ if tok.dep_ == "pobj" else tok.head.lemma_.lower()
    return (f"cand={kind}", f"rel1={rel1}", f"rel2={rel2}", f"rel={rel1}|{rel2}", f"cand={kind}|rel={rel1}|{rel2}",
            *(f"ally={w}" for w in sorted(near)), f"ally_any={'yes' if near else 'no'}",
            f"ally_any={'yes' if near else 'no'}|rel={rel1}|{rel2}", f"gov={gov}", f"cand={kind}|dep={tok.dep_}")


def candidates(ctx: ArticleActors, trigger: Token, roles: Roles, iso3: str | None, *, located: bool,
               parties: bool, family: str, sub_event_type: str) -> list[Candidate]:
    """Every span of the trigger's sentence that names an actor, once per actor span; then the spans
    that can only be associated actors: names inside another candidate's phrase ("protesters of the
    Nigeria Labour Congress") and words naming an identity group ("students", "the Masalit community")."""
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    rule1, rule2 = _span_of(roles.actor1), _span_of(roles.actor2)
    read: list[tuple[Token, Actor | None, str, Actor | None, str]] = []
    for tok in trigger.doc:
        if tok.i == trigger.i or not (tok.pos_ in _NOUNS or (tok.dep_ in _MODIFIERS and tok.text[:1].isupper())):
            continue
        a1, how1 = actor_of(ctx, tok, "actor1", iso3, located=located, parties=parties)
        a2, how2 = actor_of(ctx, tok, "actor2", iso3, located=located, parties=parties)
        if a1 is None and a2 is None:
            a1, how1 = perpetrator_noun(ctx, tok, iso3)
        if a1 is None and a2 is None and not _source_subject(tok, trigger):
            # a unit, an armed collective, a state's possession ("India's NIA"); never a source ("Malian
            # authorities said": its demonym stays the candidate it was)
            a1, how1 = nominal_actor(ctx, tok, iso3, parties=parties, sub_event_type=sub_event_type)
        if a1 is not None or a2 is not None:
            read.append((tok, a1, how1, a2, how2))
    # a name inside another candidate's noun phrase ("the al Qaeda-linked group al Shabaab", "members of
    # Al Shabaab") is that phrase's modifier: the phrase's head says whom it names
    inside = {t.i for u, *_ in read for t in np_span(u) if t.i != u.i}
    inner: list[tuple[Token, Actor | None, str, Actor | None, str]] = []
    for tok, a1, how1, a2, how2 in read:
        if tok.i in inside:
            inner.append((tok, a1, how1, a2, how2))
            continue
        if _source_subject(tok, trigger):
            continue  # whoever says it is a source, not a party ("..., the Israeli military said")
        span = _span_of(a1) or _span_of(a2)
        if span is None or span in seen or (how1 or how2).startswith("coref"):
            continue  # coreference points outside the sentence: the rules keep that call
        seen.add(span)
        role = "actor1" if _overlaps(span, rule1) else "actor2" if _overlaps(span, rule2) else "none"
        chain = _chain(tok, trigger)
        feats = candidate_features(tok, trigger, family=family, sub_event_type=sub_event_type, how1=how1, how2=how2,
                                   a1=a1, a2=a2, rule_role=role) + _assoc_features(tok, chain, rule1, rule2, "actor")
        named = a1 if how1 in ("kb", "kb_appos", "kb_member", "named") else a2 if a2 is not None else a1
        out.append(Candidate(span=span, actor1=a1, actor2=a2, how1=how1, how2=how2, rule_role=role, features=feats,
                             assoc=named, chain=chain))
    # associated-only spans: their own words, so that one phrase can hold an actor and its associate
    only: list[tuple[Token, Actor]] = [(tok, a) for tok, a1, _, a2, _ in inner if (a := a1 or a2) is not None]
    off = _offset(trigger)
    country = iso3 or ctx.default_iso3
    only += [(tok, a) for tok in trigger.doc
             if tok.i != trigger.i and (a := identity_actor(ctx.kb, tok, country, off + tok.idx)) is not None]
    seen_only: set[tuple[int, int]] = set()
    for tok, actor in only:
        span = _span_of(actor)
        if span is None or span in seen_only:
            continue
        seen_only.add(span)
        chain = _chain(tok, trigger)
        kind = "identity" if (actor.evidence is not None and actor.evidence.rule.startswith("identity")) else "inner"
        feats = candidate_features(tok, trigger, family=family, sub_event_type=sub_event_type, how1=kind, how2=kind,
                                   a1=None, a2=None, rule_role="none") + _assoc_features(tok, chain, rule1, rule2, kind)
        out.append(Candidate(span=span, actor1=None, actor2=None, how1=kind, how2=kind, rule_role="none",
                             features=feats, assoc=actor, assoc_only=True, chain=chain))
    return out


def _source_subject(tok: Token, trigger: Token) -> bool:
    """``tok`` is the subject of a reporting verb other than the trigger ("..., the Israeli military said")."""
    return tok.dep_ == "nsubj" and tok.head.i != trigger.i and tok.head.lemma_.lower() in SOURCE_VERBS


# nouns that name a person by the attack they carry out ("a suicide bomber rammed...", "the bomber"):
# the attacker, an unidentified armed group unless the text names their group. Only candidates of the
# head (after typing: the typer's features stay the rules' own); "Russian bombers" / "B-52 bombers"
# (a capitalised modifier) are aircraft, left alone.
_PERPETRATOR_NOUNS = frozenset({"bomber"})


def perpetrator_noun(ctx: ArticleActors, tok: Token, iso3: str | None) -> tuple[Actor | None, str]:
    """``tok`` as an attacker named by what they do, with its phrase as evidence, else (None, "")."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _PERPETRATOR_NOUNS:
        return None, ""
    if any(c.dep_ in ("amod", "compound", "nmod", "poss") and c.text[:1].isupper() for c in tok.children):
        return None, ""
    span, off = np_span(tok), _offset(tok)
    start, end = off + span.start_char, off + span.end_char
    actor = ctx.kb.generic("armed_group", iso3 or ctx.default_iso3)
    ev = Evidence(start=start, end=end, text=ctx.text[start:end], field="actor1", rule="perpetrator:armed_group")
    return replace(actor, evidence=ev), "perpetrator"


def _chosen(actor: Actor, p: float, rule_role: str, version: str = "roles-3", field: str | None = None) -> Actor:
    ev = actor.evidence
    if ev is None:
        return actor
    return replace(actor, evidence=replace(ev, rule=f"model:{version};p={p:.2f};rule={rule_role};{ev.rule}",
                                           field=field or ev.field))


def pick(cands: Sequence[Candidate], probs: np.ndarray, rule_span: tuple[int, int] | None, threshold: float,
         role: int = 0) -> int | None:
    """The candidate that takes the role (0 actor1, 1 actor2) from the rules, or None: the rules' stands.

    Only a span the head itself calls that role (its most likely one) with p ≥ ``threshold`` can take it;
    and not when the rules' own span is, by the head too, that role at p ≥ ``threshold``: then the head
    is not sure the rules are wrong, and the rules keep their call.
    """
    named = [i for i, c in enumerate(cands) if (c.actor1 if role == 0 else c.actor2) is not None and not c.assoc_only]
    sure = [i for i in named if int(probs[i].argmax()) == role and probs[i, role] >= threshold]
    if not sure:
        return None
    if any(_overlaps(cands[i].span, rule_span) for i in sure):
        return None
    return max(sure, key=lambda i: float(probs[i, role]))


def decide(cands: Sequence[Candidate], roles: Roles, weights: RoleWeights, dense: np.ndarray | None = None) -> Roles:
    """The rules' roles, with actor1 replaced (actor2 filled) where the head is sure of another span."""
    if not cands:
        return roles
    probs = weights.probabilities([c.features for c in cands], dense)
    out = roles
    k = pick(cands, probs, _span_of(roles.actor1), weights.threshold1, 0)
    if k is not None and cands[k].actor1 is not None:
        best = cands[k]
        actor = _chosen(best.actor1, float(probs[k, 0]), best.rule_role, weights.version)  # type: ignore[arg-type]
        out = replace(out, actor1=actor, rule1=best.how1)
        if _overlaps(best.span, _span_of(roles.actor2)) and roles.actor1 is not None:
            # the rules had the two sides the wrong way round ("the army repelled a Taliban attack")
            ev = roles.actor1.evidence
            out = replace(out, actor2=replace(roles.actor1, evidence=replace(ev, field="actor2") if ev else None),
                          rule2=roles.rule1)
        elif out.actor2 is not None and out.actor2.name == actor.name:
            out = replace(out, actor2=None, rule2="")
    if roles.actor2 is None and out.actor2 is None:  # actor2 only fills a gap: the rules' target stands
        k = pick(cands, probs, _span_of(out.actor1), weights.threshold2, 1)
        if k is not None and cands[k].actor2 is not None and (
                out.actor1 is None or cands[k].actor2.name != out.actor1.name):  # type: ignore[union-attr]
            out = replace(out, actor2=_chosen(cands[k].actor2, float(probs[k, 1]), cands[k].rule_role,  # type: ignore[arg-type]
                                              weights.version),
                          rule2=cands[k].how2)
    return associated(cands, probs, out, weights)


def side_of(cand: Candidate, span1: tuple[int, int] | None, span2: tuple[int, int] | None,
            civil: int | None = None) -> int:
    """Which side an associated actor belongs to: the first of its heads (itself first) inside actor1's
    or actor2's words; hanging on neither, an identity group ("men from the Masalit community" where the
    parser hangs "from" on the verb) goes with the side of civilians, protesters or rioters (``civil``:
    ACLED's identity groups are theirs), anything else (an adjunct of the event: "alongside", "in a joint
    operation with") with the side that carries out the event, actor1's."""
    for offset in cand.chain:
        if _inside(offset, span1):
            return 1
        if _inside(offset, span2):
            return 2
    return civil if civil is not None and cand.how1 == "identity" else 1


def civil_side(inter1: int | None, inter2: int | None) -> int | None:
    """The side (1, 2) whose actor is civilians, protesters or rioters (actor2's first), else None."""
    return 2 if inter2 in (5, 6, 7) else 1 if inter1 in (5, 6, 7) else None


def choose_associated(cands: Sequence[Candidate], probs: np.ndarray, span1: tuple[int, int] | None,
                      span2: tuple[int, int] | None, names: tuple[str | None, str | None],
                      threshold: float, civil: int | None = None) -> dict[int, int]:
    """Per side (1, 2), the candidate the head calls associated (its most likely role) with p ≥
    ``threshold``, the surest per side; never a span of the chosen actors themselves, never an actor
    already named on either side, never on actor2's side without actor2."""
    best: dict[int, int] = {}
    for i, c in enumerate(cands):
        if c.assoc is None or int(probs[i].argmax()) != ASSOC or probs[i, ASSOC] < threshold:
            continue
        if not c.assoc_only and (_overlaps(c.span, span1) or _overlaps(c.span, span2)):
            continue
        side = side_of(c, span1, span2, civil)
        # (actor1 may still come: a protest's demonstrators, an attack's unidentified group, from assembling)
        if (side == 2 and span2 is None) or c.assoc.name in names:
            continue
        if side not in best or probs[i, ASSOC] > probs[best[side], ASSOC]:
            best[side] = i
    return best


def associated(cands: Sequence[Candidate], probs: np.ndarray, roles: Roles, weights: RoleWeights) -> Roles:
    """``roles`` with the associated actors the head is sure of (``assoc1`` / ``assoc2``)."""
    names = (roles.actor1.name if roles.actor1 else None, roles.actor2.name if roles.actor2 else None)
    civil = civil_side(roles.actor1.inter if roles.actor1 else None, roles.actor2.inter if roles.actor2 else None)
    chosen = choose_associated(cands, probs, _span_of(roles.actor1), _span_of(roles.actor2), names,
                               weights.threshold_assoc, civil)
    out = roles
    for side, k in chosen.items():
        c = cands[k]
        actor = _chosen(c.assoc, float(probs[k, ASSOC]), f"assoc;side={side}", weights.version,  # type: ignore[arg-type]
                        f"assoc_actor_{side}")
        out = replace(out, **{f"assoc{side}": actor})  # type: ignore[arg-type]
    return out


def _span_vectors(vector: Any, start: int, cands: Sequence[Candidate], trigger: Token) -> np.ndarray | None:
    """The encoder's vectors of the candidates' spans and of the trigger (last), from the sentence's own
    model run (``engine.SentenceVector.spans``: sentence-relative offsets), or None without an encoder."""
    if vector is None or not hasattr(vector, "spans") or not cands:
        return None
    off = _offset(trigger)
    spans = [(c.span[0] - start, c.span[1] - start) for c in cands]
    spans.append((off + trigger.idx - start, off + trigger.idx + len(trigger) - start))
    return np.asarray(vector.spans(spans), dtype=np.float32)


def refine(ctx: ArticleActors, trigger: Token, roles: Roles, iso3: str | None, *, located: bool, parties: bool,
           family: str, sub_event_type: str, vector: Any = None, sentence_start: int = 0) -> Roles:
    """The event's roles after the head (the rules' own when no head is shipped or in use). ``vector``:
    the sentence's ``engine.SentenceVector`` (its span vectors feed a head that reads them),
    ``sentence_start`` its article offset."""
    # a fact of the coding scheme the rules' parse misses: who repels an attack is its target
    roles = repelled_attack(ctx, trigger, roles, iso3, located=located)
    # and who protests or riots is the crowd the sentence names, whatever its words
    roles = crowd_subject(ctx, trigger, roles, iso3, sub_event_type)
    recorder = _RECORDER.get()
    weights = _current()
    if recorder is None and weights is None:
        return roles  # nothing to do: no candidate work at all
    cands = candidates(ctx, trigger, roles, iso3, located=located, parties=parties, family=family,
                       sub_event_type=sub_event_type)
    # a perpetrator the rules do not read for a retold event in reported speech ("the committee said the
    # shelling had been carried out by the RSF") is someone's attribution: the claims ledger records it
    attribution = (roles.actor1 is None or roles.rule1.startswith("coref")) and _reported(trigger)
    wants_vectors = recorder is not None or (weights is not None and weights.reads_vectors)
    vectors = _span_vectors(vector, sentence_start, cands, trigger) if wants_vectors else None
    if recorder is not None:
        off = _offset(trigger)
        recorder.append(Draft(trigger=(off + trigger.idx, off + trigger.idx + len(trigger)),
                              sub_event_type=sub_event_type, candidates=tuple(cands),
                              rule_actor1=_span_of(roles.actor1), rule_actor2=_span_of(roles.actor2),
                              attribution=attribution, vectors=vectors))
    if weights is None:
        return roles
    dense = span_block(vectors, weights.dims) if vectors is not None and weights.reads_vectors else None
    if attribution:
        decided = decide(cands, roles, weights, dense)
        filled = roles.actor2 is None and decided.actor2 is not None and (
            roles.actor1 is None or decided.actor2.name != roles.actor1.name)
        kept = replace(roles, actor2=decided.actor2, rule2=decided.rule2) if filled else roles
        return associated(cands, weights.probabilities([c.features for c in cands], dense), kept,
                          weights) if cands else kept
    return decide(cands, roles, weights, dense)


def _reported(trigger: Token) -> bool:
    """The trigger retells a known event (a definite nominal: "the shelling") in a clause a reporting verb
    governs ("X said the shelling had been carried out by Y"): whoever is named is someone's attribution."""
    definite = trigger.pos_ in ("NOUN", "PROPN") and any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss" for c in trigger.children)
    return definite and any(t.lemma_.lower() in SOURCE_VERBS for t in trigger.ancestors)
