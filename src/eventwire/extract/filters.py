"""Precision filters: trigger words that name no event of their own, and sentences that tell history.

Takes a trigger token of a parsed candidate sentence (plus the sentence's dates and figures); says why
the trigger is not a new, datable event, or None. Two kinds of answers:

- ``junk``: the word is not an event mention at all ("detention centres", "battle-tested fighters",
  "searching for targets", "possible booby traps", "the SDF are hardly likely to attack");
- ``background``: the word tells a real event, but as context — history ("In late 2015, suicide
  bombers attacked Paris"), a habit ("Russia has a history of mounting assaults"), a generic
  plural ("murderous attacks in Britain"), a past-perfect aside with no date of its own.

The rules are general (tense, aspect, determiners, modifiers, the parse), not tuned to any corpus:
long real news is mostly analysis, quotes and background, and every event kept must be one a coder
would code.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

JUNK = "junk"
BACKGROUND = "background"

# adjectives that make the event merely possible
_HYPOTHETICAL_MODIFIERS = frozenset({"possible", "potential", "future", "planned", "imminent", "feared",
                                     "would-be", "likely", "prospective", "threatened", "presumed",
                                     "forthcoming", "upcoming", "impending", "looming", "eventual",
                                     "hypothetical", "anticipated"})
# "any forthcoming offensive", "such an attack", "every arrest": no particular event
_NON_SPECIFIC_DETERMINERS = frozenset({"any", "such", "every"})
# "as last weekend's clashes demonstrated", "demonstrated its resolve": showing, not protesting
_SHOW_DEPS = frozenset({"dobj", "ccomp", "attr", "oprd"})
# a deployment or dispatch is a group's activity only when armed forces move ("the inspectors deployed")
_FORCE_WORDS = re.compile(r"\b(?:troops?|forces|soldiers|fighters|militants|rebels|militia\w*|police(?:men)?|army|"
                          r"units?|brigades?|battalions?|regiments?|divisions?|reinforcements|gendarm\w*|marines|"
                          r"commandos|paratroopers|contingent|peacekeepers|personnel|officers|guards?)\b", re.I)
_DEPLOY = re.compile(r"deploy|redeploy|dispatch", re.I)
# an agreement between armed or conflict parties is about the conflict; "to obtain Russia's agreement" is
# one party's consent
_CONFLICT_TERMS = re.compile(r"\b(?:ceasefire|cease-fire|truce|peace|withdr\w*|evacuat\w*|exchange|swap|surrender\w*|"
                             r"releas\w*|prisoners?|hostages?|detainees?|captives?|hand(?:ed)? ?over|handover|"
                             r"de-?escalation|disarm\w*|demobili[sz]\w*|hostilities|fighting|fighters|rebels?|"
                             r"militants?|insurgents?|militias?|armed groups?|reconciliation|safe passage|corridor)\b", re.I)
# "in exchange for" makes an agreement only when people or bodies are exchanged
_EXCHANGED = re.compile(r"\b(?:releas\w*|prisoners?|hostages?|detainees?|captives?|bodies|swap\w*|freed|free)\b", re.I)
# adverbs of habit: "it regularly rallied followers", "are routinely detained"
_HABITUAL_ADVERBS = frozenset({"regularly", "routinely", "often", "frequently", "usually", "typically",
                               "habitually", "constantly", "always", "sometimes", "repeatedly", "endlessly",
                               "systematically", "generally", "increasingly"})
# nouns whose complement is a pattern of events, not one event: "a history of mounting assaults"
_PATTERN_HEADS = frozenset({"history", "tradition", "pattern", "practice", "record", "legacy", "culture",
                            "years", "decades", "months", "policy", "strategy", "tactic", "tactics",
                            # lemmas: "a month of airstrikes", "years of shelling"
                            "year", "decade", "month", "week"})
# mass nouns that name a practice: "wartime sexual violence is a complex issue", "the use of torture"
_PRACTICE_FAMILIES = frozenset({"sexual"})
_PRACTICE_NOUNS = frozenset({"torture", "violence", "exploitation", "abuse"})
# trigger words that as nouns are targets, not attacks
_NOUN_NOT_EVENT = frozenset({"target", "targets", "hit", "hits", "storm", "storms"})
# disruption verbs that need a weapon in sight: "dismantled Islamic State's caliphate" is no seizure
# "intercepted a suspected human trafficker", "the striker was shot down by critics": only a weapon or an
# aircraft intercepted or shot down is a disrupted weapons use
_NEEDS_WEAPON = re.compile(r"dismantl|thwart|foil|intercept|shot down|shoots down|shooting down|downed", re.I)
_WEAPON_WORDS = re.compile(r"\b(?:weapons?|arms|ammunition|explosives?|bombs?|ieds?|devices?|mines?|rockets?|"
                           r"missiles?|grenades?|drones?|guns?|rifles?|vests?|cache|projectiles?|shells?|aircraft|(?:war)?planes?|jets?|"
                           r"helicopters?|uavs?|balloons?|shaheds?|munitions?|shipments?|consignments?|packages?|parcels?)\b", re.I)
# "fought a wildfire", "battling cancer", "fight against corruption": struggles with no armed side
_NOT_ENEMIES = frozenset({"fire", "fires", "wildfire", "wildfires", "blaze", "blazes", "flames", "flood", "floods",
                          "disease", "diseases", "virus", "pandemic", "epidemic", "outbreak", "cancer", "illness",
                          "corruption", "poverty", "inflation", "hunger", "drought", "locusts", "malaria",
                          "cholera", "addiction", "injury", "injuries", "relegation", "charges", "case", "lawsuit",
                          "ruling", "decision", "bill", "law", "election", "traffic", "heat", "odds", "tears"})
# "tasked with fighting Daesh", "charged with fighting crime": a mission, not a fight that took place
_MISSION_HEADS = frozenset({"tasked", "charged", "responsible", "mandated", "committed", "dedicated", "entrusted"})
# missile and rocket tests and launches into the sea strike no one
_WEAPONS_TEST = re.compile(r"test(?:s|ed|ing)?|test-fir\w*|into the (?:sea|ocean)|(?:sea of japan|east sea)|"
                           r"satellites?|space ?craft|orbit", re.I)
# remote-violence words that name a device, not its use ("strewn with possible booby traps")
_DEVICE = re.compile(r"(?:roadside|car|truck|parcel|pipe|motorcycle|sticky|magnetic) bombs?|improvised explosive|"
                     r"ieds?|vbieds?|(?:land|ground|anti-tank|anti-personnel|antitank) ?mines?|landmines?|"
                     r"explosive devices?|booby[- ]trap\w*|grenades?|chemical (?:weapons?|agents?|munitions?)", re.I)
#: A vehicle bomb told without the word "bomb" ("a motorcycle packed with explosives") and the words that
#: say it was set off or driven at a target; without them the vehicle was found or defused.
_VEHICLE_BOMB = re.compile(r".*(?:packed|laden|loaded|rigged|filled|stuffed) with explosives|explosives?-\w+ \w+", re.I)
_DETONATED = re.compile(r"\b(?:blew up|blown up|explo(?:ded|sion|des)|detonat\w*|went off|ramm\w*|drove|driven|"
                        r"struck|hit|kill\w*|wound\w*|injur\w*|dead|destroy\w*)\b", re.I)
_USE_FAMILIES = frozenset({"attack", "kill", "explode", "injure", "disrupt", "clash", "suicide", "air", "shell"})
_PAST_YEAR = re.compile(
    r"\b(?:in|since|from|until|till|by|of|during|late|early|mid-?|summer|spring|autumn|winter|fall|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\s+"
    r"(?:(?:the )?(?:early |late |mid-?|at least )?)((?:19|20)\d\d)\b"
    # a year as the subject: "2017 was the worst year of the war for young Syrians, with 910 killed"
    r"|\b((?:19|20)\d\d) (?:was|saw|had been)\b", re.I)


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN")


def _covered(tok: Token, trigger_spans: list[tuple[int, int]]) -> bool:
    """Whether ``tok`` lies inside one of the sentence's trigger matches (sentence offsets)."""
    return any(s <= tok.idx < e for s, e in trigger_spans)


