"""Bounded load test of ``conflictwatch serve`` on 127.0.0.1 (SQLite or PostgreSQL): mixed queries and edits.

    .venv/bin/python benchmarks/load_test.py                      # 50 clients, 60 s, SQLite
    .venv/bin/python benchmarks/load_test.py --workers 2          # two server processes
    .venv/bin/python benchmarks/load_test.py --clients 10 --duration 10 --events 5000
    bash scripts/with_postgres.sh sh -c '.venv/bin/python benchmarks/load_test.py --build-into "$CONFLICTWATCH_TEST_PG_URL"'

Builds a database (the bundled examples run through the pipeline, plus a synthetic ACLED-style export of
``--events`` events), starts the server in a subprocess, and runs ``--clients`` asyncio/httpx clients for
``--duration`` seconds: each client is a reader (random filtered queries: list, points, facets, networks, one
event, CSV) or, for every ``--edit-every``-th client, an analyst (corrections and confirm/reject on events of
its own, each checked after the run).  Like a person at a dashboard (and like locust's ``wait_time``), a client
waits ``--think`` seconds (uniform between the two bounds; default 0.5-1.5 s) between its requests, so 50
clients offer ~50 requests/s; ``--think 0`` makes each client fire back to back (a saturation test: it measures
the server's capacity, and latency is then queueing time).  Prints errors, latency percentiles and whether every accepted edit
persisted; exits 1 when a target is missed (zero errors, p99 < 200 ms for queries, every edit persisted).

The server runs with ``CONFLICTWATCH_RATE_LIMIT=off`` (all clients share 127.0.0.1, so the per-address limit
would answer 429 by design); ``--rate-limit 1200/60`` measures with it on.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import httpx

try:
    import uvloop
except ImportError:  # pragma: no cover - uvicorn[standard] brings it
    uvloop = None

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@dataclass
class Stats:
    query_ms: list[float] = field(default_factory=list)
    by_route: dict[str, list[float]] = field(default_factory=dict)  # route -> latencies (ms)
    edit_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    edits: dict[str, int] = field(default_factory=dict)  # event id -> last accepted fatalities
    statuses: dict[str, str] = field(default_factory=dict)  # event id -> last accepted review status
    accepted_edits: int = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_db(work: Path, n_events: int, url: Optional[str] = None) -> str | Path:
    from conflictwatch.store import Store
    from conflictwatch.sources.acled import import_acled
    from conflictwatch.workflow import bundled_examples, default_pipeline, run
    from tests.reliability.crash import write_acled

    db = url or work / "load.db"
    with Store.open(db) as store:
        run([bundled_examples()], store, default_pipeline())
        export = work / "synthetic.csv"
        write_acled(export, n_events)
        import_acled(store, export)
    return db


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


QUERIES = (
    lambda r, ids: ("/api/events", {"limit": r.choice([20, 100]), "country": "Burkina Faso"}),
    lambda r, ids: ("/api/events", {"from": f"2020-{r.randint(1, 12):02d}-01", "to": "2020-12-31", "limit": 50}),
    lambda r, ids: ("/api/events", {"actor": r.choice(["JNIM", "Military", "zzz"]), "limit": 50}),
    lambda r, ids: ("/api/events", {"bbox": "-2,12,2,15", "min_fatalities": r.randint(0, 20), "limit": 100}),
    lambda r, ids: ("/api/events", {"format": "csv", "limit": 100, "admin1": "Sahel"}),
    lambda r, ids: ("/api/events/points", {"from": f"2020-{r.randint(1, 12):02d}-01", "to": "2020-12-31"}),
    lambda r, ids: ("/api/events/facets", {"country": "Burkina Faso"}),
    lambda r, ids: ("/api/networks", {}),
    lambda r, ids: (f"/api/events/{r.choice(ids)}", {}),
    lambda r, ids: ("/api/health", {}),
)
# full-text search over the source documents ("Search sources" in the dashboard); --no-search leaves it out
SEARCH = lambda r, ids: ("/api/events", {"q": r.choice(["clash", "village", "market"]), "limit": 20})  # noqa: E731


async def _think(rng: random.Random, think: tuple[float, float]) -> None:
    if think[1] > 0:
        await asyncio.sleep(rng.uniform(*think))


async def reader(client: httpx.AsyncClient, stop: float, stats: Stats, ids: list[str], seed: int,
                 queries: tuple = QUERIES, think: tuple[float, float] = (0.0, 0.0)) -> None:
    rng = random.Random(seed)
    await _think(rng, think)  # clients start spread out, not all at once
    while time.monotonic() < stop:
        path, params = rng.choice(queries)(rng, ids)
        t = time.perf_counter()
        try:
            r = await client.get(path, params=params)
            ms = (time.perf_counter() - t) * 1000
            if r.status_code != 200:
                stats.errors.append(f"GET {path} {params}: {r.status_code} {r.text[:200]}")
            stats.query_ms.append(ms)
            route = "/api/events/{id}" if path.startswith("/api/events/") and path.count("/") == 3 and \
                path.rsplit("/", 1)[1] not in ("points", "facets") else path
            route += "?q" if "q" in params else "?format=csv" if params.get("format") == "csv" else ""
            stats.by_route.setdefault(route, []).append(ms)
        except httpx.HTTPError as exc:
            stats.errors.append(f"GET {path}: {type(exc).__name__}: {exc}")
        await _think(rng, think)


async def editor(client: httpx.AsyncClient, stop: float, stats: Stats, own: list[str], token: str, seed: int,
                 think: tuple[float, float] = (0.0, 0.0)) -> None:
    rng = random.Random(seed)
    headers = {"X-API-Key": token}
    await _think(rng, think)
    while time.monotonic() < stop:
        event_id = rng.choice(own)
        t = time.perf_counter()
        try:
            if rng.random() < 0.7:
                value = rng.randint(0, 500)
                r = await client.patch(f"/api/events/{event_id}", headers=headers,
                                       json={"changes": {"fatalities": value}, "reason": "load test"})
                if r.status_code == 200:
                    stats.edits[event_id] = value
            else:
                action = rng.choice(["confirm", "reject"])
                r = await client.post(f"/api/events/{event_id}/{action}", headers=headers, json={"reason": "load"})
                if r.status_code == 200:
                    stats.statuses[event_id] = {"confirm": "confirmed", "reject": "rejected"}[action]
            stats.edit_ms.append((time.perf_counter() - t) * 1000)
            if r.status_code == 200:
                stats.accepted_edits += 1
            else:
                stats.errors.append(f"edit {event_id}: {r.status_code} {r.text[:200]}")
        except httpx.HTTPError as exc:
            stats.errors.append(f"edit {event_id}: {type(exc).__name__}: {exc}")
        await _think(rng, think)


async def load(url: str, clients: int, duration: float, edit_every: int, ids: list[str], tokens: list[str],
               queries: tuple = QUERIES, think: tuple[float, float] = (0.0, 0.0)) -> Stats:
    stats = Stats()
    # idle connections are dropped before uvicorn closes them (5 s): no request on a connection being closed
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=3.0)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        stop = time.monotonic() + duration
        tasks = []
        editors = 0
        for i in range(clients):
            if i % edit_every == edit_every - 1:
                own = ids[editors::len(tokens)][:20]  # disjoint events per editor: the last write is known
                tasks.append(editor(client, stop, stats, own, tokens[editors], seed=i, think=think))
                editors += 1
            else:
                tasks.append(reader(client, stop, stats, ids, seed=i, queries=queries, think=think))
        await asyncio.gather(*tasks)
    return stats


def verify(url: str, stats: Stats) -> list[str]:
    """Every accepted edit's last value is what the server now returns."""
    problems = []
    with httpx.Client(base_url=url, timeout=600) as c:  # the server may still be working off a backlog
        for event_id, value in stats.edits.items():
            got = c.get(f"/api/events/{event_id}").json()
            if got["fatalities"] != value:
                problems.append(f"{event_id}: fatalities {got['fatalities']} != last accepted {value}")
        for event_id, status in stats.statuses.items():
            got = c.get(f"/api/events/{event_id}").json()["review"]["status"]
            if got != status:
                problems.append(f"{event_id}: review status {got} != last accepted {status}")
        audit = c.get("/api/audit", params={"limit": 5000}).json()["entries"]
    if len(audit) < min(stats.accepted_edits, 5000):
        problems.append(f"audit log holds {len(audit)} entries for {stats.accepted_edits} accepted edits")
    return problems


