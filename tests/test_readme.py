"""The README is part of the product: its commands exist and its Python example runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
MAKEFILE = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, flags=re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def test_quick_start_is_exactly_two_make_commands_that_exist() -> None:
    block = re.search(r"```sh\n(.*?)```", _section("Quick start"), flags=re.S)
    assert block
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    for target in ("demo", "test"):
        assert re.search(rf"^{target}:", MAKEFILE, flags=re.M), f"Makefile lacks the {target} target"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented(name: str) -> None:
    assert f"eventwire {name}" in _section("Commands")


@pytest.mark.slow
def test_python_api_example_runs_as_written() -> None:
    block = re.search(r"```python\n(.*?)```", _section("Python API"), flags=re.S)
    assert block
    code = block.group(1).replace('open_store("eventwire.db")', "open_store(':memory:')")
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README, not input
    events = namespace["events"]
    assert [(e.sub_event_type, e.event_date, e.fatalities) for e in events] == [("Attack", "2024-09-10", 5)]


def test_example_paths_exist_in_a_fresh_clone() -> None:
    repo = Path(__file__).resolve().parents[1]
    paths = re.findall(r"\$ eventwire (?:extract|ingest|geoparse) (\S+)", README)
    assert paths, "the README shows no extract example"
    for path in paths:
        if not path.startswith(("bad-inputs", "-")):  # an illustration of rejections, not a shipped folder
            assert (repo / path).exists(), f"README example input {path} is not in the repository"


def test_accuracy_names_each_public_dataset_its_source_and_not_a_sibling_folder() -> None:
    from eventwire.evaluate.sources import PUBLIC_DATASETS

    accuracy = _section("Accuracy and speed")
    assert "../shared" not in accuracy
    for dataset in PUBLIC_DATASETS:
        assert dataset.path in accuracy, dataset.name
        repo = re.search(r"github\.com/[\w.-]+/[\w.-]+", dataset.source)
        assert (repo.group(0) if repo else "LDC") in accuracy, dataset.name
