"""Containing units on conflict reports (issue 10), in the style of ACLED notes from many countries:
"X township (Y District, Z State)", "X, Y province", "in rural X in Y", "X district, Y". The place is the
smallest one the text names that the gazetteer knows, inside the units written after it: never a
namesake abroad (Lala, India for "Lala, Djugu territory, Ituri"; Algeria for "Argelia, Cauca") nor one
in another province of the same country; an unknown village gives its named unit at precision 2 or 3.

The sentences were written for these tests (none comes from a golden set); the gold points are the
places' own coordinates (GeoNames), the unit cases name the unit that must place the event. Whole
sentences through the whole pipeline, on the real gazetteer."""

from __future__ import annotations

import pytest

from eventwire.api.library import extract_text
from eventwire.geo.distance import haversine_km
from eventwire.model import Event

pytestmark = pytest.mark.slow


def _top(text: str) -> Event:
    events = extract_text(text, date="2024-09-12")
    assert events, f"no event in {text!r}"
    return events[0]


# (sentence, iso3, gold (lat, lon) and km allowed, geo precision or None when either is fine)
PLACED = [
    pytest.param("On 3 March, Tatmadaw troops torched houses in Kyauk Hmaw Gyi village, Kanbalu township "
                 "(Shwebo District, Sagaing Region).", "MMR", (23.20, 95.52), 25, 2, id="mm-kanbalu-township"),
    pytest.param("On 5 May, the PDF ambushed a military column near Taw Bon Ywar village in Myinmu township "
                 "(Sagaing District, Sagaing Region), killing four soldiers.", "MMR", (21.93, 95.58), 60, 2,
                 id="mm-unknown-village-township"),
    pytest.param("On 12 July, TNLA and military troops clashed near Nant Hpar village in Kyaukme township "
                 "(Kyaukme District, Shan State).", "MMR", (22.54, 97.03), 25, 2, id="mm-namesake-in-other-region"),
    pytest.param("On 8 May, the RSF attacked Um Sadeira village, Um Rawaba locality, North Kordofan state, "
                 "killing 12 civilians.", "SDN", (12.91, 31.22), 25, 2, id="sd-locality"),
    pytest.param("On 14 June, RSF artillery shelled Abu Shouk camp in El Fasher, North Darfur, killing five "
                 "displaced people.", "SDN", (13.63, 25.35), 15, None, id="sd-camp-of-town"),
    pytest.param("On 2 February, armed youth attacked cattle keepers in Marial Lou payam, Tonj North county, "
                 "Warrap state, killing eight.", "SSD", (7.27, 28.68), 60, None, id="ss-payam-county"),
    pytest.param("On 10 April, ADF rebels killed 14 civilians in Mapobu village, Beni territory, North Kivu "
                 "province.", "COD", (0.49, 29.47), 25, 2, id="cd-beni-territory"),
    pytest.param("On 22 January, CODECO militiamen attacked a displacement site at Lala, Djugu territory, "
                 "Ituri, killing 18 people.", "COD", (1.92, 30.50), 40, 2, id="cd-namesake-before-territory"),
    pytest.param("On 6 March, Boko Haram fighters attacked Mafa Kura village in Mafa LGA, Borno state, killing "
                 "three farmers.", "NGA", (11.92, 13.60), 25, 2, id="ng-lga"),
    pytest.param("On 1 August, ISWAP militants attacked a military base in Bama, Borno state, killing two "
                 "soldiers.", "NGA", (11.52, 13.69), 15, 1, id="ng-bama-namesake"),
    pytest.param("On 5 May, herdsmen killed seven farmers in Guma LGA on Sunday, residents said.",
                 "NGA", (7.967, 8.767), 25, 2, id="ng-lga-not-goma-philippines"),
    pytest.param("On 9 September, bandits abducted 20 villagers in rural Maru in Zamfara state.",
                 "NGA", (12.33, 6.40), 25, 2, id="ng-rural-maru"),
    pytest.param("On 14 April, gunmen killed nine villagers in Bokkos LGA, Plateau state.",
                 "NGA", (9.30, 8.99), 25, 2, id="ng-bokkos-lga"),
    pytest.param("On 4 April, JNIM militants attacked a VDP post in Tondiata, Soum province, killing seven "
                 "volunteers.", "BFA", (14.10, -1.45), 60, 2, id="bf-unknown-village-province"),
    pytest.param("On 18 May, unidentified gunmen killed four civilians in Bourzanga commune, Bam province.",
                 "BFA", (13.68, -1.55), 20, 2, id="bf-commune"),
    pytest.param("On 11 March, FAMa and Wagner forces killed civilians in Ouenkoro, Bankass cercle, Mopti "
                 "region.", "MLI", (14.08, -3.52), 40, 2, id="ml-cercle"),
    pytest.param("On 30 June, JNIM fighters clashed with Dozo hunters near Dogofry village in Niono cercle, "
                 "Segou region.", "MLI", (14.25, -5.99), 40, 2, id="ml-niono-cercle"),
    pytest.param("On 15 March, IS Sahel militants killed nine civilians in Tiloa commune, Abala department, "
                 "Tillaberi region.", "NER", (14.94, 3.43), 25, 2, id="ne-department"),
    pytest.param("On 7 July, al-Shabaab militants attacked an SNA base in Bariire village, Afgoye district, "
                 "Lower Shabelle region.", "SOM", (2.14, 45.12), 25, 2, id="so-district"),
    pytest.param("On 19 February, al-Shabaab fighters clashed with clan militia in Moqokori, Bulo Burto "
                 "district, Hiraan region.", "SOM", (3.85, 45.57), 15, 2, id="so-district-by-its-news-spelling"),
    pytest.param("On 24 March, Fano militia clashed with ENDF troops in Debre Sina town, Kewet woreda, North "
                 "Shewa zone, Amhara region.", "ETH", (9.85, 39.76), 15, None, id="et-town-woreda-zone"),
    pytest.param("On 2 May, OLA fighters killed five civilians in Gida Ayana woreda, East Wollega zone, Oromia "
                 "region.", "ETH", (9.88, 36.62), 25, 2, id="et-woreda"),
    pytest.param("On 12 January, Houthi forces shelled residential areas in Hays district, Hodeidah "
                 "governorate, killing a child.", "YEM", (13.93, 43.48), 25, 2, id="ye-hays-district"),
    pytest.param("On 25 April, Houthi drones struck a government position in Sirwah district, Marib, killing "
                 "two soldiers.", "YEM", (15.45, 45.02), 25, 2, id="ye-sirwah-district"),
    pytest.param("On 3 October, regime shelling hit Kafr Nouran in rural Aleppo, killing two civilians.",
                 "SYR", (36.20, 37.16), 60, 2, id="sy-rural-aleppo"),
    pytest.param("On 18 November, unidentified gunmen killed a former opposition fighter in Nahta, in rural "
                 "Daraa.", "SYR", (32.62, 36.10), 60, 2, id="sy-rural-daraa"),
    pytest.param("On 9 June, ISIS militants attacked a PMF checkpoint near Albu Mohammed village, Tuz Khurmatu "
                 "district, Salah al-Din province.", "IRQ", (34.89, 44.63), 25, 2, id="iq-district"),
    pytest.param("On 14 August, Taliban fighters attacked ANA checkpoints in Nad Ali district, Helmand "
                 "province, killing five soldiers.", "AFG", (31.64, 64.24), 25, 2, id="af-nad-ali"),
    pytest.param("On 2 June, an airstrike hit Karez Wazir village, Sangin district, Helmand, killing four "
                 "civilians.", "AFG", (32.07, 64.84), 25, 2, id="af-unknown-village-district"),
    pytest.param("On 21 April, militants attacked a security post in Mir Ali tehsil, North Waziristan district, "
                 "Khyber Pakhtunkhwa, killing two soldiers.", "PAK", (33.0, 70.27), 25, 2, id="pk-tehsil"),
    pytest.param("On 3 August, Russian forces shelled Kurakhove, Pokrovsk raion, Donetsk oblast, injuring "
                 "three civilians.", "UKR", (47.98, 37.28), 15, 1, id="ua-town-raion"),
    pytest.param("On 16 September, Russian artillery struck a village in Kupiansk district, Kharkiv oblast, "
                 "killing one civilian.", "UKR", (49.71, 37.62), 25, 2, id="ua-district"),
    pytest.param("On 5 November, Israeli forces raided Qabatiya, Jenin governorate, and killed a Palestinian "
                 "man.", "PSE", (32.41, 35.28), 10, 1, id="ps-governorate"),
    pytest.param("On 20 May, an Israeli airstrike hit a house in Beit Lahia, North Gaza, killing 11 people.",
                 "PSE", (31.55, 34.50), 10, 1, id="ps-north-gaza"),
    pytest.param("On 7 February, CJNG gunmen attacked a police patrol in Aguililla municipality, Michoacan, "
                 "killing six officers.", "MEX", (18.74, -102.79), 25, 2, id="mx-municipality"),
    pytest.param("On 22 March, armed men killed five people at a bar in Salvatierra, Guanajuato.",
                 "MEX", (20.22, -100.88), 15, 1, id="mx-town-state"),
    pytest.param("On 28 June, FARC dissidents attacked a police station in Argelia, Cauca department, killing "
                 "a police officer.", "COL", (2.26, -77.25), 25, None, id="co-argelia-not-algeria"),
    pytest.param("On 3 May, FARC dissidents attacked a police station in Buenos Aires, Cauca department, "
                 "wounding two officers.", "COL", (3.01, -76.65), 25, None, id="co-buenos-aires-cauca"),
    pytest.param("On 11 October, ELN rebels clashed with FARC dissidents in rural El Tambo in Cauca.",
                 "COL", (2.45, -76.81), 25, 2, id="co-rural-el-tambo"),
    pytest.param("On 19 August, ELN fighters clashed with the army in rural Toledo in Norte de Santander.",
                 "COL", (7.31, -72.48), 25, 2, id="co-toledo-not-spain"),
    pytest.param("On 4 May, Amba separatists killed two gendarmes in Kumbo, Bui division, North-West region.",
                 "CMR", (6.20, 10.67), 15, None, id="cm-division"),
    pytest.param("On 30 January, NPA rebels ambushed soldiers in Barcelona, Sorsogon province, killing one "
                 "soldier.", "PHL", (12.87, 124.14), 25, None, id="ph-barcelona-not-spain"),
    pytest.param("On 1 April, Maoists ambushed CRPF troops in a forest near Tekalguda village, Sukma district, "
                 "Chhattisgarh, killing three troopers.", "IND", (18.39, 81.66), 25, 2, id="in-sukma-district"),
    pytest.param("On 6 September, armed men attacked a relief camp in Churachandpur district, Manipur, injuring "
                 "two people.", "IND", (24.33, 93.67), 25, 2, id="in-district-state"),
]


