"""Toponym recognition: takes article text, gives candidate place-name spans with their cues.

The gazetteer's normalised names are matched against the normalised text by a ``NameMatcher`` (the
cached name index, ``geo/name_index.py``); every word-bounded hit is then judged by cheap cues:
capitalisation, a locative word before it, common English words, person titles, street and organisation patterns, and verbs that make a country an actor
(metonymy). No spaCy run is needed; an optional set of NER spans can only add confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from eventwire.geo.demonyms import names_language
from eventwire.geo.normalize import normalize, normalize_text

if TYPE_CHECKING:
    from eventwire.geo.gazetteer import Candidate


class NameMatcher(Protocol):
    """Finds the gazetteer's names in normalised text."""

    def word_matches(self, norm: str) -> list[tuple[int, int, str]]:
        """Every word-bounded hit ``(start, end, key)``, longest first, then left to right."""
        ...


#: Words whose following capitalised name is probably a place.
#: Compass and centre words: cue a place after them ("north of ...") and qualify one before it ("northern Gaza").
COMPASS_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
)
LOCATIVE_WORDS = frozenset(
    {
        "in",
        "near",
        "at",
        "outside",
        "from",
        "of",
        "to",
        "into",
        "across",
        "around",
        "inside",
        "towards",
        "toward",
        "on",
        "through",
        "throughout",
        "between",
        "and",
        "within",
        "via",
        "outskirts",
        "nearby",
        "visit",
        "visited",
        "entered",
        "captured",
        "seized",
        "hit",
        "struck",
        "shelled",
        "bombed",
        "attacked",
        "stormed",
    }
) | COMPASS_WORDS
#: Capitalised words that are towns somewhere but mostly ordinary English (or names) in news text.
COMMON_WORDS = frozenset(
    """
a about above after again against all also am among an and any are as at be because been before being
below best between both but by can could did do does doing down during each early few for from further
had has have having he her here hers him his how i if in into is it its just late least like long made
make many may me more most much must my never new next no nor not now of off often on once only or other
our out over own same say says said see she should since so some still such than that the their them then
there these they this those through to too under until up very was we well were what when where which
while who why will with would yet you your
january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday today tonight yesterday tomorrow morning evening night
police army court news city town state county mobile reading bath man young best nice orange union
liberty independence commerce progress hope victory justice unity paradise eden joy friendship
grant carter lincoln jackson jefferson madison franklin hamilton clinton clayton marion
warren wayne kent kendall douglas milton chester fort bay park lake river hill hills valley beach
center centre college university school hospital church street road avenue square airport station
north south east west central western eastern northern southern upper lower middle great little
gold silver diamond star sun moon summit golden crystal rock stone
home house office office post market bank trade council house senate congress parliament government
republic kingdom empire federal national international general president minister governor mayor
about aid alert alliance apple cable camp cape chase cliff cross deal drive
early fair fame fire forest free green guard harbor harmony haven health heritage
hunter independence industry island laurel leader lodge
mars media metro mission mount nelson norman ocean opportunity page palm pearl peace
pilot plains plaza point pride prince providence queen ranch reserve rich rose royal
security shelby sierra spring springs sterling story success sumner tiger trust
vernon view vista wall wells west white wood worth

""".split()
)
#: Titles and first words that mark the following capitalised word as (part of) a person's name.
PERSON_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "lord",
        "lady",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "president",
        "minister",
        "gen",
        "general",
        "col",
        "colonel",
        "lt",
        "sgt",
        "capt",
        "captain",
        "judge",
        "justice",
        "rev",
        "reverend",
        "pope",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "emir",
        "mayor",
        "chief",
        "officer",
        "coach",
        "professor",
        "prof",
        "bishop",
        "father",
        "brother",
        "sister",
        "mother",
        "uncle",
        "aunt",
        "saint",
    }
)
#: Capitalised words after a name that make the whole a street, building or organisation.
NON_PLACE_HEADS = frozenset(
    {
        "street",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "boulevard",
        "blvd",
        "lane",
        "drive",
        "highway",
        "way",
        "university",
        "college",
        "school",
        "academy",
        "institute",
        "hospital",
        "church",
        "cathedral",
        "mosque",
        "stadium",
        "arena",
        "hotel",
        "bank",
        "company",
        "corp",
        "corporation",
        "inc",
        "ltd",
        "group",
        "times",
        "post",
        "herald",
        "tribune",
        "journal",
        "news",
        "gazette",
        "daily",
        "magazine",
        "press",
        "fc",
        "united",
        "rangers",
        "club",
        "team",
        "party",
        "council",
        "department",
        "police",
        "sheriff",
        "airlines",
        "airways",
        "museum",
        "library",
        "theatre",
        "theater",
        "center",
        "centre",
        "hall",
        "building",
        "tower",
        "plaza",
        "mall",
        "park",
        "court",
        "square",
        "bridge",
        "station",
        "prison",
        "jail",
        "memorial",
        "foundation",
        "association",
        "society",
        "committee",
        "board",
        "office",
        "ministry",
        "agency",
        "service",
        "services",
        "fire",
        "county's",
        "state's",
    }
)
#: Heads of local institutions named after their town ("DeKalb Police", "Harwinton Council"): the town
#: is still a toponym there (news gold annotates it), though never an event's location.
ORG_HEADS = frozenset(
    {
        "police",
        "council",
        "county",
        "township",
        "fire",
        "department",
        "city",
        "sheriff",
        "library",
        "hospital",
        "museum",
        "senior",
        "democratic",
        "republican",
        "town",
        "village",
        "board",
        "chamber",
        "public",
    }
)
#: Capitalised words after a name that make the whole a street or road ("Wichita Drive").
STREET_HEADS = frozenset(
    {
        "street",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "boulevard",
        "blvd",
        "lane",
        "ln",
        "drive",
        "dr",
        "parkway",
        "pkwy",
        "circle",
        "cir",
        "terrace",
        "expressway",
        "freeway",
    }
)
#: Capitalised words after a name that keep it a place ("Gaza City" is matched whole; these extend).
PLACE_TAILS = frozenset(
    {
        "city",
        "county",
        "province",
        "governorate",
        "state",
        "region",
        "district",
        "oblast",
        "strip",
        "valley",
        "river",
        "mountains",
        "desert",
        "peninsula",
        "island",
        "islands",
        "border",
        "coast",
        # unit words of the countries conflict is reported from: "Mafa LGA", "Djugu territory",
        # "Kewet woreda", "Ouest department", "Pokrovsk raion", "Bui division", "Mir Ali tehsil"
        "township",
        "territory",
        "lga",
        "woreda",
        "department",
        "commune",
        "cercle",
        "locality",
        "raion",
        "rayon",
        "division",
        "municipality",
        "prefecture",
        "tehsil",
        "payam",
        "zone",
    }
)
#: Verbs after a country name that make it an actor, not a place ("Turkey shelled ...").
ACTOR_VERBS = frozenset(
    {
        "said",
        "says",
        "say",
        "announced",
        "announces",
        "shelled",
        "shells",
        "struck",
        "strikes",
        "attacked",
        "attacks",
        "launched",
        "launches",
        "denied",
        "denies",
        "accused",
        "accuses",
        "warned",
        "warns",
        "claimed",
        "claims",
        "condemned",
        "condemns",
        "urged",
        "urges",
        "has",
        "have",
        "had",
        "will",
        "would",
        "is",
        "was",
        "wants",
        "sent",
        "sends",
        "deployed",
        "imposed",
        "threatened",
        "threatens",
        "responded",
        "retaliated",
        "bombed",
        "fired",
        "agreed",
        "signed",
        "rejected",
        "called",
        "demanded",
        "vowed",
        "insisted",
        "blamed",
        "backed",
        "supports",
        "supported",
        "invaded",
        "recognized",
        "recognised",
        "could",
        "should",
        "may",
        "must",
        "can",
        "did",
        "does",
        "expelled",
        "summoned",
        "sanctioned",
    }
)
#: Words that are never place names in news text, whatever the context ("in March", "in English").
NEVER_WORDS = frozenset(
    """
january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday one two three four five six seven eight nine ten god jesus
christ allah english french spanish german arabic industry king queen vice secretary police
none mass christmas easter ramadan eid tonight today premier north south east west northeast northwest
southeast southwest jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
earth western central eastern northern southern region area street chamber law lot pack olympic grand
commerce house
""".split()
) | frozenset({"white house"})
#: Two-letter keys worth matching: only when written in capitals ("U.S.", "UK").
SHORT_KEYS = frozenset({"us", "uk", "usa", "uae", "drc", "car", "eu"})


