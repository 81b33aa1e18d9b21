"""The user's own places: takes ``places.csv`` from the user data folder, gives a gazetteer that knows them.

The built gazetteer is never edited. When the user has places, a copy of it gains their rows (ids
``usr:<id>``, source ``user``) in a folder of the cache named after both files' contents
(``<cache>/user-places/<digest>/``), so editing ``places.csv`` makes a fresh copy on the next command
(a second; the geoparser's name index for it is built once, beside it) and the shared gazetteer and its
index stay as they are. Rows are checked on load (``eventwire.userdata``): a bad row is an error naming
the file and line, never a silently missing place.

Columns: ``id,name,aliases,kind,country_iso2,admin1,admin2,lat,lon,population,note`` — ``id``, ``name``,
``country_iso2``, ``lat`` and ``lon`` are required; ``aliases`` are separated by ``|``; ``kind`` is one of
the gazetteer's kinds (``town``, ``village``, ``camp``, ``site``...; default ``site``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from eventwire.config import cache_dir
from eventwire.errors import UserDataError
from eventwire.geo.build import KIND_FEATURE, PlaceRecord, _name_rows
from eventwire.userdata import PLACE_FILE, read_rows, user_file

PLACE_COLUMNS = ("id", "name", "aliases", "kind", "country_iso2", "admin1", "admin2", "lat", "lon", "population",
                 "note")
PLACE_REQUIRED = ("id", "name", "country_iso2", "lat", "lon")
#: Kinds a user place may have (the gazetteer's; ``country`` and ``continent`` are not the user's to add).
USER_KINDS = tuple(k for k in KIND_FEATURE if k not in ("country", "continent"))


def user_place_records(path: Path) -> list[PlaceRecord]:
    """The rows of a user ``places.csv``, checked; ``UserDataError`` names the file, line and problem."""
    import pycountry

    records: list[PlaceRecord] = []
    seen: dict[str, int] = {}
    for line, row in read_rows(path, PLACE_COLUMNS, PLACE_REQUIRED):
        def problem(message: str, line: int = line) -> UserDataError:
            return UserDataError(message, origin=str(path), line=line)

        lat, lon = _coordinate(row["lat"], 90, "lat", problem), _coordinate(row["lon"], 180, "lon", problem)
        country = pycountry.countries.get(alpha_2=row["country_iso2"].upper())
        if country is None:
            raise problem(f"country_iso2 {row['country_iso2']!r} is not an ISO 3166 alpha-2 code (e.g. SD, UA)")
        kind = (row.get("kind") or "site").lower()
        if kind not in USER_KINDS:
            raise problem(f"kind {row['kind']!r} is not one of: {', '.join(USER_KINDS)}")
        population = row.get("population") or "0"
        if not population.isdigit():
            raise problem(f"population must be a whole number, got {population!r}")
        if row["id"] in seen:
            raise problem(f"id {row['id']!r} is used twice (first on line {seen[row['id']]}); ids must be unique")
        seen[row["id"]] = line
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        records.append(PlaceRecord(
            id=f"usr:{row['id']}", name=row["name"], kind=kind, feature_code=KIND_FEATURE[kind],
            country_iso2=country.alpha_2, iso3=country.alpha_3, admin1=row.get("admin1") or None,
            admin2=row.get("admin2") or None, lat=lat, lon=lon, population=int(population), source="user",
            geonameid=None,
            names=frozenset({(row["name"], "name")} | {(a, "alias") for a in aliases if a != row["name"]})))
    return records


def _coordinate(text: str, limit: int, column: str, problem: Callable[[str], UserDataError]) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not -limit <= value <= limit:  # also false for NaN
        raise problem(f"{column} must be a number between {-limit} and {limit}, got {text!r}")
    return value


def with_user_places(base: Path) -> Path:
    """The gazetteer to open: ``base`` itself, or its copy with the user's places when there are any."""
    path = user_file(PLACE_FILE)
    if path is None:
        return base
    records = user_place_records(path)  # checked even when a copy exists: a broken file is always an error
    if not records:
        return base
    digest = hashlib.sha256(base.name.encode() + b"\0" + path.read_bytes()).hexdigest()[:12]
    folder = cache_dir() / "user-places" / digest
    target = folder / base.name
    from eventwire.geo.gazetteer import is_complete

    if not target.exists() or not is_complete(target):
        _write_overlay(base, target, records, digest)
    return target


def _write_overlay(base: Path, target: Path, records: list[PlaceRecord], digest: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.parent.iterdir():  # copies for older versions of the user's file
        if stale != target.parent and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")  # processes making it at once never share one
    shutil.copyfile(base, tmp)
    con = sqlite3.connect(tmp)
    try:
        with con:
            con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [
                (r.id, r.name, r.kind, r.feature_code, r.country_iso2, r.iso3, r.admin1, r.admin2, r.lat, r.lon,
                 r.population, r.source, r.geonameid) for r in records])
            for record in records:
                names, loose = _name_rows(record)
                con.executemany("INSERT OR REPLACE INTO names VALUES (?,?,?)", sorted(names))
                con.executemany("INSERT OR REPLACE INTO loose VALUES (?,?)", sorted(loose))
            # A new content checksum: the geoparser's cached name index is keyed by it.
            old = dict(con.execute("SELECT key, value FROM meta").fetchall())
            checksum = hashlib.sha256((old.get("content_sha256", "") + digest).encode()).hexdigest()
            meta = {"content_sha256": checksum, "user_places": json.dumps({"file": PLACE_FILE, "rows": len(records),
                                                                           "digest": digest})}
            con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", sorted(meta.items()))
    finally:
        con.close()
    tmp.replace(target)
