"""Measure the gazetteer and resolver against ACLED's coded locations (measurement only).

Reads ``tests.conftest.SHARED / "data/acled-sahel-dev/events.csv"`` and never writes
any of its rows anywhere.  Two figures:

* **name**: each distinct (location, country) pair is resolved with
  :func:`conflictwatch.geo.lookup.resolve_name` (the country as context); the
  point is compared with the median of ACLED's coordinates for that pair, and
  every row inherits its pair's admin-1.
* **notes**: each row's ``notes`` text goes through the real pipeline stages
  (``split_sentences`` → ``find_toponyms`` → ``resolve_places``, no country
  hint); the place kept is the resolved mention with ACLED's location name when
  there is one, else the first event location (most precise first).

Admin-1 names are compared after folding accents/case.  ACLED (2012–2019 rows)
names Mali's regions as before the 2016 reform, so Ménaka counts as "Gao" and
Taoudénit as "Tombouctou" (``knowledge/geo_admin.yaml``).

Run: ``.venv/bin/python -m benchmarks.geo_acled [--limit N] [--no-notes] [--ceiling]`` (``--ceiling``: the most
any resolver over the packaged gazetteer could reach, an oracle choosing among all candidates).
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from conflictwatch import knowledge  # noqa: E402
from conflictwatch.geo import Gazetteer, find_toponyms, is_event_location, resolve_places  # noqa: E402
from conflictwatch.geo.normalize import name_key  # noqa: E402
from conflictwatch.records import Document, ResolvedPlace  # noqa: E402

COUNTRY_ISO2 = {"Mali": "ML", "Burkina Faso": "BF", "Niger": "NE"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


class Admin1Namer:
    """Admin-1 name as older sources write it (successor regions folded into their predecessors)."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.pred = {}
        for rule in knowledge.load("geo_admin.yaml").get("successor_units") or []:
            for s in rule["successors"]:
                self.pred[s] = rule["predecessor"]

    def key(self, admin1_code: Optional[str]) -> Optional[str]:
        if not admin1_code:
            return None
        code = self.pred.get(admin1_code, admin1_code)
        row = self.gaz._admin1.get(code)
        return name_key(row[1]) if row else None


def load_rows(path: Path, limit: Optional[int]) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return rows[:limit] if limit else rows


def measure_names(rows: list[dict], gaz: Gazetteer, namer: Admin1Namer) -> dict:
    from conflictwatch.geo.lookup import resolve_name

    pairs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        pairs[(r["location"], r["country"])].append(r)
    within5 = within25 = 0
    admin_ok_rows = 0
    fails: Counter = Counter()
    for (loc, country), rs in pairs.items():
        cc = COUNTRY_ISO2[country]
        res = resolve_name(loc, gaz, country=cc).best
        lat = statistics.median(float(r["latitude"]) for r in rs)
        lon = statistics.median(float(r["longitude"]) for r in rs)
        if res is None:
            fails["not resolved"] += len(rs)
            continue
        d = haversine_km(lat, lon, res.place.latitude, res.place.longitude)
        within5 += d <= 5
        within25 += d <= 25
        got = namer.key(res.place.admin1_code)
        for r in rs:
            if got is not None and got == name_key(r["admin1"]):
                admin_ok_rows += 1
            elif res.method.startswith("unknown-toponym+doc-country"):
                fails["unknown name, country point only"] += 1
            elif res.method.startswith("unknown-toponym"):
                fails["unknown name, wrong unit"] += 1
            elif res.place.kind != "locality":
                fails[f"resolved to a {res.place.kind} in the wrong admin-1"] += 1
            else:
                fails["known name, wrong place (other admin-1)"] += 1
    n = len(pairs)
    return {"distinct": n, "within5": within5 / n, "within25": within25 / n,
            "rows": len(rows), "admin1_rows": admin_ok_rows / len(rows), "fails": fails}


def _pick(resolved: list[ResolvedPlace], location: str) -> Optional[ResolvedPlace]:
    key = name_key(location)
    named = [r for r in resolved if name_key(r.mention.text) == key or name_key(r.location) == key]
    if named:
        return min(named, key=lambda r: r.geo_precision)
    ev = [r for r in resolved if is_event_location(r)]
    if not ev:
        return None
    return min(ev, key=lambda r: (r.place.kind == "country", r.geo_precision, r.mention.start))


