"""Dataset loaders and kind detection: on our own fixtures, and (gate) on the public gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import DatasetError
from eventwire.evaluate import datasets as d

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"


def test_gwn_loads_200_docs_with_typed_toponyms(shared_dir):
    docs = d.load_geoparse(shared_dir / "data/geoparse/gwn.jsonl")
    assert len(docs) == 200
    tops = [t for doc in docs for t in doc.toponyms]
    assert len(tops) == 2601
    assert {t.type for t in tops} >= {"Literal", "Mixed", "Metonymic"}
    literal = [t for t in tops if t.literal]
    assert 0 < len(literal) < len(tops)
    # offsets point at the toponym's text
    doc = docs[0]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.toponyms)


def test_lgl_loads_588_docs_untyped(shared_dir):
    docs = d.load_geoparse(shared_dir / "data/geoparse/lgl.jsonl")
    assert len(docs) == 588
    first = docs[0].toponyms[0]
    assert first.type is None and first.literal
    assert (first.latitude, first.longitude, first.geonameid) == (31.3113, -92.4451, "4314550")


def test_case_loads_509_snippets_mapped_to_acled(shared_dir):
    items = d.load_case(shared_dir / "data/events/case2021_dev.jsonl")
    assert len(items) == 509
    by_id = {i.id: i for i in items}
    assert by_id["case-1"].sub_event_type == "Air/drone strike"
    non = [i for i in items if i.sub_event_type == d.NONE_LABEL]
    assert {i.label for i in non} == {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB"}
    assert len(non) == 23 + 18 + 16 + 15 + 13


def test_tempeval_loads_timexes(shared_dir):
    docs = d.load_tempeval(shared_dir / "data/time/tempeval3_train.jsonl", limit=3)
    assert len(docs) == 3 and docs[0].date == "1998-08-07"
    assert docs[0].timexes[0].value == "1998-08-07"


def test_detect_kind_of_each_fixture():
    assert d.detect_kind(FIXTURES / "geoparse_slice.jsonl") == "geoparse"
    assert d.detect_kind(FIXTURES / "case_slice.jsonl") == "case"
    assert d.detect_kind(FIXTURES / "time_slice.jsonl") == "time"


def test_fixtures_load_with_offsets_on_their_text():
    [doc, _] = d.load_geoparse(FIXTURES / "geoparse_slice.jsonl")
    assert all(doc.text[t.start:t.end] == t.text for t in doc.toponyms)
    assert {t.literal for t in doc.toponyms} == {True, False}
    assert {i.sub_event_type for i in d.load_case(FIXTURES / "case_slice.jsonl")} >= {"Air/drone strike", d.NONE_LABEL}
    assert d.load_tempeval(FIXTURES / "time_slice.jsonl", limit=1)[0].timexes[0].value == "2001-05-10"


def test_detect_kind_of_each_shared_file(shared_dir):
    assert d.detect_kind(shared_dir / "data/geoparse/gwn.jsonl") == "geoparse"
    assert d.detect_kind(shared_dir / "data/events/case2021_dev.jsonl") == "case"
    assert d.detect_kind(shared_dir / "data/time/tempeval3_train.jsonl") == "time"


def test_golden_folder_and_file(tmp_path):
    line = {"file": "a.txt", "article_id": None, "events": [{"event_date": "2024-01-02"}], "comment": "x"}
    (tmp_path / "golden.jsonl").write_text(json.dumps(line) + "\n")
    assert d.detect_kind(tmp_path) == "golden"
    assert d.detect_kind(tmp_path / "golden.jsonl") == "golden"
    [g] = d.load_golden(tmp_path)
    assert g.file == "a.txt" and g.events[0]["event_date"] == "2024-01-02"


def test_malformed_dataset_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "x", "label": "AIR_STRIKE"}\n{oops\n')
    with pytest.raises(DatasetError, match=r"bad.jsonl:2"):
        d.load_case(bad)
    with pytest.raises(DatasetError, match="cannot tell the dataset kind"):
        (tmp_path / "odd.jsonl").write_text('{"foo": 1}\n')
        d.detect_kind(tmp_path / "odd.jsonl")


def test_sha256_is_stable(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"abc")
    assert d.sha256_file(f) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
