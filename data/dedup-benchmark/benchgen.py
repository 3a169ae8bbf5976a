"""The command line shared by the benchmark generators (generate.py in this folder and its sub-folders).

Each generator defines ``build() -> list[dict]`` (the reports, in order) and calls
:func:`run_generator`: it writes ``benchmark.jsonl`` next to the generator, or with ``--check`` says
whether that file is stale (exit status 1), so a test can fail when someone edits the incidents or the
templates without regenerating the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence


def render(rows: Sequence[dict]) -> str:
    """The JSON Lines text of the reports: one object a line, UTF-8 kept as is."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def run_generator(build: Callable[[], list[dict]], script: str, description: str, argv: list[str] | None = None) -> int:
    """``generate.py [--out FILE] [--check]`` for the generator at ``script`` (its ``__file__``)."""
    here = Path(script).resolve().parent
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--out", type=Path, default=here / "benchmark.jsonl")
    ap.add_argument("--check", action="store_true", help="fail when the file differs from what would be written")
    args = ap.parse_args(argv)
    text = render(build())
    if args.check:
        if not args.out.exists() or args.out.read_text(encoding="utf-8") != text:
            print(f"{args.out} is stale: run {Path(script).name}", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {text.count(chr(10))} reports")
    return 0
