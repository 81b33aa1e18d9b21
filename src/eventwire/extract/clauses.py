"""Clauses: one sentence's trigger tokens in, the separate events they tell (one index per trigger) out.

A sentence may tell two events that share its date: "Warplanes bombed a market in Idlib on Monday, while
in Khartoum police arrested dozens of protesters." English joins such events as clauses, each with a
subject of its own (coordination "..., and drones struck Saraqeb", a "while" clause, a clause after a
semicolon). One event told with several verbs shares one subject instead ("gunmen stormed the village and
killed 12": "killed" has no subject of its own), or its second clause names no new place ("...; the
blast killed 10") or only its victims ("... and one policeman was injured in Karachi"). So a clause is
split off only when it has its own subject, its own verb tells an event, and it either names a place
other than the other clause's or says it is another event ("meanwhile", "in a separate attack"). A
clause of time or cause ("when a bomb exploded", "as demonstrations continued") never splits. Where the
clauses are the same event after all, ``assemble.merge_drafts`` still joins drafts of one type, day and
place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from eventwire.geo.distance import haversine_km
from eventwire.geo.protocol import COUNTRY_FEATURE_CODES
from eventwire.model import Place, Toponym

#: how a clause with a subject of its own hangs on another as a telling of its own: coordinated, paratactic,
#: a contrasting "while" clause ("while in Khartoum police arrested"), or a complement (what "..., rebels
#: said" reports; and the parser's reading of "...; meanwhile, protesters marched" makes the first clause
#: the complement of the second). A clause of time or cause ("when a bomb exploded", "after Russia
#: completed its withdrawal", "as demonstrations continued") tells how or amid what the event happened.
_CLAUSE_LINKS = frozenset({"conj", "parataxis", "ccomp"})
_CONTRAST_MARKS = frozenset({"while", "whilst", "whereas"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around"})
#: prepositions that keep a place in the event's whereabouts ("the city of Kherson", "on Rafah", "across Gaza")
_PLACE_PREPS = frozenset({"of", "on", "across", "along", "throughout", "within", "into", "over", "north", "south",
                          "east", "west", "between"})
#: words that say a clause tells another event than the one before it
_ANOTHER_EVENT_ADVERBS = frozenset({"meanwhile", "elsewhere", "separately"})
_ANOTHER_EVENT_ADJECTIVES = frozenset({"another", "separate", "different"})
#: two places closer than this are one town told twice ("Tahrir Square" and "downtown Cairo", a district of
#: Mogadishu and Mogadishu), not the places of two events; villages a few kilometres apart are two places
SAME_PLACE_KM = 10.0
#: words of a place name that do not tell one place from another ("Borno state", "Yobe state")
_PLACE_KIND_WORDS = frozenset({"state", "province", "city", "district", "region", "county", "town", "village",
                               "governorate", "area", "the", "of", "north", "south", "east", "west", "northern",
                               "southern", "eastern", "western", "central"})


def _clause_head(tok: Token) -> bool:
    """A verb that heads a clause of its own: the sentence's root, or a linked clause with its own subject."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "ROOT":
        return True
    if not any(c.dep_ in _SUBJECTS for c in tok.children):
        return False
    if tok.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in tok.children)
    return tok.dep_ in _CLAUSE_LINKS


def clause_of(tok: Token) -> Token:
    """The head of the clause a token belongs to: the nearest clause head among itself and its governors."""
    for t in (tok, *tok.ancestors):
        if _clause_head(t):
            return t
    return tok.sent.root if tok.has_head() else tok


def _own_tokens(head: Token) -> list[Token]:
    """The clause's words: its subtree without the clauses inside it."""
    return [t for t in head.subtree if clause_of(t).i == head.i]


@dataclass(frozen=True, slots=True)
class _PlaceMention:
    """A place a clause names: its distinctive words and, when the geoparser resolved it, the place."""

    words: frozenset[str]
    place: Place | None


def _clause_places(head: Token, toponyms: Sequence[Toponym]) -> list[_PlaceMention]:
    """The places the clause names ("in Idlib", "Khartoum police"): place entities, proper nouns after
    "in/at/near", and the geoparser's toponyms (``toponyms``, offsets of the doc; the parser's entities miss
    many village names: "shelled Kafranbel")."""
    found: dict[int, tuple[set[str], Place | None]] = {}
    for t in _own_tokens(head):
        top = next((p for p in toponyms if p.start <= t.idx and t.idx + len(t) <= p.end), None)
        named = t.ent_type_ in _PLACE_ENTITIES or (
            t.pos_ == "PROPN" and t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE_PREPS)
        if (top is None and not named) or t.ent_type_ == "NORP" or t.pos_ == "ADJ" or _not_locative(t, head):
            continue  # "Russian missiles", "concessions to Azerbaijan": who or to whom, not where
        if not t.is_alpha or t.lower_ in _PLACE_KIND_WORDS:
            continue
        key = top.start if top is not None else -1 - (t.i if not t.ent_type_ else _entity_start(t))
        words, _ = found.setdefault(key, (set(), top.place if top is not None else None))
        words.add(t.lower_)
    return [_PlaceMention(frozenset(w), p) for w, p in found.values()]


def _not_locative(t: Token, head: Token) -> bool:
    """A name under a preposition of direction or party ("to Azerbaijan", "fled to Zaria", "from Kyiv",
    "talks with Moscow"): not where the clause's event happened."""
    for a in t.ancestors:
        if a.i == head.i:
            return False
        if a.dep_ == "prep" and a.lower_ not in _LOCATIVE_PREPS | _PLACE_PREPS:
            return True
    return False


