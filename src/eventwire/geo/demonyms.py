"""Demonyms the gazetteer's sources lack, and when a nationality word is a language instead.

countryinfo gives one demonym per country ("Israeli", "Chinese"), none for some ("Palestinian" is not
Palestine's there, "Saudi" only as "Saudi Arabian"), and continents none ("European"). News names a
country or continent by these adjectives constantly ("Palestinian gunmen", "Saudi-led coalition",
"European leaders"), and news gold (GeoWebNews, LGL) marks them as toponyms of that country or
continent. They are matched like the gazetteer's demonyms: they inform the article's country evidence
and never locate an event on their own.

A nationality that is also a language ("Chinese") is that language after "in", "speak", "learn",
"translated into"... or before "language", "speakers", "-speaking": then it names no place.
"""

from __future__ import annotations

import re

#: Normalised adjective → the place it stands for: an ISO alpha-2 code, or a gazetteer id for a continent.
EXTRA_DEMONYMS: dict[str, str] = {
    "palestinian": "PS",
    "saudi": "SA",
    "emirati": "AE",
    "philippine": "PH",
    "filipino": "PH",
    "chinese": "CN",
    "european": "reg:reg-europe",
    "african": "reg:reg-africa",
    # peoples named for a region or for a country's majority: "Kurdish fighters", "Abkhaz officials",
    # "the Sinhalese majority"
    "kurdish": "reg:reg-kurdistan",
    "abkhaz": "gn:6643410",
    "abkhazian": "gn:6643410",
    "sinhalese": "LK",
    "south ossetian": "reg:reg-south-ossetia",
}
#: Demonyms that are also language names.
LANGUAGE_DEMONYMS = frozenset({"chinese"})

_LANGUAGE_BEFORE_RE = re.compile(
    r"\b(?:speak|speaks|spoke|speaking|learn|learns|learning|learned|learnt|teach|teaches|teaching|taught|"
    r"translated\s+(?:into|from)|fluent\s+in|written\s+in|dubbed\s+in|subtitled\s+in|into)\s+$",
    re.IGNORECASE,
)
_LANGUAGE_AFTER_RE = re.compile(
    r"(?:\s+|-)(?:language|languages|speakers?|speaking|translation|subtitles|lessons?|classes|class|course|"
    r"characters|dialect|teachers?|words?|name)\b",
    re.IGNORECASE,
)
#: "printed in Chinese, ...", "in Chinese and English": the word after "in" ends the phrase.
_IN_LANGUAGE_RE = re.compile(r"\bin\s+$", re.IGNORECASE)
_PHRASE_ENDS_RE = re.compile(r"\s*(?:[.,;:)!?\"”]|$|\s+(?:and|or)\s+[A-Z][a-z]+(?:[.,;:)]|\s+(?:and|or)\b|$))")


def place_of_demonym(key: str) -> str | None:
    """The ISO code or gazetteer id an extra demonym stands for (``key`` normalised), or None."""
    return EXTRA_DEMONYMS.get(key)


def names_language(text: str, start: int, end: int, key: str) -> bool:
    """Whether the nationality word at ``text[start:end]`` names a language here ("in Chinese,", "speaks
    Chinese", "Chinese-language"), not a country."""
    if key not in LANGUAGE_DEMONYMS:
        return False
    before = text[max(0, start - 30) : start]
    if _LANGUAGE_BEFORE_RE.search(before) or _LANGUAGE_AFTER_RE.match(text, end):
        return True
    return bool(_IN_LANGUAGE_RE.search(before) and _PHRASE_ENDS_RE.match(text, end))
