"""CSV and TSV reader: one article per row, read one row at a time with the ``csv`` module.

Takes a binary stream; gives one Article or Rejection per data row. The header row names the columns:
``text`` is required, ``id``, ``date``, ``title``, ``url``, ``source`` are read, others go to
``metadata``. ``line`` is the 1-based file line where the row starts. Both use standard CSV quoting
(``"`` around fields holding the delimiter, a quote or a newline), as Python, pandas and spreadsheets write.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from eventwire.ingest.build import ReadOptions, rejection
from eventwire.ingest.jsonlines import record_article
from eventwire.ingest.sniff import SNIFF_BYTES, is_binary, open_bytes, prepend
from eventwire.model import Article, Rejection

# A line may hold the text (its quotes doubled) and the other columns: a few times the article cap.
_LINE_FACTOR = 3


def read_table_file(path: Path, options: ReadOptions, *, delimiter: str) -> Iterator[Article | Rejection]:
    """Read a ``.csv`` (``delimiter=","``) or ``.tsv`` (``"\\t"``) file, gzipped or not."""
    with open_bytes(path, max_file_bytes=options.max_file_bytes) as stream:
        yield from read_table_stream(stream, origin=str(path), options=options, delimiter=delimiter)


def read_table_stream(stream: BinaryIO, *, origin: str, options: ReadOptions,
                      delimiter: str) -> Iterator[Article | Rejection]:
    """Read delimited rows from a binary stream; a bad row is a Rejection and later rows still come."""
    head = stream.read(SNIFF_BYTES)
    if not head.strip():
        yield rejection(origin, None, "empty", "the file is empty; remove it or add a header row and rows")
        return
    if is_binary(head):
        yield rejection(origin, None, "binary", "the file is binary (NUL or control bytes), not CSV; "
                        "remove it from the inputs")
        return
    encoding = _encoding(head)
    text = io.TextIOWrapper(prepend(head, stream), encoding=encoding, newline="")
    _allow_fields(options.max_bytes)
    lines = CappedLines(text, options.max_bytes * _LINE_FACTOR + SNIFF_BYTES)
    try:
        yield from _rows(csv.reader(lines, delimiter=delimiter, strict=True), origin, options, lines)
    except UnicodeDecodeError as error:
        yield rejection(origin, None, "undecodable", f"the file stops being {encoding} text ({error.reason}); "
                        "the rest was not read; re-save it as UTF-8 and ingest again")


class CappedLines:
    """The lines of a text stream for ``csv.reader``, none longer than ``limit`` characters.

    ``csv`` would otherwise read a line of any length into memory before its field limit applies. An
    over-long line is drained in bounded chunks and replaced by an empty line (a blank row, skipped);
    its number goes to ``skipped`` for the reader to report.
    """

    def __init__(self, text: io.TextIOBase, limit: int) -> None:
        self._text, self._limit = text, limit
        self.number = 0
        self.skipped: list[int] = []

    def __iter__(self) -> CappedLines:
        return self

    def __next__(self) -> str:
        line = self._text.readline(self._limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > self._limit and line[-1] not in "\r\n":
            while (rest := self._text.readline(1 << 20)) and rest[-1] not in "\r\n":
                pass
            self.skipped.append(self.number)
            return "\n"
        return line


def _encoding(head: bytes) -> str:
    """UTF-8 if the first bytes decode as UTF-8 (a cut multi-byte character at the end is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _allow_fields(max_bytes: int) -> None:
    """Let csv read fields up to the article cap (its default is 128 KiB, below many articles).

    The limit is process-wide in the csv module; it is only ever raised here, never lowered.
    """
    if csv.field_size_limit() < max_bytes + 1:
        csv.field_size_limit(max_bytes + 1)


def _rows(reader: Iterator[list[str]], origin: str, options: ReadOptions,
          lines: CappedLines) -> Iterator[Article | Rejection]:
    header, start = None, 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield from _skipped(lines, origin)
            yield _row_error(error, origin, start, options)
            start = reader.line_num + 1  # type: ignore[attr-defined]
            continue
        line, start = start, reader.line_num + 1  # type: ignore[attr-defined]
        yield from _skipped(lines, origin)
        if header is None:
            header = [name.strip().lower() for name in row]
            if "text" not in header:
                yield rejection(origin, line, "missing_text", f"the header has no \"text\" column (columns: "
                                f"{', '.join(header) or 'none'}); name the article column \"text\" and ingest again")
                return
        elif any(cell.strip() for cell in row):
            yield _row_record(header, row, origin, line, options)


def _skipped(lines: CappedLines, origin: str) -> Iterator[Rejection]:
    while lines.skipped:
        yield rejection(origin, lines.skipped.pop(0), "too_large", "the line is too long to be a row and "
                        "was not parsed; split the article or raise the size cap with --max-bytes and ingest again")


def _row_error(error: csv.Error, origin: str, line: int, options: ReadOptions) -> Rejection:
    if "field larger than field limit" in str(error):
        return rejection(origin, line, "too_large", f"a field is over the cap of {options.max_bytes:,} bytes; "
                         "split the article or raise the size cap with --max-bytes and ingest again")
    return rejection(origin, line, "malformed_csv", f"the row cannot be parsed as CSV ({error}); fix the "
                     "quoting of the row and ingest again")


def _row_record(header: list[str], row: list[str], origin: str, line: int,
                options: ReadOptions) -> Article | Rejection:
    if len(row) != len(header):
        return rejection(origin, line, "malformed_csv", f"the row has {len(row)} fields but the header has "
                         f"{len(header)}; quote fields that hold the delimiter and ingest again")
    record = {name: value for name, value in zip(header, row, strict=True) if name}
    for key in ("id", "date", "title", "url", "source"):
        if record.get(key) == "":
            del record[key]  # an empty cell means "not given", not an empty id or title
    return record_article(record, origin=origin, line=line, options=options)

