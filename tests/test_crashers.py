"""Regression tests for inputs that once crashed, hung or slowed a run (``tests/fixtures/crashers/``).

Each file must read to exactly the outcomes ``expected.json`` lists, and the whole folder must ingest in
one run, quickly. A new crasher found by fuzzing goes into the folder with its expected outcomes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.geo.protocol import NullGeoparser
from eventwire.ingest import read_inputs
from eventwire.model import Article
from eventwire.nlp import split_sentences
from eventwire.run.local import ingest
from eventwire.store import open_store

CRASHERS = Path(__file__).parent / "fixtures" / "crashers"
EXPECTED: dict[str, list[str]] = json.loads((CRASHERS / "expected.json").read_text())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_crasher_reads_to_its_expected_outcomes(name: str) -> None:
    started = time.monotonic()
    got = ["article" if isinstance(item, Article) else item.reason for item in read_inputs([str(CRASHERS / name)])]
    assert got == EXPECTED[name]
    assert time.monotonic() - started < 5


def test_every_crasher_is_listed() -> None:
    on_disk = {p.name for p in CRASHERS.iterdir() if p.name not in ("expected.json", "README.md")}
    assert on_disk == set(EXPECTED)


def test_a_long_run_of_dots_splits_in_linear_time() -> None:
    text = "Gunmen attacked a post. " + "." * 200_000 + " Police said so."
    started = time.monotonic()
    spans = list(split_sentences(text))
    assert time.monotonic() - started < 2  # was quadratic: 20,000 dots took 11.8 s
    assert text[spans[0][0]:spans[0][1]].startswith("Gunmen")


def test_the_crasher_folder_ingests_in_one_run(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ew.db")) as store:
        summary = ingest([str(CRASHERS / name) for name in sorted(EXPECTED)], store, Settings(), geoparser=NullGeoparser(), progress=False)
    articles = sum(outcomes.count("article") for outcomes in EXPECTED.values())
    rejections = sum(len(o) for o in EXPECTED.values()) - articles
    assert summary.read == articles and summary.rejected_total == rejections
    assert summary.ingested >= 1 and summary.events >= 1


@pytest.mark.parametrize("name", ["huge-toll.txt", "inf-toll.txt"])
def test_absurd_tolls_extract_without_a_figure(name: str) -> None:
    from eventwire.api.library import extract_text

    (article,) = read_inputs([str(CRASHERS / name)])
    assert isinstance(article, Article)
    events = extract_text(article.text, date=article.date, geo=False)
    assert events and all(e.fatalities is None or e.fatalities < 10**12 for e in events)


def test_the_crasher_folder_stores_everything_it_reads(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ew.db")) as store:
        summary = ingest([str(CRASHERS / n) for n in sorted(EXPECTED)], store, Settings(), geoparser=NullGeoparser(),
                         progress=False)
    assert "extract_error" not in summary.rejected and "store_error" not in summary.rejected
    assert summary.ingested == summary.read
