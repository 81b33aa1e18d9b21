"""Assemble: an article's mention drafts in, ``Event`` records out.

``build_result`` merges the drafts of one article that describe the same real-world event, folds generic
tellings into specific ones, applies the claims ledger, fills generic actors and places, splits short
multi-day spans one event per day, and scores each event's confidence.
"""


from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from eventwire import taxonomy
from eventwire.extract import EXTRACTOR_VERSION
from eventwire.extract import confidence as conf
from eventwire.extract.casualties import adds_to_toll, casualties
from eventwire.extract.claims import FoundClaim
from eventwire.extract.dates import DateMention
from eventwire.extract.notes import NoteFields, compose_note
from eventwire.extract.propose import MentionDraft, event_country
from eventwire.extract.roles import ArticleActors, Roles
from eventwire.geo.distance import haversine_km
from eventwire.geo.protocol import COUNTRY_FEATURE_CODES
from eventwire.model import Actor, Article, BackgroundMention, Event, Evidence, Place, Toponym

#: The article's toponyms, or a function that geoparses them on first call.
Toponyms = Sequence[Toponym] | Callable[[], Sequence[Toponym]]


def _compatible(a: MentionDraft, b: MentionDraft) -> bool:
    """Whether two drafts of one article can be the same real-world event."""
    if a.sub_event_type != b.sub_event_type or _told_apart(a, b):
        return False
    if a.date and b.date and not _same_days(a.date, b.date):
        return False
    # two places in one country on one day for one type and one perpetrator are usually the same event
    # told at two precisions ("Kaduna state" / "near Birnin Gwari"); the more precise place is kept
    if not (_compatible_place(a, b) or _country_level(a) or _country_level(b) or _retells(a, b) or _retells(b, a)):
        return False
    # a perpetrator known only from a generic word or coreference does not make a second event
    return _compatible_actor(a, b)


def _told_apart(a: MentionDraft, b: MentionDraft) -> bool:
    """Two events of one sentence its clauses told apart ("two bombs exploded near the polling camp at
    Wangoo while another bomb went off at Yumnam Leikai"): a place one of them lacks does not join them."""
    return (a.sentence == b.sentence and a.clause_event is not None and b.clause_event is not None
            and a.clause_event != b.clause_event)


def _retells(retelling: MentionDraft, event: MentionDraft) -> bool:
    """A definite retelling ("the chemical attack") of a dated event of its type: its place, taken from
    another word of its sentence, is no evidence of a second event (``_compatible`` checks type and date)."""
    return retelling.retelling and not event.retelling and event.date is not None


def _country_level(d: MentionDraft) -> bool:
    """Placed only by a country (or nothing more precise): such a retelling is not evidence of another
    place ("the nerve agent attack on Saturday", placed by the RAF base the jets flew from)."""
    return d.place is None or d.place.place is None or d.place.place.precision >= 3


def _same_days(a: DateMention, b: DateMention) -> bool:
    """Two dates that can tell one event: the same day, or a day inside a week or month told coarsely
    ("the chemical attack last week" retells "Saturday's attack"); two different days never."""
    if a.date_start == b.date_start:
        return True
    if a.precision == 1 and b.precision == 1:
        return False
    day, span = (a, b) if a.precision <= b.precision else (b, a)
    return span.precision > 1 and span.date_start <= day.date_start <= span.date_end


#: How far a more precisely known place may lie from the town or district it makes more precise: about
#: a district's reach ("near Birnin Gwari" told again as "a few kilometres outside Birnin Gwari").
REFINE_KM = 50.0


def _refines(fine: Place, coarse: Place) -> bool:
    """Whether ``fine`` can be a closer telling of ``coarse``: inside the country or province it names,
    or within a district's reach of the town. A town 99 km away (where a victim was travelling to) is a
    different place, not a more precise one."""
    if fine.iso3 and coarse.iso3 and fine.iso3 != coarse.iso3:
        return False
    if coarse.feature_code in COUNTRY_FEATURE_CODES or (
            coarse.precision == 3 and not coarse.admin1):
        return True
    if coarse.feature_code in ("ADM1", "RGN"):
        return not (fine.admin1 and coarse.admin1 and fine.admin1 != coarse.admin1)
    if None in (fine.latitude, fine.longitude, coarse.latitude, coarse.longitude):
        return True
    return haversine_km(fine.latitude, fine.longitude, coarse.latitude, coarse.longitude) <= REFINE_KM  # type: ignore[arg-type]


def _precise_place(a: MentionDraft, b: MentionDraft) -> Toponym | None:
    """The better located of two mentions' places: ``b``'s only where it is more precise (lower geo
    precision number) and lies within ``a``'s (see ``_refines``), else ``a``'s."""
    if a.place is None or a.place.place is None:
        return b.place or a.place
    if b.place is None or b.place.place is None:
        return a.place
    pa, pb = a.place.place, b.place.place
    if _same_place(pa, pb) and pa.precision == 1 and pb.precision == 2 and _OUTSKIRTS.search(b.place.text):
        return b.place  # "in the city of Chilpancingo" told again as "in the city's northern outskirts"
    finer = pb.precision < pa.precision
    return b.place if finer and _refines(pb, pa) else a.place


