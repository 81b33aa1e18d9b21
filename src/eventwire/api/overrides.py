"""Review overrides on read: takes the stored reviews, gives what they do to the events a query yields.

An analyst's corrections (``eventwire review``) live in the ``reviews`` table, apart from the extracted
values, and are applied here on every read, so ``events``, ``export`` and the Python API all see them.
A review names the event it was made on *and* anchors it by article, extracted sub-type and the first
evidence span of the sub-type. When re-extraction (a new extractor version, a corrected article text)
gives the event another id, the anchor finds it again; a review whose event is gone is an *orphan*:
listed by ``review orphans``, never silently dropped.

Reviews apply in the order they were made: ``reject`` and ``merge`` hide an event, a later ``accept``
restores it; ``edit`` sets one field; ``split`` adds a copy of the event (id ``<event_id>~<review id>``)
that later reviews can edit or reject like any event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from eventwire.countries import acled_country_names, country_name
from eventwire.model import Event
from eventwire.store import schema
from eventwire.taxonomy import BY_NAME, INTER_CODES

ACTIONS = ("accept", "edit", "reject", "merge", "split")
#: Status of an event after its reviews (the last action that changed or confirmed it).
STATUS = {"accept": "accepted", "edit": "edited", "reject": "rejected", "merge": "merged", "split": "split"}
SPLIT_MARK = "~"

_INT_FIELDS = frozenset({"time_precision", "inter1", "inter2", "geo_precision", "fatalities", "fatalities_low",
                         "fatalities_high", "injuries"})
_FLOAT_FIELDS = frozenset({"latitude", "longitude"})
_DATE_FIELDS = frozenset({"event_date", "date_start", "date_end"})
#: Contract keys an analyst may edit; ids, evidence, confidence and versions stay as extracted.
EDITABLE: tuple[str, ...] = tuple(k for k in Event.__dataclass_fields__ if k not in {
    "event_id", "article_id", "evidence", "confidence", "extractor_version", "disorder_type", "event_type",
    "plover_category", "plover_mode", "cameo_code"})


@dataclass(frozen=True, kw_only=True, slots=True)
class Review:
    """One stored correction: what was done, to which event (and its anchor), by whom, when and why."""

    id: int
    action: str
    event_id: str
    article_id: str
    sub_event_type: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    span_text: str | None = None
    split_of: int | None = None
    field: str | None = None
    value: Any = None
    target_event_id: str | None = None
    who: str = ""
    why: str = ""
    created_at: str = ""

    @property
    def reviewed_id(self) -> str:
        """The id the analyst wrote: the event's, or its split copy's."""
        return f"{self.event_id}{SPLIT_MARK}{self.split_of}" if self.split_of else self.event_id

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, kw_only=True, slots=True)
class Plan:
    """What the stored reviews do to the events now in the store (keys are current event ids)."""

    hidden: frozenset[str] = frozenset()
    edits: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    splits: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # event -> split review ids
    copy_edits: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    hidden_copies: frozenset[int] = frozenset()
    status: Mapping[str, str] = field(default_factory=dict)  # event or copy id -> accepted, edited...
    orphans: tuple[Review, ...] = ()

    @property
    def changed(self) -> frozenset[str]:
        """Events whose record differs from the extracted one (hidden, edited or split)."""
        return frozenset(self.hidden | set(self.edits) | set(self.splits))

    @property
    def reviewed(self) -> frozenset[str]:
        return frozenset(self.status)

    def apply(self, event: Event) -> list[Event]:
        """The records ``event`` stands for after review: none (hidden), itself edited, plus split copies."""
        out = [] if event.event_id in self.hidden else [with_edits(event, self.edits.get(event.event_id, {}))]
        for split in self.splits.get(event.event_id, ()):
            if split not in self.hidden_copies:
                base = with_edits(event, self.edits.get(event.event_id, {}))
                copy = dataclasses.replace(base, event_id=f"{event.event_id}{SPLIT_MARK}{split}")
                out.append(with_edits(copy, self.copy_edits.get(split, {})))
        return out


def load_reviews(conn: sa.Connection) -> list[Review]:
    """Every stored review, oldest first."""
    r = schema.reviews
    rows = conn.execute(sa.select(r).order_by(r.c.id)).mappings()
    return [Review(**{**row, "value": json.loads(row["value"]) if row["value"] is not None else None})
            for row in rows]


def load_plan(conn: sa.Connection) -> Plan:
    """The reviews resolved against the current events, as one ``Plan``."""
    reviews = load_reviews(conn)
    if not reviews:
        return Plan()
    where = resolve(conn, reviews)
    return _plan(reviews, where)


def _plan(reviews: Sequence[Review], where: Mapping[int, str | None]) -> Plan:
    hidden: set[str] = set()
    edits: dict[str, dict[str, Any]] = {}
    splits: dict[str, list[int]] = {}
    copy_edits: dict[int, dict[str, Any]] = {}
    hidden_copies: set[int] = set()
    status: dict[str, str] = {}
    orphans: list[Review] = []
    for review in reviews:
        current = where.get(review.id)
        if current is None:
            orphans.append(review)
            continue
        if review.split_of:  # a review of a split copy
            copy_id = f"{current}{SPLIT_MARK}{review.split_of}"
            _act(review, copy_id, hidden_copies, copy_edits, key=review.split_of)
            status[copy_id] = STATUS[review.action]
            continue
        if review.action == "split":
            splits.setdefault(current, []).append(review.id)
            status[f"{current}{SPLIT_MARK}{review.id}"] = "split"
        else:
            _act(review, current, hidden, edits, key=current)
        status[current] = STATUS[review.action]
    return Plan(hidden=frozenset(hidden), edits=edits, splits={k: tuple(v) for k, v in splits.items()},
                copy_edits=copy_edits, hidden_copies=frozenset(hidden_copies), status=status,
                orphans=tuple(orphans))


def _act(review: Review, current: str, hidden: set[Any], edits: dict[Any, dict[str, Any]], *, key: Any) -> None:
    if review.action in ("reject", "merge"):
        hidden.add(key)
    elif review.action == "accept":
        hidden.discard(key)  # accepting a rejected event restores it
    elif review.action == "edit" and review.field:
        edits.setdefault(key, {})[review.field] = review.value


def resolve(conn: sa.Connection, reviews: Sequence[Review]) -> dict[int, str | None]:
    """Review id -> the current id of its event, or None (an orphan).

    A review's own event id is used while that event exists in the same article; otherwise the event of
    the same article and sub-type whose sub-type evidence overlaps the anchor span (or has its text)
    is taken; a split copy's reviews follow the split.
    """
    e = schema.events.c
    ids = list({r.event_id for r in reviews})
    existing: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        rows = conn.execute(sa.select(e.event_id, e.article_id).where(e.event_id.in_(ids[i:i + 500])))
        existing.update({row.event_id: row.article_id for row in rows})
    found: dict[int, str | None] = {}
    lost = [r for r in reviews if existing.get(r.event_id) != r.article_id]
    candidates = _candidates(conn, {r.article_id for r in lost})
    for review in reviews:
        if existing.get(review.event_id) == review.article_id:
            found[review.id] = review.event_id
        else:
            found[review.id] = _reanchor(review, candidates.get(review.article_id, []))
    by_id = {r.id: r for r in reviews}
    for review in reviews:  # a copy lives as long as the split that made it (and its base event)
        split = by_id.get(review.split_of) if review.split_of else None
        if review.split_of:
            found[review.id] = found.get(split.id) if split is not None else None
    return found


@dataclass(frozen=True, kw_only=True, slots=True)
class _Candidate:
    event_id: str
    sub_event_type: str | None
    spans: tuple[tuple[int, int, str], ...]


def _candidates(conn: sa.Connection, articles: Iterable[str]) -> dict[str, list[_Candidate]]:
    e, ev = schema.events.c, schema.evidence.c
    out: dict[str, list[_Candidate]] = {}
    articles = list(articles)
    if not articles:
        return out
    query = (sa.select(e.event_id, e.article_id, e.sub_event_type, ev.start, ev.end, ev.text)
             .join(schema.evidence, sa.and_(ev.event_id == e.event_id, ev.field == "sub_event_type"), isouter=True)
             .where(e.article_id.in_(articles)).order_by(e.event_id, ev.start))
    spans: dict[tuple[str, str, str | None], list[tuple[int, int, str]]] = {}
    for row in conn.execute(query):
        bucket = spans.setdefault((row.article_id, row.event_id, row.sub_event_type), [])
        if row.start is not None:
            bucket.append((row.start, row.end, row.text))
    for (article, event_id, sub), found in spans.items():
        out.setdefault(article, []).append(_Candidate(event_id=event_id, sub_event_type=sub, spans=tuple(found)))
    return out


def _reanchor(review: Review, candidates: Sequence[_Candidate]) -> str | None:
    best: tuple[int, int, int, str] | None = None
    for c in candidates:
        if c.sub_event_type != review.sub_event_type:
            continue
        for start, end, text in c.spans:
            overlap = _overlap(review, start, end)
            same_text = review.span_text is not None and text.lower() == review.span_text.lower()
            if overlap <= 0 and not same_text:
                continue
            distance = abs(start - (review.span_start or 0))
            score = (overlap, int(same_text), -distance, c.event_id)
            if best is None or score[:3] > best[:3]:
                best = score
    return best[3] if best is not None else None


def _overlap(review: Review, start: int, end: int) -> int:
    if review.span_start is None or review.span_end is None:
        return 0
    return min(end, review.span_end) - max(start, review.span_start)


def anchor_of(event: Event) -> dict[str, Any]:
    """The anchor columns of a review of ``event``: its article, sub-type and first sub-type span."""
    span = next((ev for ev in event.evidence if ev.field == "sub_event_type"), None)
    return {"event_id": event.event_id, "article_id": event.article_id, "sub_event_type": event.sub_event_type,
            "span_start": span.start if span else None, "span_end": span.end if span else None,
            "span_text": span.text if span else None}


def with_edits(event: Event, edits: Mapping[str, Any]) -> Event:
    """``event`` with the edited fields set; a new sub-type brings its event and disorder types along."""
    if not edits:
        return event
    values = dict(edits)
    best = values.get("fatalities")
    if best is not None:  # keep the range around the analyst's figure unless it was edited too
        low, high = event.fatalities_low, event.fatalities_high
        values.setdefault("fatalities_low", best if low is None else min(low, best))
        values.setdefault("fatalities_high", best if high is None else max(high, best))
    if "weapons" in values:
        values["weapons"] = tuple(values["weapons"] or ())
    _pair_country(values)
    sub = BY_NAME.get(values.get("sub_event_type") or "")
    if sub is not None:
        values.update(event_type=sub.event_type, disorder_type=sub.disorder_type,
                      plover_category=sub.plover_category, plover_mode=sub.plover_mode, cameo_code=sub.cameo_code)
    return dataclasses.replace(event, **values)


def _pair_country(values: dict[str, Any]) -> None:
    # The country's name and its ISO3 code move together (filters take either).
    names = acled_country_names()
    if values.get("country") and "iso3" not in values:
        values["iso3"] = next((code for code, name in names.items() if name == values["country"]), None)
    elif values.get("iso3") and "country" not in values:
        values["country"] = names.get(values["iso3"])


def _country_value(field_name: str, text: str) -> str:
    names = acled_country_names()
    by_name = {name.lower(): name for name in names.values()}
    code = text.upper()
    if field_name == "iso3":
        if code in names:
            return code
        raise ValueError(f"{text!r} is not an ISO 3166 alpha-3 code (e.g. SDN, UKR)")
    if text.lower() in by_name:
        return by_name[text.lower()]
    if code in names or country_name(code):
        return names.get(code) or country_name(code) or text
    close = difflib.get_close_matches(text, list(names.values()), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"{text!r} is not a country name or ISO code{hint}")


def parse_value(field_name: str, raw: str) -> Any:
    """The typed value of ``raw`` for an editable field; ``ValueError`` says what is wrong and what fits.

    An empty string or ``null`` clears the field.
    """
    if field_name not in EDITABLE:
        raise ValueError(f"{field_name!r} is not an editable field; choose one of: {', '.join(EDITABLE)}")
    text = raw.strip()
    if text.lower() in ("", "null", "none"):
        return [] if field_name == "weapons" else None
    if field_name in _INT_FIELDS:
        return _int_value(field_name, text)
    if field_name in _FLOAT_FIELDS:
        return _float_value(field_name, text)
    if field_name in _DATE_FIELDS:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"{field_name} must be a date YYYY-MM-DD, got {raw!r}") from None
    if field_name == "sub_event_type" and text not in BY_NAME:
        raise ValueError(f"{text!r} is not an ACLED sub-event type; choose one of: {', '.join(BY_NAME)}")
    if field_name == "weapons":
        return [w.strip() for w in text.split(",") if w.strip()]
    if field_name in ("country", "iso3"):
        return _country_value(field_name, text)
    return text


def _int_value(field_name: str, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{field_name} must be a whole number, got {text!r}") from None
    ranges = {"time_precision": (1, 3), "geo_precision": (1, 3), "inter1": (1, 8), "inter2": (1, 8)}
    low, high = ranges.get(field_name, (0, 10**9))
    if not low <= value <= high:
        hint = f" ({', '.join(f'{k} {v}' for k, v in INTER_CODES.items())})" if field_name.startswith("inter") else ""
        raise ValueError(f"{field_name} must be between {low} and {high}, got {value}{hint}")
    return value


def _float_value(field_name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{field_name} must be a number, got {text!r}") from None
    limit = 90 if field_name == "latitude" else 180
    if not -limit <= value <= limit:
        raise ValueError(f"{field_name} must be between {-limit} and {limit}, got {value}")
    return value
