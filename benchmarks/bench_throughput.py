"""End-to-end throughput (clean + pipeline, no database) on real pages, not only the bundled examples.

    .venv/bin/python benchmarks/bench_throughput.py                  # all corpora found
    .venv/bin/python benchmarks/bench_throughput.py --corpus aeb --repeat 3

Corpora: ``examples`` (the bundled examples), ``seed`` (the reference scraped article),
``aeb`` (the 181 real news/blog pages of the Article Extraction Benchmark, HTML) and
``notes`` (2,000 ACLED notes, short plain texts). Shared data is read from
``$CONFLICTWATCH_SHARED`` or ``../shared`` beside the clone. Words are whitespace
tokens of the clean text. Models and knowledge are loaded, and every document
extracted once, before timing. Single process; the machine is printed.
``benchmarks/throughput.py`` (bundled examples only) is kept as it was.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from conflictwatch.records import RawDocument, Rejected, content_id
from conflictwatch.sources import iter_sources
from conflictwatch.text import clean
from conflictwatch.workflow import bundled_examples, default_pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFLICTWATCH_SHARED", ROOT.parent / "shared"))


def corpus(name: str) -> list[RawDocument]:
    if name == "examples":
        return [r for r in iter_sources([bundled_examples()]) if not isinstance(r, Rejected)]
    if name == "seed":
        return [r for r in iter_sources([SHARED / "seed" / "article.txt"]) if not isinstance(r, Rejected)]
    if name == "aeb":
        from conflictwatch.evaluation.extraction import load_pages

        return [
            RawDocument(content_id(p.html), f"aeb:{p.key}", p.html, "text/html", url=p.url)
            for p in load_pages(SHARED / "data" / "article-extraction")
        ]
    if name == "notes":
        from conflictwatch.evaluation.acled import load_rows, notes_document

        rows = load_rows(SHARED / "data" / "acled-sahel-dev" / "events.csv", limit=2000, seed=0)
        return [notes_document(r) for r in rows]
    raise SystemExit(f"unknown corpus {name!r}")


def measure(name: str, raws: list[RawDocument], nlp, repeat: int) -> str:
    docs = [d for d in (clean(r) for r in raws) if not isinstance(d, Rejected)]  # warm-up
    for d in docs:
        nlp(d)
    words = n = 0
    t_clean = t_nlp = 0.0
    for _ in range(repeat):
        for r in raws:
            t0 = time.perf_counter()
            d = clean(r)
            t1 = time.perf_counter()
            t_clean += t1 - t0
            n += 1
            if isinstance(d, Rejected):
                continue
            words += len(d.text.split())
            nlp(d)
            t_nlp += time.perf_counter() - t1
    dt = t_clean + t_nlp
    return (
        f"{name:9} {n:6d} docs {words:9d} words  {words / dt:10,.0f} words/s  {n / dt:8.1f} docs/s  "
        f"{1000 * dt / n:7.2f} ms/doc  (clean {100 * t_clean / dt:.0f}%, pipeline {100 * t_nlp / dt:.0f}%)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", choices=["examples", "seed", "aeb", "notes"],
                    help="corpus to time (repeatable; default: every corpus whose data is present)")
    ap.add_argument("--repeat", type=int, default=1, help="passes over each corpus (default 1)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    nlp = default_pipeline()
    load_s = time.perf_counter() - t0
    names = args.corpus or ["examples", "seed", "aeb", "notes"]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"pipeline load: {load_s:.2f} s; single process; {args.repeat} pass(es)")
    for name in names:
        try:
            raws = corpus(name)
        except (OSError, ValueError) as exc:  # InputError is a ValueError: data not there
            print(f"{name:9} skipped: {exc}")
            continue
        print(measure(name, raws, nlp, args.repeat))


if __name__ == "__main__":
    main()
