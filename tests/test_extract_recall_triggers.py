"""Trigger words the lexicon used to miss, each a general fact of news English seen in several sources
(our annotations, IndiaPoliceEvents, SATP, CASE, M2E2/RAMS gold triggers): the rules now propose them, and
the look-alikes that are no event (a manager fired, an election held, an attack on inflation) stay out."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.extract.classify import RulesDecider
from eventwire.extract.triggers import find_triggers
from eventwire.model import Article


def _families(sentence: str) -> set[str]:
    return {h.family for h in find_triggers(sentence)}


def _rule_types(text: str) -> list[str | None]:
    """The sub-types the rules alone give (no model: deterministic whatever typer ships)."""
    result = next(extract_articles([Article(id="t", text=text, date=dt.date(2024, 5, 20))], decider=RulesDecider()))
    return [e.sub_event_type for e in result.events]


def _shipped_types(text: str) -> list[str | None]:
    """The sub-types the shipped pipeline gives (rules propose, the learned typer decides)."""
    result = next(extract_articles([Article(id="t", text=text, date=dt.date(2024, 5, 20))]))
    return [e.sub_event_type for e in result.events]


@pytest.mark.parametrize(("sentence", "family"), [
    # gunfire told as "firing" by the police or troops (IndiaPoliceEvents, SATP)
    ("Three others died in police firing in Khambhat taluka on Friday.", "kill"),
    ("The Bhavaninagar police fired seven rounds in the air to quell the attackers.", "kill"),
    ("The patrol came under heavy fire near the border post on Tuesday.", "kill"),
    # inflections the lexicon lacked (M2E2, RAMS and WikiEvents gold triggers)
    ("Unknown armed men have assassinated the head of the village of Koulbo in his home.", "kill"),
    ("Two stabbings and three shootings were reported in the township overnight.", "kill"),
    ("Witnesses heard a device exploding near the market gate.", "explode"),
    ("Militants set off a roadside bomb as the convoy passed.", "explode"),
    ("The Islamic Resistance in Iraq claimed firing rockets at the Ain al-Asad base.", "shell"),
    # custody words
    ("Siddiqui was picked up by police from his residence in south Delhi on Saturday night.", "arrest"),
    ("In combing operations in Surat on Tuesday evening, 50 persons were held.", "arrest"),
    ("Bilal was later remanded to police custody for seven days.", "arrest"),
    # territory entered by armed forces; a withdrawal told as a noun
    ("Taliban insurgents entered Kabul on Sunday as the president fled the country.", "take_territory"),
    ("Loyalist forces have reoccupied the locality of Kalembe after fierce fighting.", "gov_regain"),
    ("The Israeli army completed its pull-out from the Netzarim corridor on Sunday.", "withdraw"),
    # disrupted weapons use told as bringing down or jamming
    ("Electronic warfare units jammed and brought down several attack drones over the airport.", "disrupt"),
    ("Two UAVs were suppressed by electronic warfare means and crashed, the ministry said.", "disrupt"),
    # protests and mobs
    ("Thousands of displaced people are marching to the interim administration's offices.", "protest"),
    ("Community members necklaced a man accused of burglaries on Tuesday, police said.", "mob"),
    # ACLED "Other": blockades and martial law imposed, captives released, ships hijacked
    ("The junta imposed martial law in two more townships of Mandalay region on Friday.", "other"),
    ("JNIM imposed a blockade on the town of Djibo, preventing traders from entering.", "other"),
    ("Yemen's Houthis released the 25 crew members of the Galaxy Leader on Wednesday.", "other"),
    ("Houthi militia hijacked the cargo ship in the southern Red Sea on Sunday.", "other"),
])
def test_missed_event_words_are_triggers(sentence: str, family: str) -> None:
    assert family in _families(sentence)


@pytest.mark.parametrize(("sentence", "family"), [
    ("The club fired the manager after a run of five defeats.", "kill"),
    ("The board fired its chief executive on Monday.", "kill"),
    ("Elections were held on Sunday in all 36 states.", "arrest"),
    ("Five Chinese military planes entered the air defence identification zone.", "take_territory"),
    ("The minister withdrew from the race on Monday.", "withdraw"),
    ("Commentators say the old parties hijacked the movement's demands in the negotiations.", "other"),
    ("The government declared a state of emergency as more than 200 fires burned across the province.", "other"),
    ("The state governor imposed a 24-hour curfew on the city on Thursday evening.", "other"),
])
def test_look_alikes_are_not_those_triggers(sentence: str, family: str) -> None:
    assert family not in _families(sentence)


@pytest.mark.parametrize(("text", "sub_type"), [
    ("Unknown armed men assassinated the head of the village of Koulbo in his home on Sunday, a local source said.",
     "Attack"),
    ("Siddiqui was picked up by police from his residence in south Delhi on Saturday night.", "Arrests"),
    ("JNIM imposed a blockade on the town of Djibo on Monday, preventing traders from entering, residents said.",
     "Other"),
    ("Taliban insurgents entered Kabul on Sunday and President Ashraf Ghani fled the country.",
     "Non-state actor overtakes territory"),
])
def test_the_rules_now_propose_and_type_them(text: str, sub_type: str) -> None:
    assert sub_type in _rule_types(text)


@pytest.mark.parametrize("text", [
    "The club fired the manager on Monday after a fifth straight defeat.",
    "The army fired its chief of staff on Monday after a row over the budget.",
    "Elections were held on Sunday in all 36 states, the commission said.",
])
def test_non_events_stay_out(text: str) -> None:
    assert _shipped_types(text) == []


@pytest.mark.parametrize(("sentence", "family"), [
    # strategic developments told by their own verb phrase, no violence word (our set, SATP, CASE, CAMEO/PLOVER)
    ("The traditional chiefs of the Hema and Lendu communities signed a non-aggression pact in Bunia.", "agreement"),
    ("Azerbaijan and Armenia initialled the text of a peace treaty in Washington, the US said.", "agreement"),
    ("The Thai government and the BRN have agreed on a 'Ramadan peace initiative' to reduce violence.", "agreement"),
    ("Agents of the National Intelligence Agency picked him up in Yaoundé on Tuesday, his lawyer said.", "arrest"),
    ("KABUL - The Taliban announced an interim government on Tuesday, with Mohammad Hasan Akhund as acting prime minister.",
     "group_change"),
    ("Tunisia's president suspended parliament and dismissed the prime minister on Sunday.", "group_change"),
    ("Syria's new authorities announced the dissolution of all armed factions at a meeting in Damascus.", "group_change"),
    ("The Mexican government ordered 1,000 soldiers to Sinaloa after days of violence, the defence ministry said.",
     "group_change"),
    ("On 3 October 2023, the Malian army began a large troop movement from Gao toward Kidal.", "group_change"),
    ("A new security camp has been opened by security forces at Tekalguda in Sukma district on Tuesday.", "hq"),
    ("The Arakan Army established its administration in Paletwa, opening a police station and a tax office.", "hq"),
    ("Viv Ansanm gangs set up a 'toll' checkpoint at the entrance of National Road 1 in Cabaret.", "hq"),
    ("Rebels of the Séléka handed the town of Kaga-Bandoro to UN peacekeepers after a negotiated withdrawal.", "withdraw"),
    ("The Syrian army said on Saturday it had taken full control of eastern Ghouta.", "take_territory"),
    ("Taliban militants captured multiple Police Checkpoints in the Khwaja Ghar District of Takhar Province.",
     "take_territory"),
    ("Southern separatists seized the presidential palace in Aden on Saturday, residents said.", "take_territory"),
    ("JNIM fighters destroyed a bridge on the road between Djibo and Namssiguia to cut off supply.", "loot"),
    ("Maoists blew up a mobile tower in Kalia Atal village on the night of December 31.", "loot"),
    ("Afghan guerillas blew up three main electric power lines leading into Kabul last month.", "loot"),
    # an explosion with no stated means
    ("Militants blew up part of a newly constructed Government school in the Tiarza tehsil area.", "explode"),
    ("Further, a Government school was blown up in the Lawangkhel village in Lakki Marwat District.", "explode"),
    # a hijacked ship named at length
    ("Yemen's Houthi militia hijacked the Galaxy Leader cargo ship in the southern Red Sea on Sunday.", "other"),
    # protest told as a road blocked or work stopped
    ("Garment workers blocked the Dhaka-Mymensingh highway in Gazipur on Sunday demanding unpaid wages.", "protest"),
    ("Hundreds of thousands of people blocked streets in Hong Kong to demand democratic reforms.", "protest"),
    ("About 1,100 contract employees stopped work in a strike for increased wages on Tuesday.", "protest"),
])
def test_strategic_developments_without_a_violence_word(sentence: str, family: str) -> None:
    assert family in _families(sentence)


@pytest.mark.parametrize(("sentence", "family"), [
    ("He has steadily amassed power, taking control of the judiciary and the electoral board.", "take_territory"),
    ("The military told residents to evacuate Amona within 48 hours and blocked roads leading to the outpost.",
     "protest"),
    ("The row over the budget blew up into a crisis on Monday.", "explode"),
    ("The club announced a new sponsorship deal with the bank.", "group_change"),
])
def test_strategic_look_alikes_stay_out(sentence: str, family: str) -> None:
    assert family not in _families(sentence)


@pytest.mark.parametrize(("text", "sub_type"), [
    ("The traditional chiefs of the Hema and Lendu communities signed a non-aggression pact in Bunia on Sunday, "
     "the provincial government said.", "Agreement"),
    ("JNIM fighters destroyed a bridge on the road between Djibo and Namssiguia on Monday to cut off supply, "
     "the regional governor said.", "Looting/property destruction"),
    ("A new security camp was opened by security forces at Tekalguda in Sukma district on Tuesday, police said.",
     "Headquarters or base established"),
    ("Rebels of the Séléka handed the town of Kaga-Bandoro to UN peacekeepers on Friday after a negotiated "
     "withdrawal, MINUSCA said.", "Non-violent transfer of territory"),
])
def test_the_rules_type_strategic_developments(text: str, sub_type: str) -> None:
    assert sub_type in _rule_types(text)
