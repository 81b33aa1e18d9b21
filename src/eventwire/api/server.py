"""The REST API and web page: takes a store, gives an ASGI app (``create_app``) that ``eventwire serve`` runs.

Routes under ``/api/v1`` read through the one query layer (``query``, ``records``, ``stats``), with the
filters parsed by ``filters`` (the CLI's), and answer errors in one envelope (``http_errors``). The page
at ``/`` is static files from ``api/static`` (its libraries vendored there at build time). Write routes
need ``EVENTWIRE_TOKEN``; bodies are capped (``limits``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from eventwire import __version__
from eventwire.api import filters as parse
from eventwire.api.http_errors import ApiError, install
from eventwire.api.limits import BodyLimit
from eventwire.api.query import Cursor, EventFilter, RawEvent, query_points, query_raw, sources_of
from eventwire.errors import QueryError
from eventwire.store import Store

STATIC = Path(__file__).parent / "static"
API = "/api/v1"
PAGE_MAX = 1000
#: Body caps: an /extract text may be as large as one article may (2 MB) plus JSON overhead.
EXTRACT_MAX_BYTES = 2_200_000
INGEST_MAX_BYTES = 50_000_000
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # No inline script, nothing from elsewhere: a stored string that slipped into markup could not run.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
}


class SecurityHeaders:
    """Adds ``_SECURITY_HEADERS`` to every response that does not set its own (plain ASGI: no per-request
    task, unlike an ``@app.middleware`` function, which costs about a millisecond a request)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(k.lower().encode(), v.encode()) for k, v in _SECURITY_HEADERS.items()
                            if k.lower().encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass(frozen=True, kw_only=True, slots=True)
class ServeConfig:
    """What the app needs: the store, the write token (None: writes refused) and whether to geoparse."""

    store: Store
    token: str | None = None
    geo: bool = True


@dataclass(frozen=True, kw_only=True, slots=True)
class Selection:
    """The parsed query of an events request: the filter, fused or not."""

    filter: EventFilter
    fused: bool


def create_app(config: ServeConfig) -> FastAPI:
    """The ASGI app over ``config.store``."""
    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url=f"{API}/openapi.json",
                  description="Conflict events extracted from news, with evidence spans. Errors are "
                              '`{"error": {"code", "message", "field"}}`.')
    install(app)
    app.add_middleware(BodyLimit, limits={f"{API}/ingest": INGEST_MAX_BYTES}, default=EXTRACT_MAX_BYTES)

    app.add_middleware(SecurityHeaders)
    _routes(app, config)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    return app


