"""Actor knowledge base: text in, canonical ACLED-style actors (name, inter code, country) out.

Takes raw article text; gives ``ActorMatch`` spans for named non-state groups (``data/actors.csv``), named
state units ("IDF", "Tatmadaw") and state forces written as demonym or country plus a force noun
("Israeli forces", "the Sudanese army", "Russia's military", "Nigerian police"). State forces for every
country are generated from pycountry at load time with the short names in ``data/demonyms.csv``.
Generic mentions ("gunmen", "a woman", "protesters") are classified by ``ActorKB.generic_kind`` and turned
into ``Unidentified Armed Group (<Country>)``-style actors by ``ActorKB.generic``.

Matching is one Aho-Corasick pass over case-folded text with word-boundary checks, then the longest
non-overlapping matches win. Acronyms ("SAF", "AA", "RSF") only match in their exact upper-case form.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick
import pycountry

from eventwire.model import Actor

__all__ = ["ActorKB", "ActorMatch", "GENERIC_KINDS", "load_actor_kb"]

#: Kinds accepted by ``ActorKB.generic``.
GENERIC_KINDS: tuple[str, ...] = (
    "armed_group", "civilians", "protesters", "rioters", "military", "police", "government",
)

#: ACLED writes these countries with a definite article inside state-force names.
_WITH_THE = frozenset({
    "USA", "GBR", "COD", "CAF", "PHL", "NLD", "ARE", "DOM", "BHS", "COM", "MDV", "MHL", "SLB",
    "SYC", "CYM", "FRO", "FLK", "VGB", "VIR", "UMI", "CCK", "GMB",
})

_GENERIC_NAMES = {
    "armed_group": ("Unidentified Armed Group", 3),
    "civilians": ("Civilians", 7),
    "protesters": ("Protesters", 6),
    "rioters": ("Rioters", 5),
}

# Force nouns after a demonym or country name decide military vs police. Longest first so the regex
# alternation prefers "police officers" over "police". "security forces" counts as military: that is how
# ACLED codes unspecified security forces in most countries.
_POLICE_NOUNS = (
    "police officers", "police officer", "police forces", "police force", "policemen", "policeman",
    "policewomen", "police", "gendarmerie", "gendarmes", "gendarme", "security services", "security service",
    "carabinieri", "riot squad",
)
_MILITARY_NOUNS = (
    "armed forces", "defence forces", "defense forces", "security forces", "military forces",
    "government forces", "regime forces", "occupation forces", "ground forces", "naval forces",
    "special forces", "air forces", "air force", "forces", "troops", "army", "military", "soldiers",
    "soldier", "servicemen", "serviceman", "warplanes", "warplane", "fighter jets", "jets", "navy",
    "warships", "warship", "marines", "paratroopers", "commandos", "artillery", "tanks", "helicopters",
    "gunships", "drones", "drone", "missiles", "missile", "airstrikes", "airstrike", "air strikes",
    "air strike", "strikes", "shelling", "bombardment", "border guards", "coast guard", "national guard",
    "snipers", "sniper", "sniper fire", "gunfire", "tank fire", "bulldozers", "reservists", "bombers",
    "fighter planes", "military aircraft", "military personnel", "army personnel", "raids", "raid",
    "incursion", "incursions", "offensive", "military operation", "military operations", "gunboats",
    "naval vessels", "warships", "defence ministry", "defense ministry", "ministry of defence",
    "ministry of defense", "air defences", "air defenses", "air defence", "air defense", "general staff",
)
_MODIFIERS = (
    "government", "regime", "occupation", "military", "armed", "special", "elite", "regular", "federal",
    "national", "state", "border", "riot", "counter-terrorism", "counterterrorism", "anti-terrorism",
    "paramilitary", "naval", "ground", "army", "security", "junta", "allied",
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_FORCE_TAIL = (
    r"\s+(?:(?:" + _alternation(_MODIFIERS) + r")\s+){0,2}?"
    r"(?:(?P<police>" + _alternation(_POLICE_NOUNS) + r")|(?P<military>" + _alternation(_MILITARY_NOUNS) + r"))"
    r"(?![\w-])(?!\s+crisis)"  # "the Cuban missile crisis" is history, not an actor
)
_FORCE_RE = re.compile(r"(?P<poss>['\u2019]s?)?" + _FORCE_TAIL, re.IGNORECASE)
# Country names that are just as often US states or towns: only "Georgia's army" counts.
_POSSESSIVE_ONLY_NAMES = frozenset({"georgia", "jersey", "guernsey", "jordan", "chad", "lebanon", "palestine"})
# Single-word aliases that are also surnames: "Joseph F. Wagner" is not the Wagner Group; they need a
# conflict word nearby and no given name in front.
_SURNAME_ALIASES = frozenset({"wagner", "haqqani", "kadyrov"})
# Acronyms that mean something else outside conflict news (Food Standards Agency, Australian Defence
# Force, Reporters sans frontieres...): they need a conflict word within ~150 characters.
_CONTEXT_ACRONYMS = frozenset({
    "FSA", "ADF", "NAF", "UPC", "MPC", "CMA", "MSA", "NAS", "SLA", "SLM", "NPA", "KIA", "EMC", "TDF",
    "FLA", "ESN", "DPR", "LPR", "GUR", "HUR", "CTS", "LAF", "PAF", "RAF", "BSF", "SSB", "RDF", "GSU",
    "RAB", "JEM", "OLA", "OLF", "RSF", "ULA", "CPC", "SDF", "PLA", "NUG", "AGC", "EGC", "STC", "SNA",
    "BLF", "KCP", "PNH", "RVC", "LSR", "ISA", "CRP", "FNL", "CNF", "ARA", "RSO", "HSM", "JAS", "BHT",
})
_CONFLICT_CUE = re.compile(
    r"\b(?:fight\w*|rebel\w*|militan\w*|insurgen\w*|attack\w*|kill\w*|clash\w*|troops?|forces?|army|"
    r"armed|military|war|wars|offensive|shell\w*|strikes?|airstrikes?|bomb\w*|seiz\w*|captur\w*|"
    r"militia\w*|soldiers?|combat\w*|ambush\w*|battle\w*|violence|ceasefire|front\s?lines?|gunmen|"
    r"jihad\w*|peacekeep\w*|drones?|missiles?|rockets?|weapons?|raid\w*|wounded|dead|hostages?|"
    r"abduct\w*|kidnap\w*|separatis\w*|guerr?ill\w*|terror\w*|paramilitar\w*|police|security forces)\b",
    re.IGNORECASE,
)
_GROUP_SUFFIXES = (
    "fighters", "fighter", "militants", "militant", "rebels", "rebel", "militia", "militias", "militiamen",
    "forces", "troops", "gunmen", "insurgents", "jihadists", "guerrillas", "guerrilla", "members",
    "paramilitaries", "combatants", "operatives", "cadres", "elements", "terrorists", "soldiers",
    "group", "movement", "faction", "units",
)
_GROUP_SUFFIX_RE = re.compile(r"[ \t]+(?:" + _alternation(_GROUP_SUFFIXES) + r")(?![\w-])", re.IGNORECASE)
_NEGATING_PREFIXES = frozenset({"pro", "anti", "non", "ex", "post", "pre", "neo"})


@dataclass(frozen=True, kw_only=True, slots=True)
class ActorMatch:
    """One actor mention: ``text == article_text[start:end]``; ``rule`` says which entry matched.

    ``rule`` is ``alias`` (a name or alias from actors.csv), ``acronym`` (an exact upper-case acronym)
    or ``state`` (a demonym or country name followed by a force noun).
    """

    start: int
    end: int
    text: str
    actor: Actor
    rule: str = "alias"


@dataclass(frozen=True, kw_only=True, slots=True)
class _Entry:
    """One automaton key: a named actor alias, or a demonym/country word that needs a force noun after it."""

    key: str
    case_sensitive: bool
    actor: Actor | None = None
    iso3: str | None = None
    rule: str = "alias"
    form: str = ""  # for state entries: "demonym", "name" (Sudan army) or "capital" (Moscow's forces)


# --------------------------------------------------------------------------------------------- helpers


def _fold(text: str) -> str:
    """Lower-case ``text`` without changing its length, so automaton offsets are text offsets."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.replace("\u2019", "'").replace("\u2018", "'")


