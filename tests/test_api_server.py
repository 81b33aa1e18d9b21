"""The REST API in-process (FastAPI's TestClient over the ASGI app) on the real demo store.

Every endpoint, every filter, pagination, the three formats, the write token, size limits, static files,
and the error envelope as a contract.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from dataclasses import replace

import pytest

pytest.importorskip("fastapi", reason="the [serve] extra is installed by `make`")

from eventwire.api.query import EventFilter, query_events, query_fused  # noqa: E402
from eventwire.model import EVENT_KEYS  # noqa: E402
from eventwire.store import open_store  # noqa: E402

TOKEN = "s3cret-token"
KHARKIV = "49.99,36.23,30"


@pytest.fixture(scope="module")
def store(served_db):
    with open_store(str(served_db), create=False) as opened:
        yield opened


def _client(store, token=TOKEN):
    from eventwire.api.server import ServeConfig, create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx versions, not about us
        from fastapi.testclient import TestClient
    return TestClient(create_app(ServeConfig(store=store, token=token, geo=False)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(store):
    return _client(store)


def ids(client, **params) -> list[str]:
    response = client.get("/api/v1/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()["events"]]


def expected(store, fused=False, **filters) -> list[str]:
    query = query_fused if fused else query_events
    return [e.event_id for e in query(store, EventFilter(**filters))]


def assert_envelope(response, status: int, code: str, field: str | None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"] and set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["code"] == code and body["error"]["field"] == field
    assert isinstance(body["error"]["message"], str) and len(body["error"]["message"]) > 15
    return body["error"]


# --- GET /events: filters, fused, pagination, formats -------------------------------------------------

@pytest.mark.parametrize("params", [
    {}, {"since": "2024-06-01"}, {"until": "2024-03-31"}, {"since": "2024-03-01", "until": "2024-03-31"},
    {"country": "Ukraine"}, {"country": "ukr"}, {"type": "Battles"}, {"sub_type": "air/drone strike"},
    {"actor": "hamas"}, {"near": KHARKIV}, {"bbox": "30,44,40,53"}, {"text": "drone"},
    {"country": "Israel", "type": "Explosions/Remote violence"},
])
@pytest.mark.parametrize("fused", [False, True])
def test_events_filters_select_what_the_query_layer_selects(client, store, params, fused):
    from eventwire.api.filters import build_filter

    wanted = expected(store, fused=fused, **{k: getattr(build_filter(**params), k) for k in
                                             ("since", "until", "country", "type", "sub_type", "actor",
                                              "near", "bbox", "text")})
    got = ids(client, **params, **({"fused": "true"} if fused else {}))
    if "text" in params:  # query_events ranks a text search; pages keep date order (their cursors need it)
        assert sorted(got) == sorted(wanted) and got
    else:
        assert got == wanted
    if params:
        assert len(got) < len(expected(store, fused=fused))  # every filter here narrows the demo store


def test_filters_narrow_to_the_right_events(client):
    (kharkiv,) = [e for e in client.get("/api/v1/events", params={"near": KHARKIV, "fused": "true"}).json()["events"]
                  if e["location"] == "Kharkiv"]
    assert kharkiv["sub_event_type"] == "Shelling/artillery/missile attack" and len(kharkiv["sources"]) == 2
    dated = client.get("/api/v1/events", params={"since": "2024-09-01", "until": "2024-09-30", "limit": 1000}).json()
    assert dated["events"] and all("2024-09-01" <= e["event_date"] <= "2024-09-30" for e in dated["events"])


def test_pages_follow_the_cursor_to_the_end_without_gaps_or_repeats(client, store):
    for fused in (False, True):
        seen, cursor, pages = [], None, 0
        while True:
            params = {"limit": 7, **({"cursor": cursor} if cursor else {}), **({"fused": "true"} if fused else {})}
            page = client.get("/api/v1/events", params=params).json()
            seen += [e["event_id"] for e in page["events"]]
            pages += 1
            assert page["count"] == len(page["events"]) <= 7
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == expected(store, fused=fused) and pages == -(-len(seen) // 7)


def test_json_events_keep_the_contract_keys_and_fused_ones_add_sources(client):
    article = client.get("/api/v1/events", params={"limit": 3}).json()["events"]
    fused = client.get("/api/v1/events", params={"limit": 3, "fused": "true"}).json()["events"]
    assert all(tuple(e) == EVENT_KEYS for e in article)
    assert all(tuple(e) == (*EVENT_KEYS, "sources") and e["sources"] for e in fused)


def test_csv_has_acled_columns_and_every_matching_event(client, store):
    response = client.get("/api/v1/events", params={"format": "csv", "country": "Israel"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    from eventwire.api.acled import event_id_cnty

    assert [r["event_id_cnty"] for r in rows] == [event_id_cnty(e, "ISR") for e in expected(store, country="Israel")]
    assert rows[0]["country"] == "Israel" and rows[0]["iso"] == "376"


def test_geojson_draws_located_events_and_a_limited_export_gives_the_next_cursor(client):
    response = client.get("/api/v1/events", params={"format": "geojson", "limit": 5})
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["eventwire"]["events"] == 5
    assert all(f["geometry"]["type"] == "Point" for f in body["features"])
    nxt = client.get("/api/v1/events", params={"format": "geojson", "limit": 5,
                                               "cursor": response.headers["x-next-cursor"]}).json()
    assert {f["id"] for f in nxt["features"]}.isdisjoint(f["id"] for f in body["features"])
    rest = client.get("/api/v1/events", params={"format": "geojson", "cursor": response.headers["x-next-cursor"]}).json()
    assert rest["eventwire"]["events"] == len(ids(client)) - 5  # no limit: everything after the cursor


def test_points_hold_every_matching_event_with_its_precision(client, store):
    body = client.get("/api/v1/points", params={"country": "Israel"}).json()
    rows = [dict(zip(body["columns"], row, strict=True)) for row in body["points"]]
    assert [r["event_id"] for r in rows] == expected(store, country="Israel")
    by_id = {e.event_id: e for e in query_events(store, EventFilter(country="Israel"))}
    assert all(r["geo_precision"] == by_id[r["event_id"]].geo_precision for r in rows)
    assert {r["geo_precision"] for r in rows} >= {1, 3}  # Ovda Air Base is a site; "Israel" the country


# --- single records ------------------------------------------------------------------------------------

def test_a_fused_event_has_its_sources_lineage_and_claims(client):
    (kharkiv,) = [e for e in client.get("/api/v1/events", params={"near": KHARKIV, "fused": "true"}).json()["events"]
                  if e["location"] == "Kharkiv"]
    record = client.get(f"/api/v1/events/{kharkiv['event_id']}", params={"fused": "true"}).json()
    assert record["kind"] == "fused" and record["event"]["event_id"] == kharkiv["event_id"]
    assert {s["source"] for s in record["sources"]} == {"Demo Wire Service", "Eastern Herald"}
    members = {m["event_id"] for m in record["lineage"]["members"]}
    assert members == {s["event_id"] for s in record["sources"]}
    assert set(record["lineage"]["fields"]["location"]) <= members and record["lineage"]["fields"]["location"]
    assert record["claims"] == []  # nobody claims a Russian strike on Kharkiv in these reports


def test_an_article_event_carries_its_claims_ledger_with_evidence(client):
    events = client.get("/api/v1/events", params={"actor": "Islamic Resistance in Iraq", "limit": 10}).json()["events"]
    claimed = next(e for e in events if e["claimed_by"])
    record = client.get(f"/api/v1/events/{claimed['event_id']}").json()
    assert record["kind"] == "article_event" and record["lineage"]["cluster_id"]
    (claim,) = [c for c in record["claims"] if c["kind"] == "claimed_by"]
    assert claim["who"] == claimed["claimed_by"] and claim["article_id"] == claimed["article_id"]
    assert claim["evidence"] and all(ev["field"] == "claimed_by" for ev in claim["evidence"])


def test_article_spans_are_exact_slices_of_its_text(client):
    for event in client.get("/api/v1/events", params={"limit": 1000}).json()["events"]:
        article = client.get(f"/api/v1/articles/{event['article_id']}").json()
        assert article["id"] == event["article_id"] and article["spans"]
        for span in article["spans"]:
            assert article["text"][span["start"]:span["end"]] == span["text"]
        mine = [(s["start"], s["end"], s["field"]) for s in article["spans"] if s["event_id"] == event["event_id"]]
        assert sorted(mine) == sorted((e["start"], e["end"], e["field"]) for e in event["evidence"])


def test_unknown_ids_are_404_envelopes(client):
    assert_envelope(client.get("/api/v1/events/nope"), 404, "not_found", "event_id")
    assert_envelope(client.get("/api/v1/events/nope", params={"fused": "true"}), 404, "not_found", "event_id")
    assert_envelope(client.get("/api/v1/articles/nope"), 404, "not_found", "article_id")


# --- stats, taxonomy, extract ------------------------------------------------------------------------------

def test_stats_count_the_current_filter(client, store):
    everything = client.get("/api/v1/stats").json()
    ukraine = client.get("/api/v1/stats", params={"country": "Ukraine"}).json()
    fused = client.get("/api/v1/stats", params={"fused": "true"}).json()
    assert everything["events"] == len(expected(store)) and fused["events"] == len(expected(store, fused=True))
    assert ukraine["by_country"] == {"Ukraine": ukraine["events"]} and ukraine["events"] >= 2
    assert sum(ukraine["by_type"].values()) == sum(ukraine["by_week"].values()) == ukraine["events"]
    assert "2024-W35" in ukraine["by_week"]  # the Kharkiv strike, 1 September 2024


def test_taxonomy_lists_acled_types_and_sub_types(client):
    types = client.get("/api/v1/taxonomy").json()["event_types"]
    assert "Air/drone strike" in types["Explosions/Remote violence"] and len(types) == 6


def test_extract_gives_events_and_stores_nothing(client, store):
    before = len(expected(store))
    response = client.post("/api/v1/extract", json={"text": "Gunmen killed five villagers in Beni on Tuesday.",
                                                    "date": "2024-09-12"})
    (event,) = response.json()["events"]
    assert (event["sub_event_type"], event["event_date"], event["fatalities"]) == ("Attack", "2024-09-10", 5)
    assert len(expected(store)) == before


# --- ingest and its token ------------------------------------------------------------------------------------

def test_ingest_is_refused_without_a_configured_token(store):
    body = assert_envelope(_client(store, token=None).post("/api/v1/ingest", json={"records": [{"text": "x"}]}),
                           403, "writes_disabled", None)
    assert "EVENTWIRE_TOKEN" in body["message"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_ingest_needs_the_right_token(client, header):
    headers = {"Authorization": header} if header else {}
    assert_envelope(client.post("/api/v1/ingest", json={"records": [{"text": "x"}]}, headers=headers),
                    401, "unauthorized", "authorization")


def test_ingest_json_records_with_the_cli_rejection_rules(tmp_path):
    from fastapi.testclient import TestClient

    from eventwire.api.server import ServeConfig, create_app

    with open_store(str(tmp_path / "w.db")) as fresh:
        client = TestClient(create_app(ServeConfig(store=fresh, token=TOKEN, geo=False)))
        auth = {"Authorization": f"Bearer {TOKEN}"}
        records = [{"id": "beni-1", "text": "Gunmen killed five villagers in Beni on Tuesday.", "date": "2024-09-12"},
                   {"id": "no-text", "title": "a title and nothing else"}]
        result = client.post("/api/v1/ingest", json={"records": records}, headers=auth).json()
        assert (result["read"], result["ingested"], result["events"]) == (1, 1, 1)
        assert [r["reason"] for r in result["rejections"]] == ["missing_text"]
        again = client.post("/api/v1/ingest", json={"records": records[:1]}, headers=auth).json()
        assert (again["ingested"], again["unchanged"]) == (0, 1)
        assert ids(client) == [e.event_id for e in query_events(fresh)]
        upload = client.post("/api/v1/ingest", headers=auth, files={"file": (
            "../../etc/beni.txt", b"date 2024-09-12\nSoldiers clashed with rebels in Goma on Monday.")}).json()
        assert upload["ingested"] == 1 and not upload["rejections"]
        odd = client.post("/api/v1/ingest", headers=auth, files={"file": ("notes.docx", b"PK\x03\x04")}).json()
        assert odd["read"] == 0 and [r["reason"] for r in odd["rejections"]] == ["unknown_format"]
        assert_envelope(client.post("/api/v1/ingest", headers={**auth, "Content-Type": "text/plain"}, content=b"x"),
                        415, "unsupported_media_type", "content-type")
        assert_envelope(client.post("/api/v1/ingest", headers=auth, json={"records": []}), 422, "invalid", "records")


def test_safe_name_keeps_uploads_in_their_folder():
    from eventwire.api.uploads import safe_name

    assert safe_name("../../etc/passwd.jsonl") == "passwd.jsonl"
    assert safe_name("..\\..\\win.csv.gz") == "win.csv.gz"
    assert safe_name("...") == "upload" and safe_name("") == "upload"


# --- limits, static files, the envelope ------------------------------------------------------------------------

def test_bodies_over_the_cap_are_413_envelopes(client):
    from eventwire.api.server import EXTRACT_MAX_BYTES

    big = json.dumps({"text": "a" * (EXTRACT_MAX_BYTES + 10)})
    assert_envelope(client.post("/api/v1/extract", content=big, headers={"Content-Type": "application/json"}),
                    413, "too_large", None)

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(EXTRACT_MAX_BYTES // 100_000 + 2):
            yield b"a" * 100_000

    assert_envelope(client.post("/api/v1/extract", content=chunks(), headers={"Content-Type": "application/json"}),
                    413, "too_large", None)


@pytest.mark.parametrize("path", ["/static/../server.py", "/static/%2e%2e/server.py", "/static/..%2fserver.py",
                                  "/static/js/../../server.py", "/static/%2e%2e%2f%2e%2e%2fcli/__init__.py",
                                  "/static//etc/passwd"])
def test_static_files_cannot_escape_their_folder(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "create_app" not in response.text and "root:" not in response.text


def test_the_page_and_its_vendored_libraries_are_served_with_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and "<title>eventwire</title>" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    for asset in ("/static/js/app.js", "/static/vendor/leaflet.js", "/static/vendor/countries-50m.json",
                  "/static/vendor/supercluster.min.js", "/static/vendor/topojson-client.min.js"):
        assert client.get(asset).status_code == 200, asset
    assert "swagger-ui-bundle.js" in client.get("/docs").text
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "eventwire"


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code", "field"), [
    ("get", "/api/v1/events", {"params": {"since": "March"}}, 422, "invalid", "since"),
    ("get", "/api/v1/events", {"params": {"until": "2024-13-01"}}, 422, "invalid", "until"),
    ("get", "/api/v1/events", {"params": {"near": "1,2"}}, 422, "invalid", "near"),
    ("get", "/api/v1/events", {"params": {"near": "91,0,5"}}, 422, "invalid", "near"),
    ("get", "/api/v1/events", {"params": {"bbox": "10,10,0,0"}}, 422, "invalid", "bbox"),
    ("get", "/api/v1/events", {"params": {"bbox": "a,b,c,d"}}, 422, "invalid", "bbox"),
    ("get", "/api/v1/events", {"params": {"limit": 0}}, 422, "invalid", "limit"),
    ("get", "/api/v1/events", {"params": {"limit": 5000}}, 422, "invalid", "limit"),
    ("get", "/api/v1/events", {"params": {"format": "xml"}}, 422, "invalid", "format"),
    ("get", "/api/v1/events", {"params": {"fused": "maybe"}}, 422, "invalid", "fused"),
    ("get", "/api/v1/events", {"params": {"cursor": "not-a-cursor"}}, 422, "invalid", "cursor"),
    ("get", "/api/v1/stats", {"params": {"since": "yesterday"}}, 422, "invalid", "since"),
    ("get", "/api/v1/points", {"params": {"bbox": "1,2,3"}}, 422, "invalid", "bbox"),
    ("post", "/api/v1/extract", {"json": {"date": "2024-01-01"}}, 422, "invalid", "text"),
    ("post", "/api/v1/extract", {"json": {"text": "x", "date": "soon"}}, 422, "invalid", "date"),
    ("post", "/api/v1/extract", {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
     422, "invalid", None),
    ("get", "/api/v1/nothing", {}, 404, "not_found", None),
    ("delete", "/api/v1/events", {}, 405, "method_not_allowed", None),
])
def test_every_error_is_one_envelope(client, method, path, kwargs, status, code, field):
    response = getattr(client, method)(path, **kwargs)
    error = assert_envelope(response, status, code, field if field != "None" else None)
    if field:
        assert field in error["message"]


def test_cli_and_api_say_the_same_about_a_bad_filter(client, served_db):
    from click.testing import CliRunner

    from eventwire.cli import main

    api = client.get("/api/v1/events", params={"near": "1,2"}).json()["error"]["message"]
    cli = CliRunner().invoke(main, ["events", "--db", str(served_db), "--near", "1,2"])
    assert cli.exit_code == 2 and api.split(": ", 1)[1] in cli.output and "--near" in cli.output


def test_the_serving_queries_compile_for_postgresql():
    from sqlalchemy.dialects import postgresql

    from eventwire.api.filters import build_filter
    from eventwire.api.query import Cursor, events_select, points_select

    everything = build_filter(since="2024-01-01", country="IRQ", type="Battles", actor="RSF", text="drone",
                              near="33.3,44.4,50", bbox="40,30,50,40")
    for fused in (False, True):
        for after in (Cursor(event_date="2024-03-01", event_id="e1"), Cursor(event_date=None, event_id="e1")):
            for select in (events_select, points_select):
                sql = str(select(replace(everything, after=after), fused=fused).compile(dialect=postgresql.dialect()))
                assert "NULLS FIRST" in sql and "instr" not in sql.lower()
        assert "strpos(" in str(points_select(everything, fused=fused).compile(dialect=postgresql.dialect()))
