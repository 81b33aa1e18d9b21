"""Who did it to whom: actor1 / actor2 from the dependency parse, the actor KB and simple coreference.

Takes a trigger token (inside a parsed sentence doc whose ``user_data["offset"]`` is the sentence's
article offset), the article's actor-KB matches and a default country; gives ``Roles`` with canonical
``Actor``s, each carrying its evidence span. Agent/patient come from nsubj/dobj, the passive
``by``-agent and nsubjpass, "on"/"against"/"targeted" objects, possessives and demonyms ("Israeli
airstrikes"); appositions are read too; "the group", "the militants", "it" resolve to the last named
armed actor mentioned before the trigger. A weapon or attack as subject ("Russian missiles struck") is
owned by its modifier or "by" agent. With no agent at all, the nearest name is borrowed only from this
sentence and the two before, never from a source ("the UN said"), nor across "Separately,".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from spacy.tokens import Span, Token

from eventwire.model import Actor, Evidence


class ActorMatchLike(Protocol):
    """An actor mention found by the KB (``eventwire.extract.actors.ActorMatch``)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def actor(self) -> Actor: ...


class ActorKBLike(Protocol):
    """The slice of ``eventwire.extract.actors.ActorKB`` extraction uses."""

    def find(self, text: str) -> Sequence[ActorMatchLike]: ...

    def generic(self, kind: str, iso3: str | None) -> Actor: ...

    def country_of_demonym(self, word: str) -> str | None: ...


# head lemma → generic actor kind
GENERIC_KINDS: dict[str, str] = {
    **dict.fromkeys(("gunman", "gunmen", "militant", "insurgent", "jihadist", "terrorist", "attacker",
                     "assailant", "bandit", "extremist", "militiaman", "militia", "kidnapper",
                     "abductor", "fighter", "rebel", "islamist", "raider", "gang", "gangster", "cartel"), "armed_group"),
    **dict.fromkeys(("soldier", "troop", "army", "military", "force", "warplane", "jet", "aircraft",
                     "drone", "helicopter", "navy", "artillery", "plane", "airforce", "coalition",
                     "commando", "paratrooper", "marine", "gunship", "warship", "tank", "regime", "personnel",
                     "unit", "battalion", "brigade", "division", "trooper"), "military"),
    **dict.fromkeys(("police", "policeman", "policemen", "officer", "cop", "gendarme", "gendarmerie",
                     "constable"), "police"),
    **dict.fromkeys(("civilian", "villager", "resident", "people", "man", "woman", "child", "student",
                     "worker", "farmer", "family", "worshipper", "journalist", "reporter", "boy", "girl",
                     "teacher", "doctor", "nurse", "patient", "refugee", "migrant", "pilgrim", "herder",
                     "trader", "passenger", "person", "teenager", "shopper", "passerby", "villages",
                     "village", "market", "home", "house", "mosque", "church", "school", "hospital",
                     "activist", "lawyer", "businessman", "mother", "father", "wife", "priest", "imam",
                     "baby", "infant", "women", "children", "building", "residence", "shop", "store",
                     "neighbourhood", "neighborhood", "compound", "vehicle", "bus", "car", "candidate",
                     "politician", "lawmaker", "councillor", "councilor", "mayor", "bystander"), "civilians"),
    **dict.fromkeys(("protester", "demonstrator", "marcher", "striker", "protestor", "crowd"), "protesters"),
    **dict.fromkeys(("rioter", "mob", "vigilante", "hooligan", "youth"), "rioters"),
}
#: who guards parks and forests: their rangers are civilians in ACLED, other rangers state forces
_PARK_WORDS = frozenset({"park", "forest", "wildlife", "game", "conservation", "reserve", "forestry"})


def _ranger_kind(tok: Token, lemma: str) -> str | None:
    """Thailand's and Pakistan's paramilitary rangers are ACLED's Military Forces of the country; park
    and wildlife rangers are civilians ("assailants killed five park rangers")."""
    if lemma != "ranger":
        return None
    mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    return "civilians" if mods & _PARK_WORDS else "military"


# Means, not people: they name an actor only with a country ("Israeli drones", "US warplanes").
_NEEDS_COUNTRY = frozenset({"warplane", "jet", "aircraft", "drone", "helicopter", "artillery", "plane", "gunship",
                            "warship", "tank", "airforce", "regime", "coalition"})
#: modifiers that make a means the country's own armed forces' ("army warplanes", "junta jets")
_OWN_STATE_WORDS = frozenset({"army", "military", "government", "junta", "regime", "state", "air-force", "navy"})
_MEMBER_HEADS = frozenset({"member", "fighter", "militant", "gunman", "soldier", "force", "unit", "supporter",
                           "faction", "wing", "loyalist", "man", "men", "combatant", "element", "rebel", "affiliate",
                           "negotiator", "delegation", "delegate", "representative", "envoy", "guerrilla", "militiaman"})
