"""Schema-driven fuzzing of our own OpenAPI (schemathesis): no input makes the server fail (5xx), and every
error it gives is the one envelope. Bounded: a fixed number of examples per operation, no deadline games.
"""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("fastapi", reason="the [serve] extra is installed by `make`")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402

pytestmark = pytest.mark.timeout(300)

TOKEN = "fuzz-token"


@pytest.fixture(scope="module")
def api_schema(served_db, tmp_path_factory):
    from eventwire.api.server import ServeConfig, create_app
    from eventwire.store import open_store

    copy = tmp_path_factory.mktemp("fuzz") / "fuzz.db"  # ingest fuzzing writes: keep the shared store clean
    shutil.copy(served_db, copy)
    store = open_store(str(copy), create=False)
    app = create_app(ServeConfig(store=store, token=TOKEN, geo=False))
    yield schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    store.close()


def test_no_input_makes_the_server_fail(api_schema):
    from hypothesis import given

    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/articles/{article_id}",
                                              "/api/v1/stats", "/api/v1/extract", "/api/v1/ingest", "/api/v1/points"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:500]}")
            if response.status_code >= 400:
                body = response.json()
                assert list(body) == ["error"] and set(body["error"]) == {"code", "message", "field"}, response.text

        check()
