"""Limits that bound what one input can cost: opening, decompressing, nesting, entity declarations.

Takes a path (or decoded text, or a decoded JSON value); gives a guarded byte stream, or raises
``InputLimitError`` (whose ``reason`` becomes the ``Rejection``'s) when an input is not a regular file,
is larger than its cap on disk or once decompressed, decompresses like a bomb, nests deeper than any
article needs, or declares XML entities. Every check here is linear in the input and reads at most the
cap, so a hostile file costs no more than a big honest one.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.config import DEFAULT_MAX_FILE_BYTES
from eventwire.errors import InputLimitError

#: A .gz input that has given this many times its compressed size is a decompression bomb ...
MAX_GZIP_RATIO = 200
#: ... once it has given at least this many bytes (small files compress oddly; a bomb is never small).
GZIP_RATIO_AFTER = 4 << 20
#: Deepest nesting of JSON values accepted in one record (an article record needs 2 or 3).
MAX_JSON_DEPTH = 64
#: Deepest nesting of XML elements accepted in one feed (libxml2's own default limit).
MAX_XML_DEPTH = 256

# HTML void elements: a feed that inlines raw HTML (not well-formed XML) leaves them unclosed.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})


def open_guarded(path: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> BinaryIO:
    """Open a regular file for reading (``.gz`` decompressed), capped at ``max_file_bytes`` bytes read.

    Raises:
        InputLimitError: ``not_a_file`` for a FIFO, socket or device (opening a FIFO would block the
            run forever; a device can be endless), ``too_large`` for a file over the cap on disk; the
            stream raises ``too_large`` itself when decompression passes the cap or the bomb ratio.
    """
    # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    raw = os.fdopen(fd, "rb")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputLimitError("not a regular file (a pipe, socket or device), so it was not "
                                  "read; copy its content into a file and ingest that", reason="not_a_file",
                                  origin=str(path))
        if info.st_size > max_file_bytes:
            raise _too_large(str(path), f"is {info.st_size:,} bytes on disk", max_file_bytes)
    except BaseException:
        raw.close()
        raise
    return guard_stream(raw, origin=str(path), gzipped=path.suffix.lower() == ".gz", max_file_bytes=max_file_bytes)


def guard_stream(raw: BinaryIO, *, origin: str, gzipped: bool,
                 max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> BinaryIO:
    """``raw`` (decompressed if ``gzipped``) as a stream that raises ``InputLimitError`` (``too_large``)
    once it has given ``max_file_bytes``, or, gzipped, once it expands like a bomb. For stdin too."""
    if not gzipped:
        return io.BufferedReader(_Capped(raw, origin=origin, cap=max_file_bytes, counted=None))
    counted = _Counting(raw)
    inflated = gzip.GzipFile(fileobj=counted, mode="rb")
    return io.BufferedReader(_Capped(inflated, origin=origin, cap=max_file_bytes, counted=counted),
                             buffer_size=1 << 16)


def _too_large(origin: str, what: str, cap: int) -> InputLimitError:
    return InputLimitError(f"the file {what}, over the cap of {cap:,} bytes per file, and was not read "
                           "(the rest of it); split it or raise the cap with --max-file-bytes and ingest again",
                           reason="too_large", origin=origin)


class _Counting(io.RawIOBase):
    """Counts the bytes read through it (the compressed side of a .gz)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # Any: typeshed's WriteableBuffer is not importable at run time
        chunk = self._raw.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.count += len(chunk)
        return len(chunk)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _Capped(io.RawIOBase):
    """Passes bytes through until ``cap`` (or, for a .gz, the bomb ratio) is passed, then raises."""

    def __init__(self, inner: Any, *, origin: str, cap: int, counted: _Counting | None) -> None:
        self._inner, self._origin, self._cap, self._counted = inner, origin, cap, counted
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._inner.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.count += len(chunk)
        if self.count > self._cap:
            raise _too_large(self._origin, f"gives more than {self._cap:,} bytes once decompressed", self._cap)
        if self._counted is not None and self.count >= GZIP_RATIO_AFTER:
            ratio = self.count / max(self._counted.count, 1)
            if ratio > MAX_GZIP_RATIO:
                raise InputLimitError(
                    f"the file decompresses {ratio:,.0f} times its compressed size (over "
                    f"{MAX_GZIP_RATIO}), a decompression bomb; it was not read further; decompress it "
                    "yourself if it is genuine, and ingest that", reason="too_large", origin=self._origin)
        return len(chunk)

    def close(self) -> None:
        self._inner.close()
        super().close()


def json_too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True if ``value`` nests lists/objects more than ``limit`` deep (iterative: no recursion to blow)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def declares_entities(text: str) -> bool:
    """True if an XML document declares entities (``<!ENTITY``): the road to XXE and billion laughs.

    Real feeds never need them; eventwire refuses such a feed rather than trusting any parser's guard.
    """
    return "<!entity" in text.lower()


def xml_too_deep(text: str, limit: int = MAX_XML_DEPTH) -> bool:
    """True if elements nest deeper than ``limit``; one pass with ``str.find`` (no regex to backtrack).

    Comments, CDATA sections, declarations and processing instructions are skipped whole; HTML void
    elements (``<br>``) do not count, since feeds that inline raw HTML leave them unclosed.
    """
    depth, i, n = 0, 0, len(text)
    while (i := text.find("<", i)) >= 0:
        end = _skip_special(text, i)
        if end is None:
            end = text.find(">", i)
            if end < 0:
                return False
            if text.startswith("</", i):
                depth = max(0, depth - 1)
            elif text[end - 1] != "/" and _tag_name(text, i + 1, end) not in _VOID:
                depth += 1
                if depth > limit:
                    return True
        i = min(end + 1, n)
    return False


def _skip_special(text: str, i: int) -> int | None:
    """The index of the last character of a comment/CDATA/declaration/PI at ``i``; None for a tag."""
    for start, close in (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"), ("<!", ">")):
        if text.startswith(start, i):
            found = text.find(close, i + len(start))
            return len(text) if found < 0 else found + len(close) - 1
    return None


def _tag_name(text: str, start: int, end: int) -> str:
    name = text[start:min(end, start + 16)].split(None, 1)
    return name[0].rstrip("/").lower() if name else ""