def _entity_start(t: Token) -> int:
    """The index of the first token of the named entity ``t`` is part of."""
    i = t.i
    while i > 0 and t.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _same_place(a: _PlaceMention, b: _PlaceMention) -> bool:
    """Two namings of one place: a shared word ("Kaduna state" / "Kaduna"), or, resolved, one lies in the
    other ("Tahrir Square" / "Cairo") or within a town's reach of it."""
    if a.words & b.words:
        return True
    if a.place is None or b.place is None:
        return False
    return _within(a.place, b.place) or _within(b.place, a.place) or _near(a.place, b.place)


def _within(fine: Place, coarse: Place) -> bool:
    """A country or province holds every place inside it ("in Borno" and "in Maiduguri" is one place told
    twice, as far as telling two events apart goes)."""
    if not fine.iso3 or fine.iso3 != coarse.iso3:
        return False
    if coarse.feature_code in COUNTRY_FEATURE_CODES or (coarse.precision == 3 and not coarse.admin1):
        return True
    return coarse.feature_code in ("ADM1", "RGN") and fine.admin1 == coarse.admin1


def _near(a: Place, b: Place) -> bool:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return False
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= SAME_PLACE_KM  # type: ignore[arg-type]


def _says_another_event(head: Token) -> bool:
    """'meanwhile, protesters marched', 'in a separate attack, gunmen killed': the clause says so itself."""
    for t in _own_tokens(head):
        if t.dep_ == "advmod" and t.lower_ in _ANOTHER_EVENT_ADVERBS and t.head.i == head.i:
            return True
        if t.lower_ in _ANOTHER_EVENT_ADJECTIVES and t.dep_ in ("amod", "det") and t.head.head.dep_ == "prep" \
                and t.head.head.head.i == head.i:
            return True
    return False


def _retells_event(head: Token, triggers: set[int]) -> bool:
    """'the blast killed 10': a subject that is a definite event word refers to the event told before."""
    return any(c.dep_ in _SUBJECTS and c.i in triggers and any(d.dep_ == "det" and d.lower_ in ("the", "this", "that")
                                                              for d in c.children)
               for c in head.children)


#: trigger families that tell only who was hurt: a clause of these alone ("and one policeman was injured")
#: tells the victims of an event the sentence tells, not another event
_VICTIM_FAMILIES = frozenset({"kill", "injure"})


@dataclass(frozen=True, slots=True)
class _Clause:
    head: Token
    families: frozenset[str]  # the families of the triggers in the clause


def _victims_only(clause: _Clause) -> bool:
    """'Three militants were shot dead', 'one policeman was injured': casualties with no agent of their
    own ("was killed by gunmen" has one)."""
    return clause.families <= _VICTIM_FAMILIES and not any(c.dep_ == "agent" for c in clause.head.children)


def _separate(a: _Clause, b: _Clause, triggers: set[int], toponyms: Sequence[Toponym]) -> bool:
    """Whether two clauses whose own verbs tell events ("police arrested", not "fighting had largely
    stopped") tell two events: they name different places, or one says it is another event."""
    second = b if a.head.i < b.head.i else a
    if _retells_event(second.head, triggers):
        return False
    if _says_another_event(second.head):
        return True
    if _victims_only(a) or _victims_only(b):
        return False  # "three militants were killed and a policeman was injured in Karachi": one clash
    places_a, places_b = _clause_places(a.head, toponyms), _clause_places(b.head, toponyms)
    return bool(places_a and places_b) and not any(_same_place(p, q) for p in places_a for q in places_b)


def event_clauses(tokens: Sequence[Token], families: Sequence[str],
                  toponyms: Callable[[], Sequence[Toponym]] | None = None) -> list[int]:
    """One index per trigger token: tokens with the same index tell the same event as far as clauses tell.

    ``families`` are the triggers' families, in the tokens' order; ``toponyms`` gives the places a
    geoparser found (offsets of the tokens' doc), called only when the triggers stand in two clauses or
    more. Clauses are joined unless they are separate (``_separate``); a clause separate from one but not
    from another joins that other one (linking is transitive), so only clearly distinct events come apart.
    """
    heads = [clause_of(t) for t in tokens]
    found_families: dict[int, set[str]] = {}
    for h, f in zip(heads, families, strict=True):
        found_families.setdefault(h.i, set()).add(f)
    triggers = {t.i for t in tokens}
    # only a clause whose own verb tells an event can tell another one; the rest ("protesters said ...",
    # "as fighting raged") join the event clause that governs them, or else the first one they govern
    events = [_Clause(h, frozenset(found_families[h.i])) for h in sorted({h.i: h for h in heads}.values(),
                                                                          key=lambda h: h.i) if h.i in triggers]
    if len(events) < 2:
        return [0] * len(tokens)
    found = toponyms() if toponyms is not None else ()
    parent = list(range(len(events)))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for x in range(len(events)):
        for y in range(x + 1, len(events)):
            if not _separate(events[x], events[y], triggers, found):
                parent[root(y)] = root(x)
    index = {c.head.i: root(k) for k, c in enumerate(events)}

    def event_of(head: Token) -> int:
        if head.i in index:
            return index[head.i]
        governing = next((index[a.i] for a in head.ancestors if a.i in index), None)
        if governing is not None:
            return governing
        return next((index[t.i] for t in head.subtree if t.i in index), root(0))

    return [event_of(h) for h in heads]


def clause_span(tokens: Sequence[Token], group: Sequence[int]) -> tuple[int, int] | None:
    """The character span (offsets of the tokens' doc) of the clauses the tokens at ``group`` belong to."""
    own = [t for k in group for t in _own_tokens(clause_of(tokens[k])) if not t.is_punct]
    if not own:
        return None
    return min(t.idx for t in own), max(t.idx + len(t) for t in own)
