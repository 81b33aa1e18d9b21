"""RSS and Atom feed reader (``.xml``, ``.rss``, ``.atom``): one article per feed entry.

Takes the bytes of a feed file (parsed by feedparser from those bytes only, never fetched); gives one
Article per entry: id from the entry's id/guid, else its link, else the text hash; text from the entry's
content, else its summary, stripped of HTML; date from ``published`` (else ``updated``) as written in
the feed; ``source`` is the feed's title. ``metadata["entry"]`` is the entry's 1-based position.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.ingest.build import Found, ReadOptions, decode_document, make_article, one_line
from eventwire.ingest.dates import parse_date
from eventwire.ingest.limits import MAX_XML_DEPTH, declares_entities, xml_too_deep
from eventwire.ingest.markup import html_to_text
from eventwire.ingest.sniff import open_bytes, read_limited
from eventwire.model import Article, Rejection

#: A feed holds many articles, so its file may be this many times the per-article cap.
FEED_SIZE_FACTOR = 25


def read_feed_file(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    """Read an RSS/Atom file (gzipped too); files over ``25 × max_bytes`` are rejected unread."""
    with open_bytes(path, max_file_bytes=options.max_file_bytes) as stream:
        data, more = read_limited(stream, options.max_bytes * FEED_SIZE_FACTOR)
    yield from feed_articles(data, more=more, origin=str(path), options=options)


def feed_articles(data: bytes, *, more: bool, origin: str, options: ReadOptions) -> Iterator[Article | Rejection]:
    """Every entry of the feed in ``data``, in feed order."""
    checked = decode_document(data, more=more, origin=origin, limit=options.max_bytes * FEED_SIZE_FACTOR)
    if isinstance(checked, Rejection):
        yield checked
        return
    unsafe = _unsafe(checked[0], origin)
    if unsafe is not None:
        yield unsafe
        return
    try:
        parsed = _parse(data)
    # feedparser's lenient parser raises on some hostile markup (``&#xd800;`` → UnicodeEncodeError);
    # any such error means this one feed cannot be read, and one feed must never stop the batch.
    except Exception as error:  # noqa: BLE001
        yield Rejection(origin=origin, line=None, reason="malformed_feed", detail=(
            f"{origin}: the feed could not be parsed ({type(error).__name__}: {one_line(error, 100)}); check "
            "that the file is a whole, well-formed feed"))
        return
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "no RSS or Atom feed element found"
        yield Rejection(origin=origin, line=None, reason="malformed_feed", detail=(
            f"{origin}: not a readable RSS/Atom feed ({problem}); check that the file is a whole feed"))
        return
    if not parsed.entries:
        yield Rejection(origin=origin, line=None, reason="empty", detail=(
            f"{origin}: the feed has no entries; nothing to read"))
        return
    source = html_to_text(parsed.feed.get("title", "")) or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_article(entry, number, source, origin, options)
    if _broken(parsed):
        # The entries before the break were read; say that the rest of the file may be lost.
        yield Rejection(origin=origin, line=_error_line(parsed), reason="malformed_feed", detail=(
            f"{origin}: the feed is not well-formed XML ({parsed.bozo_exception}); its first "
            f"{len(parsed.entries)} entries were read, any after the error are missing; fix the feed "
            "and ingest again"))


def _unsafe(text: str, origin: str) -> Rejection | None:
    """A feed that declares entities (XXE, billion laughs) or nests absurdly deep is refused unparsed."""
    if declares_entities(text):
        return Rejection(origin=origin, line=None, reason="unsafe_xml", detail=(
            f"{origin}: the feed declares XML entities (<!ENTITY), the mechanism of XXE and billion-laughs "
            "attacks; eventwire never expands them; remove the DOCTYPE and ingest again"))
    if xml_too_deep(text):
        return Rejection(origin=origin, line=None, reason="too_deep", detail=(
            f"{origin}: the feed's elements nest more than {MAX_XML_DEPTH} levels deep, which no feed "
            "needs; check that the file is a whole, real feed"))
    return None


def _broken(parsed: Any) -> bool:
    """An XML syntax error, as opposed to feedparser's notes on encodings or content types."""
    import xml.sax

    return bool(parsed.get("bozo")) and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException)


def _error_line(parsed: Any) -> int | None:
    getter = getattr(parsed.get("bozo_exception"), "getLineNumber", None)
    return getter() if callable(getter) else None


def _parse(data: bytes) -> Any:
    """feedparser on an in-memory stream, so nothing is fetched or opened.

    Given ``str`` or ``bytes``, feedparser first tries them as a URL and as a file name: a feed file
    whose content is ``/etc/passwd`` would be replaced by that file. A stream is always read as is.
    """
    import feedparser  # only when a feed is read

    return feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)


def _entry_article(entry: Any, number: int, source: str | None, origin: str,
                   options: ReadOptions) -> Article | Rejection:
    text = html_to_text(_body(entry))
    link = entry.get("link") or None
    found = Found(
        text=text, origin=origin, given_id=entry.get("id") or link,
        meta_date=_entry_date(entry), title=html_to_text(entry.get("title", "")) or None,
        url=link, source=source, metadata={"entry": number},
    )
    article = make_article(found, options)
    if isinstance(article, Rejection):
        # Name the entry: a feed has no useful line numbers, but it has positions and titles.
        label = f"entry {number}" + (f" ({found.title!r})" if found.title else "")
        return Rejection(origin=origin, line=None, reason=article.reason,
                         detail=article.detail.replace(origin, f"{origin} {label}", 1))
    return article


def _body(entry: Any) -> str:
    """The fullest text the entry has: HTML content first, then any content, then the summary."""
    contents = entry.get("content") or []
    for item in contents:
        if "html" in item.get("type", ""):
            return str(item.get("value", ""))
    if contents:
        return str(contents[0].get("value", ""))
    return str(entry.get("summary", ""))


def _entry_date(entry: Any) -> dt.date | None:
    """The publication date as the feed wrote it (feedparser's parsed dates are shifted to UTC)."""
    for key in ("published", "updated", "created"):
        date = parse_date(entry.get(key))
        if date is not None:
            return date
    for key in ("published_parsed", "updated_parsed"):
        parts = entry.get(key)
        if parts:
            try:
                return dt.date(parts.tm_year, parts.tm_mon, parts.tm_mday)
            except ValueError:  # "0000-00-00" parses to year -1: no date, not a lost feed
                continue
    return None
