"""Name normalisation: the keys that make spellings of one place meet."""

from __future__ import annotations

from eventwire.geo.normalize import loose_key, normalize, normalize_text, spelling_variants, split_generic


def test_normalize_strips_diacritics_apostrophes_and_hyphens() -> None:
    assert normalize("Khān Yūnis") == "khan yunis"
    assert normalize("Ma’rib") == normalize("Ma'rib") == "marib"
    assert normalize("Bab el-Mandeb") == "bab el mandeb"
    assert normalize("St. Louis") == "st louis"


def test_loose_key_joins_transliterations() -> None:
    assert loose_key("Khan Younis") == loose_key("Khan Yunis")
    assert loose_key("El Fasher") == loose_key("al-Fasher")
    assert loose_key("Nabatiyeh") == loose_key("Nabatiyah")
    assert loose_key("Kharkiv") != loose_key("Kherson")


def test_split_generic_gives_core_and_kind_hint() -> None:
    assert split_generic("Ovda Air Base").core == "ovda"
    assert split_generic("Ovda Air Base").kind == "airbase"
    assert split_generic("Nuseirat refugee camp").kind == "camp"
    assert split_generic("Kerem Shalom crossing").core == "kerem shalom"
    assert split_generic("Kharkiv Oblast").kind == "admin1"
    assert split_generic("Gulf of Aden").core == "aden"
    assert split_generic("Pokrovsk").kind is None


def test_spelling_variants_cover_russian_and_ukrainian_forms() -> None:
    assert "kyiv" in spelling_variants("Kiev")
    assert "kharkiv oblast" in spelling_variants("Kharkov Oblast")
    assert "bureij" in spelling_variants("al-Bureij")
    assert "salvador" not in spelling_variants("El Salvador")


def test_normalize_text_keeps_offsets_back_to_the_original() -> None:
    text = "Strikes hit Khān Yūnis — again."
    norm, offsets = normalize_text(text)
    i = norm.index("khan yunis")
    start, end = offsets[i], offsets[i + len("khan yunis") - 1] + 1
    assert text[start:end] == "Khān Yūnis"
