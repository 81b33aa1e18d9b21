"""Events built from the demo corpus's two reports of one Kharkiv missile strike (shared by fuse tests).

Each event's evidence spans index its own article's real text, as extraction would give them.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

from eventwire.ingest import read_inputs
from eventwire.model import Article, Event, Evidence

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
HERALD = ARTICLES / "kharkiv-missile-strike-eastern-herald-2024-09-01.html"
WIRE = ARTICLES / "ukraine-kharkiv-missile-strike-2024-09-02.txt"
KHARKIV = (49.98177, 36.25475)


@cache
def article(path: Path) -> Article:
    (found,) = read_inputs([str(path)])
    assert isinstance(found, Article)
    return found


def span(text: str, words: str, field: str) -> Evidence:
    start = text.index(words)
    return Evidence(start=start, end=start + len(words), text=words, field=field, rule="test:kharkiv")


def strike(path: Path, n: int = 0, **changes: object) -> Event:
    """The Kharkiv strike as told by the article at ``path`` (fatalities as that outlet reports them)."""
    a = article(path)
    herald = path == HERALD
    toll = "killing five people" if herald else "risen to six"
    event = Event(
        event_id=f"{a.id}-{n}", article_id=a.id, event_date="2024-09-01", time_precision=1,
        disorder_type="Political violence", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Russia", inter1=1,
        actor2="Civilians (Ukraine)" if not herald else None, inter2=7 if not herald else None,
        location="Kharkiv", admin1="Kharkivska oblast", country="Ukraine", iso3="UKR",
        latitude=KHARKIV[0], longitude=KHARKIV[1], geo_precision=1, weapons=("missile",),
        fatalities=5 if herald else 6, injuries=30 if herald else 42,
        evidence=(span(a.text, "missile", "sub_event_type"), span(a.text, "Kharkiv", "location"),
                  span(a.text, toll, "fatalities")),
        confidence=0.76 if herald else 0.82, extractor_version="test",
    )
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


def test_the_built_events_carry_evidence_from_their_own_article():
    for path in (HERALD, WIRE):
        event = strike(path)
        assert event.article_id == article(path).id
        assert all(article(path).text[e.start:e.end] == e.text for e in event.evidence)
    assert article(HERALD).date.isoformat() == "2024-09-01" and article(WIRE).date.isoformat() == "2024-09-02"
