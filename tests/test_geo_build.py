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
