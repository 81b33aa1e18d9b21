"""Learned candidate ranker: takes one mention's gazetteer candidates with the rules' context scores,
gives the candidate a logistic-regression model prefers (in the spirit of Mordecai 3).

Features per candidate (see ``features``): the rules' own score relative to the best candidate's and
whether the rules rank it first, name-match quality, log population, kind of place, the share of the
article's country evidence (``geo/evidence.py``) for its country, agreement with the provinces the
article names, and the distance to the article's other resolved places.

The weights ship as ``data/geo_ranker.json`` (card: ``geo/RANKER.md``); the recipe that trains them is
``eventwire.evaluate.train_geo_ranker`` (``eventwire train geo``), never imported at run time. Inference
is a dot product in pure Python behind the one-method ``CandidateRanker`` protocol, with a fake that
keeps the rules' choice (``RulesRanker``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from eventwire.geo.gazetteer import Candidate

#: The shipped weights.
RANKER_PATH = Path(__file__).resolve().parents[1] / "data" / "geo_ranker.json"
FEATURES = (
    "bias",
    "rule_gap",
    "rule_best",
    "log_population",
    "kind_country",
    "kind_admin1",
    "kind_admin2",
    "kind_city",
    "kind_site",
    "match_name",
    "match_alias",
    "match_loose",
    "evidence_share",
    "evidence_none",
    "admin1_agrees",
    "near_other",
    "log_km_other",
    "capital",
    "curated",
    "most_populous",
    "nearest_to_other",
    "top_country",
    "rule_best_country",
    "mutual",
    "admin1_votes",
    "admin1_named",
    "log_km_centroid",
    "admin1_share",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class CandidateContext:
    """What the article says about one candidate, computed by the geoparser from its context."""

    rule_score: float
    best_rule_score: float
    rule_best: bool
    evidence_share: float
    evidence_total: float
    admin1_votes: int
    km_to_other: float | None
    most_populous: bool = False
    nearest_to_other: bool = False
    top_country: bool = False
    rule_best_country: bool = False
    #: How many other names have a reading within 50 km of it (``_Context.mutual``).
    mutual: int = 0
    #: Whether the article names its province (or, for a province, itself) as a place of its own.
    admin1_named: bool = False
    #: Distance (km) to the middle of the article's unambiguous local places (None: it names none).
    km_to_centroid: float | None = None
    #: Share of the article's province votes (``admin1_votes``' total) that go to its province.
    admin1_share: float = 0.0


def features(c: Candidate, ctx: CandidateContext) -> list[float]:
    """The feature vector of ``c`` in the order of ``FEATURES``."""
    gap = max(-20.0, ctx.rule_score - ctx.best_rule_score) / 10.0
    km = ctx.km_to_other
    return [
        1.0,
        gap,
        1.0 if ctx.rule_best else 0.0,
        math.log10(c.population + 1) / 7.0,
        1.0 if c.kind == "country" else 0.0,
        1.0 if c.kind == "admin1" else 0.0,
        1.0 if c.kind in ("admin2", "admin3") else 0.0,
        1.0 if c.kind in ("city", "town", "village", "neighbourhood") else 0.0,
        1.0 if c.kind not in ("country", "admin1", "admin2", "admin3", "city", "town", "village",
                              "neighbourhood") else 0.0,
        1.0 if c.match in ("name", "core") else 0.0,
        1.0 if c.match == "alias" else 0.0,
        1.0 if c.match in ("loose", "fuzzy", "code") else 0.0,
        ctx.evidence_share,
        1.0 if ctx.evidence_total == 0 else 0.0,
        1.0 if ctx.admin1_votes > 0 else 0.0,
        1.0 if km is not None and km < 161 else 0.0,
        math.log10(km + 1) / 4.0 if km is not None else 1.0,
        1.0 if c.feature_code == "PPLC" else 0.0,
        1.0 if c.source == "curated" else 0.0,
        1.0 if ctx.most_populous else 0.0,
        1.0 if ctx.nearest_to_other else 0.0,
        1.0 if ctx.top_country else 0.0,
        1.0 if ctx.rule_best_country else 0.0,
        min(ctx.mutual, 3) / 3.0,
        min(max(ctx.admin1_votes, 0), 4) / 4.0,
        1.0 if ctx.admin1_named else 0.0,
        math.log10(ctx.km_to_centroid + 1) / 4.0 if ctx.km_to_centroid is not None else 1.0,
        ctx.admin1_share,
    ]


class CandidateRanker(Protocol):
    """Chooses among one mention's candidates."""

    @property
    def version(self) -> str:
        """Names the weights (recorded in the geoparser's version)."""
        ...

    def choose(self, rows: Sequence[list[float]]) -> int:
        """The index of the chosen candidate among ``rows`` (feature vectors, rules' order)."""
        ...


class RulesRanker:
    """The fake: keeps the rules' first choice (tests; and a run without weights)."""

    version = "rules"

    def choose(self, rows: Sequence[list[float]]) -> int:
        return 0


@dataclass(frozen=True, kw_only=True, slots=True)
class LinearRanker:
    """A logistic-regression scorer over ``FEATURES``: picks the candidate with the highest logit."""

    weights: tuple[float, ...]
    version: str

    def score(self, row: Sequence[float]) -> float:
        return sum(w * x for w, x in zip(self.weights, row, strict=True))

    def choose(self, rows: Sequence[list[float]]) -> int:
        if not rows:
            return 0
        scores = [self.score(r) for r in rows]
        return max(range(len(rows)), key=lambda i: (scores[i], -i))


def ranker_from_json(data: dict[str, object]) -> LinearRanker:
    """A ``LinearRanker`` from the JSON the recipe writes; its features must be today's."""
    from eventwire.errors import ModelError

    names = data.get("features")
    if list(names) != list(FEATURES):  # type: ignore[call-overload]
        raise ModelError(f"the geo ranker's weights are for features {names}, not {list(FEATURES)}; "
                         "retrain them with `eventwire train geo GWN LGL`")
    weights = data["weights"]
    assert isinstance(weights, list)
    return LinearRanker(weights=tuple(float(w) for w in weights), version=str(data.get("version", "?")))


@lru_cache(maxsize=1)
def load_ranker(path: Path = RANKER_PATH) -> CandidateRanker:
    """The shipped ranker, or the rules' choice when no weights ship (a fresh recipe run writes them)."""
    if not path.exists():
        return RulesRanker()
    return ranker_from_json(json.loads(path.read_text(encoding="utf-8")))
