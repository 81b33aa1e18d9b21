"""Date expressions in a sentence, resolved against the publication date.

Takes a sentence string, its offset in the article and the publication date; gives ``DateMention``s
with the resolved day (or span) and a time precision (1 day, 2 week/few days, 3 month).

Dates are resolved to what the text means, the future included; a mention after publication + 1 day,
or one the text speaks of as still to come, has ``future`` set, and ``ahead`` when the text itself
says so (a tense, plan or deadline cue, "next", "tomorrow"). The event builder never dates an event
with a future mention: an ``ahead`` one is a plan (no event), any other contradicts the publication
date and dates nothing.

Future cues (``_looks_ahead``, rule suffix ``_ahead``): a tense or plan word at most ten words before
the date with no clause boundary or past verb between ("will meet on Saturday", "plans to hold a
rally on Friday", "set to resume Monday", "is due to appear on 1 March"); a deadline word right before
it ("by Jan. 14", "payable Dec. 7", "as soon as Tuesday", "postponed the vote until Monday"; "by" not
in a past clause: "By Sunday, he appeared to agree"); for a date opening the sentence, a cue soon after
("On Tuesday, the league plans to ..."; not "On Monday, police said they will ...").

Rules (recorded on each mention as ``rule``):
- explicit day and month without a year: the *nearest* such date at most 60 days after publication
  ("March 27" in an article dated 2024-03-26 is 2024-03-27, "20 April" 2024-04-20, a future mention,
  "20 August" 2023-08-20); with a future cue the next such day ("will take effect on 1 September"
  is 2024-09-01; a deadline up to 14 days past stays this year's); "18 August last year" / "in April
  next year" take the year relative to publication; "Saturday, April 25" is one expression;
- a weekday: the most recent such day on or before the publication date ("on Monday" in a Monday
  report is that day, "last Monday" a week earlier); with a future cue the next such day on or after
  it, "next Monday" strictly after; "on Sunday night", "late on Friday",
  "in the early hours of Monday", "overnight Saturday" are that weekday;
- holidays: "Christmas Day", "New Year's Eve", "Boxing Day", US "Thanksgiving": the nearest such day
  as for a day and month ("last Thanksgiving": the latest before publication);
- "the night of Saturday to Sunday": one day, the Saturday (rule ``night_of``);
- "yesterday", "last night" = pub − 1; "the day before yesterday" = pub − 2; "today", "this morning",
  "tonight", "earlier today", "overnight" = pub (an overnight event is reported the morning it ends);
- relative to another event: "a day earlier" / "the previous day" / "two days before" (back),
  "the next day" / "the following morning" / "two days later" (forward), "hours later" /
  "later that day" / "that night" / "on the same day" (same day): counted from the last day-precise
  date earlier in the same text, else the ``anchor`` given (the day of the previous sentence), else,
  backwards only, the publication date (rules ``day_before:``/``day_after:``/``same_day:<anchor>``);
- "two days ago" = pub − 2; "two weeks ago" / "a week or so ago" = pub − 14 / − 7, precision 2;
  "a year ago" = the same day a year back, precision 3;
- "next week" / "this coming weekend" / "later this week" (precision 2), "next month" / "later this
  month" (precision 3): ahead of publication, always future;
- "last week" / "this week" / "earlier in the week" / "over the weekend": precision 2;
- "earlier this month" / "last month" / a bare month name: precision 3 (first day of the month);
- "in the last month" / "a few weeks ago": precision 3, the 30 days before publication;
- "since Friday" / "since March": the event is ongoing or later, a span from that day to publication
  with precision 2 (up to seven days) or 3 (rule ``since_<rule>``);
- spans ("between 3 and 5 May", "from 3 to 5 May") give date_start/date_end;
- "in recent days/weeks/months" is no date: ``recent_period`` marks the sentence as a summary.
Resolved dates are never before 1900-01-01; after pub + 1 day they are ``future``.
Without a publication date only fully explicit dates (with a year) resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MON = r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# "18 August last year", "in April next year": the year said relative to the report's
_YEAR_REL = r"\s+(?P<yrel>last|this|next)\s+year"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)|" + _YEAR_REL + r")?"
_WD = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# "Saturday, April 25": the weekday belongs to the explicit date, which decides the day
_WD_PREFIX = r"(?:(?:" + _WD + r"),?\s+(?:the\s+)?)?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("span_day_month", r"\b(?:between|from)\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|to|-)\s+" + _DAY + r"\s+" + _MON + _YEAR + r"\b"),
        ("span_month_day", r"\b(?:between|from)\s+" + _MON + r"\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|to|-)\s+" + _DAY + _YEAR + r"\b"),
        ("day_month", r"\b" + _WD_PREFIX + _DAY + r"\s+(?:of\s+)?" + _MON + _YEAR + r"\b"),
        ("month_day", r"\b" + _WD_PREFIX + _MON + r"\s+" + _DAY + r"(?!\d)" + _YEAR + r"\b"),
        ("day_before_yesterday", r"\bthe day before yesterday\b"),
        ("holiday", r"\b(?P<hlast>last\s+)?(?P<hol>christmas (?:day|eve)|new year[\u2019']s (?:day|eve)|boxing day|"
                    r"thanksgiving(?: day)?)" + _YEAR + r"\b"),
        ("night_of", r"\b(?:(?:on|during|in)\s+)?(?:the\s+night\s+(?:of|from|between)|overnight(?:\s+from)?)\s+"
                     r"(?P<wd>" + _WD + r")\s+(?:to|into|and|-)\s+(?P<wd2>" + _WD + r")\b"),
        ("relative_day", r"\b(?P<rel>yesterday|today|tonight|tomorrow|this morning|this afternoon|this evening|last night|"
                         r"overnight(?!\s+(?:on\s+)?" + _WD + r")|earlier today)\b"),
        ("days_ago", r"\b(?P<ago>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) days ago\b"),
        ("weeks_ago", r"\b(?P<nweeks>a|one|two|three|four)\s+weeks?(?:\s+or\s+so)?\s+ago\b"),
        ("year_ago", r"\b(?:a|one)\s+year\s+ago\b"),
        ("next_period", r"\b(?P<next>next|this coming|later this)\s+(?P<unit>week|weekend|month)\b"),
        ("weekday", r"\b(?:(?:late|early|overnight)\s+(?:on\s+)?|on\s+|(?P<last>last|this past)\s+|(?P<next>next|this coming|coming)\s+|in the (?:early|small) hours of\s+)?"
                    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                    r"(?:\s+(?:night|morning|afternoon|evening))?\b"),
        ("week", r"\b(?P<week>last week|this week|earlier this week|earlier in the week|past week|over the weekend|at the weekend|last weekend|this weekend|(?:the )?past (?:few|several|two|three) days|(?:a few |several )?days ago)\b"),
        ("weeks_back", r"\b(?P<wback>(?:in|over|during|within) the (?:last|past) (?:month|few weeks|two weeks|three weeks|several weeks|weeks)|(?:a few|several) weeks ago)\b"),
        ("month_rel", r"\b(?P<mrel>earlier this month|this month|last month|earlier in the month|past month)\b"),
        ("month_only", r"\b(?:in|during|since|early|late|mid-?)\s+" + _MON + r"(?:(?P<year>\s+(?:19|20)\d\d)|" + _YEAR_REL + r")?\b"),
    )
)


@dataclass(frozen=True, kw_only=True, slots=True)
class DateMention:
    """A resolved date expression; ``start``/``end`` are article offsets."""

    start: int
    end: int
    text: str
    date_start: dt.date
    date_end: dt.date
    precision: int
    rule: str
    #: the date is after publication + 1 day, or the text speaks of it as to come: never the day of an
    #: event this report tells
    future: bool = False
    #: the text itself says the date is to come (a tense or plan cue: "will meet on Saturday", "by
    #: Jan. 14", "next week"); a future date without it contradicts the publication date instead
    ahead: bool = False


#: A yearless date at most this many days after publication, said without a cue for the future, is
#: read as that coming day (a plan or a deadline: "by Jan. 14" in a 6 January report), not last year's;
#: further ahead it is last year's ("the year ended Jan. 31" in an October report). Measured on
#: TempEval-3: plans ran up to ~70 days ahead, past dates read this way from ~90 days ahead.
_AHEAD_DAYS = 60
#: A date the sentence speaks of as to come may lie this many days before publication (a deadline
#: reported the day after, a wire date later than the story): this year's, not next year's.
_LATE_DAYS = 14
#: How far ahead a plan written without a year can lie (a contract "effective June 1" in October); beyond
#: it the nearest such day is meant.
_PLAN_HORIZON_DAYS = 270


def _nearest_year(month: int, day: int, pub: dt.date, *, ahead: bool = False) -> dt.date | None:
    """The date with this month/day nearest to ``pub`` and at most ``_AHEAD_DAYS`` after it ("March 27"
    in a report of 26 March is this year's, "20 April" this year's, "20 August" last year's); with
    ``ahead`` (the sentence speaks of the future: "will take effect Feb. 1") the next such day on or
    after publication."""
    candidates = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return _nearest(candidates, pub, ahead=ahead)


def _nearest(candidates: list[dt.date], pub: dt.date, *, ahead: bool = False, last: bool = False) -> dt.date | None:
    """Of one yearly day's candidates, the one ``_nearest_year`` describes; ``last``: the latest before ``pub``."""
    if last:
        return max((c for c in candidates if c < pub), default=None)
    best: dt.date | None = None
    for candidate in candidates:
        gap = (candidate - pub).days
        if ahead:  # a deadline reported as just past stays this year's ("by Jan. 14" in a 15 January report)
            if gap >= -_LATE_DAYS and (best is None or candidate < best):
                best = candidate
            continue
        if gap > _AHEAD_DAYS:
            continue
        if best is None or abs(gap) < abs((best - pub).days):
            best = candidate
    if ahead and best is not None and (best - pub).days > _PLAN_HORIZON_DAYS:
        # a plan written without a year lies within months: "the vote, scheduled for 3 March, was
        # postponed" in a 20 March report is this year's 3 March, not next year's
        return _nearest(candidates, pub)
    return best


def _year_of(g: dict[str, str | None], pub: dt.date | None) -> str | None:
    """The year written out, or said relative to publication ("last year")."""
    if g.get("year"):
        return (g["year"] or "").strip()
    rel = (g.get("yrel") or "").lower()
    if rel and pub:
        return str(pub.year + {"last": -1, "this": 0, "next": 1}[rel])
    return None


_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
             "new year's eve": (12, 31), "boxing day": (12, 26)}


