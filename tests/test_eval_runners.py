"""Runner scoring on hand-made predictions: geoparse subsets, CASE rates, golden event files."""

from __future__ import annotations

import pytest

from eventwire.evaluate import metrics as m
from eventwire.evaluate.datasets import GeoDoc, GoldToponym
from eventwire.evaluate.run_events import case_errors, case_metrics, case_tables
from eventwire.evaluate.run_geoparse import doc_errors, geo_metrics, score_doc
from eventwire.evaluate.run_golden import golden_key, score_golden
from eventwire.model import Place, Toponym

TEXT = "Protesters marched from Paris to the Elysee while France said London was wrong."
PARIS = GoldToponym(start=24, end=29, text="Paris", latitude=48.8566, longitude=2.3522, type="Literal")
FRANCE = GoldToponym(start=50, end=56, text="France", latitude=46.0, longitude=2.0, type="Metonymic")
LONDON = GoldToponym(start=62, end=68, text="London", latitude=51.5074, longitude=-0.1278, type="Metonymic")


def top(g: GoldToponym, lat: float | None, lon: float | None) -> Toponym:
    place = Place(name=g.text, latitude=lat, longitude=lon) if lat is not None else None
    return Toponym(start=g.start, end=g.end, text=g.text, place=place)


def test_texts_line_up():
    assert [TEXT[t.start:t.end] for t in (PARIS, FRANCE, LONDON)] == ["Paris", "France", "London"]


def test_subset_scoring_ignores_predictions_of_the_other_subset():
    spurious = Toponym(start=0, end=10, text="Protesters")
    pred = [top(PARIS, 48.85, 2.35), top(FRANCE, 46.0, 2.0), spurious]
    gold = [PARIS, FRANCE, LONDON]
    literal = score_doc(gold, pred, lambda t: t.literal)
    assert literal.counts == m.PRF(tp=1, fp=1, fn=0)  # France matched metonymic gold: not a FP
    nonlit = score_doc(gold, pred, lambda t: not t.literal)
    assert nonlit.counts == m.PRF(tp=1, fp=1, fn=1)
    everything = score_doc(gold, pred, lambda t: True)
    assert everything.counts == m.PRF(tp=2, fp=1, fn=1)
    assert everything.errors_km[0] < 1.0 and everything.errors_km[1] == 0.0


def test_unresolved_match_counts_as_maximum_error():
    s = score_doc([PARIS], [top(PARIS, None, None)], lambda t: True)
    assert s.errors_km == (m.MAX_ERROR_KM,)


def test_geo_metrics_keys_and_values():
    doc = GeoDoc(id="d", text=TEXT, toponyms=(PARIS, FRANCE, LONDON))
    # London placed in London, Ontario (~5,600 km off)
    pred = [top(PARIS, 48.8566, 2.3522), top(LONDON, 42.98, -81.25)]
    got = geo_metrics([doc], [pred])
    assert got["all_recall"] == pytest.approx(2 / 3) and got["all_precision"] == 1.0
    assert got["all_acc161"] == 0.5
    assert got["literal_recall"] == 1.0 and got["literal_acc161"] == 1.0
    assert got["nonliteral_recall"] == 0.5 and got["nonliteral_median_km"] > 5000
    kinds = {e.kind.split(" by")[0] for e in doc_errors(doc, pred)}
    assert kinds == {"missed toponym", "misplaced"}


def test_untyped_corpus_scores_only_all():
    doc = GeoDoc(id="d", text=TEXT, toponyms=(GoldToponym(start=24, end=29, text="Paris", latitude=1.0,
                                                         longitude=1.0),))
    assert set(geo_metrics([doc], [[]])) == {k for k in geo_metrics([doc], [[]]) if k.startswith("all_")}


