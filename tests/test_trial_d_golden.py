"""The trial_d field-accuracy corpus (``tests/fixtures/trial_d/{tune,heldout}``) is a valid golden corpus.

Written before the pipeline was run on it; ``tune`` is for reading errors, ``heldout`` only for scoring.
Cheap checks, no pipeline: every file exists and is dated, every event's sub-type is an exact TAXONOMY
string under its event type, dates are real and not after publication + 1 day, coordinates are in
range, actor names are canonical (known to the actor KB), and both halves are the same size.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from eventwire.countries import acled_country_names
from eventwire.extract.actors import ActorKB, load_actor_kb
from eventwire.taxonomy import BY_NAME

ROOT = Path(__file__).resolve().parent / "fixtures" / "trial_d"
HALVES = ("tune", "heldout")
FIELDS = {"event_date", "sub_event_type", "event_type", "actor1", "actor2", "location", "country",
          "latitude", "longitude", "geo_precision", "fatalities", "claimed_by", "denied_by"}


def _golden(half: str) -> list[dict[str, Any]]:
    with (ROOT / half / "golden.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _is_canonical(kb: ActorKB, name: str) -> bool:
    """Known to the actor KB, or an ACLED state/generic name for an ACLED country the KB may lack (Kosovo)."""
    if kb.by_name(name) is not None:
        return True
    m = re.fullmatch(r"(?:(?:Military|Police) Forces of (?:the )?(.+)|(?:Civilians|Protesters|Rioters|"
                     r"Unidentified Armed Group) \((.+)\))", name)
    return bool(m) and (m.group(1) or m.group(2)) in set(acled_country_names().values())


def _publication_date(path: Path) -> dt.date:
    m = re.match(r"date (\d{4}-\d{2}-\d{2})\n", path.read_text(encoding="utf-8"))
    assert m, f"{path.name}: first line must be 'date YYYY-MM-DD'"
    return dt.date.fromisoformat(m.group(1))


@pytest.mark.parametrize("half", HALVES)
def test_every_article_has_one_golden_record_and_a_date(half: str) -> None:
    records = _golden(half)
    files = {p.relative_to(ROOT / half).as_posix() for p in (ROOT / half / "articles").glob("*.txt")}
    assert sorted(r["file"] for r in records) == sorted(files)
    assert len(records) == 12
    for path in (ROOT / half / "articles").glob("*.txt"):
        words = len(path.read_text(encoding="utf-8").split())
        assert 150 <= words <= 520, f"{path.name}: {words} words"


@pytest.mark.parametrize("half", HALVES)
def test_every_golden_event_is_well_formed(half: str) -> None:
    kb = load_actor_kb()
    for record in _golden(half):
        published = _publication_date(ROOT / half / record["file"])
        assert record["article_id"] is None and record["comment"]
        for event in record["events"]:
            assert set(event) == FIELDS, record["file"]
            assert BY_NAME[event["sub_event_type"]].event_type == event["event_type"]
            assert dt.date.fromisoformat(event["event_date"]) <= published + dt.timedelta(days=1)
            assert -90 <= event["latitude"] <= 90 and -180 <= event["longitude"] <= 180
            assert event["geo_precision"] in (1, 2, 3)
            assert event["fatalities"] is None or event["fatalities"] >= 0
            for role in ("actor1", "actor2", "claimed_by", "denied_by"):
                name = event[role]
                assert name is None or _is_canonical(kb, name), f"{record['file']}: {role} {name!r}"
