"""The blind golden corpus (``tests/fixtures/articles_blind/``) is well formed.

Format only: the set is read with the project's golden loader and checked for files, fields, taxonomy
strings, canonical actors, dates, places and its advertised breadth. The pipeline is deliberately NOT run
here: the set is blind (see its README) and only the lead scores it, with ``eventwire eval``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from eventwire.countries import acled_country_names
from eventwire.evaluate.datasets import GoldenArticle, golden_path, load_golden
from eventwire.taxonomy import BY_NAME

BLIND = Path(__file__).resolve().parent / "fixtures" / "articles_blind"
#: Exactly the event fields of ``examples/golden.jsonl``, in its order.
EVENT_FIELDS = ("event_date", "sub_event_type", "event_type", "actor1", "actor2", "location", "country",
                "latitude", "longitude", "geo_precision", "fatalities", "claimed_by", "denied_by")
ACTOR_FIELDS = ("actor1", "actor2", "claimed_by", "denied_by")
GENERIC = re.compile(r"^(Civilians|Protesters|Rioters|Unidentified Armed Group) \((?P<country>[^)]+)\)$")
DATE_LINE = re.compile(r"date (\d{4}-\d{2}-\d{2})\n")


@pytest.fixture(scope="module")
def golden() -> list[GoldenArticle]:
    articles: list[GoldenArticle] = load_golden(BLIND)
    return articles


@pytest.fixture(scope="module")
def events(golden: Sequence[GoldenArticle]) -> list[tuple[GoldenArticle, Mapping[str, Any]]]:
    return [(line, ev) for line in golden for ev in line.events]


def published(line: GoldenArticle) -> dt.date:
    m = DATE_LINE.match((BLIND / line.file).read_text(encoding="utf-8"))
    assert m, f"{line.file}: first line must be 'date YYYY-MM-DD'"
    return dt.date.fromisoformat(m.group(1))


def test_golden_file_lists_every_article_once(golden: Sequence[GoldenArticle]) -> None:
    assert golden_path(BLIND) == BLIND / "golden.jsonl"
    files = [line.file for line in golden]
    assert len(files) == 30 and len(set(files)) == 30
    on_disk = {p.relative_to(BLIND).as_posix() for p in (BLIND / "articles").iterdir()}
    assert set(files) == on_disk
    assert all(line.article_id is None and line.comment for line in golden)


def test_articles_are_dated_wire_reports_of_realistic_length(golden: Sequence[GoldenArticle]) -> None:
    for line in golden:
        text = (BLIND / line.file).read_text(encoding="utf-8")
        date = published(line)
        assert line.file.endswith(f"-{date.isoformat()}.txt"), line.file
        assert 120 <= len(text.split()) <= 600, line.file


def test_events_have_the_demo_corpus_fields_and_taxonomy_strings(
        events: Sequence[tuple[GoldenArticle, Mapping[str, Any]]]) -> None:
    for line, ev in events:
        assert tuple(ev) == EVENT_FIELDS, line.file
        assert ev["sub_event_type"] in BY_NAME, (line.file, ev["sub_event_type"])
        assert ev["event_type"] == BY_NAME[ev["sub_event_type"]].event_type, line.file
        assert ev["fatalities"] is None or (isinstance(ev["fatalities"], int) and ev["fatalities"] >= 0)


def test_event_dates_fall_on_or_before_publication(events: Sequence[tuple[GoldenArticle, Mapping[str, Any]]]) -> None:
    for line, ev in events:
        pub = published(line)
        assert pub - dt.timedelta(days=60) <= dt.date.fromisoformat(ev["event_date"]) <= pub, line.file


def test_places_are_real_countries_with_coordinates_and_a_precision(
        events: Sequence[tuple[GoldenArticle, Mapping[str, Any]]]) -> None:
    countries = set(acled_country_names().values())
    for line, ev in events:
        assert ev["location"] and ev["country"] in countries, line.file
        assert ev["geo_precision"] in (1, 2, 3), line.file
        assert -90 <= ev["latitude"] <= 90 and -180 <= ev["longitude"] <= 180, line.file


def test_actors_are_canonical_and_generic_actors_name_the_event_country(
        events: Sequence[tuple[GoldenArticle, Mapping[str, Any]]]) -> None:
    from eventwire.extract.actors import load_actor_kb

    kb = load_actor_kb()
    for line, ev in events:
        assert ev["actor1"] and ev["actor2"] != ev["actor1"], line.file
        for key in ACTOR_FIELDS:
            name = ev[key]
            if name is None:
                continue
            assert kb.by_name(name) is not None, (line.file, key, name)
            m = GENERIC.match(name)
            if m:
                assert m.group("country") == ev["country"], (line.file, name)


def test_set_has_the_breadth_its_readme_states(golden: Sequence[GoldenArticle],
                                               events: Sequence[tuple[GoldenArticle, Mapping[str, Any]]]) -> None:
    assert len(events) == 31
    assert sum(1 for line in golden if not line.events) == 4
    assert max(len(line.events) for line in golden) <= 3
    assert len({ev["country"] for _, ev in events}) >= 20
    assert {ev["event_type"] for _, ev in events} == {s.event_type for s in BY_NAME.values()}
    assert len({ev["sub_event_type"] for _, ev in events}) == 19
    assert sum(1 for _, ev in events if ev["claimed_by"]) == 6
    assert sum(1 for _, ev in events if ev["denied_by"]) == 3
