"""CLI commands of the scale-out area: ``migrate`` (copy a store to another database) and ``changes``
(the change log for downstream consumers). ``ingest --executor dask`` lives with ``ingest``."""

from __future__ import annotations

import json

import click

from eventwire.cli.commands_store import clean_errors, db_option
from eventwire.config import default_db_url


@click.command(name="migrate")
@click.option("--from", "source", required=True, metavar="URL|PATH", help="The store to copy (SQLite path or URL).")
@click.option("--to", "target", required=True, metavar="URL|PATH",
              help="An empty store to copy into, e.g. postgresql+psycopg://user@host/db.")
@clean_errors
def migrate_command(source: str, target: str) -> None:
    """Copy a store to another database, every row as stored (e.g. SQLite to PostgreSQL).

    \b
      eventwire migrate --from sqlite:///eventwire.db --to postgresql://postgres@localhost/events
    """
    from eventwire.store import open_store
    from eventwire.store.copy import copy_store

    with open_store(source, create=False) as src, open_store(target) as dst:
        summary = copy_store(src, dst, on_table=lambda t, n: click.echo(f"  {t}: {n} rows", err=True))
        click.echo(f"copied {sum(summary.rows.values())} rows in {len(summary.rows)} tables from {src.url} to {dst.url}")


@click.command(name="changes")
@db_option
@click.option("--since", "since", type=click.IntRange(min=0), default=0, show_default=True, metavar="CURSOR",
              help="Only changes after this cursor (the last cursor you read; 0 for all).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many changes.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@clean_errors
def changes_command(db: str | None, since: int, limit: int | None, fmt: str) -> None:
    """List events made new, updated or retracted after CURSOR, oldest first, with their versions.

    Each line carries its `cursor`; pass the last one as --since next time to read only what is newer.
    """
    from eventwire.store import open_store
    from eventwire.store.changes import read_changes

    last = since
    with open_store(db or default_db_url(), create=False) as store, store.read() as conn:
        rows = list(read_changes(conn, since=since, limit=limit))
    for change in rows:
        last = change.cursor
        if fmt == "jsonl":
            click.echo(json.dumps(change.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"{change.cursor:>8}  {change.change:<9}  v{change.version:<3} {change.event_id}  {change.article_id}")
    click.echo(f"{len(rows)} changes; next cursor {last}", err=True)


COMMANDS: list[click.Command] = [migrate_command, changes_command]
