"""One record per real-world event: retellings merge, undated body sentences take the report's date."""

from __future__ import annotations

import datetime as dt

from eventwire.extract import extract_articles
from eventwire.model import Article


def _events(text: str, date: dt.date):
    return next(extract_articles([Article(id="m", text=text, date=date)])).events


def test_headline_and_lead_are_one_event() -> None:
    text = ("Seven killed in strike on Khan Younis home\n\n"
            "An Israeli airstrike hit a residential building in Khan Younis overnight, killing seven people, "
            "including a woman and her two children, health officials said.")
    events = _events(text, dt.date(2024, 5, 14))
    assert len(events) == 1
    e = events[0]
    assert (e.sub_event_type, e.event_date, e.fatalities) == ("Air/drone strike", "2024-05-14", 7)
    assert e.actor1 == "Military Forces of Israel"


def test_undated_body_sentence_inherits_the_date_before_it() -> None:
    text = ("Hezbollah said it fired a barrage of rockets at an Israeli army base in Kiryat Shmona on Monday. "
            "Hours later, Israeli artillery shelled the outskirts of the Lebanese town of Khiam.")
    events = _events(text, dt.date(2024, 6, 11))
    assert {(e.actor1, e.event_date) for e in events} == {
        ("Hezbollah", "2024-06-10"), ("Military Forces of Israel", "2024-06-10")}
    hezbollah = next(e for e in events if e.actor1 == "Hezbollah")
    assert hezbollah.claimed_by == "Hezbollah"  # the group speaks for its own attack


def test_day_span_is_split_one_event_per_day() -> None:
    text = "Rebels shelled the town of Kadugli between 3 and 5 May, killing four civilians."
    events = _events(text, dt.date(2024, 5, 6))
    assert sorted(e.event_date for e in events) == ["2024-05-03", "2024-05-04", "2024-05-05"]
    assert all((e.date_start, e.date_end) == ("2024-05-03", "2024-05-05") for e in events)


def test_no_casualties_reported_is_zero_not_unknown() -> None:
    text = "A rocket hit a field near Metula on Monday. Nobody was hurt, according to the ambulance service."
    events = _events(text, dt.date(2024, 6, 11))
    assert events and events[0].fatalities == 0


def test_a_retelling_does_not_move_the_event_to_a_distant_town() -> None:
    # The later sentence names where a victim was travelling to (Kaduna city, 99 km away): a town is a
    # more precise place than "near Birnin Gwari" only if it lies within a district's reach of it.
    text = ("KADUNA, Nigeria - Gunmen abducted at least 25 passengers from two buses near Birnin Gwari in "
            "northwestern Nigeria's Kaduna state on Sunday, police said.\n\n"
            "A relative of one of the abducted passengers, a trader travelling to Kaduna to buy goods, said "
            "the family had not heard from him since Sunday.")
    from eventwire.geo import load_geoparser

    article = Article(id="bg", text=text, date=dt.date(2024, 10, 22))
    events = next(extract_articles([article], geoparser=load_geoparser())).events
    assert [(e.sub_event_type, e.location, e.event_date) for e in events] == [
        ("Abduction/forced disappearance", "Birnin Gwari", "2024-10-20")]


def test_refines_keeps_places_inside_the_coarser_one() -> None:
    from eventwire.extract.assemble import _refines
    from eventwire.model import Place

    nigeria = Place(name="Nigeria", iso3="NGA", feature_code="PCLI", precision=3, latitude=10.0, longitude=8.0)
    kaduna_state = Place(name="Kaduna", iso3="NGA", admin1="Kaduna", feature_code="ADM1", precision=3)
    birnin_gwari = Place(name="Birnin Gwari", iso3="NGA", admin1="Kaduna", feature_code="PPL", precision=2,
                         latitude=10.66, longitude=6.54)
    kaduna_city = Place(name="Kaduna", iso3="NGA", admin1="Kaduna", feature_code="PPLA", precision=1,
                        latitude=10.53, longitude=7.44)
    kano = Place(name="Kano", iso3="NGA", admin1="Kano", feature_code="PPLA", precision=1, latitude=12.0, longitude=8.5)
    assert _refines(birnin_gwari, nigeria) and _refines(birnin_gwari, kaduna_state)
    assert not _refines(kano, kaduna_state)
    assert not _refines(kaduna_city, birnin_gwari)  # 99 km apart


def test_a_partys_own_version_does_not_replace_the_reported_attack() -> None:
    # two generic tellings of one occasion: the lead's attack is the event, the RSF's "clashed" its version
    text = ("KHARTOUM, Jan 15 (AFP) - The paramilitary Rapid Support Forces attacked the village of Wad "
            "al-Nourah in Gezira state on Tuesday, killing 35 people, according to a local resistance "
            "committee. The RSF denied the accusation and said its forces had clashed with army-aligned militias.")
    events = _events(text, dt.date(2025, 1, 15))
    assert [(e.sub_event_type, e.actor1, e.fatalities, e.event_date) for e in events] == [
        ("Attack", "RSF: Rapid Support Forces", 35, "2025-01-14")]
    assert events[0].denied_by == "RSF: Rapid Support Forces"


def test_the_datelines_date_is_the_filing_day_not_an_event_day() -> None:
    text = ("YANGON, May 20 (Reuters) - A military airstrike on a monastery in Sagaing region killed 23 civilians, "
            "including four children, on Sunday, a resistance official told Reuters.")
    events = _events(text, dt.date(2025, 5, 20))
    assert [(e.sub_event_type, e.event_date, e.fatalities) for e in events] == [
        ("Air/drone strike", "2025-05-18", 23)]


def test_a_coarse_retelling_joins_the_dated_event_it_contains() -> None:
    # "last week" contains Saturday; the RAF base the jets flew from only places the retelling by country
    from eventwire.geo import load_geoparser

    text = ("DAMASCUS - At least 40 people were killed in a chemical attack on the town of Douma on Saturday, "
            "rescue workers said. Western governments said the Syrian government used chemical weapons in an "
            "attack last week and vowed a response.")
    events = next(extract_articles([Article(id="d", text=text, date=dt.date(2018, 4, 10))],
                                   geoparser=load_geoparser())).events
    assert [(e.sub_event_type, e.event_date, e.location) for e in events] == [
        ("Chemical weapon", "2018-04-07", "Douma")]
    # two different days stay two events
    two = ("Gunmen killed five villagers in Zamfara state on Monday. On Wednesday, gunmen killed three farmers "
           "in Zamfara state, police said.")
    events = next(extract_articles([Article(id="z", text=two, date=dt.date(2024, 5, 10))],
                                   geoparser=load_geoparser())).events
    assert sorted(e.event_date for e in events) == ["2024-05-06", "2024-05-08"]
