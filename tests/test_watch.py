"""`eventwire watch` against a local feed server (http.server on 127.0.0.1) and a folder, on demo stories."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.config import Settings
from eventwire.geo.protocol import NullGeoparser
from eventwire.run.watch import Watcher, watch
from eventwire.store import open_store

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
EL_FASHER = (ARTICLES / "sudan-el-fasher-shelling-2024-06-16.txt").read_text().split("\n", 1)[1]
KHARKIV = (ARTICLES / "ukraine-kharkiv-missile-strike-2024-09-02.txt").read_text().split("\n", 1)[1]


def rss(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Sun, 16 Jun 2024 09:00:00 GMT</pubDate><description>{escape(text)}</description></item>"
        for title, link, text in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Darfur Desk</title>'
            f"{entries}</channel></rss>").encode()


class FeedServer:
    """A feed served with an ETag; ``publish`` replaces it; every request's headers are kept."""

    def __init__(self) -> None:
        self.body = b""
        self.status = 200
        self.use_etag = True  # else Last-Modified only
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append(dict(self.headers))
                etag = '"' + hashlib.sha1(server.body).hexdigest() + '"'
                modified = f"Sun, 16 Jun 2024 {len(server.body) % 24:02d}:00:00 GMT"
                if server.status != 200:
                    self.send_response(server.status)
                    self.end_headers()
                elif (self.headers.get("If-None-Match") == etag if server.use_etag
                      else self.headers.get("If-Modified-Since") == modified):
                    self.send_response(304)
                    self.end_headers()
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("ETag" if server.use_etag else "Last-Modified", etag if server.use_etag else modified)
                    self.send_header("Content-Length", str(len(server.body)))
                    self.end_headers()
                    self.wfile.write(server.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.xml"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def publish(self, items: list[tuple[str, str, str]]) -> None:
        self.body = rss(items)


@pytest.fixture()
def server():
    s = FeedServer()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def events(db: Path) -> list[dict]:
    out = invoke("events", "--db", str(db), "--format", "jsonl")
    return [json.loads(line) for line in out.stdout.splitlines()]


def articles(db: Path) -> list[dict]:
    out = invoke("articles", "--db", str(db), "--format", "jsonl")
    return [json.loads(line) for line in out.stdout.splitlines()]


STORY = "https://news.example/darfur/el-fasher-shelling"


def test_a_feed_is_polled_politely_and_an_updated_story_becomes_its_next_version(server, tmp_path):
    db = tmp_path / "w.db"
    server.publish([("Shelling kills five in El Fasher", STORY, EL_FASHER),
                    ("Missile strike on Kharkiv", "https://news.example/ukraine/kharkiv", KHARKIV)])
    first = invoke("watch", server.url, "--once", "--db", str(db), "--no-geo")
    assert first.exit_code == 0, first.output
    assert "feeds 1 fetched" in first.stdout and "2 ingested" in first.stdout
    (fasher,) = [e for e in events(db) if e["article_id"] == STORY]
    assert fasher["fatalities"] == 5
    # unchanged: the server is asked "changed since?" and answers 304
    second = invoke("watch", server.url, "--once", "--db", str(db), "--no-geo")
    assert "1 unchanged" in second.stdout and "nothing new" in second.stdout
    assert server.requests[-1].get("If-None-Match", "").startswith('"')
    assert "eventwire/" in server.requests[-1]["User-Agent"]
    # the story is updated under the same link: the next version of the same article
    server.publish([("Shelling kills seven in El Fasher", STORY,
                     EL_FASHER.replace("killing five people", "killing seven people")),
                    ("Missile strike on Kharkiv", "https://news.example/ukraine/kharkiv", KHARKIV)])
    third = invoke("watch", server.url, "--once", "--db", str(db), "--no-geo")
    assert "1 ingested, 1 unchanged" in third.stdout, third.output
    (story,) = [a for a in articles(db) if a["id"] == STORY]
    assert story["version"] == 2 and len(articles(db)) == 2
    (fasher,) = [e for e in events(db) if e["article_id"] == STORY]
    assert fasher["fatalities"] == 7


def test_last_modified_alone_is_honoured_too(server, tmp_path):
    db = tmp_path / "lm.db"
    server.use_etag = False
    server.publish([("Shelling kills five in El Fasher", STORY, EL_FASHER)])
    assert "feeds 1 fetched" in invoke("watch", server.url, "--once", "--db", str(db), "--no-geo").stdout
    again = invoke("watch", server.url, "--once", "--db", str(db), "--no-geo")
    assert "1 unchanged" in again.stdout and server.requests[-1].get("If-Modified-Since", "").endswith("GMT")
    assert "If-None-Match" not in server.requests[-1]


def test_a_failing_or_oversized_feed_is_recorded_and_the_rest_goes_on(server, tmp_path):
    db = tmp_path / "f.db"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ARTICLES / "mali-ansongo-roadside-bomb-2024-03-12.txt", folder)
    server.status = 500
    result = invoke("watch", server.url, str(folder), "--once", "--db", str(db), "--no-geo")
    assert result.exit_code == 0, result.output
    assert "1 failed" in result.stdout and "HTTP 500" in result.stderr and "1 ingested" in result.stdout
    rejected = invoke("articles", "--rejected", "--db", str(db), "--format", "jsonl").stdout
    assert server.url in rejected and "HTTP 500" in rejected
    server.status = 200
    server.publish([("Shelling kills five in El Fasher", STORY, EL_FASHER)])
    capped = invoke("watch", server.url, "--once", "--db", str(db), "--no-geo", "--max-bytes", "40")
    assert "too_large" in invoke("articles", "--rejected", "--db", str(db), "--format", "jsonl").stdout, capped.output


