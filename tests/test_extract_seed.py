"""The project seed example (issue 4): two claimed drone strikes, background, no toll, no resolution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventwire.extract import EXTRACTOR_VERSION, extract_articles
from eventwire.model import Article, Place, Toponym

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

PLACES = {
    "Ovda Air Base": Place(name="Ovda Air Base", country="Israel", iso3="ISR", latitude=29.94, longitude=34.94,
                           precision=1),
    "Speer military site": Place(name="Israel", country="Israel", iso3="ISR", precision=3),
}


class SeedGeoparser:
    """In-memory geoparser knowing the seed's two sites (the real one is tested by the geo suite)."""

    version = "seed"

    def parse(self, text: str) -> list[Toponym]:
        out = []
        for name, place in PLACES.items():
            start = text.find(name)
            while start >= 0:
                out.append(Toponym(start=start, end=start + len(name), text=name, place=place))
                start = text.find(name, start + 1)
        return sorted(out, key=lambda t: t.start)

    def locate_event(self, text, toponyms, *, sentence, anchor):
        inside = [t for t in toponyms if sentence[0] <= t.start < sentence[1]]
        return min(inside, key=lambda t: abs(t.start - anchor[0]), default=None)


@pytest.fixture(scope="module")
def seed() -> Article:
    raw = (EXAMPLES / "articles" / "iraq-drone-claims-2024-03-26.txt").read_text()
    first, _, rest = raw.partition("\n")
    text = rest if first.startswith("date ") else raw
    return Article(id="seed", text=text, date=dt.date(2024, 3, 26))


@pytest.mark.parametrize("geoparser", [None, SeedGeoparser()], ids=["no-geo", "seed-geo"])
def test_seed_events(seed: Article, geoparser) -> None:
    result = next(extract_articles([seed], geoparser=geoparser))
    events = sorted(result.events, key=lambda e: e.event_date or "")
    assert [(e.event_date, e.sub_event_type) for e in events] == [
        ("2024-03-26", "Air/drone strike"), ("2024-03-27", "Air/drone strike")]
    for e in events:
        assert e.actor1 == "Islamic Resistance in Iraq"
        assert e.claimed_by == "Islamic Resistance in Iraq"
        assert e.actor2 == "Military Forces of Israel"
        assert e.time_precision == 1 and e.extractor_version == EXTRACTOR_VERSION
        assert all(seed.text[ev.start:ev.end] == ev.text for ev in e.evidence)
    if geoparser is not None:
        assert (events[0].location, events[0].geo_precision) == ("Ovda Air Base", 1)
        assert (events[1].country, events[1].geo_precision) == ("Israel", 3)
        assert events[0].notes == "On 26 March 2024, drones claimed by Islamic Resistance in Iraq struck Ovda Air Base (Israel)."


def test_seed_background_toll_and_resolution(seed: Article) -> None:
    result = next(extract_articles([seed]))
    assert any("Ben Gurion" in b.text for b in result.background)
    assert all(e.fatalities in (None, 0) for e in result.events)  # the 32,300 toll is cumulative
    assert not any(e.event_type == "Strategic developments" for e in result.events)  # no UN "ceasefire"