def _strip_accents(s: str) -> str:
    if s.isascii():  # NFKD leaves ASCII as it is; most names are (a third of the knowledge base's load time)
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _variants(alias: str) -> set[str]:
    """Spelling variants news text uses for one alias: no accents, hyphens as spaces, no apostrophes."""
    out = {alias, _strip_accents(alias)}
    for v in list(out):
        out.add(v.replace("-", " "))
        out.add(v.replace("'", "").replace("\u2019", ""))
        out.add(v.replace("'", "\u2019").replace("\u2019", "'"))
    return {" ".join(v.split()) for v in out if v.strip()}


def _is_acronym(alias: str) -> bool:
    """Upper-case tokens ("SAF", "M23", "SPLM-N", "3R") match case-sensitively."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in alias


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("eventwire").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


# --------------------------------------------------------------------------------------------- countries


@dataclass(frozen=True, kw_only=True, slots=True)
class _Country:
    iso3: str
    name: str
    demonyms: tuple[str, ...]
    names: tuple[str, ...]
    capitals: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The country as it reads inside ``Military Forces of ...``."""
        return f"the {self.name}" if self.iso3 in _WITH_THE else self.name


def _load_countries() -> dict[str, _Country]:
    rows = {r["iso3"]: r for r in _read_csv("demonyms.csv")}
    # pycountry's ISO list, plus the countries ACLED codes that ISO 3166 lacks but demonyms.csv lists
    # (Kosovo, XKX): "Police Forces of Kosovo" must be nameable
    pairs = [(c.alpha_3, getattr(c, "common_name", None) or c.name) for c in pycountry.countries]
    known = {iso3 for iso3, _ in pairs}
    pairs += [(iso3, row["country"]) for iso3, row in rows.items() if iso3 not in known and row.get("country")]
    out: dict[str, _Country] = {}
    for iso3, iso_name in pairs:
        row = rows.get(iso3, {})
        name = row.get("country") or iso_name
        out[iso3] = _Country(
            iso3=iso3, name=name, demonyms=tuple(_split(row.get("demonyms"))),
            names=tuple(dict.fromkeys([name, *_split(row.get("names"))])),
            capitals=tuple(_split(row.get("capitals"))),
        )
    return out


