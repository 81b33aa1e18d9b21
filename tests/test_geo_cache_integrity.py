"""A gazetteer file cut short or of another version is built again, not trusted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import eventwire.geo.gazetteer as gazetteer_module
from eventwire.geo.build import build_gazetteer
from eventwire.geo.gazetteer import is_complete, open_gazetteer

FIXTURE = Path(__file__).parent / "fixtures" / "geo" / "places"


@pytest.fixture()
def gazetteer_path(tmp_path: Path) -> Path:
    return build_gazetteer(tmp_path / "gaz.sqlite", curated_dir=FIXTURE, packages=False)


def test_a_whole_gazetteer_is_complete(gazetteer_path: Path) -> None:
    assert is_complete(gazetteer_path)


def test_a_cut_short_or_foreign_file_is_not(gazetteer_path: Path, tmp_path: Path) -> None:
    short = tmp_path / "short.sqlite"
    short.write_bytes(gazetteer_path.read_bytes()[:-4096])
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"\0" * 8192)
    old = tmp_path / "old.sqlite"
    old.write_bytes(gazetteer_path.read_bytes())
    with sqlite3.connect(old) as con:
        con.execute("UPDATE meta SET value = '1' WHERE key = 'version'")
    assert not is_complete(short)
    assert not is_complete(garbage)
    assert not is_complete(old)


def test_opening_a_cut_short_gazetteer_builds_it_again(gazetteer_path: Path, monkeypatch) -> None:
    lookup = open_gazetteer(gazetteer_path).lookup("Khan Younis")[0].to_dict()
    gazetteer_path.write_bytes(gazetteer_path.read_bytes()[: gazetteer_path.stat().st_size // 2])
    # the real builder, on the fixture's places instead of the installed packages (a minute)
    monkeypatch.setattr(gazetteer_module, "build_gazetteer", lambda path, **kw: build_gazetteer(
        path, curated_dir=FIXTURE, packages=False, force=kw.get("force", False)))
    with pytest.raises(ValueError, match="damaged"):
        open_gazetteer(gazetteer_path, build=False)
    assert open_gazetteer(gazetteer_path).lookup("Khan Younis")[0].to_dict() == lookup
    assert is_complete(gazetteer_path)
