"""How much an event record can be trusted, from what the text actually gave for it.

Takes the facts extraction found about one merged event mention (``Support``); gives a confidence in
[0.05, 0.95]. Each fact adds or removes weight in proportion to how often, in hand-checked output on
long news, events with and without it were real:

- the trigger: a word that names its means ("airstrike", "shelled") beats a generic verb ("hit");
- the means (a weapon) and casualties found;
- the perpetrator: named in the actor knowledge base > a generic word ("gunmen") > coreference > none;
- the place: a town > a region > only a country > none;
- the date: the sentence's own day > a day taken from another sentence > none (publication date);
- the telling: several mentions in the article, in the lead, vs. hedged ("reportedly", "it was not
  clear"), quoted, only a claim, or dated long before the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|unconfirmed|could not be (?:independently )?(?:verified|confirmed)|"
    r"(?:it was|it is|it remains) (?:not |un)clear|may have|might have|possibly|apparently|rumou?red|"
    r"suspected|it is believed|are believed|was believed|were believed)\b", re.I)
_QUOTE_OPEN = re.compile(r"[\"“]")


@dataclass(frozen=True, kw_only=True, slots=True)
class Support:
    """What one event rests on; filled by ``build`` from a merged mention draft."""

    strength: float  # trigger strength, 0..1
    means: bool  # a weapon or a remote-violence trigger
    casualties: bool
    actor_rank: int  # 3 named (KB or claimant), 2 generic word, 1 coreference/default, 0 none
    place_precision: int | None  # geo precision (1 town … 3 country), None when unplaced
    date_own: bool  # the date comes from the event's own sentence
    date_precision: int | None  # 1 day, 2 week, 3 month; None: undated (publication date used)
    mentions: int  # trigger mentions merged into this event
    position: int  # first sentence index
    asserted: bool  # False: only a reference or a claim
    claimed: bool  # a claim of responsibility backs it
    hedged: bool
    quoted: bool
    days_before_report: int | None  # event date vs publication date


def hedged(sentence: str) -> bool:
    """Whether the sentence hedges what it reports."""
    return _HEDGES.search(sentence) is not None


def quoted(sentence: str, trigger_offset: int) -> bool:
    """Whether the trigger (offset inside the sentence) sits inside a quotation."""
    return len(_QUOTE_OPEN.findall(sentence[:trigger_offset])) % 2 == 1 or (
        sentence[:trigger_offset].count("“") > sentence[:trigger_offset].count("”"))


def _where_when(s: Support) -> float:
    score = {1: 0.10, 2: 0.07, 3: 0.02}.get(s.place_precision or 0, 0.0) if s.place_precision else -0.04
    if s.date_precision is None:
        score -= 0.08
    elif s.date_own:
        score += 0.08 if s.date_precision == 1 else 0.03
    else:
        score += 0.03
    if s.days_before_report is not None and s.days_before_report > 60:
        score -= 0.15  # history told with its date: right, but rarely this report's news
    return score


def confidence(s: Support) -> float:
    """The confidence of an event with support ``s``."""
    score = 0.2 + 0.3 * s.strength
    score += 0.04 if s.means else 0.0
    score += 0.06 if s.casualties else 0.0
    score += (-0.06, 0.02, 0.06, 0.1)[max(0, min(3, s.actor_rank))]
    score += _where_when(s)
    score += min(0.08, 0.04 * (s.mentions - 1))
    score += (0.1, 0.05, 0.02, 0.02)[s.position] if s.position <= 3 else -0.03  # the lead tells the main event
    if not s.asserted:
        score -= 0.05 if s.claimed else 0.15
    score -= 0.12 if s.hedged else 0.0
    score -= 0.1 if s.quoted else 0.0
    return round(max(0.05, min(0.95, score)), 3)
