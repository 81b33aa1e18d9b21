"""`eventwire gazetteer ...` and `eventwire geoparse` through click's CliRunner, on the fixture gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.geo.build import build_gazetteer
from eventwire.geo.gazetteer import default_path

FIXTURE = Path(__file__).parent / "fixtures" / "geo" / "places"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path))
    build_gazetteer(default_path(), curated_dir=FIXTURE, packages=False)
    from eventwire.geo import load_geoparser

    load_geoparser.cache_clear()
    yield tmp_path
    load_geoparser.cache_clear()


def _main():  # noqa: ANN202
    from eventwire.cli import main

    return main


def test_lookup_jsonl_ranks_the_right_place_first(cache: Path) -> None:
    result = CliRunner().invoke(_main(), ["gazetteer", "lookup", "Khan Younis", "--limit", "2"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.output.splitlines()[0])
    assert first["name"] == "Khan Yunis" and first["iso3"] == "PSE"
    for key in ("name", "kind", "country", "iso3", "admin1", "latitude", "longitude", "population", "source"):
        assert key in first


def test_lookup_table_and_unknown_name(cache: Path) -> None:
    table = CliRunner().invoke(
        _main(), ["gazetteer", "lookup", "Georgia", "--country", "US", "--format", "table"]
    )
    assert table.exit_code == 0 and "Georgia" in table.output
    missing = CliRunner().invoke(_main(), ["gazetteer", "lookup", "Nowhereville"])
    assert missing.exit_code == 1 and "no place called" in missing.output


def test_info_prints_version_checksums_and_attribution(cache: Path) -> None:
    result = CliRunner().invoke(_main(), ["gazetteer", "info"])
    assert result.exit_code == 0, result.output
    assert "content_sha256:" in result.output and "CC BY 4.0" in result.output


def test_geoparse_jsonl(cache: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "date 2024-05-07\nIsraeli airstrikes hit Rafah and Khan Younis on Tuesday.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(_main(), ["geoparse", str(article)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    names = {t["text"]: t["iso3"] for t in record["toponyms"]}
    assert names["Rafah"] == "PSE" and names["Khan Younis"] == "PSE"
    assert set(record) == {"article_id", "toponyms"}