def _holiday(name: str, year: int) -> dt.date:
    """A holiday of fixed date, or US Thanksgiving (the fourth Thursday of November)."""
    name = name.lower().replace("\u2019", "'")
    if name.startswith("thanksgiving"):
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    month, day = _HOLIDAYS[name]
    return dt.date(year, month, day)


def _month_day(month: int, day: int, year: str | None, pub: dt.date | None, *, ahead: bool = False) -> dt.date | None:
    if year:
        try:
            return dt.date(int(year), month, day)
        except ValueError:
            return None
    return _nearest_year(month, day, pub, ahead=ahead) if pub else None


# Cues that the date names something still to come. Each must stand close before the date, with no
# clause between them ("will meet ... on Saturday", "plans to hold a rally on Friday", "scheduled to
# close Monday", "payable Dec. 7", "by Jan. 14", "the Jan. 14 deadline" is handled after the date).
_AHEAD_CUE = re.compile(
    r"\b(?:will|shall|(?<!the )(?<!their )(?<!its )(?<!his )(?<!her )(?<!our )plans|plan to|planning|(?<!had )planned|intends?|(?:is|are|'s|'re) (?:due|slated|poised|going|expected)"
    r"|(?<!was )(?<!were )(?<!had been )(?:scheduled|set to)|(?:is|are) to(?! blame)|to be held|upcoming)\b|'ll\b", re.I)
