"""CLI commands of the train area: ``eventwire train events`` (the sub-event typer), ``eventwire train
modality`` (the modality head), ``eventwire train detect`` (the event detector where the rules propose
nothing), ``eventwire train roles`` (the role head) and ``eventwire train geo`` (the geo candidate ranker).
Training code lives in ``eventwire.evaluate``; this module parses options and reports.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import click

from eventwire.errors import EventwireError

F = TypeVar("F", bound=Callable[..., Any])


@click.group(name="train")
def train_group() -> None:
    """Rebuild eventwire's learned models from labelled data (needs: pip install 'eventwire[train]')."""


def _recipe_options(model: str, *, data_required: bool, data_help: str) -> Callable[[F], F]:
    """The options every learned model's recipe takes: the labelled sets, our own annotations, where the
    weights go (default: the package's ``models/<model>``) and the seed."""
    def wrap(command: F) -> F:
        for option in reversed((
            click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                         required=data_required, default=None, help=data_help),
            click.option("--annotations", "annotations_dir",
                         type=click.Path(exists=True, file_okay=False, path_type=Path),
                         default=Path("data/annotations"), show_default=True, help="eventwire's own labelled set."),
            click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                         help="Where to write weights.npz, config.json and MODEL_CARD.md "
                              f"[default: the package's models/{model}]."),
            click.option("--seed", type=int, default=0, show_default=True),
        )):
            command = option(command)
        return command
    return wrap


def _training_module(name: str) -> ModuleType:
    """``eventwire.evaluate.<name>``; a clear error when the ``train`` extra (scikit-learn) is missing."""
    try:
        return importlib.import_module(f"eventwire.evaluate.{name}")
    except ImportError as exc:  # sklearn is a training-only dependency
        raise click.ClickException(f"{exc}; training needs the extra: pip install 'eventwire[train]'") from exc


def _log(line: str) -> None:
    click.echo(line, err=True)


def _report(card: str, target: Path) -> None:
    click.echo(card)
    click.echo(f"model written to {target}", err=True)


@train_group.command(name="events")
@_recipe_options("typer", data_required=True,
                 data_help="Folder of the public labelled sets (events/case2021_dev.jsonl, train/*.jsonl); see the README.")
@click.option("--no-loso", is_flag=True, help="Skip leave-one-source-out (faster; the card then lacks it).")
def train_events_command(data_dir: Path, annotations_dir: Path, out_dir: Path | None, seed: int, no_loso: bool) -> None:
    """Fit the sub-event typer on every labelled set found, measure it held out, write weights and card.

    \b
    Example:
      eventwire train events --data path/to/labelled-sets --annotations data/annotations
    """
    recipe = _training_module("train_recipe")
    from eventwire.extract.classify import MODEL_DIR

    target = out_dir or MODEL_DIR
    _report(recipe.train_typer(data_dir, annotations_dir, target, seed=seed, loso=not no_loso, log=_log), target)


@train_group.command(name="modality")
@_recipe_options("modality", data_required=False,
                 data_help="Folder of the public labelled sets (train/plover_gold.jsonl is used when present).")
def train_modality_command(data_dir: Path | None, annotations_dir: Path, out_dir: Path | None, seed: int) -> None:
    """Fit the modality head (asserted / negated / planned / hypothetical / background) and measure it held out.

    \b
    Example:
      eventwire train modality --data path/to/labelled-sets --annotations data/annotations
    """
    recipe = _training_module("train_modality")
    from eventwire.extract.modality_head import MODEL_DIR

    target = out_dir or MODEL_DIR
    _report(recipe.train_modality(data_dir, annotations_dir, target, seed=seed, log=_log), target)


@train_group.command(name="detect")
@_recipe_options("detect", data_required=False,
                 data_help="Folder of the public labelled sets (events/case2021_dev.jsonl, train/*.jsonl); see the README.")
@click.option("--min-precision", type=float, default=None,
              help="Held-out precision the threshold must reach [default: train_detect.MIN_PRECISION].")
@click.option("--no-pipeline", is_flag=True, help="Skip the whole-pipeline measurement (faster; the card then lacks it).")
def train_detect_command(data_dir: Path | None, annotations_dir: Path, out_dir: Path | None, seed: int,
                         min_precision: float | None, no_pipeline: bool) -> None:
    """Fit the event detector (the fallback where the rules propose nothing), measure it held out, write it.

    \b
    Example:
      eventwire train detect --data path/to/labelled-sets --annotations data/annotations
    """
    recipe = _training_module("train_detect")
    from eventwire.extract.detect import MODEL_DIR

    target = out_dir or MODEL_DIR
    _report(recipe.train_detector(data_dir, annotations_dir, target, seed=seed, pipeline=not no_pipeline,
                                  min_precision=recipe.MIN_PRECISION if min_precision is None else min_precision,
                                  log=_log), target)


@train_group.command(name="roles")
@_recipe_options("roles", data_required=True,
                 data_help="Folder of the public labelled sets (train/m2e2_sentences.jsonl, train/cameo_ner.jsonl, "
                           "train/plover_gold.jsonl); see the README.")
@click.option("--no-loso", is_flag=True, help="Skip leave-one-source-out (faster; the card then lacks it).")
@click.option("--span-dims", type=int, default=None,
              help="Size of the span-vector block (0: none, the shipped head's; see train_roles.SPAN_DIMS).")
def train_roles_command(data_dir: Path, annotations_dir: Path, out_dir: Path | None, seed: int, no_loso: bool,
                        span_dims: int | None) -> None:
    """Fit the role head (actor1 / actor2 / none per candidate span), measure it held out, write weights and card.

    \b
    Example:
      eventwire train roles --data path/to/labelled-sets --annotations data/annotations
    """
    recipe = _training_module("train_roles")
    from eventwire.extract.role_head import MODEL_DIR

    target = out_dir or MODEL_DIR
    dims = recipe.SPAN_DIMS if span_dims is None else span_dims
    _report(recipe.train_roles(data_dir, annotations_dir, target, seed=seed, loso=not no_loso, dims=dims, log=_log),
            target)


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


COMMANDS = (train_group,)
