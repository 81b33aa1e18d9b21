"""actor1 from weapons and attacks as subjects, the reach of the nearest-actor fallback, victims of "died"."""

from __future__ import annotations

import datetime as dt

from eventwire.extract import extract_articles
from eventwire.model import Article, Event, Place, Toponym


class OnePlaceGeoparser:
    """An in-memory geoparser that knows a few place names."""

    version = "fake"
    PLACES = {
        "Sagaing": Place(name="Sagaing", country="Myanmar", iso3="MMR", latitude=21.9, longitude=95.9, precision=3),
        "Mogadishu": Place(name="Mogadishu", country="Somalia", iso3="SOM", latitude=2.04, longitude=45.3, precision=1),
        "Ghouta": Place(name="Ghouta", country="Syria", iso3="SYR", latitude=33.5, longitude=36.4, precision=2),
        "Konduga": Place(name="Konduga", country="Nigeria", iso3="NGA", latitude=11.65, longitude=13.42, precision=1),
        "Deir ez-Zor": Place(name="Deir ez-Zor", country="Syria", iso3="SYR", latitude=35.3, longitude=40.1,
                             precision=1),
    }

    def parse(self, text: str) -> list[Toponym]:
        out = []
        for name, place in self.PLACES.items():
            i = text.find(name)
            while i >= 0:
                out.append(Toponym(start=i, end=i + len(name), text=name, place=place))
                i = text.find(name, i + 1)
        return sorted(out, key=lambda t: t.start)

    def locate_event(self, text, toponyms, *, sentence, anchor):
        return next((t for t in toponyms if sentence[0] <= t.start < sentence[1]), None)


def _events(text: str) -> list[Event]:
    art = Article(id="m", text=text, date=dt.date(2025, 5, 20))
    return list(next(extract_articles([art], geoparser=OnePlaceGeoparser())).events)


def test_military_airstrike_as_subject_of_killed() -> None:
    # "A military airstrike ... killed": the strike's modifier names the perpetrator
    events = _events("YANGON, May 20 (Reuters) - A military airstrike on a monastery in Sagaing region killed "
                     "23 civilians, including four children, on Sunday, a resistance official told Reuters.")
    assert events
    assert all(e.actor1 == "Military Forces of Myanmar" for e in events)


def test_series_of_strikes_by_named_jets() -> None:
    # the "by" agent hangs on "series", not on "airstrikes"
    events = _events("A series of airstrikes by Russian jets in the past 24 hours killed about 120 Islamic State "
                     "fighters near Deir ez-Zor, Russia's defence ministry said on Saturday.")
    assert events
    assert {e.actor1 for e in events} == {"Military Forces of Russia"}
    # named by the agent phrase itself, not borrowed from the nearest name
    assert all(x.text == "Russian jets" for e in events for x in e.evidence if x.field == "actor1")


def test_a_source_is_not_the_next_attacks_perpetrator() -> None:
    # the UN is the previous sentence's speaker; the mortar attack's perpetrator is not named
    events = _events("Al Shabaab militants stormed a hotel in Mogadishu on Friday, police said. The UN envoy "
                     "condemned the violence. Residents said that on Sunday a mortar attack killed three people "
                     "in Mogadishu's Hodan district.")
    mortar = [e for e in events if e.fatalities == 3]
    assert mortar
    assert mortar[0].actor1 != "UN: United Nations"


def test_separately_opens_a_new_incident() -> None:
    # "Separately," tells another incident: Boko Haram, named before, is not its perpetrator
    events = _events("MAIDUGURI, Nigeria, Oct 5 (AFP) - Boko Haram fighters abducted 20 women from a village in "
                     "Borno state on Wednesday, a local official said. Separately, an explosion at a market in "
                     "Konduga killed three people, police said, blaming a suicide bomber.")
    blast = [e for e in events if e.fatalities == 3]
    assert blast
    assert blast[0].actor1 != "Boko Haram"


def test_people_who_died_are_not_the_perpetrator() -> None:
    # the subject of "died" (and of a verb conjoined to it) is a victim
    events = _events("Syrian warplanes pounded eastern Ghouta on Sunday. About 530 people have died and more than "
                     "2,500 have been wounded in eastern Ghouta since a relentless barrage of regime rocket fire, "
                     "shelling and airstrikes began last Sunday.")
    assert events
    assert all(not (e.actor1 or "").startswith("Civilians") for e in events)


def test_its_forces_are_the_speakers_forces() -> None:
    # "The RSF denied ... and said its forces had clashed": "its forces" are the RSF's, not a state army
    events = _events("The RSF denied the accusation and said its forces had clashed with army-aligned militias "
                     "near Deir ez-Zor on Tuesday.")
    assert events
    assert events[0].actor1 == "RSF: Rapid Support Forces"
