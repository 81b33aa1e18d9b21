"""The claims ledger: who claims, attributes, denies or reports an event.

Takes a parsed sentence (``user_data["offset"]`` = article offset) and the article's actor context;
gives ``Claim`` records with evidence. "X claimed responsibility", "X announced its attacks", "X took
credit" → claimed_by X; "X accused/blamed Y" → attributed_by X (and Y as the accused perpetrator);
"X denied" → denied_by X; "according to X", "X said/reported" → reported_by X. "X said the strike was
carried out by Y" / "X said Y was behind the attack" is an attribution too; a claim whose sentence names
the event ("the strike", "the shells", "it") is marked ``refers`` so that it may link to an event told earlier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
                            "assault", "drone", "responsibilty",
                            # any named kind of attack can be claimed ("claimed the raid in a video")
                            "raid", "ambush", "abduction", "kidnapping", "explosion", "blast", "shooting", "shelling",
                            "massacre", "assassination"})


_DENIAL = re.compile(r"^\w+ (?:[\w,]+ ){0,9}?(?:(?:was|were|is|are|had been) not (?:involved|responsible|behind)|"
                     r"had (?:nothing|no role) to do|had no (?:role|involvement)|no involvement)", re.I)


#: Sentences that claim, deny or pin an event without naming it ("The TTP said it was not involved",
#: "JNIM claimed responsibility in a statement"): parsed too, for the claims ledger, when the article
#: has a candidate event sentence at all.
_CLAIM_CUE = re.compile(
    r"\b(?:claim(?:s|ed|ing)? (?:\w+ ){0,3}?(?:responsibility|credit)|took credit|den(?:y|ies|ied|ying)|"
    r"(?:not|never) (?:been )?(?:involved|responsible|behind)|nothing to do with|no (?:role|involvement)|"
    r"blam(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|(?:was|were) behind)\b",
    re.I,
)


def is_claim_sentence(sentence: str) -> bool:
    """Cheap test, like ``triggers.is_candidate``: does the sentence claim, deny or blame at all?"""
    return _CLAIM_CUE.search(sentence) is not None


@dataclass(frozen=True, kw_only=True, slots=True)
class FoundClaim:
    """A claim plus, for accusations, the accused actor (a perpetrator candidate)."""

    claim: Claim
    source_actor: Actor | None
    accused: Actor | None = None
    refers: bool = False  # the sentence names the event ("the strike", "the shells", "it"): may link across sentences


def _subject_text(tok: Token) -> Token | None:
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj:
        return subj[0]
    agent = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if agent:
        return agent[0]
    if tok.dep_ in ("advcl", "xcomp") and tok.tag_ == "VBG" and tok.head is not tok:
        # "residents said, blaming fighters of ...": the participle's speaker is the reporting verb's subject
        # (the parser may hang the participle on the reported verb: "a blast killed three, police said, blaming")
        head = tok.head
        verbs = [head] + [c for c in head.children if c.dep_ in ("parataxis", "ccomp", "conj")]
        for verb in (v for v in verbs if v.lemma_.lower() in _SPEECH):
            return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


_SPEECH = frozenset({"say", "tell", "report", "state", "add", "allege", "claim"})


def _kind(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    if lemma == "take" and any(c.lemma_.lower() == "credit" for c in tok.children):
        return "claimed_by"
    if lemma not in _KINDS:
        return None
    if lemma == "claim":
        if tok.dep_ == "acl" and tok.head.lemma_.lower() in _EVENT_NOUNS:
            return "claimed_by"  # "a suicide bombing claimed by the Islamic State"
        objs = {t.lemma_.lower() for t in tok.subtree}
        return "claimed_by" if objs & _CLAIM_OBJECTS else None
    if lemma == "announce":
        objs = {t.lemma_.lower() for t in tok.subtree}
        return "claimed_by" if objs & _CLAIM_OBJECTS else "reported_by"
    return _KINDS[lemma]


#: Who speaks for whom: "a spokesperson for the Kano state police", "a statement from the group".
_SPEAKER_HEADS = frozenset({"spokesperson", "spokesman", "spokeswoman", "official", "statement", "commander",
                            "representative", "source", "officer", "chief", "head", "leader", "minister"})
#: A denial about violence done ("denied that officers had fired live rounds", "denied targeting civilians"):
#: it is about the reported event even where no event noun points back to it.
_VIOLENCE_LEMMAS = frozenset({"fire", "kill", "shoot", "attack", "strike", "target", "involve", "involvement",
                              "responsibility", "bomb", "shell", "use", "abduct", "kidnap", "torture", "open"})


def _kb_covering(ctx: ArticleActors, tok: Token) -> Actor | None:
    """A KB name that covers the word: the parser may cut a long name ("Jama'at Nusrat al-Islam
    wal-Muslimin (JNIM)" read with "al" as its head)."""
    at = int(tok.doc.user_data.get("offset", 0)) + tok.idx
    found = [m for m in ctx.matches if m.start <= at < m.end]
    return max(found, key=lambda m: m.end - m.start).actor if found else None


def _speaker_for(ctx: ArticleActors, subj: Token) -> Actor | None:
    """The actor a spokesperson or statement speaks for."""
    if subj.lemma_.lower() not in _SPEAKER_HEADS:
        return None
    for prep in (c for c in subj.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "from")):
        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
            actor, _ = actor_of(ctx, pobj, "claim", None)
            if actor is not None and actor.inter not in (5, 6, 7):
                return actor
    return None


