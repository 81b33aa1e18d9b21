"""Fetching a feed URL for ``eventwire watch``: takes a URL and what the last fetch saw, gives the bytes.

The only network code in eventwire, used by ``watch`` alone (``ingest`` and ``extract`` stay offline).
Polite by construction: a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the last
response's ``ETag`` / ``Last-Modified``), so an unchanged feed costs the server a 304; a timeout on every
request; a size cap read as the body streams, so a huge or endless response is cut off, never held in
memory; ``Retry-After`` on 429/503 respected. Every failure is a ``FetchResult`` with a sentence saying
what happened and what to do, never an exception.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass

import httpx

from eventwire import __version__

USER_AGENT = f"eventwire/{__version__} (feed watcher; +https://github.com/eventwire)"
#: Seconds to connect and between bytes read.
DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True, kw_only=True, slots=True)
class Validators:
    """What the server said about the last version it sent: sent back to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class FetchResult:
    """One fetch: ``status`` is ``fetched``, ``not_modified`` or ``failed`` (``detail`` says why).

    ``more`` is True when the body was cut off at the size cap. ``retry_after`` is seconds to wait
    before asking again, when the server said so.
    """

    url: str
    status: str
    data: bytes = b""
    more: bool = False
    validators: Validators = Validators()
    detail: str = ""
    retry_after: float | None = None


def is_url(value: str) -> bool:
    """True for ``http://`` and ``https://`` addresses (what ``watch`` fetches instead of reading a path)."""
    return value.lower().startswith(("http://", "https://"))


def make_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """One client per watch session: connections are reused between polls."""
    return httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})


def fetch(client: httpx.Client, url: str, *, last: Validators, max_bytes: int) -> FetchResult:
    """GET ``url`` conditionally, reading at most ``max_bytes`` of the body."""
    headers = {}
    if last.etag:
        headers["If-None-Match"] = last.etag
    if last.last_modified:
        headers["If-Modified-Since"] = last.last_modified
    try:
        with client.stream("GET", url, headers=headers) as response:
            return _result(url, response, max_bytes, last)
    except httpx.TimeoutException as exc:
        return _failed(url, f"no answer within the timeout ({type(exc).__name__}); the next poll tries again")
    except httpx.HTTPError as exc:
        return _failed(url, f"the request failed ({type(exc).__name__}: {exc}); check the address and the "
                            "network, the next poll tries again")


def _result(url: str, response: httpx.Response, max_bytes: int, last: Validators) -> FetchResult:
    if response.status_code == 304:
        return FetchResult(url=url, status="not_modified", validators=last)
    if response.status_code in (429, 503):
        wait = _retry_after(response.headers.get("Retry-After"))
        return _failed(url, f"the server asked to slow down (HTTP {response.status_code}); waiting "
                            f"{wait or 'one interval'} s before the next request", retry_after=wait)
    if response.status_code >= 400:
        return _failed(url, f"HTTP {response.status_code} {response.reason_phrase}; check the feed address")
    data, more = _read_capped(response, max_bytes)
    validators = Validators(etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"))
    return FetchResult(url=url, status="fetched", data=data, more=more, validators=validators)


def _read_capped(response: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks)[:max_bytes], True
    return b"".join(chunks), False


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _failed(url: str, why: str, *, retry_after: float | None = None) -> FetchResult:
    return FetchResult(url=url, status="failed", detail=f"{url}: {why}", retry_after=retry_after)
