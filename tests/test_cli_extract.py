"""CLI contract of ``eventwire extract``: JSONL lines carry every key of EVENT_KEYS with the right type."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from eventwire.api.acled import CSV_COLUMNS
from eventwire.cli import main
from eventwire.ingest import read_inputs
from eventwire.model import EVENT_KEYS

SEED = Path(__file__).resolve().parents[1] / "examples" / "articles" / "iraq-drone-claims-2024-03-26.txt"

STR = {"event_id", "article_id", "event_date", "date_start", "date_end", "disorder_type", "event_type",
       "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "claimed_by", "attributed_by",
       "denied_by", "location", "admin1", "admin2", "country", "iso3", "plover_category", "plover_mode",
       "cameo_code", "notes", "extractor_version"}
INT = {"time_precision", "inter1", "inter2", "geo_precision", "fatalities", "fatalities_low",
       "fatalities_high", "injuries"}
FLOAT = {"latitude", "longitude", "confidence"}
LIST = {"weapons", "evidence"}
NOT_NULL = {"event_id", "article_id", "weapons", "evidence", "confidence", "extractor_version"}


def check_types(event: dict) -> None:
    assert tuple(event) == EVENT_KEYS
    for key, value in event.items():
        if value is None:
            assert key not in NOT_NULL, key
            continue
        expected = str if key in STR else int if key in INT else float if key in FLOAT else list
        assert isinstance(value, expected) and not isinstance(value, bool), (key, value)
    assert all(isinstance(w, str) for w in event["weapons"])
    for ev in event["evidence"]:
        # The contract requires these keys; extras (``rule``: what produced the span) are allowed.
        assert {"start", "end", "text", "field"} <= set(ev) and ev["start"] < ev["end"]
        assert isinstance(ev.get("rule", ""), str)


def test_jsonl_on_the_seed_example_has_every_contract_key_typed():
    path = SEED
    result = CliRunner().invoke(main, ["extract", str(path), "--format", "jsonl", "--no-geo"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events, "the Iraq drone-claims article describes at least one drone attack"
    (article,) = read_inputs([str(path)])
    for event in events:
        check_types(event)
        assert event["article_id"] == article.id
        for ev in event["evidence"]:
            assert article.text[ev["start"]:ev["end"]] == ev["text"]
    assert all(e["event_date"] is None or e["event_date"].startswith("2024-") for e in events)


def test_evidence_spans_index_the_article_text(tmp_path):
    body = ("A drone strike hit a car near the town of Kafr Kila on Monday, killing two men, "
            "the health ministry said.")
    path = tmp_path / "strike.txt"
    path.write_text(f"date 2024-06-10\n{body}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--no-geo"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events
    for event in events:
        check_types(event)
        for ev in event["evidence"]:
            assert ev["text"] in body


def test_rejections_go_to_stderr_and_do_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("date 2024-06-10\nGunmen shot dead three farmers in a village near Beni on Sunday, "
                    "a local official said.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff" * 50)
    result = CliRunner().invoke(main, ["extract", str(bad), str(good), "--no-geo"])
    assert result.exit_code == 0
    assert "rejected" in result.stderr and "bad.txt" in result.stderr and "binary" in result.stderr
    assert all(json.loads(line)["event_id"] for line in result.stdout.splitlines())
    assert "bad.txt" not in result.stdout


def test_csv_and_table_formats():
    path = str(SEED)
    as_csv = CliRunner().invoke(main, ["extract", path, "--format", "csv", "--no-geo"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) > 1
    table = CliRunner().invoke(main, ["extract", path, "--format", "table", "--no-geo"])
    assert table.exit_code == 0 and "actor1" in table.stdout and "event" in table.stdout


def test_dateline_sets_the_date_of_undated_input(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Militants attacked an army post in Djibo on Tuesday, killing four soldiers.\n")
    result = CliRunner().invoke(main, ["extract", str(path), "--dateline", "2024-08-27", "--no-geo"])
    assert result.exit_code == 0, result.output
    dates = {json.loads(line)["event_date"] for line in result.stdout.splitlines()}
    assert dates and all(d is None or d.startswith("2024-08") for d in dates)
    bad = CliRunner().invoke(main, ["extract", str(path), "--dateline", "27/08/2024"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "eventwire.cli", "extract", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "--format" in result.stdout