def modifier_only(tok: Token, trigger_spans: list[tuple[int, int]]) -> bool:
    """'detention centres', 'battle-tested', 'arrest warrant', 'attack helicopters': the event word only
    modifies another noun that is itself no event word."""
    head = tok.head
    if tok.dep_ == "compound" and head is not tok and _is_noun(head) and not _covered(head, trigger_spans):
        # "a tank attack officials blamed on a militia": a mis-parsed reduced relative, not a modifier
        after = head.nbor(1) if head.i + 1 < len(head.doc) else None
        return not (head.dep_ == "nsubj" and after is not None and after.tag_ in ("VBD", "VBN"))
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    # "battle-tested", "war-torn": a hyphenated adjective
    return nxt is not None and nxt.text == "-" and nxt.whitespace_ == "" and tok.dep_ in ("amod", "compound", "npadvmod", "nmod")


def _campaign_sense(tok: Token) -> bool:
    """'the fight against Isis and violent extremism', 'all tested in battle': a struggle, not a clash."""
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")}
    against = any(c.dep_ == "prep" and c.lower_ == "against" for c in tok.children)
    if against and tok.lemma_.lower() in ("fight", "battle", "war", "struggle") and not dets - {"the", "its", "their", "our"}:
        return True
    return tok.tag_ == "NN" and not dets and tok.dep_ == "pobj" and tok.head.lower_ == "in" and not any(
        c.dep_ in ("amod", "compound", "prep") for c in tok.children)


