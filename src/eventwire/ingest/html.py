"""HTML reader (``.html``, ``.htm``): one news page is one article, main text found by trafilatura.

Takes the bytes of a page (never more than ``max_bytes``); gives one Article whose text is the page's
main text (navigation, scripts, comments and boilerplate dropped) with title, date, URL and site name
from the page metadata, or a Rejection. trafilatura only ever sees the HTML string: it never fetches.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.ingest.build import Found, ReadOptions, decode_document, make_article
from eventwire.ingest.dates import parse_date
from eventwire.ingest.sniff import open_bytes, read_limited
from eventwire.model import Article, Rejection


def read_html_file(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    """Read one HTML page; files over ``max_bytes`` are rejected without being loaded."""
    with open_bytes(path, max_file_bytes=options.max_file_bytes) as stream:
        data, more = read_limited(stream, options.max_bytes)
    yield html_article(data, more=more, origin=str(path), options=options)


def html_article(data: bytes, *, more: bool, origin: str, options: ReadOptions) -> Article | Rejection:
    """The main text and metadata of one page as an Article."""
    decoded = decode_document(data, more=more, origin=origin, limit=options.max_bytes)
    if isinstance(decoded, Rejection):
        return decoded
    page = decoded[0]
    try:
        text, meta = _extract(page)
    # trafilatura and lxml raise many kinds of errors on hostile markup; any of them means this one
    # page cannot be read, and one page must never stop the batch.
    except Exception as error:  # noqa: BLE001
        return Rejection(origin=origin, line=None, reason="malformed_html", detail=(
            f"{origin}: the HTML could not be parsed ({type(error).__name__}: {error}); check the file"))
    if not text or not text.strip():
        return Rejection(origin=origin, line=None, reason="empty", detail=(
            f"{origin}: no main article text was found in the page (only navigation or markup); save the "
            "article page itself, or its text as .txt, and ingest again"))
    found = Found(
        text=text, origin=origin, meta_date=parse_date(meta.get("date")), title=meta.get("title"),
        url=meta.get("url"), source=meta.get("sitename"),
        metadata={k: v for k, v in meta.items() if k in ("author", "description", "hostname") and v},
    )
    return make_article(found, options)


def _extract(page: str) -> tuple[str | None, dict[str, Any]]:
    """trafilatura's main text and metadata for an HTML string (no URL given, so nothing is fetched)."""
    import trafilatura  # heavy import: only when an HTML page is read
    from trafilatura.metadata import extract_metadata

    text = trafilatura.extract(page, include_comments=False, include_tables=False, include_images=False,
                               include_links=False, output_format="txt", with_metadata=False)
    # extensive=False: a date only from the page's own metadata (meta tags, JSON-LD, <time>), not guessed
    # from numbers in the body.
    meta = extract_metadata(page, extensive=False).as_dict()
    return text, meta
