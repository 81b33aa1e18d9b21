"""CLI commands of the eval area: ``eventwire eval`` (accuracy on gold data) and ``eventwire bench``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from eventwire.errors import EventwireError


@click.command(name="eval")
@click.argument("datasets", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--report", "report_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write a Markdown report to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable metrics instead of text.")
@click.option("--errors", "n_errors", type=click.IntRange(min=0), default=0, show_default=True,
              help="List the first N errors per dataset: text, gold, and what we produced.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N items of each dataset.")
@click.option("--cv/--no-cv", default=True, show_default=True,
              help="On GeoWebNews/LGL, also the learned geo ranker's 5-fold held-out scores (about a minute each).")
@click.option("--kind", type=click.Choice(["roles"]), default=None,
              help="roles: on a folder of labelled sets, the role head's held-out actor1/actor2 numbers "
                   "(rules alone vs learned) instead of the typer's.")
def eval_command(datasets: tuple[str, ...], report_path: str | None, as_json: bool, n_errors: int,
                 limit: int | None, cv: bool, kind: str | None = None) -> None:
    """Score eventwire on gold DATASETS: CASE 2021 event types, GeoWebNews/LGL toponyms,
    TempEval-3 dates, or a golden event corpus (a folder holding golden.jsonl, or that file).

    \b
    Example:
      eventwire eval ../shared/data/events/case2021_dev.jsonl examples/ --errors 5
      eventwire eval ../shared/data --kind roles
    """
    from eventwire.evaluate import evaluate_dataset
    from eventwire.evaluate.report import render_json, render_markdown, render_text

    results = []
    for path in datasets:
        try:
            result = evaluate_dataset(path, kind=kind, limit=limit, cv=cv)
        except EventwireError as exc:
            raise click.ClickException(str(exc)) from exc
        results.append(result)
        if not as_json:
            click.echo(render_text(result, n_errors=n_errors))
    if as_json:
        click.echo(render_json(results, n_errors=n_errors))
    if report_path:
        Path(report_path).write_text(render_markdown(results, n_errors=n_errors), encoding="utf-8")
        click.echo(f"report written to {report_path}", err=True)


@click.command(name="bench")
@click.argument("corpus", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--runs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Passes over the corpus; the fastest is reported (others were slowed by other load).")
@click.option("--repeat-to", type=click.IntRange(min=1), default=None,
              help="Cycle the corpus (distinct ids) until N documents went through, to show memory stays flat.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Read only the first N articles.")
@click.option("--every", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Print RSS and elapsed time every N documents.")
@click.option("--no-store", is_flag=True, help="Skip the store stage (writing to a temporary SQLite).")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable results.")
@click.option("--workers", "workers", metavar="N[,N...]", default=None,
              help="Instead: articles/s of a Dask backfill (`ingest --executor dask`) with each number of workers, e.g. 1,2.")
def bench_command(corpus: tuple[str, ...], runs: int, repeat_to: int | None, limit: int | None, every: int,
                  no_store: bool, as_json: bool, workers: str | None = None) -> None:
    """Measure speed and memory on CORPUS (files or folders any `eventwire ingest` reads),
    against bare spaCy on the same texts.

    \b
    Example:
      eventwire bench ../shared/data/corpus/guardian_syria.jsonl --runs 2
      eventwire bench examples/ --repeat-to 5000
    """
    from eventwire.evaluate.bench import bench, summary_rows

    if workers:
        _bench_workers(corpus, workers, repeat_to, limit, as_json)
        return
    try:
        result = bench(list(corpus), runs=runs, repeat_to=repeat_to, limit=limit, every=every,
                       with_store=not no_store)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    for label, value in summary_rows(result):
        click.echo(f"{label:<22} {value}")
    click.echo("checkpoints (documents, elapsed s, RSS MB):")
    for c in result.best.checkpoints:
        click.echo(f"  {c.docs:>7,}  {c.seconds:>8.1f}  {c.rss_mb:>7.0f}")
    for note in result.notes:
        click.echo(f"note: {note}")


def _bench_workers(corpus: tuple[str, ...], workers: str, repeat_to: int | None, limit: int | None,
                   as_json: bool) -> None:
    from eventwire.run.scaling import bench_workers

    try:
        counts = [int(n) for n in workers.split(",")]
    except ValueError as exc:
        raise click.BadParameter(f"expected numbers like 1,2, got {workers!r}", param_hint="--workers") from exc
    try:
        points = bench_workers(list(corpus), counts, repeat_to=repeat_to, limit=limit)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in points], indent=2))
        return
    base = points[0].articles_per_s
    click.echo("workers  articles  seconds  articles/s  speed-up  startup s  driver waiting s  driver writing s"
               "  worker CPU s  articles/CPU-s")
    for p in points:
        click.echo(f"{p.workers:>7}  {p.articles:>8}  {p.seconds:>7.1f}  {p.articles_per_s:>10.1f}  "
                   f"{p.articles_per_s / base:>7.2f}x  {p.startup_seconds:>9.1f}  {p.wait_seconds:>16.1f}  "
                   f"{p.write_seconds:>16.1f}  {p.worker_cpu_seconds:>12.1f}  {p.articles_per_cpu_s:>14.1f}")


COMMANDS: list[click.Command] = [eval_command, bench_command]
