"""Long news is mostly commentary, analysis, history and quotes: event words used in another sense, for
a topic, a possibility or a kind of place make no event, while the real events told beside them stay.

Each commentary sentence must add nothing after a real, dated event (which must stay), and must make
no event as an article of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import extract_articles
from eventwire.model import Article

_DAY = dt.date(2024, 3, 14)


def _types(*sentences: str) -> list[str]:
    text = " ".join(sentences)
    return sorted(e.sub_event_type for e in next(extract_articles([Article(id="t", text=text, date=_DAY)])).events)


_LEAD = "Gunmen shot dead two police officers at a checkpoint near Maiduguri on Tuesday, officials said."
_BACKGROUND = "The governor visited the families of the officers on Wednesday."


@pytest.mark.parametrize("commentary", [
    # "demonstrate" as "show"
    "The vote in parliament demonstrated the strength of the opposition.",
    "As the talks in Geneva last month demonstrated, neither side is ready to compromise.",
    # a participle that describes a place
    "Aid agencies are now working in liberated villages across Kharkiv region.",
    # a deployment of no armed force
    "A team of United Nations inspectors was deployed to Goma on Monday.",
    # one party's consent, not an accord between two sides
    "The minister flew to Ankara on Friday to obtain Turkey's agreement.",
    # an infinitive that qualifies a noun: what can be done, not what was
    "It is one thing to kill a soldier in battle.",
    # a relative clause on an event noun that is only likened to another event
    "She compared the siege of the city to airstrikes that killed civilians in Mosul.",
    # a chemical agent named as a topic or a substance
    "Macron said the use of chemical weapons in Syria remained a red line for France.",
    "Tests at Porton Down showed the sample was a military-grade nerve agent.",
    # history: states of another era
    "Fascist Italy used mustard gas in Ethiopia and Libya.",
    "The Soviet Union and Nazi Germany both tried to develop poison gas.",
    # what happens in general
    "Western capitals only react when there is a chemical attack.",
    # control held or sought, not taken
    "Russia and the United States are locked in a struggle for control and influence in post-war Syria.",
    # a role in an event is a claim about it
    "Officials said Russia's role in the poison gas attack in Salisbury was beyond reasonable doubt.",
    # an event that may come
    "Trump dialled down his rhetoric on the imminence of airstrikes against Damascus.",
    "Erdogan pleaded with Russia and Iran to halt any forthcoming offensive on Idlib.",
    "Moscow's efforts to broker a peace deal in Libya stumbled on Wednesday.",
    "The security council voted unanimously for a ceasefire on Saturday.",
    # a period of events and a past year's toll are summaries
    "Families in eastern Ghouta are enduring a month of airstrikes.",
    "A Unicef report found 2017 was the worst year of the war, with 910 children killed.",
])
def test_commentary_adds_no_event(commentary: str) -> None:
    assert _types(_LEAD, _BACKGROUND, commentary) == _types(_LEAD, _BACKGROUND)
    if "there is" not in commentary:  # a general truth is judged in the body only (a lead may say "there is fighting")
        assert _types(commentary) == [], "as an article of its own"


def test_the_lead_event_is_still_found() -> None:
    assert _types(_LEAD, _BACKGROUND) == ["Armed clash"]


@pytest.mark.parametrize("sentences,expected", [
    # "demonstrated" with a place and no object is a protest
    (("Hundreds of teachers demonstrated outside parliament in Nairobi on Tuesday.",), "Peaceful protest"),
    # a deployment of troops is a change to a group's activity
    (("The army deployed troops to the border town of Goma on Monday.",), "Change to group/activity"),
    # an agent as the means of a strike is a chemical weapon
    (("Government helicopters dropped barrels of chlorine on Saraqeb on Sunday, residents said.",), "Chemical weapon"),
    # an event characterised in the present tense is still the event
    (("Hundreds of police were dispatched to Anbar province on Sunday.",
      "The dispatch of forces to the border is in line with the new security plan."), "Change to group/activity"),
    # a relative clause's own event is no background of the clause around its noun
    (("No arrests have been made after the attacks that gripped parts of Pretoria when about 20 foreign-owned "
      "shops were looted on Monday night.",), "Looting/property destruction"),
])
def test_real_events_beside_the_new_rules_stay(sentences: tuple[str, ...], expected: str) -> None:
    assert expected in _types(*sentences)