# only right before the date: "by Jan. 14", "payable Dec. 7", "as soon as Tuesday", "postponed until Tuesday"
_AHEAD_ADJACENT = re.compile(
    r"(?:\b(?:postponed|adjourned|delayed|deferred|extended|put off)\b[^.;:]{0,40}\s(?:until|till|to)"
    r"|\b(?:by|payable|effective|expires?|expiring|"
    r"as (?:soon|early) as|starting|beginning|from now to|between now and))\s+(?:on\s+)?$", re.I)
# a word that ends the cue's reach: another clause, a report, a past verb
_BLOCK = re.compile(r"^(?:said|says|told|announced|added|reported|stated|confirmed|claimed|who|which|that|when|"
                    r"after|since|because|while|was|were|had|did|last|ago|but)$", re.I)
# common irregular past forms ("will visit the town where gunmen shot ... on Monday")
_IRREGULAR_PAST = frozenset({"shot", "fought", "took", "went", "came", "began", "broke", "met", "fled", "struck",
                             "threw", "blew", "stole", "left", "led", "held", "made", "saw", "gave", "rode"})
_WORD = re.compile(r"[\w'-]+")
_NOT_PAST = frozenset({"hundred", "red", "bed", "shed", "wed", "armed", "unarmed", "masked", "alleged", "so-called"})
_REPORT_VERBS = frozenset({"said", "told", "announced", "added", "reported", "stated", "confirmed"})
_REPORTED = frozenset({"said", "says", "told", "announced", "added", "reported", "stated", "was", "were", "had",
                       "when", "after", "while", "because", "since", "who", "which"})
