"""The learned geo candidate ranker: features, the shipped weights, the recipe's fitting and folds."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import ModelError
from eventwire.evaluate.train_geo_ranker import Group, choice_accuracy, fit, fold_of
from eventwire.geo.gazetteer import Candidate
from eventwire.geo.ranker import (
    FEATURES,
    RANKER_PATH,
    CandidateContext,
    LinearRanker,
    RulesRanker,
    features,
    load_ranker,
    ranker_from_json,
)


def _cand(kind: str = "city", population: int = 1000, match: str = "name") -> Candidate:
    return Candidate(place_id="gn:1", name="Bor", kind=kind, feature_code="PPL", country="South Sudan",
                     country_iso2="SS", iso3="SSD", admin1="Jonglei", admin2=None, latitude=6.2, longitude=31.6,
                     population=population, source="geonames", geonameid="1", match=match)


def _ctx(**kw: object) -> CandidateContext:
    base: dict[str, object] = dict(rule_score=5.0, best_rule_score=7.0, rule_best=False, evidence_share=0.5,
                                   evidence_total=4.0, admin1_votes=1, km_to_other=30.0)
    base.update(kw)
    return CandidateContext(**base)  # type: ignore[arg-type]


def test_features_have_one_value_per_name_and_read_the_context() -> None:
    row = features(_cand(), _ctx())
    assert len(row) == len(FEATURES)
    named = dict(zip(FEATURES, row, strict=True))
    assert named["bias"] == 1.0 and named["rule_gap"] == pytest.approx(-0.2)
    assert named["kind_city"] == 1.0 and named["kind_admin1"] == 0.0
    assert named["evidence_share"] == 0.5 and named["near_other"] == 1.0 and named["admin1_agrees"] == 1.0
    far = dict(zip(FEATURES, features(_cand(), _ctx(km_to_other=None, admin1_votes=0)), strict=True))
    assert far["near_other"] == 0.0 and far["log_km_other"] == 1.0 and far["admin1_agrees"] == 0.0


def test_linear_ranker_picks_the_highest_logit_and_the_fake_keeps_the_rules_choice() -> None:
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("log_population")] = 1.0
    ranker = LinearRanker(weights=tuple(weights), version="t")
    rows = [features(_cand(population=10), _ctx()), features(_cand(population=10**6), _ctx())]
    assert ranker.choose(rows) == 1
    assert RulesRanker().choose(rows) == 0


def test_shipped_weights_load_and_match_the_features() -> None:
    data = json.loads(RANKER_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES) and len(data["weights"]) == len(FEATURES)
    ranker = load_ranker()
    assert isinstance(ranker, LinearRanker) and ranker.version == data["version"]
    with pytest.raises(ModelError, match="retrain"):
        ranker_from_json({**data, "features": data["features"][:-1]})


def test_fit_learns_a_signal_and_is_deterministic() -> None:
    # the right candidate is always the curated one, never the rules' first
    def group(i: int) -> Group:
        wrong = features(_cand(population=10**5), _ctx(rule_best=True, rule_score=7.0))
        right = features(replace(_cand(population=10**3), source="curated"), _ctx())
        return Group(doc_id=f"d{i}", rows=(tuple(wrong), tuple(right)), labels=(0, 1))

    groups = [group(i) for i in range(40)]
    weights = fit(groups)
    assert weights == fit(groups)
    assert choice_accuracy(groups, weights) == 1.0
    assert weights[FEATURES.index("curated")] > 0


def test_folds_are_fixed_by_document_id() -> None:
    folds = [fold_of(f"doc-{i}") for i in range(500)]
    assert set(folds) == {0, 1, 2, 3, 4}
    assert folds == [fold_of(f"doc-{i}") for i in range(500)]
    assert min(folds.count(k) for k in range(5)) > 60


def test_train_command_is_a_group_with_geo() -> None:
    result = CliRunner().invoke(main, ["train", "geo", "--help"])
    assert result.exit_code == 0 and "5-fold" in result.output


def test_features_read_the_articles_centre_and_provinces() -> None:
    near = dict(zip(FEATURES, features(_cand(population=10**4), _ctx(
        km_to_centroid=9.0, admin1_share=0.75, admin1_named=True, mutual=5)), strict=True))
    assert near["log_km_centroid"] == pytest.approx(0.25) and near["admin1_share"] == 0.75
    assert near["admin1_named"] == 1.0 and near["mutual"] == 1.0  # capped at three other names
    lone = dict(zip(FEATURES, features(_cand(), _ctx()), strict=True))
    assert lone["log_km_centroid"] == 1.0 and lone["admin1_named"] == 0.0 and lone["admin1_share"] == 0.0


class _PrefersLast:
    """A model that always wants the rules' last candidate."""

    version = "last"

    def choose(self, rows: list[list[float]]) -> int:
        return len(rows) - 1


def _namesakes(evidence_for_small: bool) -> tuple[object, list[list[float]]]:
    """ "London": the rules' first is the big city in England; the last a smaller namesake in Canada."""
    from eventwire.geo.geoparser import _Resolved
    from eventwire.geo.recognize import Mention

    big = replace(_cand(population=8_000_000), place_id="gn:2", name="London", country_iso2="GB", iso3="GBR",
                  country="United Kingdom", admin1="England", latitude=51.5, longitude=-0.13)
    small = replace(_cand(population=400_000), place_id="gn:3", name="London", country_iso2="CA", iso3="CAN",
                    country="Canada", admin1="Ontario", latitude=42.98, longitude=-81.23)
    mention = Mention(start=0, end=6, text="London", key="london", demonym=False, prep=None, metonymic=False,
                      score=1.0)
    r = _Resolved(mention=mention, candidates=(big, small), best=big, ranked=(big, small), rule_scores=(9.0, 6.0))
    rows = [features(big, _ctx(rule_best=True, top_country=not evidence_for_small)),
            features(small, _ctx(top_country=evidence_for_small))]
    return r, rows


@pytest.mark.parametrize("evidence_for_small", [False, True])
def test_the_model_moves_a_name_to_a_smaller_namesake_abroad_only_where_the_article_points(
        evidence_for_small: bool) -> None:
    from eventwire.geo import load_geoparser
    from eventwire.geo.geoparser import GazetteerGeoparser

    parser = GazetteerGeoparser(load_geoparser().gazetteer, ranker=_PrefersLast())
    r, rows = _namesakes(evidence_for_small)
    chosen = parser._learned(r, rows, "London police said on Tuesday.")  # type: ignore[arg-type]
    assert chosen.best is not None
    assert chosen.best.country_iso2 == ("CA" if evidence_for_small else "GB")
