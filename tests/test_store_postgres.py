"""PostgreSQL as the shared store: migrate copies losslessly, the change log, text search through the GIN
index, plain ``postgresql://`` URLs, and several ingest processes writing one PostgreSQL store at once.

The SQLite-and-PostgreSQL store tests (round trip, queries, fusion) run through the ``store_url`` fixture;
these are the PostgreSQL-specific ones. The server is the machine's (CI's) own; unreachable, they fail.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from conftest import EXAMPLES, fresh_pg_schema
from eventwire.api.query import EventFilter, query_events
from eventwire.cli import main
from eventwire.model import Article, ArticleResult, Event, Evidence
from eventwire.store import RunInfo, open_store, schema
from eventwire.store.changes import read_changes
from eventwire.store.migrations import CURRENT_VERSION, current_version
from test_run_ingest import corpus

JSON_COLUMNS = {("runs", "counts"), ("articles", "metadata"), ("events", "data"), ("clusters", "data")}


def table_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every store table, JSON parsed (PostgreSQL's JSONB orders keys its own way), sorted."""
    with open_store(url, create=False) as store, store.read() as conn:
        out = {}
        for table in schema.metadata.sorted_tables:
            if table is schema.schema_version:
                continue
            rows = []
            for row in conn.execute(sa.select(table)):
                values = tuple(json.loads(v) if (table.name, k) in JSON_COLUMNS and v is not None else v
                               for k, v in row._mapping.items())
                rows.append(values)
            out[table.name] = sorted(rows, key=repr)
    return out


