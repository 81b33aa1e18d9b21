"""Stable article ids: who an article is, independent of its text, so a corrected text is its next version.

Takes what an input says about an article (a given id, URL, source, title, date, the file it alone fills)
and its text; gives a string id that is the same on every run for the same article. The first of these
that the input has decides:

    given id                 as given (``i-`` + hash when longer than the store's column)
    URL                      ``u-`` + hash of the normalised URL (scheme and host lower-cased, no #fragment)
    title (+ source, date)   ``t-`` + hash of source, title and date
    the file (.txt, .html)   ``f-`` + hash of the file's absolute path: an edited file is the same article
    nothing else             ``a-`` + hash of the normalised text (records of a JSONL/CSV file, stdin)

The text hash is the article's *version* in the store (``eventwire.store.text_hash``), never its id,
unless nothing else identifies it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

_SPACE = re.compile(r"\s+")

#: Longest id kept as given (the store's id column); longer ones (some feed guids) are hashed.
MAX_ID_CHARS = 200
#: Formats where one file is one article, so the file itself can identify it.
WHOLE_FILE_SUFFIXES = frozenset({".txt", ".html", ".htm"})


def normalise_for_id(text: str) -> str:
    """NFC, every whitespace run collapsed to one space, stripped: formatting changes keep the id."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _digest(value: str) -> str:
    # surrogatepass: a file name that is not UTF-8 reaches us with surrogate escapes; it must still hash
    return hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def text_id(text: str, *, prefix: str = "a-") -> str:
    """``a-`` plus the first 16 hex digits of the SHA-1 of the normalised text."""
    return f"{prefix}{_digest(normalise_for_id(text))}"


def normalise_url(url: str) -> str:
    """The URL with scheme and host lower-cased and without its ``#fragment`` or a trailing ``/``."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") if parts.path != "/" else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def given_id(given: object) -> str | None:
    """The given id as a string if it is a non-blank scalar (hashed to ``i-…`` when too long), else None."""
    if isinstance(given, bool) or given is None or not isinstance(given, (str, int, float)):
        return None
    value = str(given).strip()
    if not value:
        return None
    return "i-" + _digest(value) if len(value) > MAX_ID_CHARS else value


def article_identity(
    *, text: str, given: object = None, url: str | None = None, source: str | None = None,
    title: str | None = None, date: dt.date | None = None, file: str | None = None,
) -> tuple[str, str]:
    """``(id, basis)``: the article's id and what it rests on (``given``, ``url``, ``title``, ``file``, ``text``).

    ``file`` is the path of a file that holds only this article (see ``WHOLE_FILE_SUFFIXES``).
    """
    found = given_id(given)
    if found is not None:
        return found, "given"
    if url and url.strip():
        return "u-" + _digest(normalise_url(url)), "url"
    if title and title.strip():
        key = "\n".join((normalise_for_id(source or ""), normalise_for_id(title), date.isoformat() if date else ""))
        return "t-" + _digest(key), "title"
    if file:
        return "f-" + _digest(os.path.abspath(file)), "file"
    return text_id(text), "text"


def is_whole_file(origin: str, line: int | None) -> bool:
    """True when ``origin`` is a file that holds exactly one article (``.txt``/``.html``, maybe ``.gz``)."""
    name = origin.lower().removesuffix(".gz")
    return line is None and os.path.splitext(name)[1] in WHOLE_FILE_SUFFIXES and not origin.startswith("<")


def article_id(given: object, text: str) -> str:
    """The given id, else ``text_id(text)`` (for callers with nothing but an id and a text)."""
    return given_id(given) or text_id(text)
