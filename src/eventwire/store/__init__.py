"""store stage: takes ArticleResult and Rejection records, gives a durable, queryable database.

``open_store(url_or_path)`` opens (creating and migrating) a SQLite file or any SQLAlchemy URL.
"""

from eventwire.store.store import BatchOutcome, RunInfo, Store, open_store, text_hash

__all__ = ["BatchOutcome", "RunInfo", "Store", "open_store", "text_hash"]
