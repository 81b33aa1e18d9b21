"""The REST API and web page: takes a store, gives an ASGI app (``create_app``) that ``eventwire serve`` runs.

Routes under ``/api/v1`` read through the one query layer (``query``, ``records``, ``stats``), with the
filters parsed by ``filters`` (the CLI's), and answer errors in one envelope (``http_errors``). The page
at ``/`` is static files from ``api/static`` (its libraries vendored there at build time). Write routes
need ``EVENTWIRE_TOKEN`` (``uploads``); pages and exports are built by ``pages``; bodies are capped (``limits``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from eventwire import __version__
from eventwire.api import filters as parse
from eventwire.api.http_errors import ApiError, install
from eventwire.api.limits import BodyLimit
from eventwire.api.pages import decode_cursor, export_response, json_page, page_of
from eventwire.api.query import EventFilter, query_points
from eventwire.api.uploads import add_ingest_route
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
    country: Annotated[str | None, Query(description="Country name, ISO3 or ISO2 code.")] = None,
    type: Annotated[str | None, Query(description='Event type, e.g. "Battles".')] = None,
    sub_type: Annotated[str | None, Query(description='Sub-event type, e.g. "Air/drone strike".')] = None,
    actor: Annotated[str | None, Query(description="Substring of an actor or associated actor.")] = None,
    near: Annotated[str | None, Query(description="LAT,LON,KM: within KM kilometres of a point.")] = None,
    bbox: Annotated[str | None, Query(description="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.")] = None,
    text: Annotated[str | None, Query(description="Words in the article text, notes, location or evidence.")] = None,
    reviewed: Annotated[bool | None, Query(description=(
        "true: only events an analyst reviewed; false: only those nobody has; absent: both."))] = None,
    fused: Annotated[bool, Query(description="One row per real-world event, with its sources.")] = False,
) -> Selection:
    """The filter of the query string (the same filters, parsed the same way, as ``eventwire events``)."""
    found = parse.build_filter(since=since, until=until, country=country, type=type, sub_type=sub_type,
                               actor=actor, near=near, bbox=bbox, text=text, reviewed=reviewed)
    return Selection(filter=found, fused=fused)


Selected = Annotated[Selection, Depends(selection)]


class ExtractRequest(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000, description="The article text.")
    date: dt.date | None = Field(default=None, description="Publication date; anchors 'on Tuesday'.")


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
        rows, next_cursor = (None, None) if size is None else page_of(
            store, selected.filter, fused=selected.fused, size=size, cursor=cursor)
        if format == "json":
            return json_page(store, rows or [], selected.fused, next_cursor)
        everything = replace(selected.filter, after=decode_cursor(cursor))  # an unpaged export from a cursor on
        return export_response(store, everything, selected.fused, rows, format, next_cursor)

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

        return view_stats(store, selected.filter, fused=selected.fused).to_dict()

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
        return {"events": [e.to_dict() for e in found], "count": len(found)}

    add_ingest_route(app, f"{API}/ingest", store=store, token=config.token, geo=config.geo)


