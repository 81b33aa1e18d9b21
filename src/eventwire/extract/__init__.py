"""extract stage: articles in, coded events (type, roles, means, casualties, claims, dates, places) out.

``extract_articles`` is the seam; ``EXTRACTOR_VERSION`` is stored with every event. Both are imported
lazily so that importing ``eventwire.extract.actors`` (or the CLI) does not import spaCy.
"""

from __future__ import annotations

from typing import Any

#: the rules version and the learned models that decide their proposals (models/*/config.json): the typer
#: (sub-type), the modality head (asserted or not), the detector (texts without proposals) and the role head
#: (actor1/actor2)
EXTRACTOR_VERSION = "rules-0.6.0+typer-1+modality-1+detect-1+roles-3"

__all__ = ["EXTRACTOR_VERSION", "extract_articles"]


def __getattr__(name: str) -> Any:
    if name == "extract_articles":
        from eventwire.extract.engine import extract_articles

        return extract_articles
    raise AttributeError(f"module 'eventwire.extract' has no attribute {name!r}")
