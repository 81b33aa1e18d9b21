"""Query layer and output formats: each filter selects what it says; each writer gives a valid file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventwire.api.acled import ACLED_COLUMNS, CSV_COLUMNS, event_id_cnty
from eventwire.api.formats import export_events, write_csv, write_geojson, write_table
from eventwire.api.query import BBox, EventFilter, Near, haversine_km, query_events
from eventwire.api.stats import iso_week, store_stats
from eventwire.model import EVENT_KEYS, Article, ArticleResult, Event, Evidence
from eventwire.store import RunInfo, open_store

KYIV = "KYIV, March 3 (Reuters) - Russian forces shelled Kharkiv overnight, killing three civilians."
KHAN = "Protesters marched in Khan Younis on Friday; Israeli forces fired tear gas, witnesses said."
KHARTOUM = "The RSF and the Sudanese army clashed in Omdurman, a resident said by phone."


def ev(start: int, text: str, word: str) -> Evidence:
    i = text.index(word, start)
    return Evidence(start=i, end=i + len(word), text=word, field="sub_event_type")


EVENTS = (
    Event(event_id="kyiv-0", article_id="kyiv", event_date="2024-03-03", event_type="Explosions/Remote violence",
          sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Russia", inter1=8,
          actor2="Civilians (Ukraine)", inter2=7, location="Kharkiv", country="Ukraine", iso3="UKR",
          latitude=49.99, longitude=36.23, fatalities=3, evidence=(ev(0, KYIV, "shelled"),)),
    Event(event_id="khan-0", article_id="khan", event_date="2024-03-08", event_type="Protests",
          sub_event_type="Protest with intervention", actor1="Protesters (Palestine)", inter1=6,
          actor2="Military Forces of Israel", inter2=1, location="Khan Younis", country="Palestine",
          iso3="PSE", latitude=31.34, longitude=34.30, evidence=(ev(0, KHAN, "tear gas"),)),
    Event(event_id="sdn-0", article_id="sdn", event_date="2024-04-15", event_type="Battles",
          sub_event_type="Armed clash", actor1="Rapid Support Forces", assoc_actor_1="Janjaweed", inter1=2,
          actor2="Military Forces of Sudan", inter2=1, location=None, country="Sudan", iso3="SDN",
          notes="Fighting reported by phone", evidence=(ev(0, KHARTOUM, "clashed"),)),
)
TEXTS = {"kyiv": KYIV, "khan": KHAN, "sdn": KHARTOUM}


@pytest.fixture(scope="module")
def store(module_store_url: str):
    with open_store(module_store_url) as s:
        s.begin_run(RunInfo(run_id="r", eventwire_version="0", extractor_version="t", model_version="m",
                            gazetteer_version="g", config_hash="c"))
        results = [ArticleResult(article=Article(id=a, text=TEXTS[a], source="Reuters", origin=f"{a}.txt"),
                                 events=tuple(e for e in EVENTS if e.article_id == a)) for a in TEXTS]
        s.write_batch("r", results)
        yield s


def ids(store, **filters) -> list[str]:
    return [e.event_id for e in query_events(store, EventFilter(**filters))]


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["kyiv-0", "khan-0", "sdn-0"]),
    ({"since": "2024-03-08"}, ["khan-0", "sdn-0"]),
    ({"until": "2024-03-08"}, ["kyiv-0", "khan-0"]),
    ({"country": "UKR"}, ["kyiv-0"]),
    ({"country": "sudan"}, ["sdn-0"]),
    ({"type": "battles"}, ["sdn-0"]),
    ({"sub_type": "Protest with intervention"}, ["khan-0"]),
    ({"actor": "israel"}, ["khan-0"]),
    ({"actor": "janjaweed"}, ["sdn-0"]),
    ({"actor": "100%"}, []),
    ({"text": "tear gas"}, ["khan-0"]),
    ({"text": "by phone"}, ["sdn-0"]),
    ({"text": "kharkiv"}, ["kyiv-0"]),
    ({"near": Near(lat=50.45, lon=30.52, km=500)}, ["kyiv-0"]),  # Kyiv → Kharkiv is ~410 km
    ({"near": Near(lat=50.45, lon=30.52, km=400)}, []),
    ({"bbox": BBox(min_lon=34, min_lat=31, max_lon=35, max_lat=32)}, ["khan-0"]),
    ({"limit": 2}, ["kyiv-0", "khan-0"]),
    ({"country": "Ukraine", "type": "Protests"}, []),
])
def test_filters_select_what_they_say(store, filters, expected):
    assert ids(store, **filters) == expected


def test_near_limit_counts_only_events_inside_the_circle(store):
    # The SQL box around a 1000 km circle from Kyiv holds no other event; the limit must not cut Kharkiv.
    assert ids(store, near=Near(lat=50.45, lon=30.52, km=1000), limit=1) == ["kyiv-0"]


def test_haversine_kyiv_to_kharkiv():
    assert haversine_km(50.45, 30.52, 49.99, 36.23) == pytest.approx(409, abs=5)


def test_stats_group_by_type_country_week(store):
    stats = store_stats(store)
    assert (stats.events, stats.articles) == (3, 3)
    assert stats.events_by_country == {"Palestine": 1, "Sudan": 1, "Ukraine": 1}
    assert list(stats.events_by_week) == ["2024-W09", "2024-W10", "2024-W16"]
    assert iso_week("2024-03-26") == "2024-W13" and iso_week("") == "(unknown)"


def test_csv_has_acled_columns_in_order_then_ours(store):
    out = io.StringIO()
    write_csv(query_events(store), out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0][: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert tuple(rows[0]) == CSV_COLUMNS
    kyiv = dict(zip(rows[0], rows[1], strict=True))
    assert (kyiv["year"], kyiv["iso"], kyiv["region"]) == ("2024", "804", "Europe")
    assert kyiv["event_id_cnty"] == event_id_cnty("kyiv-0", "UKR") and kyiv["event_id_cnty"].startswith("UKR")
    assert (kyiv["interaction"], kyiv["civilian_targeting"]) == ("78", "Civilian targeting")
    assert json.loads(kyiv["evidence"])[0]["text"] == "shelled"


def test_geojson_draws_located_events_and_counts_the_rest(store):
    out = io.StringIO()
    summary = write_geojson(query_events(store), out)
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection"
    assert [f["id"] for f in doc["features"]] == ["kyiv-0", "khan-0"]
    assert doc["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.23, 49.99]}
    assert doc["eventwire"]["without_coordinates"] == summary.without_coordinates == 1
    assert set(doc["features"][0]["properties"]) == set(EVENT_KEYS)


def test_parquet_holds_every_contract_column_typed(store, tmp_path: Path):
    path = tmp_path / "events.parquet"
    export_events(query_events(store), "parquet", path)
    table = pq.read_table(path)
    assert table.column_names == list(EVENT_KEYS)
    rows = table.to_pylist()
    assert [r["event_id"] for r in rows] == ["kyiv-0", "khan-0", "sdn-0"]
    assert rows[0]["fatalities"] == 3 and rows[0]["evidence"][0]["text"] == "shelled"
    assert rows[2]["latitude"] is None


def test_table_shows_compact_columns(store):
    out = io.StringIO()
    write_table(query_events(store), out)
    text = out.getvalue()
    assert "Military Forces of Russia" in text and "Khan Younis" in text and text.rstrip().endswith("3 events")
