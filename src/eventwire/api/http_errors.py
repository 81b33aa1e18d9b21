"""One error envelope over HTTP: every failure, 422s included, is ``{"error": {"code", "message", "field"}}``.

``code`` is a short stable string a client can branch on; ``message`` says what happened and what to do
next; ``field`` names the offending parameter or body field (None when no one field is at fault).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.errors import EventwireError, QueryError

_LOG = logging.getLogger("eventwire.api")
_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type", 422: "invalid",
          500: "internal"}


class ApiError(Exception):
    """An HTTP error with its envelope fields; raised by endpoints, rendered by ``install``."""

    def __init__(self, status: int, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def envelope(status: int, code: str, message: str, field: str | None = None,
             headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error response."""
    body = {"error": {"code": code, "message": message, "field": field}}
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Render every error the app can meet through ``envelope``."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(EventwireError, _eventwire_error)
    app.add_exception_handler(Exception, _unexpected)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return envelope(exc.status, exc.code, exc.message, exc.field)


async def _query_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueryError)
    return envelope(422, "invalid", f"{exc.field}: {exc}", exc.field)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
    if first.get("type") == "json_invalid":  # its "location" is a character offset, not a field
        detail = (first.get("ctx") or {}).get("error", "")
        return envelope(422, "invalid", f"body: not valid JSON ({detail}); send a JSON object", None)
    location = [str(part) for part in first.get("loc", ())]
    field = ".".join(location[1:]) if len(location) > 1 else (location[0] if location else None)
    where = f"{location[0]} " if location else ""
    message = f"{where}{field or 'request'}: {first.get('msg', 'invalid value')}"
    if len(exc.errors()) > 1:
        message += f" (and {len(exc.errors()) - 1} more problem(s))"
    return envelope(422, "invalid", message, field or None)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 404:
        message = f"no such page or endpoint: {request.url.path} (see /docs for the API)"
    elif status == 405:
        message = f"{request.method} is not allowed on {request.url.path} (see /docs for the methods)"
    else:
        message = str(exc.detail)
    return envelope(status, _CODES.get(status, "error"), message, None, headers=getattr(exc, "headers", None))


async def _eventwire_error(_request: Request, exc: Exception) -> JSONResponse:
    return envelope(400, "bad_request", str(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    _LOG.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return envelope(500, "internal", f"the server failed on {request.url.path}; "
                    "the log has the traceback (please report it)")
