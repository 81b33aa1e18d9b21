"""The user's own actors.csv and places.csv: validated on load, extending the actor KB and the gazetteer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.api.library import extract_text
from eventwire.cli import main
from eventwire.errors import UserDataError

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
BIRNIN_GWARI = (ARTICLES / "nigeria-birnin-gwari-abduction-2024-10-22.txt").read_text().split("\n", 1)[1]
# The demo story, as a later report names the group behind it.
NAMED = BIRNIN_GWARI.replace("Gunmen abducted at least 25", "Fighters loyal to Dogo Gide abducted at least 25")

ACTORS = """canonical,aliases,acronym,country_iso3,inter,kind,note
# bandit groups we track in the north-west
Dogo Gide Group,Dogo Gide|Dogo Gide's group,,NGA,3,militia,led by Dogo Gide
Hamas Movement,the Movement's fighters,,,,,our alias for an existing actor
"""
PLACES = """id,name,aliases,kind,country_iso2,admin1,lat,lon,note
wad-al-nourah,Wad al-Nourah,Wad al-Noura|Wad Al Nora,village,SD,Al Jazirah,14.6170,32.9830,approximate
"""
WAD_AL_NOURAH = """Paramilitary fighters of the Rapid Support Forces attacked the village of Wad al-Nourah in Sudan's \
Gezira state on Wednesday, killing at least 100 people, local activists said.

