"""Crash safety, proven: SIGKILL a real ``eventwire ingest`` (or a schema migration) at random points,
run it again, and the store holds exactly what one uninterrupted run gives: the same articles, events,
evidence, places, actors, fused events and rejections, row for row (run ids and timestamps aside).

Also concurrency: two ingests of overlapping inputs and a reader at once, none of them told that the
database is locked, the store again equal to one uninterrupted run over the union.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from eventwire.store import open_store, schema
from eventwire.store.migrations import CURRENT_VERSION
from test_run_ingest import corpus  # the same generated wire corpus as the run tests

ARTICLES, BATCH = 240, 8
SEEDS = (1, 2, 3)

# Columns that differ between runs by nature (which run wrote a row, when): left out of the comparison.
_VOLATILE = {"run_id", "ingested_at", "rejected_at"}
_TABLES = (schema.articles, schema.events, schema.evidence, schema.places, schema.actors, schema.clusters,
           schema.event_sources, schema.rejections)


def snapshot(db: Path, ignore: frozenset[str] = frozenset()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the content tables, sorted, without volatile columns (nor those in ``ignore``) or
    autoincrement ids."""
    engine = sa.create_engine(f"sqlite:///{db}")
    out: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with engine.connect() as conn:
            for table in _TABLES:
                cols = [c for c in table.c if c.name not in _VOLATILE | ignore
                        and not (c.name == "id" and table.name in ("evidence", "actors", "rejections"))]
                rows = conn.execute(sa.select(*cols)).all()
                out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    finally:
        engine.dispose()
    return out


def article_count(db: Path) -> int:
    """Committed articles (0 while the store is still being created)."""
    try:
        with closing(sqlite3.connect(db, timeout=30)) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def ingest_cmd(db: Path, *inputs: Path) -> list[str]:
    return [sys.executable, "-m", "eventwire.cli", "ingest", *map(str, inputs), "--db", str(db), "--no-geo",
            "--batch-size", str(BATCH)]


