"""CLI commands of the store area: ingest, events, export, articles, stats.

Each command parses options, calls one library function and prints; ``EventwireError`` becomes a
one-line message and exit code 1 (``clean_errors``). Options shared with ``extract`` live here too.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from eventwire.config import (
    DEFAULT_ARTICLE_TIMEOUT,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_FILE_BYTES,
    Settings,
    default_db_url,
)
from eventwire.errors import EventwireError, QueryError

F = TypeVar("F", bound=Callable[..., Any])


def clean_errors(func: F) -> F:
    """Turn an EventwireError into ``Error: <message>`` on stderr and exit code 1, without a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QueryError as exc:  # a filter's message names it as the user typed it
            raise click.ClickException(f"{option_name(exc.field)}: {exc}" if exc.field else str(exc)) from exc
        except EventwireError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def db_option(func: F) -> F:
    return click.option("--db", default=None, metavar="PATH|URL",
                        help="Database file or SQLAlchemy URL [default: $EVENTWIRE_DB or ./eventwire.db].")(func)


def no_geo_option(func: F) -> F:
    return click.option("--no-geo", is_flag=True,
                        help="Skip geoparsing (events come out without coordinates; much faster).")(func)


def max_bytes_option(func: F) -> F:
    return click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                        metavar="N", help="Size cap of one article's text in bytes; larger inputs are rejected.")(func)


