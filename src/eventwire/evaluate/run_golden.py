"""Golden event files (the demo corpus): articles in, event matching and per-field scores out.

The corpus folder is read with ``eventwire.ingest.read_inputs`` exactly as ``eventwire ingest`` reads it;
each article is paired with its golden line by file path (and ``article_id`` for files holding several
articles). Events match when they have the same sub-type, dates within a day and places within 25 km
(when both are located); fields are then scored on matched pairs only.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.datasets import GoldenArticle, golden_path, load_golden
from eventwire.evaluate.pipeline import extract, load_geoparser_or_null, versions
from eventwire.evaluate.result import ErrorCase, EvalResult, Table, head, reliability_table
from eventwire.geo.protocol import Geoparser
from eventwire.model import Article, Event

FIELDS = ("actor1", "actor2", "date", "place", "fatalities", "claimed_by", "denied_by", "geo_precision")
#: Keys shown for an event in error listings.
SHOWN = ("event_date", "sub_event_type", "actor1", "actor2", "location", "country", "latitude", "longitude",
         "geo_precision", "fatalities", "claimed_by", "denied_by")


def golden_key(file: str, article_id: str | None) -> tuple[str, str | None]:
    """The key that pairs an article with a golden line: POSIX relative path and optional id."""
    return (Path(file).as_posix(), article_id)


def article_keys(article: Article, root: Path) -> list[tuple[str, str | None]]:
    """Keys an article may be listed under: (its file relative to ``root``, its id) and (file, None)."""
    rel = _relative(article.origin, root)
    return [(rel, article.id), (rel, None)]


def read_corpus(root: Path, wanted: set[str]) -> tuple[list[Article], list[str]]:
    """Every article under ``root``, and a note for each rejected input that the golden file lists."""
    from eventwire.ingest import read_inputs

    articles: list[Article] = []
    notes: list[str] = []
    for item in read_inputs([str(root)]):
        if isinstance(item, Article):
            articles.append(item)
        elif _relative(item.origin, root) in wanted:
            notes.append(f"golden input rejected: {item.origin}:{item.line or ''} {item.reason}: {item.detail}")
    return articles, notes


def _relative(origin: str, root: Path) -> str:
    path = Path(origin.split("#", 1)[0]) if origin else Path()
    try:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    except ValueError:
        return path.as_posix()


def pair_articles(golden: Sequence[GoldenArticle], articles: Sequence[Article],
                  root: Path) -> tuple[list[tuple[GoldenArticle, Article | None]], list[str]]:
    """Each golden line with its article (None if no article matched), and notes on the mismatches."""
    index: dict[tuple[str, str | None], list[Article]] = {}
    for a in articles:
        for key in article_keys(a, root):
            index.setdefault(key, []).append(a)
    out: list[tuple[GoldenArticle, Article | None]] = []
    notes: list[str] = []
    for g in golden:
        found = index.get(golden_key(g.file, g.article_id), [])
        if g.article_id is None and len(found) > 1:
            notes.append(f"golden line for {g.file} has no article_id but the file holds {len(found)} articles")
        if not found:
            notes.append(f"golden article {g.file} {g.article_id or ''} was not read from the corpus")
        out.append((g, found[0] if found else None))
    return out, notes


GoldenPairs = Sequence[tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]]


def golden_calibration(pairs: GoldenPairs) -> m.Calibration:
    """Each predicted event's confidence against whether it matched a gold event (events without one left out)."""
    confidences: list[float] = []
    correct: list[bool] = []
    for gold, pred in pairs:
        hit = {pi for _, pi in m.match_events(gold, pred)}
        for pi, p in enumerate(pred):
            if p.get("confidence") is not None:
                confidences.append(float(p["confidence"]))
                correct.append(pi in hit)
    return m.calibration(confidences, correct)


def score_golden(pairs: GoldenPairs) -> dict[str, float]:
    """Event matching P/R/F1, per-field P/R/F1 and confidence calibration from (gold, predicted) per article."""
    counts = loose = m.PRF()
    matched: list[tuple[Any, Any]] = []
    for gold, pred in pairs:
        idx = m.match_events(gold, pred)
        counts = counts + m.PRF(tp=len(idx), fp=len(pred) - len(idx), fn=len(gold) - len(idx))
        matched.extend(m.match_pairs(gold, pred, idx))
        n = len(m.match_events(gold, pred, use_place=False))
        loose = loose + m.PRF(tp=n, fp=len(pred) - n, fn=len(gold) - n)
    out = {f"event_{k}": v for k, v in counts.as_dict().items()}
    # Matching without the 25 km rule: the gap to event_f1 is what geolocation costs.
    out["event_f1_ignoring_place"] = loose.f1
    for name in FIELDS:
        f = m.field_prf(name, matched)
        out.update({f"{name}_precision": f.precision, f"{name}_recall": f.recall, f"{name}_f1": f.f1})
    out["n_gold_events"] = counts.tp + counts.fn
    out["n_predicted_events"] = counts.tp + counts.fp
    out.update(golden_calibration(pairs).as_dict("confidence_"))
    return out