# what a chemical-weapons word names when it is the target or the topic, not the means of an attack
_CHEM_NOT_MEANS = re.compile(r"\s+(?:\w+\s+)?(?:facilit\w*|sites?|plants?|stockpiles?|depots?|programm?es?|arsenals?|"
                             r"inspect\w*|watchdog|convention|treaty|production|research|storage)\b", re.I)


def _struggle(tok: Token) -> bool:
    """'Soldiers fought a wildfire', 'battling the flames', 'tasked with fighting Daesh'."""
    if not tok.lower_.startswith(("fight", "fought", "battl", "combat")):
        return False  # "exchanged fire": the fire is gunfire
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    objects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("against", "with")
                for g in c.children if g.dep_ == "pobj"]
    if any(o.lower_ in _NOT_ENEMIES for o in objects):
        return True
    head = tok.head
    return (tok.tag_ == "VBG" and tok.dep_ == "pcomp" and head.lower_ in ("with", "for") and head.head is not head
            and head.head.lower_ in _MISSION_HEADS)


def junk_reason(tok: Token, hit_text: str, family: str, families: frozenset[str], has_figures: bool,
                trigger_spans: list[tuple[int, int]]) -> str | None:
    """Why this trigger token names no event at all, or None."""
    if modifier_only(tok, trigger_spans):
        return "modifier"
    if _is_noun(tok) and tok.lower_ in _NOUN_NOT_EVENT and family == "attack":
        return "noun_sense"  # "searching for targets", "a box-office hit"
    if _is_noun(tok) and any(c.dep_ == "amod" and c.lower_ in _HYPOTHETICAL_MODIFIERS for c in tok.children):
        return "hypothetical_modifier"
    if _is_noun(tok) and family == "arrest" and tok.head.lower_ in ("in", "while", "into", "from", "under"):
        return "state"  # "women in detention", "released from custody": a condition, not an arrest
    if _is_noun(tok) and family == "clash" and _campaign_sense(tok):
        return "campaign"  # "the fight against Isis", "tested in battle"
    if (family == "ied" and _DEVICE.fullmatch(hit_text)
            and not (families & _USE_FAMILIES or has_figures)):
        return "device_only"  # a device lying somewhere is no attack (a found one is a disrupt trigger)
    if family == "ied" and _VEHICLE_BOMB.fullmatch(hit_text) and not _DETONATED.search(tok.doc.text):
        return "vehicle_unused"  # "disarmed a car loaded with explosives": found, not set off (a disrupt event)
    if family in ("take_territory", "gov_regain") and tok.tag_ == "VB" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return "aim"  # "an attack to capture the positions": territory changes hands only when taken
    if family == "clash" and tok.tag_ == "VBG" and tok.dep_ in ("acl", "amod"):
        return "descriptive"  # "forces fighting to defeat Isis", "a Kurdish group fighting Islamic State"
    if family == "clash" and _struggle(tok):
        return "struggle"
    if family == "chem" and _CHEM_NOT_MEANS.match(tok.doc.text, tok.idx + len(hit_text)):
        return "chem_target"  # "struck three chemical weapons facilities": the target, not the weapon
    if family == "shell" and _WEAPONS_TEST.search(tok.doc.text):
        return "weapons_test"  # "launched two ballistic missiles into the sea in a test"
    if family == "agreement" and hit_text.lower() == "in exchange for" and not _EXCHANGED.search(tok.doc.text):
        return "trade"  # "$3.5bn in arms sales in exchange for ...": a bargain, not a prisoner exchange
    if family == "disrupt" and _NEEDS_WEAPON.match(hit_text) and not _WEAPON_WORDS.search(tok.doc.text):
        return "no_weapon"
    if family == "protest" and tok.pos_ == "VERB" and tok.lemma_.lower() == "rally" and any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative") for c in tok.children):
        return "rally_support"  # "rallied followers", "rallied support": mobilising, not demonstrating
    other = _sense_reason(tok, hit_text, family)
    if other:
        return other
    if tok.doc.text.rstrip().rstrip("\"'”’").endswith("?"):
        return "question"  # news reports events in statements; a question is rhetoric or a quote
    return None