def _denies_violence(verb: Token) -> bool:
    return verb.lemma_.lower() == "deny" and any(t.lemma_.lower() in _VIOLENCE_LEMMAS for t in verb.subtree if t.i > verb.i)


def _source_name(ctx: ArticleActors, subj: Token) -> tuple[str, Actor | None]:
    actor, _ = actor_of(ctx, subj, "claim", None)
    if actor is None:
        actor = _speaker_for(ctx, subj) or _kb_covering(ctx, subj)
    # civilians, protesters, rioters (inter 7, 6, 5) are ACLED categories, not who speaks
    if actor and actor.inter not in (5, 6, 7):
        return actor.name, actor
    if actor:  # "local residents said": a source as the text names it, not an ACLED actor category
        span = subj.doc[subj.left_edge.i:subj.i + 1]
        return re.sub(r"^the\s+", "", span.text, flags=re.I), None
    if government := _government(ctx, subj):  # "the Somali government said" → Government of Somalia
        return government.name, None
    span = subj.doc[subj.left_edge.i:subj.i + 1]
    return span.text, None


_GOVERNMENT_HEADS = frozenset({"government", "authority", "authorities", "administration"})


def _government(ctx: ArticleActors, subj: Token) -> Actor | None:
    """ACLED's ``Government of <Country>`` for a government speaker, the country from a demonym before
    the head ("Somali government") or else the article's country; None for any other speaker."""
    if subj.lemma_.lower() not in _GOVERNMENT_HEADS:
        return None
    named = (ctx.kb.country_of_demonym(t.text) for t in subj.lefts if t.dep_ in ("amod", "compound", "nmod"))
    iso3 = next((c for c in named if c), None) or ctx.default_iso3
    return ctx.kb.generic("government", iso3)


def _accused_tokens(verb: Token) -> list[Token]:
    """Who is accused: the object ("blamed the RSF"); for "attributed the attack to X", X."""
    if verb.lemma_.lower() == "attribute":
        return [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children if p.dep_ == "pobj"]
    return [c for c in verb.children if c.dep_ == "dobj"]


def _accused(ctx: ArticleActors, verb: Token) -> Actor | None:
    for obj in _accused_tokens(verb):
        actor, _ = actor_of(ctx, obj, "actor1", None)
        if actor:
            return actor
    return None


# nouns that refer back to an already reported violent event ("the strike had been carried out by ...")
_EVENT_NOUNS = frozenset({"strike", "airstrike", "attack", "shelling", "shell", "bombing", "bomb", "raid", "assault",
                          "explosion", "blast", "killing", "massacre", "rocket", "missile", "drone", "shot", "fire",
                          "ambush", "operation", "responsibility", "involvement"})
_PERPETRATION = frozenset({"carry", "conduct", "fire", "launch", "commit", "perpetrate", "stage", "mount", "drop"})


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_NOT_THIS_ONE = frozenset({"such", "other", "previous", "past", "similar", "earlier", "many", "several"})
_HABITUAL = frozenset({"often", "frequently", "repeatedly", "usually", "regularly", "routinely", "previously",
                       "rarely", "seldom", "typically", "generally"})


def _names_event(tok: Token) -> bool:
    """'the strike', 'the shells', 'it' point back at the reported event; 'such attacks' does not."""
    if tok.lower_ == "it":
        return True
    if tok.lemma_.lower() not in _EVENT_NOUNS or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    mods = {c.lower_ for c in tok.children}
    return bool(mods & _DEFINITE) and not mods & _NOT_THIS_ONE


def _habitual(verb: Token) -> bool:
    """'officials have often blamed X for such attacks': a pattern, not this event's attribution."""
    return any(c.lower_ in _HABITUAL for c in verb.children) or "in the past" in verb.sent.text.lower()


def _accused_at(ctx: ArticleActors, tok: Token, verb: str) -> Actor | None:
    """The actor named by the phrase headed by ``tok``, with attribution evidence on it."""
    actor, _ = actor_of(ctx, tok, "actor1", None, located=False)
    if actor is None:
        return None
    off = int(tok.doc.user_data.get("offset", 0))
    start, end = off + tok.left_edge.idx, off + tok.right_edge.idx + len(tok.right_edge)
    ev = Evidence(start=start, end=end, text=ctx.text[start:end], field="actor1", rule="attribution:" + verb)
    return replace(actor, evidence=ev)


