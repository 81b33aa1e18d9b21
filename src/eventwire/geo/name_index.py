"""Name index: takes the gazetteer names the geoparser looks for, gives every word-bounded hit in text.

The index is a small SQLite file in the cache, beside the gazetteer it was built from (``<gazetteer>
.names-<digest>.sqlite``, about 10 MB). A process opens it in milliseconds and reads only the pages an article touches,
where unpickling the Aho-Corasick automaton it replaces took 0.3-0.7 s and 260 MB (2.3M trie nodes).

Why a table of word prefixes can replace the automaton: every key is a normalised name, so it starts and
ends with a letter or digit, and a hit only counts when the text around it is no letter or digit. A hit
therefore starts where a run of letters/digits of the text starts and ends where one ends. The table
holds every key and every prefix of a key that ends at the end of one of its runs; matching extends each
run of the text one run at a time while the text so far is such a prefix, with one indexed ``IN`` query
per step for the whole article. The hits are exactly the automaton's word-bounded hits.

The file is written to a temporary name and renamed into place, so concurrent processes never read half
a file; one that is unreadable, cut short or for other inputs is rebuilt, never trusted.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

#: Bump when the file's layout or the matching rule changes.
NAME_INDEX_VERSION = "1"
#: Flags of a row: the text is a key, and/or a prefix of a longer key (see the module docstring).
KEY, PREFIX = 1, 2
#: How many looked-up texts a process remembers (a few MB) before it forgets them all.
MEMO_SIZE = 200_000
#: A run of letters and digits: ``[^\W_]`` is exactly ``str.isalnum`` per character.
_RUN_RE = re.compile(r"[^\W_]+")
_SCHEMA = """
CREATE TABLE keys (key TEXT PRIMARY KEY, flags INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
#: The named key sets stored beside the keys (see ``MatchKey``), each in one ``meta`` row ``set:<name>``
#: (its keys joined by newlines: read whole at every start, 20,000 keys in a few milliseconds).
SET_NAMES = ("demonyms", "major", "actors")


class MatchKey(NamedTuple):
    """One name to look for: its normalised key, whether it is only a demonym, whether it is major."""

    key: str
    demonym: bool = False
    major: bool = False


def _rows(keys: Iterable[str]) -> dict[str, int]:
    """Flags of every key and every run-end prefix of a key."""
    flags: dict[str, int] = {}
    for key in keys:
        flags[key] = flags.get(key, 0) | KEY
        if key.isalnum():  # one run: no prefix (most keys)
            continue
        for run in _RUN_RE.finditer(key):
            if run.end() < len(key):
                prefix = key[: run.end()]
                flags[prefix] = flags.get(prefix, 0) | PREFIX
    return flags


def write_name_index(path: Path, keys: Iterable[str], sets: dict[str, Iterable[str]], spec: str) -> Path:
    """Write the index of ``keys`` (plus the named ``sets``) to ``path`` atomically.

    Keys that do not start and end with a letter or digit cannot be found by word-bounded matching (no
    normalised name is like that) and are left out with a warning.
    """
    every = set(keys)
    good = {k for k in every if k and k[0].isalnum() and k[-1].isalnum()}
    if every - good:
        log.warning("name index: %d keys do not start and end with a letter or digit, skipped (e.g. %r)",
                    len(every - good), min(every - good))
    flags = _rows(good)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        con = sqlite3.connect(tmp)
        try:
            con.executescript(_SCHEMA)
            con.executemany("INSERT INTO keys VALUES (?,?)", ((k, flags[k]) for k in sorted(flags)))
            meta = {"version": NAME_INDEX_VERSION, "spec": spec, "keys": str(len(good)),
                    **{f"set:{name}": "\n".join(sorted(set(members))) for name, members in sets.items()}}
            con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _complete(con: sqlite3.Connection, path: Path) -> bool:
    """The file is as long as SQLite says it wrote (a file cut short would fail mid-article otherwise)."""
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    return bool(pages) and pages * size == path.stat().st_size


class NameIndex:
    """Read-only name index. Thread-safe (one connection, a lock around each query); a forked child opens
    its own connection."""

    def __init__(self, path: Path, spec: str) -> None:
        """Open ``path``; ``ValueError`` when it is not a complete index built for ``spec``."""
        self.path = path
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._con = self._connect()
        try:
            meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("version") != NAME_INDEX_VERSION or meta.get("spec") != spec:
                raise ValueError(f"{path} was built for other inputs")
            if not _complete(self._con, path):
                raise ValueError(f"{path} is cut short")
        except (sqlite3.DatabaseError, ValueError):
            self._con.close()
            raise
        members = {name: frozenset(filter(None, meta.get(f"set:{name}", "").split("\n"))) for name in SET_NAMES}
        self.demonyms = members["demonyms"]
        self.major = members["major"]
        self.actors = members["actors"]
        self._limit = self._con.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self._memo: dict[str, int] = {}

    def _connect(self) -> sqlite3.Connection:
        # immutable: the file is never changed in place (it is replaced whole), so SQLite takes no locks
        return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                               check_same_thread=False)

    def _known(self, texts: list[str]) -> dict[str, int]:
        """A dict holding the flags of every one of ``texts`` (0: neither key nor prefix).

        Looked-up texts are remembered (articles repeat most of their words), so a warm process rarely
        queries; each new batch goes into the memo in one ``update``, so a thread reading it without the
        lock never sees half of one."""
        memo = self._memo
        if all(t in memo for t in texts):
            return memo
        with self._lock:
            memo = self._memo
            unknown = list({t for t in texts if t not in memo})
            if len(memo) + len(unknown) > MEMO_SIZE:  # forget everything rather than grow without bound
                memo = self._memo = {}
                unknown = list(set(texts))
            if self._pid != os.getpid():  # a connection must not cross a fork
                self._con, self._pid = self._connect(), os.getpid()
            found = dict.fromkeys(unknown, 0)
            for i in range(0, len(unknown), self._limit):
                chunk = unknown[i : i + self._limit]
                marks = ",".join("?" * len(chunk))
                found.update(self._con.execute(f"SELECT key, flags FROM keys WHERE key IN ({marks})", chunk))
            memo.update(found)
        return memo

    def word_matches(self, norm: str) -> list[tuple[int, int, str]]:
        """Every word-bounded hit ``(start, end, key)`` in normalised text, longest first, then left to right."""
        spans = [m.span() for m in _RUN_RE.finditer(norm)]
        last = len(spans) - 1
        hits: list[tuple[int, int, str]] = []
        # Candidates of ``width`` runs after the first, by the index of their first run: first every run
        # alone, then those that are a key's prefix one run longer.
        firsts: list[int] = list(range(len(spans)))
        texts: list[str] = _RUN_RE.findall(norm)
        width = 0
        while firsts:
            memo = self._known(texts)
            longer = []
            for i, text in zip(firsts, texts, strict=True):
                flags = memo[text]
                if flags:
                    if flags & KEY:
                        hits.append((spans[i][0], spans[i + width][1], text))
                    if flags & PREFIX and i + width < last:
                        longer.append(i)
            firsts, width = longer, width + 1
            texts = [norm[spans[i][0] : spans[i + width][1]] for i in firsts]
        hits.sort(key=lambda h: (h[0] - h[1], h[0]))
        return hits

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._con.close()


