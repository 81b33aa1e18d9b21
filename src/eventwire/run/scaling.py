"""Scaling measurement: takes a corpus and worker counts, gives articles/s of a Dask backfill at each count.

For each count a fresh local cluster starts and loads its models (timed apart: a one-off per worker),
then the corpus (repeated with distinct ids up to ``repeat_to``) is ingested into a temporary SQLite
store through ``run.cluster.ingest``. The driver's time waiting for workers and writing to the store is
reported too: when writing approaches the whole, more workers cannot help (the store is the bottleneck).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.model import Article


@dataclass(frozen=True, kw_only=True, slots=True)
class ScalePoint:
    """One worker count's measurement."""

    workers: int
    articles: int
    seconds: float  # the ingest alone, models already loaded
    startup_seconds: float  # cluster start and model load
    wait_seconds: float  # driver waiting for extraction results
    write_seconds: float  # driver writing to the store
    worker_cpu_seconds: float  # CPU the workers used, all together (load on the machine does not inflate it)

    @property
    def articles_per_s(self) -> float:
        return self.articles / max(self.seconds, 1e-9)

    @property
    def articles_per_cpu_s(self) -> float:
        """Articles per worker CPU-second: what each worker does when it has a core to itself."""
        return self.articles / max(self.worker_cpu_seconds, 1e-9)

    def to_dict(self) -> dict[str, Any]:
        return {"workers": self.workers, "articles": self.articles, "seconds": round(self.seconds, 2),
                "articles_per_s": round(self.articles_per_s, 2), "startup_seconds": round(self.startup_seconds, 2),
                "wait_seconds": round(self.wait_seconds, 2), "write_seconds": round(self.write_seconds, 2),
                "worker_cpu_seconds": round(self.worker_cpu_seconds, 2),
                "articles_per_cpu_s": round(self.articles_per_cpu_s, 2)}


def bench_workers(paths: Sequence[str], workers: Sequence[int], *, repeat_to: int | None = None,
                  limit: int | None = None, no_geo: bool = False, batch_size: int = 32) -> list[ScalePoint]:
    """Articles/s of a Dask backfill of ``paths`` for each worker count in ``workers``."""
    from eventwire.ingest import read_inputs
    from eventwire.run import cluster
    from eventwire.store import open_store

    articles = [a for a in read_inputs(list(paths)) if isinstance(a, Article)][:limit]
    total = max(repeat_to or 0, len(articles))
    points = []
    with tempfile.TemporaryDirectory(prefix="eventwire-scale-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        _write_repeated(articles, total, corpus)
        for i, n in enumerate(workers):
            started = time.monotonic()
            with cluster.dask_client(workers=n) as client:
                client.register_plugin(cluster._warm_plugin(no_geo))  # models loaded before the clock starts
                client.wait_for_workers(n)
                startup = time.monotonic() - started
                timings: dict[str, float] = {}
                with open_store(str(Path(tmp) / f"scale-{i}-{n}.db")) as store:
                    cpu_before = client.run(time.process_time)
                    t0 = time.monotonic()
                    summary = cluster.ingest([str(corpus)], store, Settings(batch_size=batch_size), client=client,
                                             no_geo=no_geo, progress=False, timings=timings)
                    seconds = time.monotonic() - t0
                    cpu_after = client.run(time.process_time)
            cpu = sum(cpu_after[w] - cpu_before.get(w, 0.0) for w in cpu_after)
            points.append(ScalePoint(workers=n, articles=summary.read, seconds=seconds, startup_seconds=startup,
                                     wait_seconds=timings.get("wait", 0.0), write_seconds=timings.get("write", 0.0),
                                     worker_cpu_seconds=cpu))
    return points


def _write_repeated(articles: Sequence[Article], total: int, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(total):
            a = articles[i % len(articles)]
            out.write(json.dumps({"id": f"r{i // len(articles)}-{a.id}", "text": a.text, "title": a.title,
                                  "url": a.url, "source": a.source,
                                  "date": a.date.isoformat() if a.date else None}) + "\n")


__all__ = ["ScalePoint", "bench_workers"]
