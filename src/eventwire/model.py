"""The records that flow through eventwire's stages.

Every record is a frozen, keyword-only dataclass. Stages take records and give records; nothing in the
core passes dicts around. ``Event.to_dict()`` is the output contract (see README "JSON contract" and
``../shared/TAXONOMY.md``): every key is always present, ``None`` where unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Keys of one event in JSON/JSONL output, in this order. Part of the public contract: do not rename.
EVENT_KEYS: tuple[str, ...] = (
    "event_id", "article_id", "event_date", "date_start", "date_end", "time_precision",
    "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "claimed_by", "attributed_by", "denied_by",
    "location", "admin1", "admin2", "country", "iso3", "latitude", "longitude", "geo_precision",
    "weapons", "fatalities", "fatalities_low", "fatalities_high", "injuries",
    "evidence", "confidence", "plover_category", "plover_mode", "cameo_code", "notes",
    "extractor_version",
)

#: Keys of one toponym in ``eventwire geoparse`` output. Part of the public contract.
TOPONYM_KEYS: tuple[str, ...] = (
    "start", "end", "text", "name", "latitude", "longitude", "country", "iso3",
    "admin1", "feature_code", "geonameid",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Article:
    """One news article as read from an input, with stable character offsets into ``text``.

    ``date_source`` says where ``date`` came from: ``given`` (a field or header of the input),
    ``metadata`` (HTML/feed metadata), ``dateline`` (a wire dateline in the text) or ``unknown``.
    ``origin`` names the file (and line, for multi-record files) the article was read from.
    """

    id: str
    text: str
    date: dt.date | None = None
    date_source: str = "unknown"
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""
    line: int | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class Rejection:
    """An input that could not become an Article, and why. Rejections are data, never just a log line.

    ``reason`` is a short stable code (``empty``, ``binary``, ``undecodable``, ``malformed_json``,
    ``malformed_csv``, ``malformed_feed``, ``malformed_html``, ``missing_text``, ``too_large``,
    ``too_deep``, ``unsafe_xml``, ``not_a_file``, ``too_many_errors``, ``unknown_format``,
    ``unreadable``, ``reader_error``; from extraction ``extract_error``, ``too_slow``; from the store
    ``store_error``);
    ``detail`` is the human sentence that says what happened and what to do next.
    """

    origin: str
    line: int | None
    reason: str
    detail: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Evidence:
    """A character span of the article text that supports one field's value.

    ``text == article.text[start:end]`` always holds. ``rule`` names the rule or model that produced it.
    """

    start: int
    end: int
    text: str
    field: str
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "field": self.field, "rule": self.rule}


@dataclass(frozen=True, kw_only=True, slots=True)
class Place:
    """A resolved place: a gazetteer entry plus the precision with which an event is known to be there.

    ``precision`` follows TAXONOMY.md's geo_precision: 1 the site itself, 2 near it / part of a region,
    3 only the province or country is known.
    """

    name: str
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_code: str | None = None
    geonameid: str | None = None
    population: int | None = None
    source: str = ""
    precision: int = 1


@dataclass(frozen=True, kw_only=True, slots=True)
class Toponym:
    """A place name found in an article, with its resolution (``place`` is None if unresolved)."""

    start: int
    end: int
    text: str
    place: Place | None = None
    score: float = 0.0
    #: Which rule or model chose this reading among namesakes ("context", "ranker", "country-evidence",
    #: "qualifier", "part-of", "unit"); empty when there was nothing to choose.
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "start": self.start, "end": self.end, "text": self.text,
            "name": p.name if p else None,
            "latitude": p.latitude if p else None, "longitude": p.longitude if p else None,
            "country": p.country if p else None, "iso3": p.iso3 if p else None,
            "admin1": p.admin1 if p else None, "feature_code": p.feature_code if p else None,
            "geonameid": p.geonameid if p else None,
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor:
    """An actor in canonical ACLED form (``Military Forces of Israel``) with its inter code (1–8)."""

    name: str
    inter: int | None = None
    iso3: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Claim:
    """Who says what: ``kind`` is ``claimed_by``, ``attributed_by``, ``denied_by`` or ``reported_by``.

    ``subject`` is what the claim is about (``event``, ``fatalities``, ``injuries``...).
    """

    kind: str
    source: str
    subject: str = "event"
    evidence: Evidence | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    """One event coded ACLED-style, with evidence spans for its values. Field names are the contract."""

    event_id: str
    article_id: str
    event_date: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    time_precision: int | None = None
    disorder_type: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    claimed_by: str | None = None
    attributed_by: str | None = None
    denied_by: str | None = None
    location: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    weapons: tuple[str, ...] = ()
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.0
    plover_category: str | None = None
    plover_mode: str | None = None
    cameo_code: str | None = None
    notes: str | None = None
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The contract dict: every key of EVENT_KEYS, in order."""
        out: dict[str, Any] = {}
        for key in EVENT_KEYS:
            value = getattr(self, key)
            if key == "evidence":
                value = [e.to_dict() for e in self.evidence]
            elif key == "weapons":
                value = list(self.weapons)
            out[key] = value
        return out

    def to_json(self) -> dict[str, Any]:
        """Deprecated alias of ``to_dict`` (the name promised JSON text; it always gave a dict)."""
        import warnings

        warnings.warn("Event.to_json() is deprecated; use Event.to_dict()", DeprecationWarning, stacklevel=2)
        return self.to_dict()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Inverse of ``to_dict`` (used by the store and by golden files)."""
        kwargs: dict[str, Any] = {k: data.get(k) for k in EVENT_KEYS}
        kwargs["evidence"] = tuple(
            Evidence(start=e["start"], end=e["end"], text=e["text"], field=e["field"], rule=e.get("rule", ""))
            for e in (data.get("evidence") or ())
        )
        kwargs["weapons"] = tuple(data.get("weapons") or ())
        kwargs["confidence"] = float(data.get("confidence") or 0.0)
        kwargs["extractor_version"] = data.get("extractor_version") or ""
        return cls(**kwargs)


@dataclass(frozen=True, kw_only=True, slots=True)
class BackgroundMention:
    """An event mentioned in passing that cannot be dated or located: context, not an event record."""

    text: str
    start: int
    end: int
    sub_event_type: str | None = None
    #: the learned modality head's decision on it ("model:modality-1;p=0.93;rule=marker"), if it ran
    rule: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleResult:
    """Everything extraction found in one article: its events, background mentions and claims."""

    article: Article
    events: tuple[Event, ...] = ()
    background: tuple[BackgroundMention, ...] = ()
    claims: tuple[Claim, ...] = ()
    outcome: str = "events"  # "events" or the reason there are none, e.g. "no_event_sentences"
