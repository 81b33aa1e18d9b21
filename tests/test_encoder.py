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
