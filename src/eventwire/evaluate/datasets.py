"""Loaders for evaluation data: gold files in, small frozen records out.

Five kinds of dataset are recognised from their content (the first record) or path:

- ``case``: CASE 2021 snippets (``id``, ``text``, ``label`` in CASE codes);
- ``geoparse``: GeoWebNews / LGL (``id``, ``text``, ``toponyms`` with offsets and coordinates);
- ``time``: TempEval-3 (``id``, ``date``, ``text``, ``timexes``);
- ``geogolden``: short conflict reports with the gold place of their event (``id``, ``text``, ``gold``;
  see ``run_geogolden``);
- ``golden``: the project's own golden event file (``file``, ``article_id``, ``events``), given as the
  ``golden.jsonl`` itself or as the folder that holds it (the demo corpus ``examples/``).

Loaders raise ``DatasetError`` with the file and line when a record is malformed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.taxonomy import BY_CASE_CODE, NON_EVENT_CASE_CODES

#: The label used for "no event" on both sides of the CASE evaluation.
NONE_LABEL = "none"
GOLDEN_NAME = "golden.jsonl"
KINDS = ("case", "geoparse", "time", "golden", "geogolden")

#: GeoWebNews types whose toponym names the place itself (Gritta et al.'s literal group, with Mixed).
GWN_LITERAL_TYPES = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Literal_Expression"})


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseItem:
    """One CASE snippet: ``sub_event_type`` is the ACLED name, or ``none`` for non-event labels."""

    id: str
    text: str
    label: str
    sub_event_type: str


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldToponym:
    """A gold toponym span with its coordinates and (GWN only) its pragmatic type."""

    start: int
    end: int
    text: str
    latitude: float | None
    longitude: float | None
    geonameid: str | None = None
    type: str | None = None

    @property
    def literal(self) -> bool:
        """True for literal/mixed toponyms, and for every toponym of a corpus without types (LGL)."""
        return self.type is None or self.type in GWN_LITERAL_TYPES


@dataclass(frozen=True, kw_only=True, slots=True)
class GeoDoc:
    """A geoparsing document with its gold toponyms in text order."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Timex:
    """A gold TIMEX3 expression: span, type (DATE, TIME, DURATION, SET) and normalised value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, kw_only=True, slots=True)
class TimeDoc:
    """A TempEval-3 document with its creation date (``YYYY-MM-DD``) and timexes."""

    id: str
    date: str
    text: str
    timexes: tuple[Timex, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class GoldenArticle:
    """One line of a golden file: which article (file, id within it) and its gold events (dicts)."""

    file: str
    article_id: str | None
    events: tuple[Mapping[str, Any], ...]
    comment: str = ""


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes (the quality gate pins its inputs with it)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line_number, record)`` for every non-blank line; DatasetError on bad JSON."""
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise DatasetError(f"{path}: cannot open dataset ({exc.strerror}); check the path") from exc
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise DatasetError(f"{path}:{number}: expected a JSON object per line")
            yield number, record


def golden_path(path: str | Path) -> Path:
    """The golden file for a path: the file itself, or ``<folder>/golden.jsonl``."""
    p = Path(path)
    return p / GOLDEN_NAME if p.is_dir() else p


def is_labelled_sets(path: str | Path) -> bool:
    """A folder of labelled sets for the typer: the public sets' folder (``events/``, ``train/``) or
    eventwire's own annotations (``*.jsonl`` records with ``label`` and ``trigger``)."""
    p = Path(path)
    if not p.is_dir() or (p / GOLDEN_NAME).exists():
        return False
    if (p / "train").is_dir() or (p / "events").is_dir():
        return True
    first = next(iter(sorted(p.glob("*.jsonl"))), None)
    if first is None:
        return False
    record = next((r for _, r in read_jsonl(first)), {})
    return "label" in record and "trigger" in record


def detect_kind(path: str | Path) -> str:
    """Which dataset kind a path holds, judged by its first record's keys (DatasetError if unknown)."""
    if is_labelled_sets(path):
        return "typing"
    p = golden_path(path)
    if not p.is_file():
        raise DatasetError(f"{path}: no such dataset file (for a golden corpus, give the folder that holds {GOLDEN_NAME})")
    for _, record in read_jsonl(p):
        return _kind_of(record, p)
    raise DatasetError(f"{p}: dataset is empty")