The Wad Madani Resistance Committee said the RSF stormed Wad al-Nourah twice with heavy weapons."""


def _clear_caches() -> None:
    from eventwire.api.actors import _known_actors
    from eventwire.extract.actors import load_actor_kb
    from eventwire.geo import load_geoparser

    load_actor_kb.cache_clear()
    _known_actors.cache_clear()
    load_geoparser.cache_clear()


@pytest.fixture()
def user_dir(tmp_path, monkeypatch):
    folder = tmp_path / "eventwire-user"
    folder.mkdir()
    monkeypatch.setenv("EVENTWIRE_USER_DATA", str(folder))
    _clear_caches()
    yield folder
    _clear_caches()  # the next test gets the package's lists again
    from eventwire.geo.gazetteer import default_path
    from eventwire.geo.user_places import with_user_places

    if (folder / "places.csv").exists():
        try:
            overlay = with_user_places(default_path())
        except UserDataError:
            return
        if overlay != default_path():
            shutil.rmtree(overlay.parent, ignore_errors=True)  # a copy of the gazetteer: do not leave it behind


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_user_actor_codes_the_perpetrator(user_dir):
    before = extract_text(NAMED, date="2024-10-22", geo=False)
    assert [e.actor1 for e in before] == ["Unidentified Armed Group (Nigeria)"]
    (user_dir / "actors.csv").write_text(ACTORS)
    _clear_caches()
    (event,) = extract_text(NAMED, date="2024-10-22", geo=False)
    assert (event.actor1, event.inter1) == ("Dogo Gide Group", 3)
    assert any(ev.field == "actor1" and ev.text == "Dogo Gide" for ev in event.evidence)


def test_actors_lookup_mirrors_gazetteer_lookup(user_dir):
    (user_dir / "actors.csv").write_text(ACTORS)
    rows = [json.loads(x) for x in invoke("actors", "lookup", "Dogo Gide", "--limit", "3").stdout.splitlines()]
    assert rows[0] == {"name": "Dogo Gide Group", "inter": 3, "iso3": "NGA", "source": "user", "match": "text",
                       "matched": "Dogo Gide", "score": 110.0}
    extended = json.loads(invoke("actors", "lookup", "the Movement's fighters", "--limit", "1").stdout)
    assert (extended["name"], extended["source"]) == ("Hamas Movement", "eventwire+user")
    table = invoke("actors", "lookup", "Rapid Suport Forces", "--format", "table", "--country", "SD")
    assert "RSF: Rapid Support Forces" in table.stdout and "fuzzy" in table.stdout
    state = json.loads(invoke("actors", "lookup", "Sudanese army", "--limit", "1").stdout)
    assert (state["name"], state["match"]) == ("Military Forces of Sudan", "text")
    missing = invoke("actors", "lookup", "Nobody At All Brigade")
    assert missing.exit_code == 1 and "no actor called" in missing.stderr


@pytest.mark.parametrize(("content", "problem"), [
    ("canonical,aliases,inter\nDogo Gide Group,Dogo Gide,9\n", "line 2: inter must be an ACLED actor code 1-8"),
    ("canonical,country_iso3\nDogo Gide Group,NGX\n", "line 2: country_iso3 'NGX' is not an ISO 3166"),
    ("canonical,alias\nDogo Gide Group,Dogo Gide\n", "line 1: unknown column(s) 'alias'"),
    ("name,aliases\nDogo Gide Group,Dogo Gide\n", "missing column(s) 'canonical'"),
    ("canonical,aliases\nA Group,A\n,B\n", "line 3: the 'canonical' cell is empty"),
    ("canonical,aliases\nA Group,A\n\nA Group,B\n", "line 4: 'A Group' is listed twice (first on line 2)"),
])
def test_bad_actor_rows_name_the_file_line_and_problem(user_dir, content, problem):
    (user_dir / "actors.csv").write_text(content)
    result = invoke("actors", "lookup", "RSF")
    assert result.exit_code == 1
    assert str(user_dir / "actors.csv") in result.stderr and problem in result.stderr


@pytest.mark.parametrize(("row", "problem"), [
    ("x,Wad al-Nourah,,village,SD,,95,32.98,", "line 2: lat must be a number between -90 and 90, got '95'"),
    ("x,Wad al-Nourah,,village,SDN,,14.6,32.98,", "line 2: country_iso2 'SDN' is not an ISO 3166 alpha-2 code"),
    ("x,Wad al-Nourah,,hamlet,SD,,14.6,32.98,", "line 2: kind 'hamlet' is not one of: admin1"),
    ("x,Wad al-Nourah,,village,SD,,14.6,,", "line 2: the 'lon' cell is empty"),
])
def test_bad_place_rows_name_the_file_line_and_problem(user_dir, row, problem):
    (user_dir / "places.csv").write_text(PLACES.splitlines()[0] + "\n" + row + "\n")
    result = invoke("gazetteer", "lookup", "Wad al-Nourah")
    assert result.exit_code == 1
    assert f"{user_dir / 'places.csv'} {problem}" in result.stderr.replace("Error: ", "")


def test_a_user_place_is_in_the_gazetteer(user_dir):
    assert invoke("gazetteer", "lookup", "Wad al-Nourah").exit_code == 1
    (user_dir / "places.csv").write_text(PLACES)
    found = json.loads(invoke("gazetteer", "lookup", "Wad al Noura", "--limit", "1").stdout)
    assert (found["name"], found["source"], found["iso3"], found["kind"]) == ("Wad al-Nourah", "user", "SDN", "village")


@pytest.mark.slow  # builds the geoparser's name index for the gazetteer copy (about 20 s)
def test_a_user_place_locates_the_event(user_dir):
    (before,) = extract_text(WAD_AL_NOURAH, date="2024-06-06")
    assert (before.location, before.geo_precision) == ("Sudan", 3)
    (user_dir / "places.csv").write_text(PLACES)
    _clear_caches()
    (after,) = extract_text(WAD_AL_NOURAH, date="2024-06-06")
    assert (after.location, after.geo_precision, after.admin1) == ("Wad al-Nourah", 1, "Al Jazirah")
    assert (after.latitude, after.longitude) == (14.617, 32.983)


def test_user_lists_change_the_run_config_hash(user_dir):
    from eventwire.config import Settings
    from eventwire.geo.protocol import NullGeoparser
    from eventwire.run.local import run_info

    plain = run_info(Settings(), NullGeoparser()).config_hash
    (user_dir / "actors.csv").write_text(ACTORS)
    assert run_info(Settings(), NullGeoparser()).config_hash != plain
