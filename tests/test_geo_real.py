"""The real gazetteer (built from the installed packages on first use, ~40 s): named lookups,
real sentences and the coordinates-inside-their-country property."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.geo import load_geoparser
from eventwire.geo.bounds import inside_country
from eventwire.geo.build import CURATED_DIR
from eventwire.geo.gazetteer import Gazetteer, open_gazetteer
from eventwire.geo.geoparser import GazetteerGeoparser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return open_gazetteer()


@pytest.fixture(scope="module")
def parser() -> GazetteerGeoparser:
    return load_geoparser()


@pytest.mark.parametrize(
    ("name", "iso3", "lat", "lon"),
    [
        ("Ovda Air Base", "ISR", 29.94, 34.94),
        ("Khan Younis", "PSE", 31.34, 34.31),
        ("Nuseirat camp", "PSE", 31.45, 34.39),
        ("Kerem Shalom crossing", "ISR", 31.22, 34.28),
        ("Pokrovsk", "UKR", 48.28, 37.18),
        ("El Fasher", "SDN", 13.63, 25.35),
        ("Tower 22", "JOR", 33.32, 38.72),
        ("Bab el-Mandeb", None, 12.58, 43.33),
    ],
)
def test_named_conflict_places_come_first(
    gaz: Gazetteer, name: str, iso3: str | None, lat: float, lon: float
) -> None:
    best = gaz.lookup(name, limit=1)[0]
    assert best.iso3 == iso3 or iso3 is None
    assert abs(best.latitude - lat) < 0.2 and abs(best.longitude - lon) < 0.2


def test_lookup_is_an_index_hit(gaz: Gazetteer) -> None:
    import time

    gaz.lookup("Kharkiv")
    t0 = time.perf_counter()
    for name in ("Kharkiv", "Rafah", "Texas", "Odessa", "Kyiv", "Mosul", "Goma", "Aleppo"):
        assert gaz.lookup(name)
    assert time.perf_counter() - t0 < 0.5


def _toponyms(parser: GazetteerGeoparser, text: str) -> dict[str, tuple[str | None, int]]:
    return {t.text: (t.place.iso3, t.place.precision) for t in parser.parse(text) if t.place}


def test_real_sentences(parser: GazetteerGeoparser) -> None:
    found = _toponyms(parser, "Israeli airstrikes hit Rafah and Khan Younis in southern Gaza.")
    assert found["Rafah"][0] == found["Khan Younis"][0] == "PSE"
    assert _toponyms(parser, "Russian missiles struck Kharkiv overnight.")["Kharkiv"] == ("UKR", 1)
    text = "Turkey shelled Kurdish positions near Qamishli, the Syrian Observatory said."
    located = parser.locate_event(text, parser.parse(text), sentence=(0, len(text)), anchor=(7, 14))
    assert located is not None and located.place.iso3 == "SYR" and located.place.precision == 2


def test_us_local_news(parser: GazetteerGeoparser) -> None:
    text = (
        "Alexandria woman charged in connection with Kelleyland fire. Chiquita Henry, 19, of Alexandria "
        "was arrested. Both the Sheriff's Office and Rapides Parish Fire District 2 investigated."
    )
    found = {t.text: t.place for t in parser.parse(text) if t.place}
    assert found["Alexandria"].admin1 == "Louisiana"
    assert found["Rapides Parish"].feature_code == "ADM2"


def test_iraqi_group_strike_on_israel(parser: GazetteerGeoparser) -> None:
    text = "The Islamic Resistance in Iraq said it targeted Ovda Air Base in southern Israel with drones."
    anchor = text.index("targeted")
    located = parser.locate_event(
        text, parser.parse(text), sentence=(0, len(text)), anchor=(anchor, anchor + 8)
    )
    assert located is not None and located.place.name == "Ovda Air Base" and located.place.iso3 == "ISR"


def _curated_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted(CURATED_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows.extend(r for r in csv.DictReader(fh) if (r.get("country_iso2") or "").strip())
    return rows


def _inside_towns_box(gaz: Gazetteer, iso2: str, lat: float, lon: float, margin: float = 0.5) -> bool:
    box = gaz.country_box(iso2)
    return (
        box is not None
        and box[0] - margin <= lat <= box[1] + margin
        and box[2] - margin <= lon <= box[3] + margin
    )


def test_curated_places_lie_inside_their_country(gaz: Gazetteer) -> None:
    bad = []
    for row in _curated_rows():
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            continue
        iso2 = row["country_iso2"].strip()
        # countryinfo outlines miss some islands (Socotra): the country's own towns widen the box.
        if inside_country(iso2, lat, lon) is False and not _inside_towns_box(gaz, iso2, lat, lon):
            bad.append((row["id"], row["country_iso2"], lat, lon))
    assert not bad, f"curated places outside their country's bounds: {bad}"


@pytest.fixture(scope="module")
def resolved_sample(parser: GazetteerGeoparser, shared_dir: Path) -> list[tuple[str, str, float, float]]:
    out = []
    with (shared_dir / "data" / "geoparse" / "gwn.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 40:
                break
            for t in parser.parse(json.loads(line)["text"]):
                p = t.place
                if p and p.iso3 and p.geonameid and p.latitude is not None and p.longitude is not None:
                    iso2 = (
                        parser.gazetteer.by_id(p.geonameid)
                        if p.geonameid.startswith(("gn:", "cur:"))
                        else None
                    )
                    cand = iso2 or parser.gazetteer.by_id(f"gn:{p.geonameid}")
                    if cand and cand.country_iso2:
                        out.append((t.text, cand.country_iso2, p.latitude, p.longitude))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_resolved_coordinates_lie_inside_their_country(data: st.DataObject, resolved_sample: list) -> None:
    text, iso2, lat, lon = data.draw(st.sampled_from(resolved_sample))
    assert inside_country(iso2, lat, lon, margin=1.0) is not False, (text, iso2, lat, lon)


def test_demonym_before_a_site_does_not_hide_it(parser: GazetteerGeoparser) -> None:
    text = "The first operation targeted the Israeli Ovda Air Base with drones on March 26."
    anchor = text.index("targeted")
    located = parser.locate_event(
        text, parser.parse(text), sentence=(0, len(text)), anchor=(anchor, anchor + 8)
    )
    assert located is not None and located.place.name == "Ovda Air Base"


def _event_place(parser: GazetteerGeoparser, text: str, trigger: str):  # noqa: ANN202
    i = text.index(trigger)
    return parser.locate_event(
        text, parser.parse(text), sentence=(0, len(text)), anchor=(i, i + len(trigger))
    )


def test_event_location_prefers_the_site_and_skips_actors(parser: GazetteerGeoparser) -> None:
    camp = _event_place(
        parser, "An Israeli airstrike on the Nuseirat camp in central Gaza killed 12.", "airstrike"
    )
    assert camp is not None and camp.place.name == "Nuseirat camp" and camp.place.precision == 1
    origin = _event_place(parser, "Rockets fired from Lebanon hit Kiryat Shmona on Tuesday.", "hit")
    assert origin is not None and origin.place.iso3 == "ISR"
    assert _event_place(parser, "Turkey shelled Kurdish positions.", "shelled") is None
    region = _event_place(parser, "Hezbollah fired rockets at northern Israel.", "fired")
    assert region is not None and (region.place.name, region.place.precision) == ("Israel", 3)