def _kind_of(record: Mapping[str, Any], path: Path) -> str:
    if "events" in record and "file" in record:
        return "golden"
    if "gold" in record and "text" in record:
        return "geogolden"
    if "toponyms" in record:
        return "geoparse"
    if "timexes" in record:
        return "time"
    if "label" in record and "text" in record:
        return "case"
    raise DatasetError(
        f"{path}: cannot tell the dataset kind from keys {sorted(record)}; expected label (CASE), "
        "toponyms (geoparse), timexes (TempEval) or file+events (golden)"
    )


def _require(record: Mapping[str, Any], keys: tuple[str, ...], path: str | Path, line: int) -> None:
    missing = [k for k in keys if k not in record]
    if missing:
        raise DatasetError(f"{path}:{line}: record lacks {', '.join(missing)}")


def case_sub_event(label: str) -> str:
    """The ACLED sub-event name a CASE code maps to, or ``none`` for non-event codes."""
    if label in NON_EVENT_CASE_CODES:
        return NONE_LABEL
    if label not in BY_CASE_CODE:
        raise DatasetError(f"unknown CASE label {label!r}")
    return BY_CASE_CODE[label].name


def load_case(path: str | Path, *, limit: int | None = None) -> list[CaseItem]:
    """CASE 2021 snippets, in file order, at most ``limit``."""
    items: list[CaseItem] = []
    for line, r in read_jsonl(path):
        _require(r, ("id", "text", "label"), path, line)
        items.append(CaseItem(id=str(r["id"]), text=r["text"], label=r["label"],
                              sub_event_type=case_sub_event(r["label"])))
        if limit is not None and len(items) >= limit:
            break
    return items


def _toponym(t: Mapping[str, Any]) -> GoldToponym:
    lat, lon = t.get("latitude"), t.get("longitude")
    return GoldToponym(
        start=int(t["start"]), end=int(t["end"]), text=t.get("text", ""),
        latitude=float(lat) if lat is not None else None, longitude=float(lon) if lon is not None else None,
        geonameid=str(t["geonameid"]) if t.get("geonameid") is not None else None, type=t.get("type"),
    )


def load_geoparse(path: str | Path, *, limit: int | None = None, ids: frozenset[str] | None = None) -> list[GeoDoc]:
    """Geoparsing documents, in file order; ``ids`` keeps only those documents (a fixed subset)."""
    docs: list[GeoDoc] = []
    for line, r in read_jsonl(path):
        _require(r, ("id", "text", "toponyms"), path, line)
        if ids is not None and str(r["id"]) not in ids:
            continue
        tops = tuple(sorted((_toponym(t) for t in r["toponyms"]), key=lambda t: (t.start, t.end)))
        docs.append(GeoDoc(id=str(r["id"]), text=r["text"], toponyms=tops))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def load_tempeval(path: str | Path, *, limit: int | None = None) -> list[TimeDoc]:
    """TempEval-3 documents with their timexes."""
    docs: list[TimeDoc] = []
    for line, r in read_jsonl(path):
        _require(r, ("id", "date", "text", "timexes"), path, line)
        tx = tuple(Timex(start=int(t["start"]), end=int(t["end"]), text=t.get("text", ""),
                         type=t.get("type", ""), value=str(t.get("value", ""))) for t in r["timexes"])
        docs.append(TimeDoc(id=str(r["id"]), date=str(r["date"])[:10], text=r["text"], timexes=tx))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def load_golden(path: str | Path, *, limit: int | None = None) -> list[GoldenArticle]:
    """The golden event file (or the folder holding ``golden.jsonl``)."""
    p = golden_path(path)
    out: list[GoldenArticle] = []
    for line, r in read_jsonl(p):
        _require(r, ("file", "events"), p, line)
        events = tuple(dict(e) for e in r["events"] or ())
        out.append(GoldenArticle(file=str(r["file"]), article_id=r.get("article_id"), events=events,
                                 comment=r.get("comment") or ""))
        if limit is not None and len(out) >= limit:
            break
    return out
