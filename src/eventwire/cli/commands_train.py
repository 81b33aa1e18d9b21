"""CLI commands of the train area: ``eventwire train events`` rebuilds the shipped typer from labelled data."""

from __future__ import annotations

from pathlib import Path

import click


@click.group(name="train")
def train_group() -> None:
    """Rebuild eventwire's learned models from labelled data (needs: pip install 'eventwire[train]')."""


@train_group.command(name="events")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Folder of the public labelled sets (events/case2021_dev.jsonl, train/*.jsonl); see the README.")
@click.option("--annotations", "annotations_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("data/annotations"), show_default=True, help="eventwire's own labelled set.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write weights.npz, config.json and MODEL_CARD.md [default: the package's models/typer].")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-loso", is_flag=True, help="Skip leave-one-source-out (faster; the card then lacks it).")
def train_events_command(data_dir: Path, annotations_dir: Path, out_dir: Path | None, seed: int, no_loso: bool) -> None:
    """Fit the sub-event typer on every labelled set found, measure it held out, write weights and card.

    \b
    Example:
      eventwire train events --data path/to/labelled-sets --annotations data/annotations
    """
    try:
        from eventwire.evaluate.train_recipe import train_typer
    except ImportError as exc:  # sklearn is a training-only dependency
        raise click.ClickException(f"{exc}; training needs the extra: pip install 'eventwire[train]'") from exc
    from eventwire.extract.classify import MODEL_DIR

    target = out_dir or MODEL_DIR
    card = train_typer(data_dir, annotations_dir, target, seed=seed, loso=not no_loso,
                       log=lambda line: click.echo(line, err=True))
    click.echo(card)
    click.echo(f"model written to {target}", err=True)


COMMANDS = (train_group,)
