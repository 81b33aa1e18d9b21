"""Orchestration: articles in, ``ArticleResult``s (events, background mentions, claims) out.

The flow, one module a step: each article is split into sentences by rule and a cheap trigger prefilter
keeps the few that can describe an event (``triggers``); only those go through spaCy, batched across
articles with ``nlp.pipe(as_tuples=True)``; the candidates that hold a trigger are **encoded** in one
batch (``nlp.encoder``, MiniLM); per sentence the rules **propose** mentions (``propose``: triggers →
modality → date groups → rule outputs → roles, place, casualties) and the typer **classifies** each
(``classify``: sub-type or not an event); an article's drafts are **assembled** into events (``assemble``:
merging, claims, generic actors, confidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.tokens import Doc

from eventwire.extract import background as bg
from eventwire.extract.assemble import build_result
from eventwire.extract.claims import FoundClaim, find_claims, is_claim_sentence
from eventwire.extract.classify import Decision, LearnedDecider, Proposal, TypeDecider, load_decider
from eventwire.extract.detect import Fallback, armed_spans, load_detector, signals
from eventwire.extract.propose import MentionDraft, detected_mentions, draft_mentions, timed
from eventwire.extract.roles import ActorKBLike, ArticleActors
from eventwire.extract.triggers import is_candidate
from eventwire.geo.protocol import COUNTRY_FEATURE_CODES, Geoparser, NullGeoparser
from eventwire.model import Article, ArticleResult, BackgroundMention, Claim, Toponym
from eventwire.nlp import load_nlp, split_sentences
from eventwire.nlp.encoder import SentenceEncoder


@dataclass(frozen=True, kw_only=True, slots=True)
class _Plan:
    """An article with its sentence spans and the indexes of candidate sentences."""

    article: Article
    sentences: tuple[tuple[int, int], ...]
    candidates: tuple[int, ...]


def plan_article(article: Article) -> _Plan:
    """Sentence spans and candidate sentences of one article (no model involved)."""
    spans = tuple(split_sentences(article.text))
    events = [i for i, (s, e) in enumerate(spans) if is_candidate(article.text[s:e])]
    claims = [i for i, (s, e) in enumerate(spans) if is_claim_sentence(article.text[s:e])] if events else []
    return _Plan(article=article, sentences=spans, candidates=tuple(sorted({*events, *claims})))


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[_Plan]]:
    batch: list[_Plan] = []
    for article in articles:
        batch.append(plan_article(article))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _parse(plans: list[_Plan], batch_size: int, cache: MutableMapping[str, Doc] | None = None) -> dict[tuple[int, int], Doc]:
    """Parse every candidate sentence of the batch at once; keys are (plan index, sentence index).

    ``cache`` (sentence text → parse) lets a caller that extracts the same texts many times (held-out
    measurement) parse each sentence once; each use gets its own copy, since the offset differs.
    """
    nlp = load_nlp()
    items = [
        (p.article.text[p.sentences[i][0]:p.sentences[i][1]], (n, i))
        for n, p in enumerate(plans) for i in p.candidates
    ]
    docs: dict[tuple[int, int], Doc] = {}
    if cache is not None:
        for text, key in items:
            if text in cache:
                docs[key] = cache[text].copy()
        items = [(text, key) for text, key in items if key not in docs]
    for doc, key in nlp.pipe(items, as_tuples=True, batch_size=max(batch_size, 16)):
        if cache is not None:
            cache[doc.text] = doc.copy()
        docs[key] = doc
    for key, doc in docs.items():
        doc.user_data["offset"] = plans[key[0]].sentences[key[1]][0]
    return docs


class ArticlePlaces:
    """An article's toponyms, geoparsed on first use (timed under "geo") and kept."""

    def __init__(self, text: str, geoparser: Geoparser, timings: dict[str, float] | None) -> None:
        self._text, self._geoparser, self._timings = text, geoparser, timings
        self._toponyms: list[Toponym] | None = None

    def toponyms(self) -> list[Toponym]:
        """The article's toponyms (parsed now if not yet)."""
        if self._toponyms is None:
            with timed(self._timings, "geo"):
                self._toponyms = self._geoparser.parse(self._text)
        return self._toponyms

    def default_iso3(self) -> str | None:
        """The country the article is mostly about: the country of most towns and regions named, then
        of most named places, then of most toponyms of any kind (a demonym such as "Russian", or a
        country named as an actor, "Russia said", says who acts more often than where)."""
        counts: dict[str, list[int]] = {}
        for t in self.toponyms():
            if t.place and t.place.iso3:
                c = counts.setdefault(t.place.iso3, [0, 0, 0])
                c[0] += int((t.place.precision or 3) < 3 or t.place.feature_code not in _COUNTRY_CODES)
                c[1] += int(_named_place(t))
                c[2] += 1
        return max(counts, key=lambda k: tuple(counts[k])) if counts else None