def limit_options(func: F) -> F:
    """The limits that bound one input's cost (beside ``--max-bytes``), and where contained failures log."""
    options = [
        click.option("--max-file-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_FILE_BYTES,
                     show_default=True, metavar="N",
                     help="Cap on the bytes read from one file, after decompression; the rest is rejected."),
        click.option("--article-timeout", type=click.FloatRange(min=0), default=DEFAULT_ARTICLE_TIMEOUT,
                     show_default=True, metavar="SECONDS",
                     help="Time budget to extract one article; slower ones are rejected as too_slow (0: none)."),
        click.option("--log", "log_path", type=click.Path(dir_okay=False, writable=True), default=None,
                     metavar="FILE", help="Append a log with the traceback of every contained failure to FILE."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def setup_logging(log_path: str | None) -> None:
    """Warnings on stderr as one line each; with ``--log FILE``, everything from INFO up, tracebacks
    included, appended to FILE. Tracebacks never reach the terminal."""
    root = logging.getLogger("eventwire")
    for old in [h for h in root.handlers if getattr(h, "eventwire_cli", False)]:
        root.removeHandler(old)  # a second command in one process (tests) replaces, never stacks
        old.close()
    terse = logging.StreamHandler()
    terse.setLevel(logging.WARNING)
    terse.setFormatter(_OneLine("warning: %(message)s"))
    handlers: list[logging.Handler] = [terse]
    if log_path:
        full = logging.FileHandler(log_path, encoding="utf-8", errors="backslashreplace")
        full.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(full)
    for handler in handlers:
        handler.eventwire_cli = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.INFO)


class _OneLine(logging.Formatter):
    # A record's message only: its traceback belongs in the --log file.
    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        return self.formatMessage(record)


def reviewed_option(func: F) -> F:
    return click.option("--reviewed/--unreviewed", "reviewed", default=None,
                         help="Only events an analyst reviewed (`eventwire review`), or only those nobody has "
                              "[default: both].")(func)


def fused_option(func: F) -> F:
    return click.option("--fused", is_flag=True,
                        help="One row per real-world event (fused across articles), with a `sources` list.")(func)


def filter_options(func: F) -> F:
    """The event filters shared by ``events`` and ``export``.

    An unknown country, type or sub-type, or coordinates out of range, is an error naming close matches.
    """
    options = [
        click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this date."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this date."),
        click.option("--country", help="Country name, ISO3 or ISO2 code (e.g. Iraq, IRQ, IQ)."),
        click.option("--type", "type_", metavar="EVENT_TYPE", help='ACLED event type, e.g. "Battles".'),
        click.option("--sub-type", metavar="SUB_EVENT_TYPE", help='ACLED sub-event type, e.g. "Air/drone strike".'),
        click.option("--actor", help="Substring of actor1, actor2 or an associated actor."),
        click.option("--near", metavar="LAT,LON,KM",
                     help="Events within KM kilometres of a point, latitude first (49.99,36.23,30 is Kharkiv)."),
        click.option("--bbox", metavar="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT",
                     help="Events inside a box, longitude first as in GeoJSON (32,12,36,16 is 32-36 E, 12-16 N)."),
        click.option("--text", help="Words in the article text, notes, location or evidence (ranked by relevance)."),
        click.option("--limit", type=click.IntRange(min=0), help="At most this many events."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_filter(since: str | None, until: str | None, country: str | None, type_: str | None,
                 sub_type: str | None, actor: str | None, near: str | None, bbox: str | None,
                 text: str | None, limit: int | None) -> Any:
    """The EventFilter of the parsed ``filter_options`` (parsed by the API's, so messages are the same).

    A malformed value is a usage error (exit 2); one out of range, or an unknown country or type, is a
    ``QueryError`` that ``clean_errors`` shows as ``--option: ...`` (exit 1).
    """
    from eventwire.api.filters import build_filter as parse
    from eventwire.api.filters import check_syntax
    from eventwire.errors import QueryError

    try:
        check_syntax(since=since, until=until, near=near, bbox=bbox)
    except QueryError as exc:
        raise click.BadParameter(str(exc), param_hint=option_name(exc.field or "")) from exc
    return parse(since=since, until=until, country=country, type=type_, sub_type=sub_type, actor=actor,
                 near=near, bbox=bbox, text=text, limit=limit)


def option_name(field: str) -> str:
    """The command-line option of a filter field (``sub_type`` -> ``--sub-type``)."""
    return f"--{field.replace('_', '-')}"


def load_geoparser(no_geo: bool) -> Any:
    """The run's geoparser; a gazetteer problem says how to go on without one."""
    from eventwire.errors import GazetteerError
    from eventwire.run.local import default_geoparser

    try:
        return default_geoparser(no_geo=no_geo)
    except GazetteerError as exc:
        raise click.ClickException(f"{exc} (or pass --no-geo to skip geoparsing)") from exc


def _open(db: str | None, *, create: bool = False) -> Any:
    from eventwire.store import open_store

    return open_store(db or default_db_url(), create=create)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@db_option
@no_geo_option
@click.option("--strict", is_flag=True, help="Exit with code 1 if any input was rejected.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Inputs per transaction (and per NLP batch).")
@click.option("--dateline", metavar="YYYY-MM-DD", help="Publication date for inputs that give none.")
@max_bytes_option
@limit_options
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Extract in this process, or on a Dask cluster (archive backfills; pip install 'eventwire[dask]').")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="With --executor dask: worker processes of the local cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="With --executor dask: an existing cluster's scheduler (tcp://host:8786).")
@click.option("--out", type=click.Path(file_okay=False), help="With --executor dask: write Parquet shards of events "
              "to this folder instead of a database.")
@clean_errors
def ingest(inputs: tuple[str, ...], db: str | None, no_geo: bool, strict: bool, batch_size: int,
           dateline: str | None, max_bytes: int, max_file_bytes: int, article_timeout: float,
           log_path: str | None, executor: str = "local", workers: int = 2, scheduler: str | None = None,
           out: str | None = None) -> None:
    """Read INPUT... (files, folders, feeds, - for stdin), extract events, store them in the database."""
    from eventwire.run.local import ingest as run_ingest

    setup_logging(log_path)
    settings = Settings(batch_size=batch_size, dateline=parse_date(dateline), max_bytes=max_bytes,
                        max_file_bytes=max_file_bytes, article_timeout=article_timeout)
    if executor == "dask":
        _ingest_on_dask(inputs, db, no_geo, strict, settings, workers, scheduler, out)
        return
    if out or scheduler:
        raise click.UsageError("--out and --scheduler need --executor dask")
    geoparser = load_geoparser(no_geo)
    with _open(db, create=True) as store:
        summary = run_ingest(inputs, store, settings, geoparser=geoparser)
        click.echo(_summary_text(summary, store.url))
    if summary.read == 0:
        raise click.ClickException("nothing could be read from the inputs (see the rejections above)")
    if strict and summary.rejected_total:
        raise click.ClickException(f"{summary.rejected_total} input(s) rejected (--strict)")


def _ingest_on_dask(inputs: tuple[str, ...], db: str | None, no_geo: bool, strict: bool, settings: Settings,
                    workers: int, scheduler: str | None, out: str | None) -> None:
    import time

    from eventwire.run import cluster

    started = time.monotonic()
    with cluster.dask_client(workers, scheduler) as client:
        if out:
            shards = cluster.ingest_to_shards(inputs, Path(out), settings, client=client, no_geo=no_geo)
            rate = shards.read / max(time.monotonic() - started, 1e-9)
            click.echo(f"read {_plural(shards.read, 'article')}: {_plural(shards.events, 'event')} in "
                       f"{_plural(shards.shards, 'shard')} under {out} ({rate:.1f} articles/s); "
                       f"{shards.rejected} rejected")
            read, rejected = shards.read, shards.rejected
        else:
            with _open(db, create=True) as store:
                summary = cluster.ingest(inputs, store, settings, client=client, no_geo=no_geo)
                rate = summary.read / max(time.monotonic() - started, 1e-9)
                click.echo(_summary_text(summary, store.url))
                click.echo(f"{rate:.1f} articles/s on {len(client.scheduler_info()['workers'])} Dask workers")
            read, rejected = summary.read, summary.rejected_total
    if read == 0:
        raise click.ClickException("nothing could be read from the inputs (see the rejections above)")
    if strict and rejected:
        raise click.ClickException(f"{rejected} input(s) rejected (--strict)")


def parse_date(value: str | None, option: str = "--dateline") -> str | None:
    """A date option checked as YYYY-MM-DD (a usage error otherwise)."""
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint=option) from exc


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _summary_text(summary: Any, url: str) -> str:
    lines = [f"read {_plural(summary.read, 'article')}: {summary.ingested} ingested, "
             f"{summary.unchanged} unchanged; {_plural(summary.events, 'event')} stored"]
    if summary.rejected:
        reasons = ", ".join(f"{reason} {n}" for reason, n in summary.rejected.items())
        lines.append(f"rejected {_plural(summary.rejected_total, 'input')}: {reasons} "
                     "(see `eventwire articles --rejected`)")
    if summary.bad_dates:
        lines.append(f"warning: {_plural(summary.bad_dates, 'article')} with a date that is not a date "
                     "(use YYYY-MM-DD): dated by a dateline or left undated (see `eventwire articles`, "
                     "column warning)")
    lines.append(f"database: {url} (run {summary.run_id})")
    return "\n".join(lines)


