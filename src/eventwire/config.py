"""Run-time settings, resolved once from options and environment and passed down explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 2_000_000
#: Bytes one input file may give when read (after decompression); bigger dumps are cut off and rejected.
DEFAULT_MAX_FILE_BYTES = 10_000_000_000
#: Seconds extraction may spend on one article before it is rejected as ``too_slow``.
DEFAULT_ARTICLE_TIMEOUT = 60.0


def default_db_url() -> str:
    """``EVENTWIRE_DB`` (a path or an SQLAlchemy URL), else ``./eventwire.db``."""
    return os.environ.get("EVENTWIRE_DB", "eventwire.db")


def cache_dir() -> Path:
    """Where built artefacts live (the gazetteer): ``EVENTWIRE_CACHE`` or ``~/.cache/eventwire``."""
    env = os.environ.get("EVENTWIRE_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "eventwire"
    return base


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    """What a run needs to know; hashed into ``config_hash`` on every run record."""

    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 64
    dateline: str | None = None  # fallback publication date, YYYY-MM-DD, for inputs without one
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    article_timeout: float = DEFAULT_ARTICLE_TIMEOUT  # 0 turns the per-article time budget off
