"""The schema and the event queries compile for PostgreSQL too: no SQLite-only SQL outside the engine."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from eventwire.api.query import BBox, EventFilter, Near, events_select
from eventwire.model import Event
from eventwire.store import fusion, schema

PG = postgresql.dialect()


def test_every_table_and_index_compiles_for_postgresql():
    for table in schema.metadata.sorted_tables:
        ddl = str(sa.schema.CreateTable(table).compile(dialect=PG))
        assert f"CREATE TABLE {table.name}" in ddl
        for index in table.indexes:
            assert "CREATE INDEX" in str(sa.schema.CreateIndex(index).compile(dialect=PG))


def test_all_filters_compile_for_postgresql_with_ilike_and_no_sqlite_functions():
    filters = EventFilter(since="2024-01-01", until="2024-12-31", country="IRQ", type="Battles",
                          sub_type="Armed clash", actor="RSF", near=Near(lat=33.3, lon=44.4, km=50),
                          bbox=BBox(min_lon=40, min_lat=30, max_lon=50, max_lat=40), text="drone", limit=10)
    for fused in (False, True):
        sql = str(events_select(filters, fused=fused).compile(dialect=PG))
        assert "ILIKE" in sql and "IN (SELECT" in sql  # evidence read once, not per event
        assert ("FROM clusters" in sql) == fused
        for sqlite_only in ("strftime", "julianday", "json_extract", "GLOB", "PRAGMA"):
            assert sqlite_only.lower() not in sql.lower()


def test_fusion_candidate_lookup_compiles_for_postgresql():
    event = Event(event_id="e", article_id="a", event_date="2024-09-01", event_type="Battles",
                  sub_event_type="Armed clash", location="Sinja", latitude=13.15, longitude=33.93)
    sql = str(fusion.candidate_query(event).compile(dialect=PG))
    assert "FROM clusters" in sql and "UNION" in sql and "BETWEEN" in sql and "PRAGMA" not in sql
