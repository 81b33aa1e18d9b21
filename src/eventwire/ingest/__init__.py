"""ingest: inputs (files, folders, ``-`` for stdin) → a stream of ``Article`` or ``Rejection``.

``read_inputs`` is the stage's one entry point. It picks a reader by extension (the inner one for
``.gz``), walks folders recursively in sorted order (hidden files and folders skipped), and turns every
problem with one input into a ``Rejection`` so that a bad file never stops the batch. Readers are
generators: JSONL and CSV are read a line or row at a time; whole-document formats are capped in size
before they are read.

Formats: ``.txt`` (textfile), ``.jsonl``/``.ndjson`` (jsonlines), ``.csv``/``.tsv`` (table),
``.html``/``.htm`` (html), ``.xml``/``.rss``/``.atom`` (feed).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from eventwire.config import DEFAULT_MAX_BYTES
from eventwire.errors import InputError
from eventwire.ingest.build import ReadOptions
from eventwire.ingest.feed import read_feed_file
from eventwire.ingest.html import read_html_file
from eventwire.ingest.jsonlines import read_jsonl_file
from eventwire.ingest.sniff import inner_suffix
from eventwire.ingest.stdin import read_stdin
from eventwire.ingest.table import read_table_file
from eventwire.ingest.textfile import read_text_file
from eventwire.model import Article, Rejection

__all__ = ["ReadOptions", "SUFFIXES", "check_inputs", "is_url", "read_inputs", "read_path"]

Reader = Callable[[Path, ReadOptions], Iterator[Article | Rejection]]

#: Extensions read, and the reader for each (``.gz`` is added on top of any of them).
SUFFIXES: Mapping[str, Reader] = MappingProxyType({
    ".txt": read_text_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".csv": functools.partial(read_table_file, delimiter=","),
    ".tsv": functools.partial(read_table_file, delimiter="\t"),
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xml": read_feed_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
})


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def is_url(item: str) -> bool:
    """True for ``https://…``-style arguments, which are never paths (``Path`` would mangle ``//``)."""
    return bool(_URL.match(item))


def _url_detail(item: str) -> str:
    return (f"{item}: is a URL, and extract/ingest read only files, folders and - (stdin); fetch feeds and "
            f"pages with `eventwire watch {item}`, or save the page and pass the file")


def check_inputs(inputs: Iterable[str]) -> None:
    """Raise ``InputError`` naming every input that is a URL or a path that does not exist.

    ``extract`` calls this before any work: an input it cannot even find is a mistake in the command,
    not a bad file among good ones (those become Rejections and never stop a batch).
    """
    problems = []
    for item in inputs:
        if item == "-":
            continue
        if is_url(item):
            problems.append(_url_detail(item))
        elif not os.path.exists(item):
            problems.append(f"{item}: no such file or folder; check the path")
    if problems:
        raise InputError("; ".join(problems))


def read_inputs(inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                default_date: dt.date | None = None) -> Iterator[Article | Rejection]:
    """Every article in ``inputs`` (paths, folders, ``-`` for stdin), and a Rejection for each bad one.

    Args:
        inputs: file or folder paths; ``-`` reads stdin (JSON Lines if it starts with ``{``, else one
            plain-text article).
        max_bytes: cap on one article's text in UTF-8 bytes (and on one HTML file).
        default_date: publication date for articles that carry none (``date_source="default"``).

    Yields:
        ``Article`` or ``Rejection``, in input order, folder contents in sorted path order.
    """
    options = ReadOptions(max_bytes=max_bytes, default_date=default_date)
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [str(inputs)]  # one path, not an iterable of its characters
    for item in inputs:
        if item == "-":
            yield from read_stdin(options)
        elif is_url(item):
            yield Rejection(origin=item, line=None, reason="unreadable", detail=_url_detail(item))
        else:
            yield from read_path(Path(item), options)


def read_path(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    """One file, or every file under a folder."""
    if path.is_dir():
        for file in _walk(path):
            yield from _read_file(file, options)
    elif path.exists():
        yield from _read_file(path, options)
    else:
        yield Rejection(origin=str(path), line=None, reason="unreadable", detail=(
            f"{path}: no such file or folder; check the path and ingest again"))


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, sorted, skipping hidden (dot) files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # in place: os.walk then skips the rest
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _read_file(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    reader = SUFFIXES.get(inner_suffix(path))
    if reader is None:
        known = ", ".join(SUFFIXES)
        yield Rejection(origin=str(path), line=None, reason="unknown_format", detail=(
            f"{path}: the extension is not one eventwire reads ({known}, optionally .gz); rename the "
            "file or convert it"))
        return
    try:
        yield from reader(path, options)
    except (OSError, EOFError, zlib.error) as error:
        # Permissions, a file vanishing mid-run, a truncated or corrupt .gz: this input is lost, not the batch.
        yield Rejection(origin=str(path), line=None, reason="unreadable", detail=(
            f"{path}: the file could not be read ({type(error).__name__}: {error}); check the file and "
            "its permissions and ingest again"))
