"""Modality of a trigger: did the event happen, or is it negated, threatened, planned, hypothetical,
called for or denied?

Takes the trigger's spaCy token (inside a parsed sentence); gives a ``Modality``. Only ``asserted``
triggers become events; the others may be kept as claims. The parse decides which verb governs the
trigger, so "militants who threatened to attack" is a threat while "militants, who attacked after
threats" is an event.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from eventwire.extract.triggers import find_triggers

ASSERTED = "asserted"
#: Statuses under which a mention still counts as an event (a reference is a weaker one).
EVENT_STATUSES = frozenset({ASSERTED, "reference"})

# lemma of a governing word → modality of whatever it governs
_GOVERNORS: dict[str, str] = {
    **dict.fromkeys(("threaten", "vow", "warn", "pledge", "swear", "promise", "threat"), "threat"),
    **dict.fromkeys(("plan", "intend", "prepare", "plot", "aim", "seek", "want", "mull", "consider",
                     "propose", "decide", "expect", "schedule", "hope", "ensure"), "plan"),
    # "the security council voted for a ceasefire": a body voting asks for the event, it does not make it
    **dict.fromkeys(("call", "urge", "demand", "appeal", "ask", "push", "press", "order", "vote"), "call"),
    **dict.fromkeys(("deny", "reject", "dismiss", "refute"), "denied"),
    **dict.fromkeys(("fear", "risk", "prevent", "avoid", "avert", "ban", "likely", "unlikely", "able", "unable",
                     "ready", "poised", "capable", "willing", "need", "chance", "possibility", "evade", "escape",
                     "face", "danger", "prospect", "capacity", "ability", "right", "spare", "spared", "anticipation",
                     "anticipate", "expectation", "ahead", "readiness", "preparation", "away", "verge",
                     "brink", "support", "oppose", "opposition", "decision", "policy", "fail", "failure",
                     "imminence", "likelihood", "speculation", "rumour", "rumor", "afraid", "scared"),
                     "hypothetical"),
    # "jailed after he was convicted of fighting against Isis": the court case is the news
    **dict.fromkeys(("convict", "sentence", "charge", "prosecute", "jail", "imprison", "acquit", "indict",
                     "trial"), "context"),
    # the event is real but this sentence only refers to it (condemns, claims, blames, investigates it)
    **dict.fromkeys(("condemn", "denounce", "investigate", "probe", "announce"), "reference"),
    # "compared the Manchester Arena bombing to airstrikes": likening events is commentary
    **dict.fromkeys(("compare", "liken", "equate", "contrast"), "context"),
    # "gathered to remember thousands killed", "honouring soldiers killed at Ilovaisk", "paid tributes to
    # the 40 personnel killed": a commemoration recalls its event, it does not report it
    **dict.fromkeys(("commemorate", "remember", "honour", "honor", "mourn", "tribute", "memorial", "vigil",
                     "anniversary"), "context"),
    # only a claim about an event reported elsewhere (kept as an event when the sentence dates it)
    **dict.fromkeys(("claim", "blame", "accuse", "credit", "responsibility", "responsible", "accusation",
                     "behind", "suspect", "allegation", "role"), "claim"),
}
# forms the small model lemmatises badly ("spared" → "spar"); "determined to retake" as an adjective
_SURFACE_GOVERNORS: dict[str, str] = {"spared": "hypothetical"}
# "fled after attacks", "sanctions in response to the attack": the event is background to this one
_CONTEXT_PREPS = frozenset({"after", "amid", "following", "since", "despite", "before", "over"})
_CONTEXT_HEADS = frozenset({"response", "wake", "aftermath", "retaliation", "revenge", "because", "result",
                            "reprisal", "light", "memory", "anniversary"})
_FUTURE_AUX = frozenset({"will", "would", "could", "might", "may", "should", "shall", "'ll", "can", "must"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
_NEGATIONS = frozenset({"not", "n't", "never", "no", "without"})
# Walking up through these relations stays inside what the governing word is about.
_UP_DEPS = frozenset({"xcomp", "ccomp", "acomp", "dobj", "pobj", "prep", "acl", "advcl", "compound", "amod",
                      "nsubjpass", "nsubj", "conj", "pcomp", "attr", "appos"})


@dataclass(frozen=True, kw_only=True, slots=True)
class Modality:
    """Whether an event mention is asserted; ``cue`` is the token that says otherwise."""

    status: str
    cue_start: int | None = None
    cue_end: int | None = None
    #: which rule fired ("neg", "aux:will", "mark:if", "gov:threaten", "aim:campaign", "prep:after"):
    #: a feature of the learned modality head, never a verdict by itself
    rule: str = ""


def _own_modality(token: Token) -> Modality | None:
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return Modality(status="negated", cue_start=child.idx, cue_end=child.idx + len(child), rule="neg")
        if child.dep_ == "aux" and child.lower_ in _FUTURE_AUX and token.pos_ in ("VERB", "AUX"):
            return Modality(status="future", cue_start=child.idx, cue_end=child.idx + len(child),
                            rule="aux:" + child.lower_)
        if child.dep_ == "mark" and child.lower_ in _CONDITIONAL_MARKS:
            return Modality(status="hypothetical", cue_start=child.idx, cue_end=child.idx + len(child),
                            rule="mark:" + child.lower_)
    return None


_NO_ONE = frozenset({"nobody", "none", "nothing", "noone"})


def _negated_subject(verb: Token) -> Modality | None:
    """'no airstrike hit the camp', 'no one was killed', 'nobody was hurt': a clause whose subject is
    quantified by "no" says that no such event happened. Only on the trigger's own verb: "no group has
    claimed the attack" denies a claim, not the attack."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for subj in verb.children:
        if subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        cue = subj if subj.lower_ in _NO_ONE else next(
            (c for c in subj.children if c.dep_ == "det" and c.lower_ == "no"), None)
        if cue is not None:
            return Modality(status="negated", cue_start=cue.idx, cue_end=cue.idx + len(cue), rule="neg:subject")
    return None


