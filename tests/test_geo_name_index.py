"""The geoparser's name index: cached beside the gazetteer, read by later processes, rebuilt when it is
damaged or stale, and its hits exactly the word-bounded occurrences of its keys."""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.geo.build import build_gazetteer
from eventwire.geo.gazetteer import open_gazetteer
from eventwire.geo.geoparser import GazetteerGeoparser
from eventwire.geo.name_index import MatchKey, NameIndex, open_name_index, write_name_index

FIXTURE = Path(__file__).parent / "fixtures" / "geo" / "places"
SENTENCE = "Israeli airstrikes hit Rafah and Khan Younis in southern Gaza on Tuesday."


@pytest.fixture()
def gazetteer_path(tmp_path: Path) -> Path:
    return build_gazetteer(tmp_path / "gaz.sqlite", curated_dir=FIXTURE, packages=False)


def _names(path: Path) -> list[str]:
    parser = GazetteerGeoparser(open_gazetteer(path))
    return [t.text for t in parser.parse(SENTENCE)]


def _index(gazetteer_path: Path) -> Path:
    (index,) = gazetteer_path.parent.glob("gaz.names-*.sqlite")
    return index


def test_second_parser_reads_the_cached_index_and_finds_the_same_places(gazetteer_path: Path) -> None:
    first = _names(gazetteer_path)
    written = _index(gazetteer_path).stat().st_mtime_ns
    assert _names(gazetteer_path) == first
    assert _index(gazetteer_path).stat().st_mtime_ns == written  # read, not rebuilt
    assert first == ["Rafah", "Khan Younis", "Gaza"]


def _garbage(path: Path) -> None:
    path.write_bytes(b"not an index")


def _cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _other_inputs(path: Path) -> None:
    write_name_index(path, ["rafah"], {}, spec="another gazetteer")


@pytest.mark.parametrize("damage", [_garbage, _cut_short, _other_inputs])
def test_damaged_or_stale_index_is_rebuilt_not_fatal(gazetteer_path: Path, damage) -> None:
    first = _names(gazetteer_path)
    index = _index(gazetteer_path)
    damage(index)
    assert _names(gazetteer_path) == first
    with sqlite3.connect(index) as con:  # a whole index again, with every key
        assert con.execute("SELECT COUNT(*) FROM keys WHERE key = 'khan younis'").fetchone() == (1,)


def test_a_new_index_removes_only_the_files_it_makes_obsolete(gazetteer_path: Path) -> None:
    folder = gazetteer_path.parent
    (folder / "other.sqlite").write_bytes(b"another gazetteer, still there")
    kept = [folder / "other.names-1234.sqlite"]
    gone = [folder / "gaz.names-0000.sqlite", folder / "removed.names-5678.sqlite", folder / "automaton-9.pickle"]
    for path in kept + gone:
        path.write_bytes(b"old")
    _names(gazetteer_path)
    assert [p.exists() for p in kept + gone] == [True, False, False, False]
    assert _index(gazetteer_path).exists()


def test_a_cache_folder_that_cannot_be_written_costs_only_a_private_copy(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    index = open_name_index(blocked / "names.sqlite", "spec", [MatchKey("khan younis")])
    assert index.word_matches("in khan younis today") == [(3, 14, "khan younis")]
    assert index.path.exists() and not index.path.is_relative_to(tmp_path)


def test_processes_building_at_once_leave_one_whole_index(tmp_path: Path) -> None:
    path = tmp_path / "names-x.sqlite"
    keys = [f"town {i}" for i in range(2000)]
    results: list[list[tuple[int, int, str]]] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            index = open_name_index(path, "spec", (MatchKey(k) for k in keys))
            results.append(index.word_matches("x town 17 and town 1999 y"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == [[(14, 23, "town 1999"), (2, 9, "town 17")]] * 4
    assert [p.name for p in tmp_path.iterdir()] == ["names-x.sqlite"]  # no temporary file left behind


def _brute_force(norm: str, keys: set[str]) -> list[tuple[int, int, str]]:
    """The definition: every occurrence of a key with no letter or digit right before or after it."""
    hits = []
    for start in range(len(norm)):
        for end in range(start + 1, len(norm) + 1):
            if norm[start:end] in keys and (start == 0 or not norm[start - 1].isalnum()) and (
                end == len(norm) or not norm[end].isalnum()
            ):
                hits.append((start, end, norm[start:end]))
    return sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0]))


_word = st.text(alphabet="abé1", min_size=1, max_size=3)
_key = st.builds(lambda words, seps: "".join(w + s for w, s in zip(words, seps, strict=False)) + words[-1],
                 st.lists(_word, min_size=1, max_size=4), st.lists(st.sampled_from([" ", "-", " - "]), max_size=3))


@settings(max_examples=60, deadline=None)
@given(keys=st.sets(_key, min_size=1, max_size=12), text=st.text(alphabet="abé1 -_.", max_size=40),
       planted=st.lists(_key, max_size=3))
def test_hits_are_exactly_the_word_bounded_occurrences(keys: set[str], text: str, planted: list[str]) -> None:
    norm = " ".join([text, *planted, text[::-1]])  # keys inside the text, often next to each other
    with tempfile.TemporaryDirectory() as folder:
        path = write_name_index(Path(folder) / "names.sqlite", keys, {}, spec="s")
        index = NameIndex(path, "s")
        try:
            assert index.word_matches(norm) == _brute_force(norm, keys)
            assert index.word_matches(norm) == _brute_force(norm, keys)  # again, from the memo
        finally:
            index.close()
