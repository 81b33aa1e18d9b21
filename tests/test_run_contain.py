"""Failures are contained to their article: the batch goes on, the article is a recorded rejection.

Real extraction and a real store; the geoparser that fails is a stand-in behind the Geoparser protocol
(a gazetteer bug is what it plays), and the slow article is a real, very long article.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventwire.config import Settings
from eventwire.errors import StoreError
from eventwire.geo.protocol import NullGeoparser
from eventwire.model import Article, ArticleResult, Rejection, Toponym
from eventwire.run.contain import extract_batch
from eventwire.run.local import extract, ingest
from eventwire.store import open_store, schema

REPORT = "Gunmen attacked a police checkpoint in {town} on Monday, killing {n} officers, officials said."


class BrokenGazetteer(NullGeoparser):
    """Geocodes nothing, and fails (as a buggy gazetteer would) on any text naming Atlantis."""

    def parse(self, text: str) -> list[Toponym]:
        if "Atlantis" in text:
            raise KeyError("atlantis: no such admin1 code")
        return []


def article(i: int, text: str | None = None) -> Article:
    return Article(id=f"a{i}", text=text or REPORT.format(town="Mosul", n=i + 2), date=dt.date(2024, 5, 6),
                   date_source="given", origin="wire.jsonl", line=i + 1)


def outcome_kinds(outcomes: list[ArticleResult | Rejection]) -> list[str]:
    return [o.reason if isinstance(o, Rejection) else "ok" for o in outcomes]


@pytest.mark.parametrize("bad", [0, 2, 4])  # first (the batch parse), middle and last of the batch
def test_a_geocoding_failure_rejects_its_article_and_the_batch_goes_on(bad: int) -> None:
    batch = [article(i, REPORT.format(town="Atlantis", n=3) if i == bad else None) for i in range(5)]
    outcomes = extract_batch(batch, geoparser=BrokenGazetteer(), batch_size=64, budget=0)
    kinds = outcome_kinds(outcomes)
    assert kinds == ["extract_error" if i == bad else "ok" for i in range(5)]
    rejection = outcomes[bad]
    assert isinstance(rejection, Rejection) and rejection.line == bad + 1
    assert "KeyError" in rejection.detail and "wire.jsonl line" in rejection.detail and "\n" not in rejection.detail
    assert all(o.events for o in outcomes if isinstance(o, ArticleResult))


def test_a_pathological_article_is_rejected_as_too_slow_and_others_are_kept() -> None:
    # 2,000 event sentences: about 13 s of extraction on a 2-core machine, far over a 2 s budget, while a
    # one-sentence report takes a few milliseconds (the budget leaves room for a loaded machine).
    budget = 2.0
    slow = article(1, " ".join(REPORT.format(town="Mosul", n=n % 90 + 2) for n in range(2000)))
    batch = [article(0), slow, article(2)]
    started = time.monotonic()
    outcomes = extract_batch(batch, geoparser=NullGeoparser(), batch_size=64, budget=budget)
    took = time.monotonic() - started
    assert outcome_kinds(outcomes) == ["ok", "too_slow", "ok"], outcomes
    assert "--article-timeout" in outcomes[1].detail  # type: ignore[union-attr]
    # the batch's allowance (3 x budget), the culprit's own budget, and slack for the two short reports
    assert took < 3 * budget + budget + 6.0, took


def test_ingest_records_extraction_failures_and_stores_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "wire.jsonl"
    towns = ["Mosul", "Atlantis", "Beni", "Goma"]
    src.write_text("".join(json.dumps({"id": f"w{i}", "date": "2024-05-06", "text": REPORT.format(town=t, n=i + 2)})
                           + "\n" for i, t in enumerate(towns)))
    with open_store(str(tmp_path / "ew.db")) as store:
        summary = ingest([str(src)], store, Settings(batch_size=2), geoparser=BrokenGazetteer(), progress=False)
        with store.read() as conn:
            stored = set(conn.execute(sa.select(schema.articles.c.id)).scalars())
            rejected = [(r.line, r.reason) for r in conn.execute(sa.select(schema.rejections))]
    assert summary.read == 4 and summary.ingested == 3 and summary.rejected == {"extract_error": 1}
    assert stored == {"w0", "w2", "w3"} and rejected == [(2, "extract_error")]


def test_extract_without_a_store_reports_the_failure_and_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "wire.jsonl"
    src.write_text("".join(json.dumps({"id": f"w{i}", "date": "2024-05-06", "text": REPORT.format(town=t, n=3)})
                           + "\n" for i, t in enumerate(["Atlantis", "Mosul"])))
    seen: list[Rejection] = []
    events = list(extract([str(src)], Settings(), geoparser=BrokenGazetteer(), on_rejection=seen.append))
    assert [r.reason for r in seen] == ["extract_error"]
    assert events and {e.article_id for e in events} == {"w1"}


def test_a_storage_failure_stops_the_run_with_a_clear_message_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another process holds the write lock throughout: the run cannot commit, says so plainly (after its
    # retries), and the articles stored before are untouched.
    src = tmp_path / "wire.jsonl"
    src.write_text("".join(json.dumps({"id": f"w{i}", "date": "2024-05-06", "text": REPORT.format(town="Mosul", n=i)})
                           + "\n" for i in range(6)))
    db = str(tmp_path / "ew.db")
    with open_store(db) as store:
        ingest([str(src)], store, Settings(batch_size=3), geoparser=NullGeoparser(), progress=False)
    src.write_text(src.read_text().replace("Mosul", "Kirkuk"))  # every article changed: all to rewrite
    monkeypatch.setenv("EVENTWIRE_BUSY_TIMEOUT", "0.2")  # do not wait a minute for the lock in a test
    store = open_store(db)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with store, pytest.raises(StoreError) as failure:
            ingest([str(src)], store, Settings(batch_size=3), geoparser=NullGeoparser(), progress=False)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    message = str(failure.value)
    assert "locked" in message and db in message and "Traceback" not in message
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        texts = list(conn.execute(sa.select(schema.articles.c.text)).scalars())
    engine.dispose()
    assert len(texts) == 6 and all("Mosul" in t for t in texts)  # the failed batch left nothing behind


def test_a_record_the_store_cannot_take_is_rejected_and_the_rest_of_the_batch_stored(tmp_path: Path) -> None:
    # Metadata that refers to itself cannot be written as JSON: a bug-shaped record, not a database failure.
    from eventwire.run.local import _Run, _Tally
    from eventwire.run.progress import progress_display

    loop: dict[str, object] = {}
    loop["self"] = loop
    good, bad = article(0), dataclasses.replace(article(1), metadata=loop)
    results = [ArticleResult(article=good), ArticleResult(article=bad), ArticleResult(article=article(2))]
    with open_store(str(tmp_path / "ew.db")) as store, progress_display(False) as display:
        info_id = "20240101T000000Z-test"
        store.begin_run(dataclasses.replace(_info(), run_id=info_id))
        run = _Run(store=store, run_id=info_id, settings=Settings(), geoparser=NullGeoparser(), tally=_Tally(),
                   display=display)
        rejections: list[Rejection] = []
        outcome = run.write(results, rejections)
        with store.read() as conn:
            stored = set(conn.execute(sa.select(schema.articles.c.id)).scalars())
            rejected = [(r.line, r.reason) for r in conn.execute(sa.select(schema.rejections))]
    assert outcome.ingested == 2 and stored == {"a0", "a2"}
    assert [r.reason for r in rejections] == ["store_error"] and rejected == [(2, "store_error")]
    assert "ValueError" in rejections[0].detail and "\n" not in rejections[0].detail


def _info():
    from eventwire.run.local import run_info

    return run_info(Settings(), NullGeoparser())


def test_every_bad_entry_of_a_feed_keeps_its_own_rejection_row(tmp_path: Path) -> None:
    # Feed entries have no line: their rejections used to share one row, the last overwriting the others.
    feed = tmp_path / "desk.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
                    '<item><guid>e1</guid><title>One</title><description> </description></item>'
                    '<item><guid>e2</guid><title>Two</title><description> </description></item>'
                    '<item><guid>e3</guid><description>Gunmen attacked a police post in Mosul on Monday.</description></item>'
                    '</channel></rss>')
    with open_store(str(tmp_path / "ew.db")) as store:
        for _ in range(2):  # and a second run replaces them, never duplicates
            summary = ingest([str(feed)], store, Settings(), geoparser=NullGeoparser(), progress=False)
        with store.read() as conn:
            details = sorted(conn.execute(sa.select(schema.rejections.c.detail)).scalars())
    assert summary.rejected == {"empty": 2}
    assert len(details) == 2 and "entry 1 ('One')" in details[0] and "entry 2 ('Two')" in details[1]


def test_ingest_cli_logs_contained_failures_to_the_log_file_only(tmp_path: Path) -> None:
    import subprocess
    import sys

    slow = tmp_path / "long.txt"
    slow.write_text("date 2024-05-06\n" + " ".join(REPORT.format(town="Mosul", n=n % 90 + 2) for n in range(2000)))
    log = tmp_path / "ingest.log"
    done = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(slow), "--db", str(tmp_path / "ew.db"),
                           "--no-geo", "--article-timeout", "1", "--log", str(log)],
                          capture_output=True, text=True, timeout=300)
    assert "rejected 1 input: too_slow 1" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "extracting" in log.read_text() and str(slow) in log.read_text()
