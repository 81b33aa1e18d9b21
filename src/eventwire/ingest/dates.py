"""Publication dates: parsing given date values and finding wire datelines in article text.

Takes date strings (ISO, RFC 2822, "10 April 2019"...) or article text; gives ``datetime.date`` or None.
Nothing here guesses relative dates ("yesterday"): a date must be readable without knowing today.

Datelines without a year (``KYIV, March 3 (Reuters) -``) are used only when the input carries a
reference date: ``default_date``, or a ``YYYY-MM-DD`` in the URL, the given id or the file name. The
dateline is then put in the year that makes it fall on or shortly before that reference. A bare year in
the URL (``/2019/``) fixes the year. Years mentioned in the text are never used: "since 2022" says
nothing about the report's date.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re
from typing import Any

# Month names as wires write them: "Jan", "JAN", "Jan.", "January", "Sept".
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# A place in capitals or title case, optionally with a region: "SAN SALVADOR", "Port-au-Prince, Haiti",
# "BOGOTÁ", "Dar es Salaam". Words after the first start with a capital or are a short particle.
_WORD = r"[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|[.'\-])*"
_NEXT_WORD = rf"(?:{_WORD}|(?:es|de|del|da|do|dos|la|le|el|al|au|en|sur|upon|on|of)(?= ))"
_PLACE = rf"{_WORD}(?:[ \t]{_NEXT_WORD}){{0,4}}(?:,[ \t]*{_WORD}(?:[ \t]{_NEXT_WORD}){{0,3}})?"
_DATE = (
    rf"(?:(?P<d1>\d{{1,2}})[ \t]+(?P<m1>{_MONTH})(?:,?[ \t]+(?P<y1>\d{{4}}|\d{{2}}))?"
    rf"|(?P<m2>{_MONTH})[ \t]+(?P<d2>\d{{1,2}})(?:,?[ \t]+(?P<y2>\d{{4}}))?)"
)
# "(Reuters)", "(RADIO VENCEREMOS)", "/PRNewswire/", then a dash or colon that ends the dateline.
_DATELINE = re.compile(
    rf"^[ \t]*{_PLACE},[ \t]*{_DATE}[ \t]*(?:\([^()\n]{{1,60}}\)|/[^/\n]{{1,40}}/)?[ \t]*(?:--|-|—|–|_|:)",
    re.MULTILINE,
)
#: Datelines are looked for only this far into the text (a headline or byline may come first).
DATELINE_WINDOW = 400
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})[-/_.]?(\d{2})[-/_.]?(\d{2})(?!\d)")
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})/")


def parse_date(value: Any) -> dt.date | None:
    """A date from a given value: ``date``/``datetime``, ISO 8601, RFC 2822, or written-out dates.

    Returns None when the value cannot be read without guessing. Times and zones are dropped: the date
    is the one written, not converted to UTC.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    return _iso(text) or _rfc2822(text) or _written(text)


def _iso(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _rfc2822(text: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _written(text: str) -> dt.date | None:
    """Dates like "10 April 2019" or "April 10, 2019 5:30 PM" via dateparser, absolute dates only."""
    if not re.search(r"\d{4}", text) or len(text) > 80:
        return None  # no year: not a full date; long strings are prose, not dates
    parsed = _dateparser().parse(
        text,
        languages=["en"],
        settings={"PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
                  "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


@functools.lru_cache(maxsize=1)
def _dateparser() -> Any:
    """dateparser takes about a second to import; only pay that when a non-ISO date shows up."""
    import dateparser

    return dateparser


def reference_hint(*, origin: str = "", url: str | None = None, given_id: str | None = None,
                   default: dt.date | None = None) -> tuple[dt.date | None, int | None]:
    """What the input says about when it was written: ``(reference date, year)``; either may be None.

    Looked at in order: ``default``, then a ``YYYYMMDD``/``YYYY-MM-DD`` in the URL, the given id
    (wire ids such as ``XIE19980808.0031`` carry their date) or the file name, then a ``/YYYY/`` in the URL.
    """
    if default is not None:
        return default, default.year
    for source in (url or "", given_id or "", origin.rsplit("/", 1)[-1]):
        for match in _ISO_DAY.finditer(source):
            day = _safe_date(int(match[1]), int(match[2]), int(match[3]))
            if day is not None and 1900 <= day.year <= 2100:
                return day, day.year
    year = _URL_YEAR.search(url or "")
    return (None, int(year[1])) if year else (None, None)


def _dateline(text: str) -> re.Match[str] | None:
    """The wire dateline near the start of ``text``, if there is one."""
    return _DATELINE.search(text, 0, DATELINE_WINDOW)


def dateline_date(text: str, *, reference: dt.date | None = None, year: int | None = None) -> dt.date | None:
    """The date of a wire dateline near the start of ``text`` (``SAN SALVADOR, 12 JAN 90 (RADIO) --``).

    A dateline without a year needs ``reference`` or ``year`` (see the module docstring); without
    them it gives None.
    """
    match = _dateline(text)
    if match is None:
        return None
    day = int(match["d1"] or match["d2"])
    month = _MONTHS[(match["m1"] or match["m2"]).lower()[:3]]
    written = match["y1"] or match["y2"]
    if written:
        return _safe_date(_full_year(int(written), reference), month, day)
    return _place_in_year(month, day, reference, year)


def dateline_date_span(text: str) -> tuple[int, int] | None:
    """Where the date of a wire dateline is written ("BAMAKO, March 4 (Reuters) -"): the day the reporter
    filed, which dates the article, never an event in it."""
    match = _dateline(text)
    if match is None:
        return None
    group = "m1" if match["m1"] else "m2"
    start = min(match.start(g) for g in (group, "d1" if group == "m1" else "d2"))
    ends = [match.end(g) for g in ("d1", "m1", "y1", "d2", "m2", "y2") if match[g]]
    return start, max(ends)


def _full_year(value: int, reference: dt.date | None) -> int:
    """Two-digit wire years: the century that puts the year at or before the reference (fixed pivot
    2049 without one, so the answer never depends on today's date: ``90`` → 1990, ``24`` → 2024)."""
    if value >= 100:
        return value
    ref = reference.year if reference is not None else 2049
    candidate = (ref // 100) * 100 + value
    return candidate - 100 if candidate > ref + 1 else candidate


def _place_in_year(month: int, day: int, reference: dt.date | None, year: int | None) -> dt.date | None:
    if reference is not None:
        candidate = _safe_date(reference.year, month, day)
        # A report is dated on or before its reference; a week of slack covers time zones and late filing.
        if candidate is not None and candidate > reference + dt.timedelta(days=7):
            candidate = _safe_date(reference.year - 1, month, day)
        return candidate
    return _safe_date(year, month, day) if year is not None else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