# --------------------------------------------------------------------------------------------- the KB


class ActorKB:
    """Named actors, state forces for every country and generic actors, with a fast text matcher.

    Build it with ``load_actor_kb()`` (cached per process); it is read-only afterwards.
    """

    def __init__(self, named_rows: list[dict[str, str]], countries: dict[str, _Country]) -> None:
        self._countries = countries
        self._by_name: dict[str, Actor] = {}
        self._demonym: dict[str, str] = {}
        self._automaton = ahocorasick.Automaton()
        self._keys: dict[str, list[_Entry]] = {}
        for iso3, country in countries.items():
            self._by_name[self.military_name(iso3)] = Actor(name=self.military_name(iso3), inter=1, iso3=iso3)
            self._by_name[self.police_name(iso3)] = Actor(name=self.police_name(iso3), inter=1, iso3=iso3)
            for form, words in (("demonym", country.demonyms), ("name", country.names),
                                ("capital", country.capitals)):
                for word in words:
                    if form != "capital":
                        self._demonym.setdefault(_fold(word), iso3)
                    self._add_country_word(word, iso3, form)
        for row in named_rows:
            self._add_named(row)
        for key, entries in self._keys.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._automaton.make_automaton()

    # ----------------------------------------------------------------- building

    def _add_key(self, entry: _Entry) -> None:
        bucket = self._keys.setdefault(_fold(entry.key), [])
        if entry not in bucket:
            bucket.append(entry)

    def _add_country_word(self, word: str, iso3: str, form: str) -> None:
        for v in _variants(word):
            self._add_key(_Entry(key=v, case_sensitive=_is_acronym(v), iso3=iso3, rule="state", form=form))

    def _add_named(self, row: dict[str, str]) -> None:
        name = row["canonical"].strip()
        inter = int(row["inter"]) if row.get("inter") else None
        iso3 = (row.get("country_iso3") or "").strip() or None
        actor = self._by_name.get(name) or Actor(name=name, inter=inter, iso3=iso3)
        self._by_name.setdefault(name, actor)
        for acronym in _split(row.get("acronym")):
            self._add_key(_Entry(key=acronym, case_sensitive=True, actor=actor, rule="acronym"))
        aliases = [name, *_split(row.get("aliases"))]
        if ": " in name:  # "PIJ: Palestinian Islamic Jihad" -> also the bare long form
            aliases.append(name.split(": ", 1)[1])
        for alias in aliases:
            for v in _variants(alias):
                cs = _is_acronym(v)
                self._add_key(_Entry(key=v, case_sensitive=cs, actor=actor, rule="acronym" if cs else "alias"))

    # ----------------------------------------------------------------- names

    def country_name(self, iso3: str) -> str | None:
        """ACLED-style short English name of a country ("Democratic Republic of Congo"), or None."""
        c = self._countries.get(iso3)
        return c.name if c else None

    def military_name(self, iso3: str) -> str:
        """``Military Forces of <Country>`` for an ISO3 code."""
        return f"Military Forces of {self._countries[iso3].title}"

    def police_name(self, iso3: str) -> str:
        """``Police Forces of <Country>`` for an ISO3 code."""
        return f"Police Forces of {self._countries[iso3].title}"

    @property
    def named_actors(self) -> list[Actor]:
        """Every actor the KB knows by name (named groups and state forces), in load order."""
        return list(self._by_name.values())

    def by_name(self, canonical: str) -> Actor | None:
        """The actor with this canonical name (named group, state force or generic form), or None."""
        actor = self._by_name.get(canonical)
        if actor is not None:
            return actor
        m = re.fullmatch(r"(.+?) \((.+)\)", canonical)
        if m:
            kind = next((k for k, (n, _) in _GENERIC_NAMES.items() if n == m.group(1)), None)
            iso3 = next((i for i, c in self._countries.items() if c.name == m.group(2)), None)
            if kind and iso3:
                return self.generic(kind, iso3)
        if canonical.startswith("Government of "):
            iso3 = next((i for i, c in self._countries.items() if c.title == canonical[14:]), None)
            return self.generic("government", iso3) if iso3 else None
        kind = next((k for k, (n, _) in _GENERIC_NAMES.items() if n == canonical), None)
        return self.generic(kind, None) if kind else None

    def country_of_demonym(self, word: str) -> str | None:
        """ISO3 code for a demonym or attributive country name ("Israeli", "Sudanese", "US"), or None."""
        return self._demonym.get(_fold(word.strip()))

    # ----------------------------------------------------------------- generic actors

    def generic(self, kind: str, iso3: str | None) -> Actor:
        """The ACLED generic actor of ``kind`` (see ``GENERIC_KINDS``) in a country, or without one.

        Raises:
            ValueError: ``kind`` is not one of ``GENERIC_KINDS``.
        """
        iso3 = iso3 if iso3 in self._countries else None
        if kind == "government":  # a party to agreements and talks, never the perpetrator of violence
            return Actor(name=f"Government of {self._countries[iso3].title}" if iso3 else "Government",
                         inter=1, iso3=iso3)
        if kind in ("military", "police"):
            if iso3 is None:
                return Actor(name=f"{kind.capitalize()} Forces", inter=1)
            name = self.military_name(iso3) if kind == "military" else self.police_name(iso3)
            return self._by_name[name]
        if kind not in _GENERIC_NAMES:
            raise ValueError(f"unknown generic actor kind {kind!r}; use one of {', '.join(GENERIC_KINDS)}")
        base, inter = _GENERIC_NAMES[kind]
        name = f"{base} ({self._countries[iso3].name})" if iso3 else base
        return Actor(name=name, inter=inter, iso3=iso3)

    @staticmethod
    def generic_kind(phrase: str) -> str | None:
        """Which generic actor a noun phrase denotes ("unknown gunmen" -> ``armed_group``), or None.

        Determiners, numbers and hedges are ignored ("two suspected militants", "a woman"); a phrase
        not known as a whole is judged by its last word ("heavily armed gunmen" -> ``armed_group``).
        """
        return generic_kind(phrase)

    # ----------------------------------------------------------------- matching

    def find(self, text: str) -> list[ActorMatch]:
        """Every actor mention in ``text``: longest non-overlapping matches, in text order."""
        candidates = list(self._candidates(text))
        # Longest first; on equal spans a named entry beats the demonym pattern ("Palestinian security
        # forces" is the PA's police by name, not the generic military reading).
        candidates.sort(key=lambda m: (m.start - m.end, m.rule == "state", m.start))
        chosen: list[ActorMatch] = []
        taken = bytearray(len(text) + 1)
        for m in candidates:
            if not any(taken[m.start:m.end]):
                chosen.append(m)
                taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        return sorted(chosen, key=lambda m: m.start)

    def _candidates(self, text: str) -> Iterator[ActorMatch]:
        folded = _fold(text)
        for end_idx, (length, entries) in self._automaton.iter(folded):
            start, end = end_idx - length + 1, end_idx + 1
            if not _bounded(text, start, end):
                continue
            surface = text[start:end]
            for entry in entries:
                match = self._accept(entry, text, start, end, surface)
                if match is not None:
                    yield match
                    break

    def _accept(self, entry: _Entry, text: str, start: int, end: int, surface: str) -> ActorMatch | None:
        if entry.case_sensitive and surface.replace("\u2019", "'") != entry.key.replace("\u2019", "'"):
            return None
        if not entry.case_sensitive and not _case_ok(entry.key, surface):
            return None
        if entry.rule == "acronym" and not _acronym_context_ok(entry.key, text, start, end):
            return None
        if entry.actor is not None:
            if _fold(entry.key) in _SURNAME_ALIASES and (
                    _after_first_name(text, start) or not _conflict_nearby(text, start, end)):
                return None
            # "RSF fighters", "Kataib Hezbollah militants": the group noun belongs to the mention, and
            # taking it keeps "Kataib Hezbollah fighters" longer than the overlapping "Hezbollah fighters".
            suffix = _GROUP_SUFFIX_RE.match(text, end)
            end = suffix.end() if suffix else end
            return ActorMatch(start=start, end=end, text=text[start:end], actor=entry.actor, rule=entry.rule)
        return self._state_match(entry, text, start, end)

    def _state_match(self, entry: _Entry, text: str, start: int, end: int) -> ActorMatch | None:
        """Demonym/country/capital + force noun. Bare country names are also US towns and states
        ("Lebanon Police", "Georgia National Guard"), so without "'s" they only take military nouns."""
        m = _FORCE_RE.match(text, end)
        if m is None or entry.iso3 is None:
            return None
        possessive = bool(m.group("poss"))
        if entry.form == "capital" and not possessive:
            return None
        if entry.form == "name" and not possessive:
            preceded = re.search(r"(?:\bNew|\b[Nn]orthern|\b[Ss]outhern)\s+$", text[max(0, start - 10):start])
            if m.group("police") or preceded or m.group(0).lower().endswith("guard") or \
                    _fold(entry.key) in _POSSESSIVE_ONLY_NAMES:
                return None
        kind = "police" if m.group("police") else "military"
        return ActorMatch(start=start, end=m.end(), text=text[start:m.end()],
                          actor=self.generic(kind, entry.iso3), rule="state")


