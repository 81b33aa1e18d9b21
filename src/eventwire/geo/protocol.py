"""The seam between extraction and geoparsing.

Extraction asks a ``Geoparser`` for the toponyms of an article, then asks it which place one event
happened at. ``NullGeoparser`` is the in-memory fake: it finds nothing, so events come out unlocated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from eventwire.model import Place, Toponym

#: GeoNames feature codes of whole countries and dependent territories: what a ``Place`` of country
#: rank carries, for both sides of the seam.
COUNTRY_FEATURE_CODES = frozenset({"PCLI", "PCLD", "PCLS", "PCLF", "PCLIX", "PCL", "TERR"})


class Geoparser(Protocol):
    """Finds and resolves place names in article text."""

    version: str

    def parse(self, text: str) -> list[Toponym]:
        """All toponyms in ``text``, resolved where possible, in text order."""
        ...

    def locate_event(
        self, text: str, toponyms: Sequence[Toponym], *, sentence: tuple[int, int], anchor: tuple[int, int]
    ) -> Toponym | None:
        """The toponym naming where the event whose trigger is ``anchor`` (char span, inside the
        ``sentence`` char span) happened, or None. Precision is carried on ``toponym.place.precision``."""
        ...


class NullGeoparser:
    """A geoparser that knows no places (tests, and runs with ``--no-geo``)."""

    version = "null"

    def parse(self, text: str) -> list[Toponym]:
        return []

    def locate_event(
        self, text: str, toponyms: Sequence[Toponym], *, sentence: tuple[int, int], anchor: tuple[int, int]
    ) -> Toponym | None:
        return None


__all__ = ["Geoparser", "NullGeoparser", "Place", "Toponym"]
