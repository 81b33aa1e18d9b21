"""Actors named by a noun the rules' generic heads do not read: extra candidates for the learned role head.

The rules (``roles.actor_of``) know a fixed set of generic head nouns ("gunmen", "troops", "police").
News names armed actors by more words than that, and the role head can only choose a span that is a
candidate. These readers give such spans an actor; they run only where ``actor_of`` found none, and
only for the head's candidates (after typing: the typer's features stay the rules' own).

- **State units and arms** ("a junta column", "Rangers", "a contingent", "air defences", "the air
  defense systems"): the state's armed forces (ACLED: ``Military Forces of <Country>``), of the country
  the phrase names ("Pakistani Rangers", "Pakistan's Rangers"), else of the event's country. A junta
  is a military government: the forces of the country it rules.
- **Armed groups named by a collective noun and what makes them armed** ("armed groups", "terrorist
  elements", "the armed terrorist groups", "opposition factions") and nouns that are armed non-state
  actors by themselves ("separatists", "miscreants", "mujahideen"): an unidentified armed group of the
  event's country, as ACLED codes an armed group the text does not name.
- **A state's government** ("the government imposed a curfew", "Authorities imposed a curfew", "the
  provincial government"): the rules read a government only as a party to talks; ACLED names a
  government that acts by decree (curfews, martial law, agreements) ``Government of <Country>``, and
  authorities who arrest people by the state force that does it, the country's police.
- **A state named as a party by its own name** ("Russia and Ukraine signed a deal", "Russia and
  Ukraine exchanged prisoners"): its government where the event is an agreement, else its forces; the
  rules read a country name only as the subject itself, never the second of two coordinated subjects
  nor, for agreements, at all.
- **What a state owns** ("India's NIA", "Israel's Iron Dome", "the junta's jets"): in "X's Y" the
  possessed Y is the actor and X only says whose it is, so the actor's words are the whole phrase and
  its name the owner state's forces (the rules read the owner word alone).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from eventwire.extract.roles import GENERIC_KINDS, ArticleActors, np_span
from eventwire.model import Actor, Evidence

# nouns naming a state's armed unit or arm; the rules' generic heads already read troops, unit,
# battalion, brigade, division
STATE_UNIT_NOUNS = frozenset({"junta", "column", "contingent", "detachment", "squad", "platoon", "squadron",
                              "ranger"})
# "air defence(s)", "air defense systems": the arm that intercepts, named by "air" and "defence"
_DEFENCE_WORDS = frozenset({"defence", "defense", "defences", "defenses"})
_SYSTEM_NOUNS = frozenset({"system", "systems", "defence", "defense", "defences", "defenses", "unit", "units"})
# collective nouns that name an armed group only with a modifier that says it is armed
GROUP_NOUNS = frozenset({"group", "element", "faction", "outfit", "cell", "cadre", "band"})
ARMED_MODIFIERS = frozenset({"armed", "terrorist", "terror", "militant", "jihadist", "jihadi", "criminal", "rebel",
                             "insurgent", "extremist", "islamist", "separatist", "opposition", "maoist", "gunmen",
                             "bandit", "outlaw", "unidentified", "unknown"})
# nouns that are armed non-state actors by themselves
ARMED_NOUNS = frozenset({"separatist", "miscreant", "mujahideen", "mujahid", "mujahedeen"})
# a state word owning a means or unit ("the junta's jets", "the army's drones"): the state's own forces
_STATE_OWNERS = frozenset({"junta", "army", "military", "regime", "government"})
# what a state owns that is a place, not a force ("Ukraine's Kharkiv region", "Russia's border")
_PLACE_NOUNS = frozenset({"region", "province", "oblast", "state", "district", "city", "town", "village", "capital",
                          "border", "territory", "coast", "port", "airport", "island", "county", "area", "north",
                          "south", "east", "west", "embassy", "consulate", "parliament", "election"})
# entity types that are places, people or times, never an armed actor's name
_NOT_ACTOR_ENTS = frozenset({"GPE", "LOC", "PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "EVENT", "MONEY",
                             "PERCENT", "QUANTITY", "LAW", "LANGUAGE", "WORK_OF_ART"})


def _offset(tok: Token) -> int:
    return int(tok.doc.user_data.get("offset", 0))


def _phrase_evidence(ctx: ArticleActors, tok: Token, rule: str) -> Evidence:
    span, off = np_span(tok), _offset(tok)
    dash = [t.i for t in span if t.i < tok.i and t.text in ("-", "—", "–")]
    if dash:  # a dateline parsed into the phrase: "JOS, Nigeria - Armed groups"
        span = tok.doc[dash[-1] + 1:span.end]
    start, end = off + span.start_char, off + span.end_char
    return Evidence(start=start, end=end, text=ctx.text[start:end], field="actor1", rule=rule)


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    # a capitalised plural parsed as a proper noun keeps its "s" ("Rangers arrested")
    return lemma[:-1] if tok.pos_ == "PROPN" and lemma.endswith("s") and lemma[:-1] in STATE_UNIT_NOUNS else lemma


def _named_country(ctx: ArticleActors, tok: Token) -> str | None:
    """A country the phrase names on its head word: a demonym modifier ("Pakistani Rangers") or a
    possessor ("Pakistan's Rangers")."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "poss") and c.text[:1].isupper():
            iso3 = ctx.kb.country_of_demonym(c.text)
            if iso3:
                return iso3
    return None