_OUTSKIRTS = re.compile(r"\b(?:outskirts|suburbs)\b", re.I)


def _same_place(a: Place, b: Place) -> bool:
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid
    return a.name == b.name and a.latitude == b.latitude and a.longitude == b.longitude


def _actor_rank(rule: str) -> int:
    """How well an actor is supported: a named KB match beats a generic word beats coreference."""
    if rule.startswith("kb") or rule == "claim":
        return 3
    if rule in ("generic", "facility", "government", "party", "attribution"):  # attribution: someone else's word
        return 2
    return 1 if rule else 0


def _better(a: MentionDraft, b: MentionDraft, *, override: bool = True) -> MentionDraft:
    """Merge ``b`` into ``a``: keep ``a``'s values, fill what ``a`` lacks from ``b`` (and, with
    ``override``, take ``b``'s actors where they are better supported, e.g. named rather than generic)."""
    date = a.date if a.date and (not b.date or a.date.precision <= b.date.precision) else b.date
    # a retelling only fills gaps, and only with actors it names itself (not by coreference)
    take1 = _actor_rank(b.roles.rule1) > _actor_rank(a.roles.rule1) and _actor_rank(b.roles.rule1) >= 2 and (
        override or a.roles.actor1 is None or _names_generic_group(a.roles.actor1, b.roles))
    take2 = _actor_rank(b.roles.rule2) > _actor_rank(a.roles.rule2) and _actor_rank(b.roles.rule2) >= 2 and (
        override or a.roles.actor2 is None)
    # an associated actor goes with the actor it was read beside; where the kept actor has none, a retelling's
    # associate of the same actor fills the gap
    assoc1 = (b if take1 else a).roles.assoc1 or _same_side_assoc(a.roles.actor1 if not take1 else b.roles.actor1,
                                                                  (a if take1 else b).roles, 1)
    assoc2 = (b if take2 else a).roles.assoc2 or _same_side_assoc(a.roles.actor2 if not take2 else b.roles.actor2,
                                                                  (a if take2 else b).roles, 2)
    roles = Roles(actor1=b.roles.actor1 if take1 else a.roles.actor1, actor2=b.roles.actor2 if take2 else a.roles.actor2,
                  rule1=b.roles.rule1 if take1 else a.roles.rule1, rule2=b.roles.rule2 if take2 else a.roles.rule2,
                  assoc1=assoc1, assoc2=assoc2)
    figures = a.figures if casualties(list(a.figures)).fatalities is not None else b.figures + a.figures
    # "One of the attackers was also killed" told in a mention of its own adds to the lead's toll
    figures += tuple(f for f in b.figures if adds_to_toll(f) and f not in figures)
    weapons = a.weapons + tuple(w for w in b.weapons if w[0] not in {x[0] for x in a.weapons})
    place = _precise_place(a, b) if override else (a.place or b.place)
    return replace(a, date=date, roles=roles, place=place, figures=figures, weapons=weapons,
                   status="asserted" if "asserted" in (a.status, b.status) else a.status,
                   strength=max(a.strength, b.strength), position=min(a.position, b.position),
                   last_position=max(a.last_position, b.last_position),
                   extra_evidence=a.extra_evidence + (b.trigger,) + b.extra_evidence,
                   retelling=a.retelling and b.retelling)


def _same_side_assoc(actor: Actor | None, other: Roles, side: int) -> Actor | None:
    """The other mention's associate of ``side`` when it was read beside the same actor."""
    theirs = other.actor1 if side == 1 else other.actor2
    assoc = other.assoc1 if side == 1 else other.assoc2
    return assoc if actor is not None and theirs is not None and theirs.name == actor.name else None


def _names_generic_group(generic: Actor, named: Roles) -> bool:
    """'Gang members attacked ...' then 'Armed men belonging to the Viv Ansanm gang coalition ...': a
    retelling that names the unnamed armed group (a KB name, not coreference) says who they were."""
    actor = named.actor1
    return (actor is not None and named.rule1.startswith("kb") and actor.inter in (2, 3, 4, 8)
            and generic.inter in (2, 3) and generic.name.startswith("Unidentified Armed Group"))


