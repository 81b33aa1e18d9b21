"""Date resolution against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract.dates import find_dates

PUB = dt.date(2024, 3, 26)  # a Tuesday


def _one(sentence: str, pub: dt.date | None = PUB):
    found = find_dates(sentence, 0, pub)
    assert len(found) == 1, found
    return found[0]


def test_month_day_without_year_is_nearest_not_previous_year() -> None:
    d = _one("followed by a similar drone attack on the Speer military site on March 27.")
    assert d.date_start == dt.date(2024, 3, 27) and d.precision == 1


def test_explicit_year_is_kept() -> None:
    assert _one("the Israeli Ovda Air Base with drones on March 26, 2024,").date_start == dt.date(2024, 3, 26)


def test_day_far_ahead_falls_back_to_last_year() -> None:
    # more than a day after publication cannot be a reported event; five months ahead is last year's
    assert _one("clashes erupted on 20 August").date_start == dt.date(2023, 8, 20)


def test_day_weeks_ahead_is_a_plan_not_last_year() -> None:
    # "by 20 April" in a March report is a deadline this year, and marked as still to come: moving it
    # back a year would invent a date
    d = _one("Elections are due to be held by 20 April.")
    assert d.date_start == dt.date(2024, 4, 20) and d.future and d.ahead


@pytest.mark.parametrize("sentence,expected", [
    ("Gunmen attacked the village on Tuesday", dt.date(2024, 3, 26)),
    ("Gunmen attacked the village on Sunday", dt.date(2024, 3, 24)),
    ("Gunmen attacked the village on Wednesday night", dt.date(2024, 3, 20)),
    ("The strike hit the market yesterday", dt.date(2024, 3, 25)),
])
def test_weekdays_and_yesterday(sentence: str, expected: dt.date) -> None:
    assert _one(sentence).date_start == expected


def test_last_week_has_week_precision() -> None:
    d = _one("Troops clashed with rebels last week near the border.")
    assert d.precision == 2 and d.date_start == dt.date(2024, 3, 18)


def test_earlier_this_month_has_month_precision() -> None:
    d = _one("Protesters gathered earlier this month in the capital.")
    assert d.precision == 3 and d.date_start == dt.date(2024, 3, 1)


def test_day_span() -> None:
    d = _one("Fighting raged between 3 and 5 March around the airport.")
    assert (d.date_start, d.date_end) == (dt.date(2024, 3, 3), dt.date(2024, 3, 5))


def test_without_publication_date_only_explicit_years_resolve() -> None:
    assert find_dates("on Tuesday", 0, None) == []
    assert _one("on 4 August 2020", None).date_start == dt.date(2020, 8, 4)


def test_offsets_are_article_offsets() -> None:
    d = find_dates("Rebels attacked on March 20.", 100, PUB)[0]
    assert (d.start, d.end, d.text) == (119, 127, "March 20")
