"""`--text` searches the article text too (SQLite FTS5, ranked), through the one query layer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.dialects import postgresql

from eventwire.api.query import EventFilter, events_select, query_events, query_fused
from eventwire.cli import main
from eventwire.model import Article, ArticleResult, Event
from eventwire.store import RunInfo, open_store
from eventwire.store.migrations import MIGRATIONS

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def event(event_id: str, article_id: str, notes: str) -> Event:
    return Event(event_id=event_id, article_id=article_id, event_date="2024-05-14", event_type="Battles",
                 sub_event_type="Armed clash", disorder_type="Political violence", notes=notes)


TEXTS = {
    "a1": ("Clash in the north", "Fighters clashed near a village; the wounded were taken to a hospital."),
    "a2": ("Hospital shelled", "Shelling hit the hospital. Doctors said the hospital and its hospital wards burned."),
    "a3": ("Market clash", "Two groups clashed at a market. Nobody was hurt."),
}


@pytest.fixture()
def store(tmp_path: Path):
    with open_store(str(tmp_path / "e.db")) as s:
        s.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                            gazetteer_version="g", config_hash="c"))
        s.write_batch("r", [ArticleResult(article=Article(id=a, title=title, text=text, origin=a),
                                          events=(event(f"e-{a}", a, "Armed clash."),))
                            for a, (title, text) in TEXTS.items()])
        yield s


def ids(store, text: str) -> list[str]:
    return [e.event_id for e in query_events(store, EventFilter(text=text))]


def test_text_finds_words_of_the_article_text_ranked_best_first(store) -> None:
    assert ids(store, "hospital") == ["e-a2", "e-a1"]  # in the title and three times first
    assert ids(store, "hospitals") == ["e-a2", "e-a1"]  # stemmed
    assert ids(store, "market") == ["e-a3"]
    assert ids(store, "hospital market") == []  # every word must be in the article
    assert ids(store, "volcano") == []


def test_text_is_safe_with_fts_operators_and_punctuation(store) -> None:
    assert ids(store, 'hospital" OR "market') == []
    assert ids(store, "market)") == ["e-a3"] and ids(store, "NEAR(market") == []  # NEAR is a word here
    assert ids(store, "!!!") == []


def test_a_new_version_replaces_the_indexed_text(store) -> None:
    store.write_batch("r", [ArticleResult(article=Article(id="a3", title="Market clash", text="Two groups clashed "
                                                          "at a bus station.", origin="a3"),
                                          events=(event("e-a3", "a3", "Armed clash."),))])
    assert ids(store, "market") == ["e-a3"]  # the title still says market
    assert ids(store, "station") == ["e-a3"] and ids(store, "nobody") == []


def test_fused_events_are_found_by_any_member_article(store) -> None:
    assert {e.event_id for e in query_fused(store, EventFilter(text="hospital"))} >= {"e-a2"}


def test_other_backends_match_article_words_with_ilike() -> None:
    # PostgreSQL uses its own full-text index (store.pg_search); any other backend matches words with LIKE
    from sqlalchemy.dialects import mysql

    for fused in (False, True):
        sql = str(events_select(EventFilter(text="hospital"), fused=fused).compile(dialect=postgresql.dialect()))
        assert "@@ plainto_tsquery" in sql and "MATCH" not in sql and "articles.text ILIKE" not in sql
        sql = str(events_select(EventFilter(text="hospital"), fused=fused).compile(dialect=mysql.dialect()))
        assert "lower(articles.text) LIKE" in sql and "MATCH" not in sql


def test_an_older_store_gets_its_articles_indexed(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    with open_store(path) as s:
        s.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                            gazetteer_version="g", config_hash="c"))
        s.write_batch("r", [ArticleResult(article=Article(id="a1", text=TEXTS["a1"][1], origin="a1"),
                                          events=(event("e-a1", "a1", "Armed clash."),))])
        with s.write() as conn:  # as an eventwire from before the index left it
            for name in ("articles_fts_insert", "articles_fts_update", "articles_fts_delete"):
                conn.execute(sa.text(f"DROP TRIGGER {name}"))
            conn.execute(sa.text("DROP TABLE articles_fts"))
            since = [m.__name__ for m in MIGRATIONS].index("_article_text_search") + 1  # and every later one
            conn.execute(sa.text(f"DELETE FROM schema_version WHERE version >= {since}"))
    with open_store(path) as s:
        assert ids(s, "hospital") == ["e-a1"]


def test_cli_text_finds_a_word_only_the_article_holds(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(ARTICLES / "gaza-khan-younis-strike-2024-05-14.txt", inputs)
    shutil.copy(ARTICLES / "yemen-taiz-clash-2024-04-29.txt", inputs)
    db = str(tmp_path / "e.db")
    assert CliRunner().invoke(main, ["ingest", str(inputs), "--db", db, "--no-geo"]).exit_code == 0
    result = CliRunner().invoke(main, ["events", "--db", db, "--text", "hospital", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert found and {e["sub_event_type"] for e in found} == {"Air/drone strike"}
    assert not any("hospital" in json.dumps(e).lower() for e in found)  # only the article text has it
