"""Geoparser: takes article text, gives resolved toponyms; and picks the place of one event.

Recognition is ``recognize.find_mentions`` (gazetteer names matched in the text, judged by cues).
Resolution ranks each mention's gazetteer candidates by the gazetteer's own prior (kind, population)
plus the article's context: the countries and provinces it names, "X, Y" and "(X, Y)" hierarchies,
and nearness to the other places it names. ``locate_event`` then chooses, for one event trigger, the
place where that event happened.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from eventwire.geo.build import ABBREVIATION_KEYS
from eventwire.geo.demonyms import EXTRA_DEMONYMS, place_of_demonym
from eventwire.geo.distance import haversine_km
from eventwire.geo.evidence import EVIDENCED_MIN, CountryEvidence, actor_signals, mention_signal
from eventwire.geo.gazetteer import SITE_KINDS, Candidate, Gazetteer, open_gazetteer
from eventwire.geo.name_index import MatchKey, NameIndex, open_name_index
from eventwire.geo.normalize import normalize
from eventwire.geo.protocol import COUNTRY_FEATURE_CODES
from eventwire.geo.ranker import (
    FEATURES,
    CandidateContext,
    CandidateRanker,
    RulesRanker,
    features,
    load_ranker,
)
from eventwire.geo.recognize import (
    ACTORS_CSV,
    COMMON_WORDS,
    DEMONYM_SCORE,
    NEVER_WORDS,
    SHORT_KEYS,
    KeyInfo,
    Mention,
    actor_name_keys,
    find_mentions,
    locative_head,
    named_unit_mentions,
)
from eventwire.model import Place, Toponym

#: Towns below this population are only matched by their primary name (aliases would flood the text).
MIN_ALIAS_POPULATION = 5000
GEOPARSER_VERSION = "geo-15"
#: How far (characters) before an unknown site a known local place still tells its country.
NEIGHBOUR_CHARS = 80
#: How far back a sentence without a place still reads as set where the text last was: about two sentences.
CONTEXT_CHARS = 300
#: Where the ranker's rows say a candidate's country is the one the article's evidence leads to.
_TOP_COUNTRY = FEATURES.index("top_country")
#: How many of a mention's rule-ranked candidates the learned ranker chooses among.
RANKER_TOP = 8
#: Toponyms scored below this (demonyms, metonyms, names inside organisation names) never locate an event.
MIN_EVENT_SCORE = 0.35
#: Weights of the article context in resolution (see ``_Context.bonus``).
CONTEXT_WEIGHTS: dict[str, float] = {
    "country_share": 6.0,
    "admin1": 1.0,
    "admin1_cap": 2,
    "near": 1.5,
    "near_km": 100.0,
    "near_cap": 2,
    "rounds": 2,
    "strict_anchors": 1,
    "min_score": 0.0,
    "major_cap": 5.0,
    "region_cap": 1.0,
    "admin1_strict": 1,
    "mutual": 1.5,
    "mutual_km": 50.0,
    "mutual_cap": 2,
    "mutual_top": 10,
}
MAJOR_KINDS = frozenset({"country", "admin1", "continent", "region", "sea", "gulf", "strait"})

_NEAR_RE = re.compile(
    r"\b(?:near|nearby|outside|outskirts of|vicinity of|close to|around|rural|countryside of|(?:north|south|east|west|"
    r"northeast|northwest|southeast|southwest)(?:ern)?(?: part)? of|(?:km|kilometres|kilometers|miles) "
    r"(?:\w+ )?(?:of|from))\s+(?:the\s+)?"
    # "near the town of Djibo", "on the outskirts of the northwestern city of Bannu"
    r"(?:(?:[\w'’-]+\s+){0,3}?(?:town|city|village|port|settlement|locality|capital)\s+of\s+(?:the\s+)?)?$",
    re.I,
)
#: After the name: the event is somewhere in the area the name stands for ("in the Shwebo area").
_AREA_AFTER_RE = re.compile(r"^\s+(?:area|outskirts|countryside|surroundings|vicinity|environs)\b", re.I)
_EVENT_PREPS = frozenset(
    {
        "in",
        "at",
        "on",
        "near",
        "inside",
        "outside",
        "into",
        "across",
        "around",
        "over",
        "of",
        "outskirts",
        "hit",
        "struck",
        "shelled",
        "bombed",
        "targeted",
        "attacked",
    }
)
_EVENT_NOUNS = frozenset(
    {
        "attacks",
        "attack",
        "fighting",
        "clashes",
        "strikes",
        "airstrikes",
        "shelling",
        "protests",
        "raids",
        "operations",
        "parts",
        "areas",
        "towns",
        "villages",
        "camps",
        "residents",
        "people",
        "civilians",
    }
)
_ORIGIN_PREPS = frozenset({"from"})
_ANAPHORA_RE = re.compile(
    r"\b(?:there|the (?:city|town|village|area|camp|region|province|site|base|neighbourhood|neighborhood|"
    r"district|outpost|market|port|border town|settlement|locality))\b",
    re.I,
)
#: "X in central Mali", "X in the north of Gezira" (compass words optional): Y qualifies where X lies.
_IN_QUALIFIER_RE = re.compile(
    r"(?:\s+(?:village|town|hamlet|township|district|area|locality|neighbou?rhood))?,?"
    r"\s+in\s+(?:the\s+)?(?:rural\s+)?(?:(?:far\s+)?(?:(?:north|south)(?:-?(?:east|west))?|east|west|central|mid)(?:ern)?"
    r"(?:\s+part\s+of|\s+of)?\s+)?(?:the\s+)?",
    re.I,
)
#: An Arabic name goes on after the matched word ("Wad al-Nourah", "Tal el-Hawa", "Bir ibn Ali").
_NAME_GOES_ON_RE = re.compile(r"[ \t]+(?:al|el|ad|ed|ash|esh|as|es|ar|er|an|en|at|et|az|ez|ath)-[A-Z]|[ \t]+(?:ibn|bin|bint|abu|umm)\s+[A-Z]")
#: Words that introduce a place name: what follows them is a place, even one the gazetteer lacks.
_PLACE_INTRO_RE = re.compile(
    r"\b(?:village|town|city|hamlet|district|area|camp|region|province|neighbou?rhood|port|settlement|"
    r"locality|suburb|market)\s+of\s+(?:[\w'’]+(?:-|\s+)){0,4}$",
    re.I,
)
#: A place name's span in the text: start, end, the words.
Span = tuple[int, int, str]
#: "in the city's northern outskirts": near the place, not in it.
_OUTSKIRTS_RE = re.compile(r"['’]s\s+(?:\w+\s+)?(?:outskirts|suburbs)\b", re.I)
_VAGUE_ANAPHOR_RE = re.compile(r"the (?:area|region|province|district)", re.I)
#: A dateline ("BEIRUT -", "KADUNA, Nigeria -", "KYIV (Reuters) -") names where the reporter files from.
_DATELINE_TAIL_RE = re.compile(r"(?:,\s*[A-Z][\w .'’-]{1,40}?)?\s*(?:\([\w .]+\)\s*)?[-–—]")
#: Place nouns that make a demonym locative: "the Yemeni port of Mokha", "the northern Israeli town of X".
_DEMONYM_PLACE_RE = re.compile(
    r"\s+(?:port|town|city|village|capital|coast|border|province|region|territory|side|waters|"
    r"coastal|border town|frontier|countryside|district|island)s?\b",
    re.I,
)
#: The clause names a place the gazetteer does not know ("the Speer military site"): the event is not at
#: a place named earlier, so the fallback goes to the country rather than the previous place.
_UNKNOWN_SITE_RE = re.compile(
    r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*\s+(?:military\s+|army\s+|air\s+)?"
    r"(?:site|base|camp|village|town|outpost|checkpoint|airport|port|neighbourhood|neighborhood)\b"
)


def _centroid(places: Sequence[Candidate]) -> tuple[float, float] | None:
    """The middle (median latitude and longitude) of ``places``, one vote per name; None if none."""
    if not places:
        return None
    lats = sorted(p.latitude for p in places)
    lons = sorted(p.longitude for p in places)
    return lats[len(lats) // 2], lons[len(lons) // 2]


def _km_to(point: tuple[float, float], c: Candidate) -> float:
    return haversine_km(point[0], point[1], c.latitude, c.longitude)


def _km(a: Candidate | Place, b: Candidate | Place) -> float:
    """Great-circle distance in km."""
    return haversine_km(a.latitude or 0.0, a.longitude or 0.0, b.latitude or 0.0, b.longitude or 0.0)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Resolved:
    mention: Mention
    candidates: tuple[Candidate, ...]
    best: Candidate | None
    #: The candidates in context order (best first), once the article's context has ranked them.
    ranked: tuple[Candidate, ...] = ()
    #: The rules' score of each of ``ranked`` (prior plus context).
    rule_scores: tuple[float, ...] = ()
    #: What chose ``best`` among namesakes (see ``Toponym.rule``).
    rule: str = ""


#: A district-level unit word right after the name (provinces and regions are precision 3 already by kind).
_UNIT_AFTER_RE = re.compile(
    r"\s*(?:district|county|local\s+government|LGA|municipality|territory|commune|cercle|sub-?county|tehsil|"
    r"township|woreda|department|locality|raion|rayon|division|sub-?prefecture|prefecture|payam)\b", re.IGNORECASE)
#: "the Ettadhamen district of Tunis": a part of a town, not a district-level unit.
_UNIT_OF_RE = re.compile(r"\s*\w+\s+of\b", re.IGNORECASE)
#: The unit word inside the name as written ("Sukma district", "Bokkos local government area").
_UNIT_END_RE = re.compile(
    r"\s(?:district|county|local\s+government(?:\s+area)?|LGA|territory|tehsil|township|woreda|municipality|"
    r"department|locality|raion|rayon|division|commune|cercle|payam)$", re.IGNORECASE)


def precision_of(candidate: Candidate, prefix: str, suffix: str = "", surface: str = "") -> int:
    """TAXONOMY geo_precision: 3 for a country or province, 2 for a district, "near X", "N km north of
    the town of X" or "the X area", else 1."""
    if candidate.kind in ("country", "admin1", "region", "sea", "gulf", "continent"):
        return 3
    if candidate.kind in ("admin2", "admin3") or _NEAR_RE.search(prefix) or _AREA_AFTER_RE.match(suffix):
        return 2
    if (_UNIT_AFTER_RE.match(suffix) and not _UNIT_OF_RE.match(suffix)) or _UNIT_END_RE.search(surface):
        # "Sukma district", "Hpakant township", "Bokkos local government area": the text names the unit,
        # not its seat town, even when the gazetteer's reading is the town (ACLED: precision 2)
        return 2
    return 1


