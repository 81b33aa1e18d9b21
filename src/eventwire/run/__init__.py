"""run stage: executors that drive inputs through read → extract → store.

``local.ingest`` (one process, one transaction per batch, resumable) and ``local.extract`` (no store).
"""