@pytest.mark.parametrize(("text", "iso3", "gold", "km", "precision"), PLACED)
def test_the_place_lies_in_the_units_the_text_names(
    text: str, iso3: str, gold: tuple[float, float], km: float, precision: int | None
) -> None:
    event = _top(text)
    assert event.iso3 == iso3, f"{event.location!r} in {event.iso3}"
    assert event.latitude is not None and event.longitude is not None
    assert haversine_km(event.latitude, event.longitude, *gold) <= km, \
        f"{event.location!r} at {event.latitude},{event.longitude}"
    if precision is not None:
        assert event.geo_precision == precision


# (sentence, iso3, the unit that must place the event, geo precision): the village or town before it is
# one the gazetteer does not hold
FALLBACK = [
    pytest.param("On 20 June, junta aircraft bombed a monastery in rural Depayin in Sagaing Region, killing "
                 "six civilians.", "MMR", "Sagaing", 3, id="mm-rural-unknown-township"),
    pytest.param("On 11 June, al-Shabaab fighters attacked a clan militia base in Moqokori, in Galgaduud "
                 "region.", "SOM", "Galgaduud", 3, id="so-region-by-its-news-spelling"),
    pytest.param("On 13 March, gang members attacked residents in Canaan, Ouest department, killing four "
                 "people.", "HTI", "Ouest", 3, id="ht-department"),
    pytest.param("On 17 August, ISIS-Mozambique insurgents beheaded three civilians in Nangunde village, "
                 "Muidumbe district, Cabo Delgado province.", "MOZ", "Cabo Delgado", 3, id="mz-province"),
    pytest.param("On 26 February, JNIM militants attacked an army convoy near the town of Boni in central "
                 "Mali.", "MLI", "Mali", 3, id="ml-boni-not-bonn"),
    pytest.param("On 9 March, BIFF militants clashed with the Philippine army in Datu Hoffer Ampatuan, "
                 "Maguindanao del Sur.", "PHL", "Maguindanao del Sur", 2, id="ph-province"),
]


@pytest.mark.parametrize(("text", "iso3", "unit", "precision"), FALLBACK)
def test_an_unknown_place_falls_back_to_its_named_unit(text: str, iso3: str, unit: str, precision: int) -> None:
    event = _top(text)
    assert event.iso3 == iso3, f"{event.location!r} in {event.iso3}"
    assert event.location == unit
    assert event.geo_precision == precision


def test_districts_without_towns_of_their_own_are_in_the_gazetteer() -> None:
    """Sudan's and Somalia's districts: GeoNames holds them, but none of their towns is coded in them."""
    from eventwire.geo import load_geoparser

    gazetteer = load_geoparser().gazetteer
    kutum = [c for c in gazetteer.lookup("Kutum District") if c.kind == "admin2"]
    assert kutum and kutum[0].country_iso2 == "SD" and kutum[0].admin1 == "North Darfur"
    assert haversine_km(kutum[0].latitude, kutum[0].longitude, 14.2, 24.67) < 10  # at Kutum, its seat
    el_bur = [c for c in gazetteer.lookup("Ceel Buur") if c.kind == "admin2"]
    assert el_bur and el_bur[0].country_iso2 == "SO"