#: How many words may stand between a cue and its date ("will then travel to Washington DC on March 12").
_REACH = 10
_SENTENCE_END = re.compile(r"(?:[!?;]|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])\.)[\"'`\u201d]*\s+(?=[\"`'\u201c]*[A-Z]|$)")


def _clause_before(sentence: str, start: int) -> str:
    head = sentence[max(0, start - 120):start]
    ends = list(_SENTENCE_END.finditer(head))
    return head[ends[-1].end():] if ends else head


def _clause_after(sentence: str, end: int) -> str:
    tail = sentence[end:end + 120]
    stop = _SENTENCE_END.search(tail)
    return tail[:stop.start()] if stop else tail


def _past_after(sentence: str, end: int) -> bool:
    """A past verb soon after the date ("By Sunday, however, he appeared to agree"; "by Friday the army
    had arrived"); a report verb is not one ("by Jan. 14, officials said")."""
    words = _WORD.findall(_clause_after(sentence, end))[:6]
    return not _cue_reaches([w for w in words if w.lower() not in _REPORT_VERBS], reach=6, clauses=False)


def _cue_reaches(words: list[str], *, reach: int = _REACH, clauses: bool = True) -> bool:
    """No past verb (and, with ``clauses``, no clause boundary) among ``words``, the words between a
    cue and its date; a participle after "be" is no past ("will be held on Monday")."""
    if len(words) > reach:
        return False
    for i, w in enumerate(words):
        low = w.lower()
        passive = i > 0 and words[i - 1].lower() in ("be", "been", "being", "have", "remain", "stay", "get")
        # lower case only ("United", "Ahmed"); not "succeed", "need"; the verb right after a modal is bare
        past = ((w.islower() and low.endswith("ed") and not low.endswith("eed") and low not in _NOT_PAST)
                or low in _IRREGULAR_PAST) and not passive
        if past or (_BLOCK.match(w) if clauses else low in _REPORTED):
            return False
    return True