def field_table(metrics: Mapping[str, float]) -> Table:
    rows = tuple((name, round(metrics[f"{name}_precision"], 3), round(metrics[f"{name}_recall"], 3),
                  round(metrics[f"{name}_f1"], 3)) for name in ("event", *FIELDS))
    return Table(title="Events and fields (fields on matched events)", header=("field", "P", "R", "F1"), rows=rows)


def _show(event: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={event.get(k)!r}" for k in SHOWN if event.get(k) not in (None, ""))


def _field_wrong(name: str, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    counts = m.field_prf(name, [(gold, pred)])
    return counts.fp + counts.fn > 0


def _why_missed(gold: Mapping[str, Any], free: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """The error kind and what we produced: an event that matches but for the 25 km rule is named."""
    for p in free:
        if m.events_compatible(gold, p, use_place=False):
            km = m.haversine_km(gold["latitude"], gold["longitude"], p["latitude"], p["longitude"])
            return f"missed event: ours is placed {km:,.0f} km away", _show(p)
    return "missed event", " | ".join(_show(p) for p in free) or "no unmatched events"


def article_errors(g: GoldenArticle, article: Article | None, pred: Sequence[Mapping[str, Any]]) -> list[ErrorCase]:
    """Unmatched gold events, spurious predicted events and wrong fields on matched ones."""
    item = f"{g.file}{'#' + g.article_id if g.article_id else ''}"
    text = head(article.text) if article else "(article not read)"
    idx = m.match_events(g.events, pred)
    out: list[ErrorCase] = []
    done_g, done_p = {gi for gi, _ in idx}, {pi for _, pi in idx}
    for gi, ge in enumerate(g.events):
        if gi not in done_g:
            kind, produced = _why_missed(ge, [p for pi, p in enumerate(pred) if pi not in done_p])
            out.append(ErrorCase(item_id=item, kind=kind, snippet=text, gold=_show(ge), produced=produced))
    for pi, pe in enumerate(pred):
        if pi not in done_p:
            out.append(ErrorCase(item_id=item, kind="spurious event", snippet=text,
                                 gold=" | ".join(_show(e) for e in g.events) or "no events", produced=_show(pe)))
    for gi, pi in idx:
        wrong = [f for f in FIELDS if _field_wrong(f, g.events[gi], pred[pi])]
        if wrong:
            out.append(ErrorCase(item_id=item, kind=f"wrong {', '.join(wrong)}", snippet=text,
                                 gold=_show(g.events[gi]), produced=_show(pred[pi])))
    return out


def predict(articles: Sequence[Article], geoparser: Geoparser) -> dict[str, list[dict[str, Any]]]:
    """Extracted events (contract dicts) per article id."""
    out: dict[str, list[dict[str, Any]]] = {a.id: [] for a in articles}
    for result in extract(articles, geoparser=geoparser):
        out[result.article.id] = [Event.to_dict(e) for e in result.events]
    return out


def evaluate_golden(path: str | Path, *, limit: int | None = None, geoparser: Geoparser | None = None) -> EvalResult:
    """Read the corpus next to the golden file, extract, and score against the golden events."""
    started = time.perf_counter()
    gpath = golden_path(path)
    root = gpath.parent
    golden = load_golden(gpath, limit=limit)
    notes: list[str] = []
    if geoparser is None:
        geoparser, geo_notes = load_geoparser_or_null()
        notes.extend(geo_notes)
    articles, read_notes = read_corpus(root, {golden_key(g.file, None)[0] for g in golden})
    paired, pair_notes = pair_articles(golden, articles, root)
    wanted = [a for _, a in paired if a is not None]
    unlisted = len({a.id for a in articles} - {a.id for a in wanted})
    if unlisted and limit is None:
        notes.append(f"{unlisted} article(s) read from {root} have no golden line and are not scored")
    preds = predict(list({a.id: a for a in wanted}.values()), geoparser)
    per_article = [(g, a, preds.get(a.id, []) if a else []) for g, a in paired]
    scored = [(g.events, p) for g, _, p in per_article]
    metrics = score_golden(scored)
    tables = (field_table(metrics), reliability_table(golden_calibration(scored), "predicted event matched gold"))
    errors = tuple(e for g, a, p in per_article for e in article_errors(g, a, p))
    return EvalResult(
        dataset=str(path), kind="golden", n_items=len(golden), metrics=metrics, tables=tables,
        errors=errors, notes=tuple(notes + read_notes + pair_notes), seconds=time.perf_counter() - started,
        versions=versions(geoparser),
    )
