"""Gazetteer build: reproducible, tolerant of growing curated files, indexed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from eventwire.geo.build import build_gazetteer

FIXTURE = Path(__file__).parent / "fixtures" / "geo" / "places"


def _checksum(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT key, value FROM meta"))["content_sha256"]
    finally:
        con.close()


def test_same_inputs_give_the_same_checksum(tmp_path: Path) -> None:
    a = build_gazetteer(tmp_path / "a.sqlite", curated_dir=FIXTURE, packages=False)
    b = build_gazetteer(tmp_path / "b.sqlite", curated_dir=FIXTURE, packages=False)
    assert _checksum(a) == _checksum(b)
    assert a.read_bytes() == b.read_bytes()


def test_changed_input_changes_the_checksum(tmp_path: Path) -> None:
    src = tmp_path / "places"
    shutil.copytree(FIXTURE, src)
    before = _checksum(build_gazetteer(tmp_path / "a.sqlite", curated_dir=src, packages=False))
    with (src / "sites.csv").open("a", encoding="utf-8") as fh:
        fh.write("ua-new,Some New Site,,site,UA,,48.5,37.5,test\n")
    after = _checksum(build_gazetteer(tmp_path / "b.sqlite", curated_dir=src, packages=False))
    assert before != after


def test_build_skips_malformed_rows_and_records_sources(tmp_path: Path) -> None:
    path = build_gazetteer(tmp_path / "g.sqlite", curated_dir=FIXTURE, packages=False)
    con = sqlite3.connect(path)
    names = {n for (n,) in con.execute("SELECT name FROM places")}
    meta = dict(con.execute("SELECT key, value FROM meta"))
    plan = " ".join(
        r[-1] for r in con.execute("EXPLAIN QUERY PLAN SELECT * FROM names WHERE norm_name = 'rafah'")
    )
    con.close()
    assert "Ovda Air Base" in names and "Broken Place" not in names
    assert meta["version"] and "sha256:places/sites.csv" in meta
    assert "SCAN" not in plan  # lookups are index hits


def test_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    path = build_gazetteer(tmp_path / "g.sqlite", curated_dir=FIXTURE, packages=False)
    mtime = path.stat().st_mtime_ns
    assert build_gazetteer(path, curated_dir=FIXTURE, packages=False).stat().st_mtime_ns == mtime


def test_a_unit_without_towns_of_its_own_is_placed_at_its_seat() -> None:
    """GeoNames codes few Sudanese or Somali towns below the province: such a district takes the point of the
    town of its own name in its province (its seat), and a district with no such town stays out."""
    from eventwire.geo.build import _admin1_name, _seat_of
    from eventwire.geo.normalize import loose_key

    # name, iso, code, geonameid, type, aliases, level, parent (1-based row), country
    subs = [
        ["North Darfur", "SD-DN", "SD.55", "408660", "State", "", "1", "", "196"],
        ["Kutum District", "", "SD.55.x", "1", "", "", "2", "1", "196"],
        ["Umm Kadada District", "", "SD.55.y", "2", "", "", "2", "1", "196"],
        ["Kutum Township", "", "SD.55.x.z", "3", "", "", "3", "2", "196"],
    ]
    seats = {(1, loose_key("Kutum")): (14.2, 24.67, 4000)}
    assert _seat_of(2, subs, seats) == [(14.2, 24.67, 0)]  # the seat's people are not the unit's
    assert _seat_of(3, subs, seats) == []
    assert _seat_of(4, subs, seats) == [(14.2, 24.67, 0)]  # a township reaches its province through its district
    assert _seat_of(1, subs, seats) == []  # provinces keep the median of their towns
    assert _admin1_name(subs[3], subs) == "North Darfur"