def _looks_ahead(sentence: str, start: int, end: int) -> bool:
    """Does the sentence speak of the date as still to come? A tense or plan cue close before it
    ("will meet on Saturday", "plans to hold a rally next week"), a deadline word right before or after
    it ("by Jan. 14", "the Jan. 14 deadline"), or, for a date opening the sentence, a cue soon after it
    ("On Tuesday, the league plans to hold a news conference")."""
    before = _clause_before(sentence, start)
    adjacent = _AHEAD_ADJACENT.search(before)
    # "had filed reports by Wednesday", "police said ... by Friday", "By Monday the toll had risen to 40":
    # a past clause around it makes the date one that has passed
    if adjacent and _cue_reaches(_WORD.findall(before[:adjacent.start()])[-6:], reach=6, clauses=False) \
            and not (adjacent.group().lower().startswith("by") and _past_after(sentence, end)):
        return True
    cues = list(_AHEAD_CUE.finditer(before))
    if cues and _cue_reaches(_WORD.findall(before[cues[-1].end():])):
        return True
    if _WORD.findall(before) not in ([], ["On"], ["on"]):
        return False
    tail = _clause_after(sentence, end)
    # the past "planned" reaches no date before it: "On Friday, the government planned to pay claims"
    cue = next((c for c in _AHEAD_CUE.finditer(tail) if c.group().lower() != "planned"), None)
    # the subject may stand between ("On Tuesday, the National Abortion and Reproductive Rights Action
    # League plans to ..."); a report verb may not ("On Monday, police said they will ...")
    return cue is not None and _cue_reaches(_WORD.findall(tail[:cue.start()]), reach=12, clauses=False)


# A date the text names as a plan's day: "scheduled for 10 September", "a deadline of 15 May" right before
# it, "set 10 September as the date for an offensive", "the 15 May deadline" right after it.
_PLAN_BEFORE = re.compile(r"(?:\b(?:scheduled|set|slated|planned|earmarked|fixed|timed)\s+for|\bdeadline\s+(?:of|on|for))"
                          r"\s+(?:on\s+)?$", re.I)
_PLAN_AFTER = re.compile(r"^,?\s+(?:(?:as|is|was|became)\s+(?:the|a|its|their)\s+(?:[\w-]+\s+)?(?:date|deadline|day)\b"
                         r"|deadline\b)", re.I)


def _named_as_plan(sentence: str, start: int, end: int) -> bool:
    """Does the sentence name the date as a plan's day or a deadline? Only asked of a date already past
    publication: it then tells a plan ("set 10 September as the date for a full-scale bombardment" in a
    4 September report) rather than contradicting the report's date. A past date with the same words
    ("the vote, scheduled for 3 March, was postponed") keeps its reading."""
    return bool(_PLAN_BEFORE.search(_clause_before(sentence, start)) or _PLAN_AFTER.search(sentence[end:end + 60]))


def _weekday(name: str, pub: dt.date, *, last: bool = False, ahead: bool = False, strict: bool = False) -> dt.date:
    """The most recent such day on or before ``pub`` ("on Monday" in a Monday report is that day);
    with ``last`` strictly before it ("last Monday" in a Monday report is a week earlier). With
    ``ahead`` the next such day on or after ``pub`` ("will meet on Saturday"), ``strict``ly after it
    for "next Monday"."""
    if ahead:
        forward = (_WEEKDAYS[name] - pub.weekday()) % 7
        return pub + dt.timedelta(days=7 if strict and forward == 0 else forward)
    back = (pub.weekday() - _WEEKDAYS[name]) % 7
    if last and back == 0:
        back = 7
    return pub - dt.timedelta(days=back)


def _night_of(first: str, second: str, pub: dt.date) -> dt.date | None:
    """"The night of Saturday to Sunday": the night ends on the latest such Sunday on or before
    publication; the event is dated to the evening it began, as "on Saturday night" is."""
    end = _weekday(second, pub)
    start = end - dt.timedelta(days=1)
    return start if start.weekday() == _WEEKDAYS[first] else None


