"""Benchmark of `eventwire serve` (not a test): a generated store of N events, then /api/v1/events pages
under C concurrent clients on 127.0.0.1, each request's latency measured; p50/p95/p99 per query.

    .venv/bin/python benchmarks/serve_bench.py [--events 100000] [--clients 20] [--requests 4000] [--db PATH]

The store is generated straight into the tables (one cluster per event: fusion is not what is measured),
with the demo corpus's shapes: 40 places in 20 countries, ACLED types, 6 evidence spans per event. The
load loop is bounded in requests and in time, talks only to 127.0.0.1, and stops the server it started.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from eventwire.fuse.cluster import single
from eventwire.model import Event, Evidence
from eventwire.store import open_store, schema
from eventwire.store.fusion import cluster_row

PLACES = [  # (location, country, iso3, lat, lon)
    ("Kharkiv", "Ukraine", "UKR", 49.98, 36.25), ("Kyiv", "Ukraine", "UKR", 50.45, 30.52),
    ("Odesa", "Ukraine", "UKR", 46.48, 30.73), ("Khartoum", "Sudan", "SDN", 15.50, 32.56),
    ("El Fasher", "Sudan", "SDN", 13.63, 25.35), ("Gaza City", "Palestine", "PSE", 31.50, 34.47),
    ("Khan Younis", "Palestine", "PSE", 31.34, 34.30), ("Beni", "Democratic Republic of Congo", "COD", 0.49, 29.47),
    ("Goma", "Democratic Republic of Congo", "COD", -1.68, 29.22), ("Mogadishu", "Somalia", "SOM", 2.04, 45.34),
    ("Maiduguri", "Nigeria", "NGA", 11.85, 13.16), ("Gao", "Mali", "MLI", 16.27, -0.04),
    ("Ouagadougou", "Burkina Faso", "BFA", 12.37, -1.52), ("Sanaa", "Yemen", "YEM", 15.37, 44.19),
    ("Taiz", "Yemen", "YEM", 13.58, 44.02), ("Aleppo", "Syria", "SYR", 36.20, 37.13),
    ("Idlib", "Syria", "SYR", 35.93, 36.63), ("Mosul", "Iraq", "IRQ", 36.34, 43.13),
    ("Baghdad", "Iraq", "IRQ", 33.31, 44.36), ("Port-au-Prince", "Haiti", "HTI", 18.59, -72.31),
    ("Mandalay", "Myanmar", "MMR", 21.97, 96.08), ("Sittwe", "Myanmar", "MMR", 20.15, 92.90),
    ("Tripoli", "Libya", "LBY", 32.89, 13.19), ("Benghazi", "Libya", "LBY", 32.12, 20.09),
    ("Peshawar", "Pakistan", "PAK", 34.01, 71.58), ("Quetta", "Pakistan", "PAK", 30.18, 66.98),
    ("Kabul", "Afghanistan", "AFG", 34.53, 69.17), ("Beirut", "Lebanon", "LBN", 33.89, 35.50),
    ("Tyre", "Lebanon", "LBN", 33.27, 35.20), ("Bamenda", "Cameroon", "CMR", 5.96, 10.15),
    ("Juba", "South Sudan", "SSD", 4.85, 31.58), ("Bangui", "Central African Republic", "CAF", 4.36, 18.56),
    ("Culiacan", "Mexico", "MEX", 24.80, -107.39), ("Medellin", "Colombia", "COL", 6.25, -75.56),
    ("Cabo Delgado", "Mozambique", "MOZ", -12.33, 39.32), ("Tigray", "Ethiopia", "ETH", 14.03, 38.32),
    ("Niamey", "Niger", "NER", 13.51, 2.11), ("Tel Aviv", "Israel", "ISR", 32.08, 34.78),
    ("Belgorod", "Russia", "RUS", 50.60, 36.59), ("Kursk", "Russia", "RUS", 51.73, 36.19),
]
TYPES = [  # (event_type, sub_event_type, disorder_type)
    ("Battles", "Armed clash", "Political violence"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence"),
    ("Violence against civilians", "Attack", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Strategic developments", "Looting/property destruction", "Strategic developments"),
]
ACTORS = ["Military Forces of Russia", "RSF: Rapid Support Forces", "Hamas", "Al Shabaab", "JNIM",
          "Military Forces of Israel", "Houthis (Ansar Allah)", "ISWAP", "M23: March 23 Movement", "Protesters"]
TEXT = ("{actor} forces carried out a {sub} in {place} on Tuesday, killing {n} people, officials said. "
        "Witnesses described heavy damage near the market. The attack was the latest in a series of "
        "incidents in {country} this month, according to local media reports.")


def generate(db: Path, n: int, seed: int = 7) -> None:
    """A store of ``n`` events (two per article) written straight into the tables."""
    rng = random.Random(seed)
    store = open_store(str(db))
    with store.write() as conn:
        conn.execute(sa.insert(schema.runs).values(run_id="bench", started_at="2026-01-01T00:00:00+00:00",
                                                  eventwire_version="bench", extractor_version="bench",
                                                  model_version="bench", gazetteer_version="bench", config_hash="bench"))
    chunk = 5000
    for lo in range(0, n, chunk):
        articles, events, evidence, clusters, sources = [], [], [], [], []
        for i in range(lo, min(lo + chunk, n)):
            place, (etype, sub, disorder) = rng.choice(PLACES), rng.choice(TYPES)
            actor, day = rng.choice(ACTORS), 19_000 + rng.randrange(730)
            date = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
            deaths = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 30])
            text = TEXT.format(actor=actor, sub=sub.lower(), place=place[0], n=deaths or "no", country=place[1])
            article_id = f"a-bench-{i // 2:07d}"
            if i % 2 == 0:
                articles.append({"id": article_id, "version": 1, "text_hash": str(i), "text": text, "title": None,
                                 "url": None, "source": "Bench Wire", "date": date, "date_source": "given",
                                 "origin": "bench", "line": None, "metadata": None, "status": "ingested",
                                 "reason": None, "run_id": "bench", "ingested_at": "2026-01-01T00:00:00+00:00"})
            spans = [("actor1", actor), ("sub_event_type", sub.lower()), ("location", place[0]),
                     ("event_date", "Tuesday"), ("fatalities", f"killing {deaths or 'no'} people"), ("country", place[1])]
            ev = tuple(Evidence(start=text.index(t), end=text.index(t) + len(t), text=t, field=f, rule="bench")
                       for f, t in spans)
            precision = rng.choice([1, 1, 1, 2, 3])
            event = Event(event_id=f"{i:016x}", article_id=article_id, event_date=date, time_precision=1,
                          disorder_type=disorder, event_type=etype, sub_event_type=sub, actor1=actor,
                          location=place[0], country=place[1], iso3=place[2],
                          latitude=place[3] + rng.uniform(-0.6, 0.6), longitude=place[4] + rng.uniform(-0.6, 0.6),
                          geo_precision=precision, fatalities=deaths, evidence=ev, confidence=rng.uniform(0.4, 0.99),
                          notes=f"On {date}, {actor} {sub.lower()} at {place[0]} ({place[1]}).", extractor_version="bench")
            columns = ("event_date", "country", "iso3", "event_type", "sub_event_type", "actor1", "actor2",
                       "assoc_actor_1", "assoc_actor_2", "location", "notes", "latitude", "longitude", "fatalities")
            events.append({**{c: getattr(event, c) for c in columns}, "event_id": event.event_id,
                           "article_id": article_id, "article_version": 1, "run_id": "bench",
                           "data": json.dumps(event.to_dict(), ensure_ascii=False)})
            evidence += [{"event_id": event.event_id, "start": e.start, "end": e.end, "text": e.text,
                          "field": e.field, "rule": e.rule} for e in ev]
            clusters.append(cluster_row(single(event)))
            sources.append({"event_id": event.event_id, "cluster_id": event.event_id, "article_id": article_id})
        with store.write() as conn:
            for table, rows in ((schema.articles, articles), (schema.events, events), (schema.evidence, evidence),
                                (schema.clusters, clusters), (schema.event_sources, sources)):
                if rows:
                    conn.execute(sa.insert(table), rows)
    with store.write() as conn:
        conn.exec_driver_sql("ANALYZE")
    store.close()


QUERIES = {
    "no filter": {},
    "country": {"country": "Sudan"},
    "type + dates": {"type": "Battles", "since": "2022-06-01", "until": "2022-12-31"},
    "sub_type": {"sub_type": "Air/drone strike"},
    "actor": {"actor": "Shabaab"},
    "bbox": {"bbox": "29,44,41,53"},
    "near": {"near": "15.5,32.56,100"},
    "fused + country": {"fused": "true", "country": "Ukraine"},
    "page 50 (cursor)": None,  # filled in: a cursor 50 pages deep
}


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, bytes]:
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return time.perf_counter() - start, response.status, body


def load(port: int, clients: int, requests: int, limit_s: float) -> dict[str, list[float]]:
    paths = {name: f"/api/v1/events?{urlencode({**q, 'limit': 100})}" for name, q in QUERIES.items() if q is not None}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cursor = None
    for _ in range(50):
        _, _, body = _get(conn, "/api/v1/events?limit=100" + (f"&cursor={cursor}" if cursor else ""))
        cursor = json.loads(body)["next_cursor"]
    paths["page 50 (cursor)"] = f"/api/v1/events?limit=100&cursor={cursor}"
    names = list(paths)
    times: dict[str, list[float]] = {name: [] for name in names}
    errors: list[str] = []
    deadline = time.monotonic() + limit_s
    lock = threading.Lock()

    def client(k: int) -> None:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for j in range(requests // clients):
            if time.monotonic() > deadline:
                break
            name = names[(k + j) % len(names)]
            took, status, _ = _get(c, paths[name])
            with lock:
                (times[name].append(took) if status == 200 else errors.append(f"{name}: {status}"))
        c.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    total = sum(len(v) for v in times.values())
    print(f"{total} requests in {wall:.1f} s ({total / wall:.0f}/s), {len(errors)} errors {errors[:3]}")
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=120.0, help="stop the load after this long anyway")
    parser.add_argument("--db", type=Path, default=Path("bench-serve.db"))
    args = parser.parse_args()
    if not args.db.exists():
        started = time.perf_counter()
        generate(args.db, args.events)
        print(f"generated {args.events:,} events into {args.db} in {time.perf_counter() - started:.0f} s")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "EVENTWIRE_TOKEN"}
    server = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(args.db), "--port", str(port)],
                              env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for name, path in (("points (all)", "/api/v1/points"), ("points (half)", "/api/v1/points?since=2023-01-08"),
                           ("stats (all)", "/api/v1/stats")):
            took, status, body = _get(conn, path)
            count = json.loads(body).get("count", json.loads(body).get("events"))
            print(f"{name:<16} {took * 1000:7.0f} ms  {count:,} events, {len(body) / 1e6:.1f} MB (status {status})")
        one = {name: _get(conn, f"/api/v1/events?{urlencode({**q, 'limit': 100})}")[0] * 1000
               for name, q in QUERIES.items() if q is not None}
        # A substring search reads every evidence span (no full-text index): measured alone, not in the mix.
        for needle in ("Kharkiv", "no-such-words"):
            runs = sorted(_get(conn, f"/api/v1/events?limit=100&text={needle}")[0] * 1000 for _ in range(3))
            print(f"text={needle:<14} {runs[1]:7.0f} ms (median of 3, one client)")
        times = load(port, args.clients, args.requests, args.seconds)
        print(f"\n{'query (page of 100)':<20} {'alone':>8} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}   ms, {args.clients} clients")
        for name, values in times.items():
            if values:
                alone = f"{one[name]:8.1f}" if name in one else "       -"
                print(f"{name:<20} {alone} {len(values):6d} {pct(values, .5):8.1f} {pct(values, .95):8.1f} {pct(values, .99):8.1f}")
        every = [v for values in times.values() for v in values]
        print(f"{'all':<20} {'':>8} {len(every):6d} {pct(every, .5):8.1f} {pct(every, .95):8.1f} {pct(every, .99):8.1f}")
        print(f"mean {statistics.mean(every) * 1000:.1f} ms")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
