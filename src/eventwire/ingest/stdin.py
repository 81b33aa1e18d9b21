"""Standard input (``-``): sniffed as JSON Lines if the first non-blank byte is ``{``, else one text article.

Takes ``sys.stdin``'s bytes (gzip-compressed input is decompressed first); gives what the JSONL or
text reader gives, with origin ``<stdin>``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from typing import BinaryIO

from eventwire.ingest.build import ReadOptions
from eventwire.ingest.jsonlines import read_jsonl_stream
from eventwire.ingest.limits import guard_stream
from eventwire.ingest.sniff import SNIFF_BYTES, prepend, read_limited
from eventwire.ingest.textfile import HEADER_SLACK, text_article
from eventwire.model import Article, Rejection

ORIGIN = "<stdin>"


def read_stdin(options: ReadOptions) -> Iterator[Article | Rejection]:
    """Read whatever is on stdin as JSON Lines or as one plain-text article."""
    raw = _binary_stdin()
    head = raw.read(SNIFF_BYTES)
    # The same caps as a file: stdin may be a gzip bomb, or endless (``yes | eventwire ingest -``).
    stream = guard_stream(prepend(head, raw), origin=ORIGIN, gzipped=head.startswith(b"\x1f\x8b"),
                          max_file_bytes=options.max_file_bytes)
    head = stream.read(SNIFF_BYTES)
    stream = prepend(head, stream)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        yield from read_jsonl_stream(stream, origin=ORIGIN, options=options)
        return
    data, more = read_limited(stream, options.max_bytes + HEADER_SLACK)
    yield text_article(data, more=more, origin=ORIGIN, options=options)


def _binary_stdin() -> BinaryIO:
    """``sys.stdin``'s byte stream; a text-only stand-in (tests, notebooks) is re-encoded as UTF-8."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return io.BytesIO(sys.stdin.read().encode("utf-8"))
