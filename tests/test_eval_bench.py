"""`eventwire bench`: the pure parts on hand-made records, and one short real run (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.evaluate.bench import (
    BenchResult,
    Checkpoint,
    RunStats,
    peak_rss_mb,
    repeated,
    rss_mb,
    summary_rows,
)
from eventwire.model import Article


def test_repeated_cycles_with_distinct_ids_lazily():
    base = [Article(id="a", text="One."), Article(id="b", text="Two.")]
    out = list(repeated(base, 5))
    assert [a.id for a in out] == ["a", "b", "a~r1", "b~r1", "a~r2"]
    assert [a.text for a in out] == ["One.", "Two.", "One.", "Two.", "One."]


def test_memory_probes_are_positive():
    assert 0 < rss_mb() <= peak_rss_mb() + 1


def test_ratio_and_summary_use_the_fastest_run():
    slow = RunStats(docs=100, words=10_000, events=7, seconds=10.0, stages={"nlp": 6.0, "extract": 4.0})
    fast = RunStats(docs=100, words=10_000, events=7, seconds=5.0, stages={"nlp": 3.0, "extract": 2.0},
                    checkpoints=(Checkpoint(docs=100, seconds=5.0, rss_mb=300.0),))
    result = BenchResult(corpus=("c",), runs=(slow, fast), bare_seconds=2.5, bare_docs=100, peak_rss_mb=400.0)
    assert result.best is fast
    assert result.ratio == pytest.approx(0.5)  # 20 docs/s against bare 40 docs/s
    rows = dict(summary_rows(result))
    assert rows["documents/s"] == "20.0" and rows["ours / bare spaCy"] == "0.50"
    assert rows["  stage nlp"].startswith("3.00 s (60%)")
    assert result.to_dict()["checkpoints"] == [{"docs": 100, "seconds": 5.0, "rss_mb": 300.0}]


@pytest.mark.slow
def test_bench_cli_on_a_few_articles():
    path = str(Path(__file__).resolve().parents[1] / "examples" / "articles")
    result = CliRunner().invoke(main, ["bench", path, "--limit", "4", "--repeat-to", "8", "--every", "4", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["docs"] == 8 and payload["docs_per_s"] > 0 and payload["bare_spacy_docs_per_s"] > 0
    assert set(payload["stages"]) >= {"reading", "nlp", "extract", "geo", "store"}
    assert [c["docs"] for c in payload["checkpoints"]] == [4, 8]


def test_a_timed_block_inside_one_of_the_same_key_is_counted_once() -> None:
    """The article's places are parsed under "geo" inside the event-location block, also "geo": the
    seconds must be counted once, or the geo stage reads about twice its time."""
    import time

    from eventwire.extract.propose import timed

    timings: dict[str, float] = {}
    with timed(timings, "geo"):
        with timed(timings, "geo"):
            time.sleep(0.1)
        with timed(timings, "nlp"):
            time.sleep(0.02)
    assert 0.12 <= timings["geo"] < 0.2  # counted twice it would be 0.22
    assert 0.02 <= timings["nlp"] < 0.08
