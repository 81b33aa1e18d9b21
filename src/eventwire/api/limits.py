"""Request size limits: an ASGI middleware that refuses a body over its path's cap with a 413 envelope.

``Content-Length`` is checked before anything is read; a chunked body is counted as it streams in and
cut off at the cap, so no endpoint ever holds more than its cap in memory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = dict[str, Any]


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` when a streamed body passes the cap (an HTTP 413, whoever catches it)."""

    def __init__(self, cap: int) -> None:
        super().__init__(413, _message(cap))


def _message(cap: int) -> str:
    return f"the request body is over {cap:,} bytes; send less per request (split a large file into several)"


class BodyLimit:
    """Caps request bodies: ``limits`` by path prefix, ``default`` for every other path."""

    def __init__(self, app: Any, *, limits: Mapping[str, int], default: int) -> None:
        self.app, self.limits, self.default = app, dict(limits), default

    def cap(self, path: str) -> int:
        return next((n for prefix, n in self.limits.items() if path.startswith(prefix)), self.default)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.cap(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            await _refuse(send, cap)
            return
        seen = 0
        started = False

        async def counted_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise BodyTooLarge(cap)
            return message

        async def tracked_send(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, cap)


async def _refuse(send: Any, cap: int) -> None:
    body = json.dumps({"error": {"code": "too_large", "field": None, "message": _message(cap)}}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