class GazetteerGeoparser:
    """The production ``Geoparser``: gazetteer-driven recognition plus context-aware resolution."""

    def __init__(self, gazetteer: Gazetteer, *, min_alias_population: int = MIN_ALIAS_POPULATION,
                 ranker: CandidateRanker | None = None) -> None:
        self.gazetteer = gazetteer
        self.min_alias_population = min_alias_population
        self.ranker: CandidateRanker = ranker if ranker is not None else load_ranker()
        self.version = f"{GEOPARSER_VERSION}+gaz{gazetteer.version}+rank{self.ranker.version}"

    @cached_property
    def _keys(self) -> tuple[NameIndex, KeyInfo]:
        """(name index, what each key is): opened from its cache file beside the gazetteer in milliseconds,
        else built (seconds) and cached for the next process."""
        spec = self._index_spec()
        gazetteer = Path(self.gazetteer.path)
        digest = hashlib.sha256(spec.encode()).hexdigest()[:16]
        path = gazetteer.with_name(f"{gazetteer.stem}.names-{digest}.sqlite")
        index = open_name_index(path, spec, self._match_keys(), lambda: {"actors": actor_name_keys()},
                                stale=lambda: _stale_indexes(gazetteer))
        info = KeyInfo(
            demonyms=index.demonyms,
            major=index.major,
            abbreviations=ABBREVIATION_KEYS,
            # A group's name beats a minor town's alternate name; countries and big places stay places.
            actors=index.actors - index.major,
        )
        return index, info

    def _index_spec(self) -> str:
        # Everything the index depends on, so a changed gazetteer, parser, key rule or actor list never
        # reads a stale one.
        return "|".join((GEOPARSER_VERSION, self.gazetteer.version, str(self.min_alias_population),
                         ",".join(sorted(SHORT_KEYS)), ",".join(sorted(ABBREVIATION_KEYS)),
                         ",".join(sorted(MAJOR_KINDS)), _file_sha256(ACTORS_CSV),
                         ",".join(f"{k}={v}:major" for k, v in sorted(EXTRA_DEMONYMS.items()))))

    def _match_keys(self) -> Iterator[MatchKey]:
        """Every name worth looking for in text, with whether it is only a demonym and whether it is major."""
        for key, match, kind, population in self.gazetteer.names_for_matching(self.min_alias_population):
            if (len(key) < 3 and key not in SHORT_KEYS | ABBREVIATION_KEYS) or not any(
                ch.isalpha() for ch in key
            ):
                continue
            # Major: countries, seas, regions, and provinces or towns of 100k+ people by their own name
            # (the Isle of Man's "Michael" and "Patrick" sheadings are provinces, not major places).
            big = (population or 0) >= 100_000
            major = kind in MAJOR_KINDS - {"admin1"} or (big and (kind == "admin1" or match == "name"))
            yield MatchKey(key, demonym=match == "demonym", major=major)
        for key in EXTRA_DEMONYMS:  # "Palestinian", "European": adjectives the sources lack
            yield MatchKey(key, demonym=True, major=True)  # a country or continent, as the sources' demonyms

    # --- parse --------------------------------------------------------------------------------

    def mentions(self, text: str, ner_spans: Iterable[tuple[int, int]] = ()) -> list[Mention]:
        """All recognised name mentions, demonyms included, except the first word of a longer Arabic name
        the gazetteer does not hold ("Wad" of "Wad al-Nourah" is not Vad, Russia)."""
        index, info = self._keys
        found = [m for m in find_mentions(text, index, info, ner_spans) if not _NAME_GOES_ON_RE.match(text, m.end)]
        units = named_unit_mentions(text, found, self._lookup)
        units += listed_unit_mentions(text, found + units, self._lookup)
        return sorted(found + units, key=lambda m: m.start) if units else found

    def parse(self, text: str, ner_spans: Iterable[tuple[int, int]] = ()) -> list[Toponym]:
        """All toponyms in ``text``, resolved, in text order (demonyms only inform the context)."""
        return list(self._parse_cached(text, tuple(sorted(ner_spans))))

    @lru_cache(maxsize=64)  # noqa: B019  (the parser lives for the process; repeat calls on one text)
    def _parse_cached(self, text: str, ner_spans: tuple[tuple[int, int], ...]) -> tuple[Toponym, ...]:
        mentions = self.mentions(text, ner_spans)
        resolved = self._resolve(text, mentions)
        out = []
        for r in resolved:
            if r.best is None and not _said_to_be_a_place(text, r):
                continue
            place = (
                r.best.to_place(
                    precision_of(r.best, text[max(0, r.mention.start - 80) : r.mention.start],
                                 text[r.mention.end : r.mention.end + 30], r.mention.text),
                    surface=text[r.mention.start : r.mention.end],
                )
                if r.best
                else None
            )
            out.append(
                Toponym(
                    start=r.mention.start,
                    end=r.mention.end,
                    text=r.mention.text,
                    place=place,
                    score=r.mention.score if r.best else r.mention.score / 2,
                    rule=r.rule if r.best else "",
                )
            )
        return tuple(out)

    def _candidates(self, mention: Mention) -> tuple[Candidate, ...]:
        return self._lookup(mention.text, mention.demonym)

    def _listed_units(self, text: str, mention: Mention) -> tuple[Candidate, ...]:
        """A name in a list that a plural unit noun closes ("Barrow and Jackson counties", "Borno and
        Yobe states", "Kharkiv and Sumy regions") names that unit: its candidates are the units called
        "<name> County/State/Region", not the towns that share the bare name."""
        m = _UNIT_LIST_RE.match(text, mention.end)
        if m is None or mention.demonym:
            return ()
        own = self._candidates(mention)
        if own and own[0].kind in MAJOR_KINDS - {"admin1"}:
            return ()  # "Gulf states", "Baltic states": a region's states, not a province called Gulf
        head = _UNIT_HEADS[m.group("head").lower()]
        units = [c for c in self._lookup(f"{mention.text} {head}", False)
                 if c.kind in ("admin1", "admin2") and c.match in ("name", "alias", "core")]
        return tuple(units)

    @cached_property
    def _lookup(self) -> Callable[[str, bool], tuple[Candidate, ...]]:
        """Gazetteer candidates of a mention's text, memoised for the parser's lifetime."""

        @lru_cache(maxsize=100_000)
        def lookup(text: str, demonym: bool) -> tuple[Candidate, ...]:
            if demonym:
                extra = self._extra_demonym(text)
                if extra is not None:
                    return (extra,)
                return tuple(c for c in self.gazetteer.lookup(text, limit=3) if c.kind == "country")
            found = self.gazetteer.lookup(text, limit=25)
            if _COUNTY_WORD_RE.search(text):
                # "Washington County", "Westmoreland County": when counties carry the whole name as written,
                # the readings of the bare name (Washington State; Westmoreland, Jamaica) are no readings.
                # Only for County/Parish: "Hiiraan region" keeps its readings (the seat town is found by them)
                whole = [c for c in found if c.match in ("name", "alias")]
                found = whole or found
            elif not _UNIT_WORD_RE.search(text):
                # "Suffolk" may be Suffolk County, New York, not only Suffolk, Virginia
                known = {c.place_id for c in found}
                counties = [c for c in self.gazetteer.bare_county_readings(text) if c.place_id not in known]
                found = sorted([*found, *counties], key=lambda c: (-c.score, c.place_id))
            return tuple(found)

        return lookup

    def _extra_demonym(self, text: str) -> Candidate | None:
        """The country or continent of a demonym the gazetteer lacks ("Palestinian", "European")."""
        target = place_of_demonym(normalize(text))
        if target is None:
            return None
        place = self.gazetteer.by_id(target) if ":" in target else self.gazetteer.country(target)
        return replace(place, match="demonym") if place is not None else None

    def _resolve(self, text: str, mentions: list[Mention]) -> list[_Resolved]:
        """Two passes: a context-free guess, then a re-rank using the article's context."""
        first = [
            _Resolved(mention=m, candidates=(cands := self._listed_units(text, m) or self._candidates(m)),
                      best=cands[0] if cands else None)
            for m in mentions
        ]
        current = first
        for _ in range(int(CONTEXT_WEIGHTS["rounds"])):  # each round sees a context cleaned by the one before
            context = _Context.of(current)
            current = [self._rerank(r, context, current, i, text) for i, r in enumerate(current)]
        if not isinstance(self.ranker, RulesRanker):
            rows = self._candidate_rows(text, current, context)
            current = [self._learned(r, row, text) for r, row in zip(current, rows, strict=True)]
        current = [_outside_qualifier(r, current, i, text) for i, r in enumerate(current)]
        current = [_part_of_town(r, current, i, text) for i, r in enumerate(current)]
        evidence = self._evidence(text, current)
        return [_no_foreign_namesake(r, evidence, current, i, text) for i, r in enumerate(current)]

    def _learned(self, r: _Resolved, rows: list[list[float]], text: str) -> _Resolved:
        """The ranker's choice among the rules' leading candidates."""
        if len(rows) < 2 or r.best is None:
            return r
        # the model may move a name within the rules' country, or to a bigger place: never to a smaller
        # namesake abroad (trained on US local news, it would send "Geneva" to Geneva, New York)
        # unless the article's own evidence leads to that country and not to the rules' choice's
        first = r.ranked[0]
        allowed = [j for j in range(len(rows)) if j == 0 or r.ranked[j].country_iso2 == first.country_iso2
                   or r.ranked[j].population >= first.population
                   or (rows[j][_TOP_COUNTRY] > 0 and rows[0][_TOP_COUNTRY] == 0)]
        if first.match in ("name", "alias"):
            # the whole written name is a place ("Kansas City", "Quebec City", "Gulf of Mexico"): a reading of
            # only part of it ("Kansas", "Quebec", "Mexico") is another place, though the model's match
            # feature cannot tell the two apart
            allowed = [j for j in allowed if not _part_of_name(r.ranked[j], r.mention.key)]
        pick = allowed[self.ranker.choose([rows[j] for j in allowed])]
        if pick == 0:
            return r
        chosen = _district_seat(r.ranked[pick], r.ranked, text[r.mention.end : r.mention.end + 30])
        return replace(r, best=chosen, rule="ranker")

    def candidate_rows(self, text: str) -> list[tuple[Mention, tuple[Candidate, ...], list[list[float]]]]:
        """Every mention with its rule-ranked leading candidates and their ranker features (the training
        recipe reads these; the rules' order is kept, so row 0 is the rules' choice)."""
        mentions = self.mentions(text)
        current = [_Resolved(mention=m, candidates=(c := self._listed_units(text, m) or self._candidates(m)),
                             best=c[0] if c else None) for m in mentions]
        context = _Context.of(current)
        for _ in range(int(CONTEXT_WEIGHTS["rounds"])):
            context = _Context.of(current)
            current = [self._rerank(r, context, current, i, text) for i, r in enumerate(current)]
        rows = self._candidate_rows(text, current, context)
        return [(r.mention, r.ranked[:RANKER_TOP], row) for r, row in zip(current, rows, strict=True)]

    def _candidate_rows(self, text: str, resolved: list[_Resolved], context: _Context) -> list[list[list[float]]]:
        """Ranker features of each mention's leading candidates (``RANKER_TOP``), in the rules' order."""
        evidence = self._evidence(text, resolved)
        # one anchor per name: a town named ten times is one place
        anchors = list({r.mention.key: r.best for r in resolved if r.best is not None
                        and r.best.kind not in MAJOR_KINDS and r.mention.score >= MIN_EVENT_SCORE}.items())
        # the provinces the article names as places of their own ("Texas", "the state of Kerala")
        provinces = [(r.mention.key, (r.best.country_iso2 or "", r.best.name)) for r in resolved
                     if r.best is not None and r.best.kind == "admin1" and not r.mention.demonym]
        # places the article names without doubt: a local name whose leading readings all lie together
        confident = list({r.mention.key: r.best for r in resolved if r.best is not None
                          and r.best.kind not in MAJOR_KINDS and r.mention.score >= MIN_EVENT_SCORE
                          and not r.mention.demonym and all(_km(c, r.best) < 50 for c in r.candidates[:3])}.items())
        out: list[list[list[float]]] = []
        for r in resolved:
            if len(r.ranked) < 2 or r.mention.demonym:
                out.append([])  # nothing to choose among
                continue
            key = r.mention.key
            totals = evidence.totals(without=key)
            total = sum(totals.values())
            top_country = max(totals, key=lambda k: (totals[k], k)) if totals else None
            top = r.ranked[:RANKER_TOP]
            nearest = [min((_km(a, c) for k, a in anchors if k != key), default=None) for c in top]
            known = [d for d in nearest if d is not None]
            most = max(c.population for c in top)
            named = {k for k2, k in provinces if k2 != key}
            centre = _centroid([a for k, a in confident if k != key])
            province_total = sum(context.admin1_votes.values()) - sum(context.admin1s.get(key, Counter()).values())
            rows = []
            for j, c in enumerate(top):
                region = c.name if c.kind == "admin1" else c.admin1
                own = context.admin1s.get(key, Counter()).get((c.country_iso2 or "", region or ""), 0)
                votes = context.admin1_votes.get((c.country_iso2 or "", region or ""), 0) - own if region else 0
                ctx = CandidateContext(
                    rule_score=r.rule_scores[j], best_rule_score=r.rule_scores[0], rule_best=j == 0,
                    evidence_share=totals.get(c.country_iso2 or "", 0.0) / total if total else 0.0,
                    evidence_total=total, admin1_votes=votes, km_to_other=nearest[j],
                    most_populous=c.population == most and most > 0,
                    nearest_to_other=nearest[j] is not None and nearest[j] == min(known),
                    top_country=c.country_iso2 == top_country,
                    rule_best_country=c.country_iso2 == top[0].country_iso2,
                    mutual=context.mutual(c, key) if c.kind not in MAJOR_KINDS else 0,
                    admin1_named=bool(region) and (c.country_iso2 or "", region or "") in named,
                    km_to_centroid=_km_to(centre, c) if centre else None,
                    admin1_share=max(votes, 0) / province_total if province_total > 0 else 0.0)
                rows.append(features(c, ctx))
            out.append(rows)
        return out

    @staticmethod
    def _evidence(text: str, resolved: list[_Resolved]) -> CountryEvidence:
        """Every signal's vote for a country: the names, demonyms and actors of the article."""
        signals = actor_signals(text)
        for r in resolved:
            b = r.best
            if b is None:
                continue
            m = r.mention
            # a name inside an organisation's, or in capitals ("SWAT", a dateline), only supports
            weak = (m.score < MIN_EVENT_SCORE and not m.demonym) or m.text.isupper()
            s = mention_signal(m.key, ((c.kind, c.country_iso2) for c in r.candidates[:3]),
                               demonym=m.demonym, best_kind=b.kind, best_iso2=b.country_iso2,
                               big=b.population >= BIG_PLACE_POPULATION, weak=weak, start=m.start)
            if s is not None:
                signals.append(s)
        return CountryEvidence(signals=tuple(signals))

    @staticmethod
    def _rerank(r: _Resolved, context: _Context, resolved: list[_Resolved], i: int, text: str) -> _Resolved:
        if not r.candidates:
            return r
        candidates = _settlements_if_named_so(r.candidates, text[max(0, r.mention.start - 30) : r.mention.start],
                                              text[r.mention.end : r.mention.end + 30])
        candidates = _acronym_readings(r.mention.text, candidates)
        candidates = _waters_after_the(candidates, text[max(0, r.mention.start - 40) : r.mention.start])
        candidates = _region_as_modifier(candidates, text[r.mention.end : r.mention.end + 30])
        totals = {c.place_id: c.score + context.bonus(c, r, resolved, i, text) for c in candidates}
        scored = sorted(candidates, key=lambda c: (-totals[c.place_id], c.place_id))
        best = _district_seat(scored[0], candidates, text[r.mention.end : r.mention.end + 30])
        return replace(r, best=best, ranked=tuple(scored), rule_scores=tuple(totals[c.place_id] for c in scored),
                       rule="context" if len(scored) > 1 else "")

    # --- locate_event -----------------------------------------------------------------------------

    def locate_event(
        self, text: str, toponyms: Sequence[Toponym], *, sentence: tuple[int, int], anchor: tuple[int, int]
    ) -> Toponym | None:
        """The place where the event triggered at ``anchor`` happened (see module docstring)."""
        in_sentence = [
            t
            for t in toponyms
            if t.place
            and sentence[0] <= t.start
            and t.end <= sentence[1]
            and (t.score >= MIN_EVENT_SCORE or _locative_demonym(text, t) or _facility_of(text, t))
            and not is_dateline(text, t)
        ]
        scored = [(self._event_score(text, t, anchor, toponyms) - _qualifier_penalty(text, t, in_sentence), t)
                  for t in in_sentence]
        scored = [(s, t) for s, t in scored if s > -50]
        if scored:
            best = max(scored, key=lambda st: (st[0], -st[1].start))[1]
            return self._at_seat(_unit_of_unknown(text, best, toponyms))
        return self._fallback(text, toponyms, sentence)

    def _at_seat(self, t: Toponym) -> Toponym:
        """An event placed in a named district or province ("in Rutshuru territory", "in Yala province",
        "Sukma district") takes the coordinates of the town of the same name that is its seat, as ACLED
        codes it (precision 2 or 3 at the seat, not at the unit's centroid); name and precision stay the
        unit's."""
        place = t.place
        if place is None or place.feature_code not in ("ADM1", "ADM2", "ADM3") or not place.iso3:
            return t
        core = _UNIT_WORD_RE.sub("", t.text).strip()
        if not core:
            return t
        seats = [c for c in self.gazetteer.exact(normalize(core))
                 if c.kind in _SETTLEMENT_KINDS and c.iso3 == place.iso3
                 and _km(c, place) <= (SEAT_REACH_KM if place.feature_code == "ADM1" else UNIT_REACH_KM)]
        if not seats:
            return t
        seat = max(seats, key=lambda c: (c.population, c.place_id))
        return replace(t, place=replace(place, latitude=seat.latitude, longitude=seat.longitude),
                       rule=_join(t.rule, "seat"))

    def _event_score(self, text: str, t: Toponym, anchor: tuple[int, int],
                     places: Sequence[Toponym] = ()) -> float:
        prefix = text[max(0, t.start - 60) : t.start]
        # "in rural Ras al Ain": the preposition before "rural" is the one that says where
        words = [w for w in re.findall(r"[A-Za-z]+", prefix) if w.lower() not in ("the", "a", "an", "rural")]
        prep = words[-1].lower() if words else ""
        if prep in ("in", "of") and _is_group_name(prefix) and not _not_a_group_before(text, t, places):
            return -100.0  # "the Islamic Resistance in Iraq" names a group, not where it struck
        if re.match(r"\s*[-–]\s*(?:based|backed|led|allied|aligned)\b|['’]s\b", text[t.end : t.end + 12]) and \
                not _PART_AFTER_POSSESSIVE_RE.match(text, t.end):
            return -100.0
        place = t.place
        assert place is not None
        score = 0.0
        score += 3.0 if prep in _EVENT_PREPS else 0.0
        score -= 4.0 if prep in _ORIGIN_PREPS else 0.0
        kind_rank = {"PCLI": 0, "ADM1": 1, "RGN": 1, "ADM2": 2, "ADM3": 2.5}.get(place.feature_code or "", 3)
        score += kind_rank * 1.5
        score += 1.0 if place.source == "curated" else 0.0
        # metonymic mentions ("Turkey shelled") are actors; "near Dhaka University" is still in Dhaka
        score -= 3.0 if t.score < 0.4 and not _facility_of(text, t) else 0.0
        distance = min(abs(t.start - anchor[1]), abs(anchor[0] - t.end))
        score -= distance / 40.0
        return score

    def _fallback(self, text: str, toponyms: Sequence[Toponym], sentence: tuple[int, int]) -> Toponym | None:
        """No place in the sentence: "there"/"the city" → the previous place; else the main country."""
        before = [
            t
            for t in toponyms
            if t.place and t.end <= sentence[0] and t.score >= MIN_EVENT_SCORE and not is_dateline(text, t)
        ]
        clause = text[sentence[0] : sentence[1]]
        anaphor = _ANAPHORA_RE.search(clause)
        if not any(b.place and b.place.precision < 3 for b in before):
            dateline = _dateline_antecedent(text, toponyms, clause)
            if dateline is not None:
                return dateline
        if _OUTCOME_ONLY_RE.fullmatch(clause):
            previous = _previous_sentence(text, sentence[0])
            if previous is not None:
                return self.locate_event(text, toponyms, sentence=previous, anchor=(previous[0], previous[0]))
        if before and anaphor and not _UNKNOWN_SITE_RE.search(clause):
            # "the neighbourhood" points back to the last named town or site, not to "Haiti's capital".
            local = [b for b in before if b.place and b.place.precision < 3]
            t = (local or before)[-1]
            assert t.place is not None
            # "returned to the neighbourhood" is that very place; "the area" is only somewhere near it
            outskirts = _OUTSKIRTS_RE.match(clause, anaphor.end())
            if outskirts:  # the evidence is the words that say where: "the city's northern outskirts"
                start, end = sentence[0] + anaphor.start(), sentence[0] + outskirts.end()
                return Toponym(start=start, end=end, text=text[start:end], score=t.score,
                               place=replace(t.place, precision=max(2, t.place.precision)))
            vague = _VAGUE_ANAPHOR_RE.fullmatch(anaphor.group()) is not None
            precision = max(2, t.place.precision) if vague else t.place.precision
            return replace(t, place=replace(t.place, precision=precision))
        if _UNKNOWN_SITE_RE.search(clause):
            neighbour = self._neighbour_country(text, before, sentence[0])
            if neighbour is not None:
                return neighbour
        # no place in the sentence: it goes on where the sentence before it was ("planting explosives
        # near al-Tamanah, south Idlib. ... hospitals targeted by Russian warplanes"), in that country,
        # rather than in the country a commentary on British fighters mostly names
        # (a country the article names only once, through that place, is too thin: "the Alameda area" of
        # a Lisbon march read as Alameda, California does not move the next sentence to the US)
        nearby = self._neighbour_country(text, before, sentence[0], reach=CONTEXT_CHARS)
        votes, first_span, country_span = _country_votes(text, toponyms)
        main = self._main_of(votes, first_span, country_span)
        if nearby is not None and main is not None and nearby.place and main.place and nearby.place.iso3 != main.place.iso3:
            if votes[nearby.place.iso3 or ""] >= 3:
                return nearby
        return main

    def _neighbour_country(self, text: str, before: Sequence[Toponym], start: int,
                           reach: int = NEIGHBOUR_CHARS) -> Toponym | None:
        """An unknown site listed right after a known local place ("the Ovda Air Base and the Speer
        military site") lies in that place's country, whatever country the article names most."""
        near = [t for t in before if t.place and t.place.precision < 3 and start - t.end <= reach]
        t = near[-1] if near else None
        iso3 = t.place.iso3 if t is not None and t.place is not None else None
        country = self.gazetteer.country(iso3) if iso3 else None
        if t is None or country is None:
            return None
        return Toponym(start=t.start, end=t.end, text=t.text, place=country.to_place(precision=3), score=0.3)

    def main_country(self, text: str, toponyms: Sequence[Toponym]) -> Toponym | None:
        """The article's dominant country (from its toponyms and demonyms) as a precision-3 toponym."""
        return self._main_of(*_country_votes(text, toponyms))

    def _main_of(self, votes: Counter[str], first_span: dict[str, Span],
                 country_span: dict[str, Span]) -> Toponym | None:
        """The country with most votes, evidenced where the text names it (see ``_country_votes``)."""
        if not votes:
            return None
        # Ties go to the country named first (the headline and lead say what the story is about).
        iso3 = min(votes, key=lambda k: (-votes[k], first_span[k][0]))
        country = self.gazetteer.country(iso3)
        if country is None:
            return None
        start, end, span = country_span.get(iso3, first_span[iso3])
        return Toponym(start=start, end=end, text=span, place=country.to_place(precision=3), score=0.3)


