"""Field rules found on the trial_d tune half (``tests/fixtures/trial_d/tune``), each on real text.

- "No one was killed": a negated count is a zero toll, never one.
- "One of the attackers was also killed": an "also" count adds to the event's main toll.
- "claimed the raid": any named kind of attack can be the object of a claim.
- "The BRN rarely claims attacks": a habit is no claim of this attack.
- "a BIFF spokesman said the group's fighters had carried out the attack": a group telling of its own
  men's attack claims it.
- "X and Y exchanged fire": a mutual verb's conjoined subject names both sides.
- "BAMENDA, Cameroon - ...": an all-capitals dateline is a place, never a named group.
- "paramilitary rangers" are state forces (Military Forces of ...); "park rangers" are civilians.
"""

from __future__ import annotations

import datetime as dt

from eventwire.extract import extract_articles
from eventwire.extract.casualties import casualties, find_figures
from eventwire.model import Article, Event


def _events(text: str, date: dt.date = dt.date(2024, 9, 4)) -> list[Event]:
    return list(next(extract_articles([Article(id="f", text=text, date=date)])).events)


def test_no_one_was_killed_is_no_figure_of_one() -> None:
    assert find_figures("No one was killed in the attack, which damaged the station's roof.", 0) == []
    assert find_figures("No-one was killed, police said.", 0) == []
    assert [f.best for f in find_figures("One was killed and two were wounded.", 0)][:1] == [1]


def test_no_one_was_killed_codes_zero_fatalities() -> None:
    text = ("Dissidents attacked a police station in the town of Suárez, in Colombia's Cauca department, with "
            "explosive-laden drones early on Monday, wounding three officers, the national police said. "
            "No one was killed in the attack, which damaged the station's roof and two nearby homes, police said.")
    events = _events(text, dt.date(2024, 5, 21))
    assert events and all(e.fatalities == 0 for e in events)


def test_also_killed_adds_to_the_main_toll() -> None:
    main = find_figures("Fighters ambushed an army patrol on Monday, killing two soldiers, the military said.", 0)
    also = find_figures("One of the attackers was also killed in the firefight.", 100)
    assert casualties(main + also).fatalities == 3
    # two competing reports still give the largest, not their sum
    assert casualties(find_figures("killing five people", 0) + find_figures("seven were killed", 50)).fatalities == 7


def test_also_killed_in_a_later_sentence_joins_the_event() -> None:
    text = ("Fighters of the Bangsamoro Islamic Freedom Fighters (BIFF) ambushed an army patrol in a village in "
            "Shariff Aguak town, Maguindanao del Sur province, on Monday, killing two soldiers, the military said. "
            "One of the attackers was also killed in the firefight, which lasted about 30 minutes, said a spokesman "
            "for the army's 6th Infantry Division.")
    clash = next(e for e in _events(text) if e.sub_event_type == "Armed clash")
    assert clash.fatalities == 3


def test_a_claimed_raid_is_a_claim_and_a_dateline_is_no_actor() -> None:
    text = ("Separatists attack army post in Cameroon's Northwest, four dead\n\n"
            "BAMENDA, Cameroon - Anglophone separatist fighters attacked a military post in Kumbo, in Cameroon's "
            "Northwest region, on Sunday night, sparking a gunfight that lasted several hours, military sources said.\n\n"
            "The Bui Warriors, one of the armed groups fighting for an independent state they call Ambazonia, "
            "claimed the raid in a video posted online.")
    events = _events(text, dt.date(2024, 11, 5))
    assert events and all(e.actor1 != "BAMENDA" for e in events)
    clash = events[0]
    assert clash.actor1 == "Ambazonian Separatists" and clash.claimed_by == "Ambazonian Separatists"


def test_a_group_that_rarely_claims_has_claimed_nothing() -> None:
    text = ("Two paramilitary rangers were killed when a roadside bomb exploded under their pickup truck in Nong Chik "
            "district of Pattani province on Saturday afternoon, police said.\n\nNo group claimed responsibility. "
            "Police said they suspected insurgents from the Barisan Revolusi Nasional (BRN), but gave no evidence. "
            "The BRN rarely claims attacks.")
    bomb = _events(text, dt.date(2024, 6, 3))[0]
    assert bomb.claimed_by is None
    assert bomb.actor1 is None or not bomb.actor1.startswith("BRN")


def test_a_spokesman_saying_the_groups_fighters_attacked_claims_it() -> None:
    text = ("Fighters of the Bangsamoro Islamic Freedom Fighters (BIFF) ambushed an army patrol in Shariff Aguak "
            "on Monday, killing two soldiers, the military said. A BIFF spokesman told a local radio station that "
            "the group's fighters had carried out the attack to avenge the killing of one of their commanders.")
    clash = next(e for e in _events(text) if e.sub_event_type == "Armed clash")
    assert clash.claimed_by == "BIFF: Bangsamoro Islamic Freedom Fighters"


def test_someone_elses_fighters_are_no_claim() -> None:
    text = ("Gunmen ambushed an army patrol in Shariff Aguak on Monday, killing two soldiers. "
            "A BIFF spokesman said the army's soldiers had fired first.")
    clash = _events(text)[0]
    assert clash.claimed_by is None


def test_both_sides_of_an_exchange_of_fire() -> None:
    text = ("On Sunday, Meitei village volunteers and Kuki militants exchanged fire for several hours in the hills "
            "near Jiribam, leaving four men dead, a police officer said.")
    clash = _events(text, dt.date(2024, 9, 9))[0]
    assert (clash.actor1, clash.actor2) == ("Meitei Ethnic Militia (India)", "Kuki Ethnic Militia (India)")


def test_both_sides_of_a_clash_named_in_the_subject() -> None:
    text = ("Fighters of the 444th Brigade and the Rada Special Deterrence Force clashed in Tajoura on Monday, "
            "killing nine people, the Emergency Medicine Centre said.")
    clash = _events(text, dt.date(2024, 8, 14))[0]
    assert (clash.actor1, clash.actor2) == ("444th Brigade", "Rada Special Deterrence Force")


def test_paramilitary_rangers_are_state_forces_and_park_rangers_civilians() -> None:
    text = ("Two paramilitary rangers were killed and three others wounded when a roadside bomb exploded under their "
            "pickup truck in Nong Chik district of Pattani province on Saturday afternoon, police said.")
    bomb = _events(text, dt.date(2024, 6, 3))[0]
    assert bomb.actor2 is not None and bomb.actor2.startswith("Military Forces")
    park = _events("Assailants killed five park rangers in an ambush in Pendjari National Park in Benin on Sunday.",
                   dt.date(2024, 6, 3))[0]
    assert park.actor2 is None or park.actor2.startswith("Civilians")
