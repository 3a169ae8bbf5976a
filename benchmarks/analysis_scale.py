"""Analyses at scale: load N synthetic events (default 2 million) into SQLite and time each analysis.

    .venv/bin/python benchmarks/analysis_scale.py                       # 2M events in /tmp/cw-scale.db
    .venv/bin/python benchmarks/analysis_scale.py --n 200000 --db /tmp/small.db
    .venv/bin/python benchmarks/analysis_scale.py --steps influence-all,index-country

Every step runs in its own Python process that reads the events as ``conflictwatch analyze`` does
(``Store.iter_events(fields=ANALYSIS_FIELDS)``; influence: ``Store.iter_event_rows``; streamed), so
the reported peak memory (VmHWM of that process) is the step's own, imports and knowledge included.
The database is reused when it already holds N events.  Steps: scan (read every event, nothing else),
influence-country-year (Mali, 2019: events of 2018-2019), influence-all (every year), relations (JNIM vs
ISGS, every year, 999 permutations), trends (weekly series per admin-1), index-country, index-admin1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from conflictwatch.engine.bench import peak_rss_mb

HERE = Path(__file__).resolve().parent
STEPS = ("scan", "influence-country-year", "influence-all", "relations", "trends", "index-country", "index-admin1")


def _resolver():
    from conflictwatch.actors import default_kb
    from conflictwatch.analysis import ActorResolver

    return ActorResolver(default_kb())


def run_step(step: str, db: str) -> dict:
    """Run one analysis over the store at ``db``; returns what it found (small) for the report."""
    from conflictwatch.store import Store

    from conflictwatch.analysis import ANALYSIS_FIELDS

    with Store.open(db) as store:
        def events():
            return store.iter_events(fields=ANALYSIS_FIELDS)

        if step == "scan":
            return {"events": sum(1 for _ in events())}
        if step == "influence-country-year":
            from conflictwatch.analysis import InfluenceConfig
            from conflictwatch.analysis.influence import INFLUENCE_FIELDS, influence_from_rows

            rows = store.iter_event_rows(INFLUENCE_FIELDS, country="Mali", date_from="2018-01-01", date_to="2019-12-31")
            [m] = influence_from_rows(rows, _resolver(), InfluenceConfig(), periods=["2019"])
            return m.summary()
        if step == "influence-all":
            from conflictwatch.analysis import InfluenceConfig
            from conflictwatch.analysis.influence import INFLUENCE_FIELDS, influence_from_rows

            maps = influence_from_rows(store.iter_event_rows(INFLUENCE_FIELDS), _resolver(), InfluenceConfig())
            return {"periods": len(maps), "cells": sum(len(m.cells) for m in maps), "last": maps[-1].summary()}
        if step == "relations":
            from conflictwatch.analysis.relations import RelationConfig, relation_timelines

            [r] = relation_timelines(events(), _resolver(), [("JNIM", "ISGS")], RelationConfig())
            return {"periods": len(r.periods), "relations": {p.period: p.relation for p in r.periods},
                    "events_a_2019": next((p.events_a for p in r.periods if p.period == "2019"), 0)}
        if step == "trends":
            from conflictwatch.analysis.trends import weekly_series_from_events

            series = weekly_series_from_events(events(), "admin1")
            return {"areas": len(series), "weeks": len(next(iter(series.values())).weeks) if series else 0,
                    "events": sum(sum(s.events) for s in series.values())}
        if step in ("index-country", "index-admin1"):
            from conflictwatch.analysis.index import conflict_index

            idx = conflict_index(events(), _resolver(), level=step.split("-")[1])
            last = idx[-1]
            top = last.rows[0].to_dict() if last.rows else {}
            top["groups"] = top.get("groups", [])[:5]
            return {"periods": len(idx), "areas_last": len(last.rows), "top_last": top}
    raise SystemExit(f"unknown step {step!r}")


def _child(step: str, db: str) -> None:
    t0 = time.perf_counter()
    result = run_step(step, db)
    seconds = time.perf_counter() - t0
    peak_mb = peak_rss_mb()
    print(json.dumps({"step": step, "seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb), "result": result},
                     default=str))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2_000_000)
    ap.add_argument("--db", default="/tmp/cw-scale.db")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--steps", default=",".join(STEPS))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child, args.db)
        return
    sys.path.insert(0, str(HERE))
    from synthetic_events import load

    from conflictwatch.store import Store

    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}", flush=True)
    with Store.open(args.db) as store:
        have = store.count_events()
        if have != args.n:
            if have:
                raise SystemExit(f"{args.db} holds {have:,} events, not {args.n:,}: remove it or pass --db")
            t0 = time.perf_counter()
            load(store, args.n, args.seed)
            print(json.dumps({"step": "load", "seconds": round(time.perf_counter() - t0, 1),
                              "events": store.count_events()}), flush=True)
    size_mb = sum(p.stat().st_size for p in Path(args.db).parent.glob(Path(args.db).name + "*")) / 2**20
    print(f"database: {args.db} ({size_mb:,.0f} MiB), {args.n:,} events", flush=True)
    rows = []
    for step in args.steps.split(","):
        proc = subprocess.run([sys.executable, __file__, "--db", args.db, "--child", step], capture_output=True,
                              text=True)
        if proc.returncode != 0:
            print(f"{step}: FAILED\n{proc.stderr[-3000:]}", flush=True)
            continue
        rec = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(rec)
        print(json.dumps(rec), flush=True)
    print("\nstep                      seconds   peak RSS (MiB)")
    for r in rows:
        print(f"{r['step']:<25} {r['seconds']:>8.1f}   {r['peak_rss_mb']:>8,}")


if __name__ == "__main__":
    main()