def _relative(kind: str, pub: dt.date) -> tuple[dt.date, dt.date, int]:
    one = dt.timedelta(days=1)
    if kind in ("yesterday", "last night"):
        return pub - one, pub - one, 1
    if kind == "tomorrow":
        return pub + one, pub + one, 1
    return pub, pub, 1


def _week(kind: str, pub: dt.date) -> tuple[dt.date, dt.date, int]:
    monday = pub - dt.timedelta(days=pub.weekday())
    if kind in ("last week",):
        start = monday - dt.timedelta(days=7)
        return start, start + dt.timedelta(days=6), 2
    if "weekend" in kind and kind != "this weekend":
        saturday = _weekday("saturday", pub)
        return saturday, min(saturday + dt.timedelta(days=1), pub), 2
    if kind in ("this week", "earlier this week", "earlier in the week"):
        return monday, pub, 2
    return pub - dt.timedelta(days=6), pub, 2


def _month_rel(kind: str, pub: dt.date) -> tuple[dt.date, dt.date, int]:
    first = pub.replace(day=1)
    if kind == "last month" or kind == "past month":
        prev_last = first - dt.timedelta(days=1)
        return prev_last.replace(day=1), prev_last, 3
    return first, pub, 3


def _next_period(kind: str, unit: str, pub: dt.date) -> tuple[dt.date, dt.date, int]:
    """"next week" (Monday to Sunday after this one), "next month", "this coming weekend", "later this
    week/month" (the rest of it): always ahead of the report."""
    one = dt.timedelta(days=1)
    if unit == "month":
        first_next = (pub.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if kind == "later this":
            return min(pub + one, first_next - one), first_next - one, 3
        return first_next, (first_next.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - one, 3
    monday = pub - dt.timedelta(days=pub.weekday())
    if unit == "weekend":
        saturday = monday + dt.timedelta(days=5 if kind == "this coming" and pub.weekday() < 5 else 12)
        return saturday, saturday + one, 2
    if kind == "later this":
        return min(pub + one, monday + 6 * one), monday + 6 * one, 2
    return monday + 7 * one, monday + 13 * one, 2


def _resolve(name: str, m: re.Match[str], pub: dt.date | None, ahead: bool = False) -> tuple[dt.date, dt.date, int] | None:
    g = m.groupdict()
    if name == "iso":
        day = _month_day(int(g["mnum"]), int(g["day"]), g["year"], pub)
        return (day, day, 1) if day else None
    if name in ("span_day_month", "span_month_day"):
        month = _MONTHS[g["mon"].lower()]
        end = _month_day(month, int(g["day"]), _year_of(g, pub), pub, ahead=ahead)
        start = _month_day(month, int(g["day1"]), str(end.year) if end else None, pub)
        return (start, end, 1) if start and end and start <= end else None
    if name in ("day_month", "month_day"):
        day = _month_day(_MONTHS[g["mon"].lower()], int(g["day"]), _year_of(g, pub), pub, ahead=ahead)
        return (day, day, 1) if day else None
    if pub is None:
        return None
    if name == "holiday":  # "on Christmas Day", "last Thanksgiving", "New Year's Eve 2019"
        year = _year_of(g, pub)
        if year:
            day = _holiday(g["hol"], int(year))
        else:
            day = _nearest([_holiday(g["hol"], pub.year + i) for i in (-1, 0, 1)], pub, ahead=ahead, last=bool(g["hlast"]))
        return (day, day, 1) if day else None
    if name == "day_before_yesterday":
        return pub - dt.timedelta(days=2), pub - dt.timedelta(days=2), 1
    if name == "relative_day":
        return _relative(g["rel"].lower(), pub)
    if name == "days_ago":
        words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
        back = dt.timedelta(days=int(g["ago"]) if g["ago"].isdigit() else words[g["ago"].lower()])
        return pub - back, pub - back, 1
    if name == "weeks_ago":  # "two weeks ago": that day, give or take a few: a week's precision
        back = dt.timedelta(days=7 * _COUNT[g["nweeks"].lower()])
        return pub - back, pub - back, 2
    if name == "year_ago":  # "a year ago": the same day a year back, give or take weeks
        back_day = pub.replace(year=pub.year - 1, day=min(pub.day, 28) if pub.month == 2 else pub.day)
        return back_day, back_day, 3
    if name == "next_period":
        return _next_period(g["next"].lower(), g["unit"].lower(), pub)
    if name == "weekday":
        forward = bool(g["next"]) or (ahead and not g["last"])
        day = _weekday(g["wd"].lower(), pub, last=bool(g["last"]), ahead=forward, strict=bool(g["next"]))
        return day, day, 1
    if name == "night_of":
        night = _night_of(g["wd"].lower(), g["wd2"].lower(), pub)
        return (night, night, 1) if night else None
    if name == "week":
        return _week(g["week"].lower(), pub)
    if name == "month_rel":
        return _month_rel(g["mrel"].lower(), pub)
    if name == "weeks_back":  # "in the last month", "a few weeks ago": some day of the past month
        return pub - dt.timedelta(days=30), pub, 3
    if name == "month_only":
        month = _MONTHS[g["mon"].lower()]
        first = _month_day(month, 1, _year_of(g, pub), pub, ahead=ahead)
        return (first, first, 3) if first else None
    return None


_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_PART = r"(?:day|night|evening|morning|afternoon)"
_SHIFT = re.compile(
    r"\b(?:(?P<back>(?P<nb>a|one|two|three|four|five|six|seven|[1-7]) days? (?:earlier|before)"
    r"|the (?:previous|preceding|prior) " + _PART + r"|the (?:day|night) before(?! yesterday)"
    r"|(?:the )?(?:previous|preceding) (?:night|evening))"
    r"|(?P<fwd>(?P<nf>a|one|two|three|four|five|six|seven|[1-7]) days? later|the (?:next|following) " + _PART + r")"
    r"|(?P<same>(?:(?:several|a few|two|three|\d+) )?(?:hours|minutes) (?:later|earlier|after(?:wards)?)"
    r"|(?:later|earlier) (?:that|the same) " + _PART + r"|later in the day|(?:on )?the same " + _PART +
    r"|(?:on )?that (?:same )?" + _PART + r"))\b",
    re.I)


def _shift_days(m: re.Match[str]) -> int:
    if m.group("same"):
        return 0
    count = m.group("nb") or m.group("nf")
    n = 1 if count is None else int(count) if count.isdigit() else _COUNT[count.lower()]
    return -n if m.group("back") else n


def _shifted(found: list[DateMention], sentence: str, offset: int, pub: dt.date | None,
             anchor: dt.date | None) -> list[DateMention]:
    """Expressions relative to another event's day ("a day earlier", "two days later", "hours later",
    "later that day", "that night") resolved against their anchor: the last day-precise date before
    them in this text, else ``anchor``, else the publication date (backwards only: "the next day" or
    "that night" counted from publication would be a guess)."""
    out: list[DateMention] = []
    for m in _SHIFT.finditer(sentence):
        start = offset + m.start()
        if any(d.start < offset + m.end() and start < d.end for d in found):
            continue
        before = [d for d in found if d.end <= start and d.precision == 1 and d.date_start == d.date_end
                  and not d.future]
        base, source = ((before[-1].date_start, "text") if before else
                        (anchor, "previous_sentence") if anchor else (pub, "publication"))
        shift = _shift_days(m)
        if base is None or (source == "publication" and shift >= 0):
            continue
        day = base + dt.timedelta(days=shift)
        if not _valid(day, pub):
            continue
        kind = "day_before:" if shift < 0 else "day_after:" if shift > 0 else "same_day:"
        out.append(DateMention(start=start, end=offset + m.end(), text=m.group(), date_start=day, date_end=day,
                               precision=1, rule=kind + source))
    return out


def _valid(day: dt.date, pub: dt.date | None) -> bool:
    if day < dt.date(1900, 1, 1):
        return False
    return pub is None or day <= pub + dt.timedelta(days=1)


def is_future(day: dt.date, pub: dt.date | None) -> bool:
    """After publication + 1 day (the day after allows for time zones and overnight reports)."""
    return pub is not None and day > pub + dt.timedelta(days=1)


_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid-?)\s*)?$", re.I)


