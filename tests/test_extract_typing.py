"""Event detection and ACLED sub-typing on real news sentences (from CASE 2021 and wire reports)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.model import Article


def top_type(text: str, date: dt.date | None = dt.date(2024, 3, 26)) -> str | None:
    result = next(extract_articles([Article(id="t", text=text, date=date)]))
    return result.events[0].sub_event_type if result.events else None


@pytest.mark.parametrize("text,expected", [
    ("The US warplanes pounded the village of Kashkash in southern Hasaka, killing 6 civilians, including 2 women.",
     "Air/drone strike"),
    ("Rebels fired dozens of rockets towards the town, drawing a wave of artillery strikes in retaliation.",
     "Shelling/artillery/missile attack"),
    ("A roadside bomb struck an army convoy near Ansongo on Tuesday, killing three soldiers.",
     "Remote explosive/landmine/IED"),
    ("A suicide bomber blew himself up at a checkpoint in Mogadishu, killing nine people.", "Suicide bomb"),
    ("An unidentified attacker threw a hand grenade into a busy tea shop in Beledweyne, wounding four civilians.",
     "Grenade"),
    ("Intelligence agents said ISIS jihadists used mustard gas in an attack on the town.", "Chemical weapon"),
    ("Government troops clashed with rebels near the border town for several hours.", "Armed clash"),
    ("Gunmen stormed the village and killed five villagers in their homes.", "Attack"),
    ("Gunmen abducted 20 passengers from a bus on the Kaduna highway.", "Abduction/forced disappearance"),
    ("Soldiers raped several women during the raid on the village, witnesses said.", "Sexual violence"),
    ("Syrian government forces recaptured the town of Khan Sheikhoun from rebels.", "Government regains territory"),
    ("Islamic State militants seized control of the last border crossing between Syria and Iraq.",
     "Non-state actor overtakes territory"),
    ("Hundreds of protesters rallied peacefully in front of parliament to demand new elections.", "Peaceful protest"),
    ("Police fired tear gas and water cannon to disperse demonstrators outside the ministry.",
     "Protest with intervention"),
    ("Security forces opened fire on peaceful protesters in Nasiriyah, killing at least six.",
     "Excessive force against protesters"),
    ("Stone-throwing protesters clashed with police and set cars on fire in the city centre.",
     "Violent demonstration"),
    ("An angry mob lynched a man accused of theft in the market.", "Mob violence"),
    ("Police arrested 14 opposition activists in a night raid on the party headquarters.", "Arrests"),
    ("Azerbaijan and Armenia agreed a humanitarian ceasefire in Nagorno-Karabakh.", "Agreement"),
    ("Air defences intercepted two drones over the city overnight.", "Disrupted weapons use"),
    ("Two firearms and several rounds of ammunition were seized in Kingston over the weekend.",
     "Disrupted weapons use"),
    ("Turkish forces have set up a new observation post in the rebel-held province of Idlib.",
     "Headquarters or base established"),
    ("Several foreign-owned shops were looted in the townships of KwaMakhutha and Isipingo.",
     "Looting/property destruction"),
])
def test_sub_event_type(text: str, expected: str) -> None:
    assert top_type(text) == expected


@pytest.mark.parametrize("text", [
    "A 6.1-magnitude earthquake struck the province, killing 12 people and destroying hundreds of homes.",
    "A gas cylinder explosion in a restaurant killed four people, firefighters said.",
    "A man robbed a bank on Monday and was arrested five hours later.",
    "The central bank raised interest rates by half a point on Thursday.",
    "The UN Security Council adopted a resolution urging an immediate ceasefire in Gaza.",
])
def test_non_events(text: str) -> None:
    assert top_type(text) is None


def test_event_without_publication_date_has_null_date() -> None:
    result = next(extract_articles([Article(id="t", text="Rebels shelled the town of Kadugli, killing four.")]))
    assert result.events and result.events[0].event_date is None and result.events[0].time_precision is None
