"""Store: round-trip identity (hypothesis), idempotency, versions, rejections, migrations."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eventwire.api.query import EventFilter, query_events
from eventwire.errors import StoreError
from eventwire.model import Article, ArticleResult, Event, Evidence, Rejection
from eventwire.store import RunInfo, open_store, schema
from eventwire.store.migrations import CURRENT_VERSION, current_version, migrate

TEXT = ("BAGHDAD, March 26 (Reuters) - A drone struck a convoy near the Ovda air base on Tuesday, "
        "killing two soldiers, the Islamic Resistance in Iraq said in a statement.")


def run(store, run_id: str = "run-1") -> str:
    store.begin_run(RunInfo(run_id=run_id, eventwire_version="0.1.0", extractor_version="test",
                            model_version="none", gazetteer_version="null", config_hash="0"))
    return run_id


def article(text: str = TEXT, id_: str = "reuters-1") -> Article:
    return Article(id=id_, text=text, origin="wire.txt")


def drone_event(article_id: str = "reuters-1", n: int = 0) -> Event:
    start = TEXT.index("drone")
    return Event(event_id=f"{article_id}-{n}", article_id=article_id, event_date="2024-03-26",
                 event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                 actor1="Islamic Resistance in Iraq", inter1=2, fatalities=2,
                 evidence=(Evidence(start=start, end=start + 5, text="drone", field="sub_event_type"),))


def count(store, table: sa.Table) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


@pytest.fixture()
def store(store_url: str):
    with open_store(store_url) as s:
        yield s


# --- round trip -------------------------------------------------------------------------------------

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_opt_text = st.none() | _text
_opt_int = st.none() | st.integers(min_value=0, max_value=10**6)
_coord = st.none() | st.floats(min_value=-90, max_value=90, allow_nan=False)
_evidence = st.builds(Evidence, start=st.integers(0, 5000), end=st.integers(0, 5000), text=_text,
                      field=st.sampled_from(["actor1", "location", "fatalities", "sub_event_type"]),
                      rule=st.sampled_from(["", "trigger:lexicon", "dates:relative_weekday", "geo:gazetteer"]) | _text)
_event_fields = st.fixed_dictionaries({
    "event_date": st.none() | st.dates().map(lambda d: d.isoformat()),
    "time_precision": st.none() | st.integers(1, 3), "event_type": _opt_text, "sub_event_type": _opt_text,
    "actor1": _opt_text, "assoc_actor_1": _opt_text, "inter1": st.none() | st.integers(1, 8),
    "actor2": _opt_text, "inter2": st.none() | st.integers(1, 8), "claimed_by": _opt_text,
    "denied_by": _opt_text, "location": _opt_text, "country": _opt_text,
    "iso3": st.none() | st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    "latitude": _coord, "longitude": _coord, "geo_precision": st.none() | st.integers(1, 3),
    "weapons": st.lists(_text, max_size=3).map(tuple), "fatalities": _opt_int, "fatalities_low": _opt_int,
    "injuries": _opt_int, "evidence": st.lists(_evidence, max_size=4).map(tuple),
    "confidence": st.floats(0, 1, allow_nan=False), "cameo_code": _opt_text, "notes": _opt_text,
    "extractor_version": _text,
})


@pytest.fixture(scope="module")
def shared_store(module_store_url: str):
    with open_store(module_store_url) as s:
        run(s)
        yield s


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.lists(_event_fields, min_size=1, max_size=4))
def test_events_read_back_equal_to_what_was_written(shared_store, fields):
    article_id = uuid.uuid4().hex
    events = tuple(Event(event_id=f"{article_id}-{i}", article_id=article_id, **f) for i, f in enumerate(fields))
    if shared_store.engine.dialect.name == "postgresql":  # its text types cannot hold NUL (ingest rejects it)
        assume("\\u0000" not in json.dumps([e.to_dict() for e in events]))
    shared_store.write_batch("run-1", [ArticleResult(article=article(id_=article_id), events=events)])
    back = [e for e in query_events(shared_store, EventFilter()) if e.article_id == article_id]
    assert sorted(back, key=lambda e: e.event_id) == sorted(events, key=lambda e: e.event_id)


# --- idempotency and versions ----------------------------------------------------------------------

def test_same_article_twice_is_unchanged_and_adds_no_rows(store):
    run(store)
    result = ArticleResult(article=article(), events=(drone_event(),))
    first = store.write_batch("run-1", [result])
    second = store.write_batch("run-1", [result])
    assert (first.ingested, first.events) == (1, 1)
    assert (second.ingested, second.unchanged, second.events) == (0, 1, 0)
    assert (count(store, schema.articles), count(store, schema.events), count(store, schema.evidence)) == (1, 1, 1)


def test_changed_text_becomes_next_version_and_replaces_events(store):
    run(store)
    store.write_batch("run-1", [ArticleResult(article=article(), events=(drone_event(n=0), drone_event(n=1)))])
    corrected = TEXT.replace("two soldiers", "three soldiers")
    outcome = store.write_batch("run-1", [ArticleResult(article=article(corrected), events=(drone_event(n=5),))])
    assert outcome.ingested == 1
    with store.read() as conn:
        row = conn.execute(sa.select(schema.articles)).one()
        ids = [r[0] for r in conn.execute(sa.select(schema.events.c.event_id))]
    assert (row.version, row.text) == (2, corrected)
    assert ids == ["reuters-1-5"]
    assert count(store, schema.evidence) == 1


def test_article_without_events_is_stored_with_its_reason(store):
    run(store)
    result = ArticleResult(article=article("The ministry issued a statement on trade."), outcome="no_event_sentences")
    store.write_batch("run-1", [result])
    with store.read() as conn:
        row = conn.execute(sa.select(schema.articles)).one()
    assert (row.status, row.reason) == ("no_events", "no_event_sentences")


def test_same_rejection_twice_is_recorded_once(store):
    run(store)
    bad = Rejection(origin="dump.jsonl", line=3, reason="malformed_json", detail="line 3 is not JSON")
    store.write_batch("run-1", [], [bad])
    store.write_batch("run-1", [], [bad, Rejection(origin="dump.jsonl", line=4, reason="empty", detail="")])
    assert count(store, schema.rejections) == 2


def test_every_event_carries_the_run_that_wrote_it(store):
    run(store, "run-a")
    store.write_batch("run-a", [ArticleResult(article=article(), events=(drone_event(),))])
    with store.read() as conn:
        stamped = conn.execute(
            sa.select(schema.runs.c.extractor_version)
            .join(schema.events, schema.events.c.run_id == schema.runs.c.run_id)
        ).scalar_one()
    assert stamped == "test"


def test_failed_batch_leaves_nothing_behind(store):
    run(store)
    duplicate_ids = (drone_event(n=0), drone_event(n=0))  # a primary-key clash mid-batch
    with pytest.raises(StoreError):
        store.write_batch("run-1", [ArticleResult(article=article(), events=duplicate_ids)])
    assert (count(store, schema.articles), count(store, schema.events)) == (0, 0)


# --- opening and migrations ------------------------------------------------------------------------

def test_sqlite_store_uses_wal_and_foreign_keys(tmp_path: Path):
    with open_store(str(tmp_path / "ew.db")) as store, store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_older_database_is_upgraded_in_order(tmp_path):
    applied: list[int] = []
    steps = [lambda c: applied.append(1), lambda c: applied.append(2), lambda c: applied.append(3)]
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:
        migrate(conn, steps[:1])
    with engine.begin() as conn:
        before = migrate(conn, steps)
        assert (before, current_version(conn), applied) == (1, 3, [1, 2, 3])
    engine.dispose()


def test_newer_database_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "new.db"
    open_store(str(path)).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(sa.insert(schema.schema_version).values(version=CURRENT_VERSION + 1, applied_at="x"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this eventwire supports"):
        open_store(str(path))


def test_url_and_path_open_the_same_database(tmp_path):
    path = tmp_path / "same.db"
    with open_store(str(path)) as s:
        run(s)
        s.write_batch("run-1", [ArticleResult(article=article(), events=(drone_event(),))])
    with open_store(f"sqlite:///{path}") as s:
        assert [e.event_id for e in query_events(s)] == ["reuters-1-0"]


def test_missing_database_is_an_error_when_not_creating(tmp_path):
    with pytest.raises(StoreError, match="eventwire ingest"):
        open_store(str(tmp_path / "typo.db"), create=False)
    assert not (tmp_path / "typo.db").exists()


def test_article_fields_and_metadata_are_kept(store):
    run(store)
    full = Article(id="afp-7", text=TEXT, date=dt.date(2024, 3, 26), date_source="dateline",
                   title="Drone strike", url="https://example.org/7", source="AFP", origin="feed.xml", line=7,
                   metadata={"lang": "en", "tags": ["iraq"]})
    store.write_batch("run-1", [ArticleResult(article=full, events=())])
    with store.read() as conn:
        row = conn.execute(sa.select(schema.articles)).one()
    assert (row.date, row.date_source, row.title, row.source, row.line) == (
        "2024-03-26", "dateline", "Drone strike", "AFP", 7)
    assert json.loads(row.metadata) == {"lang": "en", "tags": ["iraq"]}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_events_at_the_ends_of_the_calendar_are_stored_and_fused(store, day):
    # Fusion looks for clusters in a window of days around each event; at the calendar's ends that
    # window must be clamped, not overflow (hypothesis found year 1).
    run(store)
    event = Event(event_id=f"edge-{day}", article_id="reuters-1", event_date=day,
                  sub_event_type="Air/drone strike", event_type="Explosions/Remote violence")
    store.write_batch("run-1", [ArticleResult(article=article(), events=(event,))])
    back = list(query_events(store, EventFilter()))
    assert [e.event_date for e in back] == [day]
