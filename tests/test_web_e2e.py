"""The web page end to end in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright),
served by uvicorn on 127.0.0.1 over the demo store plus one hostile article.

Screenshots go to ``test-output/`` at the repository root (gitignored).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("fastapi", reason="the [serve] extra is installed by `make`")
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
OUT = Path(__file__).resolve().parents[1] / "test-output"
pytestmark = [
    pytest.mark.slow,  # a browser, a server and the demo ingest: about a minute
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def server(served_db):
    import uvicorn

    from eventwire.api.server import ServeConfig, create_app
    from eventwire.store import open_store

    store = open_store(str(served_db), create=False)
    config = uvicorn.Config(create_app(ServeConfig(store=store, geo=False)), host="127.0.0.1", port=0,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    OUT.mkdir(exist_ok=True)
    opened.screenshot(path=str(OUT / f"{request.node.name}.png"))
    context.close()
    assert not errors, errors


def load(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true][data-busy=false]", timeout=30_000)


def settle(page) -> None:
    page.wait_for_selector("body[data-busy=false]", timeout=30_000)


def counts(page) -> dict[str, int]:
    return page.evaluate("""() => ({
        events: +document.getElementById('counts').dataset.events,
        located: +document.getElementById('counts').dataset.located,
        listed: document.querySelectorAll('#list li').length,
        drawn: +document.getElementById('map').dataset.markers + +document.getElementById('map').dataset.clusters,
        mapLocated: +document.getElementById('map').dataset.located,
    })""")


def api(page, base: str, path: str) -> dict:
    return json.loads(page.request.get(f"{base}/api/v1{path}").text())


def test_the_page_loads_the_demo_store_on_a_map_timeline_and_list(page, server):
    load(page, server)
    total = api(page, server, "/stats")["events"]
    c = counts(page)
    assert c["events"] == total and c["listed"] == min(total, 100)
    assert c["located"] == c["mapLocated"] > 0 and c["drawn"] > 0
    assert page.locator("#timeline svg rect.bar").count() > 5
    assert page.locator("#filters select[name=type] option").count() == 7  # any + ACLED's six types


def test_a_filter_changes_the_map_and_list_counts_and_lives_in_the_url(page, server):
    load(page, server)
    before = counts(page)
    page.select_option("#filters select[name=type]", "Battles")
    page.click("#filters button[type=submit]")
    settle(page)
    after = counts(page)
    battles = api(page, server, "/stats?type=Battles")
    assert after["events"] == after["listed"] == battles["events"] < before["events"]
    assert after["located"] == after["mapLocated"] == battles["located"] < before["located"]
    assert parse_qs(urlparse(page.url).query)["type"] == ["Battles"]
    battle_kinds = ("Armed clash", "Government regains territory", "Non-state actor overtakes territory")
    assert all(t.endswith(battle_kinds) for t in page.locator("#list li .l1").all_inner_texts())
    # The URL alone gives the same view (a shared link).
    load(page, page.url)
    assert counts(page)["events"] == battles["events"]
    assert page.input_value("#filters select[name=type]") == "Battles"
    csv = page.request.get(server + page.get_attribute("#export-csv", "href")).text().strip().splitlines()
    assert len(csv) - 1 == battles["events"]
    geojson = json.loads(page.request.get(server + page.get_attribute("#export-geojson", "href")).text())
    assert geojson["eventwire"]["events"] == battles["events"]


def test_the_list_can_follow_the_map_view(page, server):
    load(page, server)
    total = counts(page)["listed"]
    page.check("#in-view")
    settle(page)
    for _ in range(3):
        page.click(".leaflet-control-zoom-in")
        page.wait_for_timeout(400)
    settle(page)
    page.wait_for_timeout(300)
    settle(page)
    view = page.get_attribute("#map", "data-view")
    inside = api(page, server, f"/stats?bbox={view}")["events"]
    assert counts(page)["listed"] == inside < total


def test_the_timeline_brush_narrows_the_dates(page, server):
    load(page, server)
    before = counts(page)["events"]
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.65, y, steps=5)
    page.mouse.up()
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    since, until = query["since"][0], query["until"][0]
    assert since < until and page.input_value("#filters input[name=since]") == since
    after = counts(page)
    expected = api(page, server, f"/stats?since={since}&until={until}")["events"]
    assert 0 < after["events"] == expected < before and after["listed"] == expected
    dates = [t.split(" · ")[0] for t in page.locator("#list li .l1").all_inner_texts()]
    assert dates and all(since <= d <= until for d in dates)


def test_an_events_detail_shows_its_evidence_highlighted_at_the_right_words(page, server):
    load(page, f"{server}/?fused=true&near=49.99,36.23,30")
    page.locator("#list li", has_text="Shelling").first.click()
    page.wait_for_selector(".article-text mark")
    record = api(page, server, f"/events/{page.get_attribute('#detail-body', 'data-event-id')}?fused=true")
    assert record["event"]["location"] == "Kharkiv"
    shown = page.evaluate("""() => {
        const box = document.querySelector('.article-text');
        const text = (node) => [...node.childNodes].map(n => n.nodeType === 3 ? n.textContent
            : (n.matches('sup.lbl') ? '' : text(n))).join('');
        return {article: box.dataset.articleId, event: box.dataset.eventId, all: text(box),
                marks: [...box.querySelectorAll('mark')].map(m => ({start: +m.dataset.start, end: +m.dataset.end,
                         fields: m.dataset.field.split(' '), text: text(m)}))};
    }""")
    article = api(page, server, f"/articles/{shown['article']}")
    assert shown["all"] == article["text"]  # the labels aside, the text is the article's, unaltered
    for mark in shown["marks"]:
        assert mark["text"] == article["text"][mark["start"]:mark["end"]]
    spans = [s for s in article["spans"] if s["event_id"] == shown["event"]]
    marked = {(m["start"], m["end"], f) for m in shown["marks"] for f in m["fields"]}
    assert {(s["start"], s["end"], s["field"]) for s in spans} == marked
    (place,) = [m for m in shown["marks"] if "location" in m["fields"]]
    assert place["text"] == "Kharkiv"
    assert page.locator(".article-text sup.lbl", has_text="location").count() == 1
    assert page.locator("#detail .sources li").count() == 2  # a fused event: both outlets
    assert "fused" in parse_qs(urlparse(page.url).query) and "event" in parse_qs(urlparse(page.url).query)


def test_a_hostile_article_stays_inert(page, server):
    # text matches article words too, and the demo's own Beni article says "villagers": only this one says "forest"
    load(page, f"{server}/?text=forest")
    page.locator("#list li", has_text="Beni").first.click()
    page.wait_for_selector(".article-text mark")
    text = page.inner_text(".article-text")
    assert "<script>window.__pwned='text'</script>" in text and "onerror=" in text
    assert "<img src=x onerror" in page.inner_text("#detail-body")  # the title, shown as text
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#detail img, #detail script, #list img, #list script").count() == 0
    article = page.get_attribute(".article-text", "data-article-id")
    assert api(page, server, f"/articles/{article}")["source"].startswith("<script>")
