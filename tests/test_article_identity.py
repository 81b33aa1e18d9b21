"""An article is who it is (URL, else source + title + date, else its file), not its text: a corrected
text is the article's next version, replacing its events and its place among a fused event's sources."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.ingest import read_inputs

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
TXT = "ukraine-kharkiv-missile-strike-2024-09-02.txt"
HTML = "kharkiv-missile-strike-eastern-herald-2024-09-01.html"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def jsonl(*args: str) -> list[dict]:
    return [json.loads(line) for line in run(*args).stdout.splitlines()]


def test_identity_rests_on_url_then_title_then_file_then_text() -> None:
    from eventwire.ingest.ids import article_identity, normalise_url

    assert article_identity(text="x", given="wire-7")[1] == "given"
    by_url = article_identity(text="one", url="https://Example.com/a/#top", title="T")
    assert by_url == article_identity(text="two", url="https://example.com/a")
    assert by_url[0].startswith("u-")
    by_title = article_identity(text="one", title="Strike in Kharkiv", source="Wire")
    assert by_title[0].startswith("t-") and by_title == article_identity(text="two", title="Strike in  Kharkiv",
                                                                         source="Wire")
    assert by_title != article_identity(text="one", title="Strike in Kharkiv", source="Post")
    assert article_identity(text="one", file="a.txt") == article_identity(text="two", file="./a.txt")
    assert article_identity(text="one")[1] == "text"
    assert normalise_url("HTTPS://News.example.org/x/?id=3#c") == "https://news.example.org/x?id=3"


def test_an_edited_file_keeps_its_id(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Gunmen killed five villagers in Beni on Tuesday.", encoding="utf-8")
    (before,) = read_inputs([str(path)])
    path.write_text("Gunmen killed nine villagers in Beni on Tuesday.", encoding="utf-8")
    (after,) = read_inputs([str(path)])
    assert before.id == after.id and before.text != after.text


def test_a_corrected_txt_is_the_next_version_and_replaces_its_events(tmp_path: Path) -> None:
    path = tmp_path / "beni.txt"
    report = "date 2024-09-12\n\nGunmen killed {} villagers in an attack near Beni on Tuesday, officials said.\n"
    db = str(tmp_path / "e.db")
    path.write_text(report.format(5), encoding="utf-8")
    run("ingest", str(path), "--db", db, "--no-geo")
    path.write_text(report.format(9), encoding="utf-8")
    second = run("ingest", str(path), "--db", db, "--no-geo")
    assert "1 ingested, 0 unchanged" in second.stdout
    articles = jsonl("articles", "--db", db, "--format", "jsonl")
    assert [(a["version"], a["events"]) for a in articles] == [(2, 1)]
    assert [e["fatalities"] for e in jsonl("events", "--db", db, "--format", "jsonl")] == [9]


def test_a_resaved_page_with_the_same_url_is_the_same_article(tmp_path: Path) -> None:
    page = (Path(__file__).resolve().parent / "fixtures" / "ingest" / "news-page.html").read_text(encoding="utf-8")
    first, second = tmp_path / "idlib.html", tmp_path / "idlib-corrected.html"
    first.write_text(page, encoding="utf-8")
    # saved again under another name, the toll corrected in the body (the headline unchanged)
    second.write_text(page.replace("killing at least 11 civilians", "killing at least 14 civilians"),
                      encoding="utf-8")
    (one,), (two,) = read_inputs([str(first)]), read_inputs([str(second)])
    assert one.url and one.id == two.id and one.text != two.text


@pytest.fixture()
def kharkiv(tmp_path: Path) -> tuple[Path, str]:
    """The two outlets' reports of the Kharkiv strike, ingested with the gazetteer (they fuse)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in (TXT, HTML):
        shutil.copy(ARTICLES / name, inputs / name)
    db = str(tmp_path / "e.db")
    run("ingest", str(inputs), "--db", db)
    return inputs, db


def _kharkiv_sources(db: str) -> list[dict]:
    fused = jsonl("events", "--db", db, "--fused", "--near", "49.99,36.23,30", "--format", "jsonl")
    assert len(fused) == 1
    return fused[0]["sources"]


def test_a_corrected_report_never_counts_its_outlet_twice(kharkiv: tuple[Path, str]) -> None:
    inputs, db = kharkiv
    before = _kharkiv_sources(db)
    assert len(before) == 2
    path = inputs / TXT
    path.write_text(path.read_text(encoding="utf-8").replace("42 people had been wounded",
                                                             "45 people had been wounded"), encoding="utf-8")
    run("ingest", str(inputs), "--db", db)
    after = _kharkiv_sources(db)
    assert len(after) == 2 and {s["article_id"] for s in after} == {s["article_id"] for s in before}
    assert [a["version"] for a in jsonl("articles", "--db", db, "--format", "jsonl")].count(2) == 1


def test_migration_merges_a_correction_stored_as_a_second_article(tmp_path: Path) -> None:
    """A store written before article identity: the same URL stored twice (toll 5, then 9) under text ids."""
    import sqlalchemy as sa

    from eventwire.api.query import EventFilter, query_events, query_fused
    from eventwire.ingest.ids import text_id
    from eventwire.model import Article, ArticleResult, Event
    from eventwire.store import RunInfo, open_store
    from eventwire.store.migrations import MIGRATIONS

    identity_version = [m.__name__ for m in MIGRATIONS].index("_article_identity") + 1

    def result(article_id: str, text: str, source: str, url: str | None, toll: int) -> ArticleResult:
        event = Event(event_id=f"e-{article_id}", article_id=article_id, event_date="2024-09-10",
                      disorder_type="Political violence", event_type="Violence against civilians",
                      sub_event_type="Attack", actor1="Unidentified Armed Group (Democratic Republic of Congo)",
                      location="Beni", country="Democratic Republic of Congo", iso3="COD", latitude=0.49,
                      longitude=29.47, geo_precision=1, fatalities=toll)
        return ArticleResult(article=Article(id=article_id, text=text, source=source, url=url, origin="x"),
                             events=(event,))

    url = "https://wire.example/beni"
    old, new = "Gunmen killed 5 villagers in Beni.", "Gunmen killed 9 villagers in Beni."
    path = str(tmp_path / "old.db")
    with open_store(path) as store:
        store.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                                gazetteer_version="g", config_hash="c"))
        store.write_batch("r", [result(text_id(old), old, "Wire", url, 5)])
        store.write_batch("r", [result(text_id(new), new, "Wire", url, 9),
                                result("post-1", "Five killed in Beni.", "Post", None, 5)])
        assert [len(e.sources) for e in query_fused(store, EventFilter())] == [3]  # Wire counted twice
        with store.write() as conn:  # back to the schema before identity, as an older eventwire left it
            conn.execute(sa.text(f"DELETE FROM schema_version WHERE version >= {identity_version}"))
    with open_store(path) as store:
        (fused,) = query_fused(store, EventFilter())
        events = list(query_events(store, EventFilter()))
    assert sorted(s.source for s in fused.sources) == ["Post", "Wire"]
    wire = next(e for e in events if e.article_id.startswith("u-"))
    assert wire.fatalities == 9 and len(events) == 2