def _bounded(text: str, start: int, end: int) -> bool:
    """A match must not start or end inside a word, nor follow "pro-"/"anti-" (pro-Russian forces)."""
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return False
    if start == 0:
        return True
    before = text[start - 1]
    if before.isalnum() or before == "_":
        return False
    if before == "-":
        word = re.search(r"(\w+)-$", text[max(0, start - 8):start])
        return not (word and word.group(1).lower() in _NEGATING_PREFIXES)
    return True


_SHORT_ACRONYM_AFTER = re.compile(
    r"\s+(?:fighters|rebels|troops|forces|militants|soldiers|militia|members|units?|positions?|"
    r"said|says|claimed|captured|seized|attacked|took|launched|fired|denied|accused|spokesm[ae]n|"
    r"spokesperson|commanders?|leaders?|statement|chief|official|officials|peacekeepers|mission)\b"
)


def _acronym_context_ok(key: str, text: str, start: int, end: int) -> bool:
    """Short or ambiguous acronyms must read as an armed actor where they stand."""
    if len(key) <= 2 and not _short_acronym_ok(text, start, end):
        return False
    return key not in _CONTEXT_ACRONYMS or _conflict_nearby(text, start, end)


def _conflict_nearby(text: str, start: int, end: int) -> bool:
    """A conflict word within ~150 characters either side of the mention."""
    return _CONFLICT_CUE.search(text, max(0, start - 150), min(len(text), end + 150)) is not None


