"""Associated actors named by who people are: ACLED's identity sub-groups of civilians and demonstrators.

ACLED codes the people an event happens to (or the crowd that protests) by their generic actor
(``Civilians (Sudan)``, ``Protesters (Kenya)``) and names the group they belong to as the associated
actor: ``Masalit Ethnic Group (Sudan)``, ``Students (Kenya)``, ``Journalists (Mexico)``, ``Labour Group
(Nigeria)``, ``Christian Group (Nigeria)``. This module reads such a group off one token of a parsed
sentence (the word that names it: "students", "journalists", the "Masalit" of "the Masalit community",
the "Amhara" of "ethnic Amhara") and gives its canonical name in the event's country. Whether the group
is an associated actor *of this event* is for the role head to decide (``role_head``); this only names.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from eventwire.model import Actor

#: occupation or condition nouns (lemma) → ACLED's identity actor (before " (<Country>)")
OCCUPATIONS: dict[str, str] = {
    **dict.fromkeys(("student", "pupil", "schoolchild", "schoolgirl", "schoolboy", "undergraduate"), "Students"),
    **dict.fromkeys(("journalist", "reporter", "cameraman", "photojournalist", "correspondent"), "Journalists"),
    **dict.fromkeys(("teacher", "lecturer"), "Teachers"),
    **dict.fromkeys(("doctor", "nurse", "medic", "paramedic", "physician", "midwife"), "Health Workers"),
    **dict.fromkeys(("lawyer", "attorney", "advocate", "barrister"), "Lawyers"),
    **dict.fromkeys(("farmer",), "Farmers"),
    **dict.fromkeys(("woman", "women", "mother"), "Women"),
    **dict.fromkeys(("refugee", "idp"), "Refugees/IDPs"),
    **dict.fromkeys(("migrant", "asylum-seeker"), "Migrants"),
    **dict.fromkeys(("unionist", "trade-unionist", "union", "worker", "labourer", "laborer"), "Labour Group"),
}
#: "aid workers", "health workers", "trade unionists": the modifier says who
_COMPOUND_OCCUPATIONS: dict[tuple[str, str], str] = {
    ("aid", "worker"): "Aid Workers", ("humanitarian", "worker"): "Aid Workers",
    ("health", "worker"): "Health Workers", ("medical", "worker"): "Health Workers",
    ("trade", "union"): "Labour Group", ("labour", "union"): "Labour Group", ("labor", "union"): "Labour Group",
    ("trade", "unionist"): "Labour Group", ("factory", "worker"): "Labour Group",
    ("displaced", "people"): "Refugees/IDPs", ("displaced", "person"): "Refugees/IDPs",
}
#: religious communities as ACLED names them
RELIGIONS: dict[str, str] = {
    "christian": "Christian Group", "christians": "Christian Group", "catholic": "Christian Group",
    "muslim": "Muslim Group", "muslims": "Muslim Group", "hindu": "Hindu Group", "hindus": "Hindu Group",
    "sikh": "Sikh Group", "sikhs": "Sikh Group", "alawite": "Alawite Muslim Group", "alawites": "Alawite Muslim Group",
    "shia": "Shia Muslim Group", "shiite": "Shia Muslim Group", "shi'ite": "Shia Muslim Group",
    "shiites": "Shia Muslim Group", "ahmadi": "Ahmadi Muslim Group", "ahmadis": "Ahmadi Muslim Group",
    "hazara": "Hazara Ethnic Group", "hazaras": "Hazara Ethnic Group", "druze": "Druze Religious Group",
    "yazidi": "Yazidi Religious Group", "yazidis": "Yazidi Religious Group", "coptic": "Christian Group",
}
# nouns that make the proper name before them an ethnic group ("the Masalit community", "Kuki villages")
_ETHNIC_HEADS = frozenset({"community", "communities", "tribe", "tribesman", "tribesmen", "villager", "village",
                           "herder", "herdsman", "herdsmen", "civilian", "family", "families", "neighbourhood",
                           "neighborhood", "farmer", "man", "woman", "resident", "fisherman", "fishermen",
                           "labourer", "worker", "pilgrim", "trader", "worshipper"})
_NAME = re.compile(r"[A-Z][\w'-]+")


def _in_country(kb: object, label: str, iso3: str | None) -> str:
    namer = getattr(kb, "country_name", None)
    country = namer(iso3) if namer is not None and iso3 else None
    return f"{label} ({country})" if country else label


def identity_label(tok: Token, demonym: object) -> str | None:
    """The identity group ``tok`` names, without its country ("Students", "Masalit Ethnic Group"), or None.

    ``demonym`` is the KB's ``country_of_demonym``: a nationality ("Sudanese villagers") is a country,
    not an ethnic group, and is left to the generic actor.
    """
    lemma, low = tok.lemma_.lower(), tok.lower_
    head = tok.head
    if tok.dep_ in ("compound", "amod") and (low, head.lemma_.lower()) in _COMPOUND_OCCUPATIONS:
        return _COMPOUND_OCCUPATIONS[(low, head.lemma_.lower())]
    if tok.pos_ in ("NOUN", "PROPN") and (lemma in OCCUPATIONS or low in OCCUPATIONS):
        if any((c.lower_, lemma) in _COMPOUND_OCCUPATIONS for c in tok.children if c.dep_ in ("compound", "amod")):
            return None  # the modifier names it ("aid workers"): read there
        return OCCUPATIONS.get(lemma) or OCCUPATIONS[low]
    if low in RELIGIONS and tok.text[:1].isupper():
        return RELIGIONS[low]
    if not _NAME.fullmatch(tok.text) or callable(demonym) and demonym(tok.text):
        return None
    # "ethnic Amhara", "the Masalit community", "Kuki villages", "Fulani herders"
    ethnic_mod = any(c.lower_ == "ethnic" for c in tok.children) or (tok.i > 0 and tok.doc[tok.i - 1].lower_ == "ethnic")
    # (the head word in lower case: "the East African Community" is an organisation's name)
    ethnic_head = (tok.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in _ETHNIC_HEADS
                   and head.text.islower())
    if ethnic_mod or ethnic_head:
        name = tok.text[:-1] if ethnic_mod and tok.text.endswith("ans") else tok.text  # "ethnic Armenians"
        return f"{name} Ethnic Group"
    return None


def identity_actor(kb: object, tok: Token, iso3: str | None, evidence_start: int) -> Actor | None:
    """The identity group ``tok`` names, as an actor in the event's country (inter 7: civilians' kin)."""
    label = identity_label(tok, getattr(kb, "country_of_demonym", None))
    if label is None:
        return None
    from eventwire.model import Evidence

    text = tok.text
    ev = Evidence(start=evidence_start, end=evidence_start + len(text), text=text, field="assoc_actor",
                  rule="identity:" + label.lower().replace(" ", "_"))
    return Actor(name=_in_country(kb, label, iso3), inter=7, iso3=iso3, evidence=ev)