def _reported_perpetrator(ctx: ArticleActors, verb: Token) -> Actor | None:
    """'X said the strike had been carried out by Y', 'X said the shells were fired by Y', 'X said Y
    was behind the attack': the perpetrator a reporting verb's clause names for an event noun."""
    # the clause may hang off a noun ("said in a statement that the strike had been carried out by")
    clauses = [c for c in verb.subtree if c.i > verb.i and c.pos_ in ("VERB", "AUX")]
    if verb.dep_ in ("ccomp", "parataxis") and verb.head is not verb:
        clauses.append(verb.head)  # "the shells were fired by Y, X said"
    for clause in clauses:
        subj = [c for c in clause.children if c.dep_ in ("nsubjpass", "nsubj")]
        if clause.lemma_.lower() in _PERPETRATION and subj and _names_event(subj[0]):
            for agent in (c for c in clause.children if c.dep_ == "agent"):
                for pobj in (p for p in agent.children if p.dep_ == "pobj"):
                    return _accused_at(ctx, pobj, verb.lemma_.lower())
        if clause.lemma_.lower() == "be" and subj:
            behind = [p for c in clause.children if c.dep_ == "prep" and c.lower_ in ("behind",)
                      for p in c.children if p.dep_ == "pobj" and _names_event(p)]
            if behind:
                return _accused_at(ctx, subj[0], verb.lemma_.lower())
    return None


#: who acts for a speaking group ("its fighters", "the group's men") and what they did to claim an attack
_OWN_MEN = frozenset({"fighter", "men", "militant", "member", "unit", "mujahideen", "combatant", "force"})
_OWN_ACTS = frozenset({"carry", "fire", "launch", "attack", "target", "strike", "shell", "ambush", "mount", "conduct",
                       "stage", "bomb", "detonate", "raid", "shoot", "kill"})


def _own_men(subj: Token) -> bool:
    """'its fighters', 'their men', 'the group's fighters': the speaking group's own people."""
    if subj.lemma_.lower() not in _OWN_MEN:
        return False
    poss = [c for c in subj.children if c.dep_ == "poss"]
    return bool(poss) and (poss[0].lower_ in ("its", "their", "our")
                           or poss[0].lemma_.lower() in ("group", "movement", "organisation", "organization"))


def _says_own_men_did_it(verb: Token) -> bool:
    """'Hezbollah said its fighters had fired rockets at ...', 'a BIFF spokesman said the group's
    fighters had carried out the attack': a group telling of its own attack claims it."""
    for clause in (c for c in verb.subtree if c.i > verb.i and c.pos_ == "VERB"):
        subj = [c for c in clause.children if c.dep_ == "nsubj"]
        if subj and clause.lemma_.lower() in _OWN_ACTS and _own_men(subj[0]):
            return True
    return False


def _refers_to_event(verb: Token) -> bool:
    """Whether an accusation or denial is about the event ('of the attack', 'for the shelling', 'it')."""
    return any(_names_event(t) for t in verb.subtree if t.i > verb.i)


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
        if kind == "claimed_by" and _habitual(tok):  # "The BRN rarely claims attacks": a habit, not this claim
            continue
        denies = False
        if kind == "reported_by" and _DENIAL.search(doc.text[tok.idx:]):
            kind, denies = "denied_by", True  # "the TTP said that it was not involved"
        denies = denies or kind == "denied_by" and _denies_violence(tok)
        name, actor = _source_name(ctx, subj)
        if (kind == "reported_by" and actor is not None and actor.inter in (2, 3, 4) and not _habitual(tok)
                and _says_own_men_did_it(tok)):
            kind = "claimed_by"
        if actor is None:
            name = re.sub(r"^the\s+", "", name, flags=re.I)  # "The El Fasher Resistance Committee"
        start, end = off + min(tok.idx, subj.left_edge.idx), off + max(tok.idx + len(tok), subj.idx + len(subj))
        ev = Evidence(start=start, end=end, text=ctx.text[start:end], field=kind, rule="claim:" + tok.lemma_.lower())
        accused = _accused(ctx, tok) if kind == "attributed_by" else None
        refers = kind in ("attributed_by", "denied_by") and (_refers_to_event(tok) or denies) and not _habitual(tok)
        if kind == "reported_by" and not _habitual(tok) and (perp := _reported_perpetrator(ctx, tok)) is not None:
            kind, accused, refers = "attributed_by", perp, True
            ev = replace(ev, field=kind, rule="attribution:" + tok.lemma_.lower())
        elif accused is not None:
            accused = _accused_at(ctx, _accused_tokens(tok)[0], tok.lemma_.lower()) or accused
        out.append(FoundClaim(claim=Claim(kind=kind, source=name, evidence=ev), source_actor=actor, accused=accused,
                              refers=refers))
    return out
