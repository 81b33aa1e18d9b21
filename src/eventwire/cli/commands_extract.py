"""CLI command of the extract area: ``eventwire extract`` — events of INPUT... to stdout, no store.

Rejected inputs are reported on stderr, one line each, and never stop the batch.
"""

from __future__ import annotations

import sys

import click

from eventwire.cli.commands_store import (
    clean_errors,
    limit_options,
    load_geoparser,
    max_bytes_option,
    no_geo_option,
    parse_date,
    setup_logging,
)
from eventwire.config import Settings
from eventwire.model import Rejection


def _report(rejection: Rejection) -> None:
    # Readers start ``detail`` with the file (and line); say where only when a detail does not.
    where = f"{rejection.origin}:{rejection.line}" if rejection.line is not None else rejection.origin
    said = rejection.detail.startswith(rejection.origin)
    click.echo(f"rejected ({rejection.reason}): {rejection.detail if said else f'{where}: {rejection.detail}'}",
               err=True)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default="jsonl",
              show_default=True)
@click.option("--dateline", metavar="YYYY-MM-DD", help="Publication date for inputs that give none.")
@no_geo_option
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True)
@max_bytes_option
@limit_options
@clean_errors
def extract(inputs: tuple[str, ...], fmt: str, dateline: str | None, no_geo: bool, batch_size: int,
            max_bytes: int, max_file_bytes: int, article_timeout: float, log_path: str | None) -> None:
    """Extract events from INPUT... (files, folders, feeds, - for stdin) and print them; JSONL: one per line."""
    from eventwire.api.formats import write_events
    from eventwire.ingest import check_inputs
    from eventwire.run.local import extract as run_extract

    check_inputs(inputs)

    setup_logging(log_path)
    settings = Settings(batch_size=batch_size, dateline=parse_date(dateline), max_bytes=max_bytes,
                        max_file_bytes=max_file_bytes, article_timeout=article_timeout)
    events = run_extract(inputs, settings, geoparser=load_geoparser(no_geo), on_rejection=_report,
                         on_warning=lambda w: click.echo(f"warning: {w}", err=True))
    write_events(events, fmt, sys.stdout)


COMMANDS: list[click.Command] = [extract]
