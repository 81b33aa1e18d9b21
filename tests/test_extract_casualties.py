"""Casualty figures in digits and words, for one event only."""

from __future__ import annotations

import pytest

from eventwire.extract.casualties import casualties, find_figures, word_number


def _cas(sentence: str):
    return casualties(find_figures(sentence, 0))


@pytest.mark.parametrize("sentence,killed", [
    ("The US warplanes pounded the village of Kashkash, killing 6 civilians, including 2 women", 6),
    ("At least 12 people were killed and 30 wounded in the blast", 12),
    ("A woman and her two children were killed when the shell hit their home", 3),
    ("Dozens were killed in the raid on the market", 24),
    ("five soldiers died in the ambush", 5),
    ("The gunmen shot dead a policeman at the checkpoint", 1),
    ("The explosion left a trail of destruction", None),
])
def test_fatalities(sentence: str, killed: int | None) -> None:
    assert _cas(sentence).fatalities == killed


def test_injuries_and_low_bound() -> None:
    cas = _cas("the attack left 3 dead and more than 20 injured")
    assert (cas.fatalities, cas.injuries) == (3, 20)


def test_up_to_sets_high_bound() -> None:
    cas = _cas("killing up to 40 Syrian soldiers")
    assert cas.fatalities_high == 40


def test_cumulative_toll_is_not_this_events() -> None:
    sentence = ("Israel's ongoing military campaign in the Gaza Strip, which began on October 7, has resulted in "
                "the deaths of over 32,300 Palestinians, and injured more than 74,000.")
    assert find_figures(sentence, 0) == []


def test_words_and_digits() -> None:
    assert word_number("74,000") == (74000, 74000)
    assert word_number("twenty-one") == (21, 21)
    assert word_number("dozens") == (24, 24)


def test_evidence_span_is_the_text() -> None:
    sentence = "Rebels attacked the base, killing five soldiers."
    fig = find_figures(sentence, 10)[0]
    assert ("x" * 10 + sentence)[fig.start:fig.end] == fig.text


def test_toll_since_a_campaign_began_is_cumulative() -> None:
    # a multi-day total "since a barrage began" is not one event's toll
    sentence = ("About 530 people have died and more than 2,500 have been wounded in eastern Ghouta since a "
                "relentless barrage of regime rocket fire, shelling and airstrikes began last Sunday.")
    assert find_figures(sentence, 0) == []


def test_a_victim_and_two_of_his_aides_add_up() -> None:
    c = _cas("Gunmen shot dead a mayoral candidate and two of his aides in Michoacan on Saturday.")
    assert c.fatalities == 3


@pytest.mark.parametrize(("sentence", "killed"), [
    ("A series of airstrikes by Russian jets killed about 120 Islamic State fighters and 60 foreign mercenaries.", 180),
    ("The ambush killed at least four Malian soldiers and two Russian mercenaries near Tessit.", 6),
    ("Gunmen killed three soldiers and wounded two civilians in Zamfara.", 3),
])
def test_joined_counts_with_longer_modifiers_add_up(sentence: str, killed: int) -> None:
    assert _cas(sentence).fatalities == killed
