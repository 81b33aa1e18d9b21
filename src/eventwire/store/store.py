"""The store: takes batches of ArticleResult and Rejection records, gives durable, idempotent rows.

Every write is one transaction (a batch commits whole or not at all), so a run killed at any moment and
started again finds each article either fully stored (skipped as unchanged) or absent (extracted again).
Re-ingesting an article with the same id and text hash is a no-op; a changed text becomes the next
version of the article and replaces its events. Each batch also brings the fused events up to date
(``eventwire.store.fusion``) in the same transaction. Reads live in ``eventwire.api.query``.

Several processes may write one SQLite store at once: a writer waits for the lock (the busy timeout of
``eventwire.store.engine``), and a transaction that still finds the database locked or busy is retried
whole (``WRITE_ATTEMPTS`` times) before a ``StoreError`` says which database and what to do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from eventwire.errors import StoreError
from eventwire.model import Article, ArticleResult, Event, Rejection
from eventwire.store import schema
from eventwire.store.changes import events_of_articles, record_changes
from eventwire.store.engine import WRITE_OPTION, busy_timeout_ms, create_engine, to_url
from eventwire.store.fusion import clusters_of, refuse
from eventwire.store.migrations import CURRENT_VERSION, current_version, migrate

log = logging.getLogger(__name__)

#: Article ids per ``IN (...)`` lookup; well under SQLite's bound-parameter limit.
_LOOKUP_CHUNK = 500
#: Times one write transaction is tried while the database stays locked by other writers.
WRITE_ATTEMPTS = 3
T = TypeVar("T")
_ACTOR_ROLES = (("actor1", "inter1"), ("actor2", "inter2"), ("assoc_actor_1", None), ("assoc_actor_2", None))


@dataclass(frozen=True, kw_only=True, slots=True)
class RunInfo:
    """The versions a run was made with; stamped (through ``run_id``) on every event it writes."""

    run_id: str
    eventwire_version: str
    extractor_version: str
    model_version: str
    gazetteer_version: str
    config_hash: str


@dataclass(frozen=True, kw_only=True, slots=True)
class BatchOutcome:
    """What one committed batch changed."""

    ingested: int = 0
    unchanged: int = 0
    events: int = 0
    rejections: int = 0


def text_hash(text: str) -> str:
    """The hash that decides whether an article's text changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_iso() -> str:
    """The current UTC time as an ISO-8601 string (how the store keeps timestamps)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A migrated database behind an SQLAlchemy engine. Open with ``open_store``; close when done."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        """Where the store is, for people: a SQLite file's absolute path, else the URL without password."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database:
            return str(Path(url.database).resolve())
        return url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A connection for reads (never blocks a writer under SQLite WAL)."""
        with _store_errors(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """One write transaction: committed on exit, rolled back on error."""
        with _store_errors(), self.engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    def write_retrying(self, work: Callable[[sa.Connection], T]) -> T:
        """Run ``work`` in one write transaction, again (whole) while the database is locked or busy.

        Raises:
            StoreError: still locked after ``WRITE_ATTEMPTS`` tries, each waiting the busy timeout;
                the message names the database and says what to do.
        """
        def attempt() -> T:
            with self.write() as conn:
                return work(conn)

        return retry_locked(attempt, self.url)

    def known_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Text hashes of the stored articles among ``ids`` (absent ids are not in the result)."""
        ids = list(dict.fromkeys(ids))
        return retry_locked(lambda: self._known_hashes(ids), self.url)

    def _known_hashes(self, ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        a = schema.articles
        with self.read() as conn:
            for i in range(0, len(ids), _LOOKUP_CHUNK):
                query = sa.select(a.c.id, a.c.text_hash).where(a.c.id.in_(ids[i : i + _LOOKUP_CHUNK]))
                found.update({row.id: row.text_hash for row in conn.execute(query)})
        return found

    def begin_run(self, info: RunInfo) -> None:
        """Record a run as started (committed at once, so even a killed run leaves its trace)."""
        self.write_retrying(lambda conn: conn.execute(
            sa.insert(schema.runs).values(started_at=now_iso(), **_asdict(info))))

    def finish_run(self, run_id: str, counts: Mapping[str, Any]) -> None:
        """Record a run as finished, with its counts."""
        self.write_retrying(lambda conn: conn.execute(
            sa.update(schema.runs)
            .where(schema.runs.c.run_id == run_id)
            .values(finished_at=now_iso(), counts=json.dumps(counts, sort_keys=True))))

    def write_batch(
        self, run_id: str, results: Sequence[ArticleResult], rejections: Sequence[Rejection] = ()
    ) -> BatchOutcome:
        """Store articles with their events, and rejections, in one transaction (retried whole while the
        database is locked by another writer)."""
        return self.write_retrying(lambda conn: _write_batch(conn, run_id, results, rejections))


def _write_batch(conn: sa.Connection, run_id: str, results: Sequence[ArticleResult],
                 rejections: Sequence[Rejection]) -> BatchOutcome:
    ingested = unchanged = 0
    # per article, the events of its last version in this batch: a repeat of an article within the
    # batch replaces (deletes) the events of the version before it, which must not be fused
    written: dict[str, Sequence[Event]] = {}
    stale: set[str] = set()  # clusters that lose members when an article's events are replaced
    stored = _stored_versions(conn, [r.article.id for r in results])
    before = events_of_articles(conn, [r.article.id for r in results])  # for the change log
    for result in results:
        article = result.article
        digest = text_hash(article.text)
        previous = stored.get(article.id)
        if previous is not None and previous[1] == digest:
            unchanged += 1
            continue
        version = 1 if previous is None else previous[0] + 1
        stale |= _write_article(conn, run_id, result, digest, version, replace=previous is not None)
        stored[article.id] = (version, digest)
        stale |= _write_events(conn, run_id, article.id, version, result.events)
        written[article.id] = result.events
        ingested += 1
    for rejection in rejections:
        _write_rejection(conn, run_id, rejection)
    record_changes(conn, run_id, now_iso(), before, {aid: (stored[aid][0], events) for aid, events in written.items()})
    new_events = [e for events in written.values() for e in events]
    if new_events or stale:
        refuse(conn, new_events, stale)
    return BatchOutcome(ingested=ingested, unchanged=unchanged, events=len(new_events),
                        rejections=len(rejections))


def retry_locked(attempt: Callable[[], T], where: str) -> T:
    """``attempt()``, tried again (``WRITE_ATTEMPTS`` times in all, backing off) while it fails because
    SQLite says the database is locked or busy: most such waits happen inside SQLite's busy timeout,
    but a few (a connection switching a new file to WAL, a WAL being recovered) fail at once.

    Raises:
        StoreError: still locked after the last try; the message names the database and what to do.
    """
    for number in range(1, WRITE_ATTEMPTS + 1):
        try:
            return attempt()
        except StoreError as exc:
            if not _locked(exc):
                raise
            if number == WRITE_ATTEMPTS:
                raise StoreError(
                    f"the database {where} stayed locked by another writer ({WRITE_ATTEMPTS} tries, each "
                    f"waiting up to {busy_timeout_ms() / 1000:g} s); nothing of this step was written; let the "
                    "other eventwire command finish and run again (what was stored is kept), or wait longer "
                    "with EVENTWIRE_BUSY_TIMEOUT=SECONDS") from exc
            log.info("database %s locked (try %d of %d); trying again", where, number, WRITE_ATTEMPTS)
            time.sleep(0.2 * 2**number)
    raise AssertionError("unreachable")  # the loop returns or raises


def _locked(exc: StoreError) -> bool:
    """Whether a store error is SQLite's "database is locked"/"busy" (worth trying the transaction again)."""
    cause = exc.__cause__
    text = str(getattr(cause, "orig", cause) or "").lower()
    return isinstance(cause, sa.exc.OperationalError) and ("locked" in text or "busy" in text)


def open_store(url_or_path: str, *, create: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at a path (SQLite) or an SQLAlchemy URL.

    With ``create=False`` a SQLite file that does not exist is an error instead of a new empty store
    (what read-only commands want: a typo in ``--db`` should not look like an empty database).

    Raises:
        StoreError: the database cannot be opened, or was written by a newer eventwire.
    """
    url = to_url(url_or_path)
    if not create and url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        raise StoreError(
            f"no database at {url.database}; run `eventwire ingest INPUT... --db {url.database}` first"
        )
    engine = create_engine(url)

    def migrated() -> None:
        with _store_errors(), engine.connect() as conn:
            with conn.begin():  # a read first: a store already up to date needs no write lock
                if current_version(conn) == CURRENT_VERSION:
                    return
        with _store_errors(), engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                migrate(conn)

    try:
        retry_locked(migrated, url.render_as_string(hide_password=True))
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


@contextmanager
def _store_errors() -> Iterator[None]:
    # Driver errors become one StoreError that says where and what to do; our own errors pass through.
    try:
        yield
    except sa.exc.SQLAlchemyError as exc:
        log.info("database error", exc_info=True)  # the driver's traceback, for the --log file
        if isinstance(exc, sa.exc.OperationalError) and "locked" in str(exc.orig).lower():
            raise StoreError(
                f"the database is locked by another writer (waited {busy_timeout_ms() / 1000:g} s); let the "
                "other eventwire command finish and run again, or wait longer with EVENTWIRE_BUSY_TIMEOUT=SECONDS"
            ) from exc
        raise StoreError(f"database error: {exc.__class__.__name__}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else ""


def _asdict(info: RunInfo) -> dict[str, Any]:
    return dataclasses.asdict(info)


def _stored_versions(conn: sa.Connection, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
    a = schema.articles
    found: dict[str, tuple[int, str]] = {}
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), _LOOKUP_CHUNK):
        query = sa.select(a.c.id, a.c.version, a.c.text_hash).where(a.c.id.in_(unique[i : i + _LOOKUP_CHUNK]))
        found.update({row.id: (row.version, row.text_hash) for row in conn.execute(query)})
    return found


def _article_row(run_id: str, result: ArticleResult, digest: str, version: int) -> dict[str, Any]:
    article: Article = result.article
    has_events = bool(result.events)
    return {
        "id": article.id, "version": version, "text_hash": digest, "text": article.text,
        "title": article.title, "url": article.url, "source": article.source,
        "date": article.date.isoformat() if article.date else None, "date_source": article.date_source,
        "origin": article.origin, "line": article.line,
        "metadata": json.dumps(dict(article.metadata), ensure_ascii=False, default=str) if article.metadata else None,
        "status": "ingested" if has_events else "no_events",
        "reason": None if has_events else (result.outcome if result.outcome != "events" else "no_events"),
        "run_id": run_id, "ingested_at": now_iso(),
    }


def _write_article(
    conn: sa.Connection, run_id: str, result: ArticleResult, digest: str, version: int, *, replace: bool
) -> set[str]:
    """Insert or update the article row; returns the clusters that lost events it replaced."""
    row = _article_row(run_id, result, digest, version)
    if not replace:
        conn.execute(sa.insert(schema.articles).values(**row))
        return set()
    stale = _delete_events(conn, sa.select(schema.events.c.event_id).where(schema.events.c.article_id == row["id"]))
    conn.execute(sa.update(schema.articles).where(schema.articles.c.id == row["id"]).values(**row))
    return stale


def _delete_events(conn: sa.Connection, event_ids: sa.Select[Any]) -> set[str]:
    """Delete events with their rows; returns the clusters they belonged to (to be fused again)."""
    ids = [r[0] for r in conn.execute(event_ids)]
    stale = clusters_of(conn, ids)
    for i in range(0, len(ids), _LOOKUP_CHUNK):
        chunk = ids[i : i + _LOOKUP_CHUNK]
        for table in (*schema.EVENT_CHILD_TABLES, schema.events):
            conn.execute(sa.delete(table).where(table.c.event_id.in_(chunk)))
    return stale


def _write_events(
    conn: sa.Connection, run_id: str, article_id: str, version: int, events: Sequence[Event]
) -> set[str]:
    """Insert ``events`` with their rows; returns the clusters of stored events they replaced."""
    if not events:
        return set()
    ids = [e.event_id for e in events]
    # An id already stored (a re-extracted event) is replaced, so rows never duplicate.
    stale = _delete_events(conn, sa.select(schema.events.c.event_id).where(schema.events.c.event_id.in_(ids)))
    conn.execute(sa.insert(schema.events), [_event_row(e, run_id, article_id, version) for e in events])
    evidence = [_evidence_row(e.event_id, ev) for e in events for ev in e.evidence]
    if evidence:
        conn.execute(sa.insert(schema.evidence), evidence)
    places = [_place_row(e) for e in events if e.location or e.latitude is not None]
    if places:
        conn.execute(sa.insert(schema.places), places)
    actors = [row for e in events for row in _actor_rows(e)]
    if actors:
        conn.execute(sa.insert(schema.actors), actors)
    return stale


def _event_row(event: Event, run_id: str, article_id: str, version: int) -> dict[str, Any]:
    columns = ("event_date", "country", "iso3", "event_type", "sub_event_type", "actor1", "actor2",
               "assoc_actor_1", "assoc_actor_2", "location", "notes", "latitude", "longitude", "fatalities")
    row = {name: getattr(event, name) for name in columns}
    row.update(event_id=event.event_id, article_id=article_id, article_version=version, run_id=run_id,
               data=json.dumps(event.to_dict(), ensure_ascii=False))
    return row


def _evidence_row(event_id: str, ev: Any) -> dict[str, Any]:
    return {"event_id": event_id, "start": ev.start, "end": ev.end, "text": ev.text, "field": ev.field,
            "rule": ev.rule or None}


def _place_row(event: Event) -> dict[str, Any]:
    names = ("location", "admin1", "admin2", "country", "iso3", "latitude", "longitude", "geo_precision")
    return {"event_id": event.event_id, **{n: getattr(event, n) for n in names}}


def _actor_rows(event: Event) -> list[dict[str, Any]]:
    rows = []
    for role, inter in _ACTOR_ROLES:
        name = getattr(event, role)
        if name:
            rows.append({"event_id": event.event_id, "role": role, "name": name,
                         "inter": getattr(event, inter) if inter else None})
    return rows


def _write_rejection(conn: sa.Connection, run_id: str, rejection: Rejection) -> None:
    # One row per (origin, line): rejecting the same bad input again replaces, never duplicates. Without
    # a line (feed entries, whole files) the detail tells inputs apart: two bad entries of one feed, or an
    # entry too slow to extract beside another that failed, are two rows, not one overwriting the other.
    r = schema.rejections
    same_line = r.c.line.is_(None) if rejection.line is None else r.c.line == rejection.line
    same = (same_line, r.c.detail == rejection.detail) if rejection.line is None else (same_line,)
    conn.execute(sa.delete(r).where(r.c.origin == rejection.origin, *same))
    conn.execute(sa.insert(r).values(
        origin=rejection.origin, line=rejection.line, reason=rejection.reason, detail=rejection.detail,
        run_id=run_id, rejected_at=now_iso(),
    ))
