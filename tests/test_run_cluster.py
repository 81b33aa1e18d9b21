"""The Dask executor: a backfill on a local cluster of 2 workers gives the store a single-process run
gives, also when a worker is killed mid-run; ``--out`` writes Parquet shards instead of a database."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from conftest import EXAMPLES, fresh_pg_schema
from eventwire.cli import main
from eventwire.config import Settings
from eventwire.ingest import read_inputs
from eventwire.model import Article
from eventwire.run import cluster
from eventwire.store import open_store, schema

COPIES = 6  # 6 x 36 demo articles = 216
BATCH = 16


@pytest.fixture(scope="module")
def backfill_corpus(tmp_path_factory) -> Path:
    """The demo corpus repeated with distinct ids (as a JSON Lines archive would hold it)."""
    path = tmp_path_factory.mktemp("archive") / "archive.jsonl"
    articles = [a for a in read_inputs([str(EXAMPLES / "articles")]) if isinstance(a, Article)]
    with path.open("w", encoding="utf-8") as out:
        for k in range(COPIES):
            for a in articles:
                out.write(json.dumps({"id": f"copy{k}-{a.id}", "text": a.text, "title": a.title, "url": a.url,
                                      "source": a.source, "date": a.date.isoformat() if a.date else None}) + "\n")
    return path


def store_content(db: Path | str) -> dict[str, list[Any]]:
    """What a run stored, without what differs between any two runs (run ids, times)."""
    with open_store(str(db), create=False) as store, store.read() as conn:
        a, e, c, s, ev = (schema.articles.c, schema.events.c, schema.clusters.c, schema.event_sources.c,
                          schema.evidence.c)
        def rows(*columns: Any) -> list[Any]:
            return sorted((tuple(row) for row in conn.execute(sa.select(*columns))), key=repr)
        return {
            "articles": rows(a.id, a.version, a.text_hash, a.status, a.reason),
            "events": [(i, json.loads(d)) for i, d in rows(e.event_id, e.data)],
            "clusters": [(i, n, json.loads(d)) for i, n, d in rows(c.cluster_id, c.sources, c.data)],
            "event_sources": rows(s.event_id, s.cluster_id, s.article_id),
            "evidence": rows(ev.event_id, ev.start, ev.end, ev.field, ev.text, ev.rule),
        }


@pytest.fixture(scope="module")
def single_process(backfill_corpus, tmp_path_factory) -> dict[str, list[Any]]:
    db = tmp_path_factory.mktemp("single") / "single.db"
    result = CliRunner().invoke(main, ["ingest", str(backfill_corpus), "--db", str(db), "--no-geo",
                                       "--batch-size", str(BATCH)])
    assert result.exit_code == 0, result.output
    content = store_content(db)
    assert len(content["articles"]) == 36 * COPIES and len(content["events"]) > 200
    return content


@pytest.mark.slow
def test_backfill_on_two_dask_workers_equals_a_single_process_run(backfill_corpus, single_process, tmp_path):
    db = tmp_path / "dask.db"
    result = CliRunner().invoke(main, ["ingest", str(backfill_corpus), "--db", str(db), "--no-geo", "--batch-size",
                                       str(BATCH), "--executor", "dask", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert f"{36 * COPIES} ingested" in result.output and "articles/s on 2 Dask workers" in result.output
    assert store_content(db) == single_process


@pytest.mark.slow
def test_backfill_into_postgresql_equals_a_single_process_sqlite_run(backfill_corpus, single_process, pg_database):
    url = fresh_pg_schema(pg_database)
    result = CliRunner().invoke(main, ["ingest", str(backfill_corpus), "--db", url, "--no-geo", "--batch-size",
                                       str(BATCH), "--executor", "dask", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert store_content(url) == single_process


@pytest.mark.slow
def test_a_worker_killed_mid_backfill_loses_and_duplicates_nothing(backfill_corpus, single_process, tmp_path):
    db = tmp_path / "killed.db"
    open_store(str(db)).close()
    with cluster.dask_client(workers=2) as client, open_store(str(db)) as store:
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["summary"] = cluster.ingest([str(backfill_corpus)], store, Settings(batch_size=BATCH),
                                                    client=client, no_geo=True, progress=False)
            except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
                outcome["error"] = exc

        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and thread.is_alive() and _articles(store) < BATCH:
            time.sleep(0.05)
        assert thread.is_alive(), "the backfill finished before a worker could be killed"
        busy = {w: len(tasks) for w, tasks in client.processing().items()}
        victim = max(busy, key=lambda w: busy[w])
        assert busy[victim] > 0  # it dies holding work
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        killed_at = _articles(store)
        thread.join(timeout=300)
    assert "error" not in outcome, outcome.get("error")
    assert killed_at < 36 * COPIES
    assert outcome["summary"].ingested == 36 * COPIES
    assert store_content(db) == single_process


def _articles(store: Any) -> int:
    with store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(schema.articles)).scalar_one())


@pytest.mark.slow
def test_out_writes_parquet_shards_with_every_event_once(backfill_corpus, single_process, tmp_path):
    shards = tmp_path / "shards"
    result = CliRunner().invoke(main, ["ingest", str(backfill_corpus), "--no-geo", "--batch-size", "24",
                                       "--executor", "dask", "--workers", "2", "--out", str(shards)])
    assert result.exit_code == 0, result.output
    files = sorted(shards.glob("events-*.parquet"))
    assert len(files) == 36 * COPIES // 24 and not list(shards.glob(".*partial"))
    table = pq.read_table(files)
    assert sorted(table.column("event_id").to_pylist()) == sorted(i for i, _ in single_process["events"])
    assert not (tmp_path / "eventwire.db").exists()


def test_dask_options_without_the_dask_executor_are_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(EXAMPLES / "articles"), "--db", str(tmp_path / "x.db"),
                                       "--out", str(tmp_path / "shards")])
    assert result.exit_code == 2 and "--executor dask" in result.output


@pytest.mark.slow
def test_bench_reports_articles_per_second_for_one_and_two_workers():
    result = CliRunner().invoke(main, ["bench", str(EXAMPLES / "articles"), "--workers", "1,2", "--limit", "6",
                                       "--json"])
    assert result.exit_code == 0, result.output
    points = json.loads(result.output)
    assert [p["workers"] for p in points] == [1, 2]
    assert all(p["articles"] == 6 and p["articles_per_s"] > 0 and p["write_seconds"] < p["seconds"] for p in points)
