"""Actor lookup: takes a name as an article might write it, gives the known actors it may mean, ranked.

Mirrors ``gazetteer lookup`` for the actor knowledge base (the package's actors, every country's state
forces, and the user's own ``actors.csv``). A name the extractor itself recognises comes first
(``match="text"``: what extraction would code it as); then exact canonical names, acronyms and aliases;
then close spellings of names and aliases (rapidfuzz token-sort ratio ≥ 85, ``match="fuzzy"``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

#: The lowest rapidfuzz ratio (0-100) a fuzzy candidate needs.
FUZZY_CUTOFF = 85.0
_MATCH_SCORE = {"text": 110.0, "name": 105.0, "acronym": 102.0, "alias": 100.0}


@dataclass(frozen=True, kw_only=True, slots=True)
class ActorCandidate:
    """One actor a name may refer to, how it matched (``text``, ``name``, ``acronym``, ``alias``, ``fuzzy``)."""

    name: str
    inter: int | None
    iso3: str | None
    source: str  # eventwire (package data or generated state forces) or user
    match: str
    matched: str  # the canonical name, alias or acronym that matched
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "inter": self.inter, "iso3": self.iso3, "source": self.source,
                "match": self.match, "matched": self.matched, "score": round(self.score, 1)}


@dataclass(frozen=True, kw_only=True, slots=True)
class _Known:
    name: str
    inter: int | None
    iso3: str | None
    source: str
    names: tuple[tuple[str, str], ...]  # (written form, match kind)


def lookup_actor(name: str, *, country: str | None = None, limit: int = 5) -> list[ActorCandidate]:
    """Ranked candidates for ``name``; ``country`` (ISO alpha-2 or alpha-3) ranks that country's actors higher."""
    from rapidfuzz import fuzz

    from eventwire.extract.actors import load_actor_kb

    kb = load_actor_kb()
    iso3 = _iso3(country)
    best: dict[str, ActorCandidate] = {}

    def offer(candidate: ActorCandidate) -> None:
        if iso3 and candidate.iso3 == iso3:
            candidate = _boost(candidate)
        if candidate.name not in best or candidate.score > best[candidate.name].score:
            best[candidate.name] = candidate

    known = _known_actors()
    for match in kb.find(name):
        if match.start == 0 and match.end >= len(name.strip()):
            source = known[match.actor.name].source if match.actor.name in known else "eventwire"
            offer(ActorCandidate(name=match.actor.name, inter=match.actor.inter, iso3=match.actor.iso3,
                                 source=source, match="text", matched=match.text, score=_MATCH_SCORE["text"]))
    folded = name.strip().casefold()
    for actor in known.values():
        for written, kind in actor.names:
            exact = written == name.strip() if kind == "acronym" else written.casefold() == folded
            if not exact and kind == "acronym":
                continue  # "SRA" is not a misspelt "RSF": acronyms match exactly or not at all
            score = _MATCH_SCORE[kind] if exact else fuzz.token_sort_ratio(folded, written.casefold())
            if exact or score >= FUZZY_CUTOFF:
                offer(ActorCandidate(name=actor.name, inter=actor.inter, iso3=actor.iso3, source=actor.source,
                                     match=kind if exact else "fuzzy", matched=written, score=score))
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.name))
    return ranked[:limit]


def _boost(candidate: ActorCandidate) -> ActorCandidate:
    return ActorCandidate(**{**candidate.to_dict(), "score": candidate.score + 5.0})


def _iso3(country: str | None) -> str | None:
    if not country:
        return None
    import pycountry

    found = pycountry.countries.get(alpha_2=country.upper()) if len(country) == 2 else \
        pycountry.countries.get(alpha_3=country.upper())
    return found.alpha_3 if found else None


@lru_cache(maxsize=1)
def _known_actors() -> dict[str, _Known]:
    """Every named actor with the names it is written by: the package's rows, then the user's."""
    from eventwire.extract.actors import load_actor_kb
    from eventwire.userdata import user_actor_rows

    text = resources.files("eventwire").joinpath("data", "actors.csv").read_text(encoding="utf-8")
    rows = [(r, "eventwire") for r in csv.DictReader(io.StringIO(text, newline=""))]
    rows += [(r, "user") for r in user_actor_rows()]
    out: dict[str, _Known] = {}
    for row, source in rows:
        name = row["canonical"].strip()
        names = [(name, "name")] + [(a, "acronym") for a in _split(row.get("acronym"))]
        names += [(a, "alias") for a in _split(row.get("aliases"))]
        previous = out.get(name)
        if previous is not None:  # the user adds aliases to one of ours
            names = list(previous.names) + names
            source = previous.source if source == "eventwire" else "eventwire+user"
        inter = int(row["inter"]) if (row.get("inter") or "").isdigit() else None
        out[name] = _Known(name=name, inter=inter if previous is None else previous.inter or inter,
                           iso3=(row.get("country_iso3") or None) if previous is None else previous.iso3,
                           source=source, names=tuple(dict.fromkeys(names)))
    for actor in load_actor_kb().named_actors:  # state forces of every country
        out.setdefault(actor.name, _Known(name=actor.name, inter=actor.inter, iso3=actor.iso3, source="eventwire",
                                          names=((actor.name, "name"),)))
    return out


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]