@click.command()
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "geojson"]), default="table",
              show_default=True)
@fused_option
@reviewed_option
@clean_errors
def events(db: str | None, fmt: str, fused: bool, reviewed: bool | None, **filters: Any) -> None:
    """Print stored events that match the filters: one per article event, or (--fused) per real-world event."""
    from eventwire.api.articles import article_info
    from eventwire.api.formats import write_events

    with _open(db) as store:
        info = article_info(store) if fmt == "csv" else None
        write_events(_select(store, fused, filters, reviewed), fmt, _stdout(), articles=info)


def _select(store: Any, fused: bool, filters: dict[str, Any], reviewed: bool | None = None) -> Any:
    import dataclasses

    from eventwire.api.query import query_events, query_fused

    chosen = dataclasses.replace(build_filter(**filters), reviewed=reviewed)
    return (query_fused if fused else query_events)(store, chosen)


def _stdout() -> Any:
    # Looked up at call time, so click's CliRunner (which swaps sys.stdout) captures the output.
    return sys.stdout


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "geojson", "parquet"]), default=None,
              help="Output format [default: from OUT's suffix].")
@db_option
@filter_options
@fused_option
@reviewed_option
@clean_errors
def export(out: str, fmt: str | None, db: str | None, fused: bool, reviewed: bool | None,
           **filters: Any) -> None:
    """Write stored events that match the filters to the file OUT (CSV columns as ACLED's); --fused: one per real-world event."""
    from eventwire.api.articles import article_info
    from eventwire.api.formats import export_events

    fmt = fmt or _format_of(out)
    with _open(db) as store:
        info = article_info(store) if fmt == "csv" else None
        summary = export_events(_select(store, fused, filters, reviewed), fmt, out, articles=info)
    unlocated = f" ({summary.without_coordinates} without coordinates, not drawn)" if fmt == "geojson" else ""
    click.echo(f"wrote {summary.events} events to {out}{unlocated}", err=True)