def open_name_index(path: Path, spec: str, keys: Iterable[MatchKey] = (),
                    sets: Callable[[], dict[str, Iterable[str]]] | None = None,
                    stale: Callable[[], Iterable[Path]] = lambda: ()) -> NameIndex:
    """The index at ``path`` built for ``spec``; built first when it is missing, unreadable, cut short or
    for other inputs (only then are ``keys`` consumed and ``sets`` called).

    Args:
        path: The cache file.
        spec: Everything the keys depend on (gazetteer version, parser rules); stored and checked.
        keys: The names to look for, with whether each is a demonym or a major place.
        sets: Gives further named key sets to store (``actors``).
        stale: Gives the cache files a new build makes obsolete (deleted after it).
    """
    if path.exists():
        try:
            return NameIndex(path, spec)
        except (sqlite3.DatabaseError, ValueError, OSError) as exc:
            log.warning("name index %s cannot be used (%s): building it again", path, exc)
    from eventwire.run.progress import progress_display

    log.info("building the geoparser's name index %s (seconds, once per gazetteer)", path)
    names: set[str] = set()
    demonyms: set[str] = set()
    major: set[str] = set()
    with progress_display() as progress:
        for n, k in enumerate(keys, start=1):
            (demonyms if k.demonym else names).add(k.key)
            if k.major:
                major.add(k.key)
            if n % 50_000 == 0:
                progress.update(**{"name index: names read": n})
        progress.update(**{"name index: keys written": len(names | demonyms)})
        # a key that is a place name as well as a demonym is matched as a name
        stored = {"demonyms": demonyms - names, "major": major, **(sets() if sets else {})}
        try:
            write_name_index(path, names | demonyms, stored, spec)
        except (OSError, sqlite3.Error) as exc:
            # a cache folder this process cannot write to (read-only, full) costs it only a private copy
            log.warning("cannot write the name index %s (%s): using a temporary one", path, exc)
            folder = Path(tempfile.mkdtemp(prefix="eventwire-names-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            return NameIndex(write_name_index(folder / path.name, names | demonyms, stored, spec), spec)
    for old in stale():
        if old != path:
            old.unlink(missing_ok=True)
    return NameIndex(path, spec)
