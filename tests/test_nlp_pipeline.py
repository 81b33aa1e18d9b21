"""The rule sentence splitter and the cached spaCy pipeline."""

from __future__ import annotations

from eventwire.nlp import load_nlp, split_sentences


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = ("Gunmen killed five villagers in Zamfara on Tuesday, Mr. Bello said. The U.S. embassy "
            "condemned the attack.\n\nPolice arrested two suspects.")
    spans = split_sentences(text)
    sentences = [text[s:e] for s, e in spans]
    assert sentences == [
        "Gunmen killed five villagers in Zamfara on Tuesday, Mr. Bello said.",
        "The U.S. embassy condemned the attack.",
        "Police arrested two suspects.",
    ]


def test_headline_line_is_its_own_sentence() -> None:
    text = "Gunmen kill six worshippers outside mosque in Herat\n\nKABUL - Gunmen opened fire on worshippers."
    assert [text[s:e] for s, e in split_sentences(text)][0] == "Gunmen kill six worshippers outside mosque in Herat"


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("   \n\n ") == []


def test_pipeline_is_loaded_once_and_parses(nlp) -> None:
    assert load_nlp() is nlp
    doc = nlp("Rebels shelled the town.")
    assert [t.dep_ for t in doc][:2] == ["nsubj", "ROOT"]
