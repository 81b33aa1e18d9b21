"""Plain-text reader: one ``.txt`` file (or plain text on stdin) is one article.

Takes bytes; gives one Article or Rejection. An optional header block at the top sets metadata and is
not part of the text:

    date 2024-03-26          (or ``date: 26 March 2024``; may share its line with the text)
    title: Drones hit air base
    url: https://example.org/a
    source: Example News

``Article.text`` is exactly what follows the header (blank lines after the header skipped) and
``metadata["text_offset"]`` is the character offset where it starts in the decoded file (newlines as
``\n``), so offsets map back to the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.ingest.build import Found, ReadOptions, decode_document, make_article
from eventwire.ingest.dates import parse_date
from eventwire.ingest.sniff import open_bytes, read_limited
from eventwire.model import Article, Rejection

# Room for a header on top of the text cap, so a text of exactly max_bytes is still accepted.
HEADER_SLACK = 4096

# "date 2024-03-26" may run straight into the text on the same line (as in the shared examples).
_INLINE_DATE = re.compile(r"[ \t]*date:?[ \t]+(\d{4}-\d{2}-\d{2})(?![\d\-])[ \t]*\n?", re.IGNORECASE)
_LINE_FIELD = re.compile(r"[ \t]*(date|title|url|source):[ \t]*([^\n]*?)[ \t]*(?:\n|\Z)", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True, slots=True)
class Header:
    """What the header block said, and the character offset where the article text starts."""

    fields: Mapping[str, str] = field(default_factory=dict)
    end: int = 0


def parse_header(text: str) -> Header:
    """Read ``date``/``title``/``url``/``source`` lines at the top of ``text`` (each key at most once)."""
    fields: dict[str, str] = {}
    end = 0
    while True:
        match = _LINE_FIELD.match(text, end)
        if match and match[1].lower() not in fields and _valid(match[1].lower(), match[2]):
            fields[match[1].lower()] = match[2]
            end = match.end()
            continue
        match = _INLINE_DATE.match(text, end)
        if match and "date" not in fields:
            fields["date"] = match[1]
            end = match.end()
            continue
        break
    if fields:  # the blank lines between header and text belong to neither
        end += len(text[end:]) - len(text[end:].lstrip())
    return Header(fields=fields, end=end)


#: A ``date:`` value this short that does not parse is a mistyped header (kept as ``unparsed_date`` and
#: warned about); a longer one is more likely the article's first sentence.
_HEADER_VALUE_CHARS = 40


def _valid(key: str, value: str) -> bool:
    """A ``date:`` line is a header if its value is a date or short enough to be a mistyped one."""
    return bool(value) and (key != "date" or len(value) <= _HEADER_VALUE_CHARS or parse_date(value) is not None)


def text_article(data: bytes, *, more: bool, origin: str, options: ReadOptions) -> Article | Rejection:
    """One article from the bytes of a text file (see the module docstring for the header)."""
    decoded = decode_document(data, more=more, origin=origin, limit=options.max_bytes)
    if isinstance(decoded, Rejection):
        return decoded
    text, encoding = decoded
    header = parse_header(text)
    metadata: dict[str, object] = {"text_offset": header.end}
    if encoding != "utf-8":
        metadata["encoding"] = encoding
    found = Found(
        text=text[header.end:], origin=origin, given_date=header.fields.get("date"),
        title=header.fields.get("title"), url=header.fields.get("url"), source=header.fields.get("source"),
        metadata=metadata,
    )
    return make_article(found, options)


def read_text_file(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    """Read one ``.txt`` file (``.txt.gz`` too) as one article."""
    with open_bytes(path, max_file_bytes=options.max_file_bytes) as stream:
        data, more = read_limited(stream, options.max_bytes + HEADER_SLACK)
    yield text_article(data, more=more, origin=str(path), options=options)
