"""The ACLED sub-event type of one event mention, from its trigger families, cues and participants.

Takes the families of the asserted triggers of a clause, the cue groups of the sentence and the
generic kinds of agent and patient; gives the sub-event type name (``eventwire.taxonomy``) and the
rule that decided it, or None when the mention is not a disorder event (disasters, ordinary crime,
weak verbs with nothing violent around them).

Order of the checks follows TAXONOMY.md's precedence where one event fits several sub-types, with the
means deciding remote violence ("a suicide bombing during a clash is coded by its tactic").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# families strong enough to be violence on their own
_REMOTE = frozenset({"air", "shell", "suicide", "ied", "grenade", "chem"})
_VIOLENT = _REMOTE | {"attack", "kill", "clash", "abduct", "sexual", "mob", "explode"}
_GENERIC_VIOLENCE = frozenset({"attack", "kill", "explode"})
_WEAK_ATTACK_WORDS = frozenset({"target", "targets", "targeted", "targeting", "hit", "struck", "strikes",
                                "striking", "pounded", "stormed", "storm", "storming", "raid", "raids", "raided", "raiding", "shot",
                                "shoot", "shooting", "shoots"})


_GROUND_FIRE = re.compile(r"\b(?:artillery|mortars?|rockets?|missiles?|shell(?:s|ed|ing)?|howitzers?|tanks?|"
                          r"cannons?|katyushas?|grad)\b", re.I)
_AIRCRAFT = re.compile(r"\b(?:planes?|warplanes?|war planes?|jets?|aircraft|helicopters?|drones?|air ?strikes?|"
                       r"airstrikes?|air force|bombers?|aerial)\b", re.I)


def means_families(families: frozenset[str], shell_words: frozenset[str], sentence: str) -> frozenset[str]:
    """'The bombardment ... by Russian and Syrian planes': a bombardment from the air is an air strike.

    "Bombard" names no means; aircraft in the sentence and no ground fire decide it.
    """
    if "shell" not in families or "air" in families or not shell_words:
        return families
    if all(w.startswith("bombard") for w in shell_words) and _AIRCRAFT.search(sentence) and not _GROUND_FIRE.search(sentence):
        return (families - {"shell"}) | {"air"}
    return families


_POSITIONS = re.compile(r"\b(?:positions?|posts?|checkpoints?|outposts?|hills?|trenches|barracks)\b", re.I)


@dataclass(frozen=True, kw_only=True, slots=True)
class Mention:
    """What typing looks at for one event mention."""

    families: frozenset[str]
    cues: frozenset[str]
    trigger_words: frozenset[str] = frozenset()
    agent_kind: str | None = None  # "state", "armed_group", "civilians", "protesters", "rioters", None
    patient_kind: str | None = None
    casualties: bool = False
    territory_words: frozenset[str] = frozenset()  # texts of the take-territory triggers


def _protest(m: Mention) -> tuple[str, str] | None:
    f, c = m.families, m.cues
    if not (f & {"protest", "riot"}):
        return None
    if "riot" in f or "protester_violence" in c or m.agent_kind == "rioters":
        return "Violent demonstration", "protest+violence"
    if "lethal_force" in c or (f & {"kill"} and (m.patient_kind == "protesters" or m.agent_kind == "state")) or (m.casualties and "intervention" in c):
        return "Excessive force against protesters", "protest+lethal_force"
    if "intervention" in c or "arrest" in f:
        return "Protest with intervention", "protest+intervention"
    return "Peaceful protest", "protest"


def _remote(m: Mention) -> tuple[str, str] | None:
    f, c = m.families, m.cues
    generic = bool(f & _GENERIC_VIOLENCE) or m.casualties
    if "disrupt" in f and not (f & {"kill", "clash", "suicide"}):
        # "raided a house and recovered suicide vests": the weapon named is what was seized
        return "Disrupted weapons use", "disrupt"
    if "suicide" in f or (generic and "suicide" in c):
        return "Suicide bomb", "means:suicide"
    # "a missile hit the base, destroying several helicopters": the aircraft is what was hit
    air_cue = "air" in c and not ("aircraft_target" in c and "shell" in c)
    if "air" in f or (generic and air_cue):
        return "Air/drone strike", "means:air"
    if "shell" in f or (generic and "shell" in c):
        return "Shelling/artillery/missile attack", "means:shell"
    if "ied" in f or (generic and "ied" in c and "explode" in f):
        return "Remote explosive/landmine/IED", "means:ied"
    if "grenade" in f or (generic and "grenade" in c):
        return "Grenade", "means:grenade"
    if "explode" in f and "ied" in c:
        return "Remote explosive/landmine/IED", "explosion+bomb"
    return None


def _territory(m: Mention) -> tuple[str, str] | None:
    f = m.families
    peaceful = not m.casualties and not f & {"clash", "attack", "kill"} and "fighting" not in m.cues
    if ("withdraw" in f or "withdrawal" in m.cues or "unheld" in m.cues) and f & {"take_territory", "gov_regain"} \
            and peaceful:
        # "handed control of the camp back to Iraqi forces", "took the town after the army withdrew",
        # "seized a deserted rocket-launching site": territory changing hands without a fight
        return "Non-violent transfer of territory", "territory:withdrawal"
    if "partial_control" in m.cues and f & {"take_territory", "clash", "attack", "kill"}:
        # "briefly seized", "captured parts of the city": ground taken for a while or in part is the
        # fighting over it (ACLED codes the battle, not a change of hands)
        return ("Armed clash", "territory:partial") if not f & {"attack", "kill", "clash"} else None
    if "gov_regain" in f and m.agent_kind != "armed_group":
        return "Government regains territory", "territory:regain"
    if ("clash" in f or "attack" in f) and m.territory_words and all(
            _POSITIONS.search(w) for w in m.territory_words) and "gov_regain" not in f:
        return None  # "clashed ... and took control of five more positions": ground won in a battle
    if "take_territory" in f or "gov_regain" in f:
        if m.agent_kind == "state":
            return "Government regains territory", "territory:state"
        return "Non-state actor overtakes territory", "territory:non_state"
    return None


def _direct(m: Mention) -> tuple[str, str] | None:
    f, c = m.families, m.cues
    if "sexual" in f:
        return "Sexual violence", "sexual"
    if "abduct" in f:
        return "Abduction/forced disappearance", "abduct"
    if "clash" in f:
        return "Armed clash", "clash"
    if not (f & {"attack", "kill"}):
        return None
    weak_only = "kill" not in f and m.trigger_words <= _WEAK_ATTACK_WORDS  # words of attack/kill triggers
    if weak_only and (f & {"arrest", "disrupt", "loot"}) and not m.casualties:
        return None  # "arrested 14 activists in a night raid": the raid is how the arrests were made
    if weak_only and not (m.casualties or c & {"firearm", "armed_group", "civilians"}):
        return None  # "targeted sanctions", "hit the headlines"
    if "loot" in f and "kill" not in f and not m.casualties:
        return "Looting/property destruction", "attack+loot"
    if m.patient_kind in ("state", "armed_group"):
        return "Armed clash", "attack:armed_target"
    if m.patient_kind in ("civilians", "protesters"):
        return "Attack", "attack:civilians"
    if "civilians_only" in c:
        return "Attack", "attack:civilian_words"
    if "armed_target" in c and m.agent_kind != "civilians":
        return "Armed clash", "attack:armed_context"
    return "Attack", "attack"


def _strategic(m: Mention) -> tuple[str, str] | None:
    f = m.families
    if "withdraw" in f and not f & {"loot", "disrupt", "arrest"}:
        # ACLED: a withdrawal transfers territory only when another side takes the ground over (a handover,
        # an entry unopposed); forces pulling out of a base or a city by themselves change their activity
        if "handover" in m.cues:
            return "Non-violent transfer of territory", "withdraw+handover"
        return "Change to group/activity", "withdraw"
    for family, name in (("loot", "Looting/property destruction"), ("disrupt", "Disrupted weapons use"),
                         ("arrest", "Arrests"),
                         ("hq", "Headquarters or base established"), ("agreement", "Agreement"),
                         ("group_change", "Change to group/activity"), ("other", "Other")):
        if family in f:
            return name, family
    return None


def _armed_strike(m: Mention) -> bool:
    """'Russian missiles slammed into a residential area, killing five ... a partly collapsed apartment
    block': an armed actor's weapons killing or striking, whatever collapsed or burned after."""
    return (bool(m.families & {"attack", "kill"}) and bool(m.cues & {"air", "shell", "grenade", "suicide"})
            and m.agent_kind in ("state", "armed_group"))


def decide(m: Mention) -> tuple[str, str] | None:
    """(sub_event_type, rule) for the mention, or None if it is not a disorder event."""
    f, c = m.families, m.cues
    strong = bool(f & (_REMOTE | {"clash", "abduct", "sexual", "mob", "protest", "riot"}))
    if "disaster" in c and not (f & {"clash", "abduct", "sexual", "protest", "riot"}) and "armed_group" not in c \
            and not _armed_strike(m):
        return None  # a gas explosion, a chemical leak, a fire, an accident
    if "chem" in f and (f & (_VIOLENT - {"chem"}) or m.casualties or "chem_attack" in c or "injure" in f):
        return "Chemical weapon", "means:chemical"  # "the use of chemical weapons in the war" alone is not an event
    if "chem_means" in c and f & (_VIOLENT - {"abduct", "sexual", "mob", "chem"}) and "disrupt" not in f:
        # "shelled troops with mortars filled with chlorine gas", "attacked with suspected poisonous gas":
        # the agent decides the sub-type whatever word carried the attack (TAXONOMY precedence); the
        # agent named alone ("red lines on chemical weapons", "the use of chemical weapons") is a topic
        return "Chemical weapon", "means:chemical_cue"
    if "sport" in c and not strong:
        return None  # "struck twice", "shot wide", "the attack": football, not violence
    if "crime" in c and not strong and "armed_group" not in c and not ("disrupt" in f and "weapons" in c):
        return None  # robberies, smuggling, drugs, hacking: not political disorder
    # an explicit weapon as the trigger outranks protest words around it ("grenade hurled at soldiers")
    first = (_remote, _protest) if f & _REMOTE else (_protest, _remote)
    for step in (*first, lambda x: ("Mob violence", "mob") if "mob" in x.families else None,
                 _territory, _direct, _strategic):
        decided = step(m)
        if decided:
            return decided
    return None
