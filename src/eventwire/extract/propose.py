"""Propose: one parsed candidate sentence in, event mention drafts out (rules propose, the typer decides).

``draft_mentions`` takes a parsed sentence and its article context; finds the trigger words, keeps the
asserted ones (modality, background and scope filters), groups them by the events the sentence's clauses
tell (``clauses``) and then by date, and for each group fills the rule outputs (means, cues, agent and
patient kinds, roles, figures, place) and asks the type decider (``classify``) for the sub-event type, or
none. It gives ``MentionDraft``s (one per asserted trigger group, i.e. per clause-told event and distinct
date in the sentence) and ``BackgroundMention``s. ``assemble`` turns the drafts of an article into events.
"""


from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from eventwire.extract import background as bg
from eventwire.extract import filters, role_head
from eventwire.extract import modality_head as mh
from eventwire.extract.casualties import CAMPAIGN_TOLL, Figure, find_figures
from eventwire.extract.classify import CROWD_FAMILIES, Proposal, RulesDecider, TypeDecider
from eventwire.extract.clauses import clause_span, event_clauses
from eventwire.extract.dates import DateMention, find_dates, recent_period
from eventwire.extract.detect import DETECT_VERSION, Fallback, armed_spans, signals
from eventwire.extract.negation import EVENT_STATUSES, Modality, governing_status, modality
from eventwire.extract.roles import ArticleActors, Roles, find_roles
from eventwire.extract.triggers import TriggerHit, cue_regex, cues, find_triggers
from eventwire.extract.typing import Mention, decide, means_families
from eventwire.geo.protocol import Geoparser
from eventwire.ingest.dates import DATELINE_WINDOW, dateline_date_span
from eventwire.model import Actor, Article, BackgroundMention, Evidence, Toponym

#: The article's toponyms, or a function that geoparses them on first call.
Toponyms = Sequence[Toponym] | Callable[[], Sequence[Toponym]]
_INTER_KIND = {1: "state", 2: "armed_group", 3: "armed_group", 4: "armed_group", 8: "armed_group",
               5: "rioters", 6: "protesters", 7: "civilians"}
_WEAPONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"\b(?:{p})", re.I)) for name, p in (
        ("drone", r"drones?|uavs?|unmanned aerial"), ("aircraft", r"warplanes?|war planes?|fighter jets?|jets?\b|aircraft|air ?strikes?|airstrik"),
        ("helicopter", r"helicopters?|gunships?"), ("artillery", r"artillery|howitzers?|shell(?:s|ed|ing)"),
        ("rocket", r"rockets?"), ("missile", r"missiles?"), ("mortar", r"mortars?"),
        ("IED", r"\bieds?\b|improvised explosive|roadside bombs?|explosive devices?"),
        ("landmine", r"landmines?|land mines?"), ("car bomb", r"car bombs?|vbieds?"),
        ("suicide vest", r"suicide vests?|explosive vests?|suicide bomb\w*"), ("grenade", r"grenades?"),
        ("firearm", r"gunfire|guns?\b|rifles?|opened fire|shot (?:dead|and killed)|gunmen"),
        ("knife", r"knives|knife|machetes?|stabb\w*"), ("chemical", r"chlorine|sarin|mustard gas|chemical weapons?|nerve agent|toxic gas|poison gas"),
    )
)
# triggers whose "after"/"amid" phrases tell how they happened ("killed after clashes")
_HOW_FAMILIES = frozenset({"kill", "injure", "attack", "abduct", "take_territory", "gov_regain", "explode"})
_NAME_ENTITIES = frozenset({"ORG", "GPE", "FAC", "NORP", "PERSON", "LOC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
_STATE_AGENT_FAMILIES = frozenset({"arrest", "gov_regain"})


#: The (timings dict, key) pairs a ``timed`` block of this thread is measuring now.
_TIMING = threading.local()


@contextmanager
def timed(timings: dict[str, float] | None, key: str) -> Iterator[None]:
    """Add the seconds spent in the block to ``timings[key]`` (when timings are asked for).

    A block inside another block of the same key adds nothing: the outer one counts those seconds
    already (the article's toponyms are parsed, under "geo", on first use inside the event-location
    block, also "geo": counted twice, the geo stage read about 1.8x its real time)."""
    active: set[tuple[int, str]] = _TIMING.__dict__.setdefault("active", set())
    mark = (id(timings), key)
    if timings is None or mark in active:
        yield
        return
    active.add(mark)
    start = time.perf_counter()
    try:
        yield
    finally:
        active.discard(mark)
        timings[key] = timings.get(key, 0.0) + time.perf_counter() - start


@dataclass(frozen=True, kw_only=True, slots=True)
class MentionDraft:
    """One event mention before merging; every value keeps its evidence."""

    sub_event_type: str
    type_rule: str
    status: str
    strength: float
    sentence: tuple[int, int]
    trigger: Evidence
    date: DateMention | None
    roles: Roles
    place: Toponym | None
    figures: tuple[Figure, ...]
    weapons: tuple[tuple[str, Evidence], ...]
    position: int = 0  # index of the sentence in the article (lead sentences come first)
    last_position: int = 0  # the latest sentence among merged mentions
    extra_evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    #: told only as a definite nominal ("the chemical attack", "Saturday's attack") with no "in/at X" of
    #: its own: its place comes from other words of the sentence, not from where it happened
    retelling: bool = False
    #: the learned typer's probability for the sub-type it chose (None: the rules decided alone)
    type_probability: float | None = None
    #: the typer's calibration (a, b, c): confidence = sigmoid(a·logit(p) + b·evidence score + c)
    type_curve: tuple[float, float, float] | None = None
    #: which of its sentence's clause-told events this is ("bombed a market in Idlib, while in Khartoum
    #: police arrested ..."; ``clauses.event_clauses``); None when the clauses tell one event
    clause_event: int | None = None


def _token_of(doc: Doc, hit: TriggerHit) -> Token | None:
    span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _nominal_excluded(tok: Token, has_day: bool) -> str | None:
    """'these strikes' refers back; 'recent attacks' summarises; 'a deadly 2017 chemical attack' is
    history: none is a new event."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    nouns = (tok, tok.head) if tok.dep_ in ("compound", "amod", "nmod") else (tok,)
    if any(re.fullmatch(r"(?:19|20)\d\d", c.text) for n in nouns for c in n.children
           if c.dep_ in ("nummod", "compound", "amod", "npadvmod", "nmod")):
        return "historical"  # "a deadly 2017 chemical weapons attack"
    words = {c.lower_ for c in tok.children if c.dep_ in ("det", "amod", "nummod", "compound")}
    if words & bg.ANAPHORIC_DETERMINERS and not has_day:
        return "anaphoric"
    if words & bg.SUMMARY_MODIFIERS and not has_day:
        return "summary"
    return None


def _clause_verb(tok: Token) -> Token | None:
    """The nearest verb governing ``tok`` (itself if it is one)."""
    for t in (tok, *tok.ancestors):
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _dates_of_other_clauses(trigger: Token, dates: Sequence[DateMention], off: int) -> set[int]:
    """Dates that modify a verb of another clause ("a statement released on Monday, saying its fighters
    had killed 30"): the verb is neither the trigger's clause nor one of its governors."""
    mine = _clause_verb(trigger)
    # a conjoined clause with its own subject is another clause ("Last night they bombed the hospital,
    # and last week they blew up the waterworks"): its dates are not the trigger's
    own = {t.i for t in trigger.subtree} - {t.i for c in trigger.children if _own_clause(c) for t in c.subtree}
    governors = {t.i for t in (trigger, *trigger.ancestors)} | own
    other = set()
    for d in dates:
        span = trigger.doc.char_span(d.start - off, d.end - off, alignment_mode="expand")
        verb = _clause_verb(span.root) if span is not None and len(span) else None
        if verb is not None and mine is not None and verb.i != mine.i and verb.i not in governors:
            other.add(d.start)
    return other


def _own_clause(tok: Token) -> bool:
    """A finite verb conjoined to the trigger with a subject of its own ("..., and last week they blew
    up the waterworks"); not a gapped one that shares the trigger's tense ("three were killed and four
    wounded on Monday": Monday is the day of both)."""
    finite = tok.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in tok.children)
    return tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and finite and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


_REPORTING = frozenset({"say", "report", "tell", "state", "announce", "confirm", "add", "claim", "allege", "write",
                        "publish", "release", "accuse", "deny"})


def _statement_date(trigger: Token, d: DateMention, off: int) -> bool:
    """The date modifies a reporting verb that governs the trigger ("reported on Wednesday that ...")."""
    span = trigger.doc.char_span(d.start - off, d.end - off, alignment_mode="expand")
    verb = _clause_verb(span.root) if span is not None and len(span) else None
    return verb is not None and verb.lemma_.lower() in _REPORTING and verb in trigger.ancestors


def _phrase_head(tok: Token) -> Token:
    """The noun a trigger word modifies ("chemical weapons attack", "car bomb attack": "attack"), so the
    whole nominal, not the modifier alone, decides whether it is retold and which dates are its own."""
    while tok.dep_ in ("compound", "amod") and tok.head is not tok and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    return tok


def _retold(tok: Token) -> bool:
    """'repelled the attack', 'claimed the attack', 'its troops had repelled': the trigger retells an
    event reported elsewhere (a definite nominal, or a past perfect inside reported speech)."""
    if tok.pos_ in ("NOUN", "PROPN"):  # the subject keeps its clause's date: "the attack occurred on Friday"
        head = _phrase_head(tok)
        return head.dep_ in ("dobj", "pobj") and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                                     for c in head.children)
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children)


_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "of", "on"})  # "the bombing of Afrin"
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