#: "in the capital", "the city": with no place named before, the city of the dateline ("MOGADISHU
#: (Reuters) - Al Shabaab attacked a base in the capital"); a capital only when the words say capital.
_CITY_ANAPHOR_RE = re.compile(r"\bthe\s+(?P<what>capital|city)\b", re.I)


def _dateline_antecedent(text: str, toponyms: Sequence[Toponym], clause: str) -> Toponym | None:
    """The dateline's city when the sentence places the event only in "the capital" or "the city": the
    reporter files from the city the story is about, and the words point back to it."""
    m = _CITY_ANAPHOR_RE.search(clause)
    if m is None:
        return None
    for t in toponyms:
        if t.place is not None and t.place.precision == 1 and is_dateline(text, t):
            capital = (t.place.feature_code or "").startswith("PPLC")
            return t if capital or m.group("what").lower() == "city" else None
    return None


#: A coder's note ends with its outcome on its own: "5 Palestinians killed.", "2 fatalities.",
#: "Fatalities unknown.", "No casualties reported." — the event of the sentence before, where it was.
_OUTCOME_ONLY_RE = re.compile(
    r"\s*(?:(?:(?:at\s+least|about|around|some|over|more\s+than)\s+)?"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|dozens|no)\b[^.;!?]{0,50}?"
    r"\b(?:killed|dead|injured|wounded|fatalit(?:y|ies)|casualties)"
    r"|(?:fatalities|casualties)\s+(?:unknown|not\s+reported))\b[^.;!?]{0,30}[.;]?\s*",
    re.I,
)