def _since(d: DateMention, sentence: str, offset: int, pub: dt.date | None) -> DateMention:
    """"Fighting has continued since Friday", "the first attack since March": the event is ongoing or
    later, not on that day: the span from it to publication, a week's precision when that is at most
    seven days (a month's otherwise). The evidence includes "since"."""
    head = _SINCE.search(sentence, 0, d.start - offset)
    if d.text.lower().startswith("since"):
        start = d.start
    elif head:
        start = offset + head.start()
    else:
        return d
    if pub is None or d.date_start > pub:
        return d
    precision = 2 if (pub - d.date_start).days <= 7 else 3
    return DateMention(start=start, end=d.end, text=sentence[start - offset:d.end - offset], date_start=d.date_start,
                       date_end=pub, precision=max(precision, d.precision), rule="since_" + d.rule)


_EARLIEST = dt.date(1900, 1, 1)
#: expressions whose reading depends on whether the sentence speaks of the future
_CAN_LOOK_AHEAD = frozenset({"span_day_month", "span_month_day", "day_month", "month_day", "weekday", "month_only",
                             "holiday"})
#: words of a date expression that point ahead ("next Wednesday", "this coming Sunday", "in May next year")
_SAYS_AHEAD = re.compile(r"^(?:next|this coming|coming)\b|\bnext\s+year$", re.I)
#: expressions that always point ahead ("tomorrow", "next week")
_ALWAYS_AHEAD = frozenset({"relative_day", "next_period"})


