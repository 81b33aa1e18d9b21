"""The actor knowledge base: data validity, matching on real news sentences, generic actors, speed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from importlib import resources
from pathlib import Path

import pycountry
import pytest

from eventwire.extract import extract_articles
from eventwire.extract.actors import GENERIC_KINDS, ActorKB, ActorMatch, load_actor_kb
from eventwire.model import Actor, Article

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_actor_kb()


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("eventwire").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _names(kb: ActorKB, text: str) -> list[str]:
    return [m.actor.name for m in kb.find(text)]


# ------------------------------------------------------------------------------------------ the data


def test_at_least_300_named_non_state_groups():
    rows = _rows("actors.csv")
    groups = {r["canonical"] for r in rows if r["inter"] != "1"}
    assert len(groups) >= 300


def test_every_row_is_valid():
    codes = {c.alpha_3 for c in pycountry.countries}
    for r in _rows("actors.csv"):
        assert r["canonical"].strip() == r["canonical"] and r["canonical"], r
        assert 1 <= int(r["inter"]) <= 8, r
        assert not r["country_iso3"] or r["country_iso3"] in codes, r
        assert r["kind"], r


def test_columns_are_the_documented_ones():
    text = resources.files("eventwire").joinpath("data", "actors.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "canonical,aliases,acronym,country_iso3,inter,kind,note"


def test_canonical_names_are_unique():
    names = [r["canonical"] for r in _rows("actors.csv")]
    assert len(names) == len(set(names))


def test_no_alias_points_to_two_actors():
    owner: dict[str, str] = {}
    clashes = []
    for r in _rows("actors.csv"):
        for cell, fold in ((r["aliases"], str.casefold), (r["acronym"], str)):
            for alias in filter(None, (a.strip() for a in cell.split("|"))):
                key = fold(alias)
                if owner.setdefault(key, r["canonical"]) != r["canonical"]:
                    clashes.append((alias, owner[key], r["canonical"]))
    assert clashes == []


def test_every_name_resolves_to_its_own_row(kb):
    """Each canonical, alias and acronym, written in a news sentence, finds exactly its row's actor."""
    wrong = []
    for r in _rows("actors.csv"):
        for name in filter(None, [r["canonical"], *r["aliases"].split("|"), *r["acronym"].split("|")]):
            text = f"On Monday {name} attacked the town, killing three soldiers."
            hit = [(m.text, m.actor.name) for m in kb.find(text) if m.start == 10]
            if hit != [(name, r["canonical"])]:
                wrong.append((name, r["canonical"], hit))
    assert wrong == []


def test_state_units_name_generated_state_forces(kb):
    for r in _rows("actors.csv"):
        if r["kind"] == "state_unit":
            actor = kb.by_name(r["canonical"])
            assert actor is not None and actor.inter == 1, r["canonical"]
            assert r["canonical"] in (kb.military_name(actor.iso3), kb.police_name(actor.iso3))


def test_every_country_has_military_and_police(kb):
    for c in pycountry.countries:
        military, police = kb.by_name(kb.military_name(c.alpha_3)), kb.by_name(kb.police_name(c.alpha_3))
        assert military == Actor(name=kb.military_name(c.alpha_3), inter=1, iso3=c.alpha_3)
        assert police is not None and police.inter == 1 and police.iso3 == c.alpha_3


def test_state_force_names_use_acled_short_names(kb):
    assert kb.military_name("RUS") == "Military Forces of Russia"
    assert kb.military_name("IRN") == "Military Forces of Iran"
    assert kb.military_name("KOR") == "Military Forces of South Korea"
    assert kb.military_name("SYR") == "Military Forces of Syria"
    assert kb.military_name("USA") == "Military Forces of the United States"
    assert kb.military_name("COD") == "Military Forces of the Democratic Republic of Congo"
    assert kb.police_name("PSE") == "Police Forces of Palestine"
    assert kb.military_name("TUR") == "Military Forces of Turkey"
    assert kb.military_name("VNM") == "Military Forces of Vietnam"