def run_ok(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "locked" not in done.stderr.lower() and "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple[Any, ...]]]]:
    """The corpus (with two malformed lines) and the snapshot of one uninterrupted ingest of it (whose
    store is ``reference.db`` beside it)."""
    root = tmp_path_factory.mktemp("wire")
    src = corpus(root / "wire.jsonl", ARTICLES, bad_lines=2)
    db = root / "reference.db"
    run_ok(ingest_cmd(db, src))
    reference = snapshot(db)
    assert len(reference["articles"]) == ARTICLES and reference["events"] and len(reference["rejections"]) == 2
    return src, reference


def kill_at_random(cmd: list[str], db: Path, rng: random.Random) -> str:
    """Start ``cmd`` and SIGKILL it at a random moment: early (start-up, first batch) or after a random
    number of committed articles plus a random fraction of a batch. Gives where it was killed."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if rng.random() < 0.25:
            time.sleep(rng.uniform(0.2, 4.0))
            where = "early"
        else:
            target = rng.randrange(BATCH, ARTICLES - 2 * BATCH)
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline and article_count(db) < target:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.3))  # into the next batch: extracting, or inside its transaction
            where = f"after {target} articles"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return where


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_sigkill_at_random_points_then_rerun_gives_the_uninterrupted_store(tmp_path: Path, wire, seed: int) -> None:
    src, reference = wire
    db = tmp_path / "ew.db"
    rng = random.Random(seed)
    kills = [kill_at_random(ingest_cmd(db, src), db, rng) for _ in range(2)]  # killed, resumed and killed again
    run_ok(ingest_cmd(db, src))
    assert snapshot(db) == reference, f"seed {seed}, killed {kills}"


def downgrade_to_v1(db: Path) -> None:
    """Make a current store look like one written by schema version 1 (before fusion), data kept."""
    with closing(sqlite3.connect(db)) as conn:
        conn.executescript("DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_update; "
                           "DROP TRIGGER articles_fts_delete; DROP TABLE articles_fts; "
                           "DROP TABLE watched_feeds; DROP TABLE reviews; DROP TABLE event_sources; "
                           "DROP TABLE clusters; DELETE FROM schema_version WHERE version >= 2; "
                           "ALTER TABLE evidence DROP COLUMN rule;")


MIGRATE = """
import sys
import sqlalchemy as sa
from eventwire.store import open_store

@sa.event.listens_for(sa.Engine, "before_cursor_execute")
def _announce(conn, cursor, statement, *args):
    if statement.lstrip().upper().startswith("CREATE TABLE CLUSTERS"):
        print("migrating", flush=True)

open_store(sys.argv[1]).close()
print("done", flush=True)
"""


def schema_version(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT max(version) FROM schema_version").fetchone()[0])


def copy_db(src: Path, dst: Path) -> None:
    """A consistent copy of a (WAL-mode) SQLite file, committed pages in the WAL included."""
    with closing(sqlite3.connect(src)) as source, closing(sqlite3.connect(dst)) as target:
        source.backup(target)


@pytest.mark.slow
def test_sigkill_during_a_schema_migration_then_reopen_gives_the_migrated_store(tmp_path: Path, wire) -> None:
    src, _ = wire
    old = tmp_path / "v1.db"
    run_ok(ingest_cmd(old, src))
    downgrade_to_v1(old)
    migrated = tmp_path / "migrated.db"
    copy_db(old, migrated)
    started = time.monotonic()
    open_store(str(migrated)).close()
    took = time.monotonic() - started
    expected = snapshot(migrated)
    assert schema_version(migrated) == CURRENT_VERSION and expected["clusters"]

    mid_migration = 0
    for seed in SEEDS:
        db = tmp_path / f"killed-{seed}.db"
        copy_db(old, db)
        proc = subprocess.Popen([sys.executable, "-c", MIGRATE, str(db)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "migrating"
        time.sleep(random.Random(seed).uniform(0, took / 2))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        mid_migration += schema_version(db) == 1  # killed before the migration committed
        open_store(str(db)).close()  # the next open migrates again, from the start
        assert schema_version(db) == CURRENT_VERSION
        assert snapshot(db) == expected, f"seed {seed}"
    assert mid_migration >= 1, f"no kill landed inside the migration ({took:.2f} s); enlarge the corpus"


@pytest.mark.slow
def test_two_ingests_and_a_reader_at_once_lose_and_duplicate_nothing(tmp_path: Path, wire) -> None:
    src, _ = wire
    wire_db = src.parent / "reference.db"
    lines = src.read_text().splitlines(keepends=True)
    # Two overlapping halves: a third of the corpus is in both; together they are the whole corpus.
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[: 2 * ARTICLES // 3] + lines[ARTICLES:]))
    second.write_text("".join(lines[ARTICLES // 3:]))
    db = tmp_path / "ew.db"
    logs = [tmp_path / "first.log", tmp_path / "second.log"]  # the driver's tracebacks, should one fail
    procs = [subprocess.Popen([*ingest_cmd(db, path), "--log", str(log)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for path, log in zip((first, second), logs, strict=True)]
    reads = 0
    while any(p.poll() is None for p in procs):
        if db.exists():
            reader = subprocess.run([sys.executable, "-m", "eventwire.cli", "stats", "--db", str(db)],
                                    capture_output=True, text=True, timeout=120)
            assert "locked" not in reader.stderr.lower() and "Traceback" not in reader.stderr, reader.stderr
            reads += reader.returncode == 0
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs] + [
        log.read_text()[-3000:] for log in logs if log.exists()]
    assert all("locked" not in err.lower() for _, err in outputs)
    assert reads >= 1
    # The articles came from other files here (first/second.jsonl), so their origin and line differ.
    got, expected = snapshot(db, frozenset({"origin", "line"})), snapshot(wire_db, frozenset({"origin", "line"}))
    for table in ("articles", "events", "evidence", "places", "actors"):
        assert got[table] == expected[table], table
    # Fused events: the same events grouped the same way (cluster ids are member event ids, so equal too).
    assert got["event_sources"] == expected["event_sources"] and got["clusters"] == expected["clusters"]
