"""Fatalities and injuries reported for one event, from numbers in digits and words.

Takes a sentence string and its article offset; gives a ``Casualties`` record (best/low/high killed,
injured) with evidence spans. Cumulative tolls ("since October 7 ... 32,300 killed", "so far", "in
total", "during the election campaign", "killed or captured") are not one event's casualties and are
ignored here. Words count: "a woman" = 1, "a woman and her two children" = 3, "three police officers
and a passer-by" = 4, "dozens" → low 24, "scores" → 40, "hundreds" → 200, "more than 74,000".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a dozen": 12, "dozen": 12, "a hundred": 100,
}
# vague quantities: (low, best)
_VAGUE = {
    "dozens": (24, 24), "scores": (40, 40), "hundreds": (200, 200), "thousands": (2000, 2000),
    "several": (3, 3), "a few": (2, 3), "a number": (2, 2), "many": (2, 2), "some": (2, 2),
}
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"a dozen|dozens|scores|hundreds|thousands|several|a few|a number|many|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|a hundred|hundred|an?)"
)
_QUALIFIER = r"(?P<qual>at least|more than|over|nearly|almost|about|around|some|up to|as many as|approximately|roughly|an estimated|fewer than|less than|under)?\s*"
_NUM = _QUALIFIER + r"(?P<num>" + _NUMBER + r")(?:\s*(?:to|-|or)\s*(?P<num2>" + _NUMBER + r"))?"
_NOUNS = r"(?:[\w'-]+\s+){0,3}?"
_VICTIM = r"(?:people|persons|civilians|soldiers|troops|policemen|police officers|officers|militants|fighters|children|women|men|man|woman|child|boy|girl|boys|girls|members|others|protesters|demonstrators|villagers|residents|students|workers|worshippers|passengers|personnel|insurgents|rebels|jihadists|gunmen|attackers|farmers|Palestinians|Israelis|Syrians|Iraqis|Afghans|Yemenis|Ukrainians|Russians|bodies)"

# "killed or captured", "dead or wounded": a count of two outcomes is no fatality figure
_KILL = (r"(?:killed|dead|died|slain|massacred|murdered|executed|lost their lives|shot dead|perished|were killed|deaths?|fatalities|bodies)"
         r"(?!\s+or\s+(?:captured|wounded|injured|hurt|arrested|missing|taken|detained|abducted|kidnapped))")
_INJURE = r"(?:injured|wounded|hurt|injuries|casualties|hospitali[sz]ed|maimed)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, re.I))
    for kind, p in (
        ("killed", r"\b(?:killing|killed|kills|kill|shot dead|shooting dead|gunned down|beheaded|executed|leaving|left|claiming the lives of|death toll (?:rose |climbed |rising )?(?:to|of|at)|toll (?:rose )?to)\s+" + _NUM + r"\b(?!\s*(?:injured|wounded|hurt))"),
        ("killed", r"\b" + _NUM + r"\s+" + _NOUNS + r"(?:(?:were|was|have been|had been|are|is|been|reportedly|also|later)\s+){0,2}" + _KILL + r"\b"),
        ("killed", r"\b" + _NUM + r"\s+(?:of (?:them|whom) )?" + _KILL + r"\b"),
        # "five people, including three children, were killed"
        ("killed", r"\b" + _NUM + r"\s+" + _VICTIM + r",\s+including [^,]{1,60},\s+(?:(?:were|was|have been|had been|all)\s+){0,2}" + _KILL + r"\b"),
        ("killed", r"\b(?:death toll|number of (?:people|those|civilians|dead) killed)\b[^.]{0,80}?\b(?:rose|rises|risen|climbed|climbs|reached|stands at|stood at|jumped)\s+(?:to\s+)?" + _NUM + r"\b"),
        ("injured", r"\b(?:injuring|wounding|injured|wounded|hurting)\s+" + _NUM + r"\b"),
        ("injured", r"\b" + _NUM + r"\s+" + _NOUNS + r"(?:(?:were|was|have been|had been|are|is|been|reportedly|also|seriously|critically|slightly)\s+){0,2}" + _INJURE + r"\b"),
    )
)
_FAMILY = re.compile(r"\b(?P<a>an?|one)\s+(?P<who>man|woman|child|boy|girl|mother|father)\s+and\s+(?:his|her|their)\s+(?P<n>\w+)\s+(?:children|sons|daughters|kids|relatives|brothers|sisters)\b", re.I)
# "three police officers and a passer-by", "two soldiers and a civilian", "a woman and her teenage son":
# counted victims joined by "and" add up (a/an/one = 1; a possessive with no count = 1)
_COUNT = (r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
          r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty)")
_PERSON = (r"(?:police ?officers?|policem[ae]n|soldiers?|civilians?|passers?-?by|bystanders?|officers?|people|persons?|"
           r"children|child|kids?|women|woman|men|man|boys?|girls?|militants?|fighters?|rebels?|students?|workers?|"
           r"teachers?|farmers?|villagers?|residents?|journalists?|guards?|worshipp?ers?|members?|troops?|personnel|"
           r"others?|babies|baby|infants?|relatives?|sons?|daughters?|brothers?|sisters?|wife|husband|mother|father|"
           r"pilgrims?|passengers?|drivers?|traders?|herders?|insurgents?|attackers?|gunm[ae]n|assailants?|suspects?|"
           r"teenagers?|toddlers?|policem[ae]n|gendarmes?|pupils?|nurses?|doctors?|candidates?|aides?|"
           r"bodyguards?|escorts?|officials?|mayors?|councill?ors?|lawmakers?|mercenaries|mercenary|jihadists?|"
           r"militiam[ae]n|combatants?)")
# headlines drop the article: "kills three police officers and passer-by"
_ONE_PERSON = (r"(?:passers?-?by|bystander|civilian|child|woman|man|boy|girl|driver|guard|journalist|soldier|"
               r"policeman|police officer|officer|teacher|student|farmer|baby|toddler|teenager)")
_CONJOINED = re.compile(
    rf"\b(?P<n1>{_COUNT})\s+(?:[\w'-]+\s+){{0,3}}?{_PERSON}\s+and\s+(?:(?:(?P<poss>his|her|their)\s+(?:(?P<n3>{_COUNT})\s+)?|"
    # "a mayoral candidate and two of his aides"
    rf"(?P<n2>{_COUNT})\s+(?:of\s+(?:his|her|their)\s+)?)"
    rf"(?:[\w'-]+\s+){{0,3}}?{_PERSON}|{_ONE_PERSON})\b", re.I)
_BEFORE_KILL = re.compile(r"\b(?:killing|killed|kills|kill|shot dead|shooting dead|gunned down|claiming the lives of|"
                          r"left|leaving)\s*(?:about|around|some|nearly|almost|at least|more than|over)?\s*$", re.I)
_BEFORE_INJURE = re.compile(r"\b(?:injuring|wounding|injured|wounded|hurting)\s*$", re.I)
_AFTER_KILL = re.compile(r"^\s*(?:,[^,]{1,60},)?\s*(?:(?:were|was|have been|had been|all|also|reportedly)\s+){0,2}"
                         r"(?:killed|dead|died|slain|murdered|shot dead|lost their lives)\b", re.I)
_AFTER_INJURE = re.compile(r"^\s*(?:(?:were|was|have been|had been|also)\s+){1,2}(?:injured|wounded|hurt)\b", re.I)

_CUMULATIVE = re.compile(
    r"\b(?:since (?:last |early |late |mid-?|the |october|the start|the beginning|it began|the war|the conflict|\d{4}|january|february|march|april|may|june|july|august|september|november|december)|so far|in total|total of|overall|cumulative|to date|this year|over the past|over the last|in the past (?:year|years|months|decade)|death toll (?:in|of) the (?:war|conflict)|have been killed in the (?:war|conflict)|(?:which|that) (?:began|started)|since (?:an?|the|their|its) [^.;]{0,80}?\b(?:began|started|erupted|broke out)\b|(?:has|have) resulted in the deaths|"
    # "more than 30 candidates have been killed across Mexico during the current election campaign"
    r"during the (?:(?:current|ongoing|recent|last|past|\d{4}) )?(?:election|electoral) (?:campaign|season|period|cycle)|"
    r"during the (?:current|ongoing) (?:war|conflict|campaign|insurgency)|this (?:election )?season|election season|"
    r"(?:have|has) been (?:killed|murdered|slain|shot dead) (?:across|throughout|nationwide|in recent (?:years|months|weeks))|"
    # "have been killed in a series of attacks", "in similar attacks": many events, not this one
    r"(?:have|has|had) been (?:killed|murdered|slain) in (?:a (?:series|spate|wave) of|recent|similar|separate|such) )",
    re.I,
)
#: "At least 250 civilians have been killed in the bombardment of Afrin", "There have been up to 500
#: civilians killed": a present perfect toll of a campaign (a noun for many days' violence) or an
#: existential one sums violence up; it is no one day's event (the builder asks only of undated sentences)
CAMPAIGN_TOLL = re.compile(
    r"\b(?:have|has) been (?:killed|murdered|slain|wounded|injured) (?:(?:in|across|throughout) [\w-]+(?: [\w-]+)? )?"
    r"(?:in|during|by|as a result of|because of) (?:the|this|its|their) "
    r"(?:[\w-]+ ){0,2}?(?:bombardments?|offensive|siege|campaign|fighting|onslaught|war|conflict|violence|"
    r"crackdown|insurgency|unrest|hostilities)\b"
    r"|\bthere (?:have|has) been (?:[\w-]+ ){1,5}?(?:killed|murdered|slain|deaths)\b", re.I)


@dataclass(frozen=True, kw_only=True, slots=True)
class Figure:
    """One casualty figure; offsets are article offsets."""

    kind: str  # "killed" or "injured"
    best: int
    low: int
    high: int | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Casualties:
    """The casualty figures of one event (None where the text says nothing)."""

    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    figures: tuple[Figure, ...] = ()


def word_number(text: str) -> tuple[int, int] | None:
    """(low, best) for a number in digits or words; None if it is not a number."""
    t = text.lower().strip()
    if t in _VAGUE:
        return _VAGUE[t]
    if t in _UNITS:
        return _UNITS[t], _UNITS[t]
    m = re.fullmatch(r"([\d,.]+)(?:\s+(million|thousand))?", t)
    if m:
        value = float(m.group(1).replace(",", ""))
        value *= {"million": 1_000_000, "thousand": 1000}.get(m.group(2) or "", 1)
        if not value < 1e12:  # "killed 1000…0 people" (inf, or past SQLite's INTEGER) is no toll
            return None
        return int(value), int(value)
    if "-" in t:
        tens, _, unit = t.partition("-")
        if tens in _UNITS and unit in _UNITS:
            return _UNITS[tens] + _UNITS[unit], _UNITS[tens] + _UNITS[unit]
    return None


_PERSON_AFTER_A = re.compile(r"\s*(?:[\w-]+\s+)?(?:man|woman|child|boy|girl|soldier|policeman|police officer|officer|civilian|person|teenager|student|worker|farmer|journalist|fighter|militant|member|resident|villager|teacher|doctor|priest|imam|pastor|baby|toddler|candidate|politician|lawmaker|councillor|councilor|mayor|journalist|passer-?by|bystander|guard|driver|nurse|chief|leader|official)\b", re.I)


#: "No one was killed", "not one soldier died": the count is negated, the toll is zero, not one
#: (the zero itself is read by the assembler from the whole phrase)
_NEGATED_COUNT = re.compile(r"\b(?:no|not)[\s-]*$", re.I)


def _negated_count(sentence: str, m: re.Match[str]) -> bool:
    return m.group("num").lower() == "one" and _NEGATED_COUNT.search(sentence, 0, m.start("num")) is not None


def _figure(kind: str, m: re.Match[str], offset: int, sentence: str) -> Figure | None:
    if m.group("num").lower() in ("a", "an") and not _PERSON_AFTER_A.match(sentence, m.end("num")):
        return None  # "left a trail", "killing a" with no person after it
    if _negated_count(sentence, m):
        return None
    first = word_number(m.group("num"))
    if first is None or first[1] == 0:
        return None
    low, best = first
    high: int | None = None
    second = word_number(m.group("num2")) if m.group("num2") else None
    qual = (m.group("qual") or "").lower()
    if second:
        high = second[1]
    elif qual in ("up to", "as many as", "nearly", "almost", "fewer than", "less than", "under"):
        high, low = best, min(low, best)
    start = m.start() + len(m.group()) - len(m.group().lstrip())
    return Figure(kind=kind, best=best, low=low, high=high, start=offset + start, end=offset + m.end(),
                  text=sentence[start:m.end()])


def _families(sentence: str, offset: int) -> list[Figure]:
    out = []
    for m in _FAMILY.finditer(sentence):
        n = word_number(m.group("n"))
        if n and re.search(r"\b(?:killed|dead|died|killing|slain)\b", sentence[m.end():m.end() + 60], re.I):
            total = 1 + n[1]
            out.append(Figure(kind="killed", best=total, low=total, high=None, start=offset + m.start(),
                              end=offset + m.end(), text=m.group()))
    return out


def _conjoined_kind(sentence: str, m: re.Match[str]) -> str | None:
    """Whether the joined count is of the killed or the injured: said by the verb before or after it."""
    before, after = sentence[max(0, m.start() - 40):m.start()], sentence[m.end():m.end() + 80]
    if _AFTER_INJURE.match(after):
        return "injured" if _BEFORE_INJURE.search(before) or not _BEFORE_KILL.search(before) else None
    if _BEFORE_KILL.search(before) or _AFTER_KILL.match(after):
        return "killed"
    if _BEFORE_INJURE.search(before):
        return "injured"
    return None


def _conjoined(sentence: str, offset: int) -> list[Figure]:
    """Counts joined by "and" ("killing three police officers and a passer-by" = 4)."""
    out = []
    for m in _CONJOINED.finditer(sentence):
        kind = _conjoined_kind(sentence, m)
        second = m.group("n2") or m.group("n3")
        first_n, second_n = word_number(m.group("n1")), word_number(second) if second else (1, 1)
        if kind is None or first_n is None or second_n is None:
            continue
        total = first_n[1] + second_n[1]
        out.append(Figure(kind=kind, best=total, low=total, high=None, start=offset + m.start(),
                          end=offset + m.end(), text=m.group()))
    return out


def is_cumulative(sentence: str) -> bool:
    """Whether the sentence reports a running total rather than one event's toll."""
    return _CUMULATIVE.search(sentence) is not None


