"""The Dask executor: takes inputs, a store (or a shard folder) and settings, gives the same stored run as
``run.local`` with extraction spread over a Dask cluster (``eventwire ingest --executor dask``).

The driver reads the inputs in batches, drops articles already stored with the same text (as the local
executor does), and submits each batch to the cluster. Each worker loads the models once (a worker
plugin warms them when the worker starts; ``lru_cache`` keeps them for the process), extracts the batch
and returns the ``ArticleResult`` records. The driver writes them through the one idempotent store path
(``Store.write_batch``), in submission order, so the store ends up equal to a one-process run with the
same batch size. A few batches are in flight per worker at once, so memory stays bounded.

A worker that dies mid-batch (killed, out of memory) loses nothing: the scheduler runs its batch again on
another worker (the nanny restarts the dead one), and since nothing reached the store before the batch
returned, the retry is harmless. A driver killed mid-run is the local executor's case: every committed
batch stays, the next run skips it.

With ``out`` (``--out shards/``) workers write Parquet shards (``events-NNNNNN.parquet``, one per
batch, replaced atomically so a retried batch overwrites rather than duplicates) and no database is used.

Dask rather than Ray: pip-installable pure Python (``dask`` + ``distributed``, no native server to run),
light enough for a 2-core laptop, the same code on a ``LocalCluster`` and on a remote scheduler
(``--scheduler tcp://host:8786``), and its failure model (lost tasks recomputed) is the one we need.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from eventwire.config import Settings
from eventwire.errors import EventwireError
from eventwire.geo.protocol import NullGeoparser
from eventwire.model import Article, ArticleResult, Rejection
from eventwire.run.local import RunSummary, _batches, _read, _Run, _Tally, changed_articles, run_info
from eventwire.run.progress import Progress, progress_display
from eventwire.store import Store

#: Batches in flight per worker: one running, one waiting, so no worker idles while the driver writes.
IN_FLIGHT_PER_WORKER = 2


class ClusterError(EventwireError):
    """The Dask cluster could not be started or reached, or Dask is not installed."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ShardSummary:
    """What a ``--out`` run wrote: articles read, events written, shard files, rejections."""

    read: int
    events: int
    shards: int
    rejected: int


# --- on the workers ---------------------------------------------------------------------------------------

def _geoparser(no_geo: bool) -> Any:
    from eventwire.geo import choose_geoparser

    return choose_geoparser(enabled=not no_geo)  # the gazetteer geoparser is cached per process


def warm_models(no_geo: bool) -> str:
    """Load the NLP pipeline, actor knowledge base, typer and gazetteer into this process; the geo version."""
    from eventwire.run.contain import warm_up

    geoparser = _geoparser(no_geo)
    warm_up(geoparser)
    return str(geoparser.version)


def extract_batch(articles: Sequence[Article], no_geo: bool, batch_size: int,
                  budget: float = 0.0) -> list[ArticleResult | Rejection]:
    """Extract one batch on a worker (models loaded once per worker process), each article's failure
    contained to it as a ``Rejection`` (``run.contain``; the time budget needs a main thread, which a
    Dask task has not, so on workers only exceptions are contained)."""
    from eventwire.run.contain import extract_batch as contained

    geoparser = _geoparser(no_geo)
    return list(contained(articles, geoparser=geoparser, batch_size=batch_size, budget=budget))


def extract_to_shard(articles: Sequence[Article], no_geo: bool, batch_size: int, out: str, index: int,
                     budget: float = 0.0) -> tuple[int, int]:
    """Extract one batch and write its events to ``out/events-NNNNNN.parquet``; (events, articles rejected)."""
    from eventwire.api.formats import write_parquet

    outcomes = extract_batch(articles, no_geo, batch_size, budget)
    events = [e for r in outcomes if isinstance(r, ArticleResult) for e in r.events]
    final = Path(out) / f"events-{index:06d}.parquet"
    partial = final.with_name(f".{final.name}.{os.getpid()}.partial")
    write_parquet(events, partial)
    partial.replace(final)  # atomic: a retried batch replaces its shard, never adds a second
    return len(events), sum(1 for r in outcomes if isinstance(r, Rejection))


def _warm_plugin(no_geo: bool) -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmModels(WorkerPlugin):
        """Loads the models when a worker starts (and when the nanny restarts a dead one)."""

        name = "eventwire-warm-models"

        def setup(self, worker: Any) -> None:
            warm_models(no_geo)

    return WarmModels()


# --- on the driver ----------------------------------------------------------------------------------------