# whole countries, and places the gazetteer gives no feature code
_COUNTRY_CODES = COUNTRY_FEATURE_CODES | {None}


def _named_place(t: Toponym) -> bool:
    """Whether the toponym names its place ("Idlib", "Syria", "DRC"), not just an adjective ("Russian")."""
    if t.place is None:
        return False
    if (t.place.precision or 3) < 3 or t.text.isupper():
        return True
    said = t.text.strip().lower()
    return said in {n.lower() for n in (t.place.name, t.place.country) if n}


class SentenceVector:
    """A sentence's encoder vector, computed on first use (timed under "encode"), and the vectors of
    character spans of it (``spans``: one model run with the sentence vector when the encoder can).

    Only sentences whose mentions survive the rules' filters and reach the typer are encoded: on long news
    that is a small share of the candidate sentences, and encoding is the costly step.
    """

    def __init__(self, text: str, encoder: SentenceEncoder, timings: dict[str, float] | None) -> None:
        self._text, self._encoder, self._timings = text, encoder, timings
        self._vector: Any = None

    def __call__(self) -> Any:
        if self._vector is None:
            with timed(self._timings, "encode"):
                # ``encode``'s own cache (tens of thousands of sentences) serves a sentence repeated across
                # articles; the piece states ``spans`` needs are kept for a few hundred only, and no shipped
                # head reads spans without asking for them first (``spans`` then sets the vector too)
                self._vector = self._encoder.encode([self._text])[0]
        return self._vector

    def spans(self, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """One normalised vector per character span of the sentence (the sentence's own vector for each
        when the encoder gives no span vectors)."""
        encode_spans = getattr(self._encoder, "encode_spans", None)
        if encode_spans is None:
            return np.tile(self(), (len(spans), 1))
        with timed(self._timings, "encode"):
            sentence, vectors = encode_spans(self._text, spans)
        self._vector = sentence if self._vector is None else self._vector
        return np.asarray(vectors)


def _parse_one(text: str, offset: int, cache: MutableMapping[str, Doc] | None) -> Doc:
    """One sentence the batch did not parse (the detector found it): parsed now, alone."""
    if cache is not None and text in cache:
        doc = cache[text].copy()
    else:
        doc = load_nlp()(text)
        if cache is not None:
            cache[text] = doc.copy()
    doc.user_data["offset"] = offset
    return doc


class _CountingDecider:
    """The article's decider, counting the mentions the rules proposed to it."""

    def __init__(self, decider: TypeDecider) -> None:
        self.decider, self.count = decider, 0

    def decide(self, proposal: Proposal) -> Decision:
        self.count += 1
        return self.decider.decide(proposal)


def _context(plan: _Plan, i: int, encoder: SentenceEncoder | None, timings: dict[str, float] | None) -> bg.SentenceContext:
    text, span = plan.article.text, plan.sentences[i]
    return bg.SentenceContext(text=text, span=span, previous=plan.sentences[i - 1] if i > 0 else None, position=i,
                              lookback=(plan.sentences[max(0, i - 2)][0], plan.sentences[i - 1][1]) if i > 0 else None,
                              vector=SentenceVector(text[span[0]:span[1]], encoder, timings) if encoder else None)


def _detected(plan: _Plan, docs: dict[int, Doc], candidates: set[int], ctx: ArticleActors, places: ArticlePlaces,
              geoparser: Geoparser, timings: dict[str, float] | None, decider: TypeDecider, encoder: SentenceEncoder,
              fallback: Fallback, parse_cache: MutableMapping[str, Doc] | None) -> list[MentionDraft]:
    """The detector's mentions of a text the rules proposed nothing for: candidate sentences go through the
    rules again with the fallback on (it is asked only where no trigger was kept, told or set aside);
    sentences without any trigger are encoded only when their signals make them candidates, and parsed
    only when the detector finds an event."""
    article, out = plan.article, []
    for i, span in enumerate(plan.sentences):
        context = _context(plan, i, encoder, timings)
        if i in candidates:
            out.extend(draft_mentions(docs[i], context, article, ctx, geoparser, places.toponyms, timings, decider,
                                      fallback=fallback)[0])
            continue
        text = article.text[span[0]:span[1]]
        found = signals(text, lambda s=span: armed_spans(ctx.matches, s))  # type: ignore[misc]
        p = fallback.consider(text, found, context.vector) if found.candidate else None
        if p is None:
            continue
        with timed(timings, "nlp"):
            doc = _parse_one(text, span[0], parse_cache)
        out.extend(detected_mentions(doc, context, article, ctx, geoparser, places.toponyms, p, timings, decider))
    return out


def _extract_one(plan: _Plan, docs: dict[int, Doc], geoparser: Geoparser, kb: ActorKBLike,
                 timings: dict[str, float] | None, decider: TypeDecider,
                 encoder: SentenceEncoder | None, fallback: Fallback | None = None,
                 parse_cache: MutableMapping[str, Doc] | None = None) -> ArticleResult:
    article = plan.article
    if not plan.candidates and fallback is None:
        return ArticleResult(article=article, outcome="no_event_sentences")
    places = ArticlePlaces(article.text, geoparser, timings)
    geo_before = timings.get("geo", 0.0) if timings is not None else 0.0
    encode_before = timings.get("encode", 0.0) if timings is not None else 0.0
    nlp_before = timings.get("nlp", 0.0) if timings is not None else 0.0
    candidates = set(plan.candidates)
    with timed(timings, "extract"):
        ctx = ArticleActors(kb=kb, text=article.text, matches=tuple(kb.find(article.text)), places=places)
        drafts: list[MentionDraft] = []
        backgrounds: list[BackgroundMention] = []
        claims: list[FoundClaim] = []
        counting = _CountingDecider(decider)
        for i in plan.candidates:
            context = _context(plan, i, encoder, timings)
            found, background = draft_mentions(docs[i], context, article, ctx, geoparser, places.toponyms, timings,
                                               counting)
            drafts.extend(found)
            backgrounds.extend(background)
            claims.extend(find_claims(ctx, docs[i]))
        if fallback is not None and encoder is not None and counting.count == 0:
            # the rules proposed nothing in the whole text: the detector may (in a text with proposals, a
            # sentence they missed mostly retells the same incident, and would only split or blur it)
            drafts.extend(_detected(plan, docs, candidates, ctx, places, geoparser, timings, decider, encoder,
                                    fallback, parse_cache))
        events, aside = build_result(article, drafts, claims, ctx)
        backgrounds.extend(aside)
    if timings is not None:  # geoparsing and encoding ran inside the extract block: count them once, apart
        timings["extract"] -= (timings.get("geo", 0.0) - geo_before + timings.get("encode", 0.0) - encode_before
                               + timings.get("nlp", 0.0) - nlp_before)
    outcome = "events" if events else ("background_only" if backgrounds else "no_asserted_event")
    ledger: tuple[Claim, ...] = tuple(c.claim for c in claims if c.claim.kind != "reported_by" or events)
    return ArticleResult(article=article, events=tuple(events), background=tuple(backgrounds),
                         claims=ledger, outcome=outcome)


def extract_articles(
    articles: Iterable[Article],
    *,
    geoparser: Geoparser | None = None,
    batch_size: int = 64,
    timings: dict[str, float] | None = None,
    actor_kb: ActorKBLike | None = None,
    decider: TypeDecider | None = None,
    encoder: SentenceEncoder | None = None,
    parse_cache: MutableMapping[str, Doc] | None = None,
    detector: Fallback | None | str = "shipped",
) -> Iterator[ArticleResult]:
    """Stream one ``ArticleResult`` per article, in input order.

    Args:
        articles: the articles (any iterable; consumed lazily, ``batch_size`` at a time).
        geoparser: resolves places; None means ``NullGeoparser`` (events come out unlocated).
        batch_size: articles per ``nlp.pipe`` batch.
        timings: if given, seconds are added under "nlp", "extract" and "geo".
        actor_kb: the actor knowledge base; None loads ``eventwire.extract.actors.load_actor_kb()``.
        decider: decides each proposed mention's sub-type; None loads the shipped learned typer
            (``classify.load_decider``).
        encoder: the sentence encoder for the learned typer; None loads MiniLM when the decider is learned.
        parse_cache: sentence text → parse, kept by a caller that extracts the same texts repeatedly.
        detector: the fallback where the rules propose nothing (``detect``); "shipped" loads the packaged
            detector when an encoder runs (the learned typer), None turns the fallback off.
    """
    geo: Geoparser = geoparser if geoparser is not None else NullGeoparser()
    kb: ActorKBLike
    if actor_kb is None:
        from eventwire.extract.actors import load_actor_kb

        kb = load_actor_kb()
    else:
        kb = actor_kb
    typer = decider if decider is not None else load_decider()
    if encoder is None and isinstance(typer, LearnedDecider):
        from eventwire.nlp.encoder import load_encoder

        encoder = load_encoder()
    fallback: Fallback | None
    if detector == "shipped":
        fallback = load_detector() if encoder is not None and isinstance(typer, LearnedDecider) else None
    else:
        fallback = detector if encoder is not None else None  # type: ignore[assignment]
    for plans in _batches(articles, batch_size):
        with timed(timings, "nlp"):
            docs = _parse(plans, batch_size, parse_cache)
        for n, plan in enumerate(plans):
            mine = {i: docs[(n, i)] for i in plan.candidates}
            yield _extract_one(plan, mine, geo, kb, timings, typer, encoder, fallback, parse_cache)
