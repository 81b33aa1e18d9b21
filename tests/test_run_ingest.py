"""The local run pipeline end to end: real readers, real extraction, a real store.

Covers idempotency (a second run is all "unchanged"), changed text → new version, rejections recorded,
SIGKILL of a real ingest process followed by a resumed run, and reads while an ingest writes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventwire.api.query import EventFilter, query_events
from eventwire.api.stats import store_stats
from eventwire.config import Settings
from eventwire.geo.protocol import NullGeoparser
from eventwire.run.local import ingest
from eventwire.store import open_store, schema

TOWNS = ["Kharkiv", "Beni", "Djibo", "Ansongo", "Beledweyne", "Nyala", "Jenin", "Mosul", "Goma", "Sinja"]
GROUPS = ["Gunmen", "Militants", "Rebel fighters", "Armed men", "Insurgents"]
TEMPLATES = [
    "{group} attacked a police checkpoint in {town} on Monday, killing {n} officers, officials said.",
    "A roadside bomb exploded near a convoy outside {town} on Tuesday, wounding {n} soldiers.",
    "{group} abducted {n} villagers from a farm near {town} overnight, residents told reporters.",
    "Hundreds of people protested in {town} on Friday against rising bread prices.",
]


def corpus(path: Path, n: int, *, bad_lines: int = 0) -> Path:
    """A JSON Lines file of ``n`` short, distinct news reports (plus ``bad_lines`` malformed lines)."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = TEMPLATES[i % len(TEMPLATES)].format(
                group=GROUPS[i % len(GROUPS)], town=TOWNS[(i // 4) % len(TOWNS)], n=2 + i % 9)
            out.write(json.dumps({"id": f"wire-{i:04d}", "date": f"2024-05-{1 + i % 28:02d}",
                                  "source": "Test Wire", "text": f"Report {i}. {text}"}) + "\n")
        for _ in range(bad_lines):
            out.write("{not json\n")
    return path


def counts(db: Path) -> dict[str, int]:
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            def n(q: sa.Select) -> int:
                return conn.execute(q).scalar_one()
            return {
                "articles": n(sa.select(sa.func.count()).select_from(schema.articles)),
                "distinct_articles": n(sa.select(sa.func.count(sa.distinct(schema.articles.c.id)))),
                "events": n(sa.select(sa.func.count()).select_from(schema.events)),
                "event_sources": n(sa.select(sa.func.count()).select_from(schema.event_sources)),
                "evidence": n(sa.select(sa.func.count()).select_from(schema.evidence)),
                "distinct_evidence": n(sa.select(sa.func.count()).select_from(
                    sa.select(schema.evidence.c.event_id, schema.evidence.c.start, schema.evidence.c.end,
                              schema.evidence.c.field).distinct().subquery())),
            }
    finally:
        engine.dispose()


def test_second_ingest_of_same_inputs_changes_nothing(tmp_path):
    src = corpus(tmp_path / "wire.jsonl", 12, bad_lines=1)
    with open_store(str(tmp_path / "ew.db")) as store:
        first = ingest([str(src)], store, Settings(batch_size=5), geoparser=NullGeoparser(), progress=False)
        before = counts(tmp_path / "ew.db")
        second = ingest([str(src)], store, Settings(batch_size=5), geoparser=NullGeoparser(), progress=False)
    assert (first.read, first.ingested, first.unchanged, first.rejected) == (12, 12, 0, {"malformed_json": 1})
    assert (second.read, second.ingested, second.unchanged, second.events) == (12, 0, 12, 0)
    assert counts(tmp_path / "ew.db") == before
    assert before["articles"] == 12 and before["events"] == first.events > 0
    assert before["event_sources"] == before["events"]  # every event belongs to one fused event


def test_changed_text_under_same_id_is_a_new_version(tmp_path):
    src = tmp_path / "one.jsonl"
    report = "Gunmen attacked a police checkpoint in Mosul on Monday, killing {} officers, officials said."
    src.write_text(json.dumps({"id": "mosul-1", "date": "2024-05-06", "text": report.format(3)}) + "\n")
    with open_store(str(tmp_path / "ew.db")) as store:
        ingest([str(src)], store, Settings(), geoparser=NullGeoparser(), progress=False)
        src.write_text(json.dumps({"id": "mosul-1", "date": "2024-05-06", "text": report.format(5)}) + "\n")
        summary = ingest([str(src)], store, Settings(), geoparser=NullGeoparser(), progress=False)
        with store.read() as conn:
            row = conn.execute(sa.select(schema.articles.c.version, schema.articles.c.text)).one()
        events = list(query_events(store, EventFilter()))
    assert (summary.ingested, summary.unchanged) == (1, 0)
    assert row.version == 2 and "killing 5 officers" in row.text
    assert all(e.article_id == "mosul-1" for e in events)
    assert all(ev.text in row.text for e in events for ev in e.evidence)


def test_two_versions_of_one_article_in_one_batch_store_the_last(tmp_path):
    # the same id twice in a batch: the second version replaces the first's events, which must not be
    # fused as if they were still stored (the whole batch used to fail on a foreign key)
    src = tmp_path / "twice.jsonl"
    report = "Gunmen attacked a police checkpoint in Mosul on Monday, killing {} officers, officials said."
    src.write_text("".join(json.dumps({"id": "mosul-1", "date": "2024-05-06", "text": report.format(n)}) + "\n"
                           for n in (3, 5)))
    with open_store(str(tmp_path / "ew.db")) as store:
        summary = ingest([str(src)], store, Settings(), geoparser=NullGeoparser(), progress=False)
        events = list(query_events(store, EventFilter()))
    assert summary.read == 2 and summary.events == len(events) > 0
    assert all(e.fatalities == 5 for e in events)
    got = counts(tmp_path / "ew.db")
    assert got["articles"] == 1 and got["event_sources"] == got["events"] == len(events)


def test_every_event_is_stamped_with_its_run(tmp_path):
    src = corpus(tmp_path / "wire.jsonl", 4)
    with open_store(str(tmp_path / "ew.db")) as store:
        summary = ingest([str(src)], store, Settings(), geoparser=NullGeoparser(), progress=False)
        with store.read() as conn:
            run = conn.execute(sa.select(schema.runs)).one()
            run_ids = set(conn.execute(sa.select(schema.events.c.run_id)).scalars())
    assert run.run_id == summary.run_id and run.finished_at is not None
    assert run.gazetteer_version == "null" and run.extractor_version and run.model_version
    assert json.loads(run.counts)["read"] == 4
    assert run_ids <= {summary.run_id}


def _ingest_cmd(src: Path, db: Path, batch: int) -> list[str]:
    return [sys.executable, "-m", "eventwire.cli", "ingest", str(src), "--db", str(db), "--no-geo",
            "--batch-size", str(batch)]


def _wait_for(predicate, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if predicate():
            return
        time.sleep(0.02)


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_loses_nothing_and_duplicates_nothing(tmp_path):
    src, db = corpus(tmp_path / "wire.jsonl", 400), tmp_path / "ew.db"
    open_store(str(db)).close()  # the schema exists before we poll it
    proc = subprocess.Popen(_ingest_cmd(src, db, 10), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: counts(db)["articles"] >= 30, proc)
    assert proc.poll() is None, "the ingest finished before it could be killed; enlarge the corpus"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed = counts(db)
    assert 30 <= killed["articles"] < 400 and killed["articles"] % 10 == 0  # whole batches only

    resumed = subprocess.run(_ingest_cmd(src, db, 10), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    final = counts(db)
    assert final["articles"] == final["distinct_articles"] == 400
    assert f"{400 - killed['articles']} ingested, {killed['articles']} unchanged" in resumed.stdout
    assert final["evidence"] == final["distinct_evidence"]
    assert final["event_sources"] == final["events"]  # fusion kept pace with every committed batch
    with open_store(str(db)) as store:
        events = list(query_events(store, EventFilter()))
    assert len(events) == len({e.event_id for e in events}) == final["events"]
    assert {e.article_id for e in events} <= {f"wire-{i:04d}" for i in range(400)}


@pytest.mark.slow
def test_reads_succeed_while_an_ingest_writes(tmp_path):
    src, db = corpus(tmp_path / "wire.jsonl", 200), tmp_path / "ew.db"
    open_store(str(db)).close()
    proc = subprocess.Popen(_ingest_cmd(src, db, 5), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen: list[int] = []
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            with open_store(str(db), create=False) as store:
                while proc.poll() is None:
                    list(query_events(store, EventFilter(text="police", limit=50)))
                    seen.append(store_stats(store).articles)
        except BaseException as exc:  # noqa: BLE001 — any failure in the thread must fail the test
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    _, stderr = proc.communicate(timeout=300)
    thread.join(timeout=60)
    assert proc.returncode == 0, stderr.decode()
    assert not errors, errors
    assert len(seen) > 5 and len(set(seen)) > 1  # many reads, and they saw the articles arrive


@pytest.mark.slow
def test_two_ingests_of_the_same_inputs_at_once_store_each_article_once(tmp_path):
    src, db = corpus(tmp_path / "wire.jsonl", 150), tmp_path / "ew.db"
    open_store(str(db)).close()
    procs = [subprocess.Popen(_ingest_cmd(src, db, 10), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    ingested = [int(out.split(": ", 1)[1].split(" ingested", 1)[0]) for out, _ in outputs]
    assert sum(ingested) == 150  # every article written by exactly one of the two runs
    final = counts(db)
    assert final["articles"] == final["distinct_articles"] == 150
    assert final["evidence"] == final["distinct_evidence"]
