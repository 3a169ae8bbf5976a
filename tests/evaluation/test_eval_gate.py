"""Quality gate: the harness on a fixed sample must score at least the floors in ``eval_floors.json``.

The sample (ACLED dev rows and Article Extraction Benchmark pages, drawn with fixed
seeds) and the floors live in ``eval_floors.json``.  Floors only go up: after an
improvement, raise them with

    .venv/bin/python -m tests.evaluation.test_eval_gate --raise-floors

which measures the sample, prints every score beside its floor and writes the new
values rounded down to two decimals, never lowering a floor.  Missing shared data
fails the gate (it never skips).
"""

from __future__ import annotations

import json
import math
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import SHARED, require_shared

FLOORS_FILE = Path(__file__).with_name("eval_floors.json")
ACLED_FILE = SHARED / "data" / "acled-sahel-dev" / "events.csv"
PAGES_DIR = SHARED / "data" / "article-extraction"


def read_floors() -> dict:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def measure() -> dict[str, float]:
    """Every gate score on the fixed sample, by the dotted names the floors file uses."""
    from conflictwatch.evaluation.acled import evaluate_acled, load_rows
    from conflictwatch.evaluation.extraction import evaluate_extraction, load_pages

    sample = read_floors()["sample"]
    rows = load_rows(require_shared(ACLED_FILE), limit=sample["acled_rows"], seed=sample["acled_seed"])
    scores = {f"acled.{k}": v for k, v in evaluate_acled(rows).flat().items()}
    pages = load_pages(require_shared(PAGES_DIR), limit=sample["pages"], seed=sample["pages_seed"])
    for report in evaluate_extraction(pages, ("main_text", "clean")):
        scores.update({f"extraction.{k}": v for k, v in report.flat().items()})
    return scores


@pytest.fixture(scope="module")
def measured() -> dict[str, float]:
    return measure()


def test_floors_file_states_its_rule():
    data = read_floors()
    assert "only go up" in data["_comment"]
    assert set(data["sample"]) == {"acled_rows", "acled_seed", "pages", "pages_seed"}
    assert data["floors"] and all(0.0 <= v <= 1.0 for v in data["floors"].values())


def test_every_floor_names_a_measured_score(measured):
    unknown = sorted(set(read_floors()["floors"]) - set(measured))
    assert not unknown, f"floors for scores the harness does not produce: {unknown}"


@pytest.mark.parametrize("name", sorted(read_floors()["floors"]))
def test_score_at_least_floor(name, measured):
    floor = read_floors()["floors"][name]
    assert name in measured, f"{name}: not measured"
    assert measured[name] >= floor, f"{name} dropped below its floor: {measured[name]:.4f} < {floor:.2f}"


def _round_down(value: float) -> float:
    return math.floor(value * 100 + 1e-9) / 100


def raise_floors(write: bool) -> int:
    """Print measured vs floor for every score; with ``write``, raise floors (never lower them)."""
    data = read_floors()
    floors = data["floors"]
    below = 0
    for name, value in sorted(measure().items()):
        floor = floors.get(name)
        mark = ""
        if floor is not None and value < floor:
            mark, below = "  BELOW FLOOR", below + 1
        print(f"{name:45} {value:.4f}   floor {'-' if floor is None else f'{floor:.2f}'}{mark}")
        if write and floor is not None:
            floors[name] = max(floor, _round_down(value))
    if write:
        FLOORS_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"floors written to {FLOORS_FILE}")
    return below


if __name__ == "__main__":  # pragma: no cover - a maintenance command, not a test
    sys.exit(1 if raise_floors("--raise-floors" in sys.argv[1:]) else 0)