def measure_notes(rows: list[dict], gaz: Gazetteer, namer: Admin1Namer, hint: bool = False) -> dict:
    from conflictwatch.nlp.sentences import split_sentences

    within5 = within25 = admin_ok = named = 0
    fails: Counter = Counter()
    per_doc: list[float] = []
    for i, r in enumerate(rows):
        text = r["notes"] or ""
        t0 = time.perf_counter()
        sents = split_sentences(text)
        mentions = find_toponyms(text, sents, gaz)
        resolved = resolve_places(Document(id=str(i), uri=f"row:{i}", text=text), sents, mentions, gaz,
                                  country_hint=COUNTRY_ISO2[r["country"]] if hint else None)
        per_doc.append(time.perf_counter() - t0)
        best = _pick(resolved, r["location"])
        if best is None:
            fails["no place found in the notes"] += 1
            continue
        if name_key(best.location) == name_key(r["location"]):
            named += 1
        d = haversine_km(float(r["latitude"]), float(r["longitude"]), best.place.latitude, best.place.longitude)
        within5 += d <= 5
        within25 += d <= 25
        if namer.key(best.place.admin1_code) == name_key(r["admin1"]):
            admin_ok += 1
        elif best.place.kind == "country":
            fails["country only (no admin unit in the text)"] += 1
        elif best.method.startswith("unknown-toponym"):
            fails[f"unknown name placed by {best.method.split('+', 1)[1]}"] += 1
        elif name_key(best.location) != name_key(r["location"]):
            fails["another place of the text chosen"] += 1
        else:
            fails["named place resolved to the wrong admin-1"] += 1
    n = len(rows)
    per_doc.sort()
    return {"rows": n, "within5": within5 / n, "within25": within25 / n, "admin1_rows": admin_ok / n,
            "named": named / n, "fails": fails, "ms_mean": 1000 * statistics.fmean(per_doc),
            "ms_p95": 1000 * per_doc[int(0.95 * (n - 1))]}


def measure_ceiling(rows: list[dict], gaz: Gazetteer, namer: Admin1Namer) -> dict:
    """The most any resolver over this gazetteer could reach: a row counts when ACLED's admin-1 is the admin-1
    of *some* gazetteer entry for ACLED's own location name, or of *some* entry (in the row's country) for
    *some* place named in the notes — as if an oracle picked the right candidate every time."""
    from conflictwatch.nlp.sentences import split_sentences

    by_name = by_notes = either = 0
    for r in rows:
        want, iso = name_key(r["admin1"]), COUNTRY_ISO2[r["country"]]
        text = r["notes"] or ""
        keys = {namer.key(c.place.admin1_code) for m in find_toponyms(text, split_sentences(text), gaz)
                for c in gaz.candidates(m.text, iso)}
        in_notes = want in keys
        named = any(namer.key(c.place.admin1_code) == want for c in gaz.candidates(r["location"], iso))
        by_name += named
        by_notes += in_notes
        either += named or in_notes
    n = len(rows)
    return {"name": by_name / n, "notes": by_notes / n, "either": either / n}


def main(argv: Optional[list[str]] = None) -> int:
    from tests.conftest import SHARED

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=SHARED / "data/acled-sahel-dev/events.csv")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-notes", action="store_true")
    ap.add_argument("--ceiling", action="store_true",
                    help="also the ceiling: rows whose admin-1 any candidate of the gazetteer could give")
    ap.add_argument("--user-db", type=Path, default=None, help="user overlay to use (default: none)")
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"ACLED file missing: {args.csv}", file=sys.stderr)
        return 2
    gaz = Gazetteer.open(user=args.user_db or False)
    namer = Admin1Namer(gaz)
    rows = load_rows(args.csv, args.limit)
    t0 = time.perf_counter()
    a = measure_names(rows, gaz, namer)
    t_names = time.perf_counter() - t0
    print(f"polygons: {'yes' if gaz.polygons is not None else 'no'}   user overlay: {gaz.user_path or 'none'}")
    print(f"{'figure':<38}{'value':>10}")
    print("-" * 48)
    print(f"{'distinct (location, country) pairs':<38}{a['distinct']:>10}")
    print(f"{'name: distinct within 5 km':<38}{a['within5']:>10.1%}")
    print(f"{'name: distinct within 25 km':<38}{a['within25']:>10.1%}")
    print(f"{'name: rows right admin-1':<38}{a['admin1_rows']:>10.1%}")
    print(f"{'name: time (s)':<38}{t_names:>10.1f}")
    notes: dict[str, dict] = {}
    if not args.no_notes:
        for label, hint in (("notes", False), ("notes+country", True)):
            b = notes[label] = measure_notes(rows, gaz, namer, hint=hint)
            print(f"{label + ': ACLED location name found':<38}{b['named']:>10.1%}")
            print(f"{label + ': rows within 5 km':<38}{b['within5']:>10.1%}")
            print(f"{label + ': rows within 25 km':<38}{b['within25']:>10.1%}")
            print(f"{label + ': rows right admin-1':<38}{b['admin1_rows']:>10.1%}")
            print(f"{label + ': toponyms+resolve ms/doc':<38}{b['ms_mean']:>10.2f}")
            print(f"{label + ': ... p95 ms/doc':<38}{b['ms_p95']:>10.2f}")
    if args.ceiling:
        c = measure_ceiling(rows, gaz, namer)
        print(f"{'ceiling: admin-1 by location name':<38}{c['name']:>10.1%}")
        print(f"{'ceiling: admin-1 by a place in notes':<38}{c['notes']:>10.1%}")
        print(f"{'ceiling: either':<38}{c['either']:>10.1%}")
    print("\nfailure classes (rows), name figure:")
    for k, v in a["fails"].most_common():
        print(f"  {v:>6}  {k}")
    for label, b in notes.items():
        print(f"failure classes (rows), {label} figure:")
        for k, v in b["fails"].most_common():
            print(f"  {v:>6}  {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