def _previous_sentence(text: str, start: int) -> tuple[int, int] | None:
    """The span of the sentence that ends right before ``start`` (None at the start of the text)."""
    end = len(text[:start].rstrip())
    if end == 0:
        return None
    stops = list(re.finditer(r"[.!?]\s+(?=[A-Z0-9\"“])", text[: end - 1]))
    return (stops[-1].end() if stops else 0), end


#: An unknown name set in the unit that follows: "near Nargiztapa, Khojavend", "Da Gaw village in Mansi
#: township", "Bahan township (Yangon", "Attia in rural Ras al Ain".
_UNKNOWN_BEFORE_RE = re.compile(
    r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|al|el|ad|de|du|la))*)"
    r"(?:\s+(?:village|town|hamlet|township|district|area|camp|neighbou?rhood|quarter|locality))?"
    r"(?:\s*,|\s*\(|\s+in(?:\s+rural)?|\s+in\s+the)\s*$"
)


def _unit_of_unknown(text: str, best: Toponym, toponyms: Sequence[Toponym]) -> Toponym:
    """The event's place is a unit written after an unknown place it contains ("near Nargiztapa,
    Khojavend"): the event is somewhere in that unit, so precision 2 at best, with the unit's words as
    evidence. A known place written there ("Rafah, Gaza") leaves the precision alone."""
    place = best.place
    if place is None or place.precision != 1:
        return best
    m = _UNKNOWN_BEFORE_RE.search(text, max(0, best.start - 80), best.start)
    if m is None:
        return best
    name = m.group("name")
    words = name.split()
    if words[0].lower() in COMMON_WORDS or words[0].lower() in _FIRST_WORD_NOT_PLACE \
            or _opens_sentence_alone(text, m.start("name"), name):
        return best
    known = any(t.place is not None and t.start < m.end("name") and t.end > m.start("name") for t in toponyms)
    return best if known else replace(best, place=replace(place, precision=2), rule=_join(best.rule, "unit"))


#: Words around a name that say it is a place: "Ywa Thit village", "the village of X", "Kani township".
_PLACE_NOUN_AFTER_RE = re.compile(
    r"\s+(?:village|town|hamlet|township|district|camp|neighbou?rhood|quarter|locality|settlement|"
    r"area|county|province|region|governorate|woreda|commune|cercle|territory|zone)s?\b", re.I)