def test_a_folder_pass_reads_only_new_and_changed_files_and_a_restart_loses_nothing(tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    for name in ("mali-ansongo-roadside-bomb-2024-03-12.txt", "yemen-taiz-clash-2024-04-29.txt"):
        shutil.copy(ARTICLES / name, folder)
    settings = Settings()
    with open_store(str(tmp_path / "d.db")) as store:
        watcher = Watcher(targets=[str(folder)], store=store, settings=settings, geoparser=NullGeoparser())
        first = watcher.poll()
        assert (first.files, first.run.ingested if first.run else 0) == (2, 2)
        assert watcher.poll().run is None  # nothing changed: nothing read
        shutil.copy(ARTICLES / "somalia-beledweyne-grenade-2024-04-03.txt", folder)
        third = watcher.poll()
        assert third.files == 1 and third.run is not None and third.run.ingested == 1
        # a crash in the middle of a pass remembers nothing of it ...
        shutil.copy(ARTICLES / "drc-beni-village-attack-2024-09-10.txt", folder)
        broken = Watcher(targets=[str(folder)], store=store, settings=settings, geoparser=_Exploding())
        with pytest.raises(RuntimeError):
            broken.poll()
        # ... so the next session reads everything again, and the store keeps each article once
        again = Watcher(targets=[str(folder)], store=store, settings=settings, geoparser=NullGeoparser()).poll()
        assert again.files == 4 and again.run is not None
        assert (again.run.ingested, again.run.unchanged) == (1, 3)


class _Exploding(NullGeoparser):
    """A geoparser that fails, as a crash in the middle of extraction would."""

    def parse(self, text: str) -> list:
        raise RuntimeError("power cut")


def test_watch_loop_stops_when_asked(tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    with open_store(str(tmp_path / "s.db")) as store:
        watcher = Watcher(targets=[str(folder)], store=store, settings=Settings(), geoparser=NullGeoparser())
        stop = threading.Event()
        seen: list[int] = []

        def on_pass(summary) -> None:
            seen.append(summary.number)
            if summary.number == 3:
                stop.set()

        assert watch(watcher, interval=0.01, once=False, stop=stop, on_pass=on_pass) == 3
    assert seen == [1, 2, 3]


def test_sigterm_stops_the_command_cleanly(tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(ARTICLES / "yemen-taiz-clash-2024-04-29.txt", folder)
    db = tmp_path / "sig.db"
    command = [sys.executable, "-m", "eventwire.cli", "watch", str(folder), "--interval", "1", "--no-geo",
               "--db", str(db)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert "pass 1" in line and "1 ingested" in line
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "SIGTERM" in err and "stopped after" in err
    assert len(events(db)) == 1


@pytest.mark.slow
def test_sigkill_mid_pass_then_restart_loses_nothing_and_duplicates_nothing(server, tmp_path):
    from test_run_ingest import TEMPLATES, TOWNS, _wait_for, counts

    items = [(f"Report {i}", f"https://wire.example/{i:04d}",
              f"Report {i}. " + TEMPLATES[i % len(TEMPLATES)].format(group="Gunmen", town=TOWNS[i % len(TOWNS)],
                                                                    n=2 + i % 9)) for i in range(300)]
    server.publish(items)
    db = tmp_path / "k.db"
    open_store(str(db)).close()
    command = [sys.executable, "-m", "eventwire.cli", "watch", server.url, "--once", "--no-geo",
               "--batch-size", "10", "--db", str(db)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: counts(db)["articles"] >= 30, proc)
    assert proc.poll() is None, "the pass finished before it could be killed; enlarge the feed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed = counts(db)["articles"]
    assert 30 <= killed < 300 and killed % 10 == 0  # whole batches only
    # the feed's ETag was not saved (its pass never finished): the restart fetches it in full
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"read 300: {300 - killed} ingested, {killed} unchanged" in resumed.stdout
    final = counts(db)
    assert final["articles"] == final["distinct_articles"] == 300
    assert final["evidence"] == final["distinct_evidence"] and final["event_sources"] == final["events"]
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert "1 unchanged" in again.stdout and "nothing new" in again.stdout