def selection(
    since: Annotated[str | None, Query(description="Events on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(description="Events on or before this date (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, Query(description="Country name or ISO3 code.")] = None,
    type: Annotated[str | None, Query(description='Event type, e.g. "Battles".')] = None,
    sub_type: Annotated[str | None, Query(description='Sub-event type, e.g. "Air/drone strike".')] = None,
    actor: Annotated[str | None, Query(description="Substring of an actor or associated actor.")] = None,
    near: Annotated[str | None, Query(description="LAT,LON,KM: within KM kilometres of a point.")] = None,
    bbox: Annotated[str | None, Query(description="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.")] = None,
    text: Annotated[str | None, Query(description="Substring of the notes, location or evidence.")] = None,
    fused: Annotated[bool, Query(description="One row per real-world event, with its sources.")] = False,
) -> Selection:
    """The filter of the query string (the same filters, parsed the same way, as ``eventwire events``)."""
    found = parse.build_filter(since=since, until=until, country=country, type=type, sub_type=sub_type,
                               actor=actor, near=near, bbox=bbox, text=text)
    return Selection(filter=found, fused=fused)


Selected = Annotated[Selection, Depends(selection)]


class ExtractRequest(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000, description="The article text.")
    date: dt.date | None = Field(default=None, description="Publication date; anchors 'on Tuesday'.")


class IngestRecords(BaseModel):
    records: list[dict[str, Any]] = Field(
        min_length=1, max_length=10_000,
        description="Articles as `eventwire ingest` reads JSONL lines: `text` and optional `id`, `date`, "
                    "`title`, `url`, `source`.")


def _routes(app: FastAPI, config: ServeConfig) -> None:
    store = config.store

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        # Swagger UI from the vendored copy (offline); its page starts it with one inline script.
        from fastapi.openapi.docs import get_swagger_ui_html

        html = get_swagger_ui_html(openapi_url=f"{API}/openapi.json", title="eventwire API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css", swagger_favicon_url="data:,")
        html.headers["Content-Security-Policy"] = _SECURITY_HEADERS["Content-Security-Policy"].replace(
            "script-src 'self'", "script-src 'self' 'unsafe-inline'")
        return html

    @app.get(f"{API}/events", tags=["events"])
    def events(
        selected: Selected,
        format: Literal["json", "geojson", "csv"] = "json",
        limit: Annotated[int | None, Query(ge=1, le=1_000_000, description=(
            f"Page size: json default 100, at most {PAGE_MAX}; geojson/csv default all."))] = None,
        cursor: Annotated[str | None, Query(description="`next_cursor` of the page before.")] = None,
    ) -> Response:
        """Events matching the filters, in date then id order, a page at a time."""
        if format == "json" and limit is not None and limit > PAGE_MAX:
            raise ApiError(422, "invalid", f"limit: at most {PAGE_MAX} events per json page; "
                           "follow next_cursor for more", field="limit")
        size = limit if limit is not None else (100 if format == "json" else None)
        wanted = replace(selected.filter, after=decode_cursor(cursor),
                         limit=None if size is None else size + 1)
        rows = list(query_raw(store, wanted, fused=selected.fused)) if size is not None else None
        if rows is not None:
            more = len(rows) > size  # type: ignore[operator]
            rows = rows[:size]
            next_cursor = encode_cursor(rows[-1].cursor) if more and rows else None
        else:
            next_cursor = None
        if format == "json":
            return _json_page(store, rows or [], selected.fused, next_cursor)
        return _export(store, selected, rows, format, next_cursor)

    @app.get(f"{API}/points", tags=["events"])
    def points(selected: Selected) -> Response:
        """Every matching event, compact, for a map and a timeline: columns once, then one array per event."""
        columns = ("event_id", "event_date", "latitude", "longitude", "event_type", "sub_event_type",
                   "fatalities", "country", "location", "geo_precision")
        rows = [[p.event_id, p.event_date, p.latitude, p.longitude, p.event_type, p.sub_event_type, p.fatalities,
                 p.country, p.location, p.geo_precision] for p in query_points(store, selected.filter, fused=selected.fused)]
        return JSONResponse({"columns": columns, "points": rows, "count": len(rows)})

    @app.get(f"{API}/events/{{event_id}}", tags=["events"])
    def event(event_id: str, fused: bool = False) -> dict[str, Any]:
        """One event's full record: evidence, claims ledger, sources and (when fused) merge lineage."""
        from eventwire.api.records import event_record

        found = event_record(store, event_id, fused=fused)
        if found is None:
            kind = "fused event" if fused else "article event"
            raise ApiError(404, "not_found", f"no {kind} with id {event_id!r}; ids come from /api/v1/events"
                           + ("" if fused else " (for a fused event's id pass fused=true)"), field="event_id")
        return found

    @app.get(f"{API}/articles/{{article_id}}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        """An article's text and metadata, and every evidence span of its events."""
        from eventwire.api.records import article_record

        found = article_record(store, article_id)
        if found is None:
            raise ApiError(404, "not_found", f"no article with id {article_id!r}; an event's article_id names one",
                           field="article_id")
        return found

    @app.get(f"{API}/stats", tags=["events"])
    def stats(selected: Selected) -> dict[str, Any]:
        """Counts by event type, country and ISO week of the events matching the filters."""
        from eventwire.api.stats import view_stats

        return view_stats(store, selected.filter, fused=selected.fused).to_json()

    @app.get(f"{API}/taxonomy", tags=["events"])
    def taxonomy() -> dict[str, Any]:
        """ACLED's event types, each with its sub-event types (the values the type filters take)."""
        from eventwire.taxonomy import SUB_EVENT_TYPES

        types: dict[str, list[str]] = {}
        for sub in SUB_EVENT_TYPES:
            types.setdefault(sub.event_type, []).append(sub.name)
        return {"event_types": types}

    @app.post(f"{API}/extract", tags=["extract"])
    def extract(body: ExtractRequest) -> dict[str, Any]:
        """Events in one text (its publication date anchoring relative dates); nothing is stored."""
        from eventwire.api.library import extract_text

        found = extract_text(body.text, date=body.date, geo=config.geo)
        return {"events": [e.to_json() for e in found], "count": len(found)}

    _ingest_route(app, config)


def _ingest_route(app: FastAPI, config: ServeConfig) -> None:
    body_doc = {"requestBody": {"required": True, "content": {
        "application/json": {"schema": IngestRecords.model_json_schema()},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "A file as `eventwire ingest` reads it (.jsonl, .csv, .txt, .html, .xml, .gz)."}}}},
    }}}

    @app.post(f"{API}/ingest", tags=["ingest"], openapi_extra=body_doc)
    async def ingest(request: Request) -> dict[str, Any]:
        """Store articles (JSON records or one uploaded file) with the CLI's rules; needs EVENTWIRE_TOKEN."""
        check_token(request, config.token)
        with tempfile.TemporaryDirectory(prefix="eventwire-upload-") as folder:
            path = await _save_body(request, Path(folder))
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(_ingest_file, config, path)


