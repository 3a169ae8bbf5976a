"""Where a full run's CPU time goes, per slice of the corpus: does any stage grow with the store?

    python benchmarks/run_phases.py --docs 3000 --step 500 --out benchmarks/results/run-phases.json

Generates the benchmark corpus (``conflictwatch.engine.corpus``), runs ``workflow.run`` into a fresh
SQLite store in this process, and adds up the CPU seconds spent in each stage (extraction, saving,
signing, linking and the linker's parts) for every ``--step`` documents. A stage whose seconds per
slice rise with the slice number costs more as the store grows (superlinear in total).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable


def _timed(acc: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[name] += time.process_time() - t0

    return wrapper


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--step", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)

    from conflictwatch import workflow
    from conflictwatch.dedup import linker, members
    from conflictwatch.engine.bench import machine
    from conflictwatch.engine.corpus import paragraph_pool, write_corpus
    from conflictwatch.store import Store

    acc: dict[str, float] = collections.defaultdict(float)
    # stages of workflow.run, and the linker's parts (inside "link")
    workflow.extract_safely = _timed(acc, "extract", workflow.extract_safely)
    workflow._clean_safely = _timed(acc, "clean", workflow._clean_safely)
    workflow.store_if_copy = _timed(acc, "sign_or_copy", workflow.store_if_copy)
    workflow._link_incidents = _timed(acc, "link", workflow._link_incidents)
    Store.save_extraction = _timed(acc, "save", Store.save_extraction)
    Store.put_raw = _timed(acc, "put_raw", Store.put_raw)
    linker._candidates = _timed(acc, "link.candidates", linker._candidates)
    linker.q.candidate_rows = _timed(acc, "link.candidates.sql", linker.q.candidate_rows)
    linker._score_incident = _timed(acc, "link.score", linker._score_incident)
    linker._write_incident = _timed(acc, "link.write_incident", linker._write_incident)
    members.load = _timed(acc, "link.load_members", members.load)

    with tempfile.TemporaryDirectory(prefix="cw-phases-") as tmp:
        folder = Path(tmp) / "corpus"
        write_corpus(folder, args.docs, args.seed, pool=paragraph_pool())
        nlp = workflow.default_pipeline()
        rows: list[dict[str, Any]] = []
        state = {"n": 0, "cpu": time.process_time(), "acc": {}}

        def on_document(uri: str) -> None:
            state["n"] += 1
            if state["n"] % args.step == 0:
                now = time.process_time()
                row = {"documents": state["n"], "cpu_s": round(now - state["cpu"], 2)}
                row.update({k: round(v - state["acc"].get(k, 0.0), 2) for k, v in sorted(acc.items())})
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
                state["cpu"], state["acc"] = now, dict(acc)

        with Store.open(Path(tmp) / "cw.db") as store:
            workflow.run([folder], store, nlp, on_document=on_document)
    result = {"benchmark": "run_phases", "machine": machine(), "docs": args.docs, "step": args.step,
              "unit": "CPU seconds of this process per slice of --step documents", "slices": rows}
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
