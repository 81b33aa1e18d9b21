"""ingest: inputs (files, folders, ``-`` for stdin) → a stream of ``Article`` or ``Rejection``.

``read_inputs`` is the stage's one entry point. It picks a reader by extension (the inner one for
``.gz``), walks folders recursively in sorted order (hidden files and folders skipped), and turns every
problem with one input into a ``Rejection`` so that a bad file never stops the batch. Readers are
generators: JSONL and CSV are read a line or row at a time; whole-document formats are capped in size
before they are read. Every file is opened through ``eventwire.ingest.limits`` (regular files only, a
cap per file after decompression, no gzip bombs); an unexpected error inside a reader is contained to
its file (a ``reader_error`` rejection, the traceback in the log), and a file that has given
``MAX_REJECTIONS_PER_FILE`` rejections is not read further.

Formats: ``.txt`` (textfile), ``.jsonl``/``.ndjson`` (jsonlines), ``.csv``/``.tsv`` (table),
``.html``/``.htm`` (html), ``.xml``/``.rss``/``.atom`` (feed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from eventwire.config import DEFAULT_MAX_BYTES, DEFAULT_MAX_FILE_BYTES
from eventwire.errors import InputError, InputLimitError
from eventwire.ingest.build import ReadOptions, one_line
from eventwire.ingest.feed import read_feed_file
from eventwire.ingest.html import read_html_file
from eventwire.ingest.jsonlines import read_jsonl_file
from eventwire.ingest.sniff import inner_suffix
from eventwire.ingest.stdin import ORIGIN as STDIN
from eventwire.ingest.stdin import read_stdin
from eventwire.ingest.table import read_table_file
from eventwire.ingest.textfile import read_text_file
from eventwire.model import Article, Rejection

__all__ = ["ReadOptions", "SUFFIXES", "check_inputs", "is_url", "read_inputs", "read_path"]

log = logging.getLogger(__name__)

#: A file that has given this many rejections is not read further (one more rejection says so).
MAX_REJECTIONS_PER_FILE = 1000

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
                default_date: dt.date | None = None,
                max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[Article | Rejection]:
    """Every article in ``inputs`` (paths, folders, ``-`` for stdin), and a Rejection for each bad one.

    Args:
        inputs: file or folder paths; ``-`` reads stdin (JSON Lines if it starts with ``{``, else one
            plain-text article).
        max_bytes: cap on one article's text in UTF-8 bytes (and on one HTML file).
        default_date: publication date for articles that carry none (``date_source="default"``).
        max_file_bytes: cap on the bytes read from one file (after decompression).

    Yields:
        ``Article`` or ``Rejection``, in input order, folder contents in sorted path order.
    """
    options = ReadOptions(max_bytes=max_bytes, default_date=default_date, max_file_bytes=max_file_bytes)
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [str(inputs)]  # one path, not an iterable of its characters
    for item in inputs:
        if item == "-":
            yield from contained(STDIN, read_stdin(options))
        elif is_url(item):
            yield Rejection(origin=item, line=None, reason="unreadable", detail=_url_detail(item))
        else:
            yield from read_path(Path(item), options)


def read_path(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    """One file, or every file under a folder."""
    if path.is_dir():
        unlisted: list[OSError] = []
        for file in _walk(path, unlisted):
            yield from _unlisted(unlisted)
            yield from _read_file(file, options)
        yield from _unlisted(unlisted)
    elif path.exists():
        yield from _read_file(path, options)
    else:
        shown = printable_path(path)
        yield Rejection(origin=shown, line=None, reason="unreadable", detail=(
            f"{shown}: no such file or folder; check the path and ingest again"))


def _walk(folder: Path, unlisted: list[OSError]) -> Iterator[Path]:
    """Files under ``folder``, recursively, sorted, skipping hidden (dot) files and folders; a folder that
    cannot be listed goes to ``unlisted`` (os.walk would skip it silently)."""
    for root, dirs, files in os.walk(folder, onerror=unlisted.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # in place: os.walk then skips the rest
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _unlisted(errors: list[OSError]) -> Iterator[Rejection]:
    while errors:
        error = errors.pop(0)
        shown = printable_path(Path(error.filename)) if error.filename else "?"
        yield Rejection(origin=shown, line=None, reason="unreadable", detail=(
            f"{shown}: the folder could not be listed ({error.strerror or error}), so its files were not "
            "read; check its permissions and ingest again"))


def _read_file(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    raw, shown = str(path), printable_path(path)
    for item in _read_file_raw(path, options):
        if raw != shown:  # a file name that is not UTF-8 must not reach the store (it cannot encode it)
            item = (dataclasses.replace(item, origin=shown) if isinstance(item, Article) else
                    dataclasses.replace(item, origin=shown, detail=item.detail.replace(raw, shown)))
        yield item


def printable_path(path: Path) -> str:
    """``str(path)``, with the bytes of a file name that is not UTF-8 written as ``\\xff`` escapes."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return text


def _read_file_raw(path: Path, options: ReadOptions) -> Iterator[Article | Rejection]:
    reader = SUFFIXES.get(inner_suffix(path))
    if reader is None:
        known = ", ".join(SUFFIXES)
        yield Rejection(origin=str(path), line=None, reason="unknown_format", detail=(
            f"{path}: the extension is not one eventwire reads ({known}, optionally .gz); rename the "
            "file or convert it"))
        return
    yield from contained(printable_path(path), reader(path, options))


def contained(origin: str, items: Iterator[Article | Rejection]) -> Iterator[Article | Rejection]:
    """``items`` (what one reader gives for one input), with any failure turned into a last Rejection and
    at most ``MAX_REJECTIONS_PER_FILE`` rejections before the input is given up."""
    rejected = 0
    try:
        for item in items:
            if isinstance(item, Rejection):
                rejected += 1
                if rejected > MAX_REJECTIONS_PER_FILE:
                    yield Rejection(origin=origin, line=item.line, reason="too_many_errors", detail=(
                        f"{origin}: over {MAX_REJECTIONS_PER_FILE:,} records of this file were rejected, so the "
                        "rest of it was not read; fix the export and ingest again"))
                    return
            yield item
    except InputLimitError as error:
        yield Rejection(origin=origin, line=error.line, reason=error.reason, detail=str(error))
    except (OSError, EOFError, zlib.error) as error:
        # Permissions, a file vanishing mid-run, a truncated or corrupt .gz: this input is lost, not the batch.
        yield Rejection(origin=origin, line=None, reason="unreadable", detail=(
            f"{origin}: the file could not be read ({type(error).__name__}: {one_line(error)}); check the file "
            "and its permissions and ingest again"))
    # Anything else is a bug in a reader; it costs this input (what it had given is kept), never the batch.
    except Exception as error:  # noqa: BLE001
        log.warning("reading %s failed", origin, exc_info=True)
        yield Rejection(origin=origin, line=None, reason="reader_error", detail=(
            f"{origin}: reading failed ({type(error).__name__}: {one_line(error)}); records after the failure "
            "were not read; please report it with the file (the traceback is in the --log file)"))
