"""The event vocabulary of ``TAXONOMY.md``: ACLED types in precedence order and their PLOVER/CAMEO maps.

Exact strings here are part of the output contract. Shared by extraction, evaluation and exports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True, slots=True)
class SubEventType:
    """One ACLED sub-event type with its parents and its outward mappings."""

    name: str
    event_type: str
    disorder_type: str
    plover_category: str
    plover_mode: str | None
    cameo_code: str
    case_code: str


_PV = "Political violence"
_DEM = "Demonstrations"
_SD = "Strategic developments"

#: In TAXONOMY.md precedence order: when one event fits several sub-types, the earlier one wins.
SUB_EVENT_TYPES: tuple[SubEventType, ...] = (
    SubEventType(name="Government regains territory", event_type="Battles", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="territory", cameo_code="192",
                 case_code="GOV_REGAINS_TERIT"),
    SubEventType(name="Non-state actor overtakes territory", event_type="Battles", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="territory", cameo_code="192",
                 case_code="NON_STATE_ACTOR_OVERTAKES_TER"),
    SubEventType(name="Armed clash", event_type="Battles", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="firearms/heavy-weapons", cameo_code="190",
                 case_code="ARMED_CLASH"),
    SubEventType(name="Excessive force against protesters", event_type="Protests", disorder_type=_DEM,
                 plover_category="PROTEST", plover_mode="demo+COERCE", cameo_code="175",
                 case_code="FORCE_AGAINST_PROTEST"),
    SubEventType(name="Protest with intervention", event_type="Protests", disorder_type=_DEM,
                 plover_category="PROTEST", plover_mode="demo+COERCE", cameo_code="141",
                 case_code="PROTEST_WITH_INTER"),
    SubEventType(name="Peaceful protest", event_type="Protests", disorder_type=_DEM,
                 plover_category="PROTEST", plover_mode="demo", cameo_code="141",
                 case_code="PEACE_PROTEST"),
    SubEventType(name="Violent demonstration", event_type="Riots", disorder_type=_DEM,
                 plover_category="PROTEST", plover_mode="riot", cameo_code="145",
                 case_code="VIOL_DEMONSTR"),
    SubEventType(name="Mob violence", event_type="Riots", disorder_type=_PV,
                 plover_category="PROTEST", plover_mode="riot", cameo_code="145",
                 case_code="MOB_VIOL"),
    SubEventType(name="Chemical weapon", event_type="Explosions/Remote violence", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="unconventional", cameo_code="2041",
                 case_code="CHEM_WEAP"),
    SubEventType(name="Air/drone strike", event_type="Explosions/Remote violence", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="aerial", cameo_code="195",
                 case_code="AIR_STRIKE"),
    SubEventType(name="Suicide bomb", event_type="Explosions/Remote violence", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="suicide-attack", cameo_code="1831",
                 case_code="SUIC_BOMB"),
    SubEventType(name="Shelling/artillery/missile attack", event_type="Explosions/Remote violence",
                 disorder_type=_PV, plover_category="ASSAULT", plover_mode="heavy-weapons",
                 cameo_code="194", case_code="ART_MISS_ATTACK"),
    SubEventType(name="Remote explosive/landmine/IED", event_type="Explosions/Remote violence",
                 disorder_type=_PV, plover_category="ASSAULT", plover_mode="explosives",
                 cameo_code="183", case_code="REM_EXPLOS"),
    SubEventType(name="Grenade", event_type="Explosions/Remote violence", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="explosives", cameo_code="183",
                 case_code="GRENADE"),
    SubEventType(name="Sexual violence", event_type="Violence against civilians", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="sexual", cameo_code="1821",
                 case_code="SEX_VIOL"),
    SubEventType(name="Attack", event_type="Violence against civilians", disorder_type=_PV,
                 plover_category="ASSAULT", plover_mode="firearms/beat/targeted", cameo_code="180",
                 case_code="ATTACK"),
    SubEventType(name="Abduction/forced disappearance", event_type="Violence against civilians",
                 disorder_type=_PV, plover_category="ASSAULT", plover_mode="abduct", cameo_code="181",
                 case_code="ABDUCT_DISSAP"),
    SubEventType(name="Agreement", event_type="Strategic developments", disorder_type=_SD,
                 plover_category="AGREE", plover_mode=None, cameo_code="057", case_code="AGREEMENT"),
    SubEventType(name="Arrests", event_type="Strategic developments", disorder_type=_SD,
                 plover_category="COERCE", plover_mode="arrest", cameo_code="173", case_code="ARREST"),
    SubEventType(name="Change to group/activity", event_type="Strategic developments", disorder_type=_SD,
                 plover_category="COERCE", plover_mode=None, cameo_code="0",
                 case_code="CHANGE_TO_GROUP_ACT"),
    SubEventType(name="Disrupted weapons use", event_type="Strategic developments", disorder_type=_SD,
                 plover_category="COERCE", plover_mode=None, cameo_code="0", case_code="DISR_WEAP"),
    SubEventType(name="Headquarters or base established", event_type="Strategic developments",
                 disorder_type=_SD, plover_category="COERCE", plover_mode=None, cameo_code="0",
                 case_code="HQ_ESTABLISHED"),
    SubEventType(name="Looting/property destruction", event_type="Strategic developments",
                 disorder_type=_SD, plover_category="COERCE", plover_mode="seize", cameo_code="171",
                 case_code="PROPERTY_DISTRUCT"),
    SubEventType(name="Non-violent transfer of territory", event_type="Strategic developments",
                 disorder_type=_SD, plover_category="RETREAT", plover_mode="withdraw", cameo_code="0874",
                 case_code="NON_VIOL_TERRIT_TRANSFER"),
    SubEventType(name="Other", event_type="Strategic developments", disorder_type=_SD,
                 plover_category="OTHER", plover_mode=None, cameo_code="0", case_code="OTHER"),
)

BY_NAME: dict[str, SubEventType] = {s.name: s for s in SUB_EVENT_TYPES}
BY_CASE_CODE: dict[str, SubEventType] = {s.case_code: s for s in SUB_EVENT_TYPES}
PRECEDENCE: dict[str, int] = {s.name: i for i, s in enumerate(SUB_EVENT_TYPES)}

#: CASE 2021 labels with no ACLED counterpart: no disorder event should be emitted for them.
NON_EVENT_CASE_CODES: frozenset[str] = frozenset(
    {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB"}
)

#: ACLED actor-type codes (inter1/inter2).
INTER_CODES: dict[int, str] = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}


def sub_event(name: str) -> SubEventType:
    """The SubEventType for an exact ACLED sub-event name; KeyError names the unknown value."""
    return BY_NAME[name]
