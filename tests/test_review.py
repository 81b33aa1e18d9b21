"""The review loop on the demo corpus: corrections stored apart, applied on every read, kept across re-extraction."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.api import review
from eventwire.api.query import EventFilter, query_events, query_fused
from eventwire.cli import main
from eventwire.errors import ReviewError
from eventwire.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EL_FASHER = EXAMPLES / "articles" / "sudan-el-fasher-shelling-2024-06-16.txt"


def invoke(*args: str, who: str = "Ana"):
    return CliRunner(env={"EVENTWIRE_REVIEWER": who}).invoke(main, list(args))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("review") / "demo.db"
    result = invoke("ingest", str(EXAMPLES / "articles"), "--db", str(db), "--no-geo")
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture()
def db(demo_db, tmp_path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    return copy


def events_json(db: Path, *extra: str) -> list[dict]:
    result = invoke("events", "--db", str(db), "--format", "jsonl", *extra)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def el_fasher(db: Path) -> dict:
    (event,) = [e for e in events_json(db) if e["event_date"] == "2024-06-15"
                and e["sub_event_type"] == "Shelling/artillery/missile attack"]
    return event


def test_edit_is_applied_on_every_read_and_export(db, tmp_path):
    event = el_fasher(db)
    assert event["fatalities"] == 5
    done = invoke("review", "edit", event["event_id"], "fatalities", "7", "--db", str(db),
                  "--why", "the committee updated the toll")
    assert done.exit_code == 0, done.output
    assert el_fasher(db)["fatalities"] == 7
    out = tmp_path / "out.csv"
    assert invoke("export", str(out), "--db", str(db)).exit_code == 0
    rows = [r for r in csv.DictReader(out.open()) if r["actor1"] == "RSF: Rapid Support Forces"]
    assert [r["fatalities"] for r in rows] == ["7"]
    with open_store(str(db)) as store:
        (api_event,) = [e for e in query_events(store) if e.event_id == event["event_id"]]
        (fused,) = [e for e in query_fused(store) if any(s.event_id == event["event_id"] for s in e.sources)]
    assert api_event.fatalities == 7 and fused.fatalities == 7
    # the extracted value stays in the store, untouched
    with open_store(str(db)) as store, store.read() as conn:
        stored = conn.exec_driver_sql("SELECT fatalities FROM events WHERE event_id = ?", (event["event_id"],))
        assert stored.scalar() == 5


def test_filters_see_the_corrected_value(db):
    event = el_fasher(db)
    assert event["event_id"] not in [e["event_id"] for e in events_json(db, "--actor", "Sudanese Armed")]
    invoke("review", "edit", event["event_id"], "actor1", "SAF: Sudanese Armed Forces", "--db", str(db),
           "--why", "the army fired the shells, per a second source")
    assert [e["event_id"] for e in events_json(db, "--actor", "Sudanese Armed")] == [event["event_id"]]
    assert event["event_id"] not in [e["event_id"] for e in events_json(db, "--actor", "Rapid Support")]


def test_sub_type_edit_brings_its_event_type(db):
    event = el_fasher(db)
    invoke("review", "edit", event["event_id"], "sub_event_type", "Armed clash", "--db", str(db), "--why", "clash")
    (after,) = [e for e in events_json(db) if e["event_id"] == event["event_id"]]
    assert (after["event_type"], after["cameo_code"]) == ("Battles", "190")
    assert [e["event_id"] for e in events_json(db, "--type", "Battles")].count(event["event_id"]) == 1


def test_reject_hides_everywhere_and_accept_restores(db):
    event = el_fasher(db)
    before = len(events_json(db))
    assert invoke("review", "reject", event["event_id"], "--db", str(db), "--why", "duplicate wire").exit_code == 0
    assert len(events_json(db)) == before - 1
    assert event["event_id"] not in {s["event_id"] for e in events_json(db, "--fused") for s in e["sources"]}
    assert invoke("review", "accept", event["event_id"], "--db", str(db)).exit_code == 0
    assert len(events_json(db)) == before


def test_merge_folds_one_event_into_another(db):
    kharkiv = [e for e in events_json(db) if e["sub_event_type"] == "Shelling/artillery/missile attack"
               and e["event_date"] == "2024-09-01"]  # two outlets' reports of one strike
    keep, other = kharkiv[0], kharkiv[1]
    done = invoke("review", "merge", keep["event_id"], other["event_id"], "--db", str(db), "--why", "same strike")
    assert done.exit_code == 0, done.output
    ids = [e["event_id"] for e in events_json(db)]
    assert keep["event_id"] in ids and other["event_id"] not in ids
    assert invoke("review", "merge", keep["event_id"], keep["event_id"], "--db", str(db), "--why", "x").exit_code == 1


def test_split_adds_a_copy_to_edit(db):
    event = el_fasher(db)
    done = invoke("review", "split", event["event_id"], "--db", str(db), "--why", "two shellings that day")
    copy = done.stdout.split("new event ", 1)[1].split()[0]
    assert copy.startswith(event["event_id"] + "~")
    edit = invoke("review", "edit", copy, "fatalities", "2", "--db", str(db), "--why", "second shelling")
    assert edit.exit_code == 0, edit.output
    both = {e["event_id"]: e["fatalities"] for e in events_json(db) if e["event_id"].startswith(event["event_id"])}
    assert both == {event["event_id"]: 5, copy: 2}
    invoke("review", "reject", copy, "--db", str(db), "--why", "on reflection, one event")
    assert [e["event_id"] for e in events_json(db)].count(copy) == 0


def test_every_correction_records_who_when_why(db):
    event = el_fasher(db)
    missing_why = invoke("review", "reject", event["event_id"], "--db", str(db))
    assert missing_why.exit_code == 1 and "--why" in missing_why.stderr
    missing_who = invoke("review", "reject", event["event_id"], "--db", str(db), "--why", "x", who="")
    assert missing_who.exit_code == 1 and "--who" in missing_who.stderr
    invoke("review", "edit", event["event_id"], "injuries", "11", "--db", str(db), "--why", "hospital figure",
           who="Bo")
    log = invoke("review", "log", event["event_id"], "--db", str(db), "--format", "jsonl")
    (entry,) = [json.loads(line) for line in log.stdout.splitlines()]
    assert (entry["who"], entry["why"], entry["field"], entry["value"]) == ("Bo", "hospital figure", "injuries", 11)
    assert entry["created_at"].startswith("20") and entry["span_text"]


def test_bad_field_and_value_say_what_fits(db):
    event = el_fasher(db)
    bad_field = invoke("review", "edit", event["event_id"], "colour", "red", "--db", str(db), "--why", "x")
    assert bad_field.exit_code == 1 and "fatalities" in bad_field.stderr
    bad_type = invoke("review", "edit", event["event_id"], "sub_event_type", "Skirmish", "--db", str(db), "--why", "x")
    assert bad_type.exit_code == 1 and "Armed clash" in bad_type.stderr
    no_event = invoke("review", "accept", "nosuch", "--db", str(db))
    assert no_event.exit_code == 1 and "no event nosuch" in no_event.stderr


def test_list_by_confidence_and_status(db):
    listed = invoke("review", "list", "--db", str(db), "--by-confidence", "--format", "jsonl")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == len(events_json(db))
    assert [r["confidence"] for r in rows] == sorted(r["confidence"] for r in rows)
    least = rows[0]["event_id"]
    invoke("review", "accept", least, "--db", str(db))
    again = invoke("review", "list", "--db", str(db), "--by-confidence", "--limit", "1", "--format", "jsonl")
    assert json.loads(again.stdout)["event_id"] != least
    reviewed = invoke("review", "list", "--db", str(db), "--status", "reviewed", "--format", "jsonl")
    assert [(json.loads(x)["event_id"], json.loads(x)["review_status"]) for x in reviewed.stdout.splitlines()] == [
        (least, "accepted")]


def test_export_reviewed_and_unreviewed_partition_the_events(db, tmp_path):
    event = el_fasher(db)
    invoke("review", "accept", event["event_id"], "--db", str(db))
    total = len(events_json(db))
    assert [e["event_id"] for e in events_json(db, "--reviewed")] == [event["event_id"]]
    assert len(events_json(db, "--unreviewed")) == total - 1
    out = tmp_path / "reviewed.jsonl"
    assert invoke("export", str(out), "--db", str(db), "--reviewed").exit_code == 0
    assert [json.loads(line)["event_id"] for line in out.read_text().splitlines()] == [event["event_id"]]


def test_python_api_does_the_same(db):
    with open_store(str(db)) as store:
        queue = review.review_queue(store, EventFilter(country=None), by_confidence=True)
        first = queue[0].event
        review.edit(store, first.event_id, "location", "Tawila", who="Ana", why="named in a later report")
        copy = review.split(store, first.event_id, who="Ana", why="two events")
        assert {e.event_id: e.location for e in query_events(store, EventFilter(reviewed=True))} == {
            first.event_id: "Tawila", copy: "Tawila"}
        with pytest.raises(ReviewError, match="why"):
            review.reject(store, first.event_id, who="Ana", why=" ")


# --------------------------------------------------------------------------- re-extraction


def _jsonl(path: Path, text: str) -> Path:
    path.write_text(json.dumps({"id": "el-fasher-1", "date": "2024-06-16", "text": text}) + "\n")
    return path


def test_reviews_survive_reextraction_and_orphans_are_listed(tmp_path):
    db = tmp_path / "r.db"
    body = EL_FASHER.read_text().split("\n", 1)[1]
    first = _jsonl(tmp_path / "v1.jsonl", body)
    assert invoke("ingest", str(first), "--db", str(db), "--no-geo").exit_code == 0
    (event,) = events_json(db)
    invoke("review", "edit", event["event_id"], "fatalities", "6", "--db", str(db), "--why", "one more died")
    # version 2: an editor's note on top shifts every span, so the event comes back under a new id
    second = _jsonl(tmp_path / "v2.jsonl", "Updated at 18:00 with the committee's statement.\n\n" + body)
    assert invoke("ingest", str(second), "--db", str(db), "--no-geo").exit_code == 0
    (again,) = events_json(db)
    assert again["event_id"] != event["event_id"] and again["fatalities"] == 6
    assert invoke("review", "orphans", "--db", str(db), "--format", "jsonl").stdout == ""
    # version 3: the shelling paragraph is gone; the correction is kept and listed, applied to nothing
    third = _jsonl(tmp_path / "v3.jsonl", "El Fasher is the last major city in the Darfur region not under RSF "
                                          "control, residents said on Saturday.")
    assert invoke("ingest", str(third), "--db", str(db), "--no-geo").exit_code == 0
    orphans = invoke("review", "orphans", "--db", str(db), "--format", "jsonl")
    (orphan,) = [json.loads(line) for line in orphans.stdout.splitlines()]
    assert (orphan["event_id"], orphan["field"], orphan["value"]) == (event["event_id"], "fatalities", 6)


def test_reviews_survive_a_new_extractor_version(tmp_path):
    """Re-extraction under another extractor version that ids events differently re-anchors by span."""
    from eventwire.extract import extract_articles
    from eventwire.geo.protocol import NullGeoparser
    from eventwire.ingest import read_inputs
    from eventwire.store import RunInfo

    db = tmp_path / "x.db"
    first = _jsonl(tmp_path / "v1.jsonl", EL_FASHER.read_text().split("\n", 1)[1])
    invoke("ingest", str(first), "--db", str(db), "--no-geo")
    (event,) = events_json(db)
    invoke("review", "edit", event["event_id"], "admin1", "North Darfur", "--db", str(db), "--why", "state named")
    (article,) = read_inputs([str(first)])
    (result,) = extract_articles([article], geoparser=NullGeoparser())
    renamed = tuple(dataclasses.replace(e, event_id="v9-" + e.event_id, extractor_version="rules-9.9")
                    for e in result.events)
    changed = dataclasses.replace(result, article=dataclasses.replace(article, text=article.text + "\n"),
                                  events=renamed)
    with open_store(str(db)) as store:
        store.begin_run(RunInfo(run_id="v9", eventwire_version="x", extractor_version="rules-9.9",
                                model_version="x", gazetteer_version="x", config_hash="x"))
        store.write_batch("v9", [changed])
        (now,) = query_events(store)
        assert review.orphans(store) == []
    assert (now.event_id, now.extractor_version, now.admin1) == ("v9-" + event["event_id"], "rules-9.9", "North Darfur")


def test_review_rows_are_not_in_the_event_json(db):
    event = el_fasher(db)
    invoke("review", "accept", event["event_id"], "--db", str(db))
    (after,) = [e for e in events_json(db) if e["event_id"] == event["event_id"]]
    assert after == event  # accepting changes no value and adds no key to the contract


def test_country_edits_keep_name_and_code_together(db):
    event = el_fasher(db)
    done = invoke("review", "edit", event["event_id"], "country", "TCD", "--db", str(db), "--why", "across the border")
    assert done.exit_code == 0, done.output
    (after,) = [e for e in events_json(db, "--country", "TCD")]
    assert (after["event_id"], after["country"], after["iso3"]) == (event["event_id"], "Chad", "TCD")
    bad = invoke("review", "edit", event["event_id"], "country", "Sudann", "--db", str(db), "--why", "x")
    assert bad.exit_code == 1 and "did you mean Sudan" in bad.stderr
