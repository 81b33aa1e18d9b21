"""Bad input never stops the batch and is never silent: each problem is a Rejection with a reason,
the place (file, line) and a sentence that says what to do next."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest

from eventwire.ingest import read_inputs
from eventwire.model import Article, Rejection

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = "Security forces dispersed a sit-in outside the governor's office in Basra on Sunday, witnesses said."


def read(*inputs: str | Path, **kwargs: object) -> list[Article | Rejection]:
    return list(read_inputs([str(i) for i in inputs], **kwargs))  # type: ignore[arg-type]


def only_rejection(path: Path, **kwargs: object) -> Rejection:
    (out,) = read(path, **kwargs)
    assert isinstance(out, Rejection), out
    assert out.origin == str(path)
    assert str(path) in out.detail
    return out


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_binary_file(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    for name in ("photo.txt", "photo.jsonl", "photo.csv", "photo.html", "photo.xml"):
        rejection = only_rejection(write(tmp_path / name, png))
        assert rejection.reason == "binary", name


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.xml", "empty.csv"])
@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "])
def test_empty_or_whitespace_file(tmp_path: Path, name: str, data: bytes) -> None:
    assert only_rejection(write(tmp_path / name, data)).reason == "empty"


def test_header_only_txt_is_empty(tmp_path: Path) -> None:
    assert only_rejection(write(tmp_path / "h.txt", b"date 2024-01-02\n\n")).reason == "empty"


def test_undecodable_bytes(tmp_path: Path) -> None:
    # Not UTF-8, and as cp1252/latin-1 it is full of control characters: no text in any encoding.
    data = b"Police said \x81\x8d\x90\x9d the march \x85\x81 ended" + b"\x9d\x8f" * 20
    rejection = only_rejection(write(tmp_path / "old.txt", data))
    assert rejection.reason == "undecodable"
    assert "UTF-8" in rejection.detail


def test_cp1252_text_is_read_and_the_encoding_recorded(tmp_path: Path) -> None:
    data = "Protesters in S\u00e3o Paulo chanted \u201cFora!\u201d outside the caf\u00e9.".encode("cp1252")
    (article,) = read(write(tmp_path / "win.txt", data))
    assert isinstance(article, Article)
    assert article.text == "Protesters in S\u00e3o Paulo chanted \u201cFora!\u201d outside the caf\u00e9."
    assert article.metadata["encoding"] == "cp1252"


def test_utf8_bom_and_utf16_are_text(tmp_path: Path) -> None:
    write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + GOOD.encode())
    write(tmp_path / "wide.txt", GOOD.encode("utf-16"))
    out = read(tmp_path)
    assert [a.text for a in out] == [GOOD, GOOD]  # type: ignore[union-attr]


def test_jsonl_bad_line_in_the_middle_keeps_the_rest(tmp_path: Path) -> None:
    lines = [
        '{"id": "ok-1", "text": "Militants shelled a village in Tillaberi on Friday."}',
        '{"id": "ok-2", "text": "Protesters blocked a road in Goma."}',
        '{"id": "bad", "text": "Unterminated quote}',
        "[1, 2, 3]",
        '{"id": "no-text", "body": "The article text is under the wrong key."}',
        '{"id": "blank", "text": "   "}',
        "",
        '{"id": "ok-3", "text": "Soldiers clashed with gunmen near Kidal."}',
        '{"id": "bin", "text": "\\u0000\\u0001\\u0002\\u0003 binary blob \\u0000\\u0000"}',
    ]
    path = write(tmp_path / "mixed.jsonl", "\n".join(lines).encode())
    out = read(path)
    good = [r for r in out if isinstance(r, Article)]
    bad = [r for r in out if isinstance(r, Rejection)]
    assert [a.id for a in good] == ["ok-1", "ok-2", "ok-3"]
    assert [a.line for a in good] == [1, 2, 8]
    assert [(r.line, r.reason) for r in bad] == [
        (3, "malformed_json"), (4, "malformed_json"), (5, "missing_text"), (6, "empty"), (9, "binary")]
    assert bad[0].detail.startswith(f"{path} line 3: the line is not valid JSON (")
    assert "fix or remove the line and ingest again" in bad[0].detail
    assert "body" in bad[2].detail  # says which keys there were


def test_jsonl_undecodable_line(tmp_path: Path) -> None:
    path = write(tmp_path / "enc.jsonl", b'{"text": "Caf\xe9 attack in Kabul"}\n{"text": "' + GOOD.encode() + b'"}\n')
    first, second = read(path)
    assert isinstance(first, Rejection) and (first.reason, first.line) == ("undecodable", 1)
    assert isinstance(second, Article) and second.line == 2


def test_csv_row_problems_and_later_rows(tmp_path: Path) -> None:
    data = (
        "id,date,text\n"
        f'r1,2024-02-01,"{GOOD}"\n'
        'r2,2024-02-02,"Too, many",fields,here\n'
        "r3,2024-02-03\n"
        "r4,2024-02-04,\n"
        'r5,2024-02-05,"Troops withdrew from the border town of Kupiansk, officials said."\n'
    )
    out = read(write(tmp_path / "rows.csv", data.encode()))
    summary = [(r.line, r.reason if isinstance(r, Rejection) else r.id) for r in out]
    assert summary == [(2, "r1"), (3, "malformed_csv"), (4, "malformed_csv"), (5, "empty"), (6, "r5")]
    assert "the header has 3" in out[1].detail  # type: ignore[union-attr]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = write(tmp_path / "cols.csv", b"id,headline,body\n1,Strike,A drone hit a depot.\n")
    rejection = only_rejection(path)
    assert (rejection.reason, rejection.line) == ("missing_text", 1)
    assert "headline" in rejection.detail and '"text"' in rejection.detail


def test_csv_broken_quoting_rejects_the_row_and_reads_on(tmp_path: Path) -> None:
    data = (
        f'id,text\n1,"{GOOD}"\n'
        '2,"Quoted" and then more text\n'
        f'3,"{GOOD}"\n'
        '4,"The closing quote is missing\n'
    )
    out = read(write(tmp_path / "quotes.csv", data.encode()))
    summary = [(r.line, r.reason if isinstance(r, Rejection) else r.id) for r in out]
    assert summary == [(2, "1"), (3, "malformed_csv"), (4, "3"), (5, "malformed_csv")]
    assert "fix the quoting" in out[1].detail  # type: ignore[union-attr]


def test_nul_deep_in_a_csv_rejects_that_row_only(tmp_path: Path) -> None:
    filler = "".join(f'f{i},"{GOOD}"\n' for i in range(100))  # pushes the NUL past the binary sniff
    data = f"id,text\n{filler}nul,\"bad \x00\x01\x02 row\"\nlast,\"{GOOD}\"\n".encode()
    out = read(write(tmp_path / "nul.csv", data))
    assert [(r.reason, r.line) for r in out if isinstance(r, Rejection)] == [("binary", 102)]
    assert out[-1].id == "last" and out[-1].line == 103  # type: ignore[union-attr]


def test_too_large_in_every_format(tmp_path: Path) -> None:
    big = ("Residents said the shelling continued through the night. " * 40).strip()
    cap = 1000
    write(tmp_path / "a.txt", big.encode())
    write(tmp_path / "b.jsonl", f'{{"id": "big", "text": "{big}"}}\n{{"id": "small", "text": "{GOOD}"}}\n'.encode())
    write(tmp_path / "c.csv", f'id,text\nbig,"{big}"\nsmall,"{GOOD}"\n'.encode())
    write(tmp_path / "d.html", f"<html><body><article><p>{big}</p></article></body></html>".encode())
    out = read(tmp_path, max_bytes=cap)
    summary = [(Path(r.origin).name, r.reason if isinstance(r, Rejection) else r.id) for r in out]
    assert summary == [("a.txt", "too_large"), ("b.jsonl", "too_large"), ("b.jsonl", "small"),
                       ("c.csv", "too_large"), ("c.csv", "small"), ("d.html", "too_large")]
    assert all("--max-bytes" in r.detail for r in out if isinstance(r, Rejection))


def test_jsonl_line_far_over_the_cap_is_skipped_without_parsing(tmp_path: Path) -> None:
    huge = "x" * 200_000
    path = write(tmp_path / "huge.jsonl", f'{{"text": "{huge}"}}\n{{"text": "{GOOD}"}}\n'.encode())
    first, second = read(path, max_bytes=1000)
    assert isinstance(first, Rejection) and (first.reason, first.line) == ("too_large", 1)
    assert isinstance(second, Article) and second.line == 2


def test_unknown_format_and_missing_path(tmp_path: Path) -> None:
    doc = write(tmp_path / "report.docx", b"PK\x03\x04 not really a docx")
    assert only_rejection(doc).reason == "unknown_format"
    missing = tmp_path / "nope" / "gone.txt"
    rejection = only_rejection(missing)
    assert rejection.reason == "unreadable" and "no such file" in rejection.detail


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 means nothing to root (CI containers), so the refusal is simulated where files are opened.
    path = write(tmp_path / "locked.txt", GOOD.encode())

    def refuse(p: Path, **_: object) -> None:
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr("eventwire.ingest.textfile.open_bytes", refuse)
    rejection = only_rejection(path)
    assert rejection.reason == "unreadable" and "Permission denied" in rejection.detail


def test_corrupt_gzip_is_unreadable(tmp_path: Path) -> None:
    good = gzip.compress(f'{{"text": "{GOOD}"}}\n'.encode() * 50)
    path = write(tmp_path / "cut.jsonl.gz", good[: len(good) // 2])
    out = read(path)
    assert isinstance(out[-1], Rejection) and out[-1].reason == "unreadable"
    garbage = write(tmp_path / "junk.txt.gz", b"this is not gzip at all")
    assert only_rejection(garbage).reason == "unreadable"


def test_malformed_feeds(tmp_path: Path) -> None:
    not_a_feed = write(tmp_path / "page.xml", b"Just some words, not XML.")
    assert only_rejection(not_a_feed).reason == "malformed_feed"
    raw = (FIXTURES / "feed-rss.xml").read_bytes()
    cut = write(tmp_path / "cut.rss", raw[: raw.index(b"</item>") + 200])
    out = read(cut)
    assert isinstance(out[0], Article) and out[0].id == "monitor-2022-0827-01"
    assert isinstance(out[-1], Rejection) and out[-1].reason == "malformed_feed"
    assert out[-1].line is not None and "not well-formed" in out[-1].detail
    empty = write(tmp_path / "none.atom", b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')
    assert only_rejection(empty).reason == "empty"


def test_hostile_html_keeps_text_and_drops_scripts() -> None:
    (article,) = read(FIXTURES / "hostile.html")
    assert isinstance(article, Article)
    assert "63 people were detained" in article.text
    assert "The ruling party says the law is needed" in article.text
    for payload in ("INJECTED", "INLINE SCRIPT", "ONLOAD", "IMG PAYLOAD", "IFRAME", "STYLE PAYLOAD", "alert(",
                    "document.cookie", "<"):
        assert payload not in article.text


def test_html_without_main_text_is_empty(tmp_path: Path) -> None:
    page = (b"<html><head><script>var a = 'only script text';</script><style>p{}</style></head>"
            b"<body><div><img src='x.png'></div></body></html>")
    rejection = only_rejection(write(tmp_path / "nav.html", page))
    assert rejection.reason == "empty" and "no main article text" in rejection.detail


def test_a_bad_batch_still_yields_every_good_article(tmp_path: Path) -> None:
    write(tmp_path / "1.bin.txt", b"\x00\x01\x02" * 100)
    write(tmp_path / "2.txt", GOOD.encode())
    write(tmp_path / "3.odt", b"whatever")
    write(tmp_path / "4.txt", b"")
    out = read(tmp_path, FIXTURES / "wire.jsonl", tmp_path / "missing.csv")
    kinds = [r.reason if isinstance(r, Rejection) else "article" for r in out]
    assert kinds == ["binary", "article", "unknown_format", "empty"] + ["article"] * 4 + ["unreadable"]
    assert all(r.detail.endswith(("again", "inputs", "convert it", "record", "text")) for r in out
               if isinstance(r, Rejection))


def test_stdin_binary_and_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\xff\x00\xfe" * 64)))
    ((rejection,)) = read("-")
    assert isinstance(rejection, Rejection) and rejection.reason == "binary" and rejection.origin == "<stdin>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    ((rejection,)) = read("-")
    assert isinstance(rejection, Rejection) and rejection.reason == "empty"


def test_feed_content_that_looks_like_a_path_is_not_opened(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.xml", (FIXTURES / "feed-rss.xml").read_bytes())
    decoy = write(tmp_path / "decoy.xml", str(secret).encode())
    rejection = only_rejection(decoy)  # feedparser must not read the file the content names
    assert rejection.reason == "malformed_feed"


def test_no_network_is_touched(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    out = read(FIXTURES)
    assert all(isinstance(r, Article) for r in out)
    assert {Path(a.origin).suffix for a in out} >= {".html", ".xml", ".atom"}