def _non_specific(tok: Token) -> bool:
    """'halt any forthcoming offensive', 'scepticism about such an attack', 'any use of chemical weapons':
    a determiner that picks no particular event (on the trigger, or on the "use"/"threat" it belongs to)."""
    nouns = [tok]
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and _is_noun(tok.head.head):
        nouns.append(tok.head.head)
    return any(c.dep_ in ("det", "predet") and c.lower_ in _NON_SPECIFIC_DETERMINERS for n in nouns for c in n.children)


def _infinitive_of_noun(tok: Token) -> bool:
    """'It's one thing to kill a soldier', 'hard to attack', 'the first to protest': an infinitive that
    qualifies a noun, an adjective or a pronoun tells what can be done, not what was (an infinitive of a
    verb, "attempted to storm the base", is left to the governing verb)."""
    if tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    return tok.head is not tok and tok.head.pos_ in ("NOUN", "ADJ", "PRON") and tok.dep_ in (
        "relcl", "acl", "xcomp", "ccomp", "advcl")


def _shows(tok: Token) -> bool:
    """'demonstrated that it could', 'the vote demonstrated the strength of ...', 'as the clashes
    demonstrated': "demonstrate" meaning "show". People demonstrating somewhere ("demonstrating outside
    parliament", "demonstrated their anger in Caracas") are protesting."""
    deps = {c.dep_ for c in tok.children}
    marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
    return bool(deps & _SHOW_DEPS - {"dobj"}) or "as" in marks or ("dobj" in deps and "prep" not in deps)


