"""Rough edges a new user hit (issue 13): each command fails clearly instead of silently."""

from __future__ import annotations

from pathlib import Path

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
