"""The sentence encoder: MiniLM int8 through onnxruntime, no torch; vectors that mean something."""

from __future__ import annotations

import numpy as np

from eventwire.nlp.encoder import DIM, HashingEncoder, load_encoder


def test_minilm_vectors_are_unit_length_and_384_wide() -> None:
    vectors = load_encoder().encode(["Gunmen killed five villagers in Beni on Tuesday.", "Police arrested 12 protesters."])
    assert vectors.shape == (2, DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_minilm_puts_paraphrases_closer_than_unrelated_news() -> None:
    a, b, c = load_encoder().encode([
        "Warplanes bombed a market in the town, killing seven people.",
        "An air strike hit the town's market and seven people died.",
        "The central bank raised interest rates to fight inflation.",
    ])
    assert float(a @ b) > float(a @ c) + 0.3


def test_minilm_is_deterministic_and_cached_across_batches() -> None:
    encoder = load_encoder()
    text = "Rebels shelled army positions near the airport overnight."
    first = encoder.encode([text])[0]
    again = encoder.encode(["Another sentence about a protest in the capital.", text])[1]
    assert np.array_equal(first, again)


def test_long_sentences_are_truncated_not_rejected() -> None:
    vectors = load_encoder().encode(["The army said the attack was repelled. " * 200])
    assert vectors.shape == (1, DIM) and np.isfinite(vectors).all()


def test_hashing_encoder_is_a_deterministic_stand_in() -> None:
    enc = HashingEncoder()
    x, y = enc.encode(["a protest in Nairobi", "a protest in Nairobi"])
    assert np.array_equal(x, y) and abs(float(np.linalg.norm(x)) - 1.0) < 1e-5


# --- span vectors: one model run gives the sentence vector and contextual vectors of character spans ---

TWO_EVENTS = ("Warplanes bombed a market in Idlib on Monday, while in Khartoum police arrested dozens of "
              "protesters outside the presidential palace.")


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_span_encoding_gives_the_same_sentence_vector_as_encode() -> None:
    encoder = load_encoder()
    text = "Fighters of the group ambushed an army patrol near Gao, killing four soldiers."
    sentence, spans = encoder.encode_spans(text, [_span(text, "ambushed")])
    assert spans.shape == (1, DIM) and np.allclose(np.linalg.norm(spans, axis=1), 1.0, atol=1e-3)
    fresh = encoder._run([text])[0]  # a batch run, not the cache: the same vector up to int8 rounding
    assert float(sentence @ fresh) > 0.999


def test_two_events_in_one_sentence_get_different_trigger_vectors() -> None:
    _, (bombed, arrested) = load_encoder().encode_spans(TWO_EVENTS, [_span(TWO_EVENTS, "bombed"),
                                                                     _span(TWO_EVENTS, "arrested")])
    air, arrest = load_encoder().encode(["Warplanes bombed the town.", "Police arrested dozens of people."])
    # each trigger's vector is nearer the sentence telling its own event alone than the other event's
    assert float(bombed @ air) > float(bombed @ arrest) + 0.05
    assert float(arrested @ arrest) > float(arrested @ air) + 0.05
    assert float(bombed @ arrested) < 0.9


def test_a_span_vector_is_the_normalised_mean_of_the_pieces_it_overlaps() -> None:
    encoder = load_encoder()
    text = "Unidentified gunmen kidnapped three aid workers in Maiduguri on Sunday."
    states = encoder.piece_states(text)
    start, end = _span(text, "Maiduguri")  # several word pieces
    hit = [i for i, (a, b) in enumerate(states.offsets) if a < end and b > start]
    assert len(hit) > 1
    mean = states.states[hit].astype(np.float32).mean(axis=0)
    _, got = encoder.encode_spans(text, [(start, end)])
    assert np.allclose(got[0], mean / np.linalg.norm(mean), atol=1e-5)
    # a span that only touches part of a word takes the whole piece it overlaps
    _, part = encoder.encode_spans(text, [(start, start + 2)])
    assert np.allclose(part[0], states.span(start, start + 1), atol=1e-6)


def test_a_span_beyond_the_truncation_falls_back_to_the_sentence_vector() -> None:
    text = "The army said the attack was repelled. " * 40 + "Rebels then shelled the airport."
    sentence, spans = load_encoder().encode_spans(text, [_span(text, "shelled"), (5, 5)])
    assert np.array_equal(spans[0], sentence) and np.array_equal(spans[1], sentence)


def test_hashing_encoder_offers_span_vectors_too() -> None:
    sentence, spans = HashingEncoder().encode_spans(TWO_EVENTS, [_span(TWO_EVENTS, "bombed"), (0, 0)])
    assert spans.shape == (2, DIM) and np.array_equal(spans[1], sentence)