def merge_drafts(drafts: Sequence[MentionDraft]) -> list[MentionDraft]:
    """One draft per real-world event: same sub-type, compatible date, place and actor1."""
    merged: list[MentionDraft] = []
    for draft in drafts:
        for i, kept in enumerate(merged):
            if _compatible(kept, draft):
                if not _compatible_place(kept, draft) and (_retells(draft, kept) or _retells(kept, draft)):
                    # only a retelling of another place: the event keeps its own place, actors, status
                    lead, other = (draft, kept) if _retells(kept, draft) else (kept, draft)
                    merged[i] = _better(lead, other, override=False)
                    break
                # the more precisely dated mention leads
                lead, other = (kept, draft) if _rank(kept) >= _rank(draft) else (draft, kept)
                merged[i] = _better(lead, other)
                break
        else:
            merged.append(draft)
    return merged


def _rank(d: MentionDraft) -> tuple[int, int, int]:
    return (int(d.status == "asserted"), -(d.date.precision if d.date else 9), int(d.place is not None))


_CLAIMABLE = frozenset({"Explosions/Remote violence", "Violence against civilians"})


def _apply_claims(draft: MentionDraft, claims: Sequence[FoundClaim]) -> tuple[MentionDraft, dict[str, Evidence]]:
    """Fill claimed_by / attributed_by / denied_by and, where the perpetrator is unknown, actor1."""
    found: dict[str, Evidence] = {}
    roles = draft.roles
    s0, s1 = draft.sentence
    for fc in _claims_first(claims):
        ev = fc.claim.evidence
        if ev is None:
            continue
        same = s0 <= ev.start < s1
        kind = fc.claim.kind
        actor1 = roles.actor1
        matches_actor = actor1 is not None and fc.claim.source == actor1.name
        # a perpetrator known only as "gunmen" or by coreference gives way to a named claimant
        weak1 = actor1 is None or _actor_rank(roles.rule1) < 3
        # (only a named group can speak for itself: "gunmen ... a spokesperson said" is not the gunmen's claim)
        if (kind == "reported_by" and same and matches_actor and actor1 is not None and actor1.inter != 1
                and _actor_rank(roles.rule1) >= 3
                and taxonomy.sub_event(draft.sub_event_type).event_type in _CLAIMABLE):
            kind = "claimed_by"  # "Hezbollah said it fired rockets": the group speaks for its own attack
        if kind == "reported_by" or kind in found:
            continue
        if kind == "claimed_by" and (same or matches_actor or (weak1 and fc.source_actor)):
            found[kind] = replace(ev, field="claimed_by")
            if weak1 and fc.source_actor:
                roles = replace(roles, actor1=replace(fc.source_actor, evidence=replace(ev, field="actor1")), rule1="claim")
        elif kind == "attributed_by" and same:
            found[kind] = replace(ev, field="attributed_by")
            if weak1 and fc.accused:
                roles = replace(roles, actor1=fc.accused, rule1="accused")
        elif kind == "attributed_by" and fc.refers and fc.accused and ev.start >= s0 and _unknown_perpetrator(roles):
            if "claimed_by" not in found:  # a claim outranks someone else's attribution
                found[kind] = replace(ev, field="attributed_by")
                roles = replace(roles, actor1=fc.accused, rule1="attribution")
        elif kind == "denied_by" and (same or matches_actor and (fc.refers or roles.rule1 != "attribution")
                                      or fc.refers and ev.start >= s0):
            # (a later "the TTP said it was not involved" was routed here by ``_claims_for``)
            found[kind] = replace(ev, field="denied_by")
    return replace(draft, roles=roles), found


def _unknown_perpetrator(roles: Roles) -> bool:
    """No perpetrator, or only ACLED's generic 'Unidentified Armed Group (...)': an attribution may fill it."""
    a1 = roles.actor1
    return a1 is None or a1.name.startswith("Unidentified Armed Group")


def _claims_first(claims: Sequence[FoundClaim]) -> list[FoundClaim]:
    """Claims of responsibility before attributions and denials (stable otherwise)."""
    return sorted(claims, key=lambda fc: fc.claim.kind != "claimed_by")


def _claims_for(d: MentionDraft, drafts: Sequence[MentionDraft], claims: Sequence[FoundClaim]) -> list[FoundClaim]:
    """The claims that may apply to ``d``: a later sentence's attribution or denial goes to the most
    recent event before it whose type it can describe (an attack, strike or shelling), not to every event."""
    out = []
    for fc in claims:
        ev = fc.claim.evidence
        if (fc.claim.kind in ("attributed_by", "denied_by") and fc.refers and ev is not None
                and not d.sentence[0] <= ev.start < d.sentence[1]):
            types = _DENIABLE if fc.claim.kind == "denied_by" else _ATTRIBUTABLE
            before = [x for x in drafts if x.sentence[0] <= ev.start
                      and taxonomy.sub_event(x.sub_event_type).event_type in types]
            if not before or max(before, key=lambda x: x.sentence[0]) is not d:
                continue
        out.append(fc)
    return out


_ATTRIBUTABLE = frozenset({"Explosions/Remote violence", "Violence against civilians", "Battles"})
#: police deny force used on a demonstration as armed groups deny attacks
_DENIABLE = _ATTRIBUTABLE | {"Protests", "Riots"}