_BELONG = frozenset({"belong", "belonging", "loyal", "affiliate", "affiliated", "link", "linked", "allied"})
# the parties to talks and deals: "Negotiators for the Colombian government", "Colombia's government"
_GOVERNMENT_HEADS = frozenset({"government", "authorities", "administration", "cabinet", "presidency"})
# nominal triggers naming a fight between two sides: "a firefight with rebels of the ELN"
_MUTUAL_NOUNS = frozenset({"firefight", "clash", "battle", "fighting", "gunfight", "skirmish", "fight", "exchange",
                           "gunbattle", "confrontation", "engagement", "shootout"})
_ACCUSE_VERBS = frozenset({"accuse", "blame", "charge"})
_SOURCE_VERBS = frozenset({"say", "claim", "report", "tell", "state", "deny", "confirm", "announce", "add",
                           "allege", "warn", "note", "according"})
_PLACE_LIKE = frozenset({"building", "residence", "shop", "store", "neighbourhood", "neighborhood", "compound",
                         "vehicle", "bus", "car", "village", "villages", "market", "home", "house", "mosque",
                         "church", "school", "hospital"})
_COREF_HEADS = frozenset({"group", "militant", "organisation", "organization", "movement", "it", "they",
                          "militia", "faction", "insurgent", "jihadist", "outfit", "rebel", "fighter"})
_FACILITIES = frozenset({"base", "barracks", "checkpoint", "outpost", "post", "position", "convoy", "patrol",
                         "site", "airbase", "garrison", "camp", "headquarters", "installation", "vessel",
                         "warship", "frigate", "destroyer", "depot", "facility", "soldier", "troop"})
# weapons and attacks standing as the subject of "killed"/"struck": they name no one themselves, but their
# modifiers do ("Russian missiles struck", "a military airstrike killed", "airstrikes by Russian jets killed")
_MEANS_NOUNS = frozenset({"missile", "rocket", "shell", "bomb", "airstrike", "strike", "shelling", "bombardment",
                          "barrage", "mortar", "attack", "raid", "assault", "ambush", "offensive", "fire", "gunfire",
                          "salvo", "projectile", "bombing"})
# a sentence opening like this tells a new, unrelated incident: no actor carries over into it
_NEW_INCIDENT = re.compile(r"^\W*(?:separately|elsewhere|meanwhile|in (?:a|another) (?:separate )?(?:incident|attack|development))\b",
                           re.I)
# a name followed by a speech or reaction verb is a source ("the UN said", "UN envoy condemned"), not the
# unnamed perpetrator of the next strike
_SPEAKER_AFTER = re.compile(r"[\s'’s]*(?:[\w-]+\s+){0,3}?(?:said|says|told|stated|reported|condemned|denounced|"
                            r"urged|called|warned|welcomed|accused|blamed|denied|spokes(?:man|woman|person)|envoy|"
                            r"official|officials|statement|monitor|report|chief|insisted|minister|ministry|"
                            # an institution's acts and parts, not a force: "UN resolution", "UN-brokered talks"
                            r"resolution|talks|council|figures|office|agency|-brokered|-backed|-led)\b", re.I)
# verbs whose subject undergoes the event: in "530 people have died and 2,500 have been wounded" the
# people are victims, and a verb conjoined to one inherits no perpetrator from it
_UNDERGO = frozenset({"die", "perish", "drown", "succumb", "starve"})
# "a series of airstrikes by Russian jets": the agent hangs on the quantity noun
_SERIES = frozenset({"series", "wave", "spate", "string", "volley", "round", "barrage", "salvo", "hail"})
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")
_MILITARY_WORDS = frozenset({"military", "army", "air", "naval", "navy", "airbase", "barracks", "soldier",
                             "troop", "checkpoint", "outpost", "garrison", "warship"})


@dataclass(frozen=True, kw_only=True, slots=True)
class Roles:
    """The actors of one event mention; ``rule`` says how actor1 was found."""

    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc1: Actor | None = None  # an ally or sub-group of actor1's side (the learned role head's call)
    assoc2: Actor | None = None  # of actor2's side
    rule1: str = ""
    rule2: str = ""


class PlacesLike(Protocol):
    """The article's geoparsed places, computed on first use."""

    def default_iso3(self) -> str | None: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleActors:
    """What role filling needs to know about the whole article.

    ``places`` (when given) is the article's lazily geoparsed places; its main country is then the
    default country of generic actors. Geoparsing is the costly stage, so it runs only for articles
    where some mention survives the filters and is typed.
    """

    kb: ActorKBLike
    text: str
    matches: tuple[ActorMatchLike, ...]
    fixed_iso3: str | None = None
    places: PlacesLike | None = None

    @property
    def default_iso3(self) -> str | None:
        """The country the article is mostly about (None if unknown)."""
        return self.places.default_iso3() if self.places is not None else self.fixed_iso3


