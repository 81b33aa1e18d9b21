"""api stage: takes a store, gives events and views of it to every output.

``query.query_events`` (filters → Event stream; ``query.query_fused`` the same over fused events, each
with its ``sources``) feeds ``formats`` (jsonl, csv with ACLED columns, table,
geojson, parquet), the CLI and the coming REST server; ``articles`` and ``stats`` give the other views.
"""