def _claim_names(found: dict[str, Evidence], claims: Sequence[FoundClaim]) -> dict[str, str]:
    names = {}
    for kind, ev in found.items():
        for fc in claims:
            if fc.claim.evidence and fc.claim.evidence.start == ev.start and fc.claim.evidence.end == ev.end:
                names[kind] = fc.claim.source
    return names


def _attributed(d: MentionDraft, confidence: float) -> float:
    """A perpetrator known only from someone's attribution is a little less certain than a direct report."""
    return round(max(0.05, confidence - 0.05), 3) if d.roles.rule1 == "attribution" else confidence


_REMOTE_FAMILIES = ("air", "shell", "suicide", "ied", "grenade", "chem")


def _confidence(article: Article, d: MentionDraft, claimed: bool, actor_rank: int) -> float:
    """Confidence from what the text gave for this event (see ``eventwire.extract.confidence``)."""
    sentence = article.text[d.sentence[0]:d.sentence[1]]
    place = d.place.place if d.place else None
    own = d.date is not None and d.sentence[0] <= d.date.start < d.sentence[1]
    before = (article.date - d.date.date_end).days if d.date and article.date else None
    return conf.confidence(support=conf.Support(
        strength=d.strength, means=bool(d.weapons) or d.trigger.rule.split(";")[0].split(":")[-1] in _REMOTE_FAMILIES,
        casualties=bool(d.figures), actor_rank=actor_rank,
        place_precision=(place.precision or 3) if place else None, date_own=own,
        date_precision=d.date.precision if d.date else None, mentions=1 + len(d.extra_evidence),
        position=d.position, asserted=d.status == "asserted", claimed=claimed, hedged=conf.hedged(sentence),
        quoted=conf.quoted(sentence, d.trigger.start - d.sentence[0]), days_before_report=before,
        article_words=_word_count(article.text)), probability=d.type_probability, curve=d.type_curve)


@lru_cache(maxsize=256)
def _word_count(text: str) -> int:
    return len(text.split())


def _days(d: MentionDraft, pub: dt.date | None) -> list[tuple[str | None, str | None, str | None, int | None]]:
    """(event_date, date_start, date_end, precision) per event; short day spans split one per day."""
    if d.date is None:
        return [(pub.isoformat(), None, None, 2)] if pub else [(None, None, None, None)]
    start, end, prec = d.date.date_start, d.date.date_end, d.date.precision
    if start == end:
        return [(start.isoformat(), None, None, prec)]
    span = (end - start).days
    if prec == 1 and span <= 7:
        return [((start + dt.timedelta(days=i)).isoformat(), start.isoformat(), end.isoformat(), 1)
                for i in range(span + 1)]
    return [(start.isoformat(), start.isoformat(), end.isoformat(), prec)]


def _place_fields(t: Toponym | None) -> tuple[dict[str, object], tuple[Evidence, ...]]:
    p: Place | None = t.place if t else None
    if t is None or p is None:
        return {}, ()
    fields: dict[str, object] = {"location": p.name, "admin1": p.admin1, "admin2": p.admin2, "country": p.country, "iso3": p.iso3,
              "latitude": p.latitude, "longitude": p.longitude, "geo_precision": p.precision}
    rule = "geo:" + (p.source or "") + (";" + t.rule if t.rule else "")  # the source, then what chose it
    return fields, (Evidence(start=t.start, end=t.end, text=t.text, field="location", rule=rule),)


