"""Stable article ids: the id the input gives, else a hash of the normalised text.

Takes the given id (any JSON scalar or None) and the article text; gives a string id that is the same
on every run, machine and Python version for the same text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    """NFC, every whitespace run collapsed to one space, stripped: formatting changes keep the id."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_id(text: str, *, prefix: str = "a-") -> str:
    """``a-`` plus the first 16 hex digits of the SHA-1 of the normalised text."""
    digest = hashlib.sha1(normalise_for_id(text).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:16]}"


#: Longest id kept as given (the store's id column); longer ones (some feed guids) are hashed.
MAX_ID_CHARS = 200


def article_id(given: object, text: str) -> str:
    """The given id as a string if it is a non-blank scalar, else ``text_id(text)``.

    A given id over ``MAX_ID_CHARS`` becomes ``i-`` plus the first 16 hex digits of its SHA-1: still
    stable, still distinct per given id.
    """
    if isinstance(given, bool) or given is None or not isinstance(given, (str, int, float)):
        return text_id(text)
    value = str(given).strip()
    if not value:
        return text_id(text)
    if len(value) > MAX_ID_CHARS:
        return "i-" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]
    return value
