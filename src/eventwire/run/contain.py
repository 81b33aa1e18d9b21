"""Extraction with every failure contained to its article: a batch of articles in, results or rejections out.

``extract_batch`` runs the extractor over a batch as one ``nlp.pipe`` batch. An exception while one
article is extracted or geocoded becomes a ``Rejection`` (``extract_error``) for that article; an article
that takes longer than the time budget becomes one too (``too_slow``); the other articles of the batch
are still extracted. When the failure comes while the whole batch is being parsed (the extractor's first
step), nobody knows yet which article caused it, so each remaining article is extracted alone, each with
its own budget, and only the culprit is rejected.

The budget is enforced with ``SIGALRM`` (a timer interrupt), so only in the main thread of a process on
a platform that has ``signal.setitimer``; elsewhere extraction runs unbounded in time (exceptions are
still contained). Models and the gazetteer are loaded by ``warm_up`` before any timer runs: a budget must
never interrupt a model load or a gazetteer build.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from eventwire.geo.protocol import Geoparser
from eventwire.model import Article, ArticleResult, Rejection

log = logging.getLogger(__name__)

Outcome = ArticleResult | Rejection


class TooSlow(BaseException):
    """Raised by the timer inside a slow extraction. A BaseException, like KeyboardInterrupt, so that
    no ``except Exception`` in the extractor can swallow it."""


def warm_up(geoparser: Geoparser) -> None:
    """Load the spaCy pipeline, the actor knowledge base, the typer (and its sentence encoder) and the
    gazetteer (building it if needed); milliseconds once they are loaded (each loads once per process)."""
    from eventwire.extract.actors import load_actor_kb
    from eventwire.extract.classify import LearnedDecider, load_decider
    from eventwire.nlp import load_nlp

    load_nlp()
    load_actor_kb()
    if isinstance(load_decider(), LearnedDecider):
        from eventwire.nlp.encoder import load_encoder

        load_encoder()
    geoparser.parse("Warm-up in Aleppo, Syria.")


def extract_batch(articles: Sequence[Article], *, geoparser: Geoparser, batch_size: int,
                  budget: float, on_result: Callable[[int], None] = lambda n: None) -> list[Outcome]:
    """One outcome per article, in order: its ``ArticleResult``, or a ``Rejection`` if extracting it
    failed or took over ``budget`` seconds (``budget <= 0``: no time limit).

    ``on_result`` is called with the number of outcomes so far (for a progress display).
    """
    outcomes: list[Outcome] = []
    pending = list(articles)
    while pending:
        done, failure = _run(pending, geoparser, batch_size, budget, outcomes, on_result)
        if failure is None:
            break
        if done == 0 and len(pending) > 1:
            # The batch failed while being parsed as a whole: find the culprit by extracting one by one.
            for article in pending:
                _run([article], geoparser, batch_size, budget, outcomes, on_result, alone=True)
            break
        outcomes.append(_rejection(pending[done], failure, budget))
        on_result(len(outcomes))
        pending = pending[done + 1:]
    return outcomes


def _run(articles: list[Article], geoparser: Geoparser, batch_size: int, budget: float,
         outcomes: list[Outcome], on_result: Callable[[int], None], *,
         alone: bool = False) -> tuple[int, BaseException | None]:
    """Extract ``articles`` as one batch, appending to ``outcomes``; gives how many succeeded and the
    failure that stopped the batch (None if none did). ``alone``: a failure is rejected here."""
    from eventwire.extract import extract_articles

    results: Iterator[ArticleResult] = extract_articles(articles, geoparser=geoparser, batch_size=batch_size)
    done = 0
    # The first result costs the parse of the whole batch, so its allowance is the whole batch's.
    allowance = budget * len(articles)
    while done < len(articles):
        try:
            with time_limit(allowance):
                result = next(results)
        except StopIteration:
            break
        except (Exception, TooSlow) as failure:  # noqa: BLE001 — contained to this article, logged below
            log.info("extracting %s failed", _where(articles[done]), exc_info=not isinstance(failure, TooSlow))
            getattr(results, "close", lambda: None)()  # the extractor's generator is spent
            if alone:
                outcomes.append(_rejection(articles[done], failure, budget))
                on_result(len(outcomes))
            return done, failure
        outcomes.append(result)
        on_result(len(outcomes))
        done += 1
        allowance = budget
    return done, None


def _rejection(article: Article, failure: BaseException, budget: float) -> Rejection:
    place = _where(article)
    if isinstance(failure, TooSlow):
        return Rejection(origin=article.origin, line=article.line, reason="too_slow", detail=(
            f"{place}: extracting the article took over {budget:g} s, the time budget per article, and was "
            "stopped; split the article or raise the budget with --article-timeout and ingest again"))
    message = " ".join(str(failure).split())[:160]
    return Rejection(origin=article.origin, line=article.line, reason="extract_error", detail=(
        f"{place}: extracting events failed ({type(failure).__name__}: {message}); the rest of the batch "
        "went on; please report it with the article (the traceback is in the --log file)"))


def _where(article: Article) -> str:
    where = f"{article.origin} line {article.line}" if article.line is not None else article.origin
    return f"{where} (article {article.id})"


def can_interrupt() -> bool:
    """Whether a time budget can be enforced here (a timer signal, delivered to the main thread only)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TooSlow`` inside the block once ``seconds`` have passed (no limit if ``seconds <= 0`` or
    the timer cannot be used here)."""
    if seconds <= 0 or not can_interrupt():
        yield
        return

    def _expire(_signum: int, _frame: FrameType | None) -> None:
        raise TooSlow(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        log.debug("time-limited block took %.3f s of %.3f", time.monotonic() - started, seconds)
