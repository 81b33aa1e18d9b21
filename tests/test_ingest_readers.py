"""Every reader on real-looking news text: what comes out, with which id, date, title and offsets."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import shutil
import sys
from pathlib import Path

import pytest

from eventwire.ingest import read_inputs
from eventwire.ingest.ids import text_id
from eventwire.model import Article, Rejection

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read(*inputs: str | Path, **kwargs: object) -> list[Article | Rejection]:
    return list(read_inputs([str(i) for i in inputs], **kwargs))  # type: ignore[arg-type]


def articles(*inputs: str | Path, **kwargs: object) -> list[Article]:
    out = read(*inputs, **kwargs)
    rejected = [r for r in out if isinstance(r, Rejection)]
    assert not rejected, rejected
    return out  # type: ignore[return-value]


def test_seed_example_txt_has_its_date_line_read_and_removed() -> None:
    path = EXAMPLES / "articles" / "iraq-drone-claims-2024-03-26.txt"
    (article,) = articles(path)
    assert article.date == dt.date(2024, 3, 26)
    assert article.date_source == "given"
    assert article.text.startswith("In a bold declaration")
    raw = path.read_text(encoding="utf-8")
    # Offsets map back to the file: the text is the file from text_offset on, unchanged.
    assert raw[article.metadata["text_offset"]:] == article.text
    assert article.origin == str(path)


def test_txt_with_date_line_on_its_own_line() -> None:
    (article,) = articles(FIXTURES / "dated-report.txt")
    assert article.date == dt.date(2024, 5, 14)
    assert article.text.startswith("Residents of El Fasher said shelling")
    assert "date 2024" not in article.text
    assert article.id.startswith("f-")  # a file that says nothing else about itself: the file is its identity


def test_txt_header_block_sets_title_url_source(tmp_path: Path) -> None:
    body = "Police arrested 14 people after clashes at a football match in Lagos on Saturday.\n"
    path = tmp_path / "lagos.txt"
    path.write_text(f"title: Arrests after match\nurl: https://x.example/lagos\nsource: Example Daily\n"
                    f"date: 2 September 2023\n\n{body}", encoding="utf-8")
    (article,) = articles(path)
    assert (article.title, article.url, article.source) == ("Arrests after match", "https://x.example/lagos",
                                                             "Example Daily")
    assert article.date == dt.date(2023, 9, 2)
    assert article.text == body


def test_txt_without_header_is_kept_whole_with_crlf_normalised(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_bytes(b"Date of the vote is not yet set.\r\nThe opposition called for a boycott.\r\n")
    (article,) = articles(path)
    assert article.text == "Date of the vote is not yet set.\nThe opposition called for a boycott.\n"
    assert article.date is None and article.date_source == "unknown"


def test_jsonl_reads_known_keys_metadata_and_line_numbers() -> None:
    out = articles(FIXTURES / "wire.jsonl")
    assert [a.line for a in out] == [1, 2, 3, 4]
    first, second, third, fourth = out
    assert first.id == "wire-001" and first.title == "Protesters gather outside parliament in Nairobi"
    assert first.url == "https://news.example.org/2023/10/09/nairobi-protest"
    assert first.source == "Example Wire"
    assert dict(first.metadata) == {"lang": "en", "section": "Africa"}
    assert second.id == "1002"  # numeric ids become strings
    assert second.date == dt.date(2023, 10, 10)  # RFC 2822, as written (not shifted to UTC)
    assert "\r" not in second.text and "Tuesday.\nThe statement" in second.text
    assert third.date == dt.date(2023, 10, 11) and third.date_source == "given"
    assert third.id.startswith("t-")  # no id or URL: its title (with source and date) identifies it
    # A dateline without a year and no year hint: left unknown rather than guessed.
    assert fourth.date is None and fourth.date_source == "unknown"


def test_jsonl_yearless_dateline_uses_default_date_as_reference() -> None:
    out = articles(FIXTURES / "wire.jsonl", default_date=dt.date(2025, 3, 5))
    assert out[3].date == dt.date(2025, 3, 3) and out[3].date_source == "dateline"
    assert out[0].date == dt.date(2023, 10, 9) and out[0].date_source == "given"


def test_default_date_used_when_nothing_else_dates_the_article(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Officials said the bridge reopened to traffic after repairs.", encoding="utf-8")
    (article,) = articles(path, default_date=dt.date(2024, 1, 31))
    assert article.date == dt.date(2024, 1, 31) and article.date_source == "default"


@pytest.mark.parametrize("name", ["reports.csv", "reports.tsv"])
def test_csv_and_tsv_rows(name: str) -> None:
    out = articles(FIXTURES / name)
    assert [a.line for a in out] == [2, 5, 6]  # the first row spans lines 2-4 (a quoted paragraph break)
    zamfara, doha, salvador = out
    assert zamfara.id == "csv-1" and zamfara.date == dt.date(2022, 7, 18)
    assert "said.\n\nResidents said" in zamfara.text
    assert zamfara.url == "https://news.example.org/zamfara"
    assert dict(zamfara.metadata) == {"lang": "en"}
    assert doha.date == dt.date(2022, 7, 19)  # "19/07/2022"
    assert doha.url is None  # empty cell = not given
    assert '"constructive, but slow"' in doha.text
    # Empty id cell: hashed id. Empty date cell: the wire dateline with its two-digit year.
    assert salvador.id == text_id(salvador.text)
    assert salvador.date == dt.date(1990, 1, 12) and salvador.date_source == "dateline"


def test_html_page_main_text_and_metadata() -> None:
    (article,) = articles(FIXTURES / "news-page.html")
    assert article.title == "Airstrike hits market in Idlib, killing 11"
    assert article.date == dt.date(2021, 3, 21) and article.date_source == "metadata"
    assert article.url == "https://herald.example.com/world/2021/03/21/idlib-market-strike"
    assert article.source == "Example Herald"
    assert "killing at least 11 civilians" in article.text
    assert "Moscow did not immediately comment." in article.text
    for boilerplate in ("Subscribe now", "Transfer window", "Cookie settings", "TRACKING PIXEL", "color: red"):
        assert boilerplate not in article.text


def test_rss_feed_one_article_per_item() -> None:
    tripoli, dhaka = articles(FIXTURES / "feed-rss.xml")
    assert tripoli.id == "monitor-2022-0827-01"  # the guid
    assert tripoli.source == "Example Monitor & Wire"
    assert tripoli.title == "Clashes erupt in Tripoli suburb"
    assert tripoli.date == dt.date(2022, 8, 27) and tripoli.date_source == "metadata"  # as written, not UTC
    assert tripoli.text.startswith("Armed groups loyal to rival governments clashed")  # content, not summary
    assert "<p>" not in tripoli.text and "FEED SCRIPT" not in tripoli.text
    assert "\n\nResidents reported heavy gunfire" in tripoli.text
    assert dhaka.id == "https://monitor.example.net/2022/08/28/dhaka-students"  # no guid: the link
    assert dhaka.text.startswith("Hundreds of students rallied") and "&lt;" not in dhaka.text
    assert [a.metadata["entry"] for a in (tripoli, dhaka)] == [1, 2]


def test_atom_feed_entries() -> None:
    ambush, curfew = articles(FIXTURES / "feed-atom.atom")
    assert ambush.id == "urn:example:field-notes:2020-06-11-ambush"
    assert ambush.date == dt.date(2020, 6, 11)  # published wins over updated
    assert ambush.url == "https://field.example.org/2020/06/11/ambush"
    assert ambush.text.startswith("Suspected jihadist fighters ambushed a convoy")
    assert curfew.date == dt.date(2020, 6, 12)  # only updated
    assert curfew.text.startswith("Authorities in Guinea lifted")
    assert ambush.source == "Example Field Notes"


def test_gz_is_read_by_its_inner_extension() -> None:
    plain = articles(FIXTURES / "wire.jsonl")
    zipped = articles(FIXTURES / "bulletin.jsonl.gz")
    assert [(a.id, a.text, a.date, a.line) for a in zipped] == [(a.id, a.text, a.date, a.line) for a in plain]


def test_gz_txt_and_feed(tmp_path: Path) -> None:
    for name in ("dated-report.txt", "feed-atom.atom"):
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress((FIXTURES / name).read_bytes()))
    out = articles(tmp_path)
    assert [a.origin.rsplit("/", 1)[-1] for a in out] == ["dated-report.txt.gz", "feed-atom.atom.gz",
                                                           "feed-atom.atom.gz"]
    assert out[0].date == dt.date(2024, 5, 14)


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "dated-report.txt", tmp_path / "b" / "deep" / "z.txt")
    shutil.copy(FIXTURES / "feed-rss.xml", tmp_path / "b" / "a.xml")
    shutil.copy(FIXTURES / "reports.csv", tmp_path / "a.csv")
    (tmp_path / ".hidden.txt").write_text("Hidden notes, not an article.", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Not an article either.", encoding="utf-8")
    out = articles(tmp_path)
    origins = [Path(a.origin).relative_to(tmp_path).as_posix() for a in out]
    assert origins == ["a.csv"] * 3 + ["b/a.xml"] * 2 + ["b/deep/z.txt"]
    assert [a.id for a in articles(tmp_path)] == [a.id for a in out]  # same order, same ids every time


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"\n  " + (FIXTURES / "wire.jsonl").read_bytes())
    out = articles("-")
    assert [a.id for a in out][:2] == ["wire-001", "1002"]
    assert {a.origin for a in out} == {"<stdin>"}
    assert [a.line for a in out] == [2, 3, 4, 5]  # the leading blank line counts


def test_stdin_plain_text_with_date_line(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (FIXTURES / "dated-report.txt").read_bytes())
    (article,) = articles("-")
    assert article.date == dt.date(2024, 5, 14)
    assert article.text.startswith("Residents of El Fasher")


def test_stdin_gzip(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (FIXTURES / "bulletin.jsonl.gz").read_bytes())
    assert len(articles("-")) == 4


def test_records_without_id_url_or_title_are_identified_by_their_normalised_text(tmp_path: Path) -> None:
    import json

    text = "Gunmen attacked a checkpoint near Kidal on Friday, the army said."
    texts = [text, "  " + text.replace(" ", "  \n") + "\n\n", text.replace("Friday", "Saturday")]
    (tmp_path / "r.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    a, b, c = articles(tmp_path / "r.jsonl")
    assert a.id == b.id != c.id
    # Pinned: the id is part of the store's identity of an article and must not drift between versions.
    assert a.id == "a-" + __import__("hashlib").sha1(text.encode()).hexdigest()[:16]
    assert text_id("Cafe\u0301 bombing") == text_id("Caf\u00e9 bombing")  # NFC before hashing


def test_given_ids_are_kept_short_ones_as_is(tmp_path: Path) -> None:
    long_guid = "https://news.example.org/" + "very-long-slug-" * 20
    path = tmp_path / "ids.jsonl"
    path.write_text(f'{{"id": " wire-7 ", "text": "A."}}\n{{"id": "{long_guid}", "text": "B."}}\n'
                    f'{{"id": "", "text": "C."}}\n{{"id": ["x"], "text": "D."}}\n', encoding="utf-8")
    short, long_, blank, odd = articles(path)
    assert short.id == "wire-7"
    assert long_.id.startswith("i-") and len(long_.id) == 18
    assert long_.id == articles(path)[1].id
    assert long_.metadata["given_id"] == long_guid
    assert blank.id == text_id("C.") and odd.id == text_id("D.")


def test_a_single_path_is_one_input() -> None:
    assert [a.id for a in read_inputs(str(FIXTURES / "wire.jsonl"))][:1] == ["wire-001"]  # type: ignore[arg-type]
    assert len(list(read_inputs(FIXTURES / "reports.csv"))) == 3  # type: ignore[arg-type]


def test_reading_is_lazy() -> None:
    stream = read_inputs([str(FIXTURES / "wire.jsonl"), "/no/such/file"])
    first = next(stream)
    assert isinstance(first, Article) and first.line == 1


def test_guardian_corpus_reads_completely(shared_dir: Path) -> None:
    out = articles(shared_dir / "data" / "corpus" / "guardian_syria.jsonl")
    assert len(out) == 249
    assert len({a.id for a in out}) == 249
    assert all(a.date_source == "given" and a.source == "The Guardian" for a in out)
