"""Place-name normalisation: takes a raw name (or article text), gives comparable keys.

Three levels of sameness are used by the gazetteer:

* ``normalize(name)`` — the *exact* key: casefolded, diacritics stripped, apostrophes dropped, hyphens
  and runs of whitespace turned into one space. ``normalize_text`` applies the very same per-character
  mapping to article text and keeps an offset map, so the Aho-Corasick matcher can find exact keys in
  text and point back to the original characters.
* ``loose_key(name)`` — a transliteration-tolerant key: Arabic articles (al-/el-/ad-/ash-...) dropped,
  kh→h, ou→u, ee→i, -iyeh/-iyah/-iya unified, doubled letters collapsed, so "Khan Younis" and
  "Khan Yunis", "El Fasher" and "Al-Fashir" meet.
* ``split_generic(name)`` — strips a generic suffix or prefix ("X Air Base", "X refugee camp",
  "X governorate") and says what kind of place it hints at.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Apostrophe-like characters are dropped so "Ma'rib", "Ma’rib" and "Marib" meet.
_APOSTROPHES = frozenset("'’‘`´ʻʼʹʾʿ′")
# Characters that separate words inside a name: they become one space.
_SPACES = frozenset(" \t\n\r\f\v\u00a0-‐‑‒–—―_/")
# Periods are dropped so "St. Louis" meets "St Louis" and "U.S." meets "US".
_DROPPED = _APOSTROPHES | frozenset(".")
#: The character every other punctuation mark becomes; no gazetteer key contains it on its own.
BOUNDARY = "|"

_ARTICLE_RE = re.compile(r"\b(?:al|el|ad|an|ash|as|at|az|ar|ath|adh|ed|en|es|et|ez|er|ul|il)\s+(?=\w)")
_ARABIC_ARTICLE_RE = re.compile(r"\b(?:al|ad|an|ash|as|at|az|ar|ath|adh)\s+(?=\w{3})")
_LOOSE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:iyyah|iyyeh|iyya|iyah|iyeh|iya|ieh|iah|ia)\b"), "iya"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"(?<=\w)q"), "k"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"(?<=\w)y(?=\w)"), "i"),
    (re.compile(r"(?<=[aeiou])j"), "y"),
    (re.compile(r"(\w)\1"), r"\1"),
    (re.compile(r"(?<=\w)e\b"), ""),
)

#: Russian/older spellings → current (mostly Ukrainian) spellings; both are indexed.
TRANSLITERATION_PAIRS: tuple[tuple[str, str], ...] = (
    ("kiev", "kyiv"),
    ("kharkov", "kharkiv"),
    ("odessa", "odesa"),
    ("nikolaev", "mykolaiv"),
    ("nikolayev", "mykolaiv"),
    ("lvov", "lviv"),
    ("zaporozhye", "zaporizhzhia"),
    ("zaporizhia", "zaporizhzhia"),
    ("dnepropetrovsk", "dnipro"),
    ("dnipropetrovsk", "dnipro"),
    ("lugansk", "luhansk"),
    ("chernigov", "chernihiv"),
    ("rovno", "rivne"),
    ("artemovsk", "bakhmut"),
    ("artemivsk", "bakhmut"),
    ("krasnoarmeysk", "pokrovsk"),
    ("kherson", "kherson"),
    ("kramatorsk", "kramatorsk"),
    ("vinnitsa", "vinnytsia"),
    ("zhitomir", "zhytomyr"),
    ("kirovograd", "kropyvnytskyi"),
    ("sumy", "sumy"),
    ("chernovtsy", "chernivtsi"),
    ("ternopol", "ternopil"),
    ("nikopol", "nikopol"),
    ("avdeevka", "avdiivka"),
    ("avdeyevka", "avdiivka"),
    ("volnovakha", "volnovakha"),
    ("ugledar", "vuhledar"),
    ("kupyansk", "kupiansk"),
    ("bombay", "mumbai"),
    ("calcutta", "kolkata"),
    ("madras", "chennai"),
    ("rangoon", "yangon"),
    ("peking", "beijing"),
    ("burma", "myanmar"),
    ("ivory coast", "cote divoire"),
    ("swaziland", "eswatini"),
    ("czech republic", "czechia"),
    ("turkey", "turkiye"),
)

_PAIR_MAP: dict[str, set[str]] = {}
for _a, _b in TRANSLITERATION_PAIRS:
    if _a != _b:
        _PAIR_MAP.setdefault(_a, set()).add(_b)
        _PAIR_MAP.setdefault(_b, set()).add(_a)
_PAIR_RE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _PAIR_MAP), key=len, reverse=True)) + r")\b")

#: Generic words around a name → the kind of place they hint at. Longest first.
_GENERIC_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("refugee camp", "camp"),
    ("displacement camp", "camp"),
    ("idp camp", "camp"),
    ("camp", "camp"),
    ("air force base", "airbase"),
    ("air base", "airbase"),
    ("airbase", "airbase"),
    ("afb", "airbase"),
    ("airfield", "airbase"),
    ("air field", "airbase"),
    ("airport", "airport"),
    ("international airport", "airport"),
    ("military base", "military_base"),
    ("naval base", "military_base"),
    ("base", "military_base"),
    ("border crossing", "crossing"),
    ("crossing point", "crossing"),
    ("crossing", "crossing"),
    ("checkpoint", "crossing"),
    ("governorate", "admin1"),
    ("oblast", "admin1"),
    ("province", "admin1"),
    ("state", "admin1"),
    ("region", "admin1"),
    ("district", "admin2"),
    ("township", "admin3"),
    ("woreda", "admin3"),
    ("commune", "admin3"),
    ("tehsil", "admin3"),
    ("prefecture", "admin1"),
    ("county", "admin2"),
    ("parish", "admin2"),
    ("raion", "admin2"),
    ("rayon", "admin2"),
    ("municipality", "admin2"),
    ("neighbourhood", "neighbourhood"),
    ("neighborhood", "neighbourhood"),
    ("quarter", "neighbourhood"),
    ("port", "port"),
    ("harbour", "port"),
    ("harbor", "port"),
    ("oil field", "oilfield"),
    ("oilfield", "oilfield"),
    ("strait", "strait"),
    ("straits", "strait"),
    ("sea", "sea"),
    ("gulf", "gulf"),
    ("city", "city"),
    ("town", "city"),
    ("village", "village"),
)
_GENERIC_PREFIXES: tuple[tuple[str, str], ...] = (
    ("gulf of", "gulf"),
    ("strait of", "strait"),
    ("straits of", "strait"),
    ("sea of", "sea"),
    ("port of", "port"),
    ("city of", "city"),
    ("province of", "admin1"),
    ("state of", "admin1"),
    ("camp", "camp"),
)


def _norm_char(ch: str) -> str:
    """The normalised form of one character: "" (dropped), " ", ``BOUNDARY`` or lowercase letters."""
    if ch in _DROPPED:
        return ""
    if ch in _SPACES:
        return " "
    if ch.isascii():
        return ch.lower() if ch.isalnum() else BOUNDARY
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if not base:
        return ""
    if base.isalnum():
        return base
    return " " if base.isspace() else BOUNDARY


@lru_cache(maxsize=4096)
def _norm_char_cached(ch: str) -> str:
    return _norm_char(ch)


def normalize_text(text: str) -> tuple[str, list[int]]:
    """Normalise text character by character, keeping a map back to the original offsets.

    Args:
        text: Article text (or a name).

    Returns:
        ``(norm, offsets)`` where ``norm[i]`` came from ``text[offsets[i]]``; ``offsets`` has one extra
        entry, ``len(text)``, so a normalised end offset maps back too. Runs of spaces collapse to one.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        mapped = _norm_char_cached(ch)
        for m in mapped:
            if m == " " and (not out or out[-1] == " "):
                continue
            out.append(m)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """The exact comparison key of a name ("Khān Yūnis" → "khan yunis", "Ma’rib" → "marib")."""
    norm, _ = normalize_text(name)
    return norm.strip(" " + BOUNDARY).replace(BOUNDARY, " ").replace("  ", " ").strip()


