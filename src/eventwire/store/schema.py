"""The one schema definition of the store: SQLAlchemy Core ``MetaData`` and ``Table`` objects.

Written for any SQLAlchemy backend (SQLite and PostgreSQL): JSON given and read as ``json.dumps`` text
(``JSONB`` on PostgreSQL), dates as ISO ``YYYY-MM-DD`` strings (they sort and compare as text the same way
on every backend), timestamps as ISO-8601 UTC strings (``TIMESTAMPTZ`` on PostgreSQL); see ``store.types``.

Tables::

    runs        one row per ingest run, with the versions that produced its events
    articles    one row per article id: current version, text hash, status and reason
    rejections  inputs that could not become articles (origin, line, reason, detail)
    events      one row per event: filterable columns + the full contract JSON (``data``)
    evidence    the evidence spans of each event (searchable by ``--text``)
    places      where each event happened (one row per located event)
    actors      the actors of each event, by role (actor1, actor2, assoc_actor_1...)
    clusters    one row per real-world event (fused from article events): its merged record and the
                keys the fusion candidate lookup uses (type_key, date_lo/date_hi, lat/lon, location_key)
    event_sources  which cluster each article event belongs to (event_id → cluster_id, article_id)
    reviews     an analyst's corrections (accept, edit, reject, merge, split), kept apart from extracted
                values and anchored to the event by article, evidence span and sub-type (schema v3)
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from eventwire.store.types import JSONText, Timestamp, postgresql_variant

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", Timestamp(), nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("run_id", sa.String(), primary_key=True),
    sa.Column("started_at", Timestamp(), nullable=False),
    sa.Column("finished_at", Timestamp()),
    sa.Column("eventwire_version", sa.String(32), nullable=False),
    sa.Column("extractor_version", sa.String(), nullable=False),
    sa.Column("model_version", sa.String(), nullable=False),
    sa.Column("gazetteer_version", sa.String(), nullable=False),
    sa.Column("config_hash", sa.String(), nullable=False),
    sa.Column("counts", JSONText()),  # JSON of the RunSummary counts, written when the run finishes
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("text_hash", sa.String(), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("date", sa.String(10)),
    sa.Column("date_source", sa.String(16), nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("line", sa.Integer),
    sa.Column("metadata", JSONText()),  # JSON of Article.metadata (input keys eventwire does not use)
    sa.Column("status", sa.String(16), nullable=False, index=True),  # ingested | no_events
    sa.Column("reason", sa.Text),  # why there are no events (extraction outcome)
    sa.Column("run_id", sa.String(), sa.ForeignKey("runs.run_id"), nullable=False),
    sa.Column("ingested_at", Timestamp(), nullable=False),
)

rejections = sa.Table(
    "rejections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("origin", sa.Text, nullable=False, index=True),
    sa.Column("line", sa.Integer),
    sa.Column("reason", sa.String(32), nullable=False, index=True),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("run_id", sa.String(), sa.ForeignKey("runs.run_id"), nullable=False),
    sa.Column("rejected_at", Timestamp(), nullable=False),
)

def _queryable_columns(*, index_event_type: bool) -> list[sa.Column[Any]]:
    """The event fields that queries filter and sort on; the full record is the ``data`` JSON.

    Per-article events and fused clusters both carry them, so one query layer serves both views.
    """
    return [
        sa.Column("event_date", sa.String(10), index=True),
        sa.Column("country", sa.String(), index=True),
        sa.Column("iso3", sa.String(3), index=True),
        sa.Column("event_type", sa.String(), index=index_event_type),
        sa.Column("sub_event_type", sa.String(), index=True),
        sa.Column("actor1", sa.Text),
        sa.Column("actor2", sa.Text),
        sa.Column("assoc_actor_1", sa.Text),
        sa.Column("assoc_actor_2", sa.Text),
        sa.Column("location", sa.Text),
        sa.Column("notes", sa.Text),
        sa.Column("latitude", sa.Float, index=True),
        sa.Column("longitude", sa.Float, index=True),
        sa.Column("fatalities", sa.Integer),
    ]


events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(), primary_key=True),
    sa.Column("article_id", sa.String(), sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("article_version", sa.Integer, nullable=False),
    sa.Column("run_id", sa.String(), sa.ForeignKey("runs.run_id"), nullable=False, index=True),
    *_queryable_columns(index_event_type=True),
    sa.Column("data", JSONText(), nullable=False),  # the full contract JSON (Event.to_dict), source of truth
)

evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(), sa.ForeignKey("events.event_id"), nullable=False, index=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("field", sa.String(32), nullable=False),
    sa.Column("rule", sa.String(64)),  # the rule or model that produced the span (schema v2)
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("event_id", sa.String(), sa.ForeignKey("events.event_id"), primary_key=True),
    sa.Column("location", sa.Text),
    sa.Column("admin1", sa.Text),
    sa.Column("admin2", sa.Text),
    sa.Column("country", sa.String()),
    sa.Column("iso3", sa.String(3)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(), sa.ForeignKey("events.event_id"), nullable=False, index=True),
    sa.Column("role", sa.String(16), nullable=False),  # actor1, actor2, assoc_actor_1, assoc_actor_2
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("inter", sa.Integer),
)

clusters = sa.Table(
    "clusters",
    metadata,
    sa.Column("cluster_id", sa.String(), primary_key=True),  # the smallest member event_id
    sa.Column("type_key", sa.String()),  # eventwire.fuse.type_key of the merged record (indexed below)
    sa.Column("date_lo", sa.String(10)),  # first and last day the members give
    sa.Column("date_hi", sa.String(10)),
    sa.Column("location_key", sa.Text),  # eventwire.fuse.location_key of the location (indexed below)
    *_queryable_columns(index_event_type=False),  # event_type: indexed with date_lo below
    sa.Column("sources", sa.Integer, nullable=False),  # how many articles tell this event
    sa.Column("data", JSONText(), nullable=False),  # the merged record's contract JSON
    sa.Index("ix_clusters_candidates", "type_key", "date_lo"),  # the fusion candidate lookup
    sa.Index("ix_clusters_type_dates", "event_type", "date_lo"),  # same, when a sub-type is missing
    sa.Index("ix_clusters_type_latitude", "type_key", "latitude"),  # same, for an undated event
    sa.Index("ix_clusters_place_type", "location_key", "type_key"),  # same, by place name
)

event_sources = sa.Table(
    "event_sources",
    metadata,
    sa.Column("event_id", sa.String(), sa.ForeignKey("events.event_id"), primary_key=True),
    sa.Column("cluster_id", sa.String(), sa.ForeignKey("clusters.cluster_id"), nullable=False, index=True),
    sa.Column("article_id", sa.String(), sa.ForeignKey("articles.id"), nullable=False, index=True),
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("action", sa.String(16), nullable=False),  # accept | edit | reject | merge | split
    # The anchor: the event as extracted when it was reviewed. No foreign key on purpose: a review outlives
    # the event row (re-extraction replaces it) and is re-anchored by article, sub-type and span.
    sa.Column("event_id", sa.String(), nullable=False, index=True),
    sa.Column("article_id", sa.String(), nullable=False, index=True),
    sa.Column("sub_event_type", sa.String()),
    sa.Column("span_start", sa.Integer),
    sa.Column("span_end", sa.Integer),
    sa.Column("span_text", sa.Text),
    sa.Column("split_of", sa.Integer),  # an edit of a split-off copy: the id of the split review
    sa.Column("field", sa.String(32)),  # edit: the contract key changed
    sa.Column("value", sa.Text),  # edit: the new value as JSON
    sa.Column("target_event_id", sa.String()),  # merge: the event this one was merged into
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

watched_feeds = sa.Table(
    "watched_feeds",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("status", sa.String(16), nullable=False),  # fetched | not_modified | failed
    sa.Column("detail", sa.Text),
    sa.Column("checked_at", sa.String(32), nullable=False),
)

#: Tables added by schema version 2 (fusion).
V2_TABLES: tuple[sa.Table, ...] = (clusters, event_sources)
#: Tables added by schema version 3 (the review loop).
V3_TABLES: tuple[sa.Table, ...] = (reviews,)
#: Tables added by schema version 4 (watching feeds).
V4_TABLES: tuple[sa.Table, ...] = (watched_feeds,)

#: Tables holding one event's rows, children first (the order to delete them in).
EVENT_CHILD_TABLES: tuple[sa.Table, ...] = (evidence, places, actors, event_sources)

# --- scale-out (schema: see migrations._coordinates_text_search_and_changes) ------------------------------

#: The change log downstream systems sync from: one row per event that a batch made new, updated or
#: retracted, written in the batch's own transaction. ``id`` is the consumers' cursor: it only grows,
#: and (writers being serialised) ids become visible in order.
changes = sa.Table(
    "changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(), nullable=False, index=True),
    sa.Column("article_id", sa.String(), nullable=False),
    sa.Column("change", sa.String(16), nullable=False),  # new | updated | retracted
    sa.Column("version", sa.Integer, nullable=False),  # the article version that made the change
    sa.Column("run_id", sa.String(), nullable=False),
    sa.Column("changed_at", Timestamp(), nullable=False),
)

#: Two-column btree indexes for ``--near``/``--bbox``: the latitude range, then longitude within it.
COORDINATE_INDEXES: tuple[sa.Index, ...] = (
    sa.Index("ix_events_lat_lon", events.c.latitude, events.c.longitude),
    sa.Index("ix_clusters_lat_lon", clusters.c.latitude, clusters.c.longitude),
)


def _unbounded_on_postgresql() -> None:
    # SQLite never enforces VARCHAR(n), so stores hold longer values than the lengths above say (an
    # evidence rule naming several rules runs past 64). On PostgreSQL, which would refuse them, every
    # bounded string is VARCHAR without a length: the same semantics on both, and no cost in PostgreSQL.
    # Its text types cannot hold NUL either: a stand-in of the same length takes its place (store.types).
    for table in metadata.tables.values():
        for column in table.columns:
            column.type = postgresql_variant(column.type)


_unbounded_on_postgresql()