def _offset(tok: Token) -> int:
    return int(tok.doc.user_data.get("offset", 0))


def _evidence(ctx: ArticleActors, start: int, end: int, field: str, rule: str) -> Evidence:
    return Evidence(start=start, end=end, text=ctx.text[start:end], field=field, rule=rule)


def _np_span(tok: Token) -> Span:
    """The noun phrase of ``tok`` without clauses or appositions hanging on it (they describe, not name)."""
    # a premodifier with a verb conjoined to it is a misparsed clause: "the neighbourhood and looted shops"
    clause = [c for c in tok.children if c.i < tok.i and any(x.dep_ == "conj" and x.pos_ == "VERB" for x in c.children)]
    keep = [c for c in tok.children if c.dep_ not in ("relcl", "acl", "advcl", "appos", "punct", "cc", "conj")
            and c not in clause]
    left = max(min([tok.i, *(c.left_edge.i for c in keep)]), *(c.right_edge.i + 1 for c in clause), 0)
    right = max([tok.i, *(c.right_edge.i for c in keep)])
    return tok.doc[left:right + 1]


def _kb_actor(ctx: ArticleActors, start: int, end: int, field: str, head_end: int | None = None) -> Actor | None:
    """The longest KB match inside [start, end) that starts no later than the head word ends."""
    inside = [m for m in ctx.matches if m.start >= start and m.end <= end and (head_end is None or m.start < head_end)]
    if not inside:
        return None
    if head_end is not None:
        # "the al Qaeda-linked group al Shabaab": the name nearest the head word is the actor
        best = max(inside, key=lambda m: (m.end >= head_end, m.end, m.end - m.start))
    else:
        best = max(inside, key=lambda m: (m.end - m.start, -m.start))
    return replace(best.actor, evidence=_evidence(ctx, best.start, best.end, field, "actor_kb"))


def _demonym_iso3(ctx: ArticleActors, span: Span) -> str | None:
    for t in span:
        if t.pos_ in ("ADJ", "PROPN", "NOUN") and t.text[:1].isupper():
            iso3 = ctx.kb.country_of_demonym(t.text)
            if iso3:
                return iso3
    return None


def _coref(ctx: ArticleActors, before: int, field: str, tok: Token, since: int | None = None) -> Actor | None:
    """The last named non-state (or, failing that, any named) actor mentioned before ``before``. With
    ``since`` (no anaphor, only the nearest name): mentioned from ``since`` on, and not as a source."""
    prior = [m for m in ctx.matches if m.end <= before
             and (since is None or since <= m.start and not _SPEAKER_AFTER.match(ctx.text, m.end))]
    armed = [m for m in prior if m.actor.inter in (2, 3, 4, 8)] or prior
    if not armed:
        return None
    m = armed[-1]
    start = _offset(tok) + tok.idx
    return replace(m.actor, evidence=_evidence(ctx, start, start + len(tok), field, "coref:" + m.text))


def _speaker(tok: Token) -> Token | None:
    """For a pronoun subject of a reported clause, the subject of the reporting verb; also for a subject
    owned by a pronoun ("the RSF said its forces had clashed with militias": the RSF's forces)."""
    owned = any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in tok.children)
    if tok.pos_ != "PRON" and not owned or tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if tok.pos_ == "PRON" and tok.lower_ not in ("it", "they", "we"):
        return None
    clause = tok.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in _SOURCE_VERBS:
        return None
    verb = clause.head
    if verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # "The RSF denied the accusation and said its forces ...": the shared subject
    subj = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
    return subj[0] if subj else None


def _government(ctx: ArticleActors, tok: Token, field: str) -> Actor | None:
    """'the Colombian government', "Colombia's government": that country's government (a party to talks)."""
    if tok.lemma_.lower() not in _GOVERNMENT_HEADS and tok.lower_ not in _GOVERNMENT_HEADS:
        return None
    span = _np_span(tok)
    iso3 = _demonym_iso3(ctx, span)
    if iso3 is None:
        return None
    off = _offset(tok)
    ev = _evidence(ctx, off + span.start_char, off + span.end_char, field, "generic:government")
    return replace(ctx.kb.generic("government", iso3), evidence=ev)


