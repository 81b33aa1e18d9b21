"""CLI contract of the store commands: ingest, events, export, articles, stats (click's CliRunner)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventwire.api.acled import CSV_COLUMNS
from eventwire.cli import main
from eventwire.model import EVENT_KEYS, Article, ArticleResult, Event
from eventwire.store import RunInfo, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo corpus plus one binary file, ingested once through the CLI."""
    root = tmp_path_factory.mktemp("demo")
    inputs = root / "inputs"
    shutil.copytree(EXAMPLES, inputs, ignore=shutil.ignore_patterns("golden.jsonl", "*.md"))
    (inputs / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    db = root / "demo.db"
    result = invoke("ingest", str(inputs), "--db", str(db), "--no-geo", "--batch-size", "8")
    assert result.exit_code == 0, result.output
    return db, inputs, result


def test_ingest_prints_a_summary(demo):
    _, _, result = demo
    assert "ingested" in result.stdout and "unchanged" in result.stdout
    assert "binary 1" in result.stdout and "eventwire articles --rejected" in result.stdout
    assert "database:" in result.stdout


def test_second_ingest_reports_everything_unchanged(demo, tmp_path):
    db, inputs, first = demo
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    again = invoke("ingest", str(inputs), "--db", str(copy), "--no-geo")
    assert again.exit_code == 0, again.output
    read = int(again.stdout.split("read ", 1)[1].split(" ", 1)[0])
    assert read > 0 and f"0 ingested, {read} unchanged; 0 events stored" in again.stdout


def test_strict_fails_when_an_input_was_rejected(demo, tmp_path):
    _, inputs, _ = demo
    one_article = sorted((inputs / "articles").glob("*.txt"))[0]
    result = invoke("ingest", str(inputs / "scan.txt"), str(one_article), "--db",
                    str(tmp_path / "s.db"), "--no-geo", "--strict")
    assert result.exit_code == 1 and "rejected (--strict)" in result.stderr


def test_nothing_readable_is_an_error(tmp_path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01" * 100)
    result = invoke("ingest", str(bad), "--db", str(tmp_path / "n.db"), "--no-geo")
    assert result.exit_code == 1 and "nothing could be read" in result.stderr


def test_events_jsonl_has_every_contract_key(demo):
    db, _, _ = demo
    result = invoke("events", "--db", str(db), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and all(tuple(e) == EVENT_KEYS for e in events)
    dates = [e["event_date"] or "" for e in events]
    assert dates == sorted(dates)


def test_events_table_is_what_make_demo_prints(demo):
    db, _, _ = demo
    result = invoke("events", "--db", str(db), "--format", "table", "--limit", "100")
    assert result.exit_code == 0, result.output
    assert "actor1" in result.stdout and result.stdout.rstrip().endswith("events")


def test_events_on_a_missing_database_is_a_clean_error(tmp_path):
    result = invoke("events", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no database at") and "Traceback" not in result.output


def test_articles_rejected_shows_the_file_and_reason(demo):
    db, _, _ = demo
    table = invoke("articles", "--db", str(db), "--rejected")
    assert table.exit_code == 0 and "scan.txt" in table.stdout and "binary" in table.stdout
    rows = [json.loads(x) for x in invoke("articles", "--db", str(db), "--rejected", "--format", "jsonl")
            .stdout.splitlines()]
    assert [(Path(r["origin"]).name, r["reason"]) for r in rows] == [("scan.txt", "binary")]


def test_articles_lists_stored_articles_with_status(demo):
    db, _, _ = demo
    rows = [json.loads(x) for x in invoke("articles", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert len(rows) >= 10
    assert {r["status"] for r in rows} <= {"ingested", "no_events"}
    assert all(r["status"] == "ingested" or r["events"] == 0 for r in rows)


def test_stats_counts_types_countries_weeks_and_rejections(demo):
    db, _, _ = demo
    text = invoke("stats", "--db", str(db))
    assert text.exit_code == 0, text.output
    for section in ("events by type", "events by country", "events by week", "articles by status",
                    "rejections by reason"):
        assert section in text.stdout
    data = json.loads(invoke("stats", "--db", str(db), "--format", "json").stdout)
    assert data["rejections_by_reason"] == {"binary": 1}
    assert sum(data["events_by_type"].values()) == data["events"] == sum(data["events_by_week"].values())


# --- filters and exports on a store with known events -----------------------------------------------

@pytest.fixture(scope="module")
def known_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("known") / "k.db"
    events = [
        Event(event_id="a-0", article_id="a", event_date="2024-06-11", event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", actor1="Military Forces of Israel", actor2="Hezbollah",
              location="Kafr Kila", country="Lebanon", iso3="LBN", latitude=33.28, longitude=35.57, fatalities=2),
        Event(event_id="b-0", article_id="b", event_date="2024-09-02", event_type="Explosions/Remote violence",
              sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Russia",
              location="Kharkiv", country="Ukraine", iso3="UKR", latitude=49.99, longitude=36.23, fatalities=7),
        Event(event_id="c-0", article_id="c", event_date="2024-07-05", event_type="Strategic developments",
              sub_event_type="Arrests", actor1="Military Forces of Israel", country="Palestine", iso3="PSE"),
    ]
    with open_store(str(db)) as store:
        store.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                                gazetteer_version="g", config_hash="c"))
        store.write_batch("r", [ArticleResult(article=Article(id=e.article_id, text=e.sub_event_type or "",
                                                              source="Wire", origin="x"), events=(e,))
                                for e in events])
    return db


@pytest.mark.parametrize(("args", "expected"), [
    ((), ["a-0", "c-0", "b-0"]),
    (("--country", "Ukraine"), ["b-0"]),
    (("--country", "lbn"), ["a-0"]),
    (("--type", "Strategic developments"), ["c-0"]),
    (("--sub-type", "Air/drone strike"), ["a-0"]),
    (("--actor", "israel", "--since", "2024-07-01"), ["c-0"]),
    (("--until", "2024-07-01"), ["a-0"]),
    (("--near", "33.3,35.6,20"), ["a-0"]),
    (("--bbox", "30,45,40,55"), ["b-0"]),
    (("--text", "kharkiv"), ["b-0"]),
    (("--limit", "1"), ["a-0"]),
])
def test_events_filters(known_db, args, expected):
    result = invoke("events", "--db", str(known_db), "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["event_id"] for x in result.stdout.splitlines()] == expected


def test_malformed_near_and_dates_are_usage_errors(known_db):
    result = invoke("events", "--db", str(known_db), "--near", "33.3,35.6")
    assert result.exit_code == 2 and "3 comma-separated numbers" in result.output
    result = invoke("events", "--db", str(known_db), "--since", "2024-3-1")
    assert result.exit_code == 2 and "--since" in result.output and "YYYY-MM-DD" in result.output


def test_export_csv_geojson_jsonl_parquet(known_db, tmp_path):
    outs = {fmt: tmp_path / f"out.{fmt}" for fmt in ("csv", "jsonl", "geojson", "parquet")}
    for fmt, out in outs.items():
        result = invoke("export", "--format", fmt, str(out), "--db", str(known_db), "--since", "2024-06-01")
        assert result.exit_code == 0, result.output
        assert "wrote 3 events" in result.stderr
    rows = list(csv.DictReader(io.StringIO(outs["csv"].read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS and [r["source"] for r in rows] == ["Wire"] * 3
    assert [json.loads(x)["event_id"] for x in outs["jsonl"].read_text().splitlines()] == ["a-0", "c-0", "b-0"]
    geo = json.loads(outs["geojson"].read_text())
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 2
    assert geo["eventwire"] == {"events": 3, "features": 2, "without_coordinates": 1}
    assert all(f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2 for f in geo["features"])
    table = pq.read_table(outs["parquet"])
    assert table.num_rows == 3 and table.column_names == list(EVENT_KEYS)


def test_export_infers_format_from_suffix(known_db, tmp_path):
    out = tmp_path / "lebanon.geojson"
    result = invoke("export", str(out), "--db", str(known_db), "--country", "LBN")
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["features"]) == 1
    unknown = invoke("export", str(tmp_path / "x.xlsx"), "--db", str(known_db))
    assert unknown.exit_code == 2 and "--format" in unknown.output


def test_ingest_reads_stdin(tmp_path):
    report = ("date 2024-05-06\nGunmen attacked a police checkpoint in Mosul on Monday, killing three "
              "officers, officials said.\n")
    db = tmp_path / "stdin.db"
    result = CliRunner().invoke(main, ["ingest", "-", "--db", str(db), "--no-geo"], input=report)
    assert result.exit_code == 0, result.output
    assert "read 1 article: 1 ingested" in result.stdout
    rows = [json.loads(x) for x in invoke("articles", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["date"] == "2024-05-06"


@pytest.mark.parametrize(("db", "message"), [
    ("postgresql+psycopg://u:p@localhost/ew", "pip install 'eventwire[postgres]'"),
    ("nosuchdb://x", "no database driver for nosuchdb"),
])
def test_unusable_database_urls_are_clean_errors(db, message):
    if db.startswith("postgresql") and importlib.util.find_spec("psycopg"):
        message = "database error"  # the driver is there; the server is not
    result = invoke("events", "--db", db)
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output


def test_directory_as_database_is_a_clean_error(tmp_path):
    result = invoke("stats", "--db", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.stderr
