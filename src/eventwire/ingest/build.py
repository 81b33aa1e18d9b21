"""From what a reader found to an ``Article`` or a ``Rejection``: the checks every format shares.

Takes a ``Found`` (text plus whatever id, date, title, url, source and metadata the input carried) and
the ``ReadOptions``; gives an ``Article`` with its id (``eventwire.ingest.ids``: given id, URL, title,
file, else text) and dated by the first source that has a date
(given → metadata → dateline → default → unknown), or a ``Rejection`` saying why not.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eventwire.config import DEFAULT_MAX_BYTES, DEFAULT_MAX_FILE_BYTES
from eventwire.ingest.dates import dateline_date, parse_date, reference_hint
from eventwire.ingest.ids import MAX_ID_CHARS, article_identity, is_whole_file
from eventwire.ingest.sniff import SNIFF_BYTES, decode, has_control_noise, is_binary, normalise_newlines
from eventwire.model import Article, Rejection


@dataclass(frozen=True, kw_only=True, slots=True)
class ReadOptions:
    """Options every reader takes: the size caps per article and per file, the fallback publication date."""

    max_bytes: int = DEFAULT_MAX_BYTES
    default_date: dt.date | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


@dataclass(frozen=True, kw_only=True, slots=True)
class Found:
    """One article as a reader found it, before checks. ``given_date`` is the raw value of a date field."""

    text: str
    origin: str
    line: int | None = None
    given_id: Any = None
    given_date: Any = None
    meta_date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


def where(origin: str, line: int | None) -> str:
    """``file.jsonl line 7`` or ``file.txt``: how details name the place of a problem."""
    return f"{origin} line {line}" if line is not None else origin


def reject(found: Found, reason: str, detail: str) -> Rejection:
    """A Rejection at the place ``found`` came from."""
    return Rejection(origin=found.origin, line=found.line, reason=reason, detail=detail)


def rejection(origin: str, line: int | None, reason: str, what: str) -> Rejection:
    """A Rejection whose detail names the place first: ``file.jsonl line 7: <what>``."""
    return Rejection(origin=origin, line=line, reason=reason, detail=f"{where(origin, line)}: {what}")


def make_article(found: Found, options: ReadOptions) -> Article | Rejection:
    """Check ``found`` (size, emptiness, binary noise, unpaired surrogates), then give it an id and a
    dated Article."""
    text = normalise_newlines(found.text)
    size = len(text.encode("utf-8", "surrogatepass"))
    place = where(found.origin, found.line)
    if not _encodable(found):
        return reject(found, "undecodable", f"{place}: the record holds an unpaired UTF-16 surrogate (a "
                      "lone \\ud800-\\udfff escape), which is not text; fix the export and ingest again")
    if size > options.max_bytes:
        return reject(found, "too_large", f"{place}: the text is {size:,} bytes, over the cap of "
                      f"{options.max_bytes:,}; split it or raise the size cap with --max-bytes and ingest again")
    if not text.strip():
        return reject(found, "empty", f"{place}: the article text is empty; add the text or remove "
                      "the record")
    if has_control_noise(text):
        return reject(found, "binary", f"{place}: the text holds NUL or control characters, so it is "
                      "binary data, not an article; check how the file was exported")
    return _dated(found, text, options)


def _encodable(found: Found) -> bool:
    """Whether every string of ``found`` is valid Unicode (JSON's ``"\\ud800"`` decodes to one that is not)."""
    fields = (found.text, found.title, found.url, found.source, found.given_id, found.given_date,
              dict(found.metadata))
    try:
        json.dumps(fields, ensure_ascii=False, default=str).encode("utf-8")
    except (UnicodeEncodeError, ValueError, RecursionError):
        return False
    return True


def one_line(error: BaseException, limit: int = 160) -> str:
    """An exception's message on one line, cut to ``limit`` characters (details never hold a dump)."""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dated(found: Found, text: str, options: ReadOptions) -> Article:
    metadata = dict(found.metadata)
    date, source = _given_date(found, metadata)
    if date is None and found.meta_date is not None:
        date, source = found.meta_date, "metadata"
    if date is None:
        given_id = None if found.given_id is None else str(found.given_id)
        reference, year = reference_hint(origin=found.origin, url=found.url, given_id=given_id,
                                         default=options.default_date)
        date = dateline_date(text, reference=reference, year=year)
        source = "dateline" if date is not None else source
    if date is None and options.default_date is not None:
        date, source = options.default_date, "default"
    title, url, outlet = _clean(found.title), _clean(found.url), _clean(found.source)
    ident, _ = article_identity(
        text=text, given=found.given_id, url=url, source=outlet, title=title, date=date,
        file=found.origin if is_whole_file(found.origin, found.line) else None)
    if found.given_id is not None and len(str(found.given_id).strip()) > MAX_ID_CHARS:
        metadata["given_id"] = found.given_id  # hashed to fit the store; keep what the input said
    return Article(
        id=ident, text=text, date=date, date_source=source,
        title=title, url=url, source=outlet,
        origin=found.origin, line=found.line, metadata=metadata,
    )


def date_warning(article: Article) -> str | None:
    """What to tell the user about an article whose given date could not be read, or None."""
    bad = article.metadata.get("unparsed_date")
    if bad is None:
        return None
    where_ = where(article.origin, article.line)
    fallback = (f"dated {article.date.isoformat()} from its {article.date_source}" if article.date
                else "left undated, so its events have no dates")
    return (f"{where_}: the date {str(bad)!r} is not a date eventwire reads (use YYYY-MM-DD); the article "
            f"is {fallback}")


def _given_date(found: Found, metadata: dict[str, Any]) -> tuple[dt.date | None, str]:
    """Parse the given date; an unreadable one is kept in metadata (``unparsed_date``), never dropped."""
    if found.given_date is None or found.given_date == "":
        return None, "unknown"
    date = parse_date(found.given_date)
    if date is None:
        metadata["unparsed_date"] = found.given_date
        return None, "unknown"
    return date, "given"


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def decode_document(data: bytes, *, more: bool, origin: str, limit: int) -> tuple[str, str] | Rejection:
    """Check and decode a whole-file input (txt, html, feed) read with ``read_limited(stream, limit)``.

    Gives ``(text, encoding)`` with ``\\n`` newlines, or the Rejection for a file that is too large,
    empty, binary or undecodable.
    """
    if more:
        return Rejection(origin=origin, line=None, reason="too_large", detail=(
            f"{origin}: the file is over the cap of {limit:,} bytes and was not read; split it or raise "
            "the size cap with --max-bytes and ingest again"))
    if not data.strip():
        return Rejection(origin=origin, line=None, reason="empty", detail=(
            f"{origin}: the file is empty or only whitespace; remove it or add the article text"))
    if is_binary(data[:SNIFF_BYTES]):
        return Rejection(origin=origin, line=None, reason="binary", detail=(
            f"{origin}: the file is binary (NUL or control bytes), not text; remove it from the inputs"))
    decoded = decode(data)
    if decoded is None:
        return Rejection(origin=origin, line=None, reason="undecodable", detail=(
            f"{origin}: the bytes are neither UTF-8 nor clean cp1252/latin-1 text; re-save the file as "
            "UTF-8 and ingest again"))
    return normalise_newlines(decoded[0]), decoded[1]
