"""Day-relative expressions: "a day earlier", "the previous day", "last night", "two days ago"..."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.dates import find_dates
from eventwire.model import Article

PUB = dt.date(2024, 3, 26)  # a Tuesday


def _one(sentence: str, **kw: object):
    found = find_dates(sentence, 0, PUB, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("sentence,expected,precision", [
    ("Militants attacked an army post last night, the military said.", dt.date(2024, 3, 25), 1),
    ("Police fired tear gas at protesters this morning in the capital.", PUB, 1),
    ("Residents said more strikes were expected tonight after the raid.", PUB, 1),
    ("A car bomb exploded earlier today near the governor's office.", PUB, 1),
    ("Two rockets hit the town two days ago, officials said.", dt.date(2024, 3, 24), 1),
    ("Gunmen stormed the church the day before yesterday.", dt.date(2024, 3, 24), 1),
    ("Clashes broke out on Sunday night in the old city.", dt.date(2024, 3, 24), 1),
    ("The drone struck late on Friday, killing two fighters.", dt.date(2024, 3, 22), 1),
    ("Shelling resumed in the early hours of Monday.", dt.date(2024, 3, 25), 1),
    ("Protesters blocked roads earlier this week in the south.", dt.date(2024, 3, 25), 2),
    ("Rioters torched shops last weekend, police said.", dt.date(2024, 3, 23), 2),
])
def test_relative_days(sentence: str, expected: dt.date, precision: int) -> None:
    d = _one(sentence)
    assert (d.date_start, d.precision) == (expected, precision)


def test_a_day_earlier_counts_from_a_date_in_the_same_sentence() -> None:
    found = find_dates("Troops killed two men in Jenin on Monday; a day earlier, settlers torched cars.", 0, PUB)
    assert [d.date_start for d in found] == [dt.date(2024, 3, 25), dt.date(2024, 3, 24)]
    assert found[1].rule == "day_before:text"


def test_the_previous_day_counts_from_the_anchor_given() -> None:
    d = _one("The previous day, militants attacked a checkpoint.", anchor=dt.date(2024, 3, 20))
    assert d.date_start == dt.date(2024, 3, 19) and d.rule == "day_before:previous_sentence"


def test_the_day_before_without_anchor_counts_from_publication() -> None:
    d = _one("Gunmen had attacked the same village the day before, residents said.")
    assert d.date_start == dt.date(2024, 3, 25) and d.rule == "day_before:publication"


def test_the_next_day_without_anchor_is_not_a_date() -> None:
    assert find_dates("Talks will resume the next day.", 0, PUB) == []


def test_article_anchors_a_day_earlier_to_the_previous_sentences_event() -> None:
    text = ("Israeli forces killed three Palestinians in a raid on the Nur Shams camp on 20 March, "
            "the health ministry said. A day earlier, a drone strike killed two fighters in Tulkarm.")
    events = next(extract_articles([Article(id="d", text=text, date=PUB)])).events
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert strike.event_date == "2024-03-19"
    ev = next(x for x in strike.evidence if x.field == "event_date")
    assert ev.text == "A day earlier" and ev.rule == "date:day_before:previous_sentence"


def test_the_reports_day_gives_way_to_the_events_own_date() -> None:
    from eventwire.extract import extract_articles
    from eventwire.model import Article

    text = ("The Sun reported on Wednesday that the CIA had told its UK counterparts Jones was killed by a "
            "Predator drone strike near the Syria-Iraq border in June.")
    events = next(extract_articles([Article(id="j", text=text, date=dt.date(2017, 10, 12))])).events
    assert [(e.sub_event_type, e.event_date, e.time_precision) for e in events] == [
        ("Air/drone strike", "2017-06-01", 3)]
    # with no date of its own, the statement's day still dates the event
    alone = "Officials said on Monday that gunmen killed five villagers in Zamfara state."
    events = next(extract_articles([Article(id="z", text=alone, date=dt.date(2017, 10, 12))])).events
    assert [e.event_date for e in events] == ["2017-10-09"]
