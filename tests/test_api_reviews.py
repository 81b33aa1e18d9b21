"""Analysts' reviews over HTTP: the REST API reads through the query layer, so a rejection, an edit and a
split copy show in JSON pages (across cursors), points, stats, exports and single records exactly as in
``query_events``/``query_fused`` (what ``eventwire events`` prints).
"""

from __future__ import annotations

import csv
import io
import shutil
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the [serve] extra is installed by `make`")

from eventwire.api import review  # noqa: E402
from eventwire.api.query import EventFilter, query_events, query_fused  # noqa: E402
from eventwire.store import Store, open_store  # noqa: E402


@pytest.fixture
def reviewed(served_db: Path, tmp_path: Path) -> Iterator[tuple[Store, Any, dict[str, str]]]:
    """A copy of the served store with one event rejected, one edited (toll and place) and one split."""
    db = tmp_path / "reviewed.db"
    shutil.copy(served_db, db)
    with open_store(str(db), create=False) as store:
        dated = [e for e in query_events(store) if e.event_date]
        rejected, edited, split = dated[0].event_id, dated[1].event_id, dated[2].event_id
        review.reject(store, rejected, who="ana", why="not an event")
        review.edit(store, edited, "fatalities", "99", who="ana", why="toll raised")
        review.edit(store, edited, "location", "Testville", who="ana", why="the village, not the district")
        copy = review.split(store, split, who="ana", why="two strikes")
        review.edit(store, copy, "event_date", "2020-01-02", who="ana", why="the earlier strike")
        yield store, _client(store), {"rejected": rejected, "edited": edited, "split": split, "copy": copy}


def _client(store: Store) -> Any:
    from eventwire.api.server import ServeConfig, create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx versions, not about us
        from fastapi.testclient import TestClient
    return TestClient(create_app(ServeConfig(store=store, geo=False)), raise_server_exceptions=False)


def _paged(client: Any, size: int, **params: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get("/api/v1/events", params={"limit": size, **params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        out.extend(page.json()["events"])
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return out


def test_pages_across_cursors_show_the_reviewed_events_in_order(reviewed) -> None:
    store, client, ids = reviewed
    wanted = list(query_events(store))
    got = _paged(client, 7)
    assert [e["event_id"] for e in got] == [e.event_id for e in wanted]
    by_id = {e["event_id"]: e for e in got}
    assert ids["rejected"] not in by_id and ids["copy"] in by_id and ids["split"] in by_id
    assert (by_id[ids["edited"]]["fatalities"], by_id[ids["edited"]]["location"]) == (99, "Testville")
    assert got[0]["event_id"] == ids["copy"]  # dated 2020 by the review: first in date order
    fused = _paged(client, 5, fused="true")
    assert [e["event_id"] for e in fused] == [e.event_id for e in query_fused(store)]


def test_filters_see_corrected_values_and_reviewed_keeps_reviewed_events(reviewed) -> None:
    store, client, ids = reviewed
    assert [e["event_id"] for e in _paged(client, 3, text="Testville")] == [ids["edited"]]
    only = [e["event_id"] for e in _paged(client, 2, reviewed="true")]
    assert only == [e.event_id for e in query_events(store, EventFilter(reviewed=True))]
    assert set(only) == {ids["edited"], ids["split"], ids["copy"]}
    others = [e["event_id"] for e in _paged(client, 50, reviewed="false")]
    assert not set(others) & {ids["edited"], ids["split"], ids["copy"], ids["rejected"]}


def test_points_stats_and_csv_count_what_the_list_shows(reviewed) -> None:
    store, client, ids = reviewed
    wanted = list(query_events(store))
    points = client.get("/api/v1/points").json()
    assert [p[0] for p in points["points"]] == [e.event_id for e in wanted]
    edited = next(p for p in points["points"] if p[0] == ids["edited"])
    assert dict(zip(points["columns"], edited, strict=True))["fatalities"] == 99
    stats = client.get("/api/v1/stats").json()
    assert stats["events"] == len(wanted)
    assert stats["by_type"] == dict(Counter(e.event_type or "(unknown)" for e in wanted).most_common())
    ukraine = client.get("/api/v1/stats", params={"country": "UKR"}).json()["events"]
    assert ukraine == len(list(query_events(store, EventFilter(country="UKR"))))
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/events", params={"format": "csv"}).text)))
    assert len(rows) == len(wanted) and "Testville" in {r["location"] for r in rows}


def test_single_records_apply_reviews(reviewed) -> None:
    _, client, ids = reviewed
    assert client.get(f"/api/v1/events/{ids['rejected']}").status_code == 404
    assert client.get(f"/api/v1/events/{ids['edited']}").json()["event"]["fatalities"] == 99
    copy = client.get(f"/api/v1/events/{ids['copy']}").json()["event"]
    assert (copy["event_id"], copy["event_date"]) == (ids["copy"], "2020-01-02")
