"""End-to-end extraction throughput on the bundled examples (clean + pipeline, no database).

    .venv/bin/python benchmarks/throughput.py [--repeat 50]

Prints words/s and documents/s, with the machine noted. Models and knowledge are
loaded once before timing (their load time is printed separately).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from conflictwatch.records import Rejected
from conflictwatch.sources import iter_sources
from conflictwatch.text import clean
from conflictwatch.workflow import bundled_examples, default_pipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    t0 = time.perf_counter()
    nlp = default_pipeline()
    load_s = time.perf_counter() - t0
    raws = [r for r in iter_sources([bundled_examples()]) if not isinstance(r, Rejected)]
    docs = [clean(r) for r in raws]  # warm-up
    for d in docs:
        nlp(d)
    words = 0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for r in raws:
            d = clean(r)
            words += len(d.text.split())
            nlp(d)
    dt = time.perf_counter() - t0
    n = args.repeat * len(raws)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"pipeline load: {load_s:.2f} s; documents: {n}; words: {words}")
    print(f"throughput: {words / dt:,.0f} words/s, {n / dt:,.1f} documents/s, {1000 * dt / n:.1f} ms/document (single process)")


if __name__ == "__main__":
    main()
