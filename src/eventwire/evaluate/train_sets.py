"""Labelled sets for the learned typer: each public set read as ``LabelledText``s with its ACLED label map.

A label is the set of ACLED sub-event types (or ``NONE``) the source label allows: one for a clear mapping,
several for an ambiguous one ("armed_assault" is Attack or Armed clash). Training resolves an ambiguous
label only where the rules' own proposal is one of the allowed types, and never scores on it.

The maps follow the sets' own README (``train/README.md`` beside the development data); the folds are
fixed by a hash of each record's id, so a record never drifts between training and test.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.extract.classify import NONE

ATTACKS = frozenset({"Attack", "Armed clash"})
REMOTE = frozenset({"Remote explosive/landmine/IED", "Grenade", "Suicide bomb", "Shelling/artillery/missile attack"})
PROTESTS = frozenset({"Peaceful protest", "Protest with intervention", "Violent demonstration"})

CASE_MAP = {
    "AIR_STRIKE": "Air/drone strike", "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED", "GRENADE": "Grenade", "SUIC_BOMB": "Suicide bomb",
    "CHEM_WEAP": "Chemical weapon", "ARMED_CLASH": "Armed clash", "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory", "ATTACK": "Attack",
    "SEX_VIOL": "Sexual violence", "ABDUCT_DISSAP": "Abduction/forced disappearance", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters", "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence", "AGREEMENT": "Agreement", "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class LabelledText:
    """One labelled text: the allowed labels (one: a clear label), its source set and publication date."""

    id: str
    source: str
    text: str
    labels: frozenset[str]
    date: str | None = None
    actor1: str | None = None  # the gold actor1's words, where the set gives them
    actor2: str | None = None

    @property
    def clear(self) -> bool:
        return len(self.labels) == 1


def fold_of(record_id: str, k: int = 5) -> int:
    """The record's fold, fixed by its id (so no record ever drifts between train and test)."""
    return int(hashlib.sha256(record_id.encode()).hexdigest()[:8], 16) % k


