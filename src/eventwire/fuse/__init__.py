"""fuse stage: takes per-article Events, gives Clusters — the same event told by ten articles becomes
one event with ten sources.

``fuse(events)`` is the pure function (``cluster.py``); ``same_event`` the pairwise test (``match.py``).
The store keeps clusters up to date batch by batch (``eventwire.store.fusion``).
"""

from eventwire.fuse.cluster import Cluster, fuse, representative
from eventwire.fuse.match import date_span, location_key, same_event, type_key

__all__ = ["Cluster", "date_span", "fuse", "location_key", "representative", "same_event", "type_key"]
