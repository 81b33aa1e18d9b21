"""Pages and exports of events over HTTP: takes rows of the query layer, gives JSON pages, CSV and GeoJSON.

A JSON page sends the stored contract JSON as it is (fused records get their ``sources`` spliced in), and
its ``next_cursor`` is the last row's (date, id) as URL-safe base64, opaque to clients. CSV and GeoJSON go
through ``formats``' writers (the CLI's), spooled to a temporary file and streamed from it.
"""

from __future__ import annotations

import base64
import binascii
import json
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from fastapi.responses import Response, StreamingResponse

from eventwire.api.query import Cursor, EventFilter, RawEvent, query_raw, sources_of
from eventwire.errors import QueryError
from eventwire.store import Store


def page_of(store: Store, filters: EventFilter, *, fused: bool, size: int,
            cursor: str | None) -> tuple[list[RawEvent], str | None]:
    """Up to ``size`` events after ``cursor``, and the cursor of the next page (None on the last one)."""
    wanted = replace(filters, after=decode_cursor(cursor), limit=size + 1)  # one more: is there a next page?
    rows = list(query_raw(store, wanted, fused=fused))
    more, rows = len(rows) > size, rows[:size]
    return rows, (encode_cursor(rows[-1].cursor) if more and rows else None)


def encode_cursor(cursor: Cursor) -> str:
    """The opaque ``next_cursor`` of a page that ends at ``cursor``."""
    raw = json.dumps([cursor.event_date, cursor.event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str | None) -> Cursor | None:
    """The cursor of a page's ``next_cursor``; a malformed one is a QueryError on ``cursor``."""
    if not value:
        return None
    try:
        date, event_id = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        if not isinstance(event_id, str) or not (date is None or isinstance(date, str)):
            raise ValueError(value)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise QueryError("not a cursor this server gave out; pass a page's next_cursor unchanged",
                         field="cursor") from exc
    return Cursor(event_date=date, event_id=event_id)


def json_page(store: Store, rows: list[RawEvent], fused: bool, next_cursor: str | None) -> Response:
    # The stored JSON goes out as it is: decoding and re-encoding 100 records would cost more than the query.
    bodies = [r.data for r in rows]
    if fused:
        found = sources_of(store, [r.event_id for r in rows])
        bodies = [_with_sources(r.data, [s.to_dict() for s in found.get(r.event_id, [])]) for r in rows]
    head = json.dumps({"count": len(rows), "next_cursor": next_cursor})[:-1]
    return Response(f'{head}, "events": [{",".join(bodies)}]}}', media_type="application/json")


def _with_sources(data: str, sources: list[dict[str, Any]]) -> str:
    # The stored record is a JSON object; the fused contract adds one last key, "sources".
    return f'{data.rstrip()[:-1]}, "sources": {json.dumps(sources, ensure_ascii=False)}}}'


def export_response(store: Store, filters: EventFilter, fused: bool, rows: list[RawEvent] | None, fmt: str,
                    next_cursor: str | None) -> Response:
    """CSV or GeoJSON of ``rows`` (a page), or of every event matching ``filters`` when ``rows`` is None."""
    from eventwire.api.articles import article_info
    from eventwire.api.formats import write_events
    from eventwire.api.query import query_events, query_fused

    if rows is not None:
        events: Any = _decoded(store, rows, fused)
    else:
        events = (query_fused if fused else query_events)(store, filters)
    spool = tempfile.SpooledTemporaryFile(max_size=8_000_000, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115
    write_events(events, fmt, spool, articles=article_info(store) if fmt == "csv" else None)
    spool.seek(0)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/geo+json"
    headers = {"Content-Disposition": f'attachment; filename="events.{fmt}"'}
    if next_cursor:
        headers["X-Next-Cursor"] = next_cursor
    return StreamingResponse(_chunks(spool), media_type=media, headers=headers)


def _decoded(store: Store, rows: list[RawEvent], fused: bool) -> Iterator[Any]:
    from eventwire.api.query import FusedEvent, Source
    from eventwire.model import Event

    found: dict[str, list[Source]] = sources_of(store, [r.event_id for r in rows]) if fused else {}
    for row in rows:
        event = Event.from_dict(json.loads(row.data))
        if fused:
            fields = {name: getattr(event, name) for name in Event.__dataclass_fields__}
            yield FusedEvent(**fields, sources=tuple(found.get(row.event_id, ())))
        else:
            yield event


def _chunks(spool: Any) -> Iterator[str]:
    with spool:
        while chunk := spool.read(65536):
            yield chunk