@pytest.fixture(scope="module")
def demo_sqlite(tmp_path_factory) -> Path:
    """The demo corpus ingested into SQLite (no geoparsing: the store is the subject, not the places)."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(main, ["ingest", str(EXAMPLES / "articles"), "--db", str(db), "--no-geo"])
    assert result.exit_code == 0, result.output
    return db


def test_migrate_sqlite_to_postgresql_and_back_is_lossless(demo_sqlite, pg_database, tmp_path):
    pg = fresh_pg_schema(pg_database)
    runner = CliRunner()
    there = runner.invoke(main, ["migrate", "--from", f"sqlite:///{demo_sqlite}", "--to", pg])
    assert there.exit_code == 0, there.output
    back_db = tmp_path / "back.db"
    back = runner.invoke(main, ["migrate", "--from", pg, "--to", f"sqlite:///{back_db}"])
    assert back.exit_code == 0, back.output
    original = table_rows(str(demo_sqlite))
    assert original["events"] and original["clusters"] and original["evidence"]
    assert table_rows(pg) == original
    assert table_rows(str(back_db)) == original
    # the same query answers the same on both backends
    with open_store(str(demo_sqlite)) as a, open_store(pg) as b:
        for f in (EventFilter(), EventFilter(since="2024-06-01"), EventFilter(actor="Russia")):
            assert [e.to_dict() for e in query_events(a, f)] == [e.to_dict() for e in query_events(b, f)]
        # --text: the same events (SQLite ranks them by bm25 first, PostgreSQL keeps date order)
        for words in ("drone", "missile", "hospital"):
            found = [{e.event_id for e in query_events(s, EventFilter(text=words))} for s in (a, b)]
            assert found[0] == found[1] and found[0]
    # and a copy into a store that holds data is refused, not merged
    again = runner.invoke(main, ["migrate", "--from", f"sqlite:///{demo_sqlite}", "--to", pg])
    assert again.exit_code == 1 and "not empty" in again.output


def test_postgresql_stores_real_types_and_reads_back_the_same_text(pg_database):
    url = fresh_pg_schema(pg_database)
    with open_store(url) as store:
        store.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                                gazetteer_version="g", config_hash="c"))
        store.finish_run("r", {"read": 1})
        with store.read() as conn:
            kinds = dict(conn.execute(sa.text(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema()")).all())
            run = conn.execute(sa.select(schema.runs)).one()
            assert current_version(conn) == CURRENT_VERSION
    assert kinds["events.data"] == kinds["clusters.data"] == kinds["runs.counts"] == "jsonb"
    assert kinds["runs.started_at"] == kinds["articles.ingested_at"] == "timestamp with time zone"
    assert json.loads(run.counts) == {"read": 1}
    assert run.started_at.endswith("+00:00") and run.started_at[10] == "T" and len(run.started_at) == 25


def test_plain_postgresql_url_means_psycopg_and_works_for_every_command(demo_sqlite, pg_database):
    pg = fresh_pg_schema(pg_database).replace("postgresql+psycopg://", "postgresql://")
    runner = CliRunner()
    assert runner.invoke(main, ["migrate", "--from", str(demo_sqlite), "--to", pg]).exit_code == 0
    listed = runner.invoke(main, ["events", "--db", pg, "--format", "jsonl", "--actor", "Russia"])
    assert listed.exit_code == 0 and all("Russia" in line for line in listed.output.splitlines())
    assert len(listed.output.splitlines()) >= 3
    stats = runner.invoke(main, ["stats", "--db", pg, "--format", "json"])
    assert stats.exit_code == 0 and json.loads(stats.output)["articles"] == 36


def test_text_search_on_postgresql_uses_the_gin_index_over_article_words(pg_database):
    url = fresh_pg_schema(pg_database)
    text = "Gunmen stormed the hospital in Beni on Tuesday, killing five patients, local officials said."
    event = Event(event_id="e1", article_id="beni", event_date="2024-09-10", event_type="Violence against civilians",
                  sub_event_type="Attack", notes="An attack in Beni",
                  evidence=(Evidence(start=0, end=6, text="Gunmen", field="actor1"),))
    with open_store(url) as store:
        store.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                                gazetteer_version="g", config_hash="c"))
        store.write_batch("r", [ArticleResult(article=Article(id="beni", text=text, origin="x"), events=(event,))])
        # "hospitals" is in no notes or evidence: only the article's words (stemmed) can match it
        assert [e.event_id for e in query_events(store, EventFilter(text="hospitals"))] == ["e1"]
        assert [e.event_id for e in query_events(store, EventFilter(text="stormed patients"))] == ["e1"]
        assert list(query_events(store, EventFilter(text="airport"))) == []
        with store.read() as conn:
            indexes = set(conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"))
                          .scalars())
    assert {"ix_articles_text_search", "ix_events_lat_lon", "ix_clusters_lat_lon"} <= indexes


def _event(article_id: str, n: int, fatalities: int) -> Event:
    return Event(event_id=f"{article_id}-{n}", article_id=article_id, event_date="2024-05-06",
                 event_type="Battles", sub_event_type="Armed clash", fatalities=fatalities, location=f"Town {n}")


def test_change_log_lists_new_updated_and_retracted_events_by_cursor(store_url):
    runner = CliRunner()
    with open_store(store_url) as store:
        store.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                                gazetteer_version="g", config_hash="c"))
        first = Article(id="a1", text="first text", origin="x")
        store.write_batch("r", [ArticleResult(article=first, events=(_event("a1", 0, 3), _event("a1", 1, 1)))])
        store.write_batch("r", [ArticleResult(article=first, events=(_event("a1", 0, 3), _event("a1", 1, 1)))])  # unchanged
        with store.read() as conn:
            cursor = max(c.cursor for c in read_changes(conn))
        second = Article(id="a1", text="corrected text", origin="x")
        store.write_batch("r", [ArticleResult(article=second, events=(_event("a1", 0, 5), _event("a1", 2, 0)))])
        with store.read() as conn:
            everything = list(read_changes(conn))
            later = list(read_changes(conn, since=cursor))
    assert [(c.event_id, c.change, c.version) for c in everything] == [
        ("a1-0", "new", 1), ("a1-1", "new", 1), ("a1-0", "updated", 2), ("a1-2", "new", 2), ("a1-1", "retracted", 2)]
    cursors = [c.cursor for c in everything]
    assert cursors == sorted(set(cursors))
    assert [(c.event_id, c.change) for c in later] == [("a1-0", "updated"), ("a1-2", "new"), ("a1-1", "retracted")]
    assert later[0].event is not None and later[0].event.fatalities == 5 and later[2].event is None
    out = runner.invoke(main, ["changes", "--db", store_url, "--since", str(cursor)])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(x["event_id"], x["change"], x["version"]) for x in lines] == [
        ("a1-0", "updated", 2), ("a1-2", "new", 2), ("a1-1", "retracted", 2)]
    assert f"next cursor {lines[-1]['cursor']}" in out.stderr


# --- several processes writing one PostgreSQL store ---------------------------------------------------

def _ingest_cmd(src: Path, url: str, batch: int) -> list[str]:
    return [sys.executable, "-m", "eventwire.cli", "ingest", str(src), "--db", url, "--no-geo",
            "--batch-size", str(batch)]


def pg_counts(url: str) -> dict[str, int]:
    with open_store(url, create=False) as store, store.read() as conn:
        def n(q: sa.Select) -> int:
            return conn.execute(q).scalar_one()
        return {
            "articles": n(sa.select(sa.func.count()).select_from(schema.articles)),
            "events": n(sa.select(sa.func.count()).select_from(schema.events)),
            "distinct_events": n(sa.select(sa.func.count(sa.distinct(schema.events.c.event_id)))),
            "event_sources": n(sa.select(sa.func.count()).select_from(schema.event_sources)),
            "evidence": n(sa.select(sa.func.count()).select_from(schema.evidence)),
            "distinct_evidence": n(sa.select(sa.func.count()).select_from(
                sa.select(schema.evidence.c.event_id, schema.evidence.c.start, schema.evidence.c.end,
                          schema.evidence.c.field).distinct().subquery())),
            "new_changes": n(sa.select(sa.func.count()).select_from(schema.changes)
                             .where(schema.changes.c.change == "new")),
        }


@pytest.mark.slow
def test_two_ingests_at_once_into_postgresql_store_each_article_and_event_once(pg_database, tmp_path):
    src, url = corpus(tmp_path / "wire.jsonl", 150), fresh_pg_schema(pg_database)
    open_store(url).close()
    procs = [subprocess.Popen(_ingest_cmd(src, url, 10), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    got = pg_counts(url)
    assert got["articles"] == 150
    assert got["events"] == got["distinct_events"] == got["event_sources"] == got["new_changes"] > 0
    assert got["evidence"] == got["distinct_evidence"]
    ingested = sum(int(out.split(": ")[1].split(" ingested")[0]) for out, _ in outputs)
    assert ingested == 150  # each article extracted and stored by exactly one of the two


@pytest.mark.slow
def test_sigkill_mid_run_into_postgresql_then_resume_loses_and_duplicates_nothing(pg_database, tmp_path):
    src, url = corpus(tmp_path / "wire.jsonl", 300), fresh_pg_schema(pg_database)
    open_store(url).close()
    proc = subprocess.Popen(_ingest_cmd(src, url, 10), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and pg_counts(url)["articles"] < 30:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed; enlarge the corpus"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed = pg_counts(url)
    assert 30 <= killed["articles"] < 300 and killed["articles"] % 10 == 0  # whole batches only
    resumed = subprocess.run(_ingest_cmd(src, url, 10), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{300 - killed['articles']} ingested, {killed['articles']} unchanged" in resumed.stdout
    final = pg_counts(url)
    assert final["articles"] == 300
    assert final["events"] == final["distinct_events"] == final["event_sources"] == final["new_changes"]
    assert final["evidence"] == final["distinct_evidence"]


def test_long_strings_sqlite_accepts_are_accepted_on_postgresql_and_old_lengths_are_lifted(pg_database):
    url = fresh_pg_schema(pg_database)
    rule = ";".join(["trigger:gov_regain", "territory:regain", "typer:learned", "assemble:retelling"] * 3)
    event = Event(event_id="e1", article_id="a1", event_date="2024-05-06", event_type="Battles",
                  evidence=(Evidence(start=0, end=6, text="Gunmen", field="actor1", rule=rule),))
    with open_store(url) as store:
        store.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                                gazetteer_version="g", config_hash="c"))
        store.write_batch("r", [ArticleResult(article=Article(id="a1", text="Gunmen attacked.", origin="x"),
                                              events=(event,))])
        (back,) = query_events(store, EventFilter())
        # a store made before the lengths were lifted (as PostgreSQL stores of the VARCHAR(n) schema were)
        with store.write() as conn:
            conn.exec_driver_sql("DELETE FROM evidence")
            conn.exec_driver_sql("ALTER TABLE evidence ALTER COLUMN rule TYPE VARCHAR(64)")
            conn.exec_driver_sql("DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)")
    assert back.evidence[0].rule == rule and len(rule) > 64
    with open_store(url) as store, store.read() as conn:
        length = conn.exec_driver_sql(
            "SELECT character_maximum_length FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'evidence' AND column_name = 'rule'").scalar()
    assert length is None


def test_nul_in_an_article_is_stored_on_postgresql_as_a_stand_in_of_the_same_length(pg_database, tmp_path):
    # PostgreSQL's text types cannot hold NUL; one that slipped past the readers (they look at a file's
    # head) must not fail the batch, and evidence offsets must still point at the same words
    url = fresh_pg_schema(pg_database)
    from eventwire.ingest.sniff import SNIFF_BYTES

    filler = " Residents said the market reopened later in the week." * (SNIFF_BYTES // 50 + 1)
    text = "Gunmen attacked a police checkpoint in Mosul on Monday, killing 3 officers." + filler + "\x00 End."
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"id": "nul-1", "date": "2024-05-06", "text": text}) + "\n")
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", url, "--no-geo"])
    assert result.exit_code == 0, result.output
    with open_store(url) as store, store.read() as conn:
        stored = conn.execute(sa.select(schema.articles.c.text)).scalar_one()
        events = list(query_events(store, EventFilter()))
    assert stored == text.replace("\x00", "\ufffd") and len(stored) == len(text)
    assert events and all(stored[ev.start:ev.end] == ev.text for e in events for ev in e.evidence)


def test_the_rest_api_reads_a_postgresql_store_as_it_reads_sqlite(demo_sqlite, pg_database):
    from fastapi.testclient import TestClient

    from eventwire.api.server import ServeConfig, create_app

    pg = fresh_pg_schema(pg_database)
    assert CliRunner().invoke(main, ["migrate", "--from", str(demo_sqlite), "--to", pg]).exit_code == 0
    answers = []
    for url in (str(demo_sqlite), pg):
        with open_store(url) as store:
            client = TestClient(create_app(ServeConfig(store=store, token="t" * 32, geo=False)))
            response = client.get("/api/v1/events", params={"limit": 1000, "actor": "Russia"})
            assert response.status_code == 200, response.text
            answers.append([e["event_id"] for e in response.json()["events"]])
    assert answers[0] == answers[1] and answers[0]
