"""Rough edges a new user hit (issue 13): each command fails clearly instead of silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "articles" / "iraq-drone-claims-2024-03-26.txt"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# ------------------------------------------------------------------------------ inputs of extract


def test_extract_of_a_missing_file_is_an_error(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nosuch.txt"), "--no-geo")
    assert result.exit_code == 1
    assert "nosuch.txt: no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_extract_of_a_url_says_watch_reads_urls_and_keeps_the_url_whole() -> None:
    url = "https://example.com/world/2024/strike.html"
    result = run("extract", url, "--no-geo")
    assert result.exit_code == 1
    assert url in result.output and "https:/example.com" not in result.output.replace(url, "")
    assert "eventwire watch" in result.output


def test_ingest_records_a_url_argument_unmangled(tmp_path: Path) -> None:
    url = "https://example.com/a.html"
    db = str(tmp_path / "e.db")
    result = run("ingest", url, str(SEED), "--db", db, "--no-geo")
    assert result.exit_code == 0, result.output
    rejected = run("articles", "--rejected", "--db", db, "--format", "jsonl")
    assert f'"origin": "{url}"' in rejected.output and "eventwire watch" in rejected.output


# ------------------------------------------------------------------------------------ --db folder


def test_a_missing_db_folder_says_to_create_it(tmp_path: Path) -> None:
    db = tmp_path / "no" / "such" / "e.db"
    result = run("ingest", str(SEED), "--db", str(db), "--no-geo")
    assert result.exit_code == 1
    assert f"the folder {db.parent} of --db" in result.output and "mkdir -p" in result.output
    assert "OperationalError" not in result.output and not db.parent.exists()


# ---------------------------------------------------------------------------------------- filters


@pytest.fixture(scope="module")
def geo_db(tmp_path_factory) -> str:
    """Three demo reports (Sudan, Ukraine, Iraq/Israel) ingested with the gazetteer."""
    db = str(tmp_path_factory.mktemp("filters") / "e.db")
    names = ("sudan-el-fasher-shelling-2024-06-16.txt", "ukraine-kharkiv-missile-strike-2024-09-02.txt",
             SEED.name)
    result = run("ingest", *(str(SEED.parent / n) for n in names), "--db", db)
    assert result.exit_code == 0, result.output
    return db


def events_of(db: str, *args: str) -> list[dict]:
    result = run("events", "--db", db, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_country_by_name_iso3_and_iso2_select_the_same_events(geo_db: str) -> None:
    by_name = events_of(geo_db, "--country", "sudan")
    assert by_name and {e["iso3"] for e in by_name} == {"SDN"}
    assert events_of(geo_db, "--country", "SDN") == by_name == events_of(geo_db, "--country", "SD")


@pytest.mark.parametrize(("option", "value", "suggestion"), [
    ("--country", "Sudna", "'Sudan'"),
    ("--type", "battle", "'Battles'"),
    ("--sub-type", "air strike", "'Air/drone strike'"),
])
def test_unknown_filter_values_are_errors_with_close_matches(geo_db: str, option: str, value: str,
                                                             suggestion: str) -> None:
    result = run("events", "--db", geo_db, option, value)
    assert result.exit_code == 1
    assert f"{option}: no" in result.output and repr(value) in result.output
    assert "did you mean" in result.output and suggestion in result.output


def test_unknown_type_without_close_match_lists_the_known_ones(geo_db: str) -> None:
    result = run("export", "--db", geo_db, "--type", "Foo", str(Path(geo_db).with_suffix(".csv")))
    assert result.exit_code == 1 and "'Explosions/Remote violence'" in result.output
    assert not Path(geo_db).with_suffix(".csv").exists()  # checked before the file is opened


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--near", "200,37,50", "latitude 200 is outside -90..90; it takes"),
    ("--near", "120,40,50", "latitude 120 is outside -90..90 (are latitude and longitude swapped?)"),
    ("--near", "36,200,50", "longitude 200 is outside -180..180"),
    ("--near", "36,37,0", "more than 0 km"),
    ("--bbox", "32,12,36,95", "latitude 95 is outside -90..90"),
    ("--bbox", "36,12,32,16", "the minimum is above the maximum"),
])
def test_near_and_bbox_ranges_are_checked_and_say_the_order(geo_db: str, option: str, value: str,
                                                            message: str) -> None:
    result = run("events", "--db", geo_db, option, value)
    assert result.exit_code == 1
    assert message in result.output
    assert ("LAT,LON,KM (latitude first)" if option == "--near" else "longitude first") in result.output


def test_near_with_lat_lon_finds_kharkiv_and_help_says_the_order(geo_db: str) -> None:
    assert {e["location"] for e in events_of(geo_db, "--near", "49.99,36.23,30")} == {"Kharkiv"}
    help_text = " ".join(run("events", "--help").output.split())
    assert "latitude first" in help_text and "longitude first" in help_text


def test_the_python_api_checks_filters_before_reading(geo_db: str) -> None:
    from eventwire.api.library import EventFilter, open_store, query_events
    from eventwire.errors import QueryError

    with open_store(geo_db, create=False) as store, pytest.raises(QueryError, match="Sudan"):
        query_events(store, EventFilter(country="Sudna"))


# ------------------------------------------------------------------------------------- bad dates


BODY = "Gunmen attacked a village near Beni on Tuesday, killing five people, local officials said.\n"


@pytest.mark.parametrize("header", ["date: yesterday", "date 2024-13-45", "date: 31/31/2024"])
def test_a_bad_date_header_warns_in_extract_and_is_recorded_on_the_article(tmp_path: Path, header: str) -> None:
    path = tmp_path / "report.txt"
    path.write_text(f"{header}\n\n{BODY}", encoding="utf-8")
    value = header.split(" ", 1)[1]
    extracted = run("extract", str(path), "--no-geo")
    assert extracted.exit_code == 0, extracted.output
    assert f"warning: {path}: the date {value!r} is not a date" in extracted.stderr
    assert "left undated" in extracted.stderr
    db = str(tmp_path / "e.db")
    ingested = run("ingest", str(path), "--db", db, "--no-geo")
    assert ingested.exit_code == 0, ingested.output
    assert "warning: 1 article with a date that is not a date" in ingested.stdout
    rows = [json.loads(line) for line in run("articles", "--db", db, "--format", "jsonl").stdout.splitlines()]
    assert [r["warning"] for r in rows] == [f"the date {value!r} is not a date (use YYYY-MM-DD)"]
    assert rows[0]["date"] is None


def test_a_header_with_a_good_date_gives_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(f"date: 2024-09-12\n\n{BODY}", encoding="utf-8")
    extracted = run("extract", str(path), "--no-geo")
    assert extracted.exit_code == 0 and "warning" not in extracted.stderr
    assert json.loads(extracted.stdout.splitlines()[0])["event_date"] == "2024-09-10"


# ------------------------------------------------------------------------------------------ stats


def test_stats_json_carries_the_runs_and_their_versions(tmp_path: Path) -> None:
    from eventwire.extract import EXTRACTOR_VERSION

    db = str(tmp_path / "e.db")
    run("ingest", str(SEED), "--db", db, "--no-geo")
    run("ingest", str(SEED), "--db", db, "--no-geo")  # a second run that stores nothing new
    result = run("stats", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    (first,) = stats["runs"]
    assert first["extractor_version"] == EXTRACTOR_VERSION and first["events"] == stats["events"] > 0
    assert first["eventwire_version"] and first["model_version"] and first["gazetteer_version"] == "null"  # --no-geo
    assert stats["last_run"]["started_at"] >= first["started_at"] and len(first["config_hash"]) == 16
    table = run("stats", "--db", db)
    assert f"{first['run_id']}  eventwire {first['eventwire_version']} · {EXTRACTOR_VERSION}" in table.output


def test_records_give_dicts_by_to_dict_and_to_json_is_a_deprecated_alias() -> None:
    from eventwire.model import Event

    event = Event(event_id="e", article_id="a", weapons=("drone",))
    assert event.to_dict()["weapons"] == ["drone"]
    with pytest.warns(DeprecationWarning, match="to_dict"):
        assert event.to_json() == event.to_dict()
    assert Event.from_dict(event.to_dict()) == event
