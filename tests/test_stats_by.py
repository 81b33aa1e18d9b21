"""`eventwire stats --by`: counts and fatality sums per group on the demo corpus, as table, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.api.stats import aggregate
from eventwire.cli import main
from eventwire.model import Event

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def invoke(*args: str):
    return CliRunner(env={"EVENTWIRE_REVIEWER": "Ana"}).invoke(main, list(args))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "demo.db"
    result = invoke("ingest", str(EXAMPLES / "articles"), "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


def events(db: Path, *extra: str) -> list[dict]:
    return [json.loads(x) for x in invoke("events", "--db", str(db), "--format", "jsonl", *extra).stdout.splitlines()]


def grouped(db: Path, *args: str) -> dict[str, dict]:
    result = invoke("stats", "--db", str(db), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {g["key"]: g for g in json.loads(result.stdout)["groups"]}


def test_by_country_counts_and_sums_match_the_events(db):
    by_country = grouped(db, "--by", "country")
    rows = events(db)
    assert sum(g["events"] for g in by_country.values()) == len(rows)
    sudan = [e for e in rows if e["country"] == "Sudan"]
    assert by_country["Sudan"]["events"] == len(sudan) >= 3
    assert by_country["Sudan"]["fatalities"] == sum(e["fatalities"] or 0 for e in sudan)
    assert by_country["Ukraine"]["fatalities_low"] <= by_country["Ukraine"]["fatalities"]
    assert by_country["Ukraine"]["fatalities"] <= by_country["Ukraine"]["fatalities_high"]


def test_filters_and_fused_counts(db):
    june = grouped(db, "--by", "type", "--since", "2024-06-01", "--until", "2024-06-30")
    assert sum(g["events"] for g in june.values()) == len(events(db, "--since", "2024-06-01", "--until", "2024-06-30"))
    article = grouped(db, "--by", "country", "--country", "UKR")["Ukraine"]
    fused = grouped(db, "--by", "country", "--country", "UKR", "--fused")["Ukraine"]
    assert fused["events"] < article["events"]  # the Kharkiv strike told by two outlets counts once


def test_by_actor_counts_each_side_once(db):
    by_actor = grouped(db, "--by", "actor")
    rows = events(db)
    expected = Counter(a for e in rows for a in {e["actor1"], e["actor2"]} if a)
    assert {k: g["events"] for k, g in by_actor.items() if k != "(unknown)"} == dict(expected)


def test_time_groups_are_in_order_and_csv_table_agree(db):
    months = list(grouped(db, "--by", "month"))
    assert months == sorted(months) and months[0] == "2024-01"
    weeks = grouped(db, "--by", "week")
    assert "2024-W37" in weeks
    text = invoke("stats", "--db", str(db), "--by", "admin1", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["admin1", "events", "fatalities", "fatalities_low", "fatalities_high",
                             "unknown_fatalities"]
    table = invoke("stats", "--db", str(db), "--by", "admin1").stdout
    assert f"{len(rows)} groups" in table and rows[0]["admin1"] in table


def test_reviews_count(db, tmp_path):
    import shutil

    copy = tmp_path / "r.db"
    shutil.copy(db, copy)
    (sudan_shelling,) = [e for e in events(copy) if e["event_date"] == "2024-06-15"]
    before = grouped(copy, "--by", "country")["Sudan"]
    invoke("review", "edit", sudan_shelling["event_id"], "fatalities", "8", "--db", str(copy), "--why", "update")
    after = grouped(copy, "--by", "country")["Sudan"]
    assert after["fatalities"] == before["fatalities"] + 3
    assert after["fatalities_high"] >= after["fatalities"] >= after["fatalities_low"]


def test_filters_without_by_are_a_usage_error(db):
    result = invoke("stats", "--db", str(db), "--country", "Sudan")
    assert result.exit_code == 2 and "--by" in result.output


def test_aggregate_counts_unknown_figures_apart():
    rows = [Event(event_id="a", article_id="x", country="Mali", fatalities=3, fatalities_low=2, fatalities_high=5),
            Event(event_id="b", article_id="x", country="Mali"),
            Event(event_id="c", article_id="y")]
    (mali, unknown) = aggregate(rows, "country")
    assert (mali.key, mali.events, mali.fatalities, mali.fatalities_low, mali.fatalities_high,
            mali.unknown_fatalities) == ("Mali", 2, 3, 2, 5, 1)
    assert (unknown.key, unknown.events) == ("(unknown)", 1)
    with pytest.raises(ValueError, match="country, admin1"):
        aggregate(rows, "colour")
