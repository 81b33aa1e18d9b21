"""Sub-event typing rules that must hold beyond the CASE dev set: ACLED-style one-line notes and news from
Africa, the Middle East, Latin America and Ukraine, plus the non-events that share their words."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.model import Article


def _types(text: str) -> list[str]:
    result = next(extract_articles([Article(id="t", text=text, date=dt.date(2024, 5, 20))]))
    return [e.sub_event_type for e in result.events]


# a withdrawal alone: forces change what they do; nobody is said to take the ground over
@pytest.mark.parametrize("text", [
    "On 8 January 2024, Ethiopian National Defence Forces withdrew from their base in Ceel Cali (Hiraan).",
    "On 2 October 2023, Russian forces withdrew from positions near Klishchiivka (Bakhmut, Donetsk).",
    "French troops pulled out of the Menaka camp on Monday, the army said.",
    "US forces have withdrawn from a key base just 30km south of the border, officials said on Sunday.",
])
def test_a_withdrawal_alone_is_a_change_to_group_activity(text: str) -> None:
    assert _types(text) == ["Change to group/activity"]


# ... but ground left to another side, or entered without a fight, changes hands (guards for the rule above;
# the deserted outpost is new: a place nobody holds is taken without a fight)
@pytest.mark.parametrize("text", [
    "On 20 April 2024, the RSF handed over control of the town of El Fula to the SAF following a local agreement.",
    "All regime forces withdrew from the base on Sunday, leaving it completely in the hands of opposition fighters.",
    "On 14 June 2023, M23 rebels entered the town of Kitshanga without resistance after FARDC soldiers "
    "abandoned their positions.",
    "On 3 May 2024, JNIM militants seized a deserted army outpost near Boulkessi (Soum).",
])
def test_ground_left_to_another_side_is_a_transfer(text: str) -> None:
    assert "Non-violent transfer of territory" in _types(text)


@pytest.mark.parametrize("text", [
    "Rebels briefly captured parts of the town before being pushed back by the army on Sunday.",
    "Al-Shabaab fighters attacked an army base on Sunday, killing two soldiers, and briefly seized control "
    "of the nearby town.",
])
def test_ground_held_briefly_or_in_part_is_a_battle(text: str) -> None:
    assert _types(text)[0] == "Armed clash"


def test_ground_taken_and_held_is_still_a_takeover() -> None:
    # guard: only partial or brief control turns a takeover into a battle
    assert _types("On 2 February 2024, ISWAP fighters seized the town of Malam Fatori after clashes with the "
                  "Nigerian army.") == ["Non-state actor overtakes territory"]


# the chemical agent decides, whatever word carried the attack (TAXONOMY precedence)
@pytest.mark.parametrize("text", [
    "Militants shelled army positions near Hama on Monday with mortars filled with chlorine gas.",
    "Government helicopters bombed Kafr Zita on Tuesday with barrels filled with chlorine gas.",
    "Strikes hit a clinic in Saraqib last week, killing seven people, and there is evidence chemical weapons "
    "were used, doctors said on Thursday.",
])
def test_a_chemical_agent_as_the_means_is_a_chemical_weapon(text: str) -> None:
    assert _types(text)[0] == "Chemical weapon"


def test_a_strike_on_chemical_weapons_facilities_is_not_a_chemical_attack() -> None:
    # guard for the rule above: the agent named as a target is no means
    assert "Chemical weapon" not in _types(
        "Warplanes struck three chemical weapons facilities near Homs on Saturday, the ministry said.")


def test_gunmen_as_the_attackers_do_not_make_an_armed_clash() -> None:
    assert _types("An unknown number of gunmen opened fire on a teahouse in Kirkuk at 5 a.m. on Monday.") == ["Attack"]


@pytest.mark.parametrize("text,expected", [
    ("Riot police beat students who were demonstrating outside parliament in Caracas on Monday.",
     "Excessive force against protesters"),
    ("Riot police chased demonstrators through the centre of Tunis on Tuesday.", "Protest with intervention"),
    ("Protestors blocked the main highway to Cochabamba on Monday.", "Violent demonstration"),
    ("On 11 January 2024, the police shot and killed a man during a protest against fuel prices in Conakry.",
     "Excessive force against protesters"),
    ("Security forces stepped up their deadly crackdown on demonstrators in Khartoum on Sunday.",
     "Excessive force against protesters"),
])
def test_demonstration_subtypes(text: str, expected: str) -> None:
    assert _types(text)[0] == expected


def test_an_attempt_to_block_a_road_is_not_violence() -> None:
    # guard for the road-blocking cue
    assert _types("Police arrested 40 people as opposition supporters staged sit-ins and attempted to block "
                  "traffic in Yerevan on Friday.")[0] == "Protest with intervention"


@pytest.mark.parametrize("text,expected", [
    ("Hamas fighters launched rockets at Ashkelon on Monday.", "Shelling/artillery/missile attack"),
    ("On 9 May 2024, armed men beat a trader to death in Tillaberi town.", "Attack"),
    ("Police raided a house in Karachi on Monday and recovered suicide vests and rifles.", "Disrupted weapons use"),
    ("On 1 December 2023, JNIM relocated its headquarters to Menaka region.", "Change to group/activity"),
    # guard: the fire exchanged is gunfire, not a blaze fought
    ("On 17 March 2024, Hamas militants and IDF soldiers exchanged fire in Khan Younis.", "Armed clash"),
])
def test_other_regions(text: str, expected: str) -> None:
    assert _types(text)[0] == expected


@pytest.mark.parametrize("text", [
    "The striker was shot down by critics after missing a penalty in the attack on Saturday.",
    "The team's attack was shot down in the second half on Sunday.",
    "Soldiers fought a wildfire near Haifa for three days.",
    "The coast guard intercepted a suspected human trafficker on Monday and rescued seven victims.",
    # guard for "launched ... missiles": a test launch strikes no one
    "North Korea launched two ballistic missiles into the sea on Tuesday in its latest test.",
    "Kenya and Somalia began indirect talks in March to settle the maritime border dispute, officials said on Monday.",
])
def test_sports_fires_missions_tests_and_months_are_not_events(text: str) -> None:
    assert _types(text) == []


@pytest.mark.parametrize("text,expected", [
    # an aircraft destroyed or shot down is the target of a missile, not the means of an air strike
    ("A Houthi missile hit an airbase in Jizan on Monday, destroying two helicopters.",
     "Shelling/artillery/missile attack"),
    ("Six rangers were killed on Sunday in a tank attack officials blamed on a militia group near Rutshuru.",
     "Shelling/artillery/missile attack"),
    ("Three tanks attacked army positions near Sake on Sunday, killing four soldiers.", "Shelling/artillery/missile attack"),
    # a bomber killed by the own device, an explosive belt: a suicide bombing
    ("Two militants detonated explosives in a flat in Kano on Tuesday, killing themselves after police surrounded "
     "the building.", "Suicide bomb"),
    ("A woman wearing an explosive belt blew up at a market in Maiduguri on Friday, killing six people.", "Suicide bomb"),
])
def test_the_means_decides_remote_violence(text: str, expected: str) -> None:
    assert _types(text)[0] == expected


def test_a_weapon_word_in_a_compound_is_no_seizure_of_weapons() -> None:
    assert "Disrupted weapons use" not in _types(
        "Police seized a rocket-launching site abandoned by the militants near Kidal on Monday.")


@pytest.mark.parametrize("text,expected", [
    # a town taken by its name alone ("seized Kidal"), not only "seized the town of ..."
    ("Tuareg rebels seized Kidal on Monday, residents said.", "Non-state actor overtakes territory"),
    ("On 4 May 2024, M23 rebels captured Rubaya (Masisi, North Kivu).", "Non-state actor overtakes territory"),
    ("Houthi fighters seized the provincial capital early Sunday, residents said.", "Non-state actor overtakes territory"),
    # tear gas and water cannon are fired at a crowd: the crowd is the demonstration
    ("Dozens were injured in Beirut as security forces fired rubber bullets, tear gas and water cannon on Sunday.",
     "Excessive force against protesters"),
    # "in a series of raids" is how this day's arrests were made, not a summary of earlier events
    ("Security forces have arrested 30 activists in a series of night raids across Harare, a rights group said.",
     "Arrests"),
])
def test_named_places_crowds_and_raids(text: str, expected: str) -> None:
    assert _types(text)[0] == expected


@pytest.mark.parametrize("text", [
    # guards: people captured are no territory; a series of attacks carried out is a summary
    "Ukrainian troops captured Russian soldiers near Robotyne on Friday.",
    "The group has carried out a series of attacks on army posts this year.",
])
def test_captured_people_and_summaries_are_no_territory_events(text: str) -> None:
    assert _types(text) == []