def test_case_metrics_rates():
    gold = ["Air/drone strike", "Air/drone strike", "Armed clash", "none", "none"]
    pred = ["Air/drone strike", "Shelling/artillery/missile attack", "none", "none", "Attack"]
    got = case_metrics(gold, pred)
    assert got["sub_event_accuracy"] == pytest.approx(1 / 3)
    assert got["event_type_accuracy"] == pytest.approx(2 / 3)  # shelling is Explosions/Remote violence too
    assert got["nonevent_rejected"] == 0.5
    assert got["event_detected"] == pytest.approx(2 / 3)
    # air strike F1 = 2/3 (P 1, R .5), armed clash 0 → macro 1/3
    assert got["macro_f1"] == pytest.approx(1 / 3)
    confusions, per_type = case_tables(gold, pred)
    assert ("none", "Attack", 1) in confusions.rows
    assert per_type.rows[0][0] == "Air/drone strike"


def test_case_errors_show_gold_and_prediction():
    from eventwire.evaluate.datasets import CaseItem

    item = CaseItem(id="c1", text="Jets bombed the town.", label="AIR_STRIKE", sub_event_type="Air/drone strike")
    [err] = case_errors([item], ["none"])
    assert err.kind == "missed event" and "AIR_STRIKE" in err.gold and err.produced == "none"


def test_score_golden_matches_and_fields():
    gold = [{"event_date": "2024-03-10", "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Israel",
             "actor2": None, "location": "Rafah", "latitude": 31.29, "longitude": 34.24, "fatalities": 5}]
    pred = [{**gold[0], "event_date": "2024-03-09", "fatalities": 4},
            {**gold[0], "sub_event_type": "Armed clash"}]
    got = score_golden([(gold, pred), ([], [])])
    assert (got["event_precision"], got["event_recall"]) == (0.5, 1.0)
    assert got["fatalities_f1"] == 0.0 and got["date_f1"] == 0.0 and got["actor1_f1"] == 1.0
    assert got["place_f1"] == 1.0
    far = [{**gold[0], "latitude": 33.0, "longitude": 35.0}]
    moved = score_golden([(gold, far)])
    assert moved["event_f1"] == 0.0 and moved["event_f1_ignoring_place"] == 1.0
    assert got["actor2_precision"] == 0.0 and got["actor2_recall"] == 0.0  # nothing to find, nothing found


def test_golden_key_normalises_paths():
    assert golden_key("./sub/a.txt", None) == ("sub/a.txt", None)


def test_evaluate_golden_pairs_files_and_scores(tmp_path, monkeypatch):
    """The golden runner end to end with extraction replaced by a stub that 'finds' one event."""
    import json

    from eventwire.evaluate import run_golden
    from eventwire.geo.protocol import NullGeoparser
    from eventwire.model import ArticleResult, Event

    (tmp_path / "a").mkdir()
    (tmp_path / "a/strike.txt").write_text("date 2024-03-10\nAn Israeli air strike on Rafah killed five people.\n")
    (tmp_path / "calm.txt").write_text("date 2024-03-10\nThe council met to discuss the budget for schools.\n")
    gold_event = {"event_date": "2024-03-10", "sub_event_type": "Air/drone strike",
                  "actor1": "Military Forces of Israel", "actor2": "Civilians (Palestine)", "location": "Rafah",
                  "latitude": 31.29, "longitude": 34.24, "fatalities": 5}
    lines = [{"file": "a/strike.txt", "article_id": None, "events": [gold_event]},
             {"file": "calm.txt", "article_id": None, "events": []}]
    (tmp_path / "golden.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))

    def fake_extract(articles, *, geoparser, timings=None):
        for a in articles:
            found = "strike" in a.text
            ev = Event(event_id="e1", article_id=a.id, event_date="2024-03-10", sub_event_type="Air/drone strike",
                       actor1="Military Forces of Israel", location="Rafah", fatalities=4)
            yield ArticleResult(article=a, events=(ev,) if found else ())

    monkeypatch.setattr(run_golden, "extract", fake_extract)
    result = run_golden.evaluate_golden(tmp_path, geoparser=NullGeoparser())
    assert result.notes == ()
    assert result.metrics["event_f1"] == 1.0
    assert result.metrics["actor1_f1"] == 1.0 and result.metrics["fatalities_f1"] == 0.0
    assert result.metrics["actor2_recall"] == 0.0 and result.metrics["place_f1"] == 1.0
    [err] = result.errors
    assert err.kind == "wrong actor2, fatalities" and "Rafah" in err.snippet
