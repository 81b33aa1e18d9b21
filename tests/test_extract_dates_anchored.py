"""Dates relative to another event or to the report: anchors, weekdays at boundaries, nights, spans."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.dates import find_dates
from eventwire.model import Article

PUB = dt.date(2024, 3, 26)  # a Tuesday


def _last(text: str, pub: dt.date = PUB):
    found = find_dates(text, 0, pub)
    assert found, text
    return found[-1]


@pytest.mark.parametrize("text,expected,rule", [
    ("Gunmen killed a village chief in Borno on 20 March. Two days later, fighters raided Gwoza.",
     dt.date(2024, 3, 22), "day_after:text"),
    ("Soldiers shot two protesters in Mandalay on 22 March. Three days earlier, the junta bombed Sagaing.",
     dt.date(2024, 3, 19), "day_before:text"),
    ("Police fired tear gas at protesters in Nairobi on 18 March. The following morning, crowds returned.",
     dt.date(2024, 3, 19), "day_after:text"),
    ("Houthi forces fired a missile at a tanker on 20 March. Hours later, US aircraft struck Hodeidah.",
     dt.date(2024, 3, 20), "same_day:text"),
    ("Soldiers clashed with rebels near Goma on Saturday. Later that day, M23 fighters shelled Sake.",
     dt.date(2024, 3, 23), "same_day:text"),
    ("Militants attacked a checkpoint in North Waziristan on Friday. That night, a drone hit Miranshah.",
     dt.date(2024, 3, 22), "same_day:text"),
    ("Protesters marched in Dhaka on 21 March. On the same day, police arrested 30 activists.",
     dt.date(2024, 3, 21), "same_day:text"),
    ("Gunmen attacked a convoy near Mopti on 14 March. Earlier that day, a mine struck a bus.",
     dt.date(2024, 3, 14), "same_day:text"),
])
def test_expressions_anchored_to_another_event(text: str, expected: dt.date, rule: str) -> None:
    d = _last(text)
    assert (d.date_start, d.precision, d.rule) == (expected, 1, rule)


@pytest.mark.parametrize("text", ["Hours later, police arrested the suspects.", "That night, rioters burned cars.",
                                  "The following day, troops entered the town."])
def test_same_day_or_later_without_any_anchor_is_not_dated(text: str) -> None:
    assert find_dates(text, 0, PUB) == []  # counted from publication it would be a guess


@pytest.mark.parametrize("text,pub,expected", [
    ("Gunmen attacked a police station in Mardan on Monday.", dt.date(2024, 3, 25), dt.date(2024, 3, 25)),
    ("Gunmen attacked a police station in Mardan last Monday.", dt.date(2024, 3, 25), dt.date(2024, 3, 18)),
    ("Militants attacked a convoy in Kidal on Saturday.", dt.date(2024, 1, 2), dt.date(2023, 12, 30)),
    ("Protesters blocked the highway near Lima on Thursday.", dt.date(2024, 3, 1), dt.date(2024, 2, 29)),
    ("Rebels shelled Bunia late on Sunday.", dt.date(2023, 3, 1), dt.date(2023, 2, 26)),
])
def test_weekday_is_the_most_recent_such_day_across_boundaries(text: str, pub: dt.date, expected: dt.date) -> None:
    d = _last(text, pub)
    assert (d.date_start, d.precision) == (expected, 1)


@pytest.mark.parametrize("text", [
    "Gunmen attacked a church in Ouagadougou on the night of Saturday to Sunday.",
    "Jihadists raided the camp during the night from Saturday to Sunday.",
    "Clashes erupted overnight Saturday into Sunday in Tripoli.",
])
def test_night_of_one_day_to_the_next_is_one_day(text: str) -> None:
    found = find_dates(text, 0, PUB)
    assert [(d.date_start, d.date_end, d.precision) for d in found] == [(dt.date(2024, 3, 23),) * 2 + (1,)]


def test_earlier_in_the_week_has_week_precision() -> None:
    d = _last("Al-Shabaab fighters stormed a base in Lower Shabelle earlier in the week, officials said.")
    assert (d.date_start, d.date_end, d.precision) == (dt.date(2024, 3, 25), PUB, 2)


@pytest.mark.parametrize("text,start,precision", [
    ("Clashes between the army and the RSF have continued in Omdurman since Friday.", dt.date(2024, 3, 22), 2),
    ("It was the deadliest attack in Balochistan since January.", dt.date(2024, 1, 1), 3),
])
def test_since_is_a_span_up_to_publication_not_that_day(text: str, start: dt.date, precision: int) -> None:
    d = _last(text)
    assert (d.date_start, d.date_end, d.precision) == (start, PUB, precision)
    assert d.text.lower().startswith("since")


def _events(text: str, pub: dt.date = PUB):
    return next(extract_articles([Article(id="a", text=text, date=pub)])).events


def test_two_days_later_dates_the_second_event_from_the_first() -> None:
    text = ("Police fired tear gas at protesters in Nairobi on Monday. "
            "Two days later, demonstrators torched a police station in Kisumu.")
    events = _events(text, dt.date(2024, 3, 29))
    riot = next(e for e in events if e.sub_event_type == "Violent demonstration")
    assert (riot.event_date, riot.time_precision) == ("2024-03-27", 1)
    assert next(x for x in riot.evidence if x.field == "event_date").text == "Two days later"


def test_night_of_saturday_to_sunday_is_one_event() -> None:
    events = _events("Gunmen attacked a church in Ouagadougou on the night of Saturday to Sunday, killing five worshippers.")
    assert [(e.event_date, e.time_precision) for e in events] == [("2024-03-23", 1)]


def test_ongoing_since_friday_is_one_event_with_week_precision() -> None:
    events = _events("Clashes between the army and the RSF have continued in Omdurman since Friday.")
    assert [(e.event_date, e.date_start, e.date_end, e.time_precision) for e in events] == [
        ("2024-03-22", "2024-03-22", "2024-03-26", 2)]


def test_in_recent_days_is_background_not_an_event() -> None:
    assert not _events("In recent days, gunmen have killed dozens of villagers in Benue state.")
