"""CLI commands of the training recipes: ``eventwire train geo`` (the learned geo candidate ranker).

Training code lives in ``eventwire.evaluate``; this module only parses options and reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from eventwire.errors import EventwireError


@click.group(name="train")
def train_group() -> None:
    """Train eventwire's learned components from gold data (deterministic recipes)."""


@train_group.command(name="geo")
@click.argument("datasets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Where to write the weights (default: the package's data/geo_ranker.json).")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def train_geo_command(datasets: tuple[str, ...], out_path: str | None, as_json: bool) -> None:
    """Train the geo candidate ranker on GeoWebNews/LGL-style DATASETS (5-fold CV by document id hash).

    \b
    Example:
      eventwire train geo ../shared/data/geoparse/gwn.jsonl ../shared/data/geoparse/lgl.jsonl
    """
    from eventwire.evaluate.train_geo_ranker import train_geo_ranker
    from eventwire.geo.ranker import RANKER_PATH

    out = Path(out_path) if out_path else RANKER_PATH
    try:
        data = train_geo_ranker(list(datasets), out=out)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(data, indent=1))
        return
    click.echo(f"trained on {data['groups']:,} ambiguous toponyms from {', '.join(data['trained_on'])}")
    click.echo("held-out fold  toponyms  rules' choice  model's choice (right within 161 km)")
    for f in data["cv_choice_accuracy"]:
        click.echo(f"  {f['fold']}            {f['groups']:>7}  {f['rules']:.3f}          {f['model']:.3f}")
    click.echo(f"weights written to {out}")


COMMANDS: list[click.Command] = [train_group]
