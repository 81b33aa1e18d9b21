"""`eventwire eval` through click's CliRunner on small files of our own in each dataset's format."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eventwire.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"


def test_eval_case_slice_prints_metric_names():
    path = str(FIXTURES / "case_slice.jsonl")
    result = CliRunner().invoke(main, ["eval", path, "--limit", "8", "--errors", "2"])
    assert result.exit_code == 0, result.output
    for name in ("sub_event_accuracy", "macro_f1", "event_type_accuracy", "nonevent_rejected",
                 "Top confusions", "Per sub-event type"):
        assert name in result.output
    assert "[case, 8 items" in result.output


def test_eval_geoparse_slice_prints_subsets():
    path = str(FIXTURES / "geoparse_slice.jsonl")
    result = CliRunner().invoke(main, ["eval", path, "--limit", "2"])
    assert result.exit_code == 0, result.output
    for name in ("all_f1", "literal_acc161", "nonliteral_recall", "all_auc", "all_median_km"):
        assert name in result.output


def test_eval_json_and_markdown_report(tmp_path):
    path = str(FIXTURES / "time_slice.jsonl")
    report = tmp_path / "out.md"
    result = CliRunner().invoke(main, ["eval", path, "--limit", "5", "--json", "--errors", "1",
                                       "--report", str(report)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    [res] = payload["results"]
    assert res["kind"] == "time" and res["n_items"] == 5
    assert "date_value_accuracy" in res["metrics"] or res["notes"][0].startswith("skipped")
    assert report.read_text().startswith("# eventwire evaluation")


def test_eval_unknown_dataset_is_a_clean_error(tmp_path):
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"foo": 1}\n')
    result = CliRunner().invoke(main, ["eval", str(odd)])
    assert result.exit_code == 1
    assert "cannot tell the dataset kind" in result.output
    assert "Traceback" not in result.output
