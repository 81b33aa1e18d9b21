"""The pipeline as the evaluation sees it: extraction and the geoparser, loaded lazily.

Evaluation measures whatever the stages are today, so a missing stage is reported as a note (and scored
as finding nothing) instead of failing the whole run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from eventwire.errors import EventwireError
from eventwire.geo.protocol import Geoparser, NullGeoparser
from eventwire.model import Article, ArticleResult


def load_geoparser_or_null() -> tuple[Geoparser, tuple[str, ...]]:
    """The real geoparser, or ``NullGeoparser`` and a note saying why it could not be loaded."""
    try:
        from eventwire.geo import load_geoparser
    except ImportError as exc:
        return NullGeoparser(), (f"geoparser not available ({exc}); scored as finding no places",)
    return load_geoparser(), ()


def extract(articles: Iterable[Article], *, geoparser: Geoparser | None,
            timings: dict[str, float] | None = None) -> Iterator[ArticleResult]:
    """``eventwire.extract.extract_articles`` over ``articles``.

    Raises:
        EventwireError: extraction cannot be imported (the message carries the import error).
    """
    try:
        from eventwire.extract import extract_articles
    except ImportError as exc:
        raise EventwireError(f"extraction is not available ({exc}); cannot score events") from exc

    results: Iterator[ArticleResult] = extract_articles(articles, geoparser=geoparser or NullGeoparser(),
                                                         timings=timings)
    return results


def versions(geoparser: Geoparser | None = None) -> dict[str, str]:
    """Extractor and geoparser versions, for the report header (empty where unknown)."""
    out: dict[str, str] = {}
    try:
        from eventwire.extract import EXTRACTOR_VERSION
    except ImportError:
        EXTRACTOR_VERSION = ""  # noqa: N806 - mirrors the imported constant's name
    if EXTRACTOR_VERSION:
        out["extractor"] = str(EXTRACTOR_VERSION)
    if geoparser is not None:
        out["geoparser"] = str(getattr(geoparser, "version", ""))
    return out


def top_event(result: ArticleResult) -> Any:
    """The highest-confidence event of an article (first wins ties), or None."""
    best = None
    for event in result.events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best
