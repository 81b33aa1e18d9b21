"""Date expressions in a sentence, resolved against the publication date.

Takes a sentence string, its offset in the article and the publication date; gives ``DateMention``s
with the resolved day (or span) and a time precision (1 day, 2 week/few days, 3 month).

Rules (recorded on each mention as ``rule``):
- explicit day and month without a year: the *nearest* such date not after publication + 1 day
  ("March 27" in an article dated 2024-03-26 is 2024-03-27, not 2023-03-27);
- a weekday: the most recent such day on or before the publication date;
- "yesterday", "last night" = pub − 1; "the day before yesterday" = pub − 2; "today", "this morning",
  "tonight", "earlier today", "overnight" = pub (an overnight event is reported the morning it ends);
- "a day earlier" / "the previous day" / "the day before" (and "a day later" / "the next day"): one day
  before (after) the anchor: the last day-precise date earlier in the same text, else the ``anchor`` given
  (the date of the event of the previous sentence), else the publication date (rule ``day_before:<anchor>``);
- "two days ago" = pub − 2; "on Sunday night", "late on Friday", "in the early hours of Monday" are weekdays;
- "last week" / "this week" / "in recent days" / "over the weekend": precision 2;
- "earlier this month" / "last month" / a bare month name: precision 3 (first day of the month);
- "in the last month" / "a few weeks ago": precision 3, the 30 days before publication;
- spans ("between 3 and 5 May", "from 3 to 5 May") give date_start/date_end.
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

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("span_day_month", r"\b(?:between|from)\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|to|-)\s+" + _DAY + r"\s+" + _MON + _YEAR + r"\b"),
        ("span_month_day", r"\b(?:between|from)\s+" + _MON + r"\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|to|-)\s+" + _DAY + _YEAR + r"\b"),
        ("day_month", r"\b" + _DAY + r"\s+(?:of\s+)?" + _MON + _YEAR + r"\b"),
        ("month_day", r"\b" + _MON + r"\s+" + _DAY + r"(?!\d)" + _YEAR + r"\b"),
        ("day_before_yesterday", r"\bthe day before yesterday\b"),
        ("relative_day", r"\b(?P<rel>yesterday|today|tonight|tomorrow|this morning|this afternoon|this evening|last night|overnight|earlier today)\b"),
        ("days_ago", r"\b(?P<ago>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) days ago\b"),
        ("weekday", r"\b(?:(?:late|early)\s+(?:on\s+)?|on\s+|last\s+|in the (?:early|small) hours of\s+)?"
                    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                    r"(?:\s+(?:night|morning|afternoon|evening))?\b"),
        ("week", r"\b(?P<week>last week|this week|earlier this week|past week|over the weekend|at the weekend|last weekend|this weekend|in recent days|(?:the )?past (?:few|several|two|three) days|(?:a few |several )?days ago)\b"),
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


def _nearest_year(month: int, day: int, pub: dt.date) -> dt.date | None:
    """The date with this month/day nearest to ``pub`` that is not after pub + 1 day."""
    best: dt.date | None = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate > pub + dt.timedelta(days=1):
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


def _weekday(name: str, pub: dt.date) -> dt.date:
    back = (pub.weekday() - _WEEKDAYS[name]) % 7
    return pub - dt.timedelta(days=back)


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
    if kind in ("this week", "earlier this week"):
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
        day = _weekday(g["wd"].lower(), pub)
        return day, day, 1
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


_SHIFT = re.compile(
    r"\b(?:(?P<back>(?:a|one) day (?:earlier|before)|the (?:previous|preceding|prior) day|the day before(?! yesterday)"
    r"|(?:the )?(?:previous|preceding) (?:night|evening))|(?P<fwd>(?:a|one) day later|the (?:next|following) day))\b",
    re.I)


def _shifted(found: list[DateMention], sentence: str, offset: int, pub: dt.date | None,
             anchor: dt.date | None) -> list[DateMention]:
    """Day-relative expressions ("a day earlier", "the next day") resolved against their anchor: the
    last day-precise date before them in this text, else ``anchor``, else the publication date."""
    out: list[DateMention] = []
    for m in _SHIFT.finditer(sentence):
        start = offset + m.start()
        if any(d.start < offset + m.end() and start < d.end for d in found):
            continue
        before = [d for d in found if d.end <= start and d.precision == 1 and d.date_start == d.date_end]
        base, source = ((before[-1].date_start, "text") if before else
                        (anchor, "previous_sentence") if anchor else (pub, "publication"))
        if base is None or (source == "publication" and m.group("fwd")):
            continue  # "the next day" counted from publication is a plan, not a report
        day = base + dt.timedelta(days=-1 if m.group("back") else 1)
        if not _valid(day, pub):
            continue
        out.append(DateMention(start=start, end=offset + m.end(), text=m.group(), date_start=day, date_end=day,
                               precision=1, rule=("day_before:" if m.group("back") else "day_after:") + source))
    return out


def _valid(day: dt.date, pub: dt.date | None) -> bool:
    if day < dt.date(1900, 1, 1):
        return False
    return pub is None or day <= pub + dt.timedelta(days=1)


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
            found.append(DateMention(start=offset + m.start(), end=offset + m.end(), text=m.group(),
                                     date_start=resolved[0], date_end=resolved[1],
                                     precision=resolved[2], rule=name))
    found.sort(key=lambda d: d.start)
    found.extend(_shifted(found, sentence, offset, pub, anchor))
    found.sort(key=lambda d: d.start)
    return found