_PLACE_NOUN_BEFORE_RE = re.compile(
    r"\b(?:village|town|city|hamlet|district|area|camp|settlement|locality|suburb|neighbou?rhood)\s+of\s+"
    r"(?:the\s+)?$", re.I)


#: After a name, the unit it is set in: "Bilin (Thaton District", "Attia in rural Ras al Ain", "X, Y".
_SET_IN_UNIT_RE = re.compile(r"\s*(?:,|\(|\s+in\s+(?:rural\s+|the\s+)?)\s*[A-Z]")
_LOCATIVE_PREPS = frozenset({"in", "near", "at", "outside", "inside", "into", "from", "around", "towards", "toward"})


def _said_to_be_a_place(text: str, r: _Resolved) -> bool:
    """Whether a name left unresolved is still reported as a toponym: only when the text says it is a place
    (a place noun beside it, a unit it is set in, a locative preposition before it) or the rules set it in
    a unit. A name whose only readings are small foreign towns refused by the article's country evidence,
    with none of these cues, is in news mostly a person, a firm or a team ("Titan's request", "Ittihad
    lost", "Anderson urged"): on GeoWebNews and LGL nine in ten such names are no toponym."""
    if r.rule == "qualifier":
        return True
    m = r.mention
    return bool(_PLACE_NOUN_AFTER_RE.match(text, m.end)
                or _PLACE_NOUN_BEFORE_RE.search(text, max(0, m.start - 40), m.start)
                or _SET_IN_UNIT_RE.match(text, m.end)
                or (m.prep or "") in _LOCATIVE_PREPS)


def _join(*rules: str) -> str:
    return ";".join(r for r in rules if r)


#: Capitalised words that open a clause rather than name a place ("On Monday, Kharkiv").
_FIRST_WORD_NOT_PLACE = frozenset({"on", "in", "at", "by", "after", "before", "during", "since", "residents",
                                   "sources", "police", "officials", "witnesses", "reports", "local"})


#: A facility named after its town ("Dhaka University", "Mosul airport"), told as where something happened.
_FACILITY_AFTER_RE = re.compile(
    r"\s+(?:University|Hospital|Airport|airport|Stadium|Prison|prison|Mosque|Church|Market|market|Square|"
    r"Bridge|bridge|Station|station|Refinery|refinery|Power\s+Plant|power\s+plant)\b")
_FACILITY_PREP_RE = re.compile(r"\b(?:in|at|near|outside|inside|on)\s+(?:the\s+)?$", re.IGNORECASE)


def _facility_of(text: str, t: Toponym) -> bool:
    """ "clashed near Dhaka University": the town inside a facility's name places the event there."""
    return bool(_FACILITY_AFTER_RE.match(text, t.end) and _FACILITY_PREP_RE.search(text[max(0, t.start - 12) : t.start]))


def _qualifier_penalty(text: str, t: Toponym, others: Sequence[Toponym]) -> float:
    """ "in al-Bab, in the Aleppo countryside": a place written after another of its country to say where
    that one lies is not where the event happened; the first is."""
    for u in others:
        if (u.end <= t.start and u.place is not None and t.place is not None and u.place.iso3 == t.place.iso3
                and u.place.precision <= t.place.precision and _HIERARCHY_SEP_RE.fullmatch(text, u.end, t.start)):
            return 6.0
        # "near Tarmiyah, north of Baghdad", "Sake, 25 km west of Goma": the second place is a landmark
        # that says where the first lies, never where the event was
        if u.end <= t.start and u.place is not None and _REFERENCE_SEP_RE.fullmatch(text, u.end, t.start):
            return 6.0
    return 0.0


#: Between a place and a landmark that locates it: ", north of ", ", 25 kilometres west of the city of ".
_REFERENCE_SEP_RE = re.compile(
    r"\s*,\s*(?:(?:about|some|around|roughly|nearly|just)\s+)?(?:(?:a\s+)?(?:\d+|[a-z]+)\s*"
    r"(?:km|kilometres|kilometers|miles)\s+)?(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
    r"(?:\s+part)?\s+of|from|outside)\s+(?:the\s+)?(?:(?:[\w'’-]+\s+){0,2}?(?:city|town|capital)\s+of\s+)?",
    re.IGNORECASE,
)


def _country_votes(text: str, toponyms: Sequence[Toponym]) -> tuple[Counter[str], dict[str, Span], dict[str, Span]]:
    """Votes per country (a named place 2, a demonym 1), where each is first named, and where the text
    names the country itself."""
    votes: Counter[str] = Counter()
    first_span: dict[str, Span] = {}
    country_span: dict[str, Span] = {}
    for t in toponyms:
        # Demonyms count ("Israeli strikes"); metonyms and names inside organisations do not.
        # A dateline says where the reporter files from (DUBAI, GENEVA), not where things happened.
        literal = t.score >= MIN_EVENT_SCORE or t.score == DEMONYM_SCORE
        if not (t.place and t.place.iso3) or is_dateline(text, t):
            continue
        # the evidence is where the text names the country ("Sudan's war", "Sudanese") if it does
        if t.place.feature_code in COUNTRY_FEATURE_CODES and t.place.iso3 not in country_span:
            country_span[t.place.iso3] = (t.start, t.end, t.text)
        if literal:
            votes[t.place.iso3] += 1 if t.score == DEMONYM_SCORE else 2
            first_span.setdefault(t.place.iso3, (t.start, t.end, t.text))
    return votes, first_span, country_span


def is_dateline(text: str, t: Toponym) -> bool:
    """The toponym opens a dateline: written in capitals at the start of a line or of the text, then a
    dash ("BEIRUT -", "KADUNA, Nigeria -", "PORT-AU-PRINCE -")."""
    letters = [ch for ch in t.text if ch.isalpha()]
    if len(letters) < 3 or not all(ch.isupper() for ch in letters):
        return False
    line_start = text.rfind("\n", 0, t.start) + 1
    head = text[line_start : t.start]
    # A headline may share the line when the text joins title and body with a space.
    if head.strip() and not re.search(r"[a-z.!?'\"”]\s+$", head):
        return False
    return bool(_DATELINE_TAIL_RE.match(text, t.end))


def _locative_demonym(text: str, t: Toponym) -> bool:
    """A country demonym used as a place: "the Yemeni port of Mokha", "an Israeli town"."""
    return (
        t.score == DEMONYM_SCORE
        and t.place is not None
        and t.place.feature_code == "PCLI"
        and bool(_DEMONYM_PLACE_RE.match(text, t.end))
    )


#: A locative preposition, then the words of a name (lower-case particles allowed: "Complexo da"), ending
#: where the capitalised words before "in"/"of" begin.
_LOCATIVE_BEFORE_NAME_RE = re.compile(
    r"\b(?:in|at|on|near|inside|outside|into|around)\s+(?:the\s+)?(?:rural\s+)?"
    r"(?:(?:[A-Z][\w'’-]*|da|de|do|dos|das|del|du|la|le|el|al)\s+)*$")


#: A capitalised name, then "in"/"of", right before the toponym: what ``_is_group_name`` reads as a group.
_NAME_THEN_IN_RE = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,4})(?:in|of)\s+(?:the\s+)?$")


def _not_a_group_before(text: str, t: Toponym, places: Sequence[Toponym]) -> bool:
    """The capitalised words before "in"/"of" are no group after all: a place the text names ("the
    University of Georgia in Athens", "the Complexo da Mare in Rio") — a place set in a place — or a
    single word that only opens the sentence ("Demonstrators in Sfax", "Unions in Cordoba"), capitalised
    for its position, not as a name. Groups read so ("the Islamic Resistance in Iraq") are several words
    and no toponym."""
    if any(p.place is not None and p.end <= t.start
           and re.fullmatch(r"\s+(?:in|of)\s+(?:the\s+)?", text[p.end : t.start]) for p in places):
        return True
    m = _NAME_THEN_IN_RE.search(text, max(0, t.start - 60), t.start)
    return m is not None and _opens_sentence_alone(text, m.start(1), m.group(1))


def _opens_sentence_alone(text: str, start: int, name: str) -> bool:
    """A single capitalised word that opens the sentence ("Demonstrators in Sfax"): capitalised for
    where it stands, so no evidence of a name (of a group or of a place we do not know)."""
    return len(name.split()) == 1 and re.search(r"(?:^|[.!?:;]\s+|\n)\s*$", text[:start]) is not None


def _is_group_name(prefix: str) -> bool:
    """The words before "in"/"of" are a capitalised name ("Islamic Resistance in", "Islamic State of").

    Ordinary capitalised words ("On Monday in", "The attack in") and place heads ("outskirts of",
    "Gulf of") do not make a name.
    """
    m = re.search(r"((?:[A-Z][\w'’-]*\s+){1,4})(?:in|of)\s+(?:the\s+)?$", prefix)
    if not m:
        return False
    if _PLACE_INTRO_RE.search(prefix, 0, m.start(1)):
        return False  # "the village of Wad al-Nourah in Gezira state": a place we do not know, not a group
    if _LOCATIVE_BEFORE_NAME_RE.search(prefix, 0, m.start(1)):
        # "an operation in the Complexo da Mare in Rio", "gathered at Bat Galim Square of Haifa": a name
        # that is itself where something happened is a place we do not know, set in the next one
        return False
    last = m.group(1).split()[-1]
    return last.lower() not in COMMON_WORDS and not locative_head(last) and last.lower() not in _EVENT_NOUNS


