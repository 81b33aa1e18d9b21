"""Gazetteer lookup: takes a place name (and optionally a country hint), gives ranked candidates.

``open_gazetteer()`` opens the built SQLite file (building it on first use). Every lookup is an index
hit on the ``names`` table (exact normalised keys) or the ``loose`` table (transliteration keys); only
when both miss does rapidfuzz score a small candidate set sharing the name's first letters.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from eventwire.config import cache_dir
from eventwire.geo.build import CURATED_DIR, GAZETTEER_VERSION, build_gazetteer, inputs_digest
from eventwire.geo.normalize import loose_key, normalize, split_generic
from eventwire.model import Place

log = logging.getLogger(__name__)

#: Prior weight of each kind of place for a bare name: countries beat provinces beat towns.
KIND_PRIOR: dict[str, float] = {
    "continent": 6.0,
    "country": 3.0,
    "admin1": 2.2,
    "sea": 4.5,
    "gulf": 4.0,
    "strait": 4.0,
    "region": 4.5,
    "admin2": -1.0,
    "admin3": -1.0,
    "city": 0.0,
    "airbase": 0.6,
    "airport": -0.5,
    "military_base": 0.6,
    "camp": 0.8,
    "crossing": 0.8,
}
#: Weight of log10(population) and the bonus of national capitals in the rank score.
RANK_WEIGHTS: dict[str, float] = {"population": 0.8, "capital": 3.0}
#: How much each way of matching a name is trusted.
MATCH_WEIGHT: dict[str, float] = {
    "name": 1.0,
    "alias": 0.7,
    "code": 0.5,
    "loose": 0.6,
    "core": 0.7,
    "demonym": 0.3,
    "fuzzy": 0.0,
}
#: Unit words US counties and parishes are named with, which news drops ("Suffolk" for Suffolk County).
BARE_UNIT_HEADS = ("County", "Parish")
#: Kinds that name a site rather than a settlement: a generic hint ("camp", "air base") prefers them.
SITE_KINDS = frozenset(
    {
        "airbase",
        "airport",
        "military_base",
        "camp",
        "crossing",
        "neighbourhood",
        "port",
        "oilfield",
        "site",
    }
)
_HINT_KINDS: dict[str, frozenset[str]] = {
    "airbase": frozenset({"airbase", "airport", "military_base"}),
    "airport": frozenset({"airport", "airbase"}),
    "military_base": frozenset({"military_base", "airbase"}),
    "admin1": frozenset({"admin1", "region"}),
    "admin2": frozenset({"admin2", "admin1", "admin3"}),
    "admin3": frozenset({"admin3", "admin2"}),
    "city": frozenset({"city", "village", "neighbourhood"}),
    "village": frozenset({"city", "village"}),
}
_COLUMNS = "id, name, kind, feature_code, country_iso2, iso3, admin1, admin2, lat, lon, population, source, geonameid"


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """One gazetteer entry that a name may refer to, with how it matched and its rank score."""

    place_id: str
    name: str
    kind: str
    feature_code: str | None
    country: str | None
    country_iso2: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int
    source: str
    geonameid: str | None
    match: str = "name"
    score: float = 0.0

    def to_place(self, precision: int = 1, surface: str | None = None) -> Place:
        """The model ``Place`` of this candidate at the given geo precision.

        ``surface`` is the text that named it; see ``display_name``.
        """
        return Place(
            name=display_name(self.name, surface),
            latitude=self.latitude,
            longitude=self.longitude,
            country=self.country,
            iso3=self.iso3,
            admin1=self.admin1,
            admin2=self.admin2,
            feature_code=self.feature_code,
            geonameid=self.geonameid or self.place_id,
            population=self.population,
            source=self.source,
            precision=precision,
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``gazetteer lookup`` output row."""
        return {
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "iso3": self.iso3,
            "admin1": self.admin1,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "population": self.population,
            "source": self.source,
            "id": self.place_id,
            "geonameid": self.geonameid,
            "feature_code": self.feature_code,
            "match": self.match,
            "score": round(self.score, 3),
        }


def default_path() -> Path:
    """Where the built gazetteer lives: ``<cache_dir>/gazetteer-<version>-<inputs digest>.sqlite``."""
    return cache_dir() / f"gazetteer-{GAZETTEER_VERSION}-{inputs_digest()}.sqlite"


def open_gazetteer(path: Path | str | None = None, *, build: bool = True) -> Gazetteer:
    """Open the gazetteer at ``path`` (default: the cache), building it first if it is missing."""
    target = Path(path) if path is not None else default_path()
    if not target.exists():
        if not build:
            raise FileNotFoundError(f"no gazetteer at {target}; run `eventwire gazetteer build`")
        log.info("gazetteer not found at %s: building it now (about a minute, once)", target)
        build_gazetteer(target, curated_dir=CURATED_DIR)
    elif not is_complete(target):
        if not build:
            raise ValueError(f"the gazetteer at {target} is damaged; run `eventwire gazetteer build --force`")
        log.warning("gazetteer %s is cut short or of another version: building it again", target)
        build_gazetteer(target, curated_dir=CURATED_DIR, force=True)
    if path is None:  # the default gazetteer gains the user's own places.csv (see geo/user_places.py)
        from eventwire.geo.user_places import with_user_places

        target = with_user_places(target)
    return Gazetteer(target)


