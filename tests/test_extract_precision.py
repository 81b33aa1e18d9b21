"""Precision on long real news: analysis, history, habits, quotes and metaphors are not events.

Sentences marked (Guardian) are short quotes from the Guardian Syria corpus; the rules are general
(parse, tense, determiners), so each test also holds for other wording.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.model import Article, ArticleResult

PUB = dt.date(2019, 3, 23)
# a neutral lead so that the sentence under test is in the body (position >= 2), as in a long article
LEAD = "Officials met in Brussels on Thursday. The talks covered aid to the region. "


def _result(text: str, date: dt.date = PUB) -> ArticleResult:
    return next(extract_articles([Article(id="p", text=text, date=date)]))


@pytest.mark.parametrize("sentence", [
    # (Guardian) a noun modifying another noun
    "The SDF and the United States are sitting on a volcano, with tens of thousands of foreign fighters and families in cramped detention centres.",
    "Those talks stalled partly over a dispute about where to house up to 35,000 Iraqis, among them at least 2,000 battle-tested fighters.",
    # (Guardian) a condition, not an arrest
    "Such an outcome remains next to impossible for women in detention, who would first need to escape.",
    # (Guardian) hypothetical and likely
    "The SDF are hardly likely to attack UK Foreign Office officials trying to help extricate children from overcrowded camps.",
    # (Guardian) a habit
    "Russia also has a history of mounting assaults at times when western leaders gather to discuss Syria.",
    # (Guardian) a rhetorical question in a quote
    "Why are we besieged, why are we bombarded day and night, and the world is silent?",
    # (Guardian) a campaign, not a clash
    "Votel said that the fight against Isis and violent extremism is far from over.",
    # (Guardian) an aim, not a takeover
    "The caliphate started to drop away when the campaign to retake Isis territory intensified.",
    # (Guardian) a device lying there is no explosion
    "The area is now strewn with debris, weaponry and possible booby traps.",
    # (Guardian) mobilising followers is no demonstration
    "In its earlier years Isis regularly rallied followers to join a utopia styled on seventh-century precepts.",
    # (Guardian) an undated relative clause describes a noun
    "Reprisals have taken place in areas retaken by Damascus.",
    # (Guardian) something spared did not happen
    "Idlib was spared an assault by the regime and Russia last autumn, after a truce brokered by Moscow and Ankara.",
])
def test_not_an_event_in_a_long_article(sentence: str) -> None:
    assert _result(LEAD + sentence).events == ()


def test_history_with_a_past_year_is_typed_background() -> None:
    result = _result(LEAD + "In late 2015, suicide bombers attacked Paris.")  # (Guardian)
    assert result.events == ()
    assert [b.sub_event_type for b in result.background] == ["Suicide bomb"]


def test_narrative_continues_a_past_year_without_a_date_of_its_own() -> None:
    text = (LEAD + "Isis swept across northern Iraq in the summer of 2014. "
            "Banks were looted and abandoned and US-supplied heavy weapons were seized in areas under its control.")
    assert _result(text).events == ()


def test_undated_aside_in_an_article_that_dates_nothing_is_background() -> None:
    text = (LEAD + "Diplomats discussed the future of the camps. Aid agencies warned of shortages. "
            "Kurdish forces shelled the village of Keshma, residents said.")
    result = _result(text)
    assert result.events == ()
    assert any(b.sub_event_type == "Shelling/artillery/missile attack" for b in result.background)


def test_real_lead_event_is_kept_and_dated() -> None:
    # (Guardian)
    text = "United States-backed fighters retook the final enclave of the Islamic State caliphate on Saturday in Baghuz, eastern Syria."
    events = _result(text).events
    assert [(e.sub_event_type, e.event_date) for e in events] == [("Non-state actor overtakes territory", "2019-03-23")]


def test_attempted_attack_is_an_event() -> None:
    text = "On Friday night, up to 10 Isis fighters on motorbikes attempted to storm a US military base near the al-Omar oilfield."
    events = _result(text, dt.date(2019, 2, 10)).events
    assert [(e.sub_event_type, e.event_date) for e in events] == [("Armed clash", "2019-02-08")]


def test_attack_to_capture_is_not_a_takeover() -> None:
    text = "Militants launched an attack to capture army positions near the town on Monday but were repelled."
    assert all(e.sub_event_type != "Non-state actor overtakes territory" for e in _result(text).events)