def test_demonym_table_covers_every_country_once():
    rows = _rows("demonyms.csv")
    # every ISO 3166 country, plus Kosovo (XKX), which ACLED codes and ISO lacks
    assert {r["iso3"] for r in rows} == {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    seen: dict[str, str] = {}
    for r in rows:
        for word in filter(None, (r["demonyms"] + "|" + r["names"] + "|" + r["country"]).split("|")):
            assert seen.setdefault(word.casefold(), r["iso3"]) == r["iso3"], word


# ------------------------------------------------------------------------------------------ matching

@pytest.mark.parametrize(("text", "span", "name"), [
    ("Separately, the Islamic Resistance in Iraq announced it had targeted Ovda Air Base.",
     "Islamic Resistance in Iraq", "Islamic Resistance in Iraq"),
    ("Israeli forces raided the Jenin refugee camp at dawn.", "Israeli forces", "Military Forces of Israel"),
    ("RSF fighters attacked El Fasher from the east on Sunday.", "RSF fighters", "RSF: Rapid Support Forces"),
    ("Al-Shabaab militants stormed a hotel in Kismayo.", "Al-Shabaab militants", "Al Shabaab"),
    ("The attack was repelled by the Sudanese army, witnesses said.", "Sudanese army", "Military Forces of Sudan"),
    ("Houthi rebels fired a missile at a ship in the Red Sea.", "Houthi rebels", "Houthis (Ansar Allah)"),
    ("The IDF said it had struck a Hezbollah weapons depot.", "IDF", "Military Forces of Israel"),
    ("M23 rebels seized the town of Sake on Thursday.", "M23 rebels", "M23: March 23 Movement"),
    ("Ukrainian troops pulled back from Avdiivka.", "Ukrainian troops", "Military Forces of Ukraine"),
    ("Nigerian police officers were ambushed near Maiduguri.", "Nigerian police officers", "Police Forces of Nigeria"),
    ("Russia's military said it had downed 40 drones.", "Russia's military", "Military Forces of Russia"),
    ("Residents said SAF warplanes bombed the market.", "SAF", "Military Forces of Sudan"),
    ("Troops of the Tatmadaw shelled villages in Sagaing.", "Tatmadaw", "Military Forces of Myanmar"),
    ("FARDC soldiers clashed with ADF fighters near Beni.", "FARDC soldiers", "Military Forces of the Democratic Republic of Congo"),
    ("The Hizballah commander was killed in a strike.", "Hizballah", "Hezbollah"),
    ("Huthi forces claimed the attack.", "Huthi forces", "Houthis (Ansar Allah)"),
    ("al-Shabab fighters overran the base.", "al-Shabab fighters", "Al Shabaab"),
    ("US military officials confirmed the strike.", "US military", "Military Forces of the United States"),
    ("American troops were not hurt.", "American troops", "Military Forces of the United States"),
    ("Iraqi security forces arrested three suspects.", "Iraqi security forces", "Military Forces of Iraq"),
    ("The Arakan Army captured the town of Paletwa.", "Arakan Army", "AA: Arakan Army"),
    ("JNIM claimed the ambush on Malian soldiers.", "JNIM", "JNIM: Jama'at Nusrat al-Islam wal-Muslimin"),
    ("The Kurdistan Workers’ Party denied involvement.", "Kurdistan Workers’ Party", "PKK: Kurdistan Workers' Party"),
    ("Gunmen from the Cártel Jalisco Nueva Generación opened fire.", "Cártel Jalisco Nueva Generación",
     "CJNG: Jalisco New Generation Cartel"),
    ("Viv Ansanm gangs attacked Mirebalais.", "Viv Ansanm gangs", "Viv Ansanm"),
])
def test_finds_actor_in_news_sentence(kb, text, span, name):
    matches = kb.find(text)
    assert (span, name) in [(m.text, m.actor.name) for m in matches]
    for m in matches:
        assert text[m.start:m.end] == m.text


def test_match_is_a_frozen_record_with_actor(kb):
    m = kb.find("Hamas fighters crossed the fence.")[0]
    assert isinstance(m, ActorMatch) and isinstance(m.actor, Actor)
    assert (m.start, m.end, m.actor.inter, m.actor.iso3) == (0, 14, 2, "PSE")
    with pytest.raises(AttributeError):
        m.start = 3  # type: ignore[misc]


def test_police_without_demonym_has_no_country(kb):
    assert kb.find("Police in Lagos said two people were killed.") == []
    assert kb.generic("police", "NGA").name == "Police Forces of Nigeria"


def test_military_vs_police_by_noun(kb):
    assert _names(kb, "Kenyan police fired tear gas while Kenyan soldiers watched.") == [
        "Police Forces of Kenya", "Military Forces of Kenya"]


@pytest.mark.parametrize("text", [
    "Hamasaki won the race.", "This is a basic question.", "The plan is to hand over the keys.",
    "pro-Russian forces shelled the town.", "anti-Houthi forces advanced.", "Israeli-made drones crashed.",
    "a fanout of saffron and the aardvark", "the Sea of Azov", "Police in Lagos said",
    "She bought AA batteries.", "RIYADH, Saudi Arabia (AA). The minister said", "The settlers arrived in 1820.", "he said the fact was plain",
])
def test_no_false_matches(kb, text):
    assert kb.find(text) == []


@pytest.mark.parametrize("text", [
    "The Hygiene Rating scheme is run by the Food Standards Agency (FSA).",
    "said Rep. Joseph F. Wagner, D-Chicopee, the co-chairman of the committee",
    "was taken into custody by Lebanon Police after a traffic stop",
    "The team joined the Georgia National Guard's 4th Civil Support Team.",
    "Northern Ireland police said they believe the IRA was behind it.",
    "Moscow forces its view on the talks.",
    "to delay a toll increase in or near Boston, Wagner said he will ask board members",
    "Gunmen attacked a packed mosque in Egypt's restive North Sinai province on Friday.",
])
def test_ambiguous_names_need_conflict_context(kb, text):
    assert kb.find(text) == []


def test_ambiguous_acronym_matches_in_conflict_context(kb):
    assert _names(kb, "FSA rebels attacked regime positions near Idlib.") == ["FSA: Free Syrian Army"]
    assert _names(kb, "Wagner fighters withdrew from Bakhmut.") == ["Wagner Group"]


def test_capitals_and_names_with_possessive(kb):
    assert _names(kb, "Moscow's forces shelled Kharkiv; Ankara’s troops crossed the border.") == [
        "Military Forces of Russia", "Military Forces of Turkey"]
    assert _names(kb, "Lebanon's army deployed south.") == ["Military Forces of Lebanon"]
    assert _names(kb, "Sudan army officers said") == ["Military Forces of Sudan"]


def test_lowercase_common_words_never_match_capitalised_names(kb):
    assert kb.find("the wagner tuba and the amal cafe and the fano harbour") == []


def test_longest_match_wins(kb):
    assert _names(kb, "Kataib Hezbollah, not Hezbollah, fired the drone.") == ["Kataib Hezbollah", "Hezbollah"]
    assert _names(kb, "South Sudanese forces entered Sudan.") == ["Military Forces of South Sudan"]
    assert _names(kb, "FARC dissidents attacked a police station.") == ["FARC Dissidents"]


def test_acronyms_are_case_sensitive(kb):
    assert _names(kb, "the SAF and the saf") == ["Military Forces of Sudan"]
    assert _names(kb, "IS fighters; this is it; Is it?") == ["Islamic State"]


# ------------------------------------------------------------------------------------------ lookups


def test_country_of_demonym(kb):
    assert kb.country_of_demonym("Israeli") == "ISR"
    assert kb.country_of_demonym("sudanese") == "SDN"
    assert kb.country_of_demonym("Burkinabe") == "BFA"
    assert kb.country_of_demonym("US") == "USA"
    assert kb.country_of_demonym("Congolese") == "COD"
    assert kb.country_of_demonym("Martian") is None


def test_by_name(kb):
    assert kb.by_name("Hamas Movement") == Actor(name="Hamas Movement", inter=2, iso3="PSE")
    assert kb.by_name("Military Forces of Israel") == Actor(name="Military Forces of Israel", inter=1, iso3="ISR")
    assert kb.by_name("Civilians (Nigeria)") == Actor(name="Civilians (Nigeria)", inter=7, iso3="NGA")
    assert kb.by_name("Government of Colombia") == Actor(name="Government of Colombia", inter=1, iso3="COL")
    assert kb.by_name("No Such Group") is None


@pytest.mark.parametrize(("kind", "iso3", "name", "inter"), [
    ("armed_group", "NGA", "Unidentified Armed Group (Nigeria)", 3),
    ("civilians", "COD", "Civilians (Democratic Republic of Congo)", 7),
    ("protesters", "KEN", "Protesters (Kenya)", 6),
    ("rioters", "IND", "Rioters (India)", 5),
    ("military", "RUS", "Military Forces of Russia", 1),
    ("police", "USA", "Police Forces of the United States", 1),
    ("armed_group", None, "Unidentified Armed Group", 3),
    ("civilians", None, "Civilians", 7),
    ("government", "COL", "Government of Colombia", 1),
    ("government", "USA", "Government of the United States", 1),
])
def test_generic_actor(kb, kind, iso3, name, inter):
    actor = kb.generic(kind, iso3)
    assert (actor.name, actor.inter, actor.iso3) == (name, inter, iso3)


def test_generic_unknown_kind_raises(kb):
    with pytest.raises(ValueError, match="armed_group"):
        kb.generic("aliens", None)
    assert set(GENERIC_KINDS) == {"armed_group", "civilians", "protesters", "rioters", "military", "police",
                                  "government"}


@pytest.mark.parametrize(("phrase", "kind"), [
    ("gunmen", "armed_group"), ("unknown gunmen", "armed_group"), ("heavily armed men", "armed_group"),
    ("two suspected militants", "armed_group"), ("attackers", "armed_group"), ("assailants", "armed_group"),
    ("a woman", "civilians"), ("her two children", "civilians"), ("villagers", "civilians"),
    ("worshippers", "civilians"), ("a journalist", "civilians"), ("farmers", "civilians"),
    ("protesters", "protesters"), ("thousands of demonstrators", "protesters"), ("marchers", "protesters"),
    ("rioters", "rioters"), ("an angry mob", "rioters"),
    ("soldiers", "military"), ("the army", "military"), ("troops", "military"),
    ("police officers", "police"), ("riot police", "police"), ("the district police chief", "police"),
    ("an army officer", "military"),
    ("Kurdish forces", "armed_group"), ("Turkish-backed fighters", "armed_group"),
    ("Syrian rebels", "armed_group"), ("government forces", "military"),
    ("the ceasefire", None), ("", None),
])
def test_generic_kind(kb, phrase, kind):
    assert kb.generic_kind(phrase) == kind


# ------------------------------------------------------------------------------------------ speed


def test_find_is_fast_on_a_long_article(kb):
    # The demo reports, end to end and repeated, stand in for one 5,000-word article.
    texts = [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "articles").glob("*.txt"))]
    words = " ".join(texts).split()
    article = " ".join((words * (1 + 5000 // len(words)))[:5000])
    matches = kb.find(article)
    best = float("inf")
    for _ in range(5):  # best of five: the CI machine is shared
        start = time.perf_counter()
        kb.find(article)
        best = min(best, time.perf_counter() - start)
    assert len(matches) > 10
    assert best < 0.010


# ------------------------------------------------------------------------------------------ added actors and aliases
# Real-looking news sentences naming actors (or spellings) the knowledge base lacked: Myanmar's junta and resistance,
# Sahel and Sudan armed groups, Islamic State provinces, Haitian gangs, and separatists in Senegal and Thailand.

@pytest.mark.parametrize(("text", "span", "name"), [
    # Myanmar
    ("SAC troops torched more than 200 houses in Kani township, residents said.", "SAC troops",
     "Military Forces of Myanmar"),
    ("The State Administration Council announced martial law in 11 townships.", "State Administration Council",
     "Military Forces of Myanmar"),
    ("Min Aung Hlaing's forces bombed a monastery in Sagaing Region on Friday.", "Min Aung Hlaing's forces",
     "Military Forces of Myanmar"),
    ("The Burmese junta launched airstrikes on Lashio.", "Burmese junta", "Military Forces of Myanmar"),
    ("PDF soldiers overran a police outpost near Yinmabin.", "PDF soldiers", "PDF: People's Defence Force"),
    ("The Sagaing PDF said it had shot down a junta drone.", "Sagaing PDF", "PDF: People's Defence Force"),
    ("CNA troops seized the Rikhawdar border gate.", "CNA troops", "CNF: Chin National Front"),
    ("CDF-Mindat fighters ambushed a regime column on the road to Matupi.", "CDF-Mindat fighters",
     "CDF: Chinland Defense Force"),
    ("The KNU/KNLA Peace Council said its troops would stay neutral.", "KNU/KNLA Peace Council",
     "KNU/KNLA-PC: Karen National Union/Karen National Liberation Army Peace Council"),
    ("The New Mon State Party said fighting had spread to Ye township.", "New Mon State Party",
     "NMSP: New Mon State Party"),
    # Sahel and Lake Chad
    ("Jama'at Nusrat al-Islam wa al-Muslimin claimed the attack on the Djibo base.",
     "Jama'at Nusrat al-Islam wa al-Muslimin", "JNIM: Jama'at Nusrat al-Islam wal-Muslimin"),
    ("VDPs and soldiers repelled an assault on Djibo.", "VDPs", "VDP: Volunteers for the Defense of the Homeland"),
    ("Traditional dozo hunters killed three herders near Bankass.", "dozo hunters", "Dozo Militia"),
    ("The FLA/CSP said its fighters had downed a Malian drone near Tinzaouaten.", "FLA/CSP",
     "FLA: Azawad Liberation Front"),
    ("Daesh Sahel fighters executed five villagers in Menaka.", "Daesh Sahel fighters",
     "IS Sahel: Islamic State Sahel Province"),
    ("The Islamic State Province of West Africa claimed the raid on Malam Fatori.",
     "Islamic State Province of West Africa", "ISWAP: Islamic State West Africa Province"),
    ("IPOB/ESN gunmen enforced the sit-at-home order in Enugu.", "IPOB/ESN gunmen",
     "ESN: Eastern Security Network"),
    ("Members of the Oodua People's Congress clashed with herders in Oyo.", "Oodua People's Congress",
     "OPC: Oodua People's Congress"),
    # Sudan and South Sudan
    ("Hemedti's forces shelled the Abu Shouk camp near El Fasher.", "Hemedti's forces", "RSF: Rapid Support Forces"),
    ("The paramilitary RSF stormed the town at dawn.", "paramilitary RSF", "RSF: Rapid Support Forces"),
    ("Burhan's forces retook the presidential palace in Khartoum.", "Burhan's forces", "Military Forces of Sudan"),
    ("Fighters from the SLM-Minawi clashed with the RSF near Mellit.", "SLM-Minawi",
     "SLM/A-MM: Sudan Liberation Movement/Army (Minni Minawi)"),
    ("The SLA-Abdel Wahid controls much of Jebel Marra.", "SLA-Abdel Wahid",
     "SLM/A-AW: Sudan Liberation Movement/Army (Abdul Wahid)"),
    ("The SLM-Tambour joined the defence of El Fasher.", "SLM-Tambour",
     "SLM-TC: Sudan Liberation Movement-Transitional Council"),
    ("The Joint Darfur Forces repelled an RSF attack on the city.", "Joint Darfur Forces",
     "Joint Forces of Darfur Armed Movements"),
    ("Zaghawa fighters clashed with Arab herders near Kutum.", "Zaghawa fighters", "Zaghawa Ethnic Militia (Sudan)"),
    ("The Sudan People's Liberation Army (SPLA) said it had repulsed the attack.",
     "Sudan People's Liberation Army", "Military Forces of South Sudan"),
    # Horn, Central and Southern Africa
    ("Tigray Defence Force units withdrew from Alamata.", "Tigray Defence Force units",
     "TPLF: Tigray People's Liberation Front"),
    ("Macawiisley militias and Danab commandos recaptured the village.", "Macawiisley militias", "Macawisley"),
    ("Machababos beheaded three villagers in Macomia district.", "Machababos", "Islamic State Mozambique Province"),
    ("Al-Shabaab in Cabo Delgado has launched attacks in Niassa.", "Al-Shabaab in Cabo Delgado",
     "Islamic State Mozambique Province"),
    ("Twa militiamen attacked a village in Tanganyika province.", "Twa militiamen",
     "Twa Ethnic Militia (Democratic Republic of Congo)"),
    ("Amba separatists abducted 15 students in Bamenda.", "Amba separatists", "Ambazonian Separatists"),
    ("Casamance rebels ambushed a Senegalese army patrol near Ziguinchor.", "Casamance rebels",
     "MFDC: Movement of Democratic Forces of Casamance"),
    ("The MFDC freed four Senegalese soldiers it had held since January.", "MFDC",
     "MFDC: Movement of Democratic Forces of Casamance"),
    # North Africa and the Middle East
    ("The Tariq Ben Ziyad Brigade deployed to the southern border.", "Tariq Ben Ziyad Brigade",
     "LNA: Libyan National Army"),
    ("Zintan militias clashed with a Tripoli-based brigade near the airport.", "Zintan militias", "Zintan Militias"),
    ("Okba Ibn Nafaa Brigade militants ambushed a patrol on Mount Chaambi.", "Okba Ibn Nafaa Brigade militants",
     "Okba Ibn Nafaa Brigade"),
    ("Saraya Ansar al-Sunna claimed the bombing of the church.", "Saraya Ansar al-Sunna", "Saraya Ansar al-Sunna"),
    ("Nukhba forces crossed the fence at dawn.", "Nukhba forces", "Hamas Movement"),
    ("Shabiha gunmen fired on the funeral procession.", "Shabiha gunmen", "NDF: National Defence Forces"),
    ("Syrian General Security forces entered Jaramana.", "Syrian General Security forces", "Police Forces of Syria"),
    # South and Southeast Asia, Haiti
    ("Security forces killed eight khwarij in North Waziristan, the ISPR said.", "khwarij",
     "TTP: Tehrik-i-Taliban Pakistan"),
    ("IS-KP claimed the suicide bombing in Kabul.", "IS-KP", "ISKP: Islamic State Khorasan Province"),
    ("The National Resistance Front said it had attacked a Taliban checkpoint in Panjshir.",
     "National Resistance Front", "NRF: National Resistance Front of Afghanistan"),
    ("Harkat-ul-Mujahideen militants were blamed for the attack.", "Harkat-ul-Mujahideen militants",
     "Harkat-ul-Mujahideen"),
    ("CPP-NPA rebels ambushed soldiers in Samar.", "CPP-NPA rebels", "NPA: New People's Army"),
    ("Patani insurgents detonated a roadside bomb in Narathiwat.", "Patani insurgents",
     "Malay Muslim Separatists (Thailand)"),
    ("The KKB shot dead two construction workers in Intan Jaya.", "KKB", "OPM: Free Papua Movement"),
    ("Barbecue's gang set fire to houses in Delmas.", "Barbecue's gang", "G9 an Fanmi e Alye"),
    ("Ti Gabriel's gang attacked residents of Cité Soleil.", "Ti Gabriel's gang", "G-Pep"),
    ("Izo's gang opened fire on a bus on National Road 1.", "Izo's gang", "5 Segonn"),
    # state forces named by their junta, paramilitary or operation; Venezuela's intelligence police
    ("The Malian junta's drones struck a wedding near Kidal.", "Malian junta", "Military Forces of Mali"),
    ("Pakistan Rangers violated the ceasefire with heavy mortar shelling.", "Pakistan Rangers",
     "Military Forces of Pakistan"),
    ("Operation Sindoor struck nine sites in Pakistan and Pakistani Kashmir.", "Operation Sindoor",
     "Military Forces of India"),
    ("SEBIN agents detained the opposition lawyer in Caracas.", "SEBIN", "Police Forces of Venezuela"),
    ("Turkish warplanes bombed targets of the banned Kurdish Workers' Party in northern Iraq.",
     "Kurdish Workers' Party", "PKK: Kurdistan Workers' Party"),
    ("The rebel was killed by a missile, according to the FACT commander.", "FACT commander",
     "FACT: Front for Change and Concord in Chad"),
    ("Vectus Global contractors flew drone strikes on gang positions in Cabaret.", "Vectus Global contractors",
     "Vectus Global"),
    # transliterations that used to fall through to a shorter, wrong match
    ("Jaysh al-Fatah fighters captured Idlib city from government forces.", "Jaysh al-Fatah fighters",
     "Jaysh al-Fatah"),
    ("Tehrik-i-Taliban militants attacked a checkpost in Upper Dir.", "Tehrik-i-Taliban militants",
     "TTP: Tehrik-i-Taliban Pakistan"),
    ("The two main rebel factions in Ghouta, Faylaq al-Rahman and Jaish al-Islam, agreed to the truce.",
     "Faylaq al-Rahman", "Faylaq al-Rahman"),
    ("Nour al-Din al-Zenki fighters beheaded a boy in Aleppo.", "Nour al-Din al-Zenki fighters",
     "Nour al-Din al-Zenki Movement"),
    ("Hezb-e-Islami threatened to shell Bagram airfield.", "Hezb-e-Islami", "Hezb-e-Islami"),
    ("al-Qaeda's Yemen branch claimed the attack on the army base in Abyan.", "al-Qaeda's Yemen branch",
     "AQAP: Al Qaeda in the Arabian Peninsula"),
])
def test_finds_added_actor_in_news_sentence(kb, text, span, name):
    assert (span, name) in [(m.text, m.actor.name) for m in kb.find(text)]


@pytest.mark.parametrize(("text", "span", "name"), [
    # South Asia Terrorism Portal summaries drop hyphens and brackets ("NSCN IM", "ULFA I")
    ("Suspected NSCN IM militants attacked a post of the Indian Reserve Battalion in Noney District.",
     "NSCN IM militants", "NSCN-IM: National Socialist Council of Nagaland (Isak-Muivah)"),
    ("A statement issued by the ULFA I claimed responsibility for the blast in Tinsukia.", "ULFA I",
     "ULFA-I: United Liberation Front of Asom (Independent)"),
    ("Two suspected Garo National Liberation Army (GNLA) cadres lobbed grenades at the market.",
     "Garo National Liberation Army", "GNLA: Garo National Liberation Army"),
    ("PLFI cadres set fire to an excavator in Khunti District.", "PLFI cadres",
     "PLFI: People's Liberation Front of India"),
    ("Two Tritiya Prastuti Committee cadres were killed in Palamau District.", "Tritiya Prastuti Committee cadres",
     "TPC: Tritiya Prastuti Committee"),
    ("Two cadres of the Purba Banglar Communist Party were killed in a gunfight with RAB.",
     "Purba Banglar Communist Party", "PBCP: Purba Banglar Communist Party"),
    ("Two activists of the Muttahida Qaumi Movement were shot dead in Karachi.", "Muttahida Qaumi Movement",
     "MQM: Muttahida Qaumi Movement"),
    ("A suicide bomber targeted the Khassadar Force in Khyber Agency.", "Khassadar Force",
     "Police Forces of Pakistan"),
    ("The militants detonated a car bomb at a National Directorate of Security compound in Maidan Shahr.",
     "National Directorate of Security", "Military Forces of Afghanistan"),
    ("In 1975 the Provisional IRA agreed to a truce with the British government.", "Provisional IRA",
     "PIRA: Provisional Irish Republican Army"),
    ("The acting chief of the RUC attended the meeting with army commanders.", "RUC",
     "Police Forces of the United Kingdom"),
])
def test_finds_added_south_asian_and_irish_actors(kb, text, span, name):
    assert (span, name) in [(m.text, m.actor.name) for m in kb.find(text)]


@pytest.mark.parametrize(("text", "unwanted"), [
    # acronyms and words left out of the new rows on purpose: they mean something else in ordinary news
    ("According to the New Mexico State Police (NMSP), the curfew starts at 10 pm.", "NMSP: New Mon State Party"),
    ("He was in Keshma and in September the Khawarij (infidels) tried to capture him.",
     "TTP: Tehrik-i-Taliban Pakistan"),
    ("A Brooklyn gang member was shot outside a deli, New York police said.", "G-Pep"),
    ("The full report can be downloaded as a PDF from the ministry's website.", "PDF: People's Defence Force"),
    ("The CPC Central Committee met in Beijing as PLA troops held drills.", "CPC: Coalition of Patriots for Change"),
    ("The Sinai Province governor said troops had secured the road.", "Islamic State Sinai Province"),
    ("Northern Ireland police said they believe the IRA was behind the attack.",
     "PIRA: Provisional Irish Republican Army"),
])
def test_added_rows_leave_lookalikes_alone(kb, text, unwanted):
    assert unwanted not in _names(kb, text)


@pytest.mark.parametrize(("phrase", "kind"), [
    ("junta troops", "military"), ("regime forces", "military"), ("armed bandits", "armed_group"),
    ("gangs", "armed_group"),
])
def test_generic_descriptions_stay_generic(kb, phrase, kind):
    """"junta troops" serve several juntas (Myanmar, Mali, Burkina Faso, Niger): the country comes from context,
    so they are generic phrases, never a named group."""
    assert kb.generic_kind(phrase) == kind
    assert kb.find(f"On Monday {phrase} attacked the village.") == []


def _actor1(text: str) -> str | None:
    result = next(extract_articles([Article(id="kb", text=text, date=dt.date(2025, 3, 4))], geoparser=None))
    assert result.events, text
    return result.events[0].actor1


@pytest.mark.parametrize(("text", "actor1"), [
    ("SAC troops torched more than 200 houses in Kani township on Tuesday, residents said.",
     "Military Forces of Myanmar"),
    ("Hemedti's forces shelled the Abu Shouk displacement camp near El Fasher on Sunday, killing 12 civilians.",
     "RSF: Rapid Support Forces"),
    ("Amba separatists abducted 15 students from a school in Bamenda on Monday.", "Ambazonian Separatists"),
    ("Patani insurgents detonated a roadside bomb in Narathiwat on Thursday, wounding four rangers.",
     "Malay Muslim Separatists (Thailand)"),
    ("Ti Gabriel's gang attacked residents of Cite Soleil on Tuesday, killing five people.", "G-Pep"),
])
def test_extraction_names_added_actor_as_actor1(text, actor1):
    assert _actor1(text) == actor1


def test_kosovo_which_iso_3166_lacks_has_its_state_forces(kb: ActorKB) -> None:
    # ACLED codes Kosovo (XKX); pycountry does not list it, demonyms.csv does
    assert kb.by_name("Police Forces of Kosovo") is not None
    assert kb.by_name("Military Forces of Kosovo") is not None
    text = "Kosovar police clashed with Serb protesters outside the municipal building in Zvecan on Monday."
    assert "Police Forces of Kosovo" in _names(kb, text)
