"""The user's own lists: CSV files in a user data folder that extend the built-in actors and places.

The folder is ``EVENTWIRE_USER_DATA``, else ``$XDG_CONFIG_HOME/eventwire``, else ``~/.config/eventwire``.
Two files are read when present (see README "Your own actors and places" for the columns):

    actors.csv   canonical,aliases,acronym,country_iso3,inter,kind,note   (same columns as the package's)
    places.csv   id,name,aliases,kind,country_iso2,admin1,admin2,lat,lon,population,note

Every row is checked when the file is loaded; a problem raises ``UserDataError`` naming the file, the
line and what to change, never a silently skipped row. Loading is cheap and happens once per process
(the actor KB and the gazetteer are cached), so an edited file takes effect in the next command.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from eventwire.errors import UserDataError

ACTOR_FILE = "actors.csv"
PLACE_FILE = "places.csv"
ACTOR_COLUMNS = ("canonical", "aliases", "acronym", "country_iso3", "inter", "kind", "note")
ACTOR_REQUIRED = ("canonical",)


def user_data_dir() -> Path:
    """``EVENTWIRE_USER_DATA``, else ``$XDG_CONFIG_HOME/eventwire``, else ``~/.config/eventwire``."""
    env = os.environ.get("EVENTWIRE_USER_DATA")
    if env:
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "eventwire"


def user_file(name: str) -> Path | None:
    """The user's file ``name`` if it exists."""
    path = user_data_dir() / name
    return path if path.is_file() else None


def user_data_digest() -> str:
    """A short hash of the user's list files ('' when there are none): part of every run's config hash."""
    digest = hashlib.sha256()
    found = False
    for name in (ACTOR_FILE, PLACE_FILE):
        path = user_file(name)
        if path is not None:
            digest.update(name.encode() + b"\0" + path.read_bytes())
            found = True
    return digest.hexdigest()[:12] if found else ""


def read_rows(path: Path, columns: Sequence[str], required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` of a user CSV whose header holds only ``columns`` and all of ``required``.

    Cells are stripped; blank lines and lines starting with ``#`` are skipped.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserDataError(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8 CSV",
                            origin=str(path)) from exc
    except OSError as exc:
        raise UserDataError(f"cannot be read ({exc.strerror}); check its permissions", origin=str(path)) from exc
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return
    reader = csv.reader([line for _, line in lines])
    header = [h.strip() for h in next(reader)]
    _check_header(path, lines[0][0], header, columns, required)
    for (number, _), cells in zip(lines[1:], reader, strict=False):
        if len(cells) > len(header):
            raise UserDataError(f"{len(cells)} cells but the header has {len(header)} columns; quote cells that "
                                "hold commas", origin=str(path), line=number)
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        for name in required:
            if not row.get(name):
                raise UserDataError(f"the {name!r} cell is empty; every row needs one", origin=str(path),
                                    line=number)
        yield number, row


def _check_header(path: Path, line: int, header: list[str], columns: Sequence[str], required: Sequence[str]) -> None:
    unknown = [h for h in header if h not in columns]
    missing = [c for c in required if c not in header]
    if unknown or missing:
        problems = ([f"unknown column(s) {', '.join(map(repr, unknown))}"] if unknown else []) + (
            [f"missing column(s) {', '.join(map(repr, missing))}"] if missing else [])
        raise UserDataError(f"{'; '.join(problems)}; the columns are: {','.join(columns)}", origin=str(path),
                            line=line)


def user_actor_rows() -> list[dict[str, str]]:
    """The user's ``actors.csv`` rows, checked, in the package's column format ([] when there is none)."""
    import pycountry

    path = user_file(ACTOR_FILE)
    if path is None:
        return []
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for line, row in read_rows(path, ACTOR_COLUMNS, ACTOR_REQUIRED):
        def problem(message: str, line: int = line) -> UserDataError:
            return UserDataError(message, origin=str(path), line=line)

        if row.get("inter") and (not row["inter"].isdigit() or not 1 <= int(row["inter"]) <= 8):
            raise problem(f"inter must be an ACLED actor code 1-8 (1 State forces, 2 Rebel group, "
                                f"3 Political militia, 4 Identity militia, 5 Rioters, 6 Protesters, 7 Civilians, "
                                f"8 External/Other forces), got {row['inter']!r}")
        iso3 = row.get("country_iso3", "").upper()
        if iso3 and pycountry.countries.get(alpha_3=iso3) is None:
            raise problem(f"country_iso3 {row['country_iso3']!r} is not an ISO 3166 alpha-3 code (e.g. SDN, UKR)")
        if row["canonical"] in seen:
            raise problem(f"{row['canonical']!r} is listed twice (first on line {seen[row['canonical']]}); "
                          "put every alias of one actor on one row, separated by |")
        seen[row["canonical"]] = line
        rows.append({**{c: row.get(c, "") for c in ACTOR_COLUMNS}, "country_iso3": iso3})
    return rows