@dataclass(frozen=True, kw_only=True, slots=True)
class _Context:
    """What the whole article says about where it is, vote by vote.

    Votes are kept per name key, so a name never votes for its own reading: six "Georgia"s do not make
    an article about the country Georgia when Gainesville and Duluth say it is the US state.
    """

    countries: dict[str, Counter[str]]
    admin1s: dict[str, Counter[tuple[str, str]]]
    anchors: tuple[tuple[str, Candidate], ...]
    country_votes: Counter[str]
    country_total: int
    admin1_votes: Counter[tuple[str, str]]
    #: Grid cell → (name key, candidate) of every ambiguous mention's leading local candidates.
    cells: dict[tuple[int, int], tuple[tuple[str, Candidate], ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, resolved: list[_Resolved]) -> _Context:
        countries: dict[str, Counter[str]] = {}
        admin1s: dict[str, Counter[tuple[str, str]]] = {}
        anchors: dict[str, Candidate] = {}
        strict = bool(CONTEXT_WEIGHTS["strict_anchors"])
        for r in resolved:
            b, key = r.best, r.mention.key
            if b is None or b.country_iso2 is None or r.mention.score < CONTEXT_WEIGHTS["min_score"]:
                continue
            unambiguous = len({c.country_iso2 for c in r.candidates[:3]}) == 1
            countries.setdefault(key, Counter())[b.country_iso2] += (
                2 if b.kind == "country" or unambiguous else 1
            )
            votes = admin1s.setdefault(key, Counter())
            if b.kind == "admin1":
                votes[(b.country_iso2, b.name)] += 2
            elif b.admin1 and (unambiguous or not CONTEXT_WEIGHTS["admin1_strict"]):
                votes[(b.country_iso2, b.admin1)] += 1
            if b.kind not in MAJOR_KINDS and (unambiguous or b.population > 100_000 or not strict):
                anchors.setdefault(key, b)
        country_votes: Counter[str] = Counter()
        admin1_votes: Counter[tuple[str, str]] = Counter()
        for c_votes in countries.values():
            country_votes.update(c_votes)
        for a_votes in admin1s.values():
            admin1_votes.update(a_votes)
        return cls(
            countries=countries,
            admin1s=admin1s,
            anchors=tuple(anchors.items()),
            country_votes=country_votes,
            country_total=sum(country_votes.values()),
            admin1_votes=admin1_votes,
            cells=_candidate_cells(resolved),
        )

    def mutual(self, c: Candidate, key: str) -> int:
        """How many other names have a reading within ``mutual_km`` of ``c`` ("Paris and Henry County":
        Paris, Tennessee lies in Henry County, Tennessee; Paris, Texas has no Henry County nearby)."""
        lat_cell, lon_cell = _cell(c)
        keys = set()
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for k, other in self.cells.get((lat_cell + dlat, lon_cell + dlon), ()):
                    if k != key and k not in keys and _km(other, c) < CONTEXT_WEIGHTS["mutual_km"]:
                        keys.add(k)
        return len(keys)

    def bonus(self, c: Candidate, r: _Resolved, all_resolved: list[_Resolved], i: int, text: str) -> float:
        """Extra score of candidate ``c`` of mention ``i`` given the rest of the article."""
        w = CONTEXT_WEIGHTS
        key = r.mention.key
        cc = c.country_iso2 or ""
        own_countries = self.countries.get(key, Counter())
        total = self.country_total - sum(own_countries.values())
        votes = self.country_votes.get(cc, 0) - own_countries.get(cc, 0)
        bonus = w["country_share"] * votes / total if total > 0 else 0.0
        region = c.name if c.kind == "admin1" else c.admin1
        if region:
            own = self.admin1s.get(key, Counter()).get((cc, region), 0)
            bonus += w["admin1"] * min(self.admin1_votes.get((cc, region), 0) - own, w["admin1_cap"])
        if c.kind not in MAJOR_KINDS:
            near = sum(1 for k, a in self.anchors if k != key and _km(a, c) < w["near_km"])
            bonus += w["near"] * min(near, w["near_cap"])
            bonus += w["mutual"] * min(self.mutual(c, key), w["mutual_cap"])
            majors = [x for x in r.candidates[:5] if x.kind in MAJOR_KINDS - {"admin1"} and x.match == "name"]
            if majors:
                # "China" is China even in a Texas paper: a village that shares a country's or a state's
                # name needs strong evidence ("China, Texas", or a whole article about that county);
                # "the Middle East" is the region even in a Baltimore paper that names its neighbourhoods.
                country = any(x.kind == "country" for x in majors)
                bonus = min(bonus, w["major_cap"] if country else w["region_cap"])
        return bonus + _hierarchy_bonus(c, all_resolved, i, text)


_CELL_DEG = 0.5  # about 55 km of latitude: a 3x3 block of cells covers every point within mutual_km


def _cell(c: Candidate) -> tuple[int, int]:
    return int(math.floor(c.latitude / _CELL_DEG)), int(math.floor(c.longitude / _CELL_DEG))


def _candidate_cells(resolved: list[_Resolved]) -> dict[tuple[int, int], tuple[tuple[str, Candidate], ...]]:
    """Local (non-major) candidates of every mention, bucketed by grid cell, one entry per name key."""
    cells: dict[tuple[int, int], list[tuple[str, Candidate]]] = {}
    seen: set[tuple[str, str]] = set()
    top = int(CONTEXT_WEIGHTS["mutual_top"])
    for r in resolved:
        if r.mention.score < MIN_EVENT_SCORE:
            continue
        for c in r.candidates[:top]:
            if c.kind in MAJOR_KINDS or (r.mention.key, c.place_id) in seen:
                continue
            seen.add((r.mention.key, c.place_id))
            cells.setdefault(_cell(c), []).append((r.mention.key, c))
    return {k: tuple(v) for k, v in cells.items()}


#: Between a name and the unit that contains it: "X, Y", "X (Y", "X township (Y District", "X district, Y",
#: "X in rural Y", "X village in Y".
_HIERARCHY_SEP_RE = re.compile(
    r"\s*(?:(?:township|district|county|province|state|region|governorate|oblast|raion|woreda|commune|"
    r"municipality|village|town|city|area|sub-?district|LGA)\s*)?"
    r"(?:\(|,\s*(?:the\s+|in\s+(?:rural\s+|the\s+)?)?|in\s+(?:rural\s+|the\s+)?)"
    r"(?:(?:north|south|east|west|central)(?:ern)?\s+)?\s*",
    re.IGNORECASE,
)


def _hierarchy_bonus(c: Candidate, resolved: list[_Resolved], i: int, text: str) -> float:
    """ "X, Y" or "X (Y)": candidates of X inside Y win; candidates of Y that contain X win too."""
    bonus = 0.0
    m = resolved[i].mention
    if i + 1 < len(resolved):
        nxt = resolved[i + 1].mention
        if _HIERARCHY_SEP_RE.fullmatch(text, m.end, nxt.start):
            for y in resolved[i + 1].candidates:
                if _contains(y, c):
                    bonus += 8.0
                    break
    if i > 0:
        prv = resolved[i - 1].mention
        if _HIERARCHY_SEP_RE.fullmatch(text, prv.end, m.start):
            if any(_contains(c, x) for x in resolved[i - 1].candidates):
                bonus += 8.0
    return bonus


def _outside_qualifier(r: _Resolved, resolved: list[_Resolved], i: int, text: str) -> _Resolved:
    """ "the town of Boni in central Mali": a town qualified by the country or province it lies in cannot
    be a namesake elsewhere (Bonn, Germany, whose alias is Boni). When none of its candidates lies there,
    the town is one the gazetteer does not hold: it stays unresolved, and the qualifier places the event."""
    if r.best is None or r.best.kind in MAJOR_KINDS or r.mention.demonym or i + 1 >= len(resolved):
        return r
    nxt = resolved[i + 1]
    units = ("country", "admin1", "admin2", "admin3")
    if nxt.best is None or nxt.best.kind not in units + tuple(_SETTLEMENT_KINDS) or nxt.mention.demonym:
        return r
    y = nxt.best
    # "Lala, Djugu territory", "Kanbalu township (Shwebo District": Y written as a unit (by its kind or by
    # the unit word after it) is where X lies
    worded = bool(_UNIT_AFTER_RE.match(text, nxt.mention.end) or _UNIT_END_RE.search(nxt.mention.text))
    unit = y.kind in units or worded
    if not _IN_QUALIFIER_RE.fullmatch(text, r.mention.end, nxt.mention.start):
        # "Trips to Saipan, Guam, Alaska": a list goes on after Y, so Y is no unit of X's (a unit word
        # after Y says it is: "Lala, Djugu territory, Ituri")
        listed = not worded and _LIST_GOES_ON_RE.match(text, nxt.mention.end)
        if unit and not listed and _SET_IN_RE.fullmatch(text, r.mention.end, nxt.mention.start):
            return _not_abroad(r, y)
        return r
    if y.kind not in units and not unit and "rural" not in text[r.mention.end : nxt.mention.start].lower():
        return r  # "Hopkins Park in DeKalb": only "in rural Y" ties a place to a town Y for sure
    # "Kaboul village, in rural Mopti": a town set in another town's countryside lies near it
    # "Kaboul village, in rural Mopti": a town set in another town's countryside lies near it; so does a
    # village set in a township written by its seat town ("Nant Hpar village in Kyaukme township")
    inside = [c for c in r.candidates if (_contains(y, c) if y.kind in units else
                                          c.country_iso2 == y.country_iso2 and _km(c, y) <= RURAL_REACH_KM)]
    if not inside:
        return replace(r, best=None, rule="qualifier")
    return r if r.best in inside else replace(r, best=inside[0], rule="qualifier")


#: "X, Y" or "X (Y" after an optional place noun: Y is written as where X lies, or is the next of a list.
_SET_IN_RE = re.compile(
    r"(?:\s+(?:village|town|hamlet|township|district|area|locality|camp|commune|county))?\s*(?:,|\()\s*(?:the\s+)?",
    re.I)


_LIST_GOES_ON_RE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)[A-Z]")


