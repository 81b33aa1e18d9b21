"""CLI of ``eventwire watch``: a thin layer over ``eventwire.run.watch`` plus the signal handling.

Ctrl-C and SIGTERM set a stop flag instead of killing the process: the batch being written commits,
then the loop ends with exit code 0.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from eventwire.cli.commands_store import (
    _open,
    clean_errors,
    db_option,
    load_geoparser,
    max_bytes_option,
    no_geo_option,
    parse_date,
)
from eventwire.config import Settings


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--interval", type=click.FloatRange(min=0), default=300.0, show_default=True, metavar="S",
              help="Seconds between passes (at least 60 when a feed URL is watched, 1 for folders alone).")
@click.option("--once", is_flag=True, help="Make one pass and exit.")
@click.option("--timeout", type=click.FloatRange(min=1), default=20.0, show_default=True, metavar="S",
              help="Seconds to wait for a feed server before giving up until the next pass.")
@db_option
@no_geo_option
@click.option("--dateline", metavar="YYYY-MM-DD", help="Publication date for inputs that give none.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Inputs per transaction (and per NLP batch).")
@max_bytes_option
@clean_errors
def watch(targets: tuple[str, ...], interval: float, once: bool, timeout: float, db: str | None, no_geo: bool,
          dateline: str | None, batch_size: int, max_bytes: int) -> None:
    """Keep the database up to date with folders, files and RSS/Atom feed URLs.

    Every pass ingests new and changed files and what each feed has new (asked with ETag/Last-Modified, so
    an unchanged feed costs one 304). A feed item is known by its link, so an updated story becomes the
    next version of its article. Ctrl-C or SIGTERM stops after the batch being written; nothing is lost.
    """
    from eventwire.run.watch import Watcher, minimum_interval
    from eventwire.run.watch import watch as run_watch

    floor = minimum_interval(targets)
    if interval < floor and not once:
        click.echo(f"--interval raised to {floor:g} s (the polite minimum for these targets)", err=True)
        interval = floor
    settings = Settings(dateline=parse_date(dateline), max_bytes=max_bytes, batch_size=batch_size)
    geoparser = load_geoparser(no_geo)
    stop = threading.Event()
    with _open(db, create=True) as store, _stop_on_signals(stop):
        click.echo(f"watching {len(targets)} target(s) every {interval:g} s into {store.url}; Ctrl-C stops",
                   err=True)
        watcher = Watcher(targets=targets, store=store, settings=settings, geoparser=geoparser, timeout=timeout)
        passes = run_watch(watcher, interval=interval, once=once, stop=stop, on_pass=_report)
    click.echo(f"stopped after {passes} pass{'es' if passes != 1 else ''}", err=True)


def _report(summary: Any) -> None:
    run = summary.run
    stored = (f"read {run.read}: {run.ingested} ingested, {run.unchanged} unchanged; {run.events} events stored"
              + (f"; {run.rejected_total} rejected" if run.rejected_total else "")) if run else "nothing new"
    feeds = summary.feeds_fetched + summary.feeds_unchanged + len(summary.feeds_failed)
    feed_part = (f", feeds {summary.feeds_fetched} fetched / {summary.feeds_unchanged} unchanged / "
                 f"{len(summary.feeds_failed)} failed") if feeds else ""
    clock = dt.datetime.now().strftime("%H:%M:%S")
    click.echo(f"{clock} pass {summary.number}: {summary.files} changed file(s){feed_part}; {stored}")
    for detail in summary.feeds_failed:
        click.echo(f"  {detail}", err=True)


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set ``stop``; the previous handlers come back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread; a caller elsewhere stops through `stop` itself
        return

    def handler(signum: int, _frame: Any) -> None:
        click.echo(f"\n{signal.Signals(signum).name}: finishing the current batch, then stopping", err=True)
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


COMMANDS: list[click.Command] = [watch]
