"""CLI of the review loop: ``eventwire review list|accept|edit|merge|split|reject|orphans|log``.

A thin layer over ``eventwire.api.review``: each subcommand parses options, calls one function, prints.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from eventwire.cli.commands_store import (
    _open,
    _print_table,
    build_filter,
    clean_errors,
    db_option,
    filter_options,
)

F = TypeVar("F", bound=Callable[..., Any])

_LIST_COLUMNS = ("event_id", "confidence", "date", "type", "actor1", "actor2", "location", "fatalities", "status")
_LOG_COLUMNS = ("id", "created_at", "who", "action", "event", "field", "value", "why")


def who_why(func: F) -> F:
    """``--who NAME`` (default ``$EVENTWIRE_REVIEWER``) and ``--why TEXT``, which every action records."""
    func = click.option("--why", default="", metavar="TEXT", help="Why (required except for accept).")(func)
    return click.option("--who", default=lambda: os.environ.get("EVENTWIRE_REVIEWER", ""), metavar="NAME",
                        help="Who reviews [default: $EVENTWIRE_REVIEWER].")(func)


@click.group()
def review() -> None:
    """Review events: list them (least confident first), accept, edit, merge, split or reject.

    Corrections are stored apart from the extracted values, with who, when and why; every read and
    export applies them, and they survive re-extraction (see `review orphans`).
    """


@review.command("list")
@db_option
@filter_options
@click.option("--by-confidence", is_flag=True, help="Least confident first.")
@click.option("--status", type=click.Choice(["unreviewed", "reviewed", "all"]), default="unreviewed",
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@clean_errors
def list_(db: str | None, by_confidence: bool, status: str, fmt: str, **filters: Any) -> None:
    """Events to review, with their ids (what the other subcommands take)."""
    from eventwire.api.review import review_queue

    with _open(db) as store:
        items = review_queue(store, build_filter(**filters), by_confidence=by_confidence, status=status)
    if fmt == "jsonl":
        for item in items:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        return
    rows = [{"event_id": i.event.event_id, "confidence": f"{i.event.confidence:.2f}", "date": i.event.event_date,
             "type": i.event.sub_event_type, "actor1": i.event.actor1, "actor2": i.event.actor2,
             "location": i.event.location, "fatalities": i.event.fatalities, "status": i.status} for i in items]
    _print_table(_LIST_COLUMNS, rows, "events")


def _done(review: Any) -> None:
    click.echo(f"review {review.id}: {review.action} {review.reviewed_id} by {review.who} ({review.created_at})")


@review.command()
@click.argument("event_id")
@db_option
@who_why
@clean_errors
def accept(event_id: str, db: str | None, who: str, why: str) -> None:
    """Mark EVENT_ID right as it reads (also restores a rejected event)."""
    from eventwire.api import review as api

    with _open(db) as store:
        _done(api.accept(store, event_id, who=who, why=why))


@review.command()
@click.argument("event_id")
@db_option
@who_why
@clean_errors
def reject(event_id: str, db: str | None, who: str, why: str) -> None:
    """Mark EVENT_ID wrong: it disappears from events and exports."""
    from eventwire.api import review as api

    with _open(db) as store:
        _done(api.reject(store, event_id, who=who, why=why))


@review.command()
@click.argument("event_id")
@click.argument("field")
@click.argument("value")
@db_option
@who_why
@clean_errors
def edit(event_id: str, field: str, value: str, db: str | None, who: str, why: str) -> None:
    """Set FIELD of EVENT_ID to VALUE (a contract key, e.g. fatalities 9; "" clears it)."""
    from eventwire.api import review as api

    with _open(db) as store:
        _done(api.edit(store, event_id, field, value, who=who, why=why))


@review.command()
@click.argument("keep_id")
@click.argument("other_id")
@db_option
@who_why
@clean_errors
def merge(keep_id: str, other_id: str, db: str | None, who: str, why: str) -> None:
    """OTHER_ID is the same event as KEEP_ID: fold it in (it disappears, KEEP_ID stays)."""
    from eventwire.api import review as api

    with _open(db) as store:
        _done(api.merge(store, keep_id, other_id, who=who, why=why))


@review.command()
@click.argument("event_id")
@db_option
@who_why
@clean_errors
def split(event_id: str, db: str | None, who: str, why: str) -> None:
    """EVENT_ID tells two events: add a copy (printed id) to edit into the second one."""
    from eventwire.api import review as api

    with _open(db) as store:
        copy = api.split(store, event_id, who=who, why=why)
    click.echo(f"split {event_id}: new event {copy} (edit it with `eventwire review edit {copy} FIELD VALUE`)")


@review.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@clean_errors
def orphans(db: str | None, fmt: str) -> None:
    """Reviews whose event is gone after re-extraction (kept, never applied to another event)."""
    from eventwire.api import review as api

    with _open(db) as store:
        _print_reviews(api.orphans(store), fmt, "orphaned reviews")


@review.command()
@click.argument("event_id", required=False)
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@clean_errors
def log(event_id: str | None, db: str | None, fmt: str) -> None:
    """Every correction (of EVENT_ID only, if given): who, when, what and why."""
    from eventwire.api import review as api

    with _open(db) as store:
        _print_reviews(api.history(store, event_id), fmt, "reviews")


def _print_reviews(reviews: list[Any], fmt: str, noun: str) -> None:
    if fmt == "jsonl":
        for r in reviews:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
        return
    rows = [{"id": r.id, "created_at": r.created_at, "who": r.who, "action": r.action,
             "event": r.reviewed_id + (f" → {r.target_event_id}" if r.target_event_id else ""),
             "field": r.field, "value": None if r.field is None else json.dumps(r.value, ensure_ascii=False),
             "why": r.why} for r in reviews]
    _print_table(_LOG_COLUMNS, rows, noun)


COMMANDS: list[click.Command] = [review]