def _evidence(d: MentionDraft, claim_ev: dict[str, Evidence], place_ev: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    evs: list[Evidence] = [d.trigger, *d.extra_evidence]
    if d.date:
        evs.append(Evidence(start=d.date.start, end=d.date.end, text=d.date.text, field="event_date", rule="date:" + d.date.rule))
    r = d.roles
    for actor in (r.actor1, r.actor2, r.assoc1 if r.actor1 else None, r.assoc2 if r.actor2 else None):
        if actor and actor.evidence:
            evs.append(actor.evidence)
    for f in d.figures:
        evs.append(Evidence(start=f.start, end=f.end, text=f.text, field="fatalities" if f.kind == "killed" else "injuries", rule="casualties"))
    evs.extend(ev for _, ev in d.weapons)
    evs.extend(claim_ev.values())
    evs.extend(place_ev)
    return tuple(evs)


def _event_id(article_id: str, sub: str, date: str | None, offset: int) -> str:
    return hashlib.sha1(f"{article_id}|{sub}|{date}|{offset}".encode()).hexdigest()[:16]


_NO_CASUALTIES = re.compile(
    r"\b(?:no (?:immediate )?(?:reports? of )?(?:casualties|injuries|deaths|fatalities|one was (?:killed|hurt|injured))|"
    r"nobody was (?:killed|hurt|injured)|no one was (?:killed|hurt|injured)|without (?:causing )?casualties|"
    r"(?:crew|everyone|all) (?:was|were) (?:safe|unharmed)|caus\w* no (?:casualties|injuries))", re.I)
_NON_LETHAL = frozenset({"Peaceful protest", "Protest with intervention", "Arrests", "Agreement", "Disrupted weapons use",
                         "Looting/property destruction", "Headquarters or base established",
                         "Change to group/activity", "Non-violent transfer of territory", "Other"})


def _zero_fatalities(article: Article, d: MentionDraft, injuries: int | None) -> bool:
    """ACLED writes 0, not unknown, when the report says nobody died (or the event cannot kill)."""
    return injuries is not None or d.sub_event_type in _NON_LETHAL or bool(_NO_CASUALTIES.search(article.text))


def _protest_roles(article: Article, d: MentionDraft, ctx: ArticleActors | None, iso3: str | None) -> MentionDraft:
    """Demonstrators are actor1 of protests and riots; the authorities who intervene are actor2."""
    sub = taxonomy.sub_event(d.sub_event_type)
    if ctx is None or sub.event_type not in ("Protests", "Riots"):
        return d
    r = d.roles
    actor1, actor2 = r.actor1, r.actor2
    assoc1, assoc2 = r.assoc1, r.assoc2
    if actor1 is not None and actor1.inter == 1:
        state = actor1
        actor1 = actor2 if actor2 is not None and actor2.inter != 1 else None
        ev = state.evidence  # the authorities' words now support actor2
        actor2 = replace(state, evidence=replace(ev, field="actor2") if ev is not None else None)
        assoc1, assoc2 = _on_side(assoc2, 1) if actor1 is not None else None, _on_side(assoc1, 2)
    kind = "rioters" if sub.event_type == "Riots" else "protesters"
    if actor1 is None or actor1.inter in (5, 6, 7):
        ev = d.trigger if actor1 is None else actor1.evidence
        generic = ctx.kb.generic(kind, iso3 or (actor1.iso3 if actor1 else None) or ctx.default_iso3)
        actor1 = replace(generic, evidence=replace(ev, field="actor1", rule="protest:" + kind) if ev else None)
    sentence = article.text[d.sentence[0]:d.sentence[1]]
    if actor2 is None and sub.name != "Peaceful protest" and (m := re.search(r"\bpolice\b", sentence, re.I)):
        start = d.sentence[0] + m.start()
        ev = Evidence(start=start, end=start + len(m.group()), text=m.group(), field="actor2", rule="protest:police")
        actor2 = replace(ctx.kb.generic("police", iso3 or ctx.default_iso3), evidence=ev)
    return replace(d, roles=replace(r, actor1=actor1, actor2=actor2, assoc1=assoc1, assoc2=assoc2))


def _on_side(actor: Actor | None, side: int) -> Actor | None:
    """An associated actor moved with its actor to the other side (its evidence names the new field)."""
    ev = actor.evidence if actor is not None else None
    if actor is None or ev is None:
        return actor
    return replace(actor, evidence=replace(ev, field=f"assoc_actor_{side}",
                                           rule=ev.rule.replace(f"side={3 - side}", f"side={side}")))


_UNIDENTIFIED_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians", "Battles"})


def _foreign_capture(d: MentionDraft, iso3: str | None) -> MentionDraft:
    """ACLED's "Government regains territory" is the country's own government; a foreign state force that
    takes ground ("Russian forces captured Avdiivka") overtakes it, as a non-state actor does."""
    a1 = d.roles.actor1
    if (d.sub_event_type != "Government regains territory" or a1 is None or a1.inter != 1 or not a1.iso3
            or not iso3 or a1.iso3 == iso3):
        return d
    trigger = replace(d.trigger, rule=d.trigger.rule + ";foreign_state")
    return replace(d, sub_event_type="Non-state actor overtakes territory", type_rule=d.type_rule + ";foreign_state",
                   trigger=trigger)


def _reported_directly(rule: str) -> bool:
    """actor1 was named by the event's own sentence (or attributed by a source), not borrowed or claimed."""
    return rule.startswith("kb") or rule in ("generic", "facility", "government", "party", "attribution")


def _unidentified_perpetrator(d: MentionDraft, denier: str | None, ctx: ArticleActors | None,
                              iso3: str | None) -> MentionDraft:
    """An attack whose perpetrator is unknown (or denies it) is ACLED's ``Unidentified Armed Group``."""
    r = d.roles
    # A perpetrator who denies it gives way to "unidentified" only where we had them from someone's
    # word (a claim, the nearest name before); named by the report itself ("Russian missiles struck") or
    # attributed by a source, they stay, and denied_by records the denial.
    denied = r.actor1 is not None and denier == r.actor1.name and not _reported_directly(d.roles.rule1)
    if ctx is None or taxonomy.sub_event(d.sub_event_type).event_type not in _UNIDENTIFIED_TYPES:
        return d
    if (r.actor1 is not None and not denied) or not (iso3 or ctx.default_iso3):
        return d
    actor = ctx.kb.generic("armed_group", iso3 or ctx.default_iso3)
    ev = replace(d.trigger, field="actor1", rule="default:unidentified")
    return replace(d, roles=replace(r, actor1=replace(actor, evidence=ev), rule1="generic"))


# ACLED's generic actors named after the country where the event happened (not the attacker's)
_LOCAL_GENERICS = (("Unidentified Armed Group", "armed_group"), ("Civilians", "civilians"),
                   ("Protesters", "protesters"), ("Rioters", "rioters"))


def _in_country(actor: Actor | None, ctx: ArticleActors, iso3: str) -> Actor | None:
    """``actor`` moved to the event's country if it is a generic civilians/protesters/rioters/armed group."""
    if actor is None or actor.iso3 == iso3:
        return actor
    kind = next((k for base, k in _LOCAL_GENERICS if actor.name == base or actor.name.startswith(base + " (")), None)
    if kind is None:
        return actor
    moved = ctx.kb.generic(kind, iso3)
    return replace(moved, evidence=actor.evidence) if moved.iso3 == iso3 else actor


def _generics_in_event_country(d: MentionDraft, ctx: ArticleActors | None, iso3: str | None) -> MentionDraft:
    """Generic actors of a located event take the located place's country (merging can mix countries)."""
    if ctx is None or not iso3:
        return d
    r = d.roles
    return replace(d, roles=replace(r, actor1=_in_country(r.actor1, ctx, iso3), actor2=_in_country(r.actor2, ctx, iso3),
                                    assoc1=_in_country(r.assoc1, ctx, iso3), assoc2=_in_country(r.assoc2, ctx, iso3)))


def _country_name(ctx: ArticleActors | None, iso3: object, fallback: object) -> object:
    namer = getattr(ctx.kb, "country_name", None) if ctx else None
    return (namer(iso3) if namer and isinstance(iso3, str) else None) or fallback


def to_events(article: Article, d: MentionDraft, claims: Sequence[FoundClaim],
              ctx: ArticleActors | None = None) -> list[Event]:
    """The final event record(s) of one merged draft (several if a day span is split)."""
    d, claim_ev = _apply_claims(d, claims)
    names = _claim_names(claim_ev, claims)
    place, place_ev = _place_fields(d.place)
    if place:
        place["country"] = _country_name(ctx, place.get("iso3"), place.get("country"))
    d = _foreign_capture(d, place.get("iso3"))  # type: ignore[arg-type]
    sub = taxonomy.sub_event(d.sub_event_type)
    d = _protest_roles(article, d, ctx, place.get("iso3"))  # type: ignore[arg-type]
    # a perpetrator defaulted to "Unidentified Armed Group" is normal for bombings, but no evidence of one
    actor_rank = max(1, _actor_rank(d.roles.rule1)) if d.roles.actor1 else 0
    d = _unidentified_perpetrator(d, names.get("denied_by"), ctx, place.get("iso3"))  # type: ignore[arg-type]
    d = _generics_in_event_country(d, ctx, event_country(d.place, ctx) if ctx else None)
    actor_rank = actor_rank or (1 if d.roles.actor1 else 0)
    cas = casualties(list(d.figures))
    if cas.fatalities is None and _zero_fatalities(article, d, cas.injuries):
        cas = replace(cas, fatalities=0)
    weapons = tuple(name for name, _ in d.weapons)
    events = []
    for event_date, start, end, precision in _days(d, article.date):
        note = compose_note(NoteFields(sub_event_type=sub.name, event_date=event_date, time_precision=precision,
                                       actor1=d.roles.actor1.name if d.roles.actor1 else None,
                                       actor2=d.roles.actor2.name if d.roles.actor2 else None,
                                       claimed_by=names.get("claimed_by"), location=place.get("location"),  # type: ignore[arg-type]
                                       country=place.get("country"), fatalities=cas.fatalities, weapons=weapons))  # type: ignore[arg-type]
        events.append(Event(
            event_id=_event_id(article.id, sub.name, event_date, d.trigger.start), article_id=article.id,
            event_date=event_date, date_start=start, date_end=end, time_precision=precision,
            disorder_type=sub.disorder_type, event_type=sub.event_type, sub_event_type=sub.name,
            actor1=d.roles.actor1.name if d.roles.actor1 else None, inter1=d.roles.actor1.inter if d.roles.actor1 else None,
            actor2=d.roles.actor2.name if d.roles.actor2 else None, inter2=d.roles.actor2.inter if d.roles.actor2 else None,
            assoc_actor_1=d.roles.assoc1.name if d.roles.assoc1 and d.roles.actor1 else None,
            assoc_actor_2=d.roles.assoc2.name if d.roles.assoc2 and d.roles.actor2 else None,
            claimed_by=names.get("claimed_by"), attributed_by=names.get("attributed_by"), denied_by=names.get("denied_by"),
            weapons=weapons, fatalities=cas.fatalities, fatalities_low=cas.fatalities_low,
            fatalities_high=cas.fatalities_high, injuries=cas.injuries,
            evidence=_evidence(d, claim_ev, place_ev), confidence=_attributed(d, _confidence(article, d, "claimed_by" in names, actor_rank)),
            plover_category=sub.plover_category, plover_mode=sub.plover_mode, cameo_code=sub.cameo_code,
            notes=note, extractor_version=EXTRACTOR_VERSION, **place,  # type: ignore[arg-type]
        ))
    return events


def absorb_undated(merged: Sequence[MentionDraft], *, lead: int = 2) -> tuple[list[MentionDraft], list[MentionDraft]]:
    """Date the mentions that carry no date of their own from the article's dated mentions.

    In a report that dates its events, an undated sentence in the body continues the last dated one
    ("Hours later, artillery shelled Khiam"; "The attackers fled on foot"): it takes the date of the
    closest dated mention before it, then either joins a compatible event (filling only what that
    event lacks) or, if the article reports dated events of the same event type elsewhere, stands as
    its own event. Other undated body mentions (an aside about police reinforcements; in an article
    that dates nothing, the history and analysis after the lead) are background.
    Undated lead sentences (headline, first paragraph) are kept: the lead often reports the main event
    without a date.

    Returns:
        (events kept, mentions set aside as background).
    """
    dated = [d for d in merged if d.date is not None]
    if not dated:
        return [d for d in merged if d.position <= lead], [d for d in merged if d.position > lead]
    out = sorted(dated, key=lambda d: -d.strength)
    aside: list[MentionDraft] = []
    types = {taxonomy.sub_event(d.sub_event_type).event_type for d in dated}
    # body mentions first (they inherit dates), then the lead, which then finds the dated events it retells
    for d in sorted((d for d in merged if d.date is None), key=lambda d: (d.position <= lead, d.position)):
        before = [k for k in dated if k.position <= d.last_position]
        if before:
            d = replace(d, date=max(before, key=lambda k: k.position).date)
        family = taxonomy.sub_event(d.sub_event_type).event_type
        for i, kept in enumerate(out):
            same_type = taxonomy.sub_event(kept.sub_event_type).event_type == family
            if same_type and _compatible_place(kept, d) and _compatible_actor(kept, d):
                out[i] = _better(kept, d, override=False)
                break
        else:
            if (before and family in types) or d.position <= lead:
                out.append(d)
            else:
                aside.append(d)
    return out, aside


def _compatible_actor(a: MentionDraft, b: MentionDraft) -> bool:
    a1, b1 = a.roles.actor1, b.roles.actor1
    return a1 is None or b1 is None or a1.name == b1.name or min(_actor_rank(a.roles.rule1), _actor_rank(b.roles.rule1)) < 3


def _compatible_place(a: MentionDraft, b: MentionDraft) -> bool:
    ia = a.place.place.iso3 if a.place and a.place.place else None
    ib = b.place.place.iso3 if b.place and b.place.place else None
    return not (ia and ib and ia != ib)  # "Lake Chad" (no country) conflicts with no country


_GENERIC_TYPES = frozenset({"Attack", "Armed clash"})


def _same_occasion(a: MentionDraft, b: MentionDraft) -> bool:
    """Same day (or one undated), same country or unknown place, no conflicting named perpetrators."""
    if a.date and b.date and a.date.date_start != b.date.date_start:
        return False
    return _compatible_place(a, b) and _compatible_actor(a, b)


def _folds_into(generic: MentionDraft, specific: MentionDraft) -> bool:
    """Whether ``generic`` is a less specific telling of ``specific`` ("seven killed" beside "an airstrike
    killed seven"; looting during a riot): ACLED codes one event, by its most specific type."""
    g, s = taxonomy.sub_event(generic.sub_event_type), taxonomy.sub_event(specific.sub_event_type)
    if g.name == "Arrests" and s.event_type in _DEMONSTRATIONS and _arrests_at_demonstration(generic, specific):
        return True  # arrests of demonstrators are the intervention of the demonstration event (TAXONOMY)
    if g.name == s.name or not _same_occasion(generic, specific):
        return False
    if g.name in _GENERIC_TYPES and s.disorder_type == "Political violence":
        # of two generic tellings the lead's is the event ("attacked the village, killing 35"), not a later
        # party's own version ("the RSF said its forces had clashed with militias")
        return s.name not in _GENERIC_TYPES or (-generic.position, generic.strength) < (-specific.position, specific.strength)
    if _withdrawal_transfer(specific) and g.name in _TERRITORY_TAKEN:
        return True  # "took control of Af-Urur ... following the withdrawal of Puntland forces": no fight
    if _withdrawal_transfer(generic) and s.name in _TERRITORY_TAKEN:
        return False
    if g.name == "Change to group/activity" and generic.type_rule == "withdraw" and s.name in (
            "Non-violent transfer of territory", *_TERRITORY_TAKEN):
        return True  # "withdrew from the base" then "handed control of the camp to ...": one transfer
    if g.name in ("Non-violent transfer of territory", "Change to group/activity") and s.disorder_type == "Political violence":
        return True  # "the attackers withdrew", "police sent reinforcements": part of the day's violence
    if g.event_type in _DEMONSTRATIONS and s.event_type in _DEMONSTRATIONS:
        # one demonstration told twice ("marched through the centre", "set fire to vehicles"): the
        # lead's telling is the event; a later one folds into it
        return (generic.position, _severity(g.name)) > (specific.position, _severity(s.name))
    if g.name == "Looting/property destruction" and _damage_of_strike(generic, specific):
        return True
    return g.name == "Looting/property destruction" and s.event_type in ("Riots", "Protests")


def _damage_of_strike(damage: MentionDraft, strike: MentionDraft) -> bool:
    """Property destroyed by a strike or bombing of the same day and perpetrator ("debris from the drones
    set fire to a nine-storey building"): the damage is that attack's, not a separate destruction event
    (ACLED codes destruction as its own event only when it is the act itself, e.g. arson or razing).
    The caller has checked the day and country (``_same_occasion``)."""
    if taxonomy.sub_event(strike.sub_event_type).event_type != "Explosions/Remote violence":
        return False
    a, b = damage.roles.actor1, strike.roles.actor1
    return a is None or b is None or a.name == b.name


def _arrests_at_demonstration(arrests: MentionDraft, demo: MentionDraft) -> bool:
    """Arrests on the demonstration's day and place, of nobody or of demonstrators and civilians."""
    if arrests.date and demo.date and arrests.date.date_start != demo.date.date_start:
        return False
    who = arrests.roles.actor2
    return _compatible_place(arrests, demo) and (who is None or who.inter in (5, 6, 7))


_TERRITORY_TAKEN = frozenset({"Non-state actor overtakes territory", "Government regains territory"})


def _withdrawal_transfer(d: MentionDraft) -> bool:
    """A transfer of territory typed from its taking plus a withdrawal (not a bare "withdrew")."""
    return d.sub_event_type == "Non-violent transfer of territory" and d.type_rule == "territory:withdrawal"


_DEMONSTRATIONS = frozenset({"Protests", "Riots"})
_SEVERITY = ("Peaceful protest", "Protest with intervention", "Violent demonstration",
             "Excessive force against protesters")


def _severity(name: str) -> int:
    return _SEVERITY.index(name) if name in _SEVERITY else -1


def _fold(target: MentionDraft, g: MentionDraft) -> MentionDraft:
    merged = _better(target, g, override=False)
    if g.sub_event_type == "Looting/property destruction" and target.sub_event_type in (
            "Peaceful protest", "Protest with intervention"):
        # demonstrators destroying property make the demonstration a riot
        merged = replace(merged, sub_event_type="Violent demonstration", type_rule="protest+property_destruction")
    if g.sub_event_type == "Arrests" and target.sub_event_type == "Peaceful protest":
        merged = replace(merged, sub_event_type="Protest with intervention", type_rule="protest+arrests")
    return merged


def fold_generic(drafts: Sequence[MentionDraft]) -> list[MentionDraft]:
    """Fold generic mentions into the specific event they re-tell (see ``_folds_into``)."""
    out = list(drafts)
    changed = True
    while changed:
        changed = False
        for g in out:
            target = next((s for s in out if s is not g and _folds_into(g, s)), None)
            if target is not None:
                out = [_fold(target, g) if d is target else d for d in out if d is not g]
                changed = True
                break
    return out


def build_result(article: Article, drafts: Sequence[MentionDraft], claims: Sequence[FoundClaim],
                 ctx: ArticleActors | None = None) -> tuple[list[Event], list[BackgroundMention]]:
    """Merge the article's drafts; give the final events (best-supported first) and the mentions set
    aside as background (undated asides of the body)."""
    merged, aside = absorb_undated(fold_generic(merge_drafts(drafts)))
    events = [e for d in merged for e in to_events(article, d, _claims_for(d, merged, claims), ctx)]
    background = [BackgroundMention(text=article.text[d.sentence[0]:d.sentence[1]], start=d.sentence[0],
                                    end=d.sentence[1], sub_event_type=d.sub_event_type) for d in aside]
    return sorted(events, key=lambda e: -e.confidence), background


def build_events(article: Article, drafts: Sequence[MentionDraft], claims: Sequence[FoundClaim],
                 ctx: ArticleActors | None = None) -> list[Event]:
    """Merge the article's drafts and turn them into final events, best-supported first."""
    return build_result(article, drafts, claims, ctx)[0]

