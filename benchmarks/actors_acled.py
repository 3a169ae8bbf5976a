"""How much of ACLED's actor vocabulary the actor knowledge base covers, and how fast the matcher is.

    .venv/bin/python benchmarks/actors_acled.py [--csv PATH] [--show 60] [--repeat 200]

Reads the actor columns of an ACLED export (default: the shared Sahel dev set,
``tests.conftest.SHARED / "data/acled-sahel-dev/events.csv"``) — actor1, actor2 and
assoc_actor_1/2 split on ';' — and counts a name as covered when
``ActorKB.parse_name`` recognises it (a knowledge-base name or period name equal after
normalising whitespace and case, or a name built by ACLED's naming rules in
``actors_identity.yaml``).  Prints the share of distinct names and of occurrences
covered, split into exact coverage and open-slot templates ("<village> Communal
Militia (Mali)": the rule is known, the village is not), the uncovered names with
their counts, and matcher speed in CPU ms per 1,000 words on the seed article.

Measurement only: nothing is copied from the file into the knowledge base.
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
import time
from pathlib import Path

from conflictwatch.actors import default_kb

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def _shared() -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.conftest import SEED_ARTICLE, SHARED  # noqa: PLC0415 (the shared-data locator lives there)

    return SHARED, SEED_ARTICLE


def actor_names(path: Path) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for col in COLUMNS:
                for part in (row.get(col) or "").split(";"):
                    name = re.sub(r"\s+", " ", part).strip()
                    if name:
                        counts[name] += 1
    return counts


def coverage(counts: collections.Counter, kb) -> dict:
    by_rule: collections.Counter = collections.Counter()
    exact = open_ = 0
    exact_names = open_names = 0
    uncovered = []
    for name, n in counts.items():
        parsed = kb.parse_name(name)
        if parsed is None:
            uncovered.append((n, name))
            continue
        by_rule[parsed.rule] += n
        if parsed.open_slot:
            open_ += n
            open_names += 1
        else:
            exact += n
            exact_names += 1
    total, distinct = sum(counts.values()), len(counts)
    return {
        "distinct": distinct, "occurrences": total,
        "distinct_exact": exact_names / distinct, "distinct_all": (exact_names + open_names) / distinct,
        "occ_exact": exact / total, "occ_all": (exact + open_) / total,
        "by_rule": by_rule, "uncovered": sorted(uncovered, key=lambda t: (-t[0], t[1])),
    }


def speed(kb, article: Path, repeat: int) -> float:
    text = article.read_text(encoding="utf-8")
    kb.find(text, [])
    t0 = time.process_time()  # CPU time: steadier than wall time on a shared machine
    for _ in range(repeat):
        kb.find(text, [])
    per_doc = (time.process_time() - t0) / repeat
    return per_doc * 1000 * 1000 / max(1, len(text.split()))


def main() -> None:
    shared, seed = _shared()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=shared / "data/acled-sahel-dev/events.csv")
    ap.add_argument("--show", type=int, default=60, help="How many uncovered names to print (0: all).")
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    t0 = time.perf_counter()
    kb = default_kb()
    load_s = time.perf_counter() - t0
    res = coverage(actor_names(args.csv), kb)
    print(f"knowledge: {kb.version} (loaded in {load_s * 1000:.0f} ms)")
    print(f"file: {args.csv}")
    print(f"distinct actor names: {res['distinct']}, occurrences: {res['occurrences']}")
    print(f"distinct covered:    {res['distinct_exact']:.1%} exact, {res['distinct_all']:.1%} with open-slot templates")
    print(f"occurrences covered: {res['occ_exact']:.1%} exact, {res['occ_all']:.1%} with open-slot templates")
    print("occurrences by rule: " + ", ".join(f"{k} {v}" for k, v in res["by_rule"].most_common()))
    shown = res["uncovered"] if args.show == 0 else res["uncovered"][: args.show]
    print(f"uncovered names ({len(res['uncovered'])}, {sum(n for n, _ in res['uncovered'])} occurrences):")
    for n, name in shown:
        print(f"  {n:5d}  {name}")
    if seed.exists():
        print(f"matcher speed: {speed(kb, seed, args.repeat):.2f} ms CPU per 1,000 words (seed article)")


if __name__ == "__main__":
    main()
