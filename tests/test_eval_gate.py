"""The gate's own logic and its baseline file (fast: no pipeline run)."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.evaluate.gate import GateEntry, check_bounds, data_digest, load_baseline

REPO = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).with_name("quality_baseline.json")


def test_baseline_is_documented_and_pins_every_dataset():
    raw = json.loads(BASELINE.read_text())
    assert "floors only go up" in raw["comment"].lower()
    entries = load_baseline(BASELINE)
    assert {e.name for e in entries} >= {"case", "gwn", "lgl", "demo"}
    for e in entries:
        assert len(e.sha256) == 64 and (e.floors or e.ceilings), e.name


def test_pinned_data_is_unchanged(shared_dir):
    for e in load_baseline(BASELINE):
        path = (shared_dir if e.root == "shared" else REPO) / e.path
        assert data_digest(path) == e.sha256, f"{e.name}: {path} changed; re-measure and update {BASELINE.name}"


def test_check_bounds_reports_floor_and_ceiling_breaches():
    entry = GateEntry(name="x", root="repo", path="p", sha256="0" * 64,
                      floors={"f1": 0.5, "acc": 0.2}, ceilings={"auc": 0.3})
    assert check_bounds({"f1": 0.5, "acc": 0.9, "auc": 0.3}, entry) == []
    failures = check_bounds({"f1": 0.49, "auc": 0.31}, entry)
    assert len(failures) == 3
    assert any("f1 = 0.49 is below its floor 0.5" in f for f in failures)
    assert any("acc = None" in f for f in failures)
    assert any("above its ceiling" in f for f in failures)


def test_folder_digest_changes_when_a_file_changes(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    before = data_digest(tmp_path)
    (tmp_path / "a.txt").write_text("two")
    assert data_digest(tmp_path) != before