def _state_forces(ctx: ArticleActors, tok: Token, iso3: str | None, rule: str) -> Actor | None:
    country = _named_country(ctx, tok) or iso3 or ctx.default_iso3
    actor = ctx.kb.generic("military", country)
    return replace(actor, evidence=_phrase_evidence(ctx, tok, f"{rule};country:{country or 'none'}"))


def state_unit(ctx: ArticleActors, tok: Token, iso3: str | None) -> Actor | None:
    """"a junta column", "Rangers", "air defences", "the air defense systems": the state's forces."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = _lemma(tok)
    modifiers = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    air_defence = (tok.lower_ in _DEFENCE_WORDS and "air" in modifiers) or (
        tok.lower_ in _SYSTEM_NOUNS and any(
            c.dep_ in ("compound", "amod", "nmod") and c.lower_ in _DEFENCE_WORDS
            and any(g.lower_ == "air" for g in c.children) for c in tok.children))
    if not (lemma in STATE_UNIT_NOUNS or air_defence):
        return None
    if any(c.dep_ == "compound" and c.pos_ == "PROPN" and not ctx.kb.country_of_demonym(c.text)
           for c in tok.children):
        # a unit with a name of its own that is no state's ("the Dagoberto Ramos column": FARC dissidents
        # name their columns and fronts after people): a non-state armed group the text names
        actor = ctx.kb.generic("armed_group", iso3 or ctx.default_iso3)
        return replace(actor, evidence=_phrase_evidence(ctx, tok, "nominal:named_unit"))
    return _state_forces(ctx, tok, iso3, "nominal:state_unit")


def armed_collective(ctx: ArticleActors, tok: Token, iso3: str | None) -> Actor | None:
    """"armed groups", "terrorist elements", "separatists", "miscreants": an unidentified armed group."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = tok.lemma_.lower()
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
    armed = lemma in ARMED_NOUNS or tok.lower_ in ARMED_NOUNS or (
        lemma in GROUP_NOUNS and (mods & ARMED_MODIFIERS or any(m.endswith(("-backed", "-linked", "-aligned"))
                                                                 for m in mods)))
    if not armed:
        return None
    if any(t.pos_ == "PROPN" for c in tok.children if c.dep_ == "prep" for t in c.subtree):
        return None  # "armed groups ..., including Radaa Special Deterrence Forces": the named ones act
    actor = ctx.kb.generic("armed_group", iso3 or ctx.default_iso3)
    return replace(actor, evidence=_phrase_evidence(ctx, tok, "nominal:armed_group"))


