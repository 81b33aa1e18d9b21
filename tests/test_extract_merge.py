"""One record per real-world event: retellings merge, undated body sentences take the report's date."""

from __future__ import annotations

import datetime as dt

from eventwire.extract import extract_articles
from eventwire.model import Article


def _events(text: str, date: dt.date):
    return next(extract_articles([Article(id="m", text=text, date=date)])).events


def test_headline_and_lead_are_one_event() -> None:
    text = ("Seven killed in strike on Khan Younis home\n\n"
            "An Israeli airstrike hit a residential building in Khan Younis overnight, killing seven people, "
            "including a woman and her two children, health officials said.")
    events = _events(text, dt.date(2024, 5, 14))
    assert len(events) == 1
    e = events[0]
    assert (e.sub_event_type, e.event_date, e.fatalities) == ("Air/drone strike", "2024-05-14", 7)
    assert e.actor1 == "Military Forces of Israel"


def test_undated_body_sentence_inherits_the_date_before_it() -> None:
    text = ("Hezbollah said it fired a barrage of rockets at an Israeli army base in Kiryat Shmona on Monday. "
            "Hours later, Israeli artillery shelled the outskirts of the Lebanese town of Khiam.")
    events = _events(text, dt.date(2024, 6, 11))
    assert {(e.actor1, e.event_date) for e in events} == {
        ("Hezbollah", "2024-06-10"), ("Military Forces of Israel", "2024-06-10")}
    hezbollah = next(e for e in events if e.actor1 == "Hezbollah")
    assert hezbollah.claimed_by == "Hezbollah"  # the group speaks for its own attack


def test_day_span_is_split_one_event_per_day() -> None:
    text = "Rebels shelled the town of Kadugli between 3 and 5 May, killing four civilians."
    events = _events(text, dt.date(2024, 5, 6))
    assert sorted(e.event_date for e in events) == ["2024-05-03", "2024-05-04", "2024-05-05"]
    assert all((e.date_start, e.date_end) == ("2024-05-03", "2024-05-05") for e in events)


def test_no_casualties_reported_is_zero_not_unknown() -> None:
    text = "A rocket hit a field near Metula on Monday. Nobody was hurt, according to the ambulance service."
    events = _events(text, dt.date(2024, 6, 11))
    assert events and events[0].fatalities == 0
