"""Publication dates: given values in many formats, and wire datelines in the text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwire.ingest import read_inputs
from eventwire.ingest.dates import dateline_date, parse_date, reference_hint
from eventwire.model import Article

D = dt.date


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-04-10", D(2019, 4, 10)),
    ("1998-12-05T09:42", D(1998, 12, 5)),
    ("2024-03-26T23:30:00-05:00", D(2024, 3, 26)),  # the date as written, not in UTC
    ("2024-03-26T23:30:00Z", D(2024, 3, 26)),
    ("Tue, 26 Mar 2024 23:30:00 +0100", D(2024, 3, 26)),
    ("10 April 2019", D(2019, 4, 10)),
    ("April 10, 2019", D(2019, 4, 10)),
    ("19/07/2022", D(2022, 7, 19)),
    (dt.datetime(2020, 1, 2, 3, 4), D(2020, 1, 2)),
    (D(2020, 1, 2), D(2020, 1, 2)),
])
def test_parse_date_reads_common_formats(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["", "  ", "yesterday", "last Monday", "April", "n/a", None, 20240326,
                                   "2019", "The ceasefire was agreed in 2019 after long talks"])
def test_parse_date_refuses_to_guess(value: object) -> None:
    assert parse_date(value) is None


def test_fbis_dateline_with_two_digit_year() -> None:
    text = "SAN SALVADOR, 12 JAN 90 (RADIO VENCEREMOS) -- [Text] The FMLN General Command reported..."
    assert dateline_date(text) == D(1990, 1, 12)


def test_reuters_dateline_without_year_needs_a_reference() -> None:
    text = "KYIV, March 3 (Reuters) - Russia launched a wave of drones at Ukraine overnight, officials said."
    assert dateline_date(text) is None
    assert dateline_date(text, reference=D(2025, 3, 4)) == D(2025, 3, 3)
    # A report about March 3 filed in January is from the previous year.
    assert dateline_date(text, reference=D(2025, 1, 10)) == D(2024, 3, 3)
    assert dateline_date(text, year=2022) == D(2022, 3, 3)


@pytest.mark.parametrize(("text", "expected"), [
    ("WASHINGTON, Jan. 5, 2024 (AFP) - The Pentagon said...", D(2024, 1, 5)),
    ("Port-au-Prince, Haiti, 14 June 2023 — Gangs blocked the main road...", D(2023, 6, 14)),
    ("Rebels seize town\n\nGOMA, Congo, Feb 7, 2024 (Example) - M23 rebels took...", D(2024, 2, 7)),
    ("NEW YORK, Sept 9, 2021 /PRNewswire/ - A statement...", D(2021, 9, 9)),
    ("DAR ES SALAAM, Tanzania, 7 Aug 98 (AP) _ A bomb exploded...", D(1998, 8, 7)),
    ("Dar es Salaam, 7 August 1998 - A bomb exploded...", D(1998, 8, 7)),
    ("BOGOTÁ, 2 de mayo -- no: Spanish month", None),
    ("BOGOTÁ, Colombia, May 2, 2019 (Reuters) - Police detained...", D(2019, 5, 2)),
])
def test_other_dateline_shapes(text: str, expected: dt.date | None) -> None:
    assert dateline_date(text) == expected


@pytest.mark.parametrize("text", [
    "BEIRUT, Lebanon (AP) — An Israeli strike hit a building in southern Beirut on Monday, officials said.",
    "WASHINGTON (AP) --\n\nPreliminary DNA tests link a missing activist...",
    "The strike on March 3 killed four people, the ministry said.",
    "Talks in Geneva, March 3 - officials said nothing.",  # not at a line start with a capitalised place
])
def test_not_a_dated_dateline(text: str) -> None:
    assert dateline_date(text, year=2024) is None


def test_dateline_far_into_the_text_is_ignored() -> None:
    text = "x " * 400 + "\nKYIV, 3 March 2022 (Reuters) - ..."
    assert dateline_date(text) is None


def test_reference_hint_from_file_name_and_url() -> None:
    assert reference_hint(origin="/data/iraq-drone-claims-2024-03-26.txt") == (D(2024, 3, 26), 2024)
    assert reference_hint(origin="a.txt", url="https://x.example/2019/world/story") == (None, 2019)
    assert reference_hint(origin="a.txt", url="https://x.example/2019/04/10/story") == (D(2019, 4, 10), 2019)
    assert reference_hint(origin="a.txt", default=D(2020, 5, 1)) == (D(2020, 5, 1), 2020)
    assert reference_hint(origin="report-17.txt") == (None, None)


def test_reference_hint_from_a_wire_id() -> None:
    assert reference_hint(given_id="XIE19980808.0031") == (D(1998, 8, 8), 1998)
    assert reference_hint(given_id="guardian-17") == (None, None)


def test_tempeval_wire_datelines_match_the_documented_dates(shared_dir: Path, tmp_path: Path) -> None:
    """Real 1998-99 wires: drop the given date and let the dateline (year from the wire id) date them."""
    source = shared_dir / "data" / "time" / "tempeval3_train.jsonl"
    truth: dict[str, dt.date] = {}
    with source.open(encoding="utf-8") as fin, (tmp_path / "undated.jsonl").open("w", encoding="utf-8") as out:
        for line in fin:
            record = json.loads(line)
            truth[record["id"]] = dt.date.fromisoformat(record["date"][:10])
            out.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
    dated = [a for a in read_inputs([str(tmp_path / "undated.jsonl")]) if isinstance(a, Article) and a.date]
    assert len(dated) >= 14  # every Xinhua "CITY, Month D (Xinhua) --" dateline
    assert all(a.date_source == "dateline" for a in dated)
    # A wire is filed on its dateline's day or the next one; never any further off.
    assert all(0 <= (truth[a.id] - a.date).days <= 1 for a in dated), [(a.id, a.date) for a in dated]


def test_dateline_date_span_is_where_the_filing_day_is_written() -> None:
    from eventwire.ingest.dates import dateline_date_span

    text = "YANGON, May 20 (Reuters) - A military airstrike killed 23 civilians on Sunday."
    span = dateline_date_span(text)
    assert span is not None and text[span[0]:span[1]] == "May 20"
    wire = "SAN SALVADOR, 12 JAN 90 (RADIO VENCEREMOS) -- Rebels attacked a garrison."
    span = dateline_date_span(wire)
    assert span is not None and wire[span[0]:span[1]] == "12 JAN 90"
    assert dateline_date_span("A military airstrike on May 20 killed 23 civilians.") is None