@contextmanager
def dask_client(workers: int = 2, scheduler: str | None = None) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("the Dask executor needs Dask: pip install 'eventwire[dask]'") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ClusterError(f"no Dask scheduler answers at {scheduler} ({exc}); start one with "
                               "`dask scheduler` and `dask worker ADDRESS`, or leave out --scheduler") from exc
        with client:
            yield client
        return
    # One thread per worker: spaCy and the rules are CPU-bound Python, so processes are the unit of work.
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                           dashboard_address=None, memory_limit=0)
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def ingest(
    inputs: Iterable[str], store: Store, settings: Settings, *, client: Any, no_geo: bool = False,
    progress: bool = True, timings: dict[str, float] | None = None,
) -> RunSummary:
    """Read ``inputs``, extract on the cluster behind ``client``, store batch by batch (as ``run.local``).

    ``timings``, if given, gets the driver's seconds spent waiting for workers (``wait``) and writing
    to the store (``write``): where a backfill's time goes once the cluster grows.
    """
    spent = timings if timings is not None else {}
    client.register_plugin(_warm_plugin(no_geo))
    geo_version = client.submit(warm_models, no_geo, pure=False).result()
    info = run_info(settings, cast(Any, _VersionOnly(geo_version)))
    store.begin_run(info)
    tally = _Tally()
    pending: deque[tuple[Any, list[Article], list[Rejection], int]] = deque()
    window = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
    started = time.monotonic()
    with progress_display(progress) as display:
        writer = _Run(store=store, run_id=info.run_id, settings=settings, geoparser=NullGeoparser(), tally=tally,
                      display=display)

        def write_oldest() -> None:
            future, articles, rejections, fresh = pending.popleft()
            t0 = time.monotonic()
            outcomes = future.result() if future is not None else []
            t1 = time.monotonic()
            results = [o for o in outcomes if isinstance(o, ArticleResult)]
            rejections = rejections + [o for o in outcomes if isinstance(o, Rejection)]
            outcome = writer.write(results, rejections)  # the local executor's write, record by record on a bug
            spent["wait"] = spent.get("wait", 0.0) + t1 - t0
            spent["write"] = spent.get("write", 0.0) + time.monotonic() - t1
            tally.read += len(articles)
            tally.unchanged += len(articles) - fresh + outcome.unchanged
            tally.ingested += outcome.ingested
            tally.events += outcome.events
            tally.rejected.update(r.reason for r in rejections)
            tally.bad_dates += sum(1 for a in articles if "unparsed_date" in a.metadata)
            _show(display, tally, started)

        for articles, rejections in _batches(_read(inputs, settings), settings.batch_size):
            fresh = changed_articles(store, articles)
            future = (client.submit(extract_batch, fresh, no_geo, settings.batch_size, settings.article_timeout,
                                    pure=False) if fresh else None)
            pending.append((future, articles, rejections, len(fresh)))
            while len(pending) >= window:
                write_oldest()
        while pending:
            write_oldest()
    summary = tally.freeze(info.run_id)
    store.finish_run(info.run_id, summary.to_dict())
    return summary


def ingest_to_shards(
    inputs: Iterable[str], out: Path, settings: Settings, *, client: Any, no_geo: bool = False,
    progress: bool = True,
) -> ShardSummary:
    """Read ``inputs``, extract on the cluster, write one Parquet shard of events per batch into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    client.register_plugin(_warm_plugin(no_geo))
    tally = _Tally()
    pending: deque[tuple[Any, int]] = deque()
    window = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
    shards, started = 0, time.monotonic()
    with progress_display(progress) as display:
        def collect_oldest() -> None:
            future, n = pending.popleft()
            events, rejected = future.result()
            tally.events += events
            tally.read += n
            tally.ingested += n - rejected
            tally.rejected.update({"extract_error": rejected} if rejected else {})
            _show(display, tally, started)

        for index, (articles, rejections) in enumerate(_batches(_read(inputs, settings), settings.batch_size)):
            tally.rejected.update(r.reason for r in rejections)
            if not articles:
                continue
            pending.append((client.submit(extract_to_shard, articles, no_geo, settings.batch_size, str(out), index,
                                          settings.article_timeout, pure=False), len(articles)))
            shards += 1
            while len(pending) >= window:
                collect_oldest()
        while pending:
            collect_oldest()
    return ShardSummary(read=tally.read, events=tally.events, shards=shards, rejected=sum(tally.rejected.values()))


@dataclass(frozen=True, slots=True)
class _VersionOnly:
    # run_info wants a geoparser only for its version; the driver never loads the gazetteer itself.
    version: str


def _show(display: Progress, tally: _Tally, started: float) -> None:
    elapsed = max(time.monotonic() - started, 1e-9)
    display.update(read=tally.read, ingested=tally.ingested, unchanged=tally.unchanged,
                   rejected=sum(tally.rejected.values()), events=tally.events,
                   articles_per_s=round(tally.read / elapsed))


__all__ = ["ClusterError", "ShardSummary", "dask_client", "extract_batch", "ingest", "ingest_to_shards",
           "warm_models"]