_NOT_GIVEN_NAMES = frozenset({
    "The", "A", "An", "By", "With", "From", "For", "And", "Of", "On", "In", "At", "As", "But", "When", "While",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
})


def _after_first_name(text: str, start: int) -> bool:
    """True after a capitalised given name or an initial ("Richard Wagner", "Joseph F. Wagner")."""
    m = re.search(r"(?:^|\s)([A-Z][a-z]+|[A-Z]\.)\s+$", text[max(0, start - 20):start])
    return m is not None and m.group(1) not in _NOT_GIVEN_NAMES


def _short_acronym_ok(text: str, start: int, end: int) -> bool:
    """Two-letter acronyms ("AA", "UN") need actor context: "the AA", "AA fighters", "UN said". A bare
    "(AA)" is as often a news agency credit ("Riyadh (AA)") as the Arakan Army after its full name."""
    before = text[max(0, start - 5):start]
    return bool(re.search(r"(?:\bthe\s|['\u2019]s\s)$", before, re.IGNORECASE)
                or _SHORT_ACRONYM_AFTER.match(text, end))


def _case_ok(key: str, surface: str) -> bool:
    """A capitalised name must appear with at least one capital: "Fano" yes, "fano" or "basic" no."""
    return key == key.lower() or surface != surface.lower()


