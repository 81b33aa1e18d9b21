"""`make test` needs only the repository; `make gate` names each public dataset it needs and where from."""

from __future__ import annotations

import re
from pathlib import Path

from eventwire.evaluate.sources import PUBLIC_DATASETS, dataset_for, main, missing_message

REPO = Path(__file__).resolve().parents[1]


def test_missing_message_names_each_dataset_its_source_and_how_to_get_it(tmp_path: Path) -> None:
    message = missing_message(tmp_path)
    for d in PUBLIC_DATASETS:
        assert d.name in message and d.source in message and d.obtain in message
        assert re.search(r"https://|LDC", d.source), d.name
    assert "../shared" not in message


def test_check_exits_1_until_every_dataset_is_there(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path)]) == 1
    assert "GeoWebNews" in capsys.readouterr().err
    for d in PUBLIC_DATASETS:
        (tmp_path / "data" / d.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "data" / d.path).write_text("{}\n")
    assert main([str(tmp_path)]) == 0


def test_every_gated_baseline_file_is_catalogued() -> None:
    import json

    baseline = json.loads((REPO / "tests" / "quality_baseline.json").read_text())["datasets"]
    shared = [spec["path"] for spec in baseline.values() if spec["root"] == "shared"]
    assert shared and all(dataset_for(p) is not None for p in shared)


def test_make_test_leaves_the_gate_out_and_ci_runs_both() -> None:
    makefile = (REPO / "Makefile").read_text()
    test_recipe = makefile.split("\ntest:")[1].split("\n\n")[0]
    gate_recipe = makefile.split("\ngate:")[1].split("\n\n")[0]
    assert '-m "not gate"' in test_recipe and "-m gate" in gate_recipe
    ci = (REPO / ".ci" / "run").read_text()
    assert ci.index("\nmake test\n") < ci.index("\nmake gate\n")
