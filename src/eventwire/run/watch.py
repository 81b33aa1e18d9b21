"""The watcher: takes folders, files and feed URLs, gives a store kept up to date, one pass per interval.

Each pass reads the files that are new or changed since the last pass (by size and modification time)
and fetches each feed URL conditionally (``eventwire.ingest.fetch``); whatever came in goes through the
ordinary ``ingest_items`` (one transaction per batch; an article whose text is unchanged is skipped, a
changed one becomes its next version). What a pass has seen — file signatures, a feed's ETag and
Last-Modified — is remembered only *after* its articles are committed, so a crash loses nothing: the
next start reads those inputs again and the store drops what it already has.

Stopping: the caller sets ``stop`` (the CLI does on Ctrl-C or SIGTERM); the pass in progress finishes
its batch and the loop ends before the next one.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from eventwire.config import Settings
from eventwire.geo.protocol import Geoparser
from eventwire.ingest.build import ReadOptions
from eventwire.ingest.feed import FEED_SIZE_FACTOR, feed_articles
from eventwire.ingest.fetch import FetchResult, Validators, fetch, is_url, make_client
from eventwire.model import Article, Rejection
from eventwire.run.local import RunSummary, ingest_items
from eventwire.store import Store, schema
from eventwire.store.store import now_iso

#: Feeds are polled at most this often (seconds): servers are other people's.
MIN_FEED_INTERVAL = 60.0
#: Folders alone may be polled this often.
MIN_FILE_INTERVAL = 1.0


@dataclass(frozen=True, kw_only=True, slots=True)
class PassSummary:
    """What one pass found: changed files read, feeds fetched/unchanged/failed, and the ingest run."""

    number: int
    files: int = 0
    feeds_fetched: int = 0
    feeds_unchanged: int = 0
    feeds_failed: tuple[str, ...] = ()  # one sentence per failed feed
    run: RunSummary | None = None


def minimum_interval(targets: Sequence[str]) -> float:
    """The shortest polite interval for these targets."""
    return MIN_FEED_INTERVAL if any(is_url(t) for t in targets) else MIN_FILE_INTERVAL


@dataclass(kw_only=True)
class Watcher:
    """One watch session's memory: signatures of files read, validators of feeds, feeds on hold."""

    targets: Sequence[str]
    store: Store
    settings: Settings
    geoparser: Geoparser
    timeout: float = 20.0
    passes: int = 0
    _files: dict[Path, tuple[int, int] | None] = field(default_factory=dict)
    _hold_until: dict[str, float] = field(default_factory=dict)

    def poll(self) -> PassSummary:
        """One pass over every target; ingests what is new or changed."""
        self.passes += 1
        options = ReadOptions(max_bytes=self.settings.max_bytes, max_file_bytes=self.settings.max_file_bytes)
        files = self._changed_files()  # path -> its signature before it is read
        fetched = self._fetch_feeds()
        items: list[Article | Rejection] = []
        for path in files:
            items.extend(self._read_file(path, options))
        for result in fetched:
            items.extend(self._feed_items(result, options))
        run = None
        if items:
            run = ingest_items(items, self.store, self.settings, geoparser=self.geoparser, progress=False)
        self._remember(files, fetched)  # only now: a crash before this point re-reads them next time
        return PassSummary(
            number=self.passes, files=len(files),
            feeds_fetched=sum(r.status == "fetched" for r in fetched),
            feeds_unchanged=sum(r.status == "not_modified" for r in fetched),
            feeds_failed=tuple(r.detail for r in fetched if r.status == "failed"), run=run)

    # ------------------------------------------------------------------ files

    def _changed_files(self) -> dict[Path, tuple[int, int] | None]:
        # Signatures are taken before reading, so a file rewritten during the pass is read again next time.
        changed = {}
        for path in self._paths():
            signature = _signature(path)
            if path not in self._files or self._files[path] != signature:
                changed[path] = signature
        return changed

    def _paths(self) -> Iterator[Path]:
        for target in self.targets:
            if is_url(target):
                continue
            root = Path(target)
            if root.is_dir():
                yield from _walk(root)
            else:
                yield root

    def _read_file(self, path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
        from eventwire.ingest import read_path

        yield from read_path(path, options)

    # ------------------------------------------------------------------ feeds

    def _fetch_feeds(self) -> list[FetchResult]:
        urls = [t for t in self.targets if is_url(t) and self._hold_until.get(t, 0.0) <= time.monotonic()]
        if not urls:
            return []
        known = _load_validators(self.store, urls)
        cap = self.settings.max_bytes * FEED_SIZE_FACTOR
        with make_client(self.timeout) as client:
            results = [fetch(client, url, last=known.get(url, Validators()), max_bytes=cap) for url in urls]
        for result in results:
            if result.retry_after:
                self._hold_until[result.url] = time.monotonic() + result.retry_after
        return results

    def _feed_items(self, result: FetchResult, options: ReadOptions) -> Iterator[Article | Rejection]:
        if result.status == "failed":
            yield Rejection(origin=result.url, line=None, reason="unreadable", detail=result.detail)
        elif result.status == "fetched":
            yield from feed_articles(result.data, more=result.more, origin=result.url, options=options)

    # ------------------------------------------------------------------ memory

    def _remember(self, files: dict[Path, tuple[int, int] | None], fetched: Sequence[FetchResult]) -> None:
        self._files.update(files)
        if fetched:
            _save_validators(self.store, fetched)


def watch(watcher: Watcher, *, interval: float, once: bool, stop: threading.Event,
          on_pass: Callable[[PassSummary], None]) -> int:
    """Poll until ``stop`` is set (or once); returns the number of passes made."""
    while not stop.is_set():
        on_pass(watcher.poll())
        if once or stop.wait(interval):
            break
    return watcher.passes


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def _walk(folder: Path) -> Iterator[Path]:
    # The same files `ingest FOLDER` reads: recursive, sorted, hidden files and folders skipped.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _load_validators(store: Store, urls: Sequence[str]) -> dict[str, Validators]:
    f = schema.watched_feeds.c
    with store.read() as conn:
        rows = conn.execute(sa.select(f.url, f.etag, f.last_modified).where(f.url.in_(list(urls))))
        return {r.url: Validators(etag=r.etag, last_modified=r.last_modified) for r in rows}


def _save_validators(store: Store, fetched: Sequence[FetchResult]) -> None:
    table = schema.watched_feeds
    with store.write() as conn:
        for r in fetched:
            outcome = {"status": r.status, "detail": r.detail or None, "checked_at": now_iso()}
            if r.status != "failed":  # a failure keeps the validators of the last good fetch
                outcome.update(etag=r.validators.etag, last_modified=r.validators.last_modified)
            done = conn.execute(sa.update(table).where(table.c.url == r.url).values(**outcome))
            if done.rowcount == 0:
                conn.execute(sa.insert(table).values(url=r.url, **outcome))