def _is_context_prep(prep: Token) -> bool:
    if prep.lower_ in _CONTEXT_PREPS:
        return True
    return prep.lower_ in ("to", "of", "for") and prep.head.lemma_.lower() in _CONTEXT_HEADS


# nouns naming an aim: their infinitive complement has not happened ("the campaign to retake")
_AIM_NOUNS = frozenset({"campaign", "need", "plan", "effort", "bid", "attempt", "right", "decision", "order",
                        "call", "pledge", "threat", "promise", "drive", "push", "mission", "strategy", "ability",
                        "capacity", "chance", "opportunity", "move", "proposal", "vote", "intention", "goal",
                        "aim", "desire", "readiness", "willingness", "determination", "resolve", "race", "quest",
                        "struggle", "demand", "request", "attack", "offensive", "operation", "assault", "advance", "permission", "authority", "power", "way", "option"})


def _purpose_of_noun(trigger: Token) -> Modality | None:
    """'the campaign to retake Isis territory', 'the need to seize and hold territory', 'the right to
    protest': an infinitive hanging from a noun names an aim, not something that happened."""
    verb = trigger
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    if verb.dep_ in ("acl", "relcl") and verb.head.lemma_.lower() in _AIM_NOUNS:
        return Modality(status="plan", cue_start=verb.head.idx, cue_end=verb.head.idx + len(verb.head),
                        rule="aim:" + verb.head.lemma_.lower())
    return None


def _describes_event(token: Token) -> bool:
    """'airstrikes ... that killed non-combatants': a relative clause on an event noun tells that event,
    so whatever governs the noun (likening, fearing, halting it) governs the clause too."""
    if token.dep_ not in ("relcl", "acl") or token.head is token or token.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return bool(find_triggers(token.head.text))


def governing_status(token: Token) -> str | None:
    """The modality a word gives whatever it governs ("threatened", "denied", "planned"), or None."""
    return _GOVERNORS.get(token.lemma_.lower()) or _SURFACE_GOVERNORS.get(token.lower_)


def modality(trigger: Token, *, max_hops: int = 4) -> Modality:
    """The modality of the event that ``trigger`` announces (``asserted`` if nothing says otherwise)."""
    purpose = _purpose_of_noun(trigger)
    if purpose:
        return purpose
    denied = _negated_subject(trigger)
    if denied:
        return denied
    token = trigger
    came_by_conj = via_relative = False
    for _ in range(max_hops + 1):
        aim = _purpose_of_noun(token) if token is not trigger else None
        if aim:
            return aim  # "efforts to broker a peace deal": the deal is the aim of the efforts
        own = _own_modality(token)
        if own:
            return own
        # the surface form too: the small model lemmatises "spared" as "spar"
        status = _GOVERNORS.get(token.lemma_.lower()) or _SURFACE_GOVERNORS.get(token.lower_)
        if token is not trigger and status and not came_by_conj:
            return Modality(status=status, cue_start=token.idx, cue_end=token.idx + len(token),
                            rule="gov:" + token.lemma_.lower())
        if token.dep_ == "pobj" and _is_context_prep(token.head) and not via_relative:
            return Modality(status="context", cue_start=token.head.idx, cue_end=token.head.idx + len(token.head),
                            rule="prep:" + token.head.lower_)
        if (token.dep_ not in _UP_DEPS and not _describes_event(token)) or token.head is token:
            break
        # a relative clause or adverbial clause starts a new assertion context only via its verb;
        # a coordinated verb ("pushed deep into Arsal and retook crossings") governs nothing
        came_by_conj = token.dep_ == "conj"
        # "the attacks that gripped Pretoria when shops were looted": the relative clause's own event is
        # no background of what the noun's clause tells; only governing words (liken, fear) carry over
        via_relative = via_relative or token.dep_ in ("relcl", "acl")
        token = token.head
    return Modality(status=ASSERTED)