def _lines(path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def case(path: Path) -> Iterator[LabelledText]:
    for r in _lines(path):
        yield LabelledText(id=r["id"], source="case2021", text=r["text"], labels=frozenset({CASE_MAP.get(r["label"], NONE)}))


def own_annotations(folder: Path) -> Iterator[LabelledText]:
    """eventwire's own labelled set (``data/annotations/*.jsonl`` in the repository)."""
    for path in sorted(folder.glob("*.jsonl")):
        for r in _lines(path):
            a1, a2 = r.get("actor1"), r.get("actor2")
            yield LabelledText(id=r["id"], source="eventwire", text=r["text"], labels=frozenset({r["label"] or NONE}),
                               date=r.get("date"), actor1=a1["text"] if a1 else None, actor2=a2["text"] if a2 else None)


_SATP = {"kidnapping": {"Abduction/forced disappearance"}, "bombing_explosion": set(REMOTE),
         "armed_assault": set(ATTACKS), "other_attack": {"Attack", "Looting/property destruction"}}


def satp(path: Path) -> Iterator[LabelledText]:
    for r in _lines(path):
        allowed: set[str] = set()
        for lab in r["labels"]:
            allowed |= _SATP[lab]
        yield LabelledText(id=r["id"], source="satp", text=r["text"], labels=frozenset(allowed))


_M2E2 = {"Conflict:Attack": ATTACKS | REMOTE | {"Air/drone strike"}, "Conflict:Demonstrate": PROTESTS,
         "Justice:Arrest-Jail": frozenset({"Arrests"})}
_M2E2_CUES = {"Life:Die", "Life:Injure"}  # a death or injury told alone may still be an ACLED event


def m2e2(path: Path) -> Iterator[LabelledText]:
    for r in _lines(path):
        types = {e["type"] for e in r["events"]}
        allowed: set[str] = set()
        for t in types:
            allowed |= _M2E2.get(t, set())
        if not allowed and types & _M2E2_CUES:
            continue
        yield LabelledText(id=r["id"], source="m2e2", text=r["text"], labels=frozenset(allowed or {NONE}))


def india_police(path: Path) -> Iterator[LabelledText]:
    """Arrests only, and police killings or force (ambiguous); unlabelled sentences are left out: in
    reports of the 2002 Gujarat riots they often tell riots the set does not label."""
    for r in _lines(path):
        labels = set(r["labels"])
        if "ARREST" in labels:
            allowed: set[str] = {"Arrests"}
        elif labels & {"KILL", "FORCE"}:
            allowed = {"Attack", "Excessive force against protesters", "Armed clash", "Protest with intervention"}
        else:
            continue
        yield LabelledText(id=r["id"], source="india_police", text=r["text"], labels=frozenset(allowed), date=r.get("date"))


def cameo_class(path: Path) -> Iterator[LabelledText]:
    for r in _lines(path):
        lab = int(r["label"])
        if lab in (0, 3):
            allowed: frozenset[str] = frozenset({NONE})
        elif lab in (1, 2):
            allowed = frozenset({"Agreement", NONE})
        else:
            allowed = ATTACKS | REMOTE | {"Air/drone strike", "Peaceful protest", "Violent demonstration", "Arrests"}
        yield LabelledText(id=r["id"], source="cameo_class", text=r["text"], labels=allowed)


_PLOVER_NONE = {"DEMAND", "REJECT", "THREATEN", "DISAPPROVE", "SANCTION", "SUPPORT", "CONCEDE", "CONSULT", "AID",
                "INVESTIGATE", "COOPERATE"}


def _plover_labels(event: str, mode: str | None) -> frozenset[str]:
    m = (mode or "").lower()
    if event in _PLOVER_NONE:
        return frozenset({NONE})
    if event == "PROTEST":
        return frozenset({"Peaceful protest"}) if m.startswith("demo") else frozenset(
            {"Violent demonstration"}) if m.startswith("riot") else PROTESTS
    if event in ("FIGHT", "ASSAULT"):
        known = {"heavy-weapons": "Shelling/artillery/missile attack", "explosives": "Remote explosive/landmine/IED",
                 "suicide-attack": "Suicide bomb", "sexual": "Sexual violence"}
        if m in known:
            return frozenset({known[m]})
        return ATTACKS if event == "FIGHT" else frozenset({"Attack", "Abduction/forced disappearance", "Mob violence"})
    if event == "COERCE":
        return frozenset({"Arrests"}) if m in ("arrest", "detain") else frozenset(
            {"Looting/property destruction"}) if m == "destroy" else frozenset({"Arrests", "Other", NONE})
    if event == "RETREAT":
        return frozenset({"Agreement", "Non-violent transfer of territory", NONE})
    if event == "MOBILIZE":
        return frozenset({"Change to group/activity", NONE})
    return frozenset({"Agreement", NONE})  # AGREE


def plover(path: Path) -> Iterator[LabelledText]:
    for r in _lines(path):
        sources = [a for a in r.get("source_actors") or [] if a.get("start") is not None]
        yield LabelledText(id=r["id"], source="plover", text=r["text"], labels=_plover_labels(r["event"], r.get("mode")),
                           actor1=sources[0]["text"] if sources else None)


@dataclass(frozen=True, kw_only=True, slots=True)
class SetSpec:
    """Where one set lives (relative to the development data folder) and how to read it."""

    name: str
    path: str
    reader: object
    cap: int | None = None  # at most this many records (a fixed, id-hashed sample)
    url: str = ""


PUBLIC_SETS: tuple[SetSpec, ...] = (
    SetSpec(name="case2021", path="events/case2021_dev.jsonl", reader=case,
            url="CASE 2021 Task 2, github.com/emerging-welfare/case-2021-shared-task"),
    SetSpec(name="satp", path="train/satp.jsonl", reader=satp, url="SATP via github.com/eventdata/ConfliBERT"),
    SetSpec(name="m2e2", path="train/m2e2_sentences.jsonl", reader=m2e2, cap=2000, url="github.com/limanling/m2e2"),
    SetSpec(name="india_police", path="train/india_police_sentences.jsonl", reader=india_police,
            url="github.com/slanglab/IndiaPoliceEvents"),
    SetSpec(name="cameo_class", path="train/cameo_class.jsonl", reader=cameo_class, url="github.com/eventdata/ConfliBERT"),
    SetSpec(name="plover", path="train/plover_gold.jsonl", reader=plover, url="github.com/openeventdata/PLOVER"),
)


def read_set(spec: SetSpec, data_dir: Path) -> list[LabelledText]:
    """The set's records (a fixed sample of ``cap`` of them, by id hash, when it is capped)."""
    items = list(spec.reader(data_dir / spec.path))  # type: ignore[operator]
    if spec.cap is not None and len(items) > spec.cap:
        items = sorted(items, key=lambda t: hashlib.sha256(t.id.encode()).hexdigest())[:spec.cap]
    return items
