"""Issue 10's speed bounds on the real gazetteer: a warm process loads the geoparser and parses a
sentence well under a second (bound 2 s: the machine is shared), and a gazetteer lookup answers in
milliseconds. The first call builds the caches when this machine has none (a minute, once)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from eventwire.geo import load_geoparser
from eventwire.geo.gazetteer import Gazetteer, open_gazetteer

pytestmark = pytest.mark.slow

WARM_LOAD_BOUND_S = 2.0
LOOKUP_BOUND_S = 0.05
SENTENCE = "Israeli airstrikes hit Rafah and Khan Younis in southern Gaza; clashes near Aleppo, Syria."
_LOAD = f"""
import json, sys
from eventwire.geo import load_geoparser
names = [t.text for t in load_geoparser().parse({SENTENCE!r})]
heavy = sorted(m for m in ("pandas", "sklearn", "spacy", "onnxruntime") if m in sys.modules)
print(json.dumps({{"names": names, "heavy": heavy}}))
"""


def _warm_process() -> tuple[float, dict[str, list[str]]]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True, timeout=60)
    return time.perf_counter() - start, json.loads(done.stdout)


def test_a_warm_process_loads_the_geoparser_under_the_bound() -> None:
    expected = [t.text for t in load_geoparser().parse(SENTENCE)]  # builds the caches if missing
    runs = [_warm_process() for _ in range(3)]
    best = min(seconds for seconds, _ in runs)
    assert best < WARM_LOAD_BOUND_S, f"warm geoparser load took {best:.2f} s"
    for _, out in runs:
        assert out["names"] == expected
        assert out["heavy"] == []  # no training code, no NLP pipeline


def test_a_gazetteer_lookup_answers_in_milliseconds() -> None:
    path = open_gazetteer().path

    def first_lookup() -> float:
        gazetteer = Gazetteer(path)  # a fresh connection: the country names are read again
        start = time.perf_counter()
        assert gazetteer.lookup("Aleppo")[0].country == "Syria"
        seconds = time.perf_counter() - start
        gazetteer.close()
        return seconds

    best = min(first_lookup() for _ in range(3))
    assert best < LOOKUP_BOUND_S, f"gazetteer lookup took {best * 1000:.0f} ms"