def _sense_reason(tok: Token, hit_text: str, family: str) -> str | None:
    """Event words used in another sense: showing, describing a place, an agreement that is only consent
    or diplomacy, a deployment of no force, a non-specific or merely possible event."""
    if family == "protest" and tok.pos_ == "VERB" and tok.lemma_.lower() == "demonstrate" and _shows(tok):
        return "show"  # "as last weekend's aerial clashes demonstrated", "demonstrated that it could"
    if family == "take_territory" and hit_text.lower().startswith("control") and _is_noun(tok):
        return "control_noun"  # "a struggle for control and influence": control held or sought, not taken
    if family in ("take_territory", "gov_regain") and tok.dep_ == "amod" and tok.tag_ in ("VBN", "JJ"):
        return "adjective"  # "Isis cells re-emerging in liberated areas": a kind of place, not a capture
    if family == "group_change" and _DEPLOY.match(hit_text) and not _FORCE_WORDS.search(tok.doc.text):
        return "no_force"  # "the inspection team deployed to the UK"
    if family == "agreement" and re.fullmatch(r"agreements?|accord", hit_text, re.I) and any(
            c.dep_ == "poss" for c in tok.children) and not _CONFLICT_TERMS.search(tok.doc.text):
        return "consent"  # "to obtain Russia's agreement": a party's consent, not an accord between sides
    if family == "agreement" and _ends_accord(tok):
        return "accord_ended"  # "suspended peace talks", "violated the truce": no accord is reached
    if family == "kill" and tok.pos_ == "VERB" and any(c.dep_ == "prt" and c.lower_ == "off" for c in tok.children) \
            and not any(c.dep_ in ("dobj", "nsubjpass") and c.ent_type_ in ("PERSON", "NORP") for c in tok.children):
        return "idiom"  # "kill off speculation"
    if _is_noun(tok) and _non_specific(tok):
        return "non_specific"
    if _infinitive_of_noun(tok):
        return "infinitive_of_noun"
    return None


#: A verb that suspends, ends, refuses or breaks talks, a truce or a deal, up to four words before the
#: agreement word ("suspended peace talks with the ELN", "ended a ceasefire with the government",
#: "violated the truce"). ACLED codes an Agreement when sides reach one; ending or breaking one is not.
_ENDS_ACCORD = re.compile(
    r"\b(?:suspend\w*|halt\w*|end(?:ed|s|ing)?(?!\s+(?:with|in)\b)|br(?:oke|eak\w*) off|call\w* off|abandon\w*|scrap\w*|"
    r"pull\w* out of|walk\w* out of|withdr[ae]w\w* from|withdrawn from|quit\w*|froze|freez\w*|"
    r"violat\w*|breach\w*|reject\w*|torpedo\w*)\s+(?:[\w'’-]+\s+){0,4}$", re.I)


def _ends_accord(tok: Token) -> bool:
    """Whether the agreement word is the object of a verb that suspends, ends or breaks the accord."""
    return bool(_ENDS_ACCORD.search(tok.doc.text[max(0, tok.idx - 80):tok.idx]))


def _practice(tok: Token, family: str) -> bool:
    """'Wartime sexual violence is a complex issue', 'accounts of sexual assault': a mass noun with no
    determiner names a practice, not one event (a told one is a verb, or "the rape of ...")."""
    if not _is_noun(tok) or tok.tag_ != "NN" or any(c.dep_ in ("det", "poss", "nummod") for c in tok.children):
        return False
    return family in _PRACTICE_FAMILIES or tok.lemma_.lower() in _PRACTICE_NOUNS


# predicates of a kind, not of one occasion: "Bombings in Baghdad have become rare", "Chemical attacks
# peaked between 2013 and 2018", "Abductions for ransom have declined" (not "fall": shells fall on a town)
_KIND_PREDICATES = frozenset({"become", "remain", "decline", "increase", "rise", "surge", "peak",
                              "grow", "soar", "plummet", "dwindle", "subside", "spike"})


def _kind_subject(tok: Token, family: str) -> bool:
    """'Kidnapping for ransom has become a business model', 'Motorcycle bombings have been a hallmark of the
    insurgency': a bare event noun (no article, possessive or number) as the subject of a trend or of a
    description names the kind of event, not one that happened (protests that grow are themselves news)."""
    if not _is_noun(tok) or tok.dep_ != "nsubj" or family in ("protest", "riot") or tok.tag_ not in ("NN", "NNS"):
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in tok.children):
        return False
    verb = tok.head
    if verb.lemma_.lower() in _KIND_PREDICATES:
        return True
    return verb.lemma_ == "be" and any(c.dep_ == "attr" and c.pos_ == "NOUN" for c in verb.children)


