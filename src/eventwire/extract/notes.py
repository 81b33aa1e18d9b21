"""A neutral one-sentence summary of an event, built only from its fields.

Takes the coded fields of one event; gives a sentence such as "On 26 March 2024, drones claimed by
Islamic Resistance in Iraq struck Ovda Air Base (Israel)." No wording is copied from the article, so
the note never carries the source's framing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# sub-event type → (noun phrase of the act, verb for "X <verb> Y")
_PHRASES: dict[str, tuple[str, str]] = {
    "Air/drone strike": ("an air/drone strike", "struck"),
    "Shelling/artillery/missile attack": ("shelling or missile fire", "shelled"),
    "Remote explosive/landmine/IED": ("an explosive device", "bombed"),
    "Grenade": ("a grenade attack", "attacked with grenades"),
    "Suicide bomb": ("a suicide bombing", "carried out a suicide bombing against"),
    "Chemical weapon": ("a chemical weapon attack", "used chemical weapons against"),
    "Armed clash": ("an armed clash", "clashed with"),
    "Government regains territory": ("a government recapture of territory", "regained territory from"),
    "Non-state actor overtakes territory": ("a takeover of territory", "took territory from"),
    "Attack": ("an attack", "attacked"),
    "Sexual violence": ("sexual violence", "committed sexual violence against"),
    "Abduction/forced disappearance": ("an abduction", "abducted"),
    "Peaceful protest": ("a peaceful protest", "protested against"),
    "Protest with intervention": ("a protest met by intervention", "protested, met by"),
    "Excessive force against protesters": ("excessive force against protesters", "used excessive force against"),
    "Violent demonstration": ("a violent demonstration", "rioted against"),
    "Mob violence": ("mob violence", "attacked"),
    "Arrests": ("arrests", "arrested"),
    "Agreement": ("an agreement", "reached an agreement with"),
    "Disrupted weapons use": ("disrupted weapons use", "disrupted weapons use by"),
    "Looting/property destruction": ("looting or property destruction", "looted or destroyed property of"),
    "Headquarters or base established": ("a new base", "established a base against"),
    "Change to group/activity": ("a change to group activity", "changed activity against"),
    "Non-violent transfer of territory": ("a non-violent transfer of territory", "handed territory to"),
    "Other": ("a strategic development", "acted against"),
}


@dataclass(frozen=True, kw_only=True, slots=True)
class NoteFields:
    """The event fields a note is built from."""

    sub_event_type: str
    event_date: str | None = None
    time_precision: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    claimed_by: str | None = None
    location: str | None = None
    country: str | None = None
    fatalities: int | None = None
    weapons: tuple[str, ...] = ()


def _when(f: NoteFields) -> str:
    if not f.event_date:
        return "On an unreported date"
    day = dt.date.fromisoformat(f.event_date)
    if f.time_precision == 3:
        return "In " + day.strftime("%B %Y")
    if f.time_precision == 2:
        return "In the week of " + f"{day.day} {day:%B %Y}"
    return f"On {day.day} {day:%B %Y}"


def _where(f: NoteFields) -> str:
    if f.location and f.country and f.location != f.country:
        return f" at {f.location} ({f.country})"
    if f.location or f.country:
        return f" in {f.location or f.country}"
    return ""


def _who(f: NoteFields) -> str:
    if f.sub_event_type == "Air/drone strike" and "drone" in f.weapons and f.actor1:
        return f"drones {'claimed by' if f.claimed_by == f.actor1 else 'of'} {f.actor1}"
    if f.actor1:
        return f.actor1 + (" (claimed)" if f.claimed_by == f.actor1 else "")
    return "unidentified actors"


def compose_note(f: NoteFields) -> str:
    """One neutral sentence summarising the event."""
    noun, verb = _PHRASES.get(f.sub_event_type, ("an event", "acted against"))
    if f.sub_event_type == "Air/drone strike" and (f.location or f.country):
        core = f"{_who(f)} struck {f.location or f.country}" + (f" ({f.country})" if f.location and f.country and f.location != f.country else "")
    elif f.sub_event_type == "Air/drone strike":
        core = f"{_who(f)} struck {f.actor2 or 'an unreported place'}"
    elif f.actor2:
        core = f"{_who(f)} {verb} {f.actor2}{_where(f)}"
    else:
        core = f"{_who(f)}: {noun}{_where(f)}"
    tail = f"; {f.fatalities} reported fatalities" if f.fatalities else ""
    return f"{_when(f)}, {core}{tail}."