def find_figures(sentence: str, offset: int) -> list[Figure]:
    """All casualty figures in the sentence (empty for cumulative tolls)."""
    if is_cumulative(sentence):
        return []
    figures = _conjoined(sentence, offset)
    figures += [f for f in _families(sentence, offset)
                if not any(g.start < f.end and f.start < g.end for g in figures)]
    for kind, regex in _PATTERNS:
        for m in regex.finditer(sentence):
            fig = _figure(kind, m, offset, sentence)
            if fig and not any(f.start < fig.end and fig.start < f.end for f in figures):
                figures.append(fig)
    return figures


_ALSO = re.compile(r"\balso\b", re.I)


def adds_to_toll(figure: Figure) -> bool:
    """'killing two soldiers ... One of the attackers was also killed': an 'also' count is more dead
    of the same event, added to the main report rather than competing with it."""
    return figure.kind == "killed" and _ALSO.search(figure.text) is not None


def casualties(figures: list[Figure]) -> Casualties:
    """Combine figures of one event: the largest specific report wins (ACLED keeps one best figure)."""
    killed = [f for f in figures if f.kind == "killed"]
    injured = [f for f in figures if f.kind == "injured"]
    if not killed and not injured:
        return Casualties()
    reports = [f for f in killed if not adds_to_toll(f)] or killed
    best = max(reports, key=lambda f: f.best) if reports else None
    extra = sum(f.best for f in killed if adds_to_toll(f) and f is not best)
    return Casualties(
        fatalities=best.best + extra if best else None,
        fatalities_low=best.low + extra if best else None,
        fatalities_high=best.high if best else None,
        injuries=max(f.best for f in injured) if injured else None,
        figures=tuple(figures),
    )
