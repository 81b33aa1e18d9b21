"""The Python API on real sentences: extract one text, then store and query it."""

from __future__ import annotations

from eventwire.api.library import EventFilter, extract_text, open_store, query_events
from eventwire.model import ArticleResult
from eventwire.store import RunInfo

TEXT = ("Gunmen killed five villagers in an attack on Beni, in North Kivu province, on Tuesday, "
        "local officials said.")


def test_extract_text_resolves_the_weekday_and_keeps_evidence() -> None:
    events = extract_text(TEXT, date="2024-09-12", geo=False)
    assert [e.sub_event_type for e in events] == ["Attack"]
    event = events[0]
    assert event.event_date == "2024-09-10"
    assert event.fatalities == 5
    assert all(TEXT[ev.start:ev.end] == ev.text for ev in event.evidence)


def test_extracted_events_round_trip_through_a_store(tmp_path) -> None:
    from eventwire.model import Article

    events = extract_text(TEXT, date="2024-09-12", article_id="beni-1", geo=False)
    store = open_store(str(tmp_path / "api.db"))
    store.begin_run(RunInfo(run_id="r1", eventwire_version="test", extractor_version="test",
                            model_version="test", gazetteer_version="none", config_hash="0"))
    store.write_batch("r1", [ArticleResult(article=Article(id="beni-1", text=TEXT), events=tuple(events))])
    assert list(query_events(store, EventFilter(sub_type="Attack"))) == events