def _own_locative(head: Token) -> bool:
    """'the attack in Salisbury', 'the shelling of a market in Kharkiv': the nominal says where it happened."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE_PREPS:
            if any(t.ent_type_ in _PLACE_ENTITIES for t in prep.subtree):
                return True
    return False


def _definite_retelling(tok: Token) -> bool:
    """'the chemical attack', "Saturday's attack", 'the bombing': a definite nominal that names no place
    of its own; it retells an event, and the sentence's other places ("the attack ... Moscow denied") do
    not say where that event happened."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    head = _phrase_head(tok)
    definite = any((c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss"
                   for c in head.children)
    return definite and not _own_locative(head)


def _referred_to(tok: Token) -> bool:
    """'the bombing was condemned on Monday', 'called for an investigation into the attack on Friday': a
    nominal that a condemnation or inquiry only refers to; the dates around it are the statement's."""
    return tok.pos_ in ("NOUN", "PROPN") and modality(tok).status == "reference"


def _responsibility_for(tok: Token) -> bool:
    """'claimed responsibility for the attack': a claim about an event the article reports elsewhere."""
    prep = tok.head
    return (_retold(tok) and tok.dep_ == "pobj" and prep.lower_ == "for"
            and prep.head.lemma_.lower() in ("responsibility", "credit", "blame"))


def _date_in_subtree(tok: Token, d: DateMention, off: int) -> bool:
    lo = off + min(t.idx for t in tok.subtree)
    hi = off + max(t.idx + len(t) for t in tok.subtree)
    return lo <= d.start and d.end <= hi


def _date_for(hit: TriggerHit, tok: Token, hits: Sequence[TriggerHit], dates: Sequence[DateMention],
              off: int) -> DateMention | None:
    """The date of the trigger's segment (between neighbouring triggers), after it preferred; dates of
    other clauses are left out, and so are the report's dates for a retold event ("the army said on
    Sunday that its troops had repelled the attack": Sunday is the statement's day)."""
    if _responsibility_for(tok):
        return None  # "claimed responsibility for the attack in a statement on Monday": the statement's day
    skip = _dates_of_other_clauses(tok, dates, off)
    dates = [d for d in dates if d.start not in skip]
    statement = {d.start for d in dates if _statement_date(tok, d, off)}
    if statement and len(statement) < len(dates):
        # "The Sun reported on Wednesday that ... Jones was killed by a drone strike in June": the report's
        # day gives way to a date the event's own words carry
        dates = [d for d in dates if d.start not in statement]
    if _retold(tok) or _referred_to(tok):
        dates = [d for d in dates if _date_in_subtree(_phrase_head(tok), d, off)]
    if not dates:
        return None
    others = [h for h in hits if h.start != hit.start and h.family not in ("injure",)]
    lo = max([off + h.end for h in others if h.end <= hit.start] or [off])
    hi = min([off + h.start for h in others if h.start >= hit.end] or [10**12])
    inside = [d for d in dates if lo <= d.start and d.end <= hi]
    after = [d for d in inside if d.start >= off + hit.end]
    if after:
        return after[0]
    if inside:
        return inside[-1]
    return min(dates, key=lambda d: abs(d.start - (off + hit.start)))


def _weapons(sentence: str, off: int, text: str) -> tuple[tuple[str, Evidence], ...]:
    out = []
    for name, regex in _WEAPONS:
        m = regex.search(sentence)
        if m:
            out.append((name, Evidence(start=off + m.start(), end=off + m.end(), text=text[off + m.start():off + m.end()],
                                       field="weapons", rule="weapon:" + name)))
    return tuple(out)


def _kind(actor: Actor | None) -> str | None:
    return _INTER_KIND.get(actor.inter or 0) if actor else None


_STATE_SUBJECT = re.compile(r"\b(?:government|army|armed forces|troops|soldiers|military|security forces|"
                            r"police|troopers|national guard|gendarm\w*|marines)\b", re.I)
_NON_STATE_SUBJECT = re.compile(r"\b(?:rebels?|militants?|insurgents?|jihadists?|militias?|fighters|terrorists?|"
                                r"gunmen|opposition|islamic state|isis|isil|al-\w+)\b", re.I)


def _subject_kind(tokens: list[Token]) -> str | None:
    """'Yemeni government forces have recaptured new areas ... after clashes with the Houthis': who took
    the ground is the grammatical subject (or the passive's "by" agent), whoever else the sentence names."""
    for tok in tokens:
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
        for c in subj:
            text = " ".join(t.text for t in c.subtree)
            if _STATE_SUBJECT.search(text) and not _NON_STATE_SUBJECT.search(text):
                return "state"
            if _NON_STATE_SUBJECT.search(text):
                return "armed_group"
    return None


_SPEECH = frozenset({"say", "tell", "tweet", "announce", "report", "add", "state", "confirm", "claim", "write",
                     "warn", "insist", "deny", "accuse", "post"})


def _not_speakers(toponyms: Sequence[Toponym], doc: Doc, off: int) -> list[Toponym]:
    """Leave out place names that are the sentence's speakers ("..., Bali said"; "Washington said"):
    a person or a government talking, not where the event happened."""
    speakers = [(off + t.idx, off + t.idx + len(t)) for t in doc
                if t.dep_ == "nsubj" and t.head.lemma_.lower() in _SPEECH]
    return [t for t in toponyms if not any(s <= t.start < e for s, e in speakers)]


def _object_words(sentence: str, hit: TriggerHit) -> str:
    """A take-territory trigger with what follows it up to the next comma/clause ("took control over
    five more positions")."""
    tail = re.split(r"[,;.]| and | after | before | as ", sentence[hit.end:hit.end + 60])[0]
    return (hit.text + tail).strip()


def _cues_beside_agent(sentence: str, off: int, actor1: Actor | None) -> frozenset[str]:
    """The sentence's cues, where an armed target must be someone other than the agent: in "Gunmen shot
    dead a candidate" the gunmen are who attacked, not a second armed side."""
    found = cues(sentence)
    ev = actor1.evidence if actor1 is not None else None
    if "armed_target" not in found or ev is None or not (off <= ev.start and ev.end <= off + len(sentence)):
        return found
    rest = sentence[:ev.start - off] + " " * (ev.end - ev.start) + sentence[ev.end - off:]
    return found if cue_regex("armed_target").search(rest) else found - {"armed_target"}


def _roles_for(ctx: ArticleActors, tokens: list[Token], iso3: str | None, violent: bool,
               located: bool = True, parties: bool = False, crowd: bool = False) -> Roles:
    """Roles from the first trigger token that yields an actor; conservative coref only for violence;
    ``parties``: an agreement, whose conjoined subjects are its two sides; ``crowd``: the sentence tells
    a protest, riot or mob, whose violent people are rioters, not an armed group."""
    best = Roles()
    for tok in tokens:
        roles = find_roles(ctx, tok, iso3, coref_fallback=False, located=located, parties=parties)
        best = Roles(actor1=best.actor1 or roles.actor1, actor2=best.actor2 or roles.actor2,
                     rule1=best.rule1 or roles.rule1, rule2=best.rule2 or roles.rule2)
        if best.actor1 and best.actor2:
            break
    if violent and not crowd and best.actor1 is not None and best.actor1.inter == 7:
        # "two men on a motorcycle threw a bomb": whoever commits the violence is an armed actor, never
        # civilians (ACLED: civilians are only ever its victims); unnamed, an unidentified armed group
        best = replace(best, actor1=replace(ctx.kb.generic("armed_group", best.actor1.iso3),
                                            evidence=best.actor1.evidence), rule1="generic")
    if best.actor1 is None and violent and tokens:
        fallback = find_roles(ctx, tokens[0], iso3, coref_fallback=True, located=located)
        if fallback.actor1 and (best.actor2 is None or fallback.actor1.name != best.actor2.name):
            best = replace(best, actor1=fallback.actor1, rule1=fallback.rule1)
    return best


def _future_date(hit: TriggerHit, tok: Token, hits: Sequence[TriggerHit], dates: Sequence[DateMention],
                 off: int) -> bool:
    """The trigger's own date is still to come: what it tells is planned or scheduled."""
    date = _date_for(hit, tok, hits, dates, off) if any(d.future for d in dates) else None
    return date is not None and date.future


def _group_mentions(hits: list[tuple[TriggerHit, Token]], all_hits: list[TriggerHit], dates: list[DateMention],
                    off: int, toponyms: Toponyms = ()
                    ) -> dict[tuple[object, ...], list[tuple[TriggerHit, Token, DateMention | None]]]:
    """The sentence's triggers grouped into mentions: by the separate events its clauses tell
    (``clauses.event_clauses``: "bombed a market in Idlib, while in Khartoum police arrested ..."), then
    by date within each."""
    groups: dict[tuple[object, ...], list[tuple[TriggerHit, Token, DateMention | None]]] = {}

    def places() -> list[Toponym]:
        found = toponyms() if callable(toponyms) else toponyms
        return [replace(t, start=t.start - off, end=t.end - off) for t in found]

    events = event_clauses([tok for _, tok in hits], [hit.family for hit, _ in hits], places)
    for (hit, tok), event in zip(hits, events, strict=True):
        date = _date_for(hit, tok, all_hits, dates, off)
        date = None if date is not None and date.future else date  # a plan's day never dates an event
        key = (event, *((date.date_start, date.date_end) if date else (None, None)))
        groups.setdefault(key, []).append((hit, tok, date))
    return groups


def _draft_group(group: list[tuple[TriggerHit, Token, DateMention | None]], doc: Doc, context: bg.SentenceContext,
                 ctx: ArticleActors, geoparser: Geoparser, toponyms: Toponyms, figures: list[Figure],
                 statuses: dict[int, str], timings: dict[str, float] | None = None,
                 clause: tuple[int, int] | None = None, decider: TypeDecider | None = None,
                 modal_rules: dict[int, str] | None = None,
                 detected: float | None = None, own_words: bool = False,
                 clause_event: int | None = None) -> MentionDraft | None:
    """One mention draft of a trigger group, or None when the type decider finds no event. ``own_words``:
    the group is one of several events the sentence's clauses tell; its means, cues and weapons are read
    from its own clause where that clause names a means ("Russian missiles hit Kharkiv, and Ukrainian drones
    struck Belgorod"), else from the whole sentence, whose means it shares ("Azerbaijani forces shelled
    Martuni ..., while Baku said Armenian forces hit villages in Tartar")."""
    off, text = context.span[0], context.text
    clause = clause or context.span
    own_words = own_words and _names_means(group, text[clause[0]:clause[1]])
    sentence = text[clause[0]:clause[1]] if own_words else context.sentence
    words_off = clause[0] if own_words else off
    decider = decider or _RULES
    ordered = sorted(group, key=lambda g: (g[1].pos_ != "VERB", -g[0].strength))
    anchor_hit, date = ordered[0][0], next((g[2] for g in ordered if g[2]), None)
    anchor = (off + anchor_hit.start, off + anchor_hit.end)
    families = means_families(frozenset(h.family for h, _, _ in group),
                              frozenset(h.text.lower() for h, _, _ in group if h.family == "shell"), sentence)
    violent = bool(families - {"protest", "riot", "arrest", "agreement", "group_change", "hq", "withdraw", "disrupt"})
    tokens = [t for _, t, _ in ordered]
    # type first (actor kinds do not depend on the country), locate only real events: geo is the costly part
    parties = "agreement" in families and not violent
    crowd = bool(families & CROWD_FAMILIES)
    roles = _roles_for(ctx, tokens, None, violent, parties=parties, crowd=crowd)
    agent_kind = _kind(roles.actor1)
    if families & {"take_territory", "gov_regain"}:
        agent_kind = _subject_kind(tokens) or agent_kind
    mention = Mention(families=families, cues=_cues_beside_agent(sentence, words_off, roles.actor1),
                      trigger_words=frozenset(h.text.lower() for h, _, _ in group if h.family in ("attack", "kill")),
                      agent_kind=agent_kind, patient_kind=_kind(roles.actor2), casualties=bool(figures),
                      territory_words=frozenset(_object_words(context.sentence, h) for h, _, _ in group
                                                if h.family == "take_territory"))
    proposed = decide(mention)
    decision = decider.decide(Proposal(sentence=context.sentence, vector=context.vector, mention=mention,
                                       rule_type=proposed[0] if proposed else None,
                                       rule=proposed[1] if proposed else None, detected=detected,
                                       trigger=(anchor_hit.start, anchor_hit.end)))
    if decision.sub_event_type is None:
        return None
    # the draft's type_rule stays the rules' own name when the type is theirs: assembling reads it
    # ("territory:withdrawal" folds a takeover into a transfer); a type the typer chose is "model"
    kept = proposed is not None and decision.sub_event_type == proposed[0]
    type_rule = proposed[1] if kept and proposed is not None else "model"
    decided = (decision.sub_event_type, decision.rule)
    with timed(timings, "geo"):
        found = _not_attacker_demonyms(_not_speakers(toponyms() if callable(toponyms) else toponyms, doc, off),
                                       roles.actor1, ctx)
        place = geoparser.locate_event(text, found, sentence=clause, anchor=anchor) if found else None
    iso3 = place.place.iso3 if place and place.place else None
    if iso3 or ctx.default_iso3:
        roles = _roles_for(ctx, tokens, iso3, violent, located=event_country(place, ctx) is not None, parties=parties,
                           crowd=crowd)
    # the learned role head may overrule the rules' actor1 where it is sure (after typing: the typer's
    # features stay the rules' own)
    roles = role_head.refine(ctx, tokens[0], roles, iso3, located=event_country(place, ctx) is not None,
                             parties=parties, family=anchor_hit.family, sub_event_type=decided[0],
                             vector=context.vector, sentence_start=off)
    status = "reference" if all(statuses[h.start] == "reference" for h, _, _ in group) else "asserted"
    trig = Evidence(start=anchor[0], end=anchor[1], text=text[anchor[0]:anchor[1]], field="sub_event_type",
                    rule=("trigger:" + anchor_hit.family if detected is None else f"model:{DETECT_VERSION};p={detected:.2f}")
                    + ";" + decided[1]
                    + (";" + modal_rules[anchor_hit.start] if modal_rules and anchor_hit.start in modal_rules else ""))
    return MentionDraft(sub_event_type=decided[0], type_rule=type_rule, status=status,
                        strength=max(h.strength for h, _, _ in group), sentence=context.span, trigger=trig,
                        date=date, roles=roles, place=place, figures=tuple(figures),
                        weapons=_weapons(sentence, words_off, text), position=context.position,
                        last_position=context.position, retelling=all(_definite_retelling(t) for t in tokens),
                        type_probability=decision.probability, type_curve=decision.curve, clause_event=clause_event)


_RULES = RulesDecider()
#: trigger families that name the means of violence themselves (TAXONOMY: the means decides the sub-type)
_MEANS_FAMILIES = frozenset({"air", "shell", "suicide", "ied", "grenade", "chem"})


def _names_means(group: list[tuple[TriggerHit, Token, DateMention | None]], words: str) -> bool:
    """Whether a clause tells its own means: a means trigger of its group, or a weapon word."""
    return any(h.family in _MEANS_FAMILIES for h, _, _ in group) or any(r.search(words) for _, r in _WEAPONS)


def _previous_day(context: bg.SentenceContext, pub: dt.date | None) -> dt.date | None:
    """The last single day the previous sentence names: what "a day earlier" in this one counts from."""
    if context.previous is None:
        return None
    days = [d for d in find_dates(context.previous_sentence, context.previous[0], pub)
            if d.precision == 1 and d.date_start == d.date_end and not d.future]
    return days[-1].date_start if days else None


def draft_mentions(doc: Doc, context: bg.SentenceContext, article: Article, ctx: ArticleActors,
                   geoparser: Geoparser, toponyms: Toponyms,
                   timings: dict[str, float] | None = None,
                   decider: TypeDecider | None = None, modality_head: mh.ModalityHead | bool = True,
                   trace: list[TriggerTrace] | None = None,
                   fallback: Fallback | None = None) -> tuple[list[MentionDraft], list[BackgroundMention]]:
    """Event mention drafts and background mentions of one parsed candidate sentence.

    ``modality_head``: True uses the shipped learned modality head (if installed), False the rules alone;
    ``trace``, when given, receives each judged trigger's features and verdicts (training records these).
    Where the rules propose nothing (no trigger kept, none told as background, none set aside as negated,
    threatened, planned or hypothetical), ``fallback`` (the learned detector) may still make it one.
    """
    off, sentence = context.span[0], context.sentence
    all_hits = find_triggers(sentence)
    dates = find_dates(sentence, off, article.date, anchor=_previous_day(context, article.date))
    # a future day the text does not speak of as to come ("attacked the town on 17 January" in a report
    # dated 15 January) contradicts the publication date: it dates nothing
    dates = [d for d in dates if d.ahead or not d.future]
    if off < DATELINE_WINDOW and (line := dateline_date_span(context.text)) is not None:
        # "YANGON, May 20 (Reuters) -": the day the reporter filed, not the day of what the lead tells
        dates = [d for d in dates if not (line[0] <= d.start < line[1])]
    has_day = any(d.precision == 1 and not d.future for d in dates)
    pub_year = article.date.year if article.date else None
    marker = bg.is_background(context, pub_year) or recent_period(sentence)  # "in recent days": a summary
    if not dates and not marker:
        marker = bg.narrative_year(context, pub_year)
    has_figures = bool(find_figures(sentence, off))
    # "have been killed in the bombardment of Afrin": the words of a campaign's toll tell no one event
    tolls = [] if has_day else [m.span() for m in CAMPAIGN_TOLL.finditer(sentence)]
    if article.date and dates and all(d.precision == 3 and (article.date - d.date_end).days > 60 for d in dates) \
            and not bg.documented_finding(sentence):
        # "in February 2022": a month long past is context, not this report's news, unless the sentence
        # brings it to light ("UN monitors documented that soldiers raped a woman ... in March 2022")
        marker = marker or bg.HISTORICAL
    judged = _rule_verdicts(doc, context, all_hits, dates, tolls, has_day=has_day, has_figures=has_figures,
                            marked=bool(marker and not has_day))
    cues_of = mh.SentenceCues(has_day=has_day, has_date=bool(dates), own_date=False,
                              future_date=any(d.future for d in dates), has_figures=has_figures,
                              marker=marker.group() if marker else None, position=context.position, pub_year=pub_year)
    head = mh.load_head() if modality_head is True else (modality_head or None)
    kept: list[tuple[TriggerHit, Token]] = []
    told: list[TriggerHit] = []  # real events told as context: background mentions
    marked: list[TriggerHit] = []  # events a background marker of the sentence makes context
    statuses: dict[int, str] = {}
    decided: dict[int, str] = {}  # trigger start → the modality head's rule string
    finals: list[str] = []  # each judged trigger's final modality class
    for j in judged:
        names = mh.features(j.tok, j.verdict, j.modal, replace(cues_of, own_date=j.own_date)) \
            if head is not None or trace is not None else []
        decision = head.decide(names, j.verdict) if head is not None else None
        final = decision.cls if decision is not None else j.verdict.cls
        finals.append(final)
        if trace is not None:
            trace.append(TriggerTrace(start=j.hit.start, end=j.hit.end, text=j.hit.text, features=tuple(names),
                                      verdict=j.verdict, decided=final))
        if decision is not None:
            decided[j.hit.start] = decision.rule
        if final == mh.ASSERTED:
            statuses[j.hit.start] = j.verdict.status if j.verdict.status in EVENT_STATUSES else "asserted"
            kept.append((j.hit, j.tok))
        elif final == mh.BACKGROUND and j.verdict.why == "marker":
            marked.append(j.hit)
        elif final == mh.BACKGROUND and (j.verdict.why != "context" or j.verdict.cls != mh.BACKGROUND):
            told.append(j.hit)  # a context mention joined to no event is dropped, as the rules do
    if not kept:
        shown = marked or told
        if shown:
            return [], [_background(context, shown, sentence, decided)]
        # a trigger set aside as negated, threatened, planned or hypothetical: the sentence said so
        if fallback is None or any(f in (mh.NEGATED, mh.PLANNED, mh.HYPOTHETICAL) for f in finals):
            return [], []
        p = fallback.consider(sentence, signals(sentence, lambda: armed_spans(ctx.matches, context.span)),
                              context.vector or (lambda: None))
        if p is None:
            return [], []
        return detected_mentions(doc, context, article, ctx, geoparser, toponyms, p, timings, decider), []
    # the campaign's toll ("At least 250 civilians have been killed in the bombardment") counts no event
    figures = [f for f in find_figures(sentence, off)
               if not any(f.start - off < b and f.end - off >= a - 1 for a, b in tolls)]
    drafts = []
    groups = _group_mentions(kept, all_hits, dates, off, toponyms)
    split = len({key[0] for key in groups}) > 1  # the clauses tell separate events
    for key, group in groups.items():
        clause = _clause_of(group, groups, context.span, off, split=split) if len(groups) > 1 else context.span
        mine = figures if len(groups) == 1 else [f for f in figures if _nearest_group(f, groups) is group]
        draft = _draft_group(group, doc, context, ctx, geoparser, toponyms, mine, statuses, timings, clause, decider,
                             decided, own_words=split,
                             clause_event=key[0] if split and isinstance(key[0], int) else None)
        if draft:
            drafts.append(draft)
    return drafts, []


#: statuses a sentence's main verb may carry and still tell an event ("accused X of shelling": a claim
#: the detector's sentence itself reports; "condemned the attack": a reference)
_DETECTED_OK = frozenset({*EVENT_STATUSES, "claim"})


#: verbs that report what another clause tells ("..., the army said"): that clause holds the event
_REPORTING = frozenset({"say", "tell", "report", "add", "state", "confirm", "write", "explain", "note"})
#: the means a weapon word names, as the trigger family that names it (TAXONOMY: the means decides the
#: sub-type); the detector's mention takes it so the rules' typing and the typer read it as usual
_MEANS_FAMILY = {"drone": "air", "aircraft": "air", "helicopter": "air", "artillery": "shell", "rocket": "shell",
                 "missile": "shell", "mortar": "shell", "IED": "ied", "landmine": "ied", "car bomb": "ied",
                 "suicide vest": "suicide", "grenade": "grenade", "chemical": "chem"}


def _predicate(doc: Doc) -> Token | None:
    """The sentence's main predicate: the root verb (the reported clause's verb under "said"), or the
    first verb under a verbless root ("Explosion in Idlib: three dead")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    if root.pos_ in ("VERB", "AUX"):
        if root.lemma_.lower() in _REPORTING:
            told = next((c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX")), None)
            return told or root
        return root
    return next((t for t in root.subtree if t.pos_ == "VERB"), root)


def detected_mentions(doc: Doc, context: bg.SentenceContext, article: Article, ctx: ArticleActors,
                      geoparser: Geoparser, toponyms: Toponyms, p: float,
                      timings: dict[str, float] | None = None,
                      decider: TypeDecider | None = None) -> list[MentionDraft]:
    """The mention of a sentence the detector found (p ≥ its threshold) where no rule proposed one.

    Its trigger evidence is the main predicate; modality is read on it as on any trigger (negated,
    threatened, planned, hypothetical, called for or denied: no event), and so are the background
    markers and the plan of a future date. The typer decides the sub-type, NONE included.
    """
    off, sentence = context.span[0], context.sentence
    tok = _predicate(doc)
    if tok is None or governing_status(tok) in ("threat", "plan", "call", "denied", "hypothetical"):
        return []
    if modality(tok).status not in _DETECTED_OK:
        return []
    dates = [d for d in find_dates(sentence, off, article.date, anchor=_previous_day(context, article.date))
             if d.ahead or not d.future]
    if any(d.future for d in dates):
        return []  # a day still to come: a plan or a schedule
    has_day = any(d.precision == 1 for d in dates)
    pub_year = article.date.year if article.date else None
    marker = bg.is_background(context, pub_year) or recent_period(sentence)
    if (marker or (not dates and bg.narrative_year(context, pub_year))) and not has_day:
        return []  # history or a summary, told as context
    start = tok.idx  # a sentence doc: offsets are the sentence's own
    means = [_MEANS_FAMILY[name] for name, _ in _weapons(sentence, off, context.text) if name in _MEANS_FAMILY]
    hit = TriggerHit(family=means[0] if means else "detected", start=start, end=start + len(tok.text), text=tok.text,
                     strength=0.5)
    date = _date_for(hit, tok, [hit], dates, off)
    tolls = [] if has_day else [m.span() for m in CAMPAIGN_TOLL.finditer(sentence)]
    figures = [f for f in find_figures(sentence, off) if not any(f.start - off < b and f.end - off >= a - 1 for a, b in tolls)]
    draft = _draft_group([(hit, tok, date)], doc, context, ctx, geoparser, toponyms, figures,
                         {hit.start: "asserted"}, timings, None, decider, detected=p)
    return [draft] if draft else []


def _background(context: bg.SentenceContext, hits: Sequence[TriggerHit], sentence: str,
                modal_rules: dict[int, str] | None = None) -> BackgroundMention:
    """A background mention, typed from its trigger families and cues where that is possible; its rule
    is the modality head's decision on the first trigger (empty when the rules decided alone)."""
    decided = decide(Mention(families=frozenset(h.family for h in hits), cues=cues(sentence),
                             trigger_words=frozenset(h.text.lower() for h in hits if h.family in ("attack", "kill"))))
    rule = next((modal_rules[h.start] for h in hits if modal_rules and h.start in modal_rules), "")
    return BackgroundMention(text=sentence, start=context.span[0], end=context.span[1],
                             sub_event_type=decided[0] if decided else None, rule=rule)


@dataclass(frozen=True, kw_only=True, slots=True)
class TriggerTrace:
    """One judged trigger (sentence offsets), its head features, the rules' verdict and the final class."""

    start: int
    end: int
    text: str
    features: tuple[str, ...]
    verdict: mh.RuleVerdict
    decided: str


@dataclass(frozen=True, kw_only=True, slots=True)
class _Judged:
    hit: TriggerHit
    tok: Token
    modal: Modality
    verdict: mh.RuleVerdict
    own_date: bool


def _rule_verdicts(doc: Doc, context: bg.SentenceContext, all_hits: list[TriggerHit], dates: list[DateMention],
                   tolls: list[tuple[int, int]], *, has_day: bool, has_figures: bool, marked: bool) -> list[_Judged]:
    """The rules' verdict on every trigger that names an event at all (names and junk are left out): the
    modality status and the background filters, as one class with the rule that decided it. Context
    mentions come last, each joined to the asserted trigger that governs it ("killed after clashes")."""
    off = context.span[0]
    families = frozenset(h.family for h in all_hits)
    spans = [(h.start, h.end) for h in all_hits]
    judged: list[_Judged] = []
    pending: list[_Judged] = []
    for hit in all_hits:
        tok = _token_of(doc, hit)
        if tok is None or tok.ent_type_ in _NAME_ENTITIES:
            continue  # "National Liberation Army", "Operation Protective Edge": part of a name
        if filters.junk_reason(tok, hit.text, hit.family, families, has_figures, spans):
            continue
        modal = modality(tok)
        status = modal.status
        locked = status == "claim" and (has_day or has_figures)
        if locked:
            status = "reference"  # a claimed attack the sentence itself dates or counts is an event
        own_dates = bool(dates) and len(_dates_of_other_clauses(tok, dates, off)) < len(dates)
        why, cls = "asserted", mh.ASSERTED
        nominal = _nominal_excluded(tok, has_day)
        reason = None if nominal or status not in EVENT_STATUSES else filters.background_reason(
            tok, has_date=own_dates, has_figures=has_figures, position=context.position,
            date_spans=[(d.start - off, d.end - off) for d in dates], family=hit.family)
        if any(a <= hit.start < b for a, b in tolls):
            why, cls = "toll", mh.BACKGROUND
        elif nominal:
            why, cls = "nominal:" + nominal, mh.BACKGROUND
        elif reason:
            why, cls = "filter:" + reason, mh.BACKGROUND
        elif status == "context":
            why, cls = "context", mh.BACKGROUND
        elif status in EVENT_STATUSES and _future_date(hit, tok, all_hits, dates, off):
            # "protesters rally on Saturday" in a Thursday report: a plan, not an event (as "plan to")
            why, cls = "future_date", mh.PLANNED
        elif status not in EVENT_STATUSES:
            why, cls = "status:" + status, mh.STATUS_CLASS.get(status, mh.BACKGROUND)
        item = _Judged(hit=hit, tok=tok, modal=modal, own_date=own_dates,
                       verdict=mh.RuleVerdict(cls=cls, why=why, status=status, locked=locked, marked=marked))
        (pending if why == "context" else judged).append(item)
    # "soldiers were killed after fierce clashes": the clash is how this event happened, not a separate
    # one; a context mention governed by an asserted trigger joins it, any other is background
    kept_tokens = {j.tok.i for j in judged if j.verdict.cls == mh.ASSERTED and j.hit.family in _HOW_FAMILIES}
    for j in pending:
        if any(a.i in kept_tokens for a in j.tok.ancestors):
            j = replace(j, verdict=replace(j.verdict, cls=mh.ASSERTED, why="context:joined"))
        judged.append(j)
    if marked:  # a background marker and no day: what the sentence asserts is context
        judged = [replace(j, verdict=replace(j.verdict, cls=mh.BACKGROUND, why="marker"))
                  if j.verdict.cls == mh.ASSERTED else j for j in judged]
    return judged


def _clause_of(group: list[tuple[TriggerHit, Token, DateMention | None]],
               groups: dict[tuple[object, ...], list[tuple[TriggerHit, Token, DateMention | None]]],
               sentence: tuple[int, int], off: int, *, split: bool = False) -> tuple[int, int]:
    """The stretch of a sentence that belongs to one of its events ("targeted Ovda on March 26,
    followed by an attack on Speer on March 27"): bounded by the other events' triggers and dates.
    ``split``: the sentence's clauses tell separate events (the groups' keys hold more than one)."""
    first = off + min(h.start for h, _, _ in group)
    last = off + max(h.end for h, _, _ in group)
    own_dates = {id(d) for _, _, d in group if d is not None}
    marks: list[tuple[int, int]] = []
    for other in groups.values():
        if other is group:
            continue
        marks += [(off + h.start, off + h.end) for h, _, _ in other]
        marks += [(d.start, d.end) for _, _, d in other if d is not None and id(d) not in own_dates]
    start = max([e for _, e in marks if e <= first] or [sentence[0]])
    end = min([b for b, _ in marks if b >= last] or [sentence[1]])
    # a clause told apart as another event ends where its words end ("bombed a market in Idlib on Monday,
    # while in Khartoum police arrested ...": Khartoum is the second clause's)
    tokens = [t for _, t, _ in group]
    own = clause_span(tokens, range(len(tokens))) if split else None
    if own is not None and off + own[0] < end and off + own[1] > start:
        start, end = max(start, off + own[0]), min(end, off + own[1])
    return start, end


def _nearest_group(fig: Figure, groups: dict[tuple[object, ...], list[tuple[TriggerHit, Token, DateMention | None]]]) -> object:
    def distance(group: list[tuple[TriggerHit, Token, DateMention | None]]) -> int:
        return min(abs(fig.start - (h.start + int(t.doc.user_data.get("offset", 0)))) for h, t, _ in group)
    return min(groups.values(), key=distance)


# ------------------------------------------------------------------------------------------ events



def _not_attacker_demonyms(found: list[Toponym], actor1: Actor | None, ctx: ArticleActors) -> list[Toponym]:
    """Toponyms without actors' demonyms: "a Russian air strike", "Russian warplanes" say who, not where."""
    spans = [(m.start, m.end) for m in ctx.matches]
    if actor1 is not None and actor1.evidence is not None:
        spans.append((actor1.evidence.start, actor1.evidence.end))
    return [t for t in found if not (t.place is not None and any(s <= t.start and t.end <= e for s, e in spans)
                                     and event_country(t, ctx) is None)]


def event_country(place: Toponym | None, ctx: ArticleActors) -> str | None:
    """The country where the event happened, or None when the place is only a demonym's country.

    "Israeli troops shot dead two Palestinian civilians": the geoparser may place this in Israel from
    the attacker's adjective, which says who attacked, not where; generic victims must not take it.
    """
    if place is None or place.place is None or not place.place.iso3:
        return None
    said = place.text.strip().lower()
    named = {n.lower() for n in (place.place.name, place.place.country) if n}
    word = place.text.strip()
    # "US", "UK", "DRC" are names used as nouns ("in the DRC"); a demonym is a word like "Israeli"
    if said not in named and not word.isupper() and place.place.precision == 3 and ctx.kb.country_of_demonym(word):
        return None
    return place.place.iso3


