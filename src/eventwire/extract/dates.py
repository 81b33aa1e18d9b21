"""Date expressions in a sentence, resolved against the publication date.

Takes a sentence string, its offset in the article and the publication date; gives ``DateMention``s
with the resolved day (or span) and a time precision (1 day, 2 week/few days, 3 month).

Rules (recorded on each mention as ``rule``):
- explicit day and month without a year: the *nearest* such date not after publication + 1 day
  ("March 27" in an article dated 2024-03-26 is 2024-03-27, not 2023-03-27); a date up to 60 days
  ahead is a plan or deadline and is not resolved (not moved back a year);
- a weekday: the most recent such day on or before the publication date ("on Monday" in a Monday
  report is that day, "last Monday" a week earlier); "on Sunday night", "late on Friday",
  "in the early hours of Monday", "overnight Saturday" are that weekday;
- "the night of Saturday to Sunday": one day, the Saturday (rule ``night_of``);
- "yesterday", "last night" = pub − 1; "the day before yesterday" = pub − 2; "today", "this morning",
  "tonight", "earlier today", "overnight" = pub (an overnight event is reported the morning it ends);
- relative to another event: "a day earlier" / "the previous day" / "two days before" (back),
  "the next day" / "the following morning" / "two days later" (forward), "hours later" /
  "later that day" / "that night" / "on the same day" (same day): counted from the last day-precise
  date earlier in the same text, else the ``anchor`` given (the day of the previous sentence), else,
  backwards only, the publication date (rules ``day_before:``/``day_after:``/``same_day:<anchor>``);
- "two days ago" = pub − 2;
- "last week" / "this week" / "earlier in the week" / "over the weekend": precision 2;
- "earlier this month" / "last month" / a bare month name: precision 3 (first day of the month);
- "in the last month" / "a few weeks ago": precision 3, the 30 days before publication;
- "since Friday" / "since March": the event is ongoing or later, a span from that day to publication
  with precision 2 (up to seven days) or 3 (rule ``since_<rule>``);
- spans ("between 3 and 5 May", "from 3 to 5 May") give date_start/date_end;
- "in recent days/weeks/months" is no date: ``recent_period`` marks the sentence as a summary.
Resolved dates are always within [1900-01-01, pub + 1 day]; anything else is dropped.
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
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_WD = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("span_day_month", r"\b(?:between|from)\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|to|-)\s+" + _DAY + r"\s+" + _MON + _YEAR + r"\b"),
        ("span_month_day", r"\b(?:between|from)\s+" + _MON + r"\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|to|-)\s+" + _DAY + _YEAR + r"\b"),
        ("day_month", r"\b" + _DAY + r"\s+(?:of\s+)?" + _MON + _YEAR + r"\b"),
        ("month_day", r"\b" + _MON + r"\s+" + _DAY + r"(?!\d)" + _YEAR + r"\b"),
        ("day_before_yesterday", r"\bthe day before yesterday\b"),
        ("night_of", r"\b(?:(?:on|during|in)\s+)?(?:the\s+night\s+(?:of|from|between)|overnight(?:\s+from)?)\s+"
                     r"(?P<wd>" + _WD + r")\s+(?:to|into|and|-)\s+(?P<wd2>" + _WD + r")\b"),
        ("relative_day", r"\b(?P<rel>yesterday|today|tonight|tomorrow|this morning|this afternoon|this evening|last night|"
                         r"overnight(?!\s+(?:on\s+)?" + _WD + r")|earlier today)\b"),
        ("days_ago", r"\b(?P<ago>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) days ago\b"),
        ("weekday", r"\b(?:(?:late|early|overnight)\s+(?:on\s+)?|on\s+|(?P<last>last|this past)\s+|in the (?:early|small) hours of\s+)?"
                    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                    r"(?:\s+(?:night|morning|afternoon|evening))?\b"),
        ("week", r"\b(?P<week>last week|this week|earlier this week|earlier in the week|past week|over the weekend|at the weekend|last weekend|this weekend|(?:the )?past (?:few|several|two|three) days|(?:a few |several )?days ago)\b"),
        ("weeks_back", r"\b(?P<wback>(?:in|over|during|within) the (?:last|past) (?:month|few weeks|two weeks|three weeks|several weeks|weeks)|(?:a few|several|two|three) weeks ago)\b"),
        ("month_rel", r"\b(?P<mrel>earlier this month|this month|last month|earlier in the month|past month)\b"),
        ("month_only", r"\b(?:in|during|since|early|late|mid-?)\s+" + _MON + r"(?P<year>\s+(?:19|20)\d\d)?\b"),
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


#: A yearless date at most this many days after publication names a plan or a deadline ("by Jan. 14"
#: in a 6 January report), not last year's day; further ahead it is last year's ("the year ended
#: Jan. 31" in an October report). Measured on TempEval-3: plans ran up to ~70 days ahead, past dates
#: read this way from ~90 days ahead.
_AHEAD_DAYS = 60


def _nearest_year(month: int, day: int, pub: dt.date) -> dt.date | None:
    """The date with this month/day nearest to ``pub`` that is not after pub + 1 day ("March 27" in a
    report of 26 March is this year's, not last year's); None when it falls within ``_AHEAD_DAYS``
    after publication: moving a plan back a year would invent a date."""
    best: dt.date | None = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        ahead = (candidate - pub).days
        if 1 < ahead <= _AHEAD_DAYS:
            return None
        if ahead > 1:
            continue
        if best is None or abs((candidate - pub).days) < abs((best - pub).days):
            best = candidate
    return best


def _month_day(month: int, day: int, year: str | None, pub: dt.date | None) -> dt.date | None:
    if year:
        try:
            return dt.date(int(year), month, day)
        except ValueError:
            return None
    return _nearest_year(month, day, pub) if pub else None


def _weekday(name: str, pub: dt.date, *, last: bool = False) -> dt.date:
    """The most recent such day on or before ``pub`` ("on Monday" in a Monday report is that day);
    with ``last`` strictly before it ("last Monday" in a Monday report is a week earlier)."""
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


def _resolve(name: str, m: re.Match[str], pub: dt.date | None) -> tuple[dt.date, dt.date, int] | None:
    g = m.groupdict()
    if name == "iso":
        day = _month_day(int(g["mnum"]), int(g["day"]), g["year"], pub)
        return (day, day, 1) if day else None
    if name in ("span_day_month", "span_month_day"):
        month = _MONTHS[g["mon"].lower()]
        end = _month_day(month, int(g["day"]), g["year"], pub)
        start = _month_day(month, int(g["day1"]), g["year"] or (str(end.year) if end else None), pub)
        return (start, end, 1) if start and end and start <= end else None
    if name in ("day_month", "month_day"):
        day = _month_day(_MONTHS[g["mon"].lower()], int(g["day"]), g["year"], pub)
        return (day, day, 1) if day else None
    if pub is None:
        return None
    if name == "day_before_yesterday":
        return pub - dt.timedelta(days=2), pub - dt.timedelta(days=2), 1
    if name == "relative_day":
        return _relative(g["rel"].lower(), pub)
    if name == "days_ago":
        words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
        back = dt.timedelta(days=int(g["ago"]) if g["ago"].isdigit() else words[g["ago"].lower()])
        return pub - back, pub - back, 1
    if name == "weekday":
        day = _weekday(g["wd"].lower(), pub, last=bool(g["last"]))
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
        first = _month_day(month, 1, (g["year"] or "").strip() or None, pub)
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
        before = [d for d in found if d.end <= start and d.precision == 1 and d.date_start == d.date_end]
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
            resolved = _resolve(name, m, pub)
            if not resolved or not _valid(resolved[0], pub) or not _valid(resolved[1], pub):
                continue
            taken.append((m.start(), m.end()))
            found.append(_since(DateMention(start=offset + m.start(), end=offset + m.end(), text=m.group(),
                                            date_start=resolved[0], date_end=resolved[1],
                                            precision=resolved[2], rule=name), sentence, offset, pub))
    found.sort(key=lambda d: d.start)
    found.extend(_shifted(found, sentence, offset, pub, anchor))
    found.sort(key=lambda d: d.start)
    return found
