"""CLI commands of the serving area: ``serve`` (the REST API and web page) and ``articles show``.

``serve`` needs the ``[serve]`` extra (FastAPI, uvicorn); without it the command says which pip command
installs it. The write token comes from ``EVENTWIRE_TOKEN`` only, never an option (options show in ``ps``).
"""

from __future__ import annotations

import os

import click

from eventwire.cli.commands_store import clean_errors, db_option

SERVE_EXTRA = "pip install 'eventwire[serve]'"


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1 exposes the data to the network.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True)
@click.option("--no-geo", is_flag=True, help="POST /extract and /ingest skip geoparsing (faster, no coordinates).")
@clean_errors
def serve(db: str | None, host: str, port: int, no_geo: bool) -> None:
    """Serve the REST API (/api/v1, docs at /docs) and the web page (/) over the database.

    Writes (POST /api/v1/ingest) need the token in EVENTWIRE_TOKEN, sent as 'Authorization: Bearer TOKEN'.
    """
    try:
        import uvicorn

        from eventwire.api.server import ServeConfig, create_app
    except ImportError as exc:
        raise click.ClickException(f"serving needs the [serve] extra ({exc.name} is missing); "
                                   f"run: {SERVE_EXTRA}") from exc
    from eventwire.config import default_db_url
    from eventwire.store import open_store

    store = open_store(db or default_db_url(), create=False)
    token = os.environ.get("EVENTWIRE_TOKEN") or None
    app = create_app(ServeConfig(store=store, token=token, geo=not no_geo))
    click.echo(f"serving {store.url} on http://{host}:{port}/ (API docs at /docs; writes "
               f"{'need the token' if token else 'disabled: EVENTWIRE_TOKEN is not set'})", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


@click.command("show")
@click.argument("article_id", metavar="ID")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@clean_errors
def show(article_id: str, db: str | None, fmt: str) -> None:
    """Print article ID's text with every evidence span marked ⟦like this⟧{field}, then the spans."""
    import json

    from eventwire.api.records import Span, article_record, mark_spans
    from eventwire.config import default_db_url
    from eventwire.store import open_store

    with open_store(db or default_db_url(), create=False) as store:
        record = article_record(store, article_id)
    if record is None:
        raise click.ClickException(f"no article with id {article_id!r}; `eventwire articles` lists them")
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    spans = [Span(**s) for s in record["spans"]]
    click.echo(f"{record['id']} · {record['title'] or '(no title)'} · {record['source'] or '(no source)'} · "
               f"{record['date'] or '(no date)'} · {len(record['events'])} event(s), {len(spans)} span(s)\n")
    click.echo(mark_spans(record["text"], spans))
    click.echo("\nspans:")
    for s in spans:
        click.echo(f"  {s.start:>6}-{s.end:<6} {s.field:<16} {s.text!r}  ({s.event_id}, {s.rule or 'no rule'})")


COMMANDS: list[click.Command] = [serve]
#: Subcommands attached to a group defined by another area (``articles`` lives in ``commands_store``).
SUBCOMMANDS: dict[str, list[click.Command]] = {"articles": [show]}
