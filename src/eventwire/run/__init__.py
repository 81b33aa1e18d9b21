"""run stage: executors that drive inputs through read → extract → store.

``local.ingest`` (one process, one transaction per batch, resumable) and ``local.extract`` (no store);
``cluster.ingest`` (extraction on a Dask cluster, the same store writes) and ``scaling`` (articles/s by
worker count).
"""