RECENT_PERIOD = re.compile(r"\b(?:in|over|during|throughout) (?:the )?recent (?:days|weeks|months)\b", re.I)


def recent_period(sentence: str) -> re.Match[str] | None:
    """"In recent days, gunmen have killed dozens": a summary of several events, not one dated event."""
    return RECENT_PERIOD.search(sentence)


def find_dates(sentence: str, offset: int, pub: dt.date | None, *,
               anchor: dt.date | None = None) -> list[DateMention]:
    """Resolved date expressions of ``sentence`` (article offset ``offset``), in text order.

    Overlapping matches keep the first pattern in ``_PATTERNS`` order (the more explicit one).
    ``anchor`` is the day "a day earlier" counts from when the sentence itself names no day before it
    (the date of the event told in the previous sentence).
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for name, regex in _PATTERNS:
        for m in regex.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            ahead = pub is not None and (bool(_SAYS_AHEAD.search(m.group())) or (
                name in _CAN_LOOK_AHEAD and _looks_ahead(sentence, m.start(), m.end())))
            resolved = _resolve(name, m, pub, ahead)
            if not resolved or resolved[0] < _EARLIEST:
                continue
            # a day the text resolves ahead of the report, or any day past publication + 1, is to come
            ahead = pub is not None and resolved[0] > pub and (ahead or name in _ALWAYS_AHEAD)
            future = ahead or is_future(resolved[0], pub)
            # a day past publication that the text names as a plan's is to come, not a misread date
            ahead = ahead or (future and _named_as_plan(sentence, m.start(), m.end()))
            taken.append((m.start(), m.end()))
            found.append(_since(DateMention(start=offset + m.start(), end=offset + m.end(), text=m.group(),
                                            date_start=resolved[0], date_end=resolved[1], precision=resolved[2],
                                            rule=name + ("_ahead" if ahead else ""), future=future, ahead=ahead),
                                sentence, offset, pub))
    found.sort(key=lambda d: d.start)
    found.extend(_shifted(found, sentence, offset, pub, anchor))
    found.sort(key=lambda d: d.start)
    return found
