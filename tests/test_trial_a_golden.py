"""The trial A golden corpus (``tests/fixtures/trial_a``): fresh articles written, with their gold, before
any run of eventwire on them, to measure whole-article event-level accuracy away from the demo corpus.

Two halves of 12 articles each (``tune``: errors may be read to find general causes; ``heldout``: only its
scores are read). Each half is a golden corpus in the ``examples/`` format; this test checks the format
cheaply and never runs the pipeline (``eventwire eval tests/fixtures/trial_a/tune tests/fixtures/trial_a/heldout``
scores them).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from eventwire.taxonomy import BY_NAME

TRIAL = Path(__file__).resolve().parent / "fixtures" / "trial_a"
HALVES = ("tune", "heldout")
FIELDS = ("event_date", "sub_event_type", "event_type", "actor1", "actor2", "location", "country", "latitude",
          "longitude", "geo_precision", "fatalities", "claimed_by", "denied_by")
GENERIC = re.compile(r"^(Civilians|Protesters|Rioters|Unidentified Armed Group) \([^)]+\)$")


def _golden(half: str) -> list[dict[str, Any]]:
    with (TRIAL / half / "golden.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _published(path: Path) -> dt.date:
    m = re.match(r"date (\d{4}-\d{2}-\d{2})\n", path.read_text(encoding="utf-8"))
    assert m, f"{path.name}: first line must be 'date YYYY-MM-DD'"
    return dt.date.fromisoformat(m.group(1))


@pytest.mark.parametrize("half", HALVES)
def test_each_article_has_one_golden_line(half: str) -> None:
    lines = _golden(half)
    files = sorted(p.relative_to(TRIAL / half).as_posix() for p in (TRIAL / half / "articles").glob("*.txt"))
    assert len(files) == 12
    assert sorted(g["file"] for g in lines) == files
    assert all(g["article_id"] is None and g["comment"] for g in lines)


@pytest.mark.parametrize("half", HALVES)
def test_events_follow_the_golden_format(half: str) -> None:
    for g in _golden(half):
        path = TRIAL / half / g["file"]
        words = len(path.read_text(encoding="utf-8").split())
        assert 150 <= words <= 600, f"{g['file']}: {words} words"
        published = _published(path)
        assert g["events"], f"{g['file']}: every trial article reports at least one event"
        for e in g["events"]:
            assert tuple(e) == FIELDS, g["file"]
            sub = BY_NAME[e["sub_event_type"]]
            assert e["event_type"] == sub.event_type
            assert dt.date.fromisoformat(e["event_date"]) <= published + dt.timedelta(days=1)
            assert e["geo_precision"] in (1, 2, 3)
            if e["latitude"] is None:
                assert e["longitude"] is None and e["geo_precision"] == 3
            else:
                assert -90 <= e["latitude"] <= 90 and -180 <= e["longitude"] <= 180
            assert e["fatalities"] is None or (isinstance(e["fatalities"], int) and e["fatalities"] >= 0)
            for actor in (e["actor1"], e["claimed_by"], e["denied_by"]):
                assert actor is None or isinstance(actor, str) and actor.strip() == actor
            for actor in (e["actor1"], e["actor2"]):
                m = GENERIC.match(actor or "")
                assert not m or actor.endswith(")"), actor


def test_halves_are_alike() -> None:
    """Both halves code several events per article and cover several event types."""
    for half in HALVES:
        events = [e for g in _golden(half) for e in g["events"]]
        assert 25 <= len(events) <= 40
        assert len({e["event_type"] for e in events}) >= 5
        assert len({e["country"] for e in events}) >= 9


#: Event F1 on main after the rules of tests/test_extract_event_level.py went in and every head was
#: retrained on the merged state (tune 0.610, held-out 0.610; on the branch, with the older heads, the tune
#: half gave 0.655), minus 0.03 so one article's change of a geoparse does not fail the suite. Raise them
#: when event-level work lifts the held-out half; the tune half is read for errors, the held-out half is not.
EVENT_F1_FLOOR = {"tune": 0.58, "heldout": 0.58}


@pytest.mark.slow
@pytest.mark.parametrize("half", HALVES)
def test_event_f1_floor(half: str) -> None:
    from eventwire.evaluate.run_golden import evaluate_golden

    result = evaluate_golden(TRIAL / half)
    assert result.metrics["event_f1"] >= EVENT_F1_FLOOR[half], result.metrics["event_f1"]