# --------------------------------------------------------------------------------------------- generic phrases

_GENERIC_PHRASES: dict[str, tuple[str, ...]] = {
    "armed_group": (
        "gunmen", "gunman", "militants", "militant", "armed men", "armed man", "assailants", "assailant",
        "attackers", "attacker", "insurgents", "insurgent", "rebels", "rebel", "fighters", "fighter",
        "jihadists", "jihadist", "extremists", "terrorists", "terrorist", "bandits", "bandit",
        "kidnappers", "kidnapper", "abductors", "armed group", "armed groups", "militia", "militias",
        "militiamen", "militiaman", "masked men", "suicide bomber", "suicide bombers", "bomber", "bombers",
        "gang", "gangs", "gang members", "gangsters", "hitmen", "sicarios", "armed individuals",
        "armed assailants", "armed bandits", "armed herders", "armed youths", "paramilitaries",
        "separatists", "separatist fighters", "guerrillas", "guerrilla", "mercenaries", "snipers",
        "sniper", "shooter", "shooters", "raiders", "vigilantes", "cartel members", "cult members",
        "unknown assailants", "unidentified attackers", "unknown attackers",
    ),
    "civilians": (
        "civilians", "civilian", "villagers", "villager", "residents", "resident", "woman", "women",
        "man", "men", "child", "children", "boy", "boys", "girl", "girls", "baby", "infant", "farmers",
        "farmer", "worshippers", "worshipers", "students", "student", "pupils", "journalists", "journalist",
        "reporter", "reporters", "photographer", "teachers", "teacher", "doctors", "doctor", "nurses",
        "nurse", "medics", "paramedics", "aid workers", "aid worker", "health workers", "humanitarian workers",
        "passengers", "passenger", "traders", "trader", "merchants", "shopkeeper", "fishermen", "fisherman",
        "miners", "pilgrims", "displaced people", "displaced persons", "refugees", "idps", "motorists",
        "motorist", "drivers", "driver", "people", "persons", "person", "family", "families", "shepherds",
        "shepherd", "patients", "travellers", "travelers", "commuters", "pedestrians", "bystanders",
        "workers", "worker", "labourers", "laborers", "mourners", "elderly man", "elderly woman",
        "teenager", "teenagers", "youth", "priest", "pastor", "imam", "cleric", "monk", "nun",
        "village chief", "traditional leader", "local official", "officials", "official",
        "councillor", "councilor", "mayor", "candidate", "lawyer", "activist", "herders", "herder",
        "inhabitants", "locals", "prisoners", "detainees", "hostages", "hostage", "wife", "husband",
        "mother", "father", "son", "daughter", "brother", "sister", "relatives",
    ),
    "protesters": (
        "protesters", "protestors", "protester", "protestor", "demonstrators", "demonstrator",
        "marchers", "strikers", "striking workers", "activists", "picketers", "rally", "crowd",
    ),
    "rioters": ("rioters", "rioter", "mob", "mobs", "angry mob", "angry youths", "looters", "arsonists"),
    "military": (
        "soldiers", "soldier", "troops", "army", "military", "armed forces", "servicemen", "serviceman",
        "marines", "paratroopers", "commandos", "government forces", "government troops", "regime forces",
        "junta forces", "junta troops", "security forces", "forces", "warplanes", "warplane", "fighter jets",
        "military aircraft", "army troops", "special forces", "navy", "air force", "national guard",
        "border guards", "coast guard", "pro-government forces", "government soldiers", "conscripts",
        "army officer", "army officers", "military officer", "military officers", "officer cadets",
    ),
    "police": (
        "police", "policemen", "policeman", "police officers", "police officer", "officers", "officer",
        "gendarmes", "gendarme", "gendarmerie", "riot police", "security personnel", "law enforcement",
        "border police", "traffic police", "anti-riot police", "cops", "constable", "constables",
        "police agents", "security agents", "police chief", "police commander", "police officials",
    ),
}
_PHRASE_KIND = {p: kind for kind, phrases in _GENERIC_PHRASES.items() for p in phrases}
_HEDGES = frozenset({
    "a", "an", "the", "some", "several", "many", "dozens", "of", "scores", "hundreds", "thousands",
    "unknown", "unidentified", "suspected", "alleged", "heavily", "armed", "masked", "two", "three",
    "four", "five", "six", "seven", "eight", "nine", "ten", "at", "least", "more", "than", "about",
    "around", "nearly", "other", "local", "young", "elderly", "innocent", "his", "her", "their",
    "its", "one", "few", "number", "group", "groups", "band", "gang",
})
_NON_STATE_MODIFIERS = frozenset({
    "kurdish", "arab", "shia", "shiite", "sunni", "islamist", "jihadist", "jihadi", "tribal", "rebel",
    "opposition", "insurgent", "militant", "separatist", "foreign", "anti-government", "anti-regime",
    "clan", "ethnic", "communal", "christian", "muslim", "druze", "alawite", "tuareg", "fulani",
    "amhara", "oromo", "tigrayan", "baloch", "pashtun", "rohingya", "karen", "kachin", "shan", "chin",
    "resistance", "dissident", "self-defence", "self-defense", "vigilante", "paramilitary", "irregular",
})
_PROXY_SUFFIXES = ("-backed", "-led", "-aligned", "-allied", "-supported", "-sponsored", "-affiliated")


