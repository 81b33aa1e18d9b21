"""Invariants of ``ActorKB.find`` on arbitrary text: spans are exact, ordered and never overlap."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.extract.actors import load_actor_kb

_WORDS = st.sampled_from([
    "Israeli", "forces", "the", "IDF", "Hamas", "al-Shabaab", "RSF", "fighters", "SAF", "Sudanese", "army",
    "police", "Nigerian", "officers", "pro-Russian", "Russia's", "military", "M23", "rebels", "AA", "(AA)",
    "said", "Hezbollah", "Kataib", "Houthi", "İstanbul", "’s", "-", ",", "basic", "Wagner", "Group", "US",
    "U.S.", "troops", "Moscow's", "Islamic", "State", "IS", "fighters.", "\n", "Ünal", "ß",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=40).map(" ".join) | st.text(max_size=200))
def test_find_spans_are_exact_ordered_and_disjoint(text):
    matches = load_actor_kb().find(text)
    previous_end = 0
    for m in matches:
        assert text[m.start:m.end] == m.text
        assert m.start >= previous_end
        assert m.actor.inter is not None and 1 <= m.actor.inter <= 8
        previous_end = m.end


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=100))
def test_generic_kind_never_raises(phrase):
    kind = load_actor_kb().generic_kind(phrase)
    assert kind is None or kind in {"armed_group", "civilians", "protesters", "rioters", "military", "police"}
