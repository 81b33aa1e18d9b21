"""The geoparser's name automaton is cached beside the gazetteer, so later processes load it fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.geo.build import build_gazetteer
from eventwire.geo.gazetteer import open_gazetteer
from eventwire.geo.geoparser import GazetteerGeoparser

FIXTURE = Path(__file__).parent / "fixtures" / "geo" / "places"
SENTENCE = "Israeli airstrikes hit Rafah and Khan Younis in southern Gaza on Tuesday."


@pytest.fixture()
def gazetteer_path(tmp_path: Path) -> Path:
    return build_gazetteer(tmp_path / "gaz.sqlite", curated_dir=FIXTURE, packages=False)


def _names(path: Path) -> list[str]:
    parser = GazetteerGeoparser(open_gazetteer(path))
    return [t.text for t in parser.parse(SENTENCE)]


def test_second_parser_reads_the_cached_automaton_and_finds_the_same_places(gazetteer_path: Path) -> None:
    first = _names(gazetteer_path)
    caches = list(gazetteer_path.parent.glob("automaton-*.pickle"))
    assert len(caches) == 1
    written = caches[0].stat().st_mtime_ns
    assert _names(gazetteer_path) == first
    assert caches[0].stat().st_mtime_ns == written  # read, not rebuilt
    assert "Khan Younis" in first


def test_corrupt_cache_is_rebuilt_not_fatal(gazetteer_path: Path) -> None:
    first = _names(gazetteer_path)
    (cache,) = gazetteer_path.parent.glob("automaton-*.pickle")
    cache.write_bytes(b"not a pickle")
    assert _names(gazetteer_path) == first
    assert cache.read_bytes() != b"not a pickle"
