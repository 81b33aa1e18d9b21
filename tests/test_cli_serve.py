"""`eventwire serve` and `eventwire articles show`: the real command on a real port, and evidence marked in text."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner

from eventwire.api.records import Span, mark_spans
from eventwire.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def kharkiv_article(db) -> str:
    """The Demo Wire Service report of the Kharkiv strike."""
    rows = [json.loads(x) for x in invoke("articles", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    return next(r["id"] for r in rows if r["origin"].endswith("ukraine-kharkiv-missile-strike-2024-09-02.txt"))


def test_articles_show_prints_the_text_with_every_span_marked(served_db):
    article = kharkiv_article(served_db)
    result = invoke("articles", "show", article, "--db", str(served_db))
    assert result.exit_code == 0, result.output
    assert "⟦Kharkiv⟧{location}" in result.output and "⟦yesterday⟧{event_date}" in result.output
    assert "⟦missile⟧{weapons}" in result.output
    record = json.loads(invoke("articles", "show", article, "--db", str(served_db), "--format", "json").stdout)
    unmarked = result.output.split("\n\n", 1)[1].rsplit("\nspans:", 1)[0]
    for s in record["spans"]:
        assert record["text"][s["start"]:s["end"]] == s["text"]
        assert f"{s['start']:>6}-{s['end']:<6} {s['field']:<16} {s['text']!r}" in result.output
    assert len(unmarked) > len(record["text"])


def test_articles_show_unknown_id_says_where_ids_come_from(served_db):
    result = invoke("articles", "show", "a-nope", "--db", str(served_db))
    assert result.exit_code == 1 and "no article with id 'a-nope'" in result.output and "eventwire articles" in result.output


def test_articles_still_lists_and_lists_rejections(served_db):
    listed = invoke("articles", "--db", str(served_db), "--format", "jsonl")
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == 37  # 36 demo articles + the hostile one
    assert invoke("articles", "--db", str(served_db), "--rejected").exit_code == 0


def test_mark_spans_nests_and_shares_marks():
    text = "Russian missiles hit Kharkiv."
    spans = [Span(event_id="e", start=0, end=16, text="Russian missiles", field="sub_event_type", rule=None),
             Span(event_id="e", start=0, end=7, text="Russian", field="actor1", rule=None),
             Span(event_id="e", start=21, end=28, text="Kharkiv", field="location", rule=None),
             Span(event_id="e", start=21, end=28, text="Kharkiv", field="admin2", rule=None)]
    assert mark_spans(text, spans) == "⟦⟦Russian⟧{actor1} missiles⟧{sub_event_type} hit ⟦Kharkiv⟧{location,admin2}."


def test_serve_without_the_extra_says_what_to_install(monkeypatch, served_db):
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if the [serve] extra were not installed
    result = invoke("serve", "--db", str(served_db))
    assert result.exit_code == 1 and "pip install 'eventwire[serve]'" in result.output


def test_serve_refuses_a_database_that_does_not_exist(tmp_path):
    result = invoke("serve", "--db", str(tmp_path / "typo.db"))
    assert result.exit_code == 1 and "typo.db" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_127_0_0_1_by_default(served_db):
    pytest.importorskip("uvicorn")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "EVENTWIRE_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(served_db), "--port", str(port)],
                            env=env, stderr=subprocess.PIPE, text=True)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/stats", timeout=2) as response:
                    body = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None and body["events"] > 30
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/ingest", data=b'{"records": [{"text": "x"}]}',
                                         headers={"Content-Type": "application/json"}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert f"on http://127.0.0.1:{port}/" in err and "EVENTWIRE_TOKEN is not set" in err