def check_token(request: Request, token: str | None) -> None:
    """Refuse a write without the configured token (and every write when none is configured)."""
    if not token:
        raise ApiError(403, "writes_disabled", "writes are disabled: no token is configured; start the "
                       "server with EVENTWIRE_TOKEN set and send it as 'Authorization: Bearer TOKEN'")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise ApiError(401, "unauthorized", "missing or wrong token: send 'Authorization: Bearer TOKEN' "
                       "with the server's EVENTWIRE_TOKEN", field="authorization")


async def _save_body(request: Request, folder: Path) -> Path:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            payload = IngestRecords.model_validate_json(await request.body())
        except ValueError as exc:
            raise ApiError(422, "invalid", f"body: expected {{\"records\": [{{\"text\": ...}}, ...]}} ({_first(exc)})",
                           field="records") from exc
        path = folder / "records.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in payload.records), encoding="utf-8")
        return path
    if kind == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(422, "invalid", "file: send the articles as a form file field named 'file'", field="file")
        path = folder / safe_name(upload.filename or "")
        path.write_bytes(await upload.read())
        return path
    raise ApiError(415, "unsupported_media_type", f"send application/json records or a multipart/form-data file, "
                   f"not {kind or 'no content type'}", field="content-type")


def _first(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors) and errors():
        e = errors()[0]
        return f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
    return str(exc).splitlines()[0]


def safe_name(filename: str) -> str:
    """An upload's name reduced to safe characters, its folders dropped (the suffix picks the reader)."""
    base = PurePath(filename.replace("\\", "/")).name
    cleaned = "".join(c for c in base if c.isalnum() or c in "._-").lstrip(".")
    return cleaned or "upload"


def _ingest_file(config: ServeConfig, path: Path) -> dict[str, Any]:
    from eventwire.api.articles import list_rejections
    from eventwire.config import Settings
    from eventwire.run.local import default_geoparser, ingest

    summary = ingest([str(path)], config.store, Settings(), geoparser=default_geoparser(no_geo=not config.geo),
                     progress=False)
    rejected = [r.to_json() for r in list_rejections(config.store) if r.run_id == summary.run_id]
    return {**summary.to_json(), "rejections": rejected}


def encode_cursor(cursor: Cursor) -> str:
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


def _json_page(store: Store, rows: list[RawEvent], fused: bool, next_cursor: str | None) -> Response:
    # The stored JSON goes out as it is: decoding and re-encoding 100 records would cost more than the query.
    bodies = [r.data for r in rows]
    if fused:
        found = sources_of(store, [r.event_id for r in rows])
        bodies = [_with_sources(r.data, [s.to_json() for s in found.get(r.event_id, [])]) for r in rows]
    head = json.dumps({"count": len(rows), "next_cursor": next_cursor})[:-1]
    return Response(f'{head}, "events": [{",".join(bodies)}]}}', media_type="application/json")


def _with_sources(data: str, sources: list[dict[str, Any]]) -> str:
    # The stored record is a JSON object; the fused contract adds one last key, "sources".
    return f'{data.rstrip()[:-1]}, "sources": {json.dumps(sources, ensure_ascii=False)}}}'


def _export(store: Store, selected: Selection, rows: list[RawEvent] | None, fmt: str,
            next_cursor: str | None) -> Response:
    from eventwire.api.articles import article_info
    from eventwire.api.formats import write_events
    from eventwire.api.query import query_events, query_fused

    if rows is not None:
        events: Any = _decoded(store, rows, selected.fused)
    else:
        events = (query_fused if selected.fused else query_events)(store, selected.filter)
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
        event = Event.from_json(json.loads(row.data))
        if fused:
            fields = {name: getattr(event, name) for name in Event.__dataclass_fields__}
            yield FusedEvent(**fields, sources=tuple(found.get(row.event_id, ())))
        else:
            yield event


def _chunks(spool: Any) -> Iterator[str]:
    with spool:
        while chunk := spool.read(65536):
            yield chunk
