"""Property-based fuzzing of every reader, the date helpers and the extractor's public entry point.

Whatever the bytes, a reader gives only Articles and Rejections (never an exception), every Article is
within the caps and valid Unicode, every Rejection names its input on one line with a known reason. The
extractor never raises on any text and its evidence always quotes the text. Bounded for CI: small
``max_examples`` and a deadline per example (``EVENTWIRE_FUZZ_EXAMPLES=5000`` multiplies the search for a
deeper hunt); inputs that once crashed are kept in ``tests/fixtures/crashers/`` (see ``test_crashers.py``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.ingest.build import ReadOptions
from eventwire.ingest.dates import dateline_date, parse_date, reference_hint
from eventwire.ingest.feed import feed_articles
from eventwire.ingest.html import html_article
from eventwire.ingest.jsonlines import read_jsonl_stream
from eventwire.ingest.markup import html_to_text
from eventwire.ingest.table import read_table_stream
from eventwire.ingest.textfile import parse_header, text_article
from eventwire.model import Article, Rejection

REASONS = {"empty", "binary", "undecodable", "malformed_json", "malformed_csv", "malformed_feed", "malformed_html",
           "missing_text", "too_large", "too_deep", "unsafe_xml", "unknown_format", "unreadable", "not_a_file",
           "reader_error", "too_many_errors"}
OPTIONS = ReadOptions(max_bytes=3000, default_date=None)
ORIGIN = "fuzz.input"
SCALE = int(os.environ.get("EVENTWIRE_FUZZ_EXAMPLES", "150")) / 150  # CI: 150 examples per reader


def bounded(examples: int, deadline_ms: int | None) -> settings:
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=deadline_ms,
                    suppress_health_check=[HealthCheck.too_slow])


FAST = bounded(150, 10_000)  # generous deadlines: the CI machine is shared

# Fragments that have broken parsers somewhere: escapes, entities, markup, control and odd characters.
NASTY = st.sampled_from([
    "\\ud800", "\\udfff", "\\u0000", "&amp;", "&#0;", "&#xd800;", "&lol;", "<!ENTITY x 'y'>", "<![CDATA[", "]]>",
    "<!--", "-->", "<script>", "</p>", "<p>", "<br>", '"', "'", ",", "\t", "\r", "\r\n", "\n", "\x00", "\x1b",
    "\u2028", "\ufeff", "\u202e", "😀", "date 2024-03-26\n", "title: x\n", "date: 31 February 2024\n",
    "BAMAKO, March 4 (Reuters) - ", "1" * 5000, "[" * 100, "{" * 100, "." * 300, "!?" * 100,
    "Gunmen killed five villagers in Beni on Tuesday. ", "Monday", "0000-00-00", "9999-12-31",
])
TEXTISH = st.lists(st.one_of(NASTY, st.text(max_size=40)), max_size=20).map("".join)
BYTESISH = st.one_of(st.binary(max_size=600), TEXTISH.map(lambda t: t.encode("utf-8", "surrogatepass")),
                     TEXTISH.map(lambda t: t.encode("cp1252", "replace")))


def check(items: list[Article | Rejection]) -> None:
    """The invariants every reader keeps, whatever it was given."""
    for item in items:
        if isinstance(item, Rejection):
            assert item.reason in REASONS, item
            assert item.origin == ORIGIN and "\n" not in item.detail and ORIGIN in item.detail, item
        else:
            assert isinstance(item, Article)
            assert item.text.strip() and "\x00" not in item.text
            assert len(item.text.encode("utf-8")) <= OPTIONS.max_bytes  # strict: no lone surrogates
            json.dumps(dict(item.metadata), ensure_ascii=False, default=str).encode("utf-8")
            for value in (item.title, item.url, item.source, item.id):
                (value or "").encode("utf-8")


@FAST
@given(BYTESISH)
def test_text_reader_never_raises(data: bytes) -> None:
    check([text_article(data, more=False, origin=ORIGIN, options=OPTIONS)])


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXTISH,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTISH, inner, max_size=3),
                          max_leaves=8)
RECORD = st.fixed_dictionaries({}, optional={"id": JSON_VALUE, "text": st.one_of(TEXTISH, JSON_VALUE),
                                             "date": st.one_of(TEXTISH, JSON_VALUE), "title": JSON_VALUE,
                                             "extra": JSON_VALUE})
JSON_LINE = st.one_of(RECORD.map(lambda r: json.dumps(r, allow_nan=True)), TEXTISH,
                      TEXTISH.map(lambda t: '{"text": "' + t + '"}'))


@FAST
@given(st.lists(JSON_LINE, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
def test_jsonl_reader_never_raises(lines: list[str], newline: str) -> None:
    data = newline.join(lines).encode("utf-8", "surrogatepass")
    check(list(read_jsonl_stream(io.BytesIO(data), origin=ORIGIN, options=OPTIONS)))


@FAST
@given(st.one_of(BYTESISH, st.lists(st.lists(TEXTISH, max_size=4), max_size=5).map(
    lambda rows: ("id,text,date\n" + "\n".join(",".join(f'"{c}"' if i % 2 else c for i, c in enumerate(r))
                                              for r in rows)).encode("utf-8", "surrogatepass"))),
       st.sampled_from([",", "\t"]))
def test_table_reader_never_raises(data: bytes, delimiter: str) -> None:
    check(list(read_table_stream(io.BytesIO(data), origin=ORIGIN, options=OPTIONS, delimiter=delimiter)))


HTML = st.lists(st.one_of(NASTY, st.sampled_from(["<html>", "<body>", "<article>", "<div>", "</div>", "<title>",
                                                  "</title>", '<meta property="article:published_time" content="',
                                                  '">', "<table><tr><td>", "<time datetime='2024-01-01'>"]),
                          st.text(max_size=30)), max_size=25).map("".join)


@bounded(60, 20_000)
@given(HTML)
def test_html_reader_never_raises(page: str) -> None:
    check([html_article(page.encode("utf-8", "surrogatepass"), more=False, origin=ORIGIN, options=OPTIONS)])


ENTRY = st.tuples(TEXTISH, TEXTISH, TEXTISH).map(
    lambda p: f"<item><guid>{p[0]}</guid><title>{p[1]}</title><pubDate>{p[2]}</pubDate>"
              f"<description>{p[2]}{p[1]}</description></item>")
FEED = st.one_of(
    st.lists(ENTRY, max_size=4).map(lambda items: '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                                    + "".join(items) + "</channel></rss>"),
    st.lists(st.one_of(ENTRY, NASTY, st.sampled_from(["<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>",
                                                      "<content type='html'>", "</content>", "</entry>"])),
             max_size=12).map("".join),
)


@bounded(80, 20_000)
@given(FEED)
def test_feed_reader_never_raises(feed: str) -> None:
    data = feed.encode("utf-8", "surrogatepass")
    check(list(feed_articles(data, more=False, origin=ORIGIN, options=OPTIONS)))


@FAST
@given(st.one_of(TEXTISH, JSON_VALUE), TEXTISH, st.one_of(st.none(), st.dates()))
def test_date_helpers_never_raise(value: object, text: str, reference: dt.date | None) -> None:
    parsed = parse_date(value)
    assert parsed is None or isinstance(parsed, dt.date)
    day = dateline_date(text, reference=reference, year=reference.year if reference else None)
    assert day is None or isinstance(day, dt.date)
    reference_hint(origin=text, url=text, given_id=text, default=reference)
    parse_header(text)
    html_to_text(text)


NEWS = st.lists(st.one_of(NASTY, st.sampled_from([
    "Gunmen", "killed", "attacked", "five", "villagers", "soldiers", "in", "Beni", "Mosul", "on", "Tuesday",
    "drone", "strike", "claimed", "responsibility", "according to", "officials said", "Hamas", "Israel",
    "protesters", "police", "fired", "tear gas", ".", ",", "at least 12", "wounded", "shelling", "Kharkiv"]),
    st.text(max_size=12)), max_size=60).map(" ".join)


@bounded(25, None)
@given(NEWS, st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))))
def test_extract_text_never_raises_and_evidence_quotes_the_text(text: str, date: dt.date | None) -> None:
    from eventwire.api.library import extract_text

    text = text.encode("utf-8", "replace").decode("utf-8")  # the API takes valid Unicode text
    extract_text("Warm-up.", geo=False)  # loads the models (once): not part of the time bound
    started = time.monotonic()
    events = extract_text(text, date=date, geo=False)
    assert time.monotonic() - started < 30
    for event in events:
        for evidence in event.evidence:
            assert text[evidence.start:evidence.end] == evidence.text