def member_parties(ctx: ArticleActors, tok: Token, field: str, *, parties: bool = False) -> list[Actor]:
    """The named groups a member noun belongs to, each conjoined party on its own ("negotiators for the
    Colombian government and the ELN" → government, ELN; "rebels of the National Liberation Army")."""
    # a capitalised plural may be parsed as a proper noun and keep its "s" ("Negotiators")
    if not {tok.lemma_.lower(), tok.lower_, tok.lower_.removesuffix("s")} & _MEMBER_HEADS:
        return []
    off = _offset(tok)
    found: list[Actor] = []
    # "armed men belonging to the Viv Ansanm gang coalition", "fighters loyal to ..."
    heads = [tok, *(c for c in tok.children if c.dep_ in ("acl", "amod") and c.lemma_.lower() in _BELONG)]
    for pobj in (p for h in heads for c in h.children
                 if c.dep_ == "prep" and c.lower_ in ("of", "from", "with", "loyal", "for", "to")
                 and (h is not tok or c.lower_ != "to") for p in c.children if p.dep_ == "pobj"):
        for part in (pobj, *pobj.conjuncts):
            sp = _np_span(part)
            # the name nearest the head word: "the al Qaeda-linked group JNIM" is JNIM
            actor = _kb_actor(ctx, off + sp.start_char, off + sp.end_char, field, off + part.idx + len(part))
            if actor is None and parties:
                actor = _government(ctx, part, field)
            if actor is None:  # "fighters of the Kordofan Liberation Front": a group the KB lacks
                actor = _unknown_group(ctx, part, sp, field)
            if actor is not None and all(a.name != actor.name for a in found):
                found.append(actor)
    return found


def _lemma(tok: Token) -> str:
    """The lower-case lemma; a capitalised plural parsed as a proper noun ("Warplanes struck") loses its "s"."""
    lemma = tok.lemma_.lower()
    if lemma not in GENERIC_KINDS and tok.pos_ == "PROPN" and lemma.endswith("s") and lemma[:-1] in GENERIC_KINDS:
        return lemma[:-1]
    return lemma


def actor_of(ctx: ArticleActors, tok: Token, field: str, iso3: str | None, *,
             located: bool = True, parties: bool = False) -> tuple[Actor | None, str]:
    """The canonical actor named by the noun phrase headed by ``tok`` (and its apposition).

    ``located`` False means ``iso3`` is only a country read from a demonym (the attacker's, often),
    not where the event happened: generic victims and groups do not take it. ``parties`` (talks and
    deals): a government noun names that country's government.
    """
    span = _np_span(tok)
    off = _offset(tok)
    # a name must be the phrase itself ("the Islamic Resistance in Iraq"), not something inside a
    # modifier ("six people, including a spokesperson for the Taliban's police")
    found = _kb_actor(ctx, off + span.start_char, off + span.end_char, field, off + tok.idx + len(tok))
    head_named = found is not None and found.evidence is not None and found.evidence.end >= off + tok.idx + len(tok)
    if found and head_named:
        return found, "kb"
    # "the al Qaeda-linked group al Shabaab": the apposition names the actor, the modifier only describes it
    for appos in (c for c in tok.children if c.dep_ == "appos"):
        named = _kb_actor(ctx, off + appos.left_edge.idx, off + appos.right_edge.idx + len(appos.right_edge), field)
        if named:
            return named, "kb_appos"
    if found:
        return found, "kb"
    members = member_parties(ctx, tok, field, parties=parties)
    if members:  # "members of Al Shabaab", "fighters from the RSF", "negotiators for the government"
        return members[0], "kb_member"
    if parties and (gov := _government(ctx, tok, field)) is not None:
        return gov, "government"
    if (named := _unknown_group(ctx, tok, span, field)) is not None:
        return named, "named"
    if tok.dep_ in ("amod", "compound", "poss") and tok.text[:1].isupper():
        iso3 = ctx.kb.country_of_demonym(tok.text)  # "a Russian missile strike", "Israel's strikes"
        if iso3:
            start = off + tok.idx
            ev = _evidence(ctx, start, start + len(tok), field, "demonym")
            return replace(ctx.kb.generic("military", iso3), evidence=ev), "generic"
    if field == "actor1" and not parties and tok.ent_type_ == "GPE" and tok.dep_ in ("nsubj", "pobj"):
        # "Russia launched 36 drones", "attacked by Ukraine": a state named as the one who strikes is its
        # armed forces (ACLED: Military Forces of Russia); its speakers were left out above
        state_name = re.sub(r"^(?:the)\s+", "", span.text, flags=re.I)
        if (state := ctx.kb.country_of_demonym(state_name)) is not None:
            ev = _evidence(ctx, off + span.start_char, off + span.end_char, field, "generic:military;country:named")
            return replace(ctx.kb.generic("military", state), evidence=ev), "generic"
    lemma = _lemma(tok)
    speaker = _speaker(tok)
    if speaker is not None:  # "Sudan's army said it had recaptured Sinja": "it" is the army
        return actor_of(ctx, speaker, field, iso3, located=located)
    if lemma in _COREF_HEADS and (tok.pos_ == "PRON" or any(c.lower_ in ("the", "this", "its", "their") for c in tok.children)):
        found = _coref(ctx, off + tok.idx, field, tok)
        if found:
            return found, "coref"
    if field == "actor2" and tok.tag_ in ("NNPS", "NNS") and tok.text[:1].isupper():
        people = ctx.kb.country_of_demonym(tok.text[:-1]) if tok.text.endswith("s") else None
        if people:  # "arrested 14 Palestinians": people of a nationality, not its forces
            ev = _evidence(ctx, off + span.start_char, off + span.end_char, field, "demonym:civilians")
            return replace(ctx.kb.generic("civilians", (iso3 if located else None) or people), evidence=ev), "generic"
    if field == "actor1" and (lemma in _MEANS_NOUNS or lemma in _SERIES):
        return _means_owner(ctx, tok, iso3, located)
    kind = GENERIC_KINDS.get(lemma) or GENERIC_KINDS.get(tok.lower_) or _ranger_kind(tok, lemma)
    if not kind or (field == "actor1" and lemma in _PLACE_LIKE):
        return None, ""  # "their vehicle struck an explosive device": places and things are targets only
    demonym = _demonym_iso3(ctx, span)
    own_state = any(c.lower_ in _OWN_STATE_WORDS for c in tok.children if c.dep_ in ("compound", "amod", "nmod"))
    if lemma in _NEEDS_COUNTRY and demonym is None and own_state and field == "actor1" and located and iso3:
        # "army warplanes bombed the market in Kutkai": the army's, so the located country's forces
        ev = _evidence(ctx, off + span.start_char, off + span.end_char, field, "generic:military;country:located")
        return replace(ctx.kb.generic("military", iso3), evidence=ev), "generic"
    if lemma in _NEEDS_COUNTRY and demonym is None:
        # "warplanes struck ... in Nyala": whose jets the text does not say, and in wars with foreign air
        # forces (Syria, Yemen) the located country's would be a guess; the perpetrator stays unidentified.
        return None, ""
    country, how = _generic_country(ctx, tok, kind, demonym, iso3, located)
    actor = ctx.kb.generic(kind, country)
    ev = _evidence(ctx, off + span.start_char, off + span.end_char, field, f"generic:{kind};country:{how}")
    return replace(actor, evidence=ev), "generic"


