"""JSON Lines reader (``.jsonl``, ``.ndjson``): one article per line, read one line at a time.

Takes a binary stream; gives one Article or Rejection per non-blank line. Keys ``id``, ``text``,
``date``, ``title``, ``url`` and ``source`` are read; every other key is kept in ``metadata``. A bad line
is a Rejection with its 1-based line number and the lines after it are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.ingest.build import Found, ReadOptions, make_article, one_line, rejection
from eventwire.ingest.limits import MAX_JSON_DEPTH, json_too_deep
from eventwire.ingest.sniff import SNIFF_BYTES, is_binary, open_bytes, prepend
from eventwire.model import Article, Rejection

KNOWN_KEYS = frozenset({"id", "text", "date", "title", "url", "source"})
# JSON escapes can make a line up to 6x its text (\\u00e9); lines longer than this are not even parsed.
_ESCAPE_FACTOR = 6


def read_jsonl_file(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    """Read a ``.jsonl``/``.ndjson`` file (gzipped too), line by line."""
    with open_bytes(path, max_file_bytes=options.max_file_bytes) as stream:
        yield from read_jsonl_stream(stream, origin=str(path), options=options)


def read_jsonl_stream(stream: BinaryIO, *, origin: str, options: ReadOptions) -> Iterator[Article | Rejection]:
    """Read JSON Lines from any binary stream, never holding more than one line in memory."""
    head = stream.read(SNIFF_BYTES)
    if is_binary(head):
        yield Rejection(origin=origin, line=None, reason="binary", detail=(
            f"{origin}: the file is binary (NUL or control bytes), not JSON Lines; remove it from the inputs"))
        return
    limit = options.max_bytes * _ESCAPE_FACTOR + SNIFF_BYTES
    for number, raw in _lines(prepend(head, stream), limit):
        if raw is None:
            yield rejection(origin, number, "too_large", f"the line is over {limit:,} bytes and was not "
                            "parsed; split the article or raise the size cap with --max-bytes and ingest again")
        elif raw.strip():
            yield _line_record(raw, number, origin, options)


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` per line; None for a line longer than ``limit`` (skipped, not kept)."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # drain the rest of the over-long line in bounded chunks
            yield number, None
        else:
            yield number, line


def _line_record(raw: bytes, number: int, origin: str, options: ReadOptions) -> Article | Rejection:
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as error:
        return rejection(origin, number, "undecodable", f"the line is not UTF-8 ({error.reason} at byte "
                         f"{error.start}); re-save the file as UTF-8 and ingest again")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return rejection(origin, number, "malformed_json", f"the line is not valid JSON ({error.msg} at "
                         f"column {error.colno}); fix or remove the line and ingest again")
    except RecursionError:
        return _too_deep(origin, number)
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        return rejection(origin, number, "malformed_json", f"the line holds a value JSON cannot give "
                         f"({one_line(error, 100)}); fix or remove the line and ingest again")
    if json_too_deep(record):
        return _too_deep(origin, number)
    if not isinstance(record, dict):
        return rejection(origin, number, "malformed_json", f"the line is a JSON {type(record).__name__}, "
                         "not an object with a \"text\" key; fix or remove the line and ingest again")
    return record_article(record, origin=origin, line=number, options=options)


def _too_deep(origin: str, number: int) -> Rejection:
    return rejection(origin, number, "too_deep", f"the JSON nests more than {MAX_JSON_DEPTH} levels deep, "
                     "more than any article record needs; flatten the record and ingest again")


def record_article(record: dict[str, Any], *, origin: str, line: int | None,
                   options: ReadOptions) -> Article | Rejection:
    """An Article from a decoded record with the known keys (shared with the CSV reader)."""
    text = record.get("text")
    if not isinstance(text, str):
        what = "has no \"text\" key" if text is None else f"has a {type(text).__name__} as \"text\""
        return rejection(origin, line, "missing_text", f"the record {what} (keys: "
                         f"{', '.join(sorted(map(str, record))) or 'none'}); put the article text under "
                         "\"text\" and ingest again")
    found = Found(
        text=text, origin=origin, line=line, given_id=record.get("id"),
        given_date=record.get("date"), title=_str(record.get("title")), url=_str(record.get("url")),
        source=_str(record.get("source")),
        metadata={k: v for k, v in record.items() if k not in KNOWN_KEYS},
    )
    return make_article(found, options)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)