def _copular_present(tok: Token) -> bool:
    """'only when there is a chemical attack': "there is" in the present says what happens in general
    ("the dispatch of forces is in line with ..." characterises a real event and stays)."""
    head = tok.head
    return (_is_noun(tok) and tok.dep_ == "attr" and head is not tok and head.lemma_ == "be"
            and head.tag_ in ("VBZ", "VBP") and any(c.dep_ == "expl" for c in head.children))


def _present_simple(tok: Token) -> bool:
    """'are bombarded', 'attacks', 'detain': a present-tense verb, i.e. a habit or a general truth."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("has", "have", "had", "was", "were", "did", "will", "would", "been") for a in auxes):
        return False
    if tok.tag_ in ("VBZ", "VBP"):
        return True
    return tok.tag_ == "VBN" and any(a.dep_ == "auxpass" and a.tag_ in ("VBZ", "VBP") for a in auxes)


def _past_perfect(tok: Token) -> bool:
    verb = tok if tok.pos_ in ("VERB", "AUX") else next((a for a in tok.ancestors if a.pos_ == "VERB"), None)
    if verb is None:
        return False
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def _clause_head(tok: Token) -> Token:
    """The verb whose clause holds ``tok``, climbing over coordination ("fought and lost its battle")."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), tok)
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb


def _relative_clause(tok: Token, date_spans: list[tuple[int, int]]) -> bool:
    """'Masri, who is currently detained', 'areas retaken by Damascus', 'where Isis fought and lost its
    final battle': an undated relative clause describes a noun; the event is not this report's news."""
    head = _clause_head(tok)
    if head.dep_ not in ("relcl", "acl"):
        return False
    lo, hi = min(t.idx for t in head.subtree), max(t.idx + len(t) for t in head.subtree)
    return not any(lo <= s and e <= hi for s, e in date_spans)


def background_reason(tok: Token, *, has_date: bool, has_figures: bool, position: int,
                      date_spans: list[tuple[int, int]] | None = None, family: str = "") -> str | None:
    """Why this trigger tells context rather than this report's news, or None.

    ``date_spans`` are the sentence-relative spans of the sentence's dates; ``has_date`` says whether
    one of them belongs to the trigger's clause. Mostly only undated mentions are judged: a sentence
    that gives the event its own date is news.
    """
    if position >= 1 and not has_figures and _relative_clause(tok, date_spans or []):
        return "relative_clause"
    if has_date:
        return None
    if any(c.dep_ == "advmod" and c.lower_ in _HABITUAL_ADVERBS for c in tok.children):
        return "habitual"
    if any(a.lemma_.lower() in _PATTERN_HEADS and _is_noun(a) for a in list(tok.ancestors)[:3]):
        return "pattern"
    if position >= 1 and (_present_simple(tok) or _copular_present(tok)):
        return "present_habitual"
    if _kind_subject(tok, family):
        return "kind_subject"
    if position >= 2 and _past_perfect(tok):
        return "past_perfect"
    if position >= 1 and _practice(tok, family) and not has_figures:
        return "practice"
    if (position >= 1 and family not in ("protest", "riot") and _is_noun(tok) and tok.tag_ in ("NNS", "NNPS") and not has_figures
            and tok.dep_ in ("dobj", "pobj", "conj", "attr", "appos") and tok.head.lower_ != "of"
            and not any(c.dep_ in ("det", "poss", "nummod", "compound") for c in tok.children)):
        return "generic_plural"  # in the body, "responsible for murderous attacks in Britain"
    return None


def past_year(text: str, pub_year: int | None) -> re.Match[str] | None:
    """A phrase naming a year before the publication year ("in late 2015", "from 2016", "March 2011")."""
    if pub_year is None:
        return None
    for m in _PAST_YEAR.finditer(text):
        if 1900 <= int(m.group(1) or m.group(2)) < pub_year:
            return m
    return None