def _format_of(path: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    aliases = {"ndjson": "jsonl", "json": "geojson", "pq": "parquet"}
    fmt = aliases.get(suffix, suffix)
    if fmt not in ("csv", "jsonl", "geojson", "parquet"):
        raise click.UsageError(f"cannot tell the format of {path!r}; pass --format csv|jsonl|geojson|parquet")
    return fmt


@click.group(invoke_without_command=True)
@db_option
@click.option("--rejected", is_flag=True, help="List rejected inputs (file, line, reason) instead.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_context
@clean_errors
def articles(ctx: click.Context, db: str | None, rejected: bool, limit: int | None, fmt: str) -> None:
    """List stored articles with their status, or (--rejected) the inputs that were rejected and why.

    `eventwire articles show ID` prints one article's text with its evidence spans marked.
    """
    if ctx.invoked_subcommand is not None:
        return
    from eventwire.api.articles import list_articles, list_rejections

    with _open(db) as store:
        found = list_rejections(store, limit=limit) if rejected else list_articles(store, limit=limit)
        rows = [row.to_dict() for row in found]
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    columns = (("origin", "line", "reason", "detail") if rejected
               else ("id", "version", "status", "reason", "date", "events", "title", "origin", "warning"))
    _print_table(columns, rows, "rejected inputs" if rejected else "articles")


def _print_table(columns: tuple[str, ...], rows: Sequence[Mapping[str, Any]], noun: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    out = _stdout()
    Console(file=out, width=None if out.isatty() else 200, soft_wrap=False).print(table)
    click.echo(f"{len(rows)} {noun}")


@click.command()
@db_option
@click.option("--by", type=click.Choice(["country", "admin1", "week", "month", "actor", "type", "sub_type"]),
              help="Event counts and fatality sums (best, low, high) per group, for the filters given.")
@filter_options
@fused_option
@reviewed_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="csv only with --by.")
@clean_errors
def stats(db: str | None, by: str | None, fused: bool, reviewed: bool | None, fmt: str, **filters: Any) -> None:
    """Count articles, article events and fused events; events by type, country, week; rejections by reason.

    With --by: event counts and fatality sums per country, admin1, week, month, actor, type or sub_type,
    for any filter, reviews applied; --fused counts each real-world event once.
    """
    from eventwire.api.stats import store_stats

    if by is not None:
        _grouped_stats(db, by, fused, reviewed, fmt, filters)
        return
    if fmt == "csv" or fused or reviewed is not None or any(v is not None for v in filters.values()):
        raise click.UsageError("filters, --fused, --reviewed and --format csv need --by (e.g. --by country)")
    with _open(db) as store:
        result = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{_plural(result.articles, 'article')} · {_plural(result.events, 'article-event')} · "
               f"{_plural(result.fused_events, 'fused event')} · {_plural(result.rejections, 'rejection')}")
    sections = (("events by type", result.events_by_type), ("events by country", result.events_by_country),
                ("events by week", result.events_by_week), ("articles by status", result.articles_by_status),
                ("rejections by reason", result.rejections_by_reason))
    for title, counts in sections:
        click.echo(f"\n{title}:")
        for key, n in counts.items():
            click.echo(f"  {n:>6}  {key}")
        if not counts:
            click.echo("  (none)")
    click.echo("\nruns with stored events:")
    for run in result.runs:
        click.echo(f"  {run['events']:>6}  {run['run_id']}  eventwire {run['eventwire_version']} · "
                   f"{run['extractor_version']} · {run['model_version']} · gazetteer {run['gazetteer_version']}")
    if not result.runs:
        click.echo("  (none)")


def _grouped_stats(db: str | None, by: str, fused: bool, reviewed: bool | None, fmt: str,
                   filters: dict[str, Any]) -> None:
    import csv as csv_module

    from eventwire.api.stats import Group, aggregate

    with _open(db) as store:
        groups = aggregate(_select(store, fused, filters, reviewed), by)
    columns = ("key", *(f for f in Group.__dataclass_fields__ if f != "key"))
    if fmt == "json":
        click.echo(json.dumps({"by": by, "fused": fused, "groups": [g.to_dict() for g in groups]}, indent=2,
                              ensure_ascii=False))
    elif fmt == "csv":
        writer = csv_module.writer(_stdout(), lineterminator="\n")
        writer.writerow([by, *columns[1:]])
        writer.writerows([getattr(g, c) for c in columns] for g in groups)
    else:
        header = (by, "events", "fatalities", "low", "high", "unknown_fatalities")
        _print_table(header, [dict(zip(header, (getattr(g, c) for c in columns), strict=True)) for g in groups],
                     "groups")


COMMANDS: list[click.Command] = [ingest, events, export, articles, stats]

__all__ = ["COMMANDS", "build_filter", "clean_errors", "db_option", "filter_options", "fused_option",
           "limit_options", "load_geoparser", "max_bytes_option", "no_geo_option", "parse_date", "setup_logging"]