def _tree_cpu_seconds(pid: int) -> Optional[float]:
    """CPU seconds (user + system) used so far by process ``pid`` and its children (Linux /proc), else None."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        pids = [pid]
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = Path(f"/proc/{pid}/task/{task.name}/children")
            if children.exists():
                pids += [int(c) for c in children.read_text().split()]
        total = 0
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick
    except (OSError, ValueError):
        return None


def _think_range(text: str) -> tuple[float, float]:
    parts = [float(p) for p in text.split(",")]
    lo, hi = (parts[0], parts[0]) if len(parts) == 1 else parts
    if not 0 <= lo <= hi:
        raise argparse.ArgumentTypeError(f"--think {text!r}: expected MIN,MAX with 0 <= MIN <= MAX, or 0")
    return lo, hi


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--events", type=int, default=20000, help="synthetic events imported besides the examples")
    ap.add_argument("--edit-every", type=int, default=5, help="every Nth client is an analyst (default 5: 10 of 50)")
    ap.add_argument("--rate-limit", default="off")
    ap.add_argument("--workers", type=int, default=1, help="server processes (conflictwatch serve --workers)")
    ap.add_argument("--threads", type=int, help="requests a server process works on at once (CONFLICTWATCH_THREADS)")
    ap.add_argument("--think", default="0.5,1.5", type=_think_range,
                    help="seconds a client waits between requests: MIN,MAX (uniform) or 0 (back to back)")
    ap.add_argument("--no-search", action="store_true", help="leave full-text search (q=) out of the query mix")
    ap.add_argument("--db", help="use this SQLite file (built there first when it does not exist; a copy is NOT "
                                 "made: it gets edited), so repeated runs skip the build")
    ap.add_argument("--build-into", metavar="URL",
                    help="build the test database at this URL (e.g. an empty PostgreSQL database) instead of a "
                         "temporary SQLite file")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    opts = ap.parse_args()

    from conflictwatch.store import Store
    from conflictwatch.store.keys import ApiKeys

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.monotonic()
        if opts.db and Path(opts.db).exists():
            db = opts.db
        elif opts.db:
            db = build_db(work, opts.events, opts.db)
        else:
            db = build_db(work, opts.events, opts.build_into)
        n_editors = max(1, opts.clients // opts.edit_every)
        with Store.open(db) as store:
            tokens = [ApiKeys(store).create(f"load-{i}", "analyst") for i in range(n_editors)]
            total = store.count_events()
            backend = store.backend
        if total == 0:
            print(f"error: {db} holds no events; give a new path to --db to build one there", file=sys.stderr)
            return 2
        print(f"database: {total} events (built in {time.monotonic() - t0:.1f} s)", flush=True)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(work / "serve.log", "w")
        env = {**os.environ, "CONFLICTWATCH_RATE_LIMIT": opts.rate_limit}
        if opts.threads:
            env["CONFLICTWATCH_THREADS"] = str(opts.threads)
        server = subprocess.Popen([sys.executable, "-m", "conflictwatch.cli.serve", "--db", str(db), "--host",
                                   "127.0.0.1", "--port", str(port), "--workers", str(opts.workers)], stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print((work / "serve.log").read_text()[-2000:])
                    return 2
                time.sleep(0.2)
            ids = [e["event_id_cnty"] for e in httpx.get(url + "/api/events", params={"limit": 1000}, timeout=30).json()["events"]]
            queries = QUERIES if opts.no_search else QUERIES + (SEARCH,)
            if uvloop is not None:  # the load generator shares the cores with the server: keep it light
                asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
            stats = asyncio.run(load(url, opts.clients, opts.duration, opts.edit_every, ids, tokens, queries,
                                     think=opts.think))
            problems = verify(url, stats)
            server_cpu_s = _tree_cpu_seconds(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
    n_q = len(stats.query_ms)
    client_cpu_s = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu_s = client_cpu_s.ru_utime + client_cpu_s.ru_stime
    figures = {
        "backend": backend, "clients": opts.clients, "workers": opts.workers, "threads": opts.threads or 40, "duration_s": opts.duration, "events_in_db": total, "rate_limit": opts.rate_limit,
        "search_in_mix": not opts.no_search, "think_s": list(opts.think),
        "queries": n_q, "queries_per_s": round(n_q / opts.duration, 1),
        "query_ms": {"p50": round(pct(stats.query_ms, 50), 1), "p95": round(pct(stats.query_ms, 95), 1),
                     "p99": round(pct(stats.query_ms, 99), 1), "max": round(max(stats.query_ms, default=0), 1),
                     "mean": round(statistics.fmean(stats.query_ms), 1) if n_q else None},
        "query_ms_by_route": {r: {"n": len(v), "p50": round(pct(v, 50), 1), "p99": round(pct(v, 99), 1)}
                              for r, v in sorted(stats.by_route.items())},
        "cpu_s": {"server": server_cpu_s, "load_client_and_db_build": round(client_cpu_s, 1),
                  "machine_cores": os.cpu_count()},
        "edits_accepted": stats.accepted_edits,
        "edit_ms": {"p50": round(pct(stats.edit_ms, 50), 1), "p95": round(pct(stats.edit_ms, 95), 1),
                    "p99": round(pct(stats.edit_ms, 99), 1)},
        "errors": len(stats.errors), "first_errors": stats.errors[:5],
        "edits_persisted": not problems, "persistence_problems": problems[:5],
    }
    print(json.dumps(figures, indent=2))
    if opts.json:
        Path(opts.json).write_text(json.dumps(figures, indent=2) + "\n")
    ok = not stats.errors and not problems and figures["query_ms"]["p99"] < 200
    print("targets (0 errors, p99 < 200 ms, edits persisted):", "MET" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
