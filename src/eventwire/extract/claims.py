"""The claims ledger: who claims, attributes, denies or reports an event.

Takes a parsed sentence (``user_data["offset"]`` = article offset) and the article's actor context;
gives ``Claim`` records with evidence. "X claimed responsibility", "X announced its attacks", "X took
credit" → claimed_by X; "X accused/blamed Y" → attributed_by X (and Y as the accused perpetrator);
"X denied" → denied_by X; "according to X", "X said/reported" → reported_by X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.extract.roles import ArticleActors, actor_of
from eventwire.model import Actor, Claim, Evidence

_KINDS: dict[str, str] = {
    **dict.fromkeys(("claim", "announce"), "claimed_by"),
    **dict.fromkeys(("accuse", "blame", "attribute"), "attributed_by"),
    **dict.fromkeys(("deny", "reject", "refute"), "denied_by"),
    **dict.fromkeys(("say", "report", "tell", "confirm", "state", "add", "announce", "note", "allege"), "reported_by"),
}
_CLAIM_OBJECTS = frozenset({"responsibility", "credit", "attack", "strike", "operation", "bombing", "killing",
                            "assault", "drone", "responsibilty"})


_DENIAL = re.compile(r"^\w+ (?:\w+ ){0,6}?(?:(?:was|were|is|are|had been) not (?:involved|responsible|behind)|"
                     r"had (?:nothing|no role) to do|had no (?:role|involvement)|no involvement)", re.I)


@dataclass(frozen=True, kw_only=True, slots=True)
class FoundClaim:
    """A claim plus, for accusations, the accused actor (a perpetrator candidate)."""

    claim: Claim
    source_actor: Actor | None
    accused: Actor | None = None


def _subject_text(tok: Token) -> Token | None:
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj:
        return subj[0]
    agent = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return agent[0] if agent else None


def _kind(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    if lemma == "take" and any(c.lemma_.lower() == "credit" for c in tok.children):
        return "claimed_by"
    if lemma not in _KINDS:
        return None
    if lemma == "claim":
        objs = {t.lemma_.lower() for t in tok.subtree}
        return "claimed_by" if objs & _CLAIM_OBJECTS else None
    if lemma == "announce":
        objs = {t.lemma_.lower() for t in tok.subtree}
        return "claimed_by" if objs & _CLAIM_OBJECTS else "reported_by"
    return _KINDS[lemma]


def _source_name(ctx: ArticleActors, subj: Token) -> tuple[str, Actor | None]:
    actor, _ = actor_of(ctx, subj, "claim", None)
    if actor:
        return actor.name, actor
    span = subj.doc[subj.left_edge.i:subj.i + 1]
    return span.text, None


def _accused(ctx: ArticleActors, verb: Token) -> Actor | None:
    for obj in (c for c in verb.children if c.dep_ in ("dobj",)):
        actor, _ = actor_of(ctx, obj, "actor1", None)
        if actor:
            return actor
    return None


def _negated(verb: Token, subj: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(c.lower_ in ("no", "none") for c in subj.children if c.dep_ == "det") or subj.lower_ in ("nobody", "none")


def find_claims(ctx: ArticleActors, doc: Doc) -> list[FoundClaim]:
    """All claims in a parsed sentence, each with its evidence span."""
    off = int(doc.user_data.get("offset", 0))
    out: list[FoundClaim] = []
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            pobj = [p for p in doc[tok.i + 1].children if p.dep_ == "pobj"]
            kind, subj = ("reported_by", pobj[0]) if pobj else (None, None)
        else:
            kind, subj = _kind(tok), _subject_text(tok)
        if kind is None or subj is None or subj.pos_ == "PRON" and subj.lower_ not in ("it", "they"):
            continue
        if _negated(tok, subj):  # "No group claimed responsibility"
            continue
        if kind == "reported_by" and _DENIAL.search(doc.text[tok.idx:]):
            kind = "denied_by"  # "the TTP said that it was not involved"
        name, actor = _source_name(ctx, subj)
        start, end = off + min(tok.idx, subj.left_edge.idx), off + max(tok.idx + len(tok), subj.idx + len(subj))
        ev = Evidence(start=start, end=end, text=ctx.text[start:end], field=kind, rule="claim:" + tok.lemma_.lower())
        accused = _accused(ctx, tok) if kind == "attributed_by" else None
        out.append(FoundClaim(claim=Claim(kind=kind, source=name, evidence=ev), source_actor=actor, accused=accused))
    return out
