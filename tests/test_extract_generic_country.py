"""Generic actors (civilians, protesters, rioters, unidentified armed groups) take the event's country."""

from __future__ import annotations

import datetime as dt

from eventwire.extract import extract_articles
from eventwire.model import Article, Place, Toponym

_PLACES = {
    # name as written → (place name, country, iso3, precision)
    "Idlib": ("Idlib", "Syria", "SYR", 2),
    "Russian": ("Russia", "Russia", "RUS", 3),
    "Israeli": ("Israel", "Israel", "ISR", 3),
    "Nablus": ("Nablus", "Palestine", "PSE", 1),
    "Syrian": ("Syria", "Syria", "SYR", 3),
}


class TableGeoparser:
    """An in-memory geoparser that, like the real one, also resolves demonyms to their country."""

    version = "fake"

    def parse(self, text: str) -> list[Toponym]:
        found = []
        for said, (name, country, iso3, precision) in _PLACES.items():
            i = text.find(said)
            while i >= 0:
                place = Place(name=name, country=country, iso3=iso3, latitude=0.0, longitude=0.0, precision=precision)
                found.append(Toponym(start=i, end=i + len(said), text=said, place=place))
                i = text.find(said, i + 1)
        return sorted(found, key=lambda t: t.start)

    def locate_event(self, text, toponyms, *, sentence, anchor):
        inside = [t for t in toponyms if sentence[0] <= t.start < sentence[1]]
        return min(inside, key=lambda t: t.place.precision, default=None)


def _events(text: str):
    result = next(extract_articles([Article(id="g", text=text, date=dt.date(2024, 3, 26))],
                                   geoparser=TableGeoparser()))
    assert result.events, text
    return result.events


def test_civilians_of_a_foreign_strike_take_the_located_country() -> None:
    e = _events("A Russian air strike on a market in Idlib killed 12 civilians on Monday, rescuers said.")[0]
    assert e.actor1 == "Military Forces of Russia"
    assert e.actor2 == "Civilians (Syria)"
    ev = next(x for x in e.evidence if x.field == "actor2")
    assert "country:event" in ev.rule


def test_unlocated_victims_keep_their_own_demonym_not_the_attackers() -> None:
    e = _events("Israeli troops shot dead two Palestinian civilians on Sunday, the health ministry said.")[0]
    assert e.actor1 == "Military Forces of Israel"
    assert e.actor2 == "Civilians (Palestine)"


def test_located_event_overrides_the_victims_demonym() -> None:
    e = _events("Israeli soldiers shot dead two Palestinian civilians in Nablus on Sunday.")[0]
    assert e.actor2 == "Civilians (Palestine)"
    assert e.iso3 == "PSE"


def test_gunmen_take_the_event_country() -> None:
    e = _events("Unknown gunmen killed four Syrian farmers near Idlib on Tuesday.")[0]
    assert e.actor1 == "Unidentified Armed Group (Syria)"
    assert e.actor2 == "Civilians (Syria)"


def test_unlocated_without_demonym_takes_the_articles_country() -> None:
    text = ("Fighting has intensified across Idlib province this month. "
            "A Russian drone strike killed three civilians on Monday, the civil defence said, "
            "though Russian officials and Russian media denied it.")
    events = _events(text)
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert strike.actor2 == "Civilians (Syria)"


def test_the_attackers_demonym_is_not_the_event_place() -> None:
    e = _events("Israeli troops shot dead two civilians on Sunday, medics in Nablus said.")[0]
    assert e.location != "Israel"
