"""Background and summary mentions: events told in passing that cannot be dated or located.

Takes a sentence (and the sentence before it); says whether its event words describe past context
("in recent months", "since the war began", "a series of attacks", "This includes attacks on ...")
rather than one datable event. Such mentions become ``BackgroundMention``s, not events, unless the
sentence gives an explicit day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eventwire.extract.filters import past_year

_MARKERS = re.compile(
    r"\b(?:in recent (?:months|weeks|years)|recent months|previously|in the past(?: \w+)? (?:months|years|decades?)|"
    r"over the (?:past|last)(?: \w+)? (?:months|years|decades?)|since the (?:war|conflict|start|beginning|uprising|invasion|revolution|outbreak)|"
    r"since (?:it|the fighting) (?:began|started)|(?:\w+|\d+) (?:months|years|decades) (?:after|before|earlier)|(?<!first time )since (?:early |late |mid-)?(?:january|february|march|april|may|june|july|august|september|october|november|december|(?:19|20)\d\d)|last year|years ago|months ago|a decade ago|for years|for decades|"
    r"(?:has|have|had) (?:conducted|carried out|launched|staged|claimed|waged) (?:\w+ )?(?:several|many|multiple|numerous|dozens|hundreds|scores|a series|a string|repeated|a wave)|"
    r"(?<!\bin )a (?:series|string|spate) of|(?:several|numerous|multiple|repeated|frequent|countless|dozens of|hundreds of|thousands of) (?:\w+ )?(?:attacks|strikes|air ?strikes|bombings|raids|operations|assaults)|"
    # "in the past" is history, but "in the past hour", "in the past 48 hours", "in the past week" is the
    # news itself (a live blog's running count, a wire's latest raids)
    r"in the (?:past(?! (?:(?:few|couple of|several|\d+|two|three|four|five|six|seven|24|48|72) )?(?:hours?|days?|weeks?|night)\b)|history)|historically|at the height of|during the (?:civil )?war|in (?:19|20)\d\d|"
    # states and wars of another era: "Fascist Italy used mustard gas", "the Soviet Union and Nazi Germany"
    # ("the deadliest attack since the second world war" is news measured against history, and stays)
    r"(?<!since the )(?:first|second) world war|(?<!since )world war (?:one|two|i|ii|1|2)|(?<!since )the cold war|"
    r"nazi germany|the nazis|fascist italy|the soviet union|ottoman empire|imperial japan|"
    r"in the (?:\d\d?(?:st|nd|rd|th)|(?:eigh|nine|seven)teenth) century|in the (?:19|20)?\d0s)\b",
    re.I,
)
_INHERIT = re.compile(r"^\s*(?:this|these|those|they|it|which)\s+(?:also\s+)?includ(?:es|ed|e)|^\s*(?:including|among them|among these)\b", re.I)
# a nominal trigger modified like this summarises several earlier events
SUMMARY_MODIFIERS = frozenset({"recent", "previous", "past", "earlier", "repeated", "several", "multiple",
                               "numerous", "frequent", "countless", "many", "prior", "former", "ongoing",
                               "continued", "continuing", "regular", "daily", "nightly", "sporadic"})
#: Marker used when only the age of a month-precision date makes a mention historical.
HISTORICAL = re.compile("historical").match("historical")
ANAPHORIC_DETERMINERS = frozenset({"these", "those", "such", "this", "that"})
# the sentence brings a finding to light: testimony, documentation, a monitor's or researchers' report.
# ACLED codes such events at their own date when they become known (sexual violence above all is
# documented months later), so a month long past does not make them history
_FINDING = re.compile(
    r"\b(?:document(?:s|ed|ing)?|testimon(?:y|ies)|testif(?:y|ied|ies)|(?:told|according to) (?:\w+ ){0,3}"
    r"(?:researchers|investigators|monitors|the (?:commission|mission|panel)|human rights watch|amnesty|"
    r"fortify rights)|(?:annual|monthly|new|latest) report|(?:report|investigation|inquiry) (?:found|finds|says|said))\b",
    re.I)


def documented_finding(sentence: str) -> re.Match[str] | None:
    """The words that present the sentence's event as newly documented ("UN monitors documented that ...",
    "according to testimony collected by the mission", "told Fortify Rights"), if any."""
    return _FINDING.search(sentence)


@dataclass(frozen=True, kw_only=True, slots=True)
class SentenceContext:
    """A sentence's place in its article: ``span`` and ``previous`` are (start, end) article offsets."""

    text: str
    span: tuple[int, int]
    previous: tuple[int, int] | None = None
    position: int = 0
    #: the two sentences before this one (a narrative of "In 2014 ..." goes on without repeating the year)
    lookback: tuple[int, int] | None = None
    #: the sentence's encoder vector (a numpy array, or a function computing it on first use)
    vector: Any = None

    @property
    def sentence(self) -> str:
        return self.text[self.span[0]:self.span[1]]

    @property
    def previous_sentence(self) -> str:
        return self.text[self.previous[0]:self.previous[1]] if self.previous else ""


def background_marker(sentence: str, pub_year: int | None = None) -> re.Match[str] | None:
    """The phrase that marks the sentence as context, if any ("in 2015" only if before ``pub_year``)."""
    for m in _MARKERS.finditer(sentence):
        year = re.fullmatch(r"in ((?:19|20)\d\d)", m.group(), re.I)
        if year and (pub_year is None or int(year.group(1)) >= pub_year):
            continue
        return m
    return past_year(sentence, pub_year)


def narrative_year(context: SentenceContext, pub_year: int | None) -> re.Match[str] | None:
    """A past year named in the sentences just before this one (for sentences with no date of their own)."""
    if context.lookback is None or context.position < 2:
        return None  # the lead (and a photo caption before it) sets no narrative
    return past_year(context.text[context.lookback[0]:context.lookback[1]], pub_year)


def is_background(context: SentenceContext, pub_year: int | None) -> re.Match[str] | None:
    """The background marker of this sentence, or of the previous one when this one continues it."""
    own = background_marker(context.sentence, pub_year)
    if own:
        return own
    inherit = _INHERIT.search(context.sentence)
    if inherit and background_marker(context.previous_sentence, pub_year):
        return inherit
    return None
