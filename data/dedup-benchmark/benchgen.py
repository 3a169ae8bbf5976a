"""The command line shared by the benchmark generators (generate.py in this folder and its sub-folders).

Each generator defines ``build() -> list[dict]`` (the reports, in order; :func:`build_reports` makes
them from ``incidents.yaml`` and the generator's outlet styles) and calls :func:`run_generator`: it writes ``benchmark.jsonl`` next to the generator, or with ``--check`` says
whether that file is stale (exit status 1), so a test can fail when someone edits the incidents or the
templates without regenerating the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path
from typing import Callable, Mapping, Sequence

import yaml

Style = Callable[..., tuple[int, str, str]]

# calendar words the generators write dates with
WD_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WD_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTH_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"]  # (incident, rng, day[, incidents by id]) -> (lag days, language, text)


def cap(s: str) -> str:
    """``s`` with its first letter capitalised."""
    return s[0].upper() + s[1:]


def town(inc: dict, rng: random.Random, p: float = 0.35) -> str:
    """The incident's town, or with probability ``p`` its other spelling where it has one."""
    return inc["variant"] if inc.get("variant") and rng.random() < p else inc["town"]


def elide(text: str) -> str:
    """French elision: 'de Orodara' -> "d'Orodara"; 'que Agadez' -> "qu'Agadez"."""
    return re.sub(r"\b([DdQq]u?e) ([AEIOUÉÈ])", lambda m: m.group(1)[0] + "'" + m.group(2), text)


def incident_reports(inc: dict, styles: Mapping[str, Style], seed: str, *extra: object) -> list[dict]:
    """The reports of one incident, one per style it lists: each style is called with the incident, a
    random generator seeded by ``seed``, the incident id and the style, the incident's day and ``extra``."""
    day = dt.date.fromisoformat(str(inc["date"]))
    out = []
    for style in inc["styles"]:
        rng = random.Random(f"{seed}{inc['id']}:{style}")
        lag, lang, text = styles[style](inc, rng, day, *extra)
        pub = day + dt.timedelta(days=lag)
        out.append({"id": f"{inc['id']}-{style}", "incident": inc["id"], "group": inc["id"][:-1], "style": style,
                    "language": lang, "published": pub.isoformat(),
                    "text": "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"})
    return out


def build_reports(incidents_path: Path, styles: Mapping[str, Style], seed: str, *, reports: tuple[int, int] = (5, 6),
                  pass_index: bool = True) -> list[dict]:
    """Every incident's reports, in the file's order; ``pass_index``: styles also get the incidents by id
    (to mention the other incident of a hard-negative group)."""
    data = yaml.safe_load(incidents_path.read_text(encoding="utf-8"))
    by_id = {inc["id"]: inc for inc in data["incidents"]}
    lo, hi = reports
    rows: list[dict] = []
    for inc in data["incidents"]:
        if not lo <= len(inc["styles"]) <= hi:
            raise ValueError(f"{inc['id']}: {lo} to {hi} reports per incident")
        rows.extend(incident_reports(inc, styles, seed, *((by_id,) if pass_index else ())))
    return rows


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
