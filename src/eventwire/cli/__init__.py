"""The ``eventwire`` command: a thin click layer over library functions.

Commands live in one module per area so each stays small: ``commands_store`` (ingest, events, export,
articles, stats), ``commands_extract`` (extract), ``commands_geo`` (geoparse, gazetteer),
``commands_eval`` (eval, bench), ``commands_review`` (review), ``commands_watch`` (watch),
``commands_actors`` (actors), ``commands_train`` (train events, modality, detect, roles, geo), ``commands_serve`` (serve,
articles show). Nothing imports this package.
"""

from __future__ import annotations

import click

from eventwire import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """Turn news reports into structured, geolocated, evidence-backed conflict events. Offline."""


def _register() -> None:
    # Imported here, not at module top, so `eventwire --help` stays fast and each area is optional.
    from eventwire.cli import (
        commands_actors,
        commands_eval,
        commands_extract,
        commands_geo,
        commands_review,
        commands_scale,
        commands_serve,
        commands_store,
        commands_train,
        commands_watch,
    )

    for module in (commands_store, commands_extract, commands_geo, commands_eval, commands_review, commands_watch,
                   commands_actors, commands_train, commands_serve, commands_scale):
        for command in module.COMMANDS:
            main.add_command(command)
    for group, subcommands in commands_serve.SUBCOMMANDS.items():
        for command in subcommands:
            main.commands[group].add_command(command)  # type: ignore[attr-defined]


_register()
