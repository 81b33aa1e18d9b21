"""CLI of the actor knowledge base: ``eventwire actors lookup`` (the twin of ``gazetteer lookup``)."""

from __future__ import annotations

import json

import click

from eventwire.cli.commands_geo import _emit_table, _format_option
from eventwire.cli.commands_store import clean_errors


@click.group("actors")
def actors() -> None:
    """Query the actor knowledge base (built-in groups, every country's forces, your own actors.csv)."""


@actors.command("lookup")
@click.argument("name")
@click.option("--country", default=None, help="ISO alpha-2 or alpha-3 country hint (e.g. SD, SDN).")
@click.option(
    "--limit", default=5, show_default=True, type=click.IntRange(1, 100), help="Candidates to print."
)
@_format_option
@clean_errors
def actors_lookup(name: str, country: str | None, limit: int, fmt: str) -> None:
    """Ranked actors NAME may refer to (how the extractor codes it comes first)."""
    from eventwire.api.actors import lookup_actor

    rows = [c.to_dict() for c in lookup_actor(name, country=country, limit=limit)]
    if not rows:
        click.echo(f"no actor called {name!r} in the knowledge base", err=True)
        raise SystemExit(1)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        _emit_table(rows, ("name", "inter", "iso3", "source", "match", "matched", "score"))


COMMANDS: list[click.Command] = [actors]