@lru_cache(maxsize=65536)
def loose_key(name: str) -> str:
    """A transliteration-tolerant key ("Khan Younis" and "Khan Yunis" → "han yunis")."""
    key = normalize(name)
    key = _ARTICLE_RE.sub("", key)
    for pattern, repl in _LOOSE_RULES:
        key = pattern.sub(repl, key)
    return key.replace(" ", "")


@dataclass(frozen=True, kw_only=True, slots=True)
class GenericSplit:
    """A name with its generic part removed: ``core`` "ovda", ``kind`` "airbase" for "Ovda Air Base"."""

    core: str
    kind: str | None


def split_generic(name: str) -> GenericSplit:
    """Strip one generic suffix/prefix ("X Air Base", "Gulf of X", "X governorate") into a kind hint."""
    key = normalize(name)
    for suffix, kind in _GENERIC_SUFFIXES:
        if key.endswith(" " + suffix) and len(key) > len(suffix) + 2:
            return GenericSplit(core=key[: -len(suffix) - 1].strip(), kind=kind)
    for prefix, kind in _GENERIC_PREFIXES:
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 2:
            return GenericSplit(core=key[len(prefix) + 1 :].strip(), kind=kind)
    return GenericSplit(core=key, kind=None)


def spelling_variants(name: str) -> set[str]:
    """Exact keys of other spellings of ``name`` (Kiev ↔ Kyiv, article dropped or unified)."""
    key = normalize(name)
    variants = {key}
    for match in _PAIR_RE.finditer(key):
        for other in _PAIR_MAP[match.group(0)]:
            variants.add(key[: match.start()] + other + key[match.end() :])
    # "El" is left alone when dropping: "El Salvador" must not become "Salvador".
    stripped = _ARABIC_ARTICLE_RE.sub("", key)
    if stripped != key and len(stripped) >= 4:
        variants.add(stripped)
    swapped = _ARTICLE_RE.sub("al ", key)
    if swapped != key:
        variants.add(swapped)
    variants.discard("")
    return variants
