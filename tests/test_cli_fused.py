"""CLI of fused events (``events --fused``, ``export --fused``, ``stats``), ``--max-bytes``, rejection
lines, and the cost of the command itself (fast ``--help``, models loaded once per run)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections import Counter

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.model import EVENT_KEYS
from test_fuse_kharkiv import HERALD, WIRE, article


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def kharkiv_db(tmp_path_factory):
    """The two outlets' reports of the Kharkiv strike, through the real extractor and geoparser."""
    db = tmp_path_factory.mktemp("fused") / "k.db"
    result = invoke("ingest", str(HERALD), str(WIRE), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def test_the_kharkiv_strike_told_by_two_outlets_is_one_fused_event_with_two_sources(kharkiv_db):
    per_article = [json.loads(x) for x in invoke("events", "--db", str(kharkiv_db), "--format", "jsonl").stdout.splitlines()]
    fused = [json.loads(x) for x in
             invoke("events", "--db", str(kharkiv_db), "--format", "jsonl", "--fused").stdout.splitlines()]
    assert all(tuple(e) == EVENT_KEYS for e in per_article)
    assert all(tuple(e) == (*EVENT_KEYS, "sources") for e in fused)
    both = {article(HERALD).id, article(WIRE).id}
    (strike,) = [e for e in fused if {s["article_id"] for s in e["sources"]} == both]
    assert strike["location"] == "Kharkiv" and strike["sub_event_type"] == "Shelling/artillery/missile attack"
    assert strike["event_date"] == "2024-09-01" and strike["actor1"] == "Military Forces of Russia"
    assert {s["event_id"] for s in strike["sources"]} <= {e["event_id"] for e in per_article}
    assert len(fused) == len(per_article) - 1  # only that pair fuses
    assert all(set(s) == {"article_id", "event_id", "source", "url"} for s in strike["sources"])


def test_stats_counts_articles_article_events_and_fused_events(kharkiv_db):
    data = json.loads(invoke("stats", "--db", str(kharkiv_db), "--format", "json").stdout)
    assert data["articles"] == 2 and data["fused_events"] == data["events"] - 1
    text = invoke("stats", "--db", str(kharkiv_db)).stdout.splitlines()[0]
    n, fused = data["events"], data["fused_events"]
    assert text == (f"2 articles · {n} article-event{'s' * (n != 1)} · {fused} fused event{'s' * (fused != 1)} · "
                    "0 rejections")


def test_export_fused_as_csv_parquet_and_geojson(kharkiv_db, tmp_path):
    n = int(json.loads(invoke("stats", "--db", str(kharkiv_db), "--format", "json").stdout)["fused_events"])
    for fmt in ("csv", "parquet", "geojson"):
        result = invoke("export", str(tmp_path / f"f.{fmt}"), "--db", str(kharkiv_db), "--fused")
        assert result.exit_code == 0 and f"wrote {n} events" in result.stderr, result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text())))
    assert any(r["source"].count(";") == 1 for r in rows)  # ACLED-style: both sources in one cell
    table = pq.read_table(tmp_path / "f.parquet")
    assert table.column_names == [*EVENT_KEYS, "sources"]
    assert sorted(len(s) for s in table.column("sources").to_pylist())[-1] == 2
    features = json.loads((tmp_path / "f.geojson").read_text())["features"]
    assert any(len(f["properties"]["sources"]) == 2 for f in features)
    table_out = invoke("events", "--db", str(kharkiv_db), "--fused")
    assert "sources" in table_out.stdout


def test_max_bytes_rejects_larger_articles_in_extract_and_ingest(tmp_path):
    big = len(article(WIRE).text.encode())
    result = invoke("extract", str(WIRE), "--no-geo", "--max-bytes", str(big // 2))
    assert result.exit_code == 0 and result.stdout == "" and "too_large" in result.stderr
    assert len(invoke("extract", str(WIRE), "--no-geo", "--max-bytes", str(big * 2)).stdout.splitlines()) >= 1
    ingest = invoke("ingest", str(WIRE), "--db", str(tmp_path / "m.db"), "--no-geo", "--max-bytes", "100")
    assert ingest.exit_code == 1 and "too_large 1" in ingest.stdout
    assert invoke("extract", str(WIRE), "--max-bytes", "0").exit_code == 2


def test_a_rejection_names_its_file_once(tmp_path):
    bad = tmp_path / "dump.jsonl"
    bad.write_text('{"id": "x", "text": "ok text here about nothing"}\n{not json\n')
    result = invoke("extract", str(bad), "--no-geo")
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("rejected")]
    assert line.count("dump.jsonl") == 1 and "malformed_json" in line and "line 2" in line


def test_help_is_fast_and_imports_nothing_heavy():
    heavy = ("spacy", "sqlalchemy", "pyarrow", "rich", "dateparser", "trafilatura", "numpy", "thinc")
    probe = ("import sys, eventwire.cli; "
             f"print([m for m in sys.modules if m.split('.')[0] in {heavy!r}])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout
    timings = []
    for _ in range(3):  # best of three: the machine is shared
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "eventwire.cli", "--help"], capture_output=True, timeout=60, check=True)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 1.0, timings


def test_a_run_loads_the_spacy_model_and_the_gazetteer_once(tmp_path, monkeypatch):
    import spacy

    import eventwire.geo.geoparser as geoparser
    from eventwire.geo import load_geoparser
    from eventwire.nlp import load_nlp

    calls: Counter[str] = Counter()

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(spacy, "load", counting("spacy", spacy.load))
    monkeypatch.setattr(geoparser, "open_gazetteer", counting("gazetteer", geoparser.open_gazetteer))
    inputs = [str(HERALD), str(WIRE)]  # in two batches of one: a second batch must not load anything
    # (command, reload spaCy?, reload the gazetteer?) — a reload costs seconds, so each only where it counts.
    runs = ((["ingest", *inputs, "--db", str(tmp_path / "once.db"), "--batch-size", "1"], True, True),
            (["extract", *inputs, "--batch-size", "1", "--no-geo"], True, False),
            (["geoparse", *inputs], False, True))
    for command, nlp, geo in runs:
        if nlp:
            load_nlp.cache_clear()
        if geo:
            load_geoparser.cache_clear()
        calls.clear()
        result = invoke(*command)
        assert result.exit_code == 0, result.output
        assert calls["spacy"] == int(nlp) and calls["gazetteer"] == int(geo), (command[0], calls)
