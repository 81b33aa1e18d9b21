"""CLI commands of the extract area."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