def state_possession(ctx: ArticleActors, tok: Token, iso3: str | None) -> Actor | None:
    """"India's NIA", "Israel's Iron Dome", "the junta's jets": what a state owns is its forces' arm,
    with the whole phrase as the actor's words. Places, people and civilian things are left alone."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in _NOT_ACTOR_ENTS:
        return None
    lemma = tok.lemma_.lower()
    if GENERIC_KINDS.get(lemma) in ("civilians", "protesters", "rioters"):
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    if owner.text[:1].isupper() and ctx.kb.country_of_demonym(owner.text):
        # a name of its own ("NIA", "Iron Dome", "Arrow system") or a unit noun: the state's arm
        names = [t for t in (tok, *(c for c in tok.children if c.dep_ == "compound")) if t.pos_ == "PROPN"]
        if any(t.ent_type_ in _NOT_ACTOR_ENTS for t in names) or lemma in _PLACE_NOUNS:
            return None  # "Ukraine's Kharkiv region", "Israel's Netanyahu": a place or a person
        named = bool(names)
        if named or _lemma(tok) in STATE_UNIT_NOUNS:
            return _state_forces(ctx, tok, iso3, "nominal:possessed")
        return None
    if owner.lower_ in _STATE_OWNERS and GENERIC_KINDS.get(lemma) == "military":
        # "the junta's jets", "the army's drones": the forces of the event's country
        return _state_forces(ctx, tok, iso3, "nominal:possessed")
    return None


_GOVERNMENT_HEADS = frozenset({"government", "authorities", "administration", "cabinet", "presidency"})
# the strategic developments a government carries out by decree or signature; a government is never the
# perpetrator of violence (ACLED: its forces are)
GOVERNMENT_EVENTS = frozenset({"Agreement", "Arrests", "Change to group/activity", "Other",
                               "Non-violent transfer of territory", "Headquarters or base established"})


def state_government(ctx: ArticleActors, tok: Token, iso3: str | None, *, arrests: bool = False) -> Actor | None:
    """"the government", "Authorities", "Myanmar's government": the government of the country the
    phrase names, else of the event's country."""
    if tok.pos_ not in ("NOUN", "PROPN") or not {tok.lemma_.lower(), tok.lower_} & _GOVERNMENT_HEADS:
        return None
    if tok.lower_ in ("administration", "presidency") and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return None  # "the administration of Sinjar district": the act of administering
    country = _named_country(ctx, tok) or iso3 or ctx.default_iso3
    # authorities who arrest are the country's police (ACLED codes arrests by its state forces)
    actor = ctx.kb.generic("police" if arrests else "government", country)
    return replace(actor, evidence=_phrase_evidence(ctx, tok, f"nominal:government;country:{country or 'none'}"))


def _subject(tok: Token) -> bool:
    """``tok`` is the subject of its clause or conjoined to it ("Russia and Ukraine signed")."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")


def state_by_name(ctx: ArticleActors, tok: Token, *, parties: bool) -> Actor | None:
    """A country name as a subject: its government for an agreement (``parties``), else its forces."""
    if tok.ent_type_ != "GPE" or tok.pos_ != "PROPN" or not _subject(tok):
        return None
    span = np_span(tok)
    if len(span) > 2:  # a place described ("the Kharkiv region"), not a state
        return None
    country = ctx.kb.country_of_demonym(span.text.removeprefix("the ").removeprefix("The "))
    if country is None:
        return None
    actor = ctx.kb.generic("government" if parties else "military", country)
    return replace(actor, evidence=_phrase_evidence(ctx, tok, "nominal:state_named"))


def nominal_actor(ctx: ArticleActors, tok: Token, iso3: str | None, *, parties: bool = False,
                  sub_event_type: str = "") -> tuple[Actor | None, str]:
    """``tok``'s phrase as an actor the rules do not read, with how it names one, else (None, "")."""
    for reader, how in ((state_possession, "possessed"), (state_unit, "state_unit"),
                        (armed_collective, "armed_collective")):
        actor = reader(ctx, tok, iso3)
        if actor is not None:
            return actor, how
    if (parties or sub_event_type in GOVERNMENT_EVENTS) and (
            gov := state_government(ctx, tok, iso3, arrests=sub_event_type == "Arrests")) is not None:
        return gov, "government"
    named = state_by_name(ctx, tok, parties=parties)
    return (named, "state_named") if named is not None else (None, "")