def is_complete(path: Path) -> bool:
    """Whether ``path`` is a whole gazetteer file of this build version: a copy cut short, or another
    file under its name, is built again instead of failing in the middle of a run (a millisecond)."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            pages = con.execute("PRAGMA page_count").fetchone()[0]
            page_size = con.execute("PRAGMA page_size").fetchone()[0]
            version = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        finally:
            con.close()
        return bool(pages * page_size == path.stat().st_size and version == (GAZETTEER_VERSION,))
    except (sqlite3.DatabaseError, OSError):
        return False


def _score(c: Candidate, match: str, country: str | None, hint: str | None) -> float:
    """Rank score: how it matched, kind of place, population, agreement with hints."""
    score = MATCH_WEIGHT.get(match, 0.0) * 4
    score += KIND_PRIOR.get(c.kind, 0.4 if c.source == "curated" else 0.0)
    score += math.log10(c.population + 1) * RANK_WEIGHTS["population"]
    if c.source == "curated":
        score += 1.0
    if c.feature_code == "PPLC" and match == "name":
        score += RANK_WEIGHTS["capital"]  # "Washington" is the capital before it is the state
    if hint and (c.kind == hint or c.kind in _HINT_KINDS.get(hint, ())):
        score += 4.0
    elif hint in SITE_KINDS and c.kind not in SITE_KINDS:
        score -= 2.0
    if country and country.upper() in (c.country_iso2, c.iso3):
        score += 5.0
    return score


def _prefer_namesake_cities(cands: list[Candidate]) -> list[Candidate]:
    """A big city named like its province ("Rafah", "Kyiv", "Alexandria") is what a bare name means."""
    out = []
    for c in cands:
        if c.kind == "city" and c.match in ("name", "alias"):
            for a in cands:
                if (
                    a.kind == "admin1"
                    and a.country_iso2 == c.country_iso2
                    and c.admin1 == a.name
                    and c.population >= 0.1 * a.population
                    and a.score >= c.score
                ):
                    c = replace(c, score=a.score + 0.01)
        out.append(c)
    return out


class Gazetteer:
    """Read-only access to a built gazetteer file. Thread-safe: one SQLite connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    @cached_property
    def meta(self) -> dict[str, str]:
        """The build's version and source checksums."""
        return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    @cached_property
    def country_names(self) -> dict[str, str]:
        """ISO alpha-2 → country name."""
        rows = self._con.execute("SELECT country_iso2, name FROM places WHERE kind = 'country'").fetchall()
        return {iso2: name for iso2, name in rows if iso2}

    @property
    def version(self) -> str:
        """``<version>-<first 12 hex of the content checksum>``: changes whenever the data does."""
        return f"{self.meta.get('version', '?')}-{self.meta.get('content_sha256', '')[:12]}"

    def counts(self) -> dict[str, int]:
        """Number of places per kind, plus the number of indexed names."""
        rows = self._con.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind ORDER BY kind").fetchall()
        out = {kind: n for kind, n in rows}
        out["names"] = self._con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return out

    def _candidates(self, rows: Iterable[tuple[Any, ...]], match: str) -> Iterator[Candidate]:
        names = self.country_names
        for r in rows:
            yield Candidate(
                place_id=r[0],
                name=r[1],
                kind=r[2],
                feature_code=r[3],
                country=names.get(r[4] or ""),
                country_iso2=r[4],
                iso3=r[5],
                admin1=r[6],
                admin2=r[7],
                latitude=r[8],
                longitude=r[9],
                population=r[10] or 0,
                source=r[11] or "",
                geonameid=r[12],
                match=match,
            )

    def exact(self, key: str) -> list[Candidate]:
        """Places one of whose normalised names is ``key`` (already normalised)."""
        rows = self._con.execute(
            f"SELECT {_COLUMNS}, n.match FROM names n JOIN places p ON p.id = n.place_id WHERE n.norm_name = ?",
            (key,),
        ).fetchall()
        out: list[Candidate] = []
        for row in rows:
            out.extend(self._candidates([row[:-1]], row[-1]))
        return out

    def loose(self, key: str) -> list[Candidate]:
        """Places whose transliteration key is ``key`` (see ``normalize.loose_key``)."""
        rows = self._con.execute(
            f"SELECT {_COLUMNS} FROM loose l JOIN places p ON p.id = l.place_id WHERE l.loose_key = ?", (key,)
        ).fetchall()
        return list(self._candidates(rows, "loose"))

    def by_id(self, place_id: str) -> Candidate | None:
        """One place by its id (``gn:<geonameid>``, ``cur:<id>``, ``ap:<ICAO>``)."""
        rows = self._con.execute(f"SELECT {_COLUMNS} FROM places WHERE id = ?", (place_id,)).fetchall()
        return next(self._candidates(rows, "name"), None)

    def country(self, code: str) -> Candidate | None:
        """The country record of an ISO alpha-2 or alpha-3 code."""
        return self._countries.get(code.upper())

    @cached_property
    def _countries(self) -> dict[str, Candidate]:
        # Event location asks for a country once per event; ~250 rows read once beat a query each time
        # (an OR over two code columns cannot use the index, and cost ~0.1 s per call).
        rows = self._con.execute(f"SELECT {_COLUMNS} FROM places WHERE kind = 'country' ORDER BY id").fetchall()
        by_code: dict[str, Candidate] = {}
        for candidate in self._candidates(rows, "name"):
            for code in (candidate.country_iso2, candidate.iso3):
                if code:
                    by_code.setdefault(code.upper(), candidate)
        return by_code

    def country_box(self, iso2: str) -> tuple[float, float, float, float] | None:
        """(south, north, west, east) of the country's GeoNames towns: islands included."""
        row = self._con.execute(
            "SELECT MIN(lat), MAX(lat), MIN(lon), MAX(lon) FROM places WHERE country_iso2 = ? AND kind = 'city'",
            (iso2.upper(),),
        ).fetchone()
        return None if row is None or row[0] is None else (row[0], row[1], row[2], row[3])

    def _fuzzy(self, key: str, limit: int) -> list[Candidate]:
        """rapidfuzz over names sharing the key's first three characters (a small, indexed range)."""
        from rapidfuzz import fuzz, process

        if len(key) < 5:
            return []
        prefix = key[:3]
        keys = [
            k
            for (k,) in self._con.execute(
                "SELECT DISTINCT norm_name FROM names WHERE norm_name >= ? AND norm_name < ? LIMIT 5000",
                (prefix, prefix + "\uffff"),
            )
        ]
        best = process.extract(key, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=85)
        out: list[Candidate] = []
        for k, ratio, _ in best:
            out.extend(replace(c, match="fuzzy", score=(ratio - 85) / 5) for c in self.exact(k))
        return out

    def raw_candidates(self, name: str) -> list[Candidate]:
        """Every candidate for ``name`` with its best match type, unranked."""
        key = normalize(name)
        found = {c.place_id: c for c in self.exact(key)}
        split = split_generic(name)
        if split.kind and split.core != key:
            for c in self.exact(split.core):
                found.setdefault(c.place_id, replace(c, match="core"))
        if not found or all(c.match in ("code", "demonym") for c in found.values()):
            for c in self.loose(loose_key(name)) + (self.loose(loose_key(split.core)) if split.kind else []):
                found.setdefault(c.place_id, c)
        return list(found.values())

    def lookup(self, name: str, country: str | None = None, limit: int = 10) -> list[Candidate]:
        """Candidates for ``name`` ranked best first.

        Args:
            name: A place name as written ("Khan Younis", "Ovda Air Base", "Kharkov oblast").
            country: Optional ISO alpha-2/alpha-3 hint; matching candidates rank higher.
            limit: Maximum number of candidates.
        """
        hint = split_generic(name).kind
        cands = self.raw_candidates(name)
        if not cands:
            cands = self._fuzzy(normalize(name), limit)
        ranked = [replace(c, score=c.score + _score(c, c.match, country, hint)) for c in cands]
        if hint is None:
            ranked = _prefer_namesake_cities(ranked)
        ranked.sort(key=lambda c: (-c.score, c.place_id))
        return ranked[:limit]

    def bare_county_readings(self, name: str) -> list[Candidate]:
        """US counties and parishes that a bare name may mean: American news writes "Suffolk", "DeKalb"
        or "Osceola" for Suffolk County, DeKalb County, Osceola County, which the gazetteer holds only under
        their full names. Scored as a "core" match (the name without its unit word), so the town that
        carries the bare name keeps the prior and the article's context decides."""
        out = []
        for head in BARE_UNIT_HEADS:
            for c in self.exact(normalize(f"{name} {head}")):
                if c.kind == "admin2" and c.country_iso2 == "US" and c.match == "name":
                    out.append(replace(c, match="core", score=_score(c, "core", None, None)))
        return out

    def names_for_matching(self, min_population: int) -> Iterator[tuple[str, str, str, int]]:
        """(norm_name, match, kind, population) of every name worth looking for in text, sorted."""
        yield from self._con.execute(
            """SELECT n.norm_name, n.match, p.kind, p.population FROM names n JOIN places p ON p.id = n.place_id
               WHERE n.match IN ('name', 'alias', 'demonym')
                 AND (p.kind != 'city' OR p.population >= ? OR n.match = 'name')
                 AND p.kind NOT IN ('airport')
               ORDER BY n.norm_name""",
            (min_population,),
        )

    def close(self) -> None:
        """Close this thread's connection."""
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


def display_name(name: str, surface: str | None = None) -> str:
    """The place name to report: the plain English form analysts search for, as ACLED writes it.

    GeoNames' main names carry transliteration marks ("Khān Yūnis", "Janīn"). When the article named the
    place in plain letters ("Khan Younis"), that spelling is kept; otherwise the marks are dropped.
    """
    if name.isascii():
        return name
    if surface and surface.isascii() and surface[:1].isupper():
        return surface
    from unidecode import unidecode  # only needed for the few names with marks

    return unidecode(name)
