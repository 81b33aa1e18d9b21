"""Non-violent transfer of territory: withdrawals and handovers with a territorial object, no fighting."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.model import Article

NVTT = "Non-violent transfer of territory"


def _types(text: str) -> list[str]:
    result = next(extract_articles([Article(id="t", text=text, date=dt.date(2024, 5, 20))]))
    return [e.sub_event_type for e in result.events]


@pytest.mark.parametrize("text", [
    "The coalition forces handed control of the military camp back to Iraqi Security Forces on Sunday.",
    "Al-Shabaab militants have taken control of Af-Urur, a strategic village south of Bossaso. "
    "The militants seized the area following the withdrawal of Puntland forces on Saturday.",
    "Government troops entered the town on Friday after the rebels pulled their fighters out of it.",
    "The army abandoned its positions around the village on Sunday, and the rebels moved in unopposed.",
])
def test_withdrawals_and_handovers_are_transfers(text: str) -> None:
    assert NVTT in _types(text)


def test_a_taking_told_with_a_withdrawal_is_one_transfer_not_a_takeover() -> None:
    types = _types("Al-Shabaab militants have taken control of Af-Urur, a strategic village south of Bossaso. "
                   "The militants seized the area following the withdrawal of Puntland forces on Saturday.")
    assert types == [NVTT]


def test_withdrawing_from_a_deal_is_not_territory() -> None:
    assert NVTT not in _types("Russia withdrew on Monday from the grain deal that let Ukraine ship wheat.")


def test_taking_a_town_in_deadly_fighting_stays_a_battle() -> None:
    types = _types("Rebels seized the town of Kalehe on Sunday after fierce clashes that killed 12 soldiers, "
                   "as the army withdrew from its positions.")
    assert NVTT not in types and types


def _located(text: str, date: dt.date):
    from eventwire.geo import load_geoparser

    return next(extract_articles([Article(id="g", text=text, date=date)], geoparser=load_geoparser())).events


def test_a_withdrawal_told_before_its_handover_is_one_transfer() -> None:
    text = ("BAMAKO - Malian troops withdrew from the Ber military camp near Timbuktu on Monday. The army handed "
            "control of the camp to the Coordination of Azawad Movements, a local official said.")
    events = _located(text, dt.date(2024, 3, 12))
    assert [(e.sub_event_type, e.event_date) for e in events] == [(NVTT, "2024-03-11")]


def test_a_foreign_state_force_taking_ground_overtakes_it() -> None:
    # ACLED: only the country's own government "regains" territory; Russia in Ukraine overtakes it
    text = ("KYIV - Russian forces captured the eastern Ukrainian town of Avdiivka on Saturday after Ukrainian "
            "troops withdrew following months of fighting, Russia's defence ministry said.")
    (event,) = _located(text, dt.date(2024, 2, 18))
    assert (event.sub_event_type, event.actor1, event.country) == (
        "Non-state actor overtakes territory", "Military Forces of Russia", "Ukraine")
    own = _located("KHARTOUM - Sudan's army recaptured the town of Sinja from the RSF on Saturday, the army said.",
                   dt.date(2024, 10, 13))
    assert [e.sub_event_type for e in own] == ["Government regains territory"]
