"""Country evidence of an article: takes its resolved mentions and text, gives votes per country.

Every signal votes for the country (ISO alpha-2) it points to, kept per source so that a name never
vouches for itself:

* a country named ("Afghanistan", "in Syria") — 3;
* a named armed group whose home the actor knowledge base knows ("Houthi", "KIA") — 3, a state's
  forces ("Tatmadaw", "Afghan military forces") — 2;
* a province or district, or a city of 100,000 people ("Kachin State", "Yangon") — 2;
* a town all of whose readings lie in one country — 1; a demonym ("Afghan", "Azerbaijani") — 0.75,
  never enough alone ("Israeli shelling hit Bint Jbeil" is in Lebanon);
* any other town, in the country of its reading — 0.5 (support only).

The geoparser uses this to refuse foreign namesakes: a small town in a country nothing else in the
article supports, while other signals evidence another country, is only kept with strong evidence of
its own (see ``geoparser._no_foreign_namesake``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Weight of each kind of signal.
EVIDENCE_WEIGHTS: dict[str, float] = {
    "country": 3.0,
    # a named group fights at home ("Houthi fighters shelled Hays"); a state's forces also abroad
    "group": 3.0,
    "actor": 2.0,
    "admin": 2.0,
    # "a Japanese man stabbed in Dundalk", "an Irish pub in Rock Hill": a demonym says who, not where
    "demonym": 0.75,
    "place": 1.0,
    # an ambiguous town read in some country only supports that country: it never evidences one alone
    "support": 0.5,
}
#: A country is evidenced for a name when the other signals give it at least this much weight, and at
#: least this share of the best-evidenced country's weight.
EVIDENCED_MIN = 2.0
EVIDENCED_SHARE = 0.2
#: About a sentence: a signal this close to a name counts double for it.
NEAR_CHARS = 200


@dataclass(frozen=True, kw_only=True, slots=True)
class Signal:
    """One vote: which country, how much, and the source key (a mention's name key or ``actor:...``)."""

    iso2: str
    weight: float
    source: str
    #: Where the signal is in the text: a signal near a name says more about it than one far away.
    start: int = -1


@dataclass(frozen=True, kw_only=True, slots=True)
class CountryEvidence:
    """All the article's votes, with the totals per country."""

    signals: tuple[Signal, ...]

    def totals(self, *, without: str | None = None, near: int | None = None) -> dict[str, float]:
        """Weight per country, leaving out the votes of source ``without`` (a name never votes for itself);
        with ``near`` (a text offset), a source's vote counts double when it is within ``NEAR_CHARS``."""
        best: dict[tuple[str, str], float] = {}
        for s in self.signals:
            if s.source == without:
                continue
            w = s.weight * (2 if near is not None and s.start >= 0 and abs(s.start - near) <= NEAR_CHARS else 1)
            # each source votes once per country (six "Georgia"s are one vote), where it says most
            key = (s.source, s.iso2)
            best[key] = max(best.get(key, 0.0), w)
        out: dict[str, float] = {}
        for (_, iso2), w in best.items():
            out[iso2] = out.get(iso2, 0.0) + w
        return out

    def evidenced(self, *, without: str | None = None, near: int | None = None,
                  floor: float = EVIDENCED_MIN) -> frozenset[str]:
        """Countries the article's other signals point to with at least ``floor`` weight, and at least
        ``EVIDENCED_SHARE`` of the best one's (empty when it says nothing about any)."""
        totals = self.totals(without=without, near=near)
        if not totals:
            return frozenset()
        top = max(totals.values())
        floor = max(floor, EVIDENCED_SHARE * top)
        return frozenset(c for c, w in totals.items() if w >= floor)


@lru_cache(maxsize=1)
def _iso2_of_iso3() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def actor_signals(text: str) -> list[Signal]:
    """Votes of the actors the knowledge base finds in ``text`` (named groups and state forces)."""
    # geo comes after extract in the pipeline: reading its actor knowledge base is a read-only use.
    from eventwire.extract.actors import load_actor_kb

    iso2 = _iso2_of_iso3()
    out = []
    for m in load_actor_kb().find(text):
        code = iso2.get(m.actor.iso3 or "")
        if code:
            kind = "actor" if m.rule == "state" or (m.actor.inter or 0) in (1, 3) else "group"
            out.append(Signal(iso2=code, weight=EVIDENCE_WEIGHTS[kind], source=f"actor:{m.actor.name}",
                              start=m.start))
    return out


def mention_signal(key: str, kinds_countries: Iterable[tuple[str, str | None]], *, demonym: bool,
                   best_kind: str | None, best_iso2: str | None, big: bool = False, weak: bool = False,
                   start: int = -1) -> Signal | None:
    """The vote of one mention: its country when its reading is a country or a demonym, or when every
    reading (``(kind, iso2)`` of its leading candidates) lies in one country, or when the reading is
    ``big`` (a province or a city of 100,000 people: what a bare name means)."""
    if best_iso2 is None:
        return None
    if demonym:
        return Signal(iso2=best_iso2, weight=EVIDENCE_WEIGHTS["demonym"], source=key)
    if best_kind == "country":
        return Signal(iso2=best_iso2, weight=EVIDENCE_WEIGHTS["country"], source=key)
    pairs = list(kinds_countries)
    # a big place's leading reading is what the name means ("Yangon" is also a few villages elsewhere)
    if big or best_kind in ("admin1", "admin2", "admin3"):
        kind = "admin"
    elif pairs and len({c for _, c in pairs}) == 1:
        kind = "place"
    else:
        kind = "support"
    return Signal(iso2=best_iso2, weight=EVIDENCE_WEIGHTS[kind], source=key, start=start)
