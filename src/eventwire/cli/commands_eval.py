"""CLI commands of the eval area."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