def _not_abroad(r: _Resolved, unit: Candidate) -> _Resolved:
    """ "Lala, Djugu territory, Ituri": a town written before the unit it lies in is in that unit's country.
    A comma also separates lists ("Aleppo, Idlib and Hama"; "Gaza, Lebanon and Yemen"), so the comma only
    refuses a small town abroad (one that the text's own unit word contradicts); it then takes a reading
    in the unit (else in its country), or stays unresolved so the unit places the event."""
    b = r.best
    if b is None or b.country_iso2 == unit.country_iso2 or b.population >= FOREIGN_MIN_POPULATION or \
            b.source == "curated" or b.kind in SITE_KINDS:
        return r
    at_home = [c for c in (r.ranked or r.candidates) if c.country_iso2 == unit.country_iso2]
    inside = [c for c in at_home if _contains(unit, c)] if unit.kind != "country" else at_home
    pick = (inside or at_home)[:1]
    return replace(r, best=pick[0] if pick else None, rule="qualifier")


#: How far from a province's centre its capital may lie (a province of the same name as its capital).
SEAT_REACH_KM = 250.0
#: Unit words written after a name ("Yala province", "Rutshuru territory").
_UNIT_WORD_RE = re.compile(
    r"\s+(?:province|state|region|governorate|oblast|county|district|territory|township|woreda|zone|"
    r"prefecture|department|cercle|commune|municipality|LGA|local government area|raion|rayon)$", re.I)

#: "Washington County", "Iberia Parish": the unit words of US counties (and parishes), written as part of the name.
_COUNTY_WORD_RE = re.compile(r"\s(?:County|Parish)$")

#: A city this big says which country the article is about (an evidence vote like a province's).
BIG_PLACE_POPULATION = 100_000
#: A foreign town this big (or a capital) is known enough to be meant by its bare name anywhere.
FOREIGN_MIN_POPULATION = 50_000
#: A namesake smaller than this gives way to any evidenced country; a bigger one only to strong evidence.
WEAK_NAMESAKE_POPULATION = 5_000
STRONG_EVIDENCE = 4.0


def _no_foreign_namesake(r: _Resolved, evidence: CountryEvidence, resolved: list[_Resolved], i: int,
                         text: str) -> _Resolved:
    """A town outside every country the article's other signals point to is a foreign namesake ("Chora,
    Greece" in a report on Afghan forces in Urozgan): it gives way to a reading inside an evidenced
    country, or, when there is none, stays unresolved (the containing unit the text names then places
    the event). A town whose country anything else in the article supports is never refused; else it is
    kept only with evidence of its own: a capital or big city, or the unit written beside it."""
    b, key = r.best, r.mention.key
    if b is None or r.mention.demonym or b.kind in MAJOR_KINDS or b.feature_code == "PPLC":
        return r
    # a named site (an air base, a crossing, a curated conflict place) is what the text means: groups
    # strike abroad ("the Islamic Resistance in Iraq targeted Ovda Air Base")
    if b.source == "curated" or b.kind in SITE_KINDS:
        return r
    if evidence.totals(without=key).get(b.country_iso2 or "", 0.0) > 0 or _hierarchy_bonus(b, resolved, i, text) > 0:
        return r
    # the smaller (or the more loosely matched) the namesake, the less evidence it takes to refuse it
    weak = b.population < WEAK_NAMESAKE_POPULATION or key in COMMON_WORDS or _far_spelling(key, b)
    if not weak and b.population >= FOREIGN_MIN_POPULATION:
        return r
    allowed = evidence.evidenced(without=key, near=r.mention.start,
                                 floor=EVIDENCED_MIN if weak else STRONG_EVIDENCE)
    inside = [c for c in (r.ranked or r.candidates) if c.country_iso2 in allowed]
    if inside:
        return replace(r, best=inside[0], rule="country-evidence")
    # no reading in the evidenced country: only a weak namesake is refused ("Houthi drones hit Eilat"
    # is Eilat, Israel, though the Houthis are Yemeni)
    return replace(r, best=None, rule="country-evidence") if allowed and weak else r


_PART_NOUNS = r"(?:neighbou?rhood|district|quarter|area|suburb|square|camp|market)"
_COMPASS = r"(?:(?:north|south|east|west|central)(?:-?(?:east|west))?(?:ern)?\s+)?"
#: "the Sala neighbourhood of Taiz city", "Bat Galim Square of Haifa": X is a part of the town after it.
_PART_OF_RE = re.compile(rf"\s+{_PART_NOUNS}\s+of\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?{_COMPASS}", re.I)
#: "Mogadishu's Hodan district": X, after the possessive, is a part of the town before it.
_POSSESSIVE_PART_RE = re.compile(rf"['’]s\s+{_COMPASS}", re.I)
_PART_AFTER_RE = re.compile(rf"\s+{_PART_NOUNS}\b", re.I)
_PART_AFTER_POSSESSIVE_RE = re.compile(
    rf"['’]s\s+{_COMPASS}[A-Z][\w'’-]*(?:[\s-]+[A-Z][\w'’-]*){{0,2}}\s+{_PART_NOUNS}\b", re.I)
#: How far from a town's point its neighbourhoods and camps lie.
PART_REACH_KM = 40.0


def _part_of_town(r: _Resolved, resolved: list[_Resolved], i: int, text: str) -> _Resolved:
    """A neighbourhood, district or square written as part of a town ("the Sala neighbourhood of Taiz
    city", "Conakry's Hamdallaye district") lies in that town: a namesake elsewhere is not it, and
    without a reading near the town the part stays unresolved (the town then places the event)."""
    if r.best is None or r.mention.demonym:
        return r
    town: Candidate | None = None
    if i + 1 < len(resolved) and _PART_OF_RE.fullmatch(text, r.mention.end, resolved[i + 1].mention.start):
        town = resolved[i + 1].best
    elif i > 0 and _POSSESSIVE_PART_RE.fullmatch(text, resolved[i - 1].mention.end, r.mention.start) and \
            _PART_AFTER_RE.match(text, r.mention.end):
        town = resolved[i - 1].best
    if town is None or town.kind not in _SETTLEMENT_KINDS or r.best.country_iso2 == town.country_iso2:
        return r  # only a namesake abroad is refused: the town's own reading may be the uncertain one
    inside = [c for c in (r.ranked or r.candidates)
              if c.country_iso2 == town.country_iso2 and _km(c, town) <= PART_REACH_KM]
    return replace(r, best=inside[0] if inside else None, rule="part-of")


def _far_spelling(key: str, c: Candidate) -> bool:
    """The name matched a reading only loosely, or through an alternate name unlike its own ("Mansi" is
    listed for Muncie, Indiana): a weak reading of the name, whatever the town's size."""
    if c.match in ("name", "core"):
        return False
    if c.match != "alias":
        return True
    from rapidfuzz import fuzz

    own = normalize(c.name)
    return key not in own and own not in key and fuzz.ratio(key, own) < 75


#: How far from a district's or township's centre its towns lie, about.
UNIT_REACH_KM = 60.0
#: How far "in rural X" reaches from the town X.
RURAL_REACH_KM = 100.0


def _contains(outer: Candidate, inner: Candidate) -> bool:
    """``outer`` (a country or province) contains ``inner``."""
    if outer.kind == "country":
        return inner.country_iso2 == outer.country_iso2 and inner.place_id != outer.place_id
    if outer.kind in ("admin1", "admin2", "admin3"):
        same = inner.country_iso2 == outer.country_iso2 and inner.place_id != outer.place_id
        if same and outer.name in (inner.admin1, inner.admin2):
            return True
        # districts and townships of the curated layer carry no names of their own below admin1: a
        # place of the same province within a district's reach of its centre lies in it
        return (same and outer.kind != "admin1" and inner.kind not in ("admin1", "country")
                and (not outer.admin1 or same_admin1(outer.admin1, inner.admin1)) and _km(outer, inner) <= UNIT_REACH_KM)
    return False


_ADMIN1_WORDS = frozenset({"oblast", "state", "region", "province", "governorate", "city"})
_ADMIN1_TRANSLATIONS = {"sud": "south", "nord": "north"}


def _admin1_key(name: str) -> str:
    words = [_ADMIN1_TRANSLATIONS.get(w, w) for w in normalize(name).replace("-", " ").split()]
    return "".join(w for w in words if w not in _ADMIN1_WORDS)


def same_admin1(a: str | None, b: str | None) -> bool:
    """The same province however the curated layer and GeoNames spell it: "Donetsk Oblast" and "Donetska
    oblast", "South Kivu" and "Sud-Kivu" (a shared stem of five letters or more, an ending of at most three)."""
    if a is None or b is None:
        return a == b
    if a == b:
        return True
    ka, kb = _admin1_key(a), _admin1_key(b)
    if ka == kb:
        return bool(ka)
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 5 and long_.startswith(short) and len(long_) - len(short) <= 3


def load_geoparser_from(path: Path | None = None) -> GazetteerGeoparser:
    """A geoparser over the gazetteer at ``path`` (default: the built one in the cache)."""
    return GazetteerGeoparser(open_gazetteer(path))


#: Plural unit nouns that close a list of names ("Eastland and Callahan counties"), with the singular
#: head that names one unit ("Callahan County").
_UNIT_HEADS: dict[str, str] = {
    "counties": "County",
    "parishes": "Parish",
    "districts": "District",
    "provinces": "Province",
    "states": "State",
    "regions": "Region",
    "oblasts": "Oblast",
    "governorates": "Governorate",
    "departments": "Department",
    "prefectures": "Prefecture",
}
_LIST_ITEM = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2}"
_LIST_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"
_UNIT_LIST_RE = re.compile(
    rf"(?:{_LIST_SEP}{_LIST_ITEM}){{0,12}}\s+(?P<head>{'|'.join(_UNIT_HEADS)})\b", re.IGNORECASE
)