# words that make a proper name an organised armed or political group ("the Mahdi Army", "Zintan
# Brigade", "Coalition for Change"): such a group missing from the knowledge base keeps its own name
_GROUP_WORDS = re.compile(r"\b(?:army|front|liberation|movement|brigades?|battalions?|forces?|resistance|"
                          r"militias?|group|organi[sz]ation|alliance|council|coalition|gang|cartel|defen[cs]e|"
                          r"guards?|legion|division|corps|mujahideen|jihad|tigers|commandos?|union)\b", re.I)
_MILITIA_WORDS = re.compile(r"\b(?:militias?|gang|cartel|guards?|vigilantes?)\b", re.I)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,6}")
#: what follows the place of a dateline: "BAMENDA, Cameroon - ", "TRIPOLI - ", "PRISTINA (Reuters) -"
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][\w.' ]{1,40}?)?\s*(?:\([A-Za-z ]{1,20}\)\s*)?[-\u2013\u2014]\s")


def _unknown_group(ctx: ArticleActors, tok: Token, span: Span, field: str) -> Actor | None:
    """A named organisation the knowledge base lacks ("the Wad Madani Resistance Front", "the KNPP"):
    its own words as the name, with a rebel (2) or militia (3) code from those words; never a place,
    a nationality or a person."""
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("ORG", "") or field not in ("actor1", "actor2"):
        return None
    words = [t for t in span if t.pos_ == "PROPN" or (t.i > span.start and t.pos_ in ("ADP", "CCONJ", "PART")
                                                         and t.i < tok.i)]
    if not words or words[0].pos_ != "PROPN":
        return None
    name = span.doc.text[words[0].idx:tok.idx + len(tok)]
    acronym = _ACRONYM.fullmatch(name) is not None
    if not (_GROUP_WORDS.search(name) or acronym) or (acronym and tok.ent_type_ != "ORG"):
        return None  # an all-capitals word spaCy does not call an organisation is a dateline ("RAMADI -")
    if acronym and _DATELINE_AFTER.match(span.doc.text, tok.idx + len(tok)):
        return None  # "BAMENDA, Cameroon - ...": a dateline even where spaCy calls it an organisation
    if ctx.kb.country_of_demonym(name) or GENERIC_KINDS.get(name.split()[-1].lower()):
        return None
    off = _offset(tok)
    ev = _evidence(ctx, off + words[0].idx, off + tok.idx + len(tok), field, "named:not_in_kb")
    return Actor(name=name, inter=3 if _MILITIA_WORDS.search(name) else 2, evidence=ev)


def _own_demonym(ctx: ArticleActors, tok: Token) -> str | None:
    """A demonym modifying the head word itself ("Palestinian civilians"), not one deeper in the phrase."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.text[:1].isupper():
            iso3 = ctx.kb.country_of_demonym(c.text)
            if iso3:
                return iso3
    return None


def _generic_country(ctx: ArticleActors, tok: Token, kind: str, demonym: str | None,
                     iso3: str | None, located: bool) -> tuple[str | None, str]:
    """The country of a generic actor and how it was chosen.

    State forces are named by their own country ("Russian jets" → Military Forces of Russia).
    Civilians, protesters, rioters and unidentified armed groups take the country where the event
    happened (ACLED): the located place's country; unlocated, a demonym on the head word
    ("Palestinian civilians"), else the article's main country, else none.
    """
    if kind in ("military", "police"):
        country = demonym or iso3 or ctx.default_iso3
        return country, "demonym" if demonym else ("event" if iso3 else "article")
    if iso3 and located:
        return iso3, "event"
    own = _own_demonym(ctx, tok)
    if own:
        return own, "demonym"
    default = ctx.default_iso3
    return default, "article" if default else "none"


def _sentence_facility_demonym(ctx: ArticleActors, tok: Token) -> str | None:
    """A demonym on another military facility of the same sentence ("the Israeli Ovda Air Base ... the
    Speer military site"): consecutive targets of one attacker are usually in one country."""
    for t in tok.doc:
        if t.head.lemma_.lower() in _FACILITIES and t.text[:1].isupper() and t.i != tok.i:
            iso3 = ctx.kb.country_of_demonym(t.text)
            if iso3:
                return iso3
    return None


def _facility_owner(ctx: ArticleActors, tok: Token, field: str, iso3: str | None) -> Actor | None:
    """A military facility as target means that country's military ("the Israeli Ovda Air Base")."""
    span = _np_span(tok)
    lemmas = {t.lemma_.lower() for t in span}
    if not (lemmas & _FACILITIES and (lemmas & _MILITARY_WORDS or tok.lemma_.lower() in ("base", "airbase"))):
        return None
    country = _demonym_iso3(ctx, span) or iso3 or _sentence_facility_demonym(ctx, tok)
    if not country:
        return None
    off = _offset(tok)
    actor = ctx.kb.generic("military", country)
    return replace(actor, evidence=_evidence(ctx, off + span.start_char, off + span.end_char, field, "facility"))


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobj(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    return [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj"]


def _agent_patient_tokens(trigger: Token) -> tuple[list[Token], list[Token]]:
    """Candidate agent and patient heads for a trigger, from its parse neighbourhood."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children) or trigger.tag_ == "VBN" and trigger.dep_ == "acl"
    if trigger.pos_ in ("VERB", "AUX"):
        if trigger.lemma_.lower() in _UNDERGO:
            return [], _children(trigger, "nsubj")
        if passive:
            agents = _pobj(trigger, ("by",))
            patients = _children(trigger, "nsubjpass") + ([trigger.head] if trigger.dep_ == "acl" else [])
        else:
            agents = _children(trigger, "nsubj")
            patients = _children(trigger, "dobj") + _pobj(trigger, ("on", "against", "at", "with", "from"))
            if any(c.lower_ in ("fire", "ablaze") for c in patients):  # "set fire to a clinic and houses"
                patients = _pobj(trigger, ("to",)) + patients
            if not patients and (obj := _adjacent_object(trigger)) is not None:
                patients = [obj]
        head = trigger
        while not agents and head.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp", "pobj", "prep") and head.head is not head:
            head = head.head
            if head.lemma_.lower() in _UNDERGO:
                break
            if head.lemma_.lower() in _ACCUSE_VERBS:  # "the army accused the RSF of shelling": the RSF
                agents = _children(head, "dobj")
                break
            if head.lemma_.lower() in _SOURCE_VERBS:  # whoever says it is a source, not the agent
                break
            if head.pos_ in ("VERB", "AUX"):
                agents = _children(head, "nsubj") or _pobj(head, ("by",))
        return agents, patients
    # nominal trigger: "Israeli airstrikes on Gaza", "an attack by al-Shabaab", "Hamas's attack"
    agents = _children(trigger, "poss", "compound", "amod") + _pobj(trigger, ("by", "from"))
    patients = _pobj(trigger, ("on", "against", "targeting", "at", "in"))
    if trigger.lemma_.lower() in _MUTUAL_NOUNS:  # "killed in a firefight with rebels": the other side
        (patients if agents else agents).extend(_pobj(trigger, ("with", "against")))
    if trigger.dep_ in ("dobj",) and trigger.head.pos_ == "VERB":  # "launched an attack"
        agents += _children(trigger.head, "nsubj")
        patients += _pobj(trigger.head, ("on", "against"))
    if trigger.dep_ in ("nsubj",) and trigger.head.pos_ == "VERB":  # "an airstrike hit the village"
        patients += _children(trigger.head, "dobj")
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lemma_.lower() in _SERIES:
        agents += _pobj(trigger.head.head, ("by", "from"))  # "a series of airstrikes by Russian jets"
    if trigger.dep_ == "pobj" and trigger.head.head.pos_ == "VERB":  # "followed by an attack", "in an attack"
        agents += _children(trigger.head.head, "nsubj") if trigger.head.lower_ != "by" else []
        patients += _children(trigger.head.head, "dobj", "nsubjpass")
    return agents, patients


def _adjacent_object(trigger: Token) -> Token | None:
    """The noun right after a transitive verb the parser left without an object: in "returned to the
    neighbourhood and looted shops" the small model reads "looted" as a modifier of "shops". Only a
    common noun directly after the verb (past tense or participle, active) counts; a date or a place
    name there is not a patient."""
    if trigger.tag_ not in ("VBD", "VBN") or trigger.i + 1 >= len(trigger.doc):
        return None
    nxt = trigger.doc[trigger.i + 1]
    return nxt if nxt.pos_ == "NOUN" and nxt.head is not trigger and nxt.ent_type_ in ("", "NORP") else None


def _first_actor(ctx: ArticleActors, toks: list[Token], field: str, iso3: str | None,
                 located: bool = True, parties: bool = False) -> tuple[Actor | None, str]:
    for tok in toks:
        actor, rule = actor_of(ctx, tok, field, iso3, located=located, parties=parties)
        if actor:
            return actor, rule
    for tok in toks:  # conjuncts: "gunmen and soldiers"
        for conj in tok.conjuncts:
            actor, rule = actor_of(ctx, conj, field, iso3, located=located, parties=parties)
            if actor:
                return actor, rule
    return None, ""


def _other_party(ctx: ArticleActors, agents: list[Token], actor1: Actor, iso3: str | None,
                 located: bool) -> Actor | None:
    """The second side of talks or a deal: a conjoined subject ("the government and the ELN signed") or
    the second group a member noun belongs to ("negotiators for the government and the ELN")."""
    for tok in agents:
        for member in member_parties(ctx, tok, "actor2", parties=True):
            if member.name != actor1.name:
                return member
        for conj in tok.conjuncts:
            other, _ = actor_of(ctx, conj, "actor2", iso3, located=located, parties=True)
            if other is not None and other.name != actor1.name:
                return other
    return None


def _antecedent_window(ctx: ArticleActors, trigger: Token) -> int:
    """Where an unnamed perpetrator may find its antecedent: this sentence and the two before. A name
    further back is mostly someone else (the source, the victim, another war: "the UN said ... the
    bombing"), and a sentence opening "Separately," tells a new incident, so only its own names count."""
    start = _offset(trigger)
    if _NEW_INCIDENT.match(trigger.doc.text):
        return start
    # starts of the sentences before this one (a boundary ending at this sentence's start is its own)
    starts = [m.end() for m in _SENTENCE_END.finditer(ctx.text, 0, start) if m.end() < start - 1]
    return starts[-2] if len(starts) > 1 else 0


def _means_owner(ctx: ArticleActors, tok: Token, iso3: str | None, located: bool) -> tuple[Actor | None, str]:
    """Whose weapon or attack ``tok`` is, from its modifiers or "by" agent ("Russian missiles")."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod"):
            actor, rule = actor_of(ctx, c, "actor1", iso3, located=located)
            if actor is not None:
                return actor, rule
    for agent in _pobj(tok, ("by", "from")):
        actor, rule = actor_of(ctx, agent, "actor1", iso3, located=located)
        if actor is not None:
            return actor, rule
    return None, ""


#: verbs whose subjects act on each other: "Meitei volunteers and Kuki militants exchanged fire" names
#: both sides in the subject, the first as actor1 and the other as actor2
_MUTUAL_VERBS = frozenset({"clash", "exchange", "skirmish", "battle"})


def _mutual(trigger: Token) -> bool:
    return trigger.pos_ == "VERB" and trigger.lemma_.lower() in _MUTUAL_VERBS


def find_roles(ctx: ArticleActors, trigger: Token, iso3: str | None, *, coref_fallback: bool,
               located: bool = True, parties: bool = False) -> Roles:
    """actor1/actor2 for the event announced by ``trigger``; ``iso3`` is the event's country if known
    (``located`` False: only the country of a demonym the geoparser read as the place). ``parties``:
    the event has two sides named alike (an agreement), so conjoined subjects are actor1 and actor2."""
    agents, patients = _agent_patient_tokens(trigger)
    actor1, rule1 = _first_actor(ctx, agents, "actor1", iso3, located, parties)
    actor2, rule2 = _first_actor(ctx, patients, "actor2", iso3, located, parties)
    if (parties or _mutual(trigger)) and actor1 is not None and actor2 is None:
        actor2 = _other_party(ctx, agents, actor1, iso3, located)
        rule2 = "party" if actor2 else ""
    if actor2 is None:
        for tok in patients:
            actor2 = _facility_owner(ctx, tok, "actor2", iso3)
            if actor2:
                rule2 = "facility"
                break
    if actor1 is None and coref_fallback:
        actor1 = _coref(ctx, _offset(trigger) + trigger.idx, "actor1", trigger, _antecedent_window(ctx, trigger))
        rule1 = "coref_nearest" if actor1 else ""
    if actor1 and actor2 and actor1.name == actor2.name:
        actor2, rule2 = None, ""
    return Roles(actor1=actor1, actor2=actor2, rule1=rule1, rule2=rule2)


# "the army repelled a Taliban attack": who repels an attack is its target; ACLED's actor1 is who attacked
_REPEL_VERBS = frozenset({"repel", "repulse", "fend", "fight", "beat", "push", "thwart", "foil", "halt", "stop"})
_REPEL_PARTICLES = {"fend": "off", "fight": "off", "beat": "back", "push": "back"}
_ATTACK_NOUNS = frozenset({"attack", "assault", "offensive", "raid", "incursion", "ambush", "infiltration",
                           "advance", "storming", "onslaught", "attempt"})


def repelled_attack(ctx: ArticleActors, trigger: Token, roles: Roles, iso3: str | None, *,
                    located: bool = True) -> Roles:
    """"X repelled an attack by Y", "X repelled a Taliban attack", "X repulsed 17 Russian assaults": Y
    attacked X (actor1 Y, actor2 X), as ACLED codes a repelled attack; the roles stand otherwise.

    Applied after typing (by the role head's stage), so the typer's rule features stay as they were.
    """
    lemma = trigger.lemma_.lower()
    if trigger.pos_ != "VERB" or lemma not in _REPEL_VERBS or any(c.dep_ in ("auxpass", "nsubjpass")
                                                                 for c in trigger.children):
        return roles
    particle = _REPEL_PARTICLES.get(lemma)
    if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in trigger.children):
        return roles
    attack = next((c for c in trigger.children if c.dep_ == "dobj" and c.lemma_.lower() in _ATTACK_NOUNS), None)
    if attack is None:
        return roles
    owners = _pobj(attack, ("by", "from")) + [c for c in attack.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    attacker, rule1 = _first_actor(ctx, owners, "actor1", iso3, located)
    if attacker is None:
        return roles
    target, rule2 = _first_actor(ctx, _children(trigger, "nsubj"), "actor2", iso3, located)
    if target is None or target.name == attacker.name:
        return roles
    return replace(roles, actor1=attacker, rule1=rule1, actor2=target, rule2=rule2)


# sub-event types whose actor1 is the crowd itself (ACLED: Protesters / Rioters of the event's country)
_CROWD_TYPES = {"Peaceful protest": "protesters", "Violent demonstration": "rioters", "Mob violence": "rioters"}


def crowd_subject(ctx: ArticleActors, trigger: Token, roles: Roles, iso3: str | None, sub_event_type: str) -> Roles:
    """The people who protest or riot, where the rules named no actor1: the subject of the trigger (or of
    the verb whose object it is: "staged a sit-in"; or the "by" agent: "beaten to death by a group of
    students"), whoever they are ("Tens of thousands of people", "Dozens of depositors", "Thousands of PTI
    supporters"), as ``Protesters``/``Rioters`` of the event's country, with their own words as evidence."""
    kind = _CROWD_TYPES.get(sub_event_type)
    if kind is None or roles.actor1 is not None:
        return roles
    verb = trigger.head if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "attr") else trigger
    people = _children(verb, "nsubj") or _pobj(verb, ("by",))
    if not people and verb.dep_ in ("xcomp", "advcl", "conj"):  # "held a rally to protest"
        people = _children(verb.head, "nsubj")
    if trigger.pos_ in ("NOUN", "PROPN"):
        people = people or _pobj(trigger, ("by", "of"))
    subject = next((t for t in people if t.pos_ in ("NOUN", "PROPN", "NUM") and t.ent_type_ not in ("GPE", "LOC", "FAC")),
                   None)
    if subject is None:
        return roles
    span = _np_span(subject)
    dash = [t.i for t in span if t.i < subject.i and t.text in ("-", "—", "–")]
    if dash:  # a dateline parsed into the phrase: "KHABAROVSK - Tens of thousands of people"
        span = subject.doc[dash[-1] + 1:span.end]
    off = _offset(subject)
    country = iso3 or ctx.default_iso3
    ev = _evidence(ctx, off + span.start_char, off + span.end_char, "actor1", f"crowd_subject:{kind}")
    return replace(roles, actor1=replace(ctx.kb.generic(kind, country), evidence=ev), rule1="generic")


# what the learned role head (``role_head``) reads of these rules: the same word lists and phrase spans
MEANS_NOUNS = _MEANS_NOUNS
SOURCE_VERBS = _SOURCE_VERBS
np_span = _np_span
