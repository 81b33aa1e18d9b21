"""Dates still to come: the resolver reads them as the text means them (ahead of the report when a
tense, plan or deadline cue says so) and marks them; the event builder never dates an event with them."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.dates import find_dates
from eventwire.model import Article

PUB = dt.date(2024, 3, 26)  # a Tuesday


def _one(sentence: str, pub: dt.date = PUB):
    found = find_dates(sentence, 0, pub)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("sentence,expected", [
    ("Opposition supporters will rally in Nairobi on Saturday, organisers said.", dt.date(2024, 3, 30)),
    ("The union plans to hold a march to the governor's office in Lagos on Friday.", dt.date(2024, 3, 29)),
    ("Peace talks between the two sides are set to resume Monday in Doha.", dt.date(2024, 4, 1)),
    ("On Thursday, the farmers' federation plans to block roads into Brussels.", dt.date(2024, 3, 28)),
    ("The minister will then travel to the United States on Wednesday.", dt.date(2024, 3, 27)),
    ("Parliament postponed the vote until Monday.", dt.date(2024, 4, 1)),
    ("Troops must leave the border town by 5 April under the deal.", dt.date(2024, 4, 5)),
    ("The new governor will take office on 1 June, the electoral body in Dhaka said.", dt.date(2024, 6, 1)),
    ("Elections in Bogotá are scheduled for 27 October 2024.", dt.date(2024, 10, 27)),
    ("Hundreds are expected to attend the funeral on Wednesday of the slain journalist in Mexico City.",
     dt.date(2024, 3, 27)),
    ("Schools in Maiduguri will remain closed on Monday.", dt.date(2024, 4, 1)),
    ("The opposition in Caracas plans a march on Thursday.", dt.date(2024, 3, 28)),
])
def test_future_cue_reads_the_date_ahead_and_marks_it(sentence: str, expected: dt.date) -> None:
    d = _one(sentence)
    assert d.date_start == expected and d.future and d.ahead


@pytest.mark.parametrize("sentence,expected", [
    # the weekday is the day of the statement, the future belongs to what was said
    ("Police in Lima said on Monday they will investigate the killings.", dt.date(2024, 3, 25)),
    ("The army will withdraw from the area, a spokesman told reporters Sunday.", dt.date(2024, 3, 24)),
    # a past clause between the cue and the date: the date is the past event's
    ("Aid groups will visit the camp where gunmen shot three guards on Friday.", dt.date(2024, 3, 22)),
    ("The opposition had planned to march in Kampala on Saturday.", dt.date(2024, 3, 23)),
    ("Sixteen members had filed their reports by Monday, the agency said.", dt.date(2024, 3, 25)),
    ("The army said it will continue operations after militants attacked a base on Sunday.", dt.date(2024, 3, 24)),
    ("The ruling party's youth wing is to blame for the violence on Saturday, police said.", dt.date(2024, 3, 23)),
    ("The plans for the attack on Monday were drawn up in Kandahar.", dt.date(2024, 3, 25)),
])
def test_past_reading_kept_where_the_cue_does_not_reach_the_date(sentence: str, expected: dt.date) -> None:
    d = _one(sentence)
    assert d.date_start == expected and not d.future


def test_yearless_date_with_a_future_cue_is_next_years_not_last_years() -> None:
    # five months ahead: without a cue last year's day, with "will" the coming one
    assert _one("The ceasefire took effect on 1 September.").date_start == dt.date(2023, 9, 1)
    assert _one("The ceasefire will take effect on 1 September.").date_start == dt.date(2024, 9, 1)


def test_deadline_reported_just_after_it_passed_stays_this_year() -> None:
    d = _one("Officials ordered the camp in Idlib cleared by March 20.")
    assert d.date_start == dt.date(2024, 3, 20) and not d.future


@pytest.mark.parametrize("sentence,start,end,precision", [
    ("Farmers plan to march on Delhi next week.", dt.date(2024, 4, 1), dt.date(2024, 4, 7), 2),
    ("Voters in Harare go to the polls next month.", dt.date(2024, 4, 1), dt.date(2024, 4, 30), 2 + 1),
    ("The court in Islamabad will rule later this week.", dt.date(2024, 3, 27), dt.date(2024, 3, 31), 2),
])
def test_next_periods_are_ahead(sentence: str, start: dt.date, end: dt.date, precision: int) -> None:
    d = _one(sentence)
    assert (d.date_start, d.date_end, d.precision) == (start, end, precision) and d.future and d.ahead


def test_next_weekday_in_a_report_of_that_weekday_is_a_week_later() -> None:
    assert _one("The talks in Addis Ababa resume next Tuesday.").date_start == dt.date(2024, 4, 2)


@pytest.mark.parametrize("sentence,expected,precision", [
    ("Turkey launched a major offensive in Afrin two weeks ago.", dt.date(2024, 3, 12), 2),
    ("Rebels seized the town a week or so ago.", dt.date(2024, 3, 19), 2),
    ("The chemical attack that killed dozens a year ago was never investigated.", dt.date(2023, 3, 26), 3),
])
def test_weeks_and_a_year_ago(sentence: str, expected: dt.date, precision: int) -> None:
    d = _one(sentence)
    assert d.date_start == d.date_end == expected and d.precision == precision and not d.future


def test_weekday_before_an_explicit_date_is_one_expression() -> None:
    d = _one("The paper said in an editorial on Saturday, 23 March, that the army had lied.")
    assert d.date_start == dt.date(2024, 3, 23) and d.text.startswith("Saturday")


@pytest.mark.parametrize("sentence", [
    "By Sunday, however, the president appeared to agree to a slower withdrawal from Syria.",
    "By Friday the army had arrived in Manbij.",
])
def test_by_a_day_in_a_past_narrative_is_past(sentence: str) -> None:
    d = _one(sentence)
    assert not d.future and d.date_start <= PUB


@pytest.mark.parametrize("sentence,expected", [
    ("The engineer left for Iraq via Germany on 18 August last year.", dt.date(2023, 8, 18)),
    ("He was jailed by a court in Silivri in May last year.", dt.date(2023, 5, 1)),
])
def test_day_or_month_with_last_year(sentence: str, expected: dt.date) -> None:
    assert _one(sentence).date_start == expected


@pytest.mark.parametrize("sentence,pub,expected", [
    ("The boy was found clinging to an inner tube on Thanksgiving Day.", dt.date(2000, 1, 6), dt.date(1999, 11, 25)),
    ("Gunmen attacked a church in Jos on Christmas Day, killing six.", dt.date(2024, 1, 3), dt.date(2023, 12, 25)),
    ("Police in Manila fired on revellers on New Year's Eve.", dt.date(2024, 1, 2), dt.date(2023, 12, 31)),
    ("Relatives have cared for him since he was rescued last Thanksgiving.", dt.date(2000, 2, 10),
     dt.date(1999, 11, 25)),
])
def test_holidays(sentence: str, pub: dt.date, expected: dt.date) -> None:
    d = _one(sentence, pub)
    assert d.date_start == expected and d.precision == 1


def _events(text: str, pub: dt.date = PUB):
    return next(extract_articles([Article(id="f", text=text, date=pub)])).events


@pytest.mark.parametrize("text", [
    "Supporters of the jailed opposition leader are to march through Harare on Saturday.",
    "Teachers' unions are set to protest outside parliament in Accra on Friday.",
    "A general strike and protest march in Lagos is due on 4 April.",
])
def test_a_mention_dated_ahead_is_a_plan_not_an_event(text: str) -> None:
    # before: dated to the previous Saturday/Friday (an invented past event) or to the report
    assert not _events(text)


def test_a_future_day_without_a_cue_only_loses_its_date() -> None:
    # the text tells a past attack; the report's date must be wrong, so the day dates nothing and the
    # event stays (on or before publication + 1 day)
    events = _events("Gunmen attacked a village in Zamfara state on 17 February, killing 12 people.",
                     dt.date(2024, 1, 15))
    assert events and all(e.event_date is not None and e.event_date <= "2024-01-16" for e in events)


def test_a_plan_without_a_year_lies_within_months() -> None:
    from eventwire.extract.dates import find_dates

    (d,) = find_dates("The vote, scheduled for 3 March, was postponed after the attack.", 0, dt.date(2024, 3, 20))
    assert d.date_start == dt.date(2024, 3, 3) and not d.future
    (d,) = find_dates("The talks are scheduled for 3 April.", 0, dt.date(2024, 3, 20))
    assert d.date_start == dt.date(2024, 4, 3) and d.future
    (d,) = find_dates("Costs rose under the new labour pact effective June 1.", 0, dt.date(1989, 10, 26))
    assert d.date_start == dt.date(1990, 6, 1) and d.future