def generic_kind(phrase: str) -> str | None:
    """Generic actor kind of a noun phrase; see ``ActorKB.generic_kind``."""
    words = re.findall(r"[\w'-]+", _fold(phrase))
    if not words:
        return None
    whole = " ".join(words)
    if whole in _PHRASE_KIND:
        return _PHRASE_KIND[whole]
    while words and (words[0] in _HEDGES or words[0].isdigit()) and " ".join(words) not in _PHRASE_KIND:
        words = words[1:]
    for n in (3, 2, 1):
        tail = " ".join(words[-n:])
        if len(words) >= n and tail in _PHRASE_KIND:
            return _non_state(words[:-n], _PHRASE_KIND[tail])
    return None


def _non_state(modifiers: list[str], kind: str) -> str:
    """"Kurdish forces", "Turkish-backed fighters", "Islamist militia" are armed groups, not an army."""
    if kind not in ("military", "police"):
        return kind
    for word in modifiers:
        if word in _NON_STATE_MODIFIERS or word.endswith(_PROXY_SUFFIXES):
            return "armed_group"
    return kind


@lru_cache(maxsize=1)
def load_actor_kb() -> ActorKB:
    """The actor knowledge base, built once per process from the package data and the user's actors.csv."""
    from eventwire.userdata import user_actor_rows  # the user's own actors extend (never replace) ours

    return ActorKB(_read_csv("actors.csv") + user_actor_rows(), _load_countries())