#: A whole list that a plural unit noun closes: "Becker, Clay, Douglas, Grant and Wilkin counties".
_WHOLE_UNIT_LIST_RE = re.compile(
    rf"(?P<items>{_LIST_ITEM}(?:{_LIST_SEP}{_LIST_ITEM}){{1,12}})\s+(?P<head>{'|'.join(_UNIT_HEADS)})\b")


def listed_unit_mentions(text: str, found: Sequence[Mention],
                         lookup: Callable[[str, bool], tuple[Candidate, ...]]) -> list[Mention]:
    """Names in a list closed by a plural unit noun that recognition passed over, because alone they read
    as people ("Clarke, Madison, Oconee and Oglethorpe counties", "Butler, Clark, Hamilton and Warren
    counties"): each is a unit when the gazetteer knows "<name> County" (State, District...)."""
    taken = [(m.start, m.end) for m in found]
    out: list[Mention] = []
    for match in _WHOLE_UNIT_LIST_RE.finditer(text):
        head = _UNIT_HEADS[match.group("head")]
        for item in re.finditer(_LIST_ITEM, match.group("items")):
            start, end = match.start("items") + item.start(), match.start("items") + item.end()
            name = item.group()
            if any(s < end and start < e for s, e in taken) or name.split()[0].lower() in NEVER_WORDS:
                continue
            if not any(c.kind in ("admin1", "admin2") and c.match in ("name", "alias", "core")
                       for c in lookup(f"{name} {head}", False)):
                continue
            out.append(Mention(start=start, end=end, text=name, key=normalize(name), demonym=False,
                               prep=None, metonymic=False, score=0.8))
    return out

_SETTLEMENT_CUE = re.compile(r"\b(?:city|town|village)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
#: Right after the name, a lower-case settlement noun ("Mali village", "Bahir Dar town"); a capital
#: "Town" or "City" would be part of the name itself.
#: "the Sudan town of Tawila" is different: there the name is a modifier of the town that follows.
_SETTLEMENT_AFTER = re.compile(r"\s+(?:village|town|hamlet)\b(?!\s+of\b)")
_SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood"})  # "town": the curated layer's kind


#: After the name, words that say the district itself is meant ("Birnin Gwari local government area").
_DISTRICT_CUE = re.compile(
    r"^\s*(?:district|county|local\s+government|LGA|municipality|department|province|region|"
    r"prefecture|governorate|oblast|raion|rayon|territory|commune|circle|cercle|sub-?county|tehsil|township|woreda)\b",
    re.IGNORECASE,
)


def _part_of_name(c: Candidate, key: str) -> bool:
    """Whether ``c`` matched only a shorter part of the written name ``key`` (a "core" match whose own
    name is shorter than what was written), not the whole of it."""
    return c.match == "core" and len(normalize(c.name)) < len(key)


def _district_seat(best: Candidate, candidates: Sequence[Candidate], suffix: str) -> Candidate:
    """A second-level district named like a town is, in a news report, the town: "near Birnin Gwari"
    means the town that gives the district its name (as ACLED codes it), not the district's centroid,
    unless the text says "district", "county", "LGA" and the like."""
    if best.feature_code not in ("ADM2", "ADM3") or _DISTRICT_CUE.search(suffix):
        return best
    key = normalize(best.name)
    seats = [
        c for c in candidates
        if c.kind in _SETTLEMENT_KINDS and c.iso3 == best.iso3 and c.admin1 == best.admin1
        and normalize(c.name) == key
    ]
    return max(seats, key=lambda c: (c.population, c.place_id)) if seats else best


#: "the Atlantic", "the tropical Atlantic", "the eastern Mediterranean": "the" and at most two lower-case
#: words before the name (no place noun among them: "the town of" is a settlement cue).
_THE_BEFORE_RE = re.compile(r"\bthe\s+(?:[a-z][a-z-]*\s+){0,2}$")
_WATER_REGION_KINDS = frozenset({"sea", "gulf", "strait", "region", "continent"})
_WATER_KINDS = frozenset({"sea", "gulf", "strait"})
_UNIT_KINDS = frozenset({"admin1", "admin2", "admin3"})


def _waters_after_the(candidates: Sequence[Candidate], prefix: str) -> Sequence[Candidate]:
    """A sea or a region takes "the" ("hurricanes in the Atlantic", "the Sahel"); a town does not: when the
    name has such a reading, the town that shares it (Atlantic, Iowa) is no reading after "the"."""
    m = _THE_BEFORE_RE.search(prefix)
    if m is None or re.search(r"\b(?:town|city|village|of)\b", m.group(0)):
        return candidates
    waters = [c for c in candidates if c.kind in _WATER_REGION_KINDS]
    if not waters:
        return candidates
    if any(c.kind in _WATER_KINDS for c in waters):
        # "the Gulf", "the Red Sea": a body of water, not the province named after it (Gulf, Papua New
        # Guinea; Red Sea State, Sudan), which news writes without "the"
        return [c for c in candidates if c.kind not in _SETTLEMENT_KINDS and c.kind not in _UNIT_KINDS]
    return [c for c in candidates if c.kind not in _SETTLEMENT_KINDS]


#: A word right after the name that makes it a modifier: "Arab solidarity", "Arab Red Crescent",
#: "Atlantic coast" (not a comma, a full stop or a preposition that ends the name).
_MODIFIED_NOUN_RE = re.compile(r"[ \t]+(?:[a-z][a-z-]{2,}|[A-Z][a-z]+)\b")
_CLOSED_WORDS = frozenset({"and", "or", "the", "for", "with", "from", "into", "said", "says", "was", "were",
                           "has", "had", "have", "will", "would", "is", "are", "on", "in", "at", "to", "of"})


def _region_as_modifier(candidates: Sequence[Candidate], suffix: str) -> Sequence[Candidate]:
    """A name that reads as a region and stands before a noun is the region's adjective ("Arab solidarity",
    "Central American migrants", "the Atlantic coast"), not a small town that shares it (Arab, Alabama;
    Atlantic, Iowa): a town's name before a noun ("Aleppo countryside") keeps its readings when no
    region shares it, and a big city (50,000 people or more) is always kept."""
    m = _MODIFIED_NOUN_RE.match(suffix)
    if m is None or m.group(0).strip().lower() in _CLOSED_WORDS:
        return candidates
    if not any(c.kind in ("region", "continent") for c in candidates):
        return candidates
    kept = [c for c in candidates
            if not (c.kind in _SETTLEMENT_KINDS and c.population < FOREIGN_MIN_POPULATION)]
    return kept or candidates


def _acronym_readings(surface: str, candidates: Sequence[Candidate]) -> Sequence[Candidate]:
    """ "EU", "UK", "DRC": two or three capitals are an acronym, so a town that merely shares the letters
    ("Eu", France; "Uk", Russia) is no reading while one the acronym names is there."""
    letters = surface.replace(".", "")
    if not (2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()):
        return candidates
    named = [c for c in candidates if c.match != "name" or c.name.isupper()]
    return named or candidates


def _settlements_if_named_so(candidates: Sequence[Candidate], prefix: str, suffix: str = "") -> Sequence[Candidate]:
    """After "the city/town/village of" or before "village"/"town", only populated places: "the city of
    Oaxaca" is not the state, and "Mali village" is not the country."""
    if _VILLAGE_AFTER.match(suffix):
        # "Kaboul village" is no capital city: a village is small
        candidates = [c for c in candidates if c.population < VILLAGE_MAX_POPULATION] or candidates
    if _POINT_CUE.search(prefix):
        candidates = [c for c in candidates if c.kind != "admin1"] or candidates
    if _UNIT_AFTER_RE.match(suffix) and not _UNIT_OF_RE.match(suffix) and candidates and \
            candidates[0].kind not in MAJOR_KINDS:
        # "Guma LGA", "Hays district": the name is a district-level unit's, so it lies in a country that has
        # a unit of that name (the unit, or its seat town); a namesake elsewhere (Goma, Philippines) is not it.
        # A country's or a province's name keeps its readings ("United Parcel Service Central Florida District")
        homes = {c.country_iso2 for c in candidates if c.kind in ("admin2", "admin3")}
        candidates = [c for c in candidates if c.country_iso2 in homes] or candidates
    if not (_SETTLEMENT_CUE.search(prefix) or _SETTLEMENT_AFTER.match(suffix)):
        return candidates
    settlements = [c for c in candidates if c.kind in _SETTLEMENT_KINDS]
    return settlements or candidates


#: "a village" that is a city of this size is another place of the same name.
VILLAGE_MAX_POPULATION = 200_000
_VILLAGE_AFTER = re.compile(r"\s+(?:village|hamlet)\b", re.IGNORECASE)
#: "near X", "outside X", "on the outskirts of X": a point, so not a province of that name.
_POINT_CUE = re.compile(r"\b(?:near|outside|outskirts\s+of|close\s+to|km\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?$",
                        re.IGNORECASE)


def _stale_indexes(gazetteer: Path) -> list[Path]:
    """Cache files a new name index of ``gazetteer`` makes obsolete: its indexes for other parser
    versions, those of gazetteers no longer there, and the pickled automata the index replaced."""
    folder = gazetteer.parent
    orphans = [p for p in folder.glob("*.names-*.sqlite")
               if not (folder / f"{p.name.split('.names-')[0]}.sqlite").exists()]
    return [*folder.glob(f"{gazetteer.stem}.names-*.sqlite"), *orphans, *folder.glob("automaton-*.pickle")]


def _file_sha256(path: Path) -> str:
    """Checksum of a data file the name index depends on ("" when there is none)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
