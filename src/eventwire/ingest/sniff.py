"""Byte-level checks shared by every reader: opening (``.gz`` transparently), binary sniffing, decoding.

Takes raw bytes or a binary stream; gives decoded text with ``\\n`` newlines, or a reason it cannot be
text. Nothing here builds records: readers turn a failed check into a ``Rejection``.
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.config import DEFAULT_MAX_FILE_BYTES
from eventwire.ingest.limits import open_guarded

#: How many leading bytes are enough to tell text from binary.
SNIFF_BYTES = 8192

# Control characters that never occur in text (tab, newline, CR, form feed and ESC-free text are fine).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_STR = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def open_bytes(path: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> BinaryIO:
    """Open ``path`` for binary reading, decompressing ``.gz`` on the fly, within the limits of
    ``eventwire.ingest.limits.open_guarded`` (regular files only, ``max_file_bytes``, no gzip bombs)."""
    return open_guarded(path, max_file_bytes=max_file_bytes)


def inner_suffix(path: Path) -> str:
    """The format-bearing extension: ``a.jsonl.gz`` → ``.jsonl``, ``a.TXT`` → ``.txt``."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def is_binary(head: bytes) -> bool:
    """True if ``head`` (the first bytes of an input) looks like binary data rather than text.

    UTF-16 with a BOM is text, though full of NUL bytes; anything else with a NUL, or with more than
    one control character in ten, is binary.
    """
    if head.startswith(_UTF16_BOMS):
        return False
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > max(1, len(head) // 10)


def has_control_noise(text: str) -> bool:
    """True if decoded ``text`` carries NULs or many control characters (binary smuggled into a field)."""
    head = text[:SNIFF_BYTES]
    if "\x00" in head:
        return True
    return len(_CONTROL_STR.findall(head)) > max(1, len(head) // 10)


def decode(data: bytes) -> tuple[str, str] | None:
    """Decode bytes to text, returning ``(text, encoding)``, or None if no encoding gives clean text.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are tried first. cp1252 and then latin-1 are a
    fallback for old Windows/ISO files, accepted only if the result has no control characters (a
    latin-1 reading of random bytes is full of C1 controls, which is how we tell it was not text).
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL_STR.search(text):
            return text, encoding
    return None


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes, so offsets stay meaningful."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_limited(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Read at most ``limit`` bytes; the flag says whether the stream had more (never read past it)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        return data[:limit], True
    return data, False


class _PrefixedRaw(io.RawIOBase):
    """A raw stream that replays already-read ``head`` bytes, then continues with ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # Any: typeshed's WriteableBuffer is not importable at run time
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def prepend(head: bytes, rest: BinaryIO) -> BinaryIO:
    """A buffered stream reading ``head`` then ``rest``: lets us sniff a pipe without seeking it."""
    return io.BufferedReader(_PrefixedRaw(head, rest), buffer_size=1 << 16)