#: Named armed groups, parties and militias (the actor list shared with extraction: data, not code).
ACTORS_CSV = Path(__file__).resolve().parents[1] / "data" / "actors.csv"


@lru_cache(maxsize=1)
def actor_name_keys() -> frozenset[str]:
    """Normalised names, aliases and acronyms of the named actors ("hamas", "houthis", "wagner").

    A span that names a group is an actor, never a toponym, even when some town has that name as an
    alternate spelling (GeoNames lists "Hamas" among the names of Hamm, Germany).
    """
    import csv

    from eventwire.geo.normalize import normalize

    if not ACTORS_CSV.exists():
        return frozenset()
    keys: set[str] = set()
    with ACTORS_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names = [
                row.get("canonical") or "",
                row.get("acronym") or "",
                *(row.get("aliases") or "").split("|"),
            ]
            keys.update(normalize(n) for n in names if n.strip())
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Common given names (``first_names.txt``): person cues, not places."""
    path = Path(__file__).with_name("first_names.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


@dataclass(frozen=True, kw_only=True, slots=True)
class KeyInfo:
    """What the matcher knows about its keys: demonym-only keys and keys of major places."""

    demonyms: frozenset[str]
    major: frozenset[str]
    abbreviations: frozenset[str] = frozenset()
    #: Keys that name an armed group or party (see ``actor_name_keys``): never toponyms.
    actors: frozenset[str] = frozenset()


#: Generic words that may stay lower case inside a place name ("Nuseirat camp", "Bab el-Mandeb strait").
GENERIC_LOWER = frozenset(
    {
        "camp",
        "refugee",
        "crossing",
        "air",
        "base",
        "airbase",
        "border",
        "district",
        "governorate",
        "oblast",
        "province",
        "region",
        "city",
        "strait",
        "sea",
        "gulf",
        "port",
        "checkpoint",
        "neighbourhood",
        "neighborhood",
        "oilfield",
        "field",
        "airport",
        "county",
        "parish",
        "state",
        "valley",
        "river",
        "township",
        "woreda",
        "commune",
        "tehsil",
        "town",
        # the admin units conflict reports write after a name ("Rutshuru territory", "Mayo-Tsanaga
        # department", "Djenne cercle", "West Gojjam zone", "Puncak regency"): the gazetteer holds such
        # "X Territory" keys, and a lower-case unit word must not make the whole name a non-name
        "territory",
        "zone",
        "cercle",
        "department",
        "prefecture",
        "subdistrict",
        "sub-district",
        "regency",
        "division",
        "municipality",
        "locality",
        "village",
        "raion",
        "rayon",
    }
)
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVE_RE = re.compile(r"(?<=\w)['’](?:s|ve|ll|re|d|m|t)\b")
_WORD_RE = re.compile(r"[A-Za-z][\w'’.-]*")
_SENTENCE_END_RE = re.compile(r"[.!?]['\"”’)]*\s*$|\n\s*$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Mention:
    """A gazetteer name found in text, with the cues that judge it.

    ``key`` is the normalised name; ``demonym`` True when the key is only a demonym ("Israeli");
    ``prep`` the lowercased word before it; ``metonymic`` when a country-like name acts as an agent.
    """

    start: int
    end: int
    text: str
    key: str
    demonym: bool
    prep: str | None
    metonymic: bool
    score: float


def _prev_words(text: str, start: int, n: int = 3) -> list[str]:
    return _WORD_RE.findall(text[max(0, start - 60) : start])[-n:]


def _next_words(text: str, end: int, n: int = 2) -> list[str]:
    return _WORD_RE.findall(text[end : end + 60])[:n]


_ARTICLE_BEFORE_RE = re.compile(r"(?<![\w-])(?:al|el|ad|ed|as|es|ash|ar|an|at|az|ath)-$")
_ARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|ad|ed|as|es|ash|ar|an|at|az|ath)-(?=[A-Z])")


def _capitalised(span: str) -> bool:
    """Every significant word starts upper-case ("Khan Younis", "Bab el-Mandeb", "Gulf of Aden")."""
    # "al-Hasakeh", "el-Fasher": a lower-case article joined to a capitalised name is still a name
    span = _ARTICLE_PREFIX_RE.sub("", span, count=1)
    words = [w for w in re.split(r"[\s-]+", span) if w]
    if not words or not words[0][:1].isupper():
        return False
    small = GENERIC_LOWER | {
        "of",
        "the",
        "de",
        "du",
        "la",
        "le",
        "el",
        "al",
        "ad",
        "an",
        "ash",
        "ez",
        "es",
        "er",
        "ed",
        "az",
        "as",
        "at",
        "ar",
        "en",
        "et",
        "ul",
        "bin",
        "ibn",
        "and",
        "on",
        "upon",
        "del",
        "da",
        "do",
        "dos",
        "das",
        "des",
        "di",
        "y",
        "sur",
        "am",
        "im",
        "bei",
        "aux",
        # "Port-au-Prince", "Santiago de los Caballeros", "San Cristobal de las Casas", "Anse-a-Galets"
        "au",
        "los",
        "las",
        "les",
        "à",
    }
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in small for w in words)


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start]
    if start == 0 or (before.strip() == "" and "\n" in before):
        return True
    if not _SENTENCE_END_RE.search(before):
        return False
    # "Mr. Atlanta", "St. Louis", "Gen. Kharkiv": a period after a title or initial ends no sentence.
    word = re.search(r"(\w+)\.\W*$", text[max(0, start - 20) : start])
    # Only a capitalised short word is an initial: "J. Smith" continues, "moved on. Avdiivka" starts anew.
    return not (
        word
        and (
            word.group(1).lower() in PERSON_TITLES or (len(word.group(1)) <= 2 and word.group(1)[0].isupper())
        )
    )


#: A capitalised word of letters ("Charlie", "O'Neill"); road numbers like "A429" are not names.
_CAP_WORD = r"[A-Z][^\W\d_]*(?:['’][^\W\d_]+)?(?![\w'’])"


#: Two street names sharing one plural head: "Lakeview and Harrison streets", "Woodfield and Martingale
#: roads" (the first name is followed by the second; the second by the head).
_STREETS_AFTER_RE = re.compile(
    r"(?:[ \t]+and[ \t]+[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)?)?[ \t]+"
    r"(?:streets|roads|avenues|drives|boulevards|lanes|highways)\b")


def _followed_by_capital(text: str, end: int) -> str | None:
    """The capitalised word right after the span (same clause), lowercased, or None."""
    m = re.match(r"[ \t]+(" + _CAP_WORD + ")", text[end : end + 40])
    return m.group(1).lower() if m else None


def _preceded_by_capital(text: str, start: int) -> str | None:
    """The capitalised word right before the span, unless that word itself opens the sentence."""
    window_start = max(0, start - 40)
    m = re.search(r"(?<![\w'’])(" + _CAP_WORD + r")\.?[ \t]+$", text[window_start:start])
    if not m:
        return None
    word = m.group(1).lower()
    # "... results. Charlie Chen": a given name opening the sentence still makes the next word a surname.
    if (
        word not in PERSON_TITLES
        and word not in first_names()
        and _at_sentence_start(text, window_start + m.start(1))
    ):
        return None
    return word


#: Adjectives that open a sentence before a town name ("Small Hitchcock county", "Nearby Greer").
_PLACE_ADJECTIVES = frozenset(
    {
        "small",
        "tiny",
        "big",
        "nearby",
        "neighbouring",
        "neighboring",
        "remote",
        "historic",
        "coastal",
        "old",
        "new",
        "rural",
        "suburban",
        "downtown",
        "frontline",
        "besieged",
        "occupied",
        "liberated",
        "war-torn",
    }
)


def _unknown_opener(text: str, start: int, info: KeyInfo, lower_words: frozenset[str]) -> bool:
    """The sentence opens with a capitalised word that is no English word, place or demonym: a given name.

    "Stephon Clark, 22, was shot": "Stephon" is in no word list, so "Clark" is a surname. Participles and
    adverbs ("Besieged Avdiivka", "Reportedly Gaza") and words this text also writes in lower case are
    ordinary words, and leave the place alone.
    """
    m = re.search(r"(?<![\w'’])(" + _CAP_WORD + r")[ \t]+$", text[max(0, start - 40) : start])
    if not m:
        return False
    word = m.group(1).lower()
    if len(word) < 3 or word in COMMON_WORDS or word in lower_words or word in info.demonyms:
        return False
    if word in info.major or word in _DIRECTIONS or word in _PLACE_ADJECTIVES:
        return False
    if word.endswith(("ed", "ing", "ly", "'s", "’s")):
        return False
    return _at_sentence_start(text, start - len(m.group(0)) + m.start(1) - m.start(0))


def _generic_only(key: str) -> bool:
    """ "The city", "University", "Bank": a bare organisation head or "the" + a common word names no place.

    Such keys are alternate names of small towns; in news text they are nouns ("the University of
    Georgia", "The City Council", "the Central Bank").
    """
    words = key.split()
    if len(words) == 1:
        return key in NON_PLACE_HEADS or key in {"congress", "parliament", "senate", "assembly", "section"}
    return words[0] == "the" and all(w in COMMON_WORDS for w in words[1:])


def _surface_rejects(span: str, key: str, info: KeyInfo) -> bool:
    """Spelling alone says it is no place name: lower case, acronym, bare abbreviation, never-word."""
    if not _capitalised(span) or key in NEVER_WORDS or key in info.actors:
        return True
    if _generic_only(key):
        return True
    letters = span.replace(".", "").replace(" ", "")
    if letters.isupper() and len(letters) > 1 and key not in info.major | SHORT_KEYS | info.abbreviations:
        return True  # acronyms: NATO, AMLO, TASS
    if key in SHORT_KEYS and not letters.isupper():
        return True
    return key in info.abbreviations and "." not in span  # "Ga." is a state; "Ga" is a word


def _neighbour_verdict(
    text: str,
    start: int,
    end: int,
    key: str,
    info: KeyInfo,
    *,
    locative: bool,
    sent_start: bool,
    lower_words: frozenset[str] = frozenset(),
) -> str:
    """What the capitalised words around the span make of it.

    Returns:
        "reject" (part of a longer non-place name), "person" (a person's name: distrust the name
        elsewhere too), "embedded" (a place inside an organisation's name) or "place".
    """
    single = " " not in key
    minor = single and key not in info.major
    after = _followed_by_capital(text, end)
    before = None if sent_start else _preceded_by_capital(text, start)
    if before in info.demonyms or before in _DIRECTIONS:
        before = None  # "the Israeli Ovda Air Base", "southern Gaza": a modifier, not a longer name
    # "The Washington Post", "Jamaica Cancer Society": still a toponym (GeoWebNews annotates it), but
    # never where an event happened.
    embedded = after in NON_PLACE_HEADS or (
        after is not None and after not in PLACE_TAILS and key not in info.demonyms and _name_like(after)
    )
    if embedded and minor and not (after in ORG_HEADS and before is None):
        return "reject"
    if after in STREET_HEADS:
        return "reject"  # "Wichita Drive", "Washington Street": an address, even when the city is big
    if _STREETS_AFTER_RE.match(text, end):
        return "reject"  # "the corner of Lakeview and Harrison streets": both names are streets
    if minor and re.match(
        r"\s+(?:said|says|told|added|explained|noted|wrote|asked|stated)\b", text[end : end + 12]
    ):
        return "person"  # "Moore said": a surname (countries saying things are metonyms)
    if minor and _firm_or_particle_name(text, start, end):
        return "person"  # "Stevens & Wilkinson", "Mike de Kock", "the Obama administration"
    names = first_names()
    if (
        key in names
        and (after is not None or not locative)
        and not _place_slot(text, start, key in info.major)
    ):
        return "person"  # "Mary Wheeler", "said Scott": a given name, whatever town shares it
    if before and (before in names or before in PERSON_TITLES) and single:
        return "person" if minor or before in names else "reject"
    if before and _name_like(before):
        if minor:
            return "person"
        embedded = True  # "Air France", "HSBC Malta": a country inside a name
    if minor and before is None and not sent_start and _unknown_opener(text, start, info, lower_words):
        return "person"  # "... window. Stephon Clark, 22, was shot": a name opens the sentence
    if minor and (before or _hyphen_compound(text, start, end)):
        return "reject"  # "City Hall", "Wal-Mart", "Arab-Israeli"
    return "embedded" if embedded else "place"


#: A lower-case particle of a surname ("Mike de Kock", "Jana van Voorhis") right before the span.
_PARTICLE_BEFORE_RE = re.compile(r"[A-Z][a-z]+\s+(?:de|van|von|der|den|du|da|di|le|la|bin|ibn)\s+$")
#: After the span: a firm's "& Partner", or a word that makes it a politician ("the Obama administration").
_PERSON_AFTER_RE = re.compile(r"\s*&\s*[A-Z]|[-\s]+(?:administration|era|presidency)\b")


def _firm_or_particle_name(text: str, start: int, end: int) -> bool:
    """The span is a surname inside a firm's or person's name, not a town that shares it."""
    if _PARTICLE_BEFORE_RE.search(text[max(0, start - 30) : start]):
        return True
    if re.search(r"[A-Z][\w'’]*\s*&\s*$", text[max(0, start - 30) : start]):
        return True  # "Callison Tighe & Robinson"
    return bool(_PERSON_AFTER_RE.match(text[end : end + 20]))


#: Short words that are abbreviations when a period follows ("Co.", "Mt.", "Ft."), besides person titles.
ABBREVIATION_WORDS = frozenset(
    {"co", "corp", "inc", "ltd", "st", "mt", "ft", "ave", "no", "vs", "jr", "sr", "dept"}
)


def _place_slot(text: str, start: int, major: bool = False) -> bool:
    """ "the Jordan resident", "McLean, Virginia": a determiner (or, for a major place, a "Town, " before
    it) makes a given name a place."""
    before = text[max(0, start - 30) : start]
    if major and re.search(r"[A-Z][\w.'’-]+,\s+$", before):
        return True  # "McLean, Virginia": a state after its town
    return bool(re.search(r"\b[Tt]he\s+$", before))


def _abbreviation_period(text: str, end: int, key: str) -> bool:
    """The period after a short name makes it an abbreviation, not a sentence end ("Gen. Smith" vs "Gaza. I")."""
    if key in PERSON_TITLES or key in ABBREVIATION_WORDS:
        return not _SENTENCE_END_RE.search(text[end : end + 3])
    # A period then a lower-case word or a digit cannot end a sentence: "Va. officials" is no "Gaza. I".
    return bool(re.match(r"\.\s*[a-z0-9]", text[end : end + 4]))


#: "London-based", "Iraq - based": the name is an origin modifier.
_BASED_RE = re.compile(r"\s*[-–]\s*based\b")


#: After a dateline's place: ", State" or "(Agency)" then a dash ("TORRINGTON —", "SEVERN, Md. (ABC7) —").
_DATELINE_AFTER_RE = re.compile(r"(?:,\s*[A-Z][\w.'’ -]{1,30}?)?\s*(?:\([\w .]+\)\s*)?(?:[-–—]|--)")


def _is_dateline(text: str, start: int, end: int, key: str) -> bool:
    """A place in capitals opening a line or sentence, then a dash: the dateline, not an acronym."""
    letters = [ch for ch in text[start:end] if ch.isalpha()]
    if len(letters) < 4 or not all(ch.isupper() for ch in letters) or key in SHORT_KEYS:
        return False
    if not _at_sentence_start(text, start):
        return False
    return bool(_DATELINE_AFTER_RE.match(text, end))


def _abbreviation_or_based(text: str, end: int, key: str, info: KeyInfo) -> bool:
    """ "Sen.", "Gen.", "Co." are abbreviations, not towns."""
    if (
        len(key) <= 4
        and key not in info.abbreviations
        and key not in SHORT_KEYS
        and text[end : end + 1] == "."
        and _abbreviation_period(text, end, key)
    ):
        return True
    return False


#: A saint's name ("St George", "Saint John")...
_SAINT_RE = re.compile(r"(?:St\.?|Saint|Ste\.?)\s+[A-Z]")
#: ...with a possessive and a church, school or other foundation after it is a dedication, not the town
#: of that name ("St George's Chapel", "St. John's Lutheran School", "St. John's Union Cemetery").
_DEDICATION_AFTER_RE = re.compile(
    r"['’]s\s+(?:[A-Z][\w-]*\s+){0,2}(?:Chapel|Church|Cathedral|Basilica|Abbey|Priory|Minster|School|"
    r"College|Academy|Hospital|Cemetery|Parish|Episcopal)\b")


def judge(
    text: str, start: int, end: int, key: str, info: KeyInfo, lower_words: frozenset[str]
) -> Mention | str | None:
    """Apply the recognition cues to one name hit.

    Returns:
        The Mention; or "person" when the span looks like part of a person's name (the caller then
        distrusts the same name elsewhere in the text); or None when it is not a place name.
    """
    if (key in info.abbreviations or key in SHORT_KEYS) and text[end : end + 1] == ".":
        end += 1  # "La." keeps its period: it is what makes it an abbreviation
    span = text[start:end]
    if _SAINT_RE.match(span) and _DEDICATION_AFTER_RE.match(text, end):
        return None
    dateline = _is_dateline(text, start, end, key)
    if _surface_rejects(span.title() if dateline else span, key, info):
        return None
    prev = [w for w in _prev_words(text, start, 4) if w.lower() not in _DETERMINERS][-3:]
    prep = prev[-1].lower() if prev else None
    sent_start = _at_sentence_start(text, start)
    # "Sen. Tom Bakk, DFL-Cook", "(R-Ocilla)": a legislator's party and home town or district
    locative = (prep in LOCATIVE_WORDS and not sent_start) or party_label_before(text, start)
    single = " " not in key
    # "let us" makes "us" a word, but "the US" in capitals is still the country.
    shouting = key in SHORT_KEYS and span.replace(".", "").isupper()
    if (
        single
        and (key in COMMON_WORDS or (key in lower_words and not shouting))
        and not (locative or dateline)
    ):
        return None
    verdict = "place" if party_label_before(text, start) else _neighbour_verdict(
        text, start, end, key, info, locative=locative, sent_start=sent_start, lower_words=lower_words
    )
    if verdict in ("reject", "person"):
        return None if verdict == "reject" else "person"
    if _abbreviation_or_based(text, end, key, info):
        return None
    org_of = prep == "of" and len(prev) >= 2 and prev[-2][:1].isupper() and not locative_head(prev[-2])
    demonym = key in info.demonyms
    if demonym and names_language(text, start, end, key):
        return None  # "printed in Chinese": the language, not the country
    metonymic = _is_metonymic(text, end, prep) and not demonym and not org_of
    score = 0.6 + (0.2 if locative else 0.0) + (0.1 if not single else 0.0) - (0.3 if metonymic else 0.0)
    if demonym:
        score = DEMONYM_SCORE
    elif verdict == "embedded" or org_of or _BASED_RE.match(text, end):
        # "Iraq-based" is still a toponym (news gold marks it) but names an origin, never the event's place.
        score = EMBEDDED_SCORE  # "Bank of America", "University of Texas", "Air France"
    return Mention(
        start=start,
        end=end,
        text=span,
        key=key,
        demonym=demonym,
        prep=prep,
        metonymic=metonymic,
        score=round(max(score, 0.1), 3),
    )


_DIRECTIONS = frozenset(
    {
        "upper",
        "lower",
        "greater",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "occupied",
        "downtown",
        "rural",
        "suburban",
        "metro",
        "and",
        "in",
        "at",
        "of",
        "the",
        "but",
        "as",
        "to",
    }
) | COMPASS_WORDS


#: Score of a toponym embedded in an organisation's name ("Bank of America", "The Washington Post").
EMBEDDED_SCORE = 0.2
#: Score of a demonym ("Israeli"): it names a country's people or forces, not where something happened.
DEMONYM_SCORE = 0.25


def locative_head(word: str) -> bool:
    """ "Gulf of", "Republic of", "outskirts of": the "of" keeps the following name a place."""
    return word.lower() in {
        "gulf",
        "strait",
        "straits",
        "sea",
        "republic",
        "kingdom",
        "province",
        "state",
        "city",
        "port",
        "bay",
        "isle",
        "island",
        "islands",
        "outskirts",
        "centre",
        "center",
        "north",
        "south",
        "east",
        "west",
        "people's",
        "emirate",
        "region",
        # units and parts of a town: "Ward 8 of Hlaing Tharyar", "Bat Galim Square of Haifa city"
        "ward",
        "township",
        "district",
        "village",
        "town",
        "quarter",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "square",
        "camp",
        "governorate",
        "oblast",
        "county",
        "municipality",
    }


#: A US legislator's party label right before a name: "R-Marshall", "D-Kanawha", "DFL-Chisholm".
_PARTY_LABEL_RE = re.compile(r"(?:^|[\s(,;])(?:D|R|I|DFL)-$")


def party_label_before(text: str, start: int) -> bool:
    """The name follows a party label, as US news writes a legislator's home or district ("Rep. Joseph
    Wagner, D-Chicopee", "Sen. Ken Cuccinelli, R-Fairfax", "(R-Ocilla)"): a place, though a hyphen
    compound ("Wal-Mart") or a given name ("Marshall") otherwise."""
    return bool(_PARTY_LABEL_RE.search(text, max(0, start - 5), start))


def _hyphen_compound(text: str, start: int, end: int) -> bool:
    """The span is one half of a hyphenated compound with another capitalised word."""
    after = text[end : end + 2]
    before = text[max(0, start - 2) : start]
    return bool(re.fullmatch(r"-[A-Z]", after) or re.fullmatch(r"[A-Za-z]-", before))


def _name_like(word: str) -> bool:
    """A capitalised word that continues a proper name (not a weekday, month or sentence word)."""
    return word not in COMMON_WORDS or word in NON_PLACE_HEADS


def _is_metonymic(text: str, end: int, prep: str | None) -> bool:
    """The name is the subject of an actor verb ("Turkey shelled", "Washington says") or possessive."""
    if prep in LOCATIVE_WORDS:
        return False
    following = text[end : end + 40]
    if re.match(r"['’]s\b", following):
        return True
    words = _WORD_RE.findall(following)[:2]
    if not words:
        return False
    first = words[0].lower()
    if first in ACTOR_VERBS:
        return True
    return first.endswith("ly") and len(words) > 1 and words[1].lower() in ACTOR_VERBS


def lowercase_vocabulary(text: str) -> frozenset[str]:
    """Words that this text also uses in lower case: those are ordinary words here, not names."""
    return frozenset(w for w in re.findall(r"\b[a-z][a-z']+\b", text))


_NAME_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s\s+(?=[A-Z])")


def _possessive_names(text: str, names: NameMatcher) -> list[tuple[int, int, str]]:
    """Names that hold a possessive ("Cox's Bazar"): text spans and keys, longest first."""
    out = []
    for mark in _NAME_POSSESSIVE_RE.finditer(text):
        # only the words around the mark are read again: a long article has many possessives
        word = re.search(r"[A-Z][a-z]+$", text[max(0, mark.start() - 40) : mark.start()])
        if word is None:
            continue
        lo = mark.start() - len(word.group())
        window = text[lo : mark.end() + 60]
        norm, offsets = normalize_text(window)
        for s, e, key in names.word_matches(norm):
            start, end = lo + offsets[s], lo + offsets[e - 1] + 1
            # the possessive closes the name's first word, and no capitalised word goes on to the left of it
            if start == lo and end > mark.start() + 3 and \
                    not re.search(r"[A-Z][\w'’-]*\s+$", text[max(0, start - 30) : start]):
                out.append((start, end, key))
    return sorted(out, key=lambda m: (m[0] - m[1], m[0]))


def find_mentions(
    text: str,
    names: NameMatcher,
    info: KeyInfo,
    ner_spans: Iterable[tuple[int, int]] = (),
) -> Iterator[Mention]:
    """Every place-name mention in ``text`` that passes the cues, in text order."""
    # "China's" must match "China": blank the possessive (same length, so offsets stay true).
    norm, offsets = normalize_text(_POSSESSIVE_RE.sub(lambda m: " " * len(m.group(0)), text))
    lower_words = lowercase_vocabulary(text)
    ner = sorted(ner_spans)
    judged: list[Mention] = []
    persons: set[str] = set()
    taken = bytearray(len(norm) + 1)
    spanned = bytearray(len(text) + 1)
    for start, end, key in _possessive_names(text, names):
        # "Cox's Bazar", "King's Lynn": a name with a possessive inside it, matched before the blanking
        mention = None if any(spanned[start:end]) else judge(text, start, end, key, info, lower_words)
        if isinstance(mention, Mention):
            judged.append(mention)
            spanned[start:end] = b"\x01" * (end - start)
    for s, e, key in names.word_matches(norm):
        if any(taken[s:e]) or any(spanned[offsets[s] : offsets[e - 1] + 1]):
            continue
        start, end = offsets[s], offsets[e - 1] + 1
        article = _ARTICLE_BEFORE_RE.search(text, max(0, start - 4), start)
        if article and not _ARTICLE_PREFIX_RE.match(key):
            start = article.start()  # "al-Dhale": the gazetteer knows "Dhale"; the article is part of the name
        mention = judge(text, start, end, key, info, lower_words)
        if mention is None and not text[start].isupper():
            continue  # "eastern Ghouta" is no name, but the "Ghouta" inside it is
        taken[s:e] = b"\x01" * (e - s)
        if isinstance(mention, str):
            persons.add(key)
            mention = None
        if mention is None and any(a <= start and end <= b for a, b in ner):
            mention = Mention(
                start=start,
                end=end,
                text=text[start:end],
                key=key,
                demonym=key in info.demonyms,
                prep=None,
                metonymic=False,
                score=0.5,
            )
        if mention is not None:
            judged.append(mention)
    judged.sort(key=lambda m: m.start)
    # "Megyn Kelly ... Kelly said": once a name is seen as a surname, its other mentions are too.
    yield from (m for m in judged if m.key not in persons or m.prep in ("in", "near", "outside"))


#: A name (one to three capitalised words) and the unit word written after it: "Hiraan region",
#: "Bulo Burto district", "Kewet woreda", "Mafa LGA", "Pokrovsk raion". The unit word says the name is
#: a place even when the gazetteer holds it only in another transliteration ("Hiiraan", "Galguduud").
_NAMED_UNIT_RE = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+"
    r"(?P<unit>region|province|district|state|governorate|county|township|woreda|zone|territory|LGA|"
    r"department|commune|cercle|locality|raion|rayon|oblast|division|tehsil|municipality|prefecture)\b")
#: Gazetteer readings a unit word may find by a transliteration-tolerant key (never by fuzzy spelling).
_UNIT_READINGS = frozenset({"admin1", "admin2", "admin3"})
_UNIT_MATCHES = frozenset({"name", "alias", "core", "loose"})


def named_unit_mentions(text: str, found: Iterable[Mention],
                        lookup: Callable[[str, bool], tuple[Candidate, ...]]) -> list[Mention]:
    """Names the exact-key matcher missed that a unit word after them marks as administrative units,
    found by the gazetteer's transliteration-tolerant lookup of the name with its unit word."""
    taken = [(m.start, m.end) for m in found]
    out: list[Mention] = []
    for match in _NAMED_UNIT_RE.finditer(text):
        start, end = match.start("name"), match.end("unit")
        if any(s < end and start < e for s, e in taken):
            continue
        first = match.group("name").split()[0].lower()
        if first in COMMON_WORDS or first in NEVER_WORDS:
            continue
        readings = lookup(text[start:end], False)
        if not readings or readings[0].kind not in _UNIT_READINGS or readings[0].match not in _UNIT_MATCHES:
            continue
        words = _prev_words(text, start, 1)
        out.append(Mention(start=start, end=end, text=text[start:end], key=normalize(match.group("name")),
                           demonym=False, prep=words[-1].lower() if words else None, metonymic=False, score=0.9))
        taken.append((start, end))
    return out
