"""geo stage: the world gazetteer (build + lookup) and the geoparser that resolves toponyms to Places.

``load_geoparser()`` gives the process-wide ``Geoparser`` (see ``geo/protocol.py``); the gazetteer it
reads is built on first use into ``eventwire.config.cache_dir()``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eventwire.geo.geoparser import GazetteerGeoparser
    from eventwire.geo.protocol import Geoparser


@lru_cache(maxsize=1)
def load_geoparser() -> GazetteerGeoparser:
    """The geoparser over the cached gazetteer, loaded once per process (builds the gazetteer if missing)."""
    from eventwire.geo.geoparser import load_geoparser_from

    return load_geoparser_from(None)


def choose_geoparser(*, enabled: bool = True) -> Geoparser:
    """The process-wide geoparser, or with ``enabled=False`` (``--no-geo``) one that finds no places."""
    from eventwire.geo.protocol import NullGeoparser

    return load_geoparser() if enabled else NullGeoparser()


__all__ = ["choose_geoparser", "load_geoparser"]
