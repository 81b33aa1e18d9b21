"""`export --format csv` reads like ACLED's: a region for every country, ACLED-shaped stable ids, URLs."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pycountry
import pytest
from click.testing import CliRunner

from eventwire.api.acled import event_id_cnty, region
from eventwire.cli import main
from eventwire.model import Article, ArticleResult, Event
from eventwire.store import RunInfo, open_store

ACLED_REGIONS = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
    "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe", "Caribbean",
    "Central America", "South America", "North America", "Oceania", "Antarctica",
}


def test_every_country_has_an_acled_region() -> None:
    found = {c.alpha_3: region(c.alpha_3) for c in pycountry.countries}
    assert {iso3 for iso3, r in found.items() if r is None} == set()
    assert set(found.values()) <= ACLED_REGIONS
    assert region("XKX") == "Europe"


@pytest.mark.parametrize(("iso3", "expected"), [
    ("NGA", "Western Africa"), ("COD", "Middle Africa"), ("SSD", "Eastern Africa"), ("SDN", "Northern Africa"),
    ("ZAF", "Southern Africa"), ("MMR", "Southeast Asia"), ("HTI", "Caribbean"), ("MEX", "Central America"),
    ("COL", "South America"), ("IRN", "Middle East"), ("ARM", "Caucasus and Central Asia"),
    ("AFG", "South Asia"), ("UKR", "Europe"), ("USA", "North America"), ("PNG", "Oceania"),
    ("ATA", "Antarctica"),
])
def test_regions_of_conflict_countries(iso3: str, expected: str) -> None:
    assert region(iso3) == expected


def test_event_id_cnty_is_iso3_and_a_number_stable_for_the_event() -> None:
    one = event_id_cnty("e-1a2b3c", "SDN")
    assert re.fullmatch(r"SDN\d{12}", one)
    assert event_id_cnty("e-1a2b3c", "SDN") == one != event_id_cnty("e-1a2b3d", "SDN")
    assert re.fullmatch(r"XXX\d{12}", event_id_cnty("e-1a2b3c", None))


def _event(event_id: str, article_id: str, iso3: str, country: str) -> Event:
    return Event(event_id=event_id, article_id=article_id, event_date="2024-06-16", event_type="Battles",
                 sub_event_type="Armed clash", disorder_type="Political violence", country=country,
                 iso3=iso3, location=country, latitude=10.0, longitude=20.0, geo_precision=3)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "e.db")
    with open_store(path) as store:
        store.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                                gazetteer_version="g", config_hash="c"))
        store.write_batch("r", [
            ArticleResult(article=Article(id="a1", text="Clash one.", source="Wire", url="https://wire.example/1",
                                          origin="x"), events=(_event("e-1", "a1", "NGA", "Nigeria"),)),
            ArticleResult(article=Article(id="a2", text="Clash two.", source="Post", origin="y"),
                          events=(_event("e-2", "a2", "HTI", "Haiti"),)),
        ])
    return path


def _export(db: str, out: Path) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["export", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_csv_rows_carry_region_acled_id_and_source_url(db: str, tmp_path: Path) -> None:
    rows = {r["article_id"]: r for r in _export(db, tmp_path / "out.csv")}
    assert (rows["a1"]["region"], rows["a2"]["region"]) == ("Western Africa", "Caribbean")
    assert re.fullmatch(r"NGA\d{12}", rows["a1"]["event_id_cnty"])
    assert re.fullmatch(r"HTI\d{12}", rows["a2"]["event_id_cnty"])
    assert rows["a1"]["source_url"] == "https://wire.example/1" and rows["a2"]["source_url"] == ""
    again = {r["article_id"]: r["event_id_cnty"] for r in _export(db, tmp_path / "again.csv")}
    assert again == {k: r["event_id_cnty"] for k, r in rows.items()}


def test_fused_csv_lists_the_url_of_every_source(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(tmp_path / "f.csv"), "--db", db, "--fused"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "f.csv").open(newline="", encoding="utf-8") as fh:
        urls = [r["source_url"] for r in csv.DictReader(fh)]
    assert "https://wire.example/1" in urls
