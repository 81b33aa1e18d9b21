"""Fused events in the store: kept current batch by batch, found by indexed lookup, upgraded from v1."""

from __future__ import annotations

import dataclasses
import random
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from eventwire.api.query import EventFilter, query_events, query_fused
from eventwire.api.stats import store_stats
from eventwire.fuse.cluster import Cluster, can_merge
from eventwire.model import Article, ArticleResult, Event
from eventwire.store import RunInfo, fusion, open_store, schema
from eventwire.store.migrations import MIGRATIONS, current_version, migrate
from eventwire.store.store import _article_row, _event_row, text_hash
from test_fuse_kharkiv import HERALD, WIRE, article, strike
from test_fuse_properties import events_lists

INFO = RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
               gazetteer_version="g", config_hash="c")


def result(path: Path, *events: Event, text: str | None = None) -> ArticleResult:
    a = article(path)
    a = dataclasses.replace(a, source="Eastern Herald" if path == HERALD else "Wire", url=f"https://example.org/{a.id}")
    return ArticleResult(article=dataclasses.replace(a, text=text) if text else a, events=events)


@pytest.fixture()
def store(store_url: str):
    with open_store(store_url) as s:
        s.begin_run(INFO)
        yield s


def test_two_outlets_in_two_batches_become_one_fused_event_with_two_sources(store):
    store.write_batch("r", [result(HERALD, strike(HERALD))])
    store.write_batch("r", [result(WIRE, strike(WIRE))])
    assert len(list(query_events(store))) == 2
    (fused,) = query_fused(store)
    assert fused.fatalities == 6 and (fused.fatalities_low, fused.fatalities_high) == (5, 6)
    assert {(s.article_id, s.source) for s in fused.sources} == {
        (article(HERALD).id, "Eastern Herald"), (article(WIRE).id, "Wire")}
    assert all(s.url and s.event_id for s in fused.sources)
    stats = store_stats(store)
    assert (stats.articles, stats.events, stats.fused_events) == (2, 2, 1)


def test_filters_apply_to_fused_events_too(store):
    store.write_batch("r", [result(HERALD, strike(HERALD)), result(WIRE, strike(WIRE))])
    assert len(list(query_fused(store, EventFilter(country="UKR", text="risen to six")))) == 1
    assert list(query_fused(store, EventFilter(until="2024-08-31"))) == []


def test_a_corrected_article_is_fused_again(store):
    store.write_batch("r", [result(HERALD, strike(HERALD)), result(WIRE, strike(WIRE))])
    assert len(list(query_fused(store))) == 1
    # The wire's next version places its event 30 km away: the fused event splits in two.
    moved = strike(WIRE, n=1, latitude=50.25, longitude=36.25)
    text = article(WIRE).text + "\nCorrection: the strike hit a village north of the city."
    store.write_batch("r", [result(WIRE, moved, text=text)])
    fused = list(query_fused(store))
    assert len(fused) == 2 and all(len(f.sources) == 1 for f in fused)
    with store.read() as conn:
        sources = conn.execute(sa.select(sa.func.count()).select_from(schema.event_sources)).scalar_one()
    assert sources == 2  # no row left for the replaced event


def test_candidate_lookup_finds_only_nearby_clusters_through_an_index(store):
    far = [strike(HERALD, n=i, event_id=f"far-{i}", article_id=f"far-{i}", latitude=30.0 + i / 10,
                  event_date=f"2024-0{1 + i % 8}-1{i % 10}") for i in range(40)]
    store.write_batch("r", [ArticleResult(article=Article(id=e.article_id, text="x", origin="x"), events=(e,))
                            for e in far] + [result(HERALD, strike(HERALD))])
    with store.read() as conn:
        assert fusion.candidate_clusters(conn, strike(WIRE)) == {strike(HERALD).event_id}
        if conn.dialect.name == "postgresql":  # tiny tables: ask whether an index *can* serve every read
            conn.exec_driver_sql("SET enable_seqscan = off")
        for event in (strike(WIRE), strike(WIRE, sub_event_type=None), strike(WIRE, event_date=None)):
            query = fusion.candidate_query(event)
            if conn.dialect.name == "postgresql":
                sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
                plan = "\n".join(str(row[0]) for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
                assert "Seq Scan on clusters" not in plan and "Index" in plan, plan
                continue
            sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
            plan = [str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
            reads = [step for step in plan if "clusters" in step]
            assert reads and all("USING INDEX" in step for step in reads), plan


def test_a_store_from_before_fusion_is_upgraded_and_its_events_fused(tmp_path):
    path = tmp_path / "v1.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate(conn, MIGRATIONS[:1])
        conn.execute(sa.insert(schema.runs).values(started_at="2024-09-02T00:00:00+00:00", **dataclasses.asdict(INFO)))
        for path_, event in ((HERALD, strike(HERALD)), (WIRE, strike(WIRE))):
            res = result(path_, event)
            conn.execute(sa.insert(schema.articles).values(**_article_row("r", res, text_hash(res.article.text), 1)))
            conn.execute(sa.insert(schema.events).values(**_event_row(event, "r", event.article_id, 1)))
    engine.dispose()
    with open_store(str(path)) as store:
        with store.read() as conn:
            assert current_version(conn) == len(MIGRATIONS) >= 4  # fusion, reviews, watched feeds
        (fused,) = query_fused(store)
    assert len(fused.sources) == 2


def test_evidence_rule_is_stored(store):
    store.write_batch("r", [result(WIRE, strike(WIRE))])
    with store.read() as conn:
        rules = set(conn.execute(sa.select(schema.evidence.c.rule)).scalars())
    assert rules == {"test:kharkiv"}
    (back,) = query_events(store)
    assert {e.rule for e in back.evidence} == {"test:kharkiv"}


@settings(max_examples=40, deadline=None)
@given(events=events_lists, seed=st.integers(0, 1000))
def test_fusing_batch_by_batch_leaves_no_two_stored_events_that_could_merge(events, seed):
    # Articles arrive in any order, one batch each; fusion only ever looks at the clusters a batch reaches.
    by_article: dict[str, list[Event]] = {}
    for event in events:
        by_article.setdefault(event.article_id, []).append(event)
    batches = list(by_article.items())
    random.Random(seed).shuffle(batches)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "p.db")) as store:
        store.begin_run(INFO)
        for article_id, evs in batches:
            store.write_batch("r", [ArticleResult(article=Article(id=article_id, text=article_id, origin="p"),
                                                  events=tuple(evs))])
        fused = list(query_fused(store))
    sources = [s.event_id for f in fused for s in f.sources]
    assert sorted(sources) == sorted(e.event_id for e in events)  # each event in exactly one fused event
    clusters = [Cluster(cluster_id=f.event_id, event=f, members=(),
                        articles=frozenset(s.article_id for s in f.sources)) for f in fused]
    assert all(len(c.articles) == len(f.sources) for c, f in zip(clusters, fused, strict=True))
    assert not any(can_merge(a, b) for i, a in enumerate(clusters) for b in clusters[i + 1:])
