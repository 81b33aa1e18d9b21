"""Within-article merging, territory typing and honest confidence on real-style news."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.confidence import Support, confidence, hedged, quoted
from eventwire.extract.dates import find_dates
from eventwire.model import Article, Event


def _events(text: str, date: dt.date) -> tuple[Event, ...]:
    return next(extract_articles([Article(id="m", text=text, date=date)])).events


def test_bombardment_by_planes_is_the_same_air_strike() -> None:
    # (Guardian) the lead and its retelling by "bombardment ... by planes" are one air strike
    text = ("Russia has sent in aircraft to attack the Syrian rebel-held province of Idlib in its first major "
            "assault for months. The bombardment of the country's last rebel-held enclave by Russian and Syrian "
            "planes was the most extensive yet.")
    events = _events(text, dt.date(2019, 3, 14))
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]
    assert len([ev for ev in events[0].evidence if ev.field == "sub_event_type"]) == 2


def test_one_demonstration_told_twice_is_one_event() -> None:
    text = ("Striking teachers set fire to two government vehicles and threw stones at the state congress in the "
            "city of Oaxaca on Wednesday, state officials said.\n\nSeveral thousand members of the teachers' union "
            "marched through the centre of the city in the morning, witnesses said.")
    events = _events(text, dt.date(2024, 5, 23))
    assert [e.sub_event_type for e in events] == ["Violent demonstration"]


def test_statement_day_does_not_date_a_retold_attack() -> None:
    text = ("Fighters from Islamic State West Africa Province attacked a military base in the town of Malam Fatori "
            "in Nigeria's Borno state on Saturday night, military sources said.\n\n"
            "Two soldiers were killed and five wounded before the attackers retreated towards Lake Chad.\n\n"
            "The army said in a statement on Sunday that its troops had successfully repelled the attack.")
    events = _events(text, dt.date(2024, 3, 4))
    assert [(e.sub_event_type, e.event_date, e.fatalities) for e in events] == [("Armed clash", "2024-03-02", 2)]


@pytest.mark.parametrize("text", [
    "Government troops recaptured the town of Kidal from the rebels on Tuesday, the army said.",
    "Yemeni government forces have recaptured new areas in Radman district after heavy clashes with the Houthi militia on Monday.",
    "The army took control of the entire Lajat area in the north-eastern countryside of Deraa province on Tuesday.",
    "Soldiers captured two rebel-held villages in the country's northwest early Wednesday, state media reported.",
])
def test_government_regains_territory(text: str) -> None:
    events = _events(text, dt.date(2024, 6, 13))
    assert events and events[0].sub_event_type == "Government regains territory"


def test_history_named_by_a_year_does_not_type_the_news() -> None:
    text = ("Syrian government forces captured five villages in the country's northwest early Wednesday, inching closer "
            "to a town that was the scene of a deadly 2017 chemical weapons attack.")
    events = _events(text, dt.date(2019, 12, 26))
    assert [e.sub_event_type for e in events] == ["Government regains territory"]


def test_weeks_back_is_a_month_precision_range() -> None:
    (d,) = find_dates("two female suicide bombers had attacked in the last month", 0, dt.date(2019, 3, 3))
    assert (d.date_start, d.date_end, d.precision) == (dt.date(2019, 2, 1), dt.date(2019, 3, 3), 3)


def _support(**kw: object) -> Support:
    base = dict(strength=0.9, means=True, casualties=True, actor_rank=3, place_precision=1, date_own=True,
                date_precision=1, mentions=2, position=0, asserted=True, claimed=False, hedged=False,
                quoted=False, days_before_report=0)
    base.update(kw)
    return Support(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("weaker", [
    {"hedged": True}, {"quoted": True}, {"asserted": False}, {"actor_rank": 0}, {"place_precision": None},
    {"date_precision": None, "date_own": False}, {"position": 9}, {"days_before_report": 400}, {"strength": 0.6},
])
def test_each_missing_fact_lowers_confidence(weaker: dict[str, object]) -> None:
    assert confidence(_support(**weaker)) < confidence(_support())


def test_hedges_and_quotes_are_seen() -> None:
    assert hedged("The militia reportedly shelled the town.")
    assert not hedged("The militia shelled the town.")
    sentence = "“It was a mortar, or an airstrike, or something,” she said."
    assert quoted(sentence, sentence.index("airstrike"))
    assert not quoted("Airstrikes hit Idlib.", 0)


def test_lead_event_outranks_undated_body_mention() -> None:
    text = ("Gunmen killed five villagers in the town of Bawku on Monday, police said. Officials met on Tuesday. "
            "Talks followed. Another village was attacked by gunmen, residents said.")
    events = _events(text, dt.date(2024, 6, 11))
    assert events[0].event_date == "2024-06-10" and events[0].fatalities == 5
    assert all(events[0].confidence >= e.confidence for e in events)


def test_positions_won_in_a_battle_are_a_clash_not_a_takeover() -> None:
    text = "SDF fighters clashed with Isis militants in the town on Monday and took control over five more positions."
    events = _events(text, dt.date(2024, 6, 11))
    assert [e.sub_event_type for e in events] == ["Armed clash"]


def test_background_mention_is_typed_when_possible() -> None:
    text = ("Officials met in Brussels on Thursday. The talks covered aid. "
            "In the past years, rebels repeatedly shelled the city of Aleppo.")
    result = next(extract_articles([Article(id="b", text=text, date=dt.date(2019, 3, 23))]))
    assert result.events == ()
    assert [b.sub_event_type for b in result.background] == ["Shelling/artillery/missile attack"]


def test_a_speaker_named_like_a_place_does_not_split_the_event() -> None:
    from eventwire.geo import load_geoparser

    # (Guardian) "Bali" is the SDF spokesman, not the Indonesian island
    text = ("Heavy fighting continued around mount Baghuz on Friday, the SDF said. "
            "\u201cOur forces are trying to force them to surrender, but so far the clashes are continuing,\u201d Bali said.")
    result = next(extract_articles([Article(id="s", text=text, date=dt.date(2019, 3, 22))],
                                   geoparser=load_geoparser()))
    assert [e.sub_event_type for e in result.events] == ["Armed clash"]
    assert result.events[0].iso3 == "SYR"
