"""The French test set: its shape, that the ACLED harness reads it, and the quality gate (French within
3 points of English on the parallel subset, and floors for the whole set)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from conflictwatch.evaluation.acled import load_rows
from tests.fr.fr_eval import ENGLISH, FRENCH, TABLE, evaluate, parallel_ids, table

FLOORS = Path(__file__).with_name("fr_floors.json")
MAX_GAP = 0.03


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_test_set_has_the_promised_size_and_mix():
    fr = _rows(FRENCH)
    en = _rows(ENGLISH)
    assert len(fr) >= 300
    assert sum(r["origin"] == "handwritten" for r in fr) >= 60
    assert len(en) >= 60
    assert {r["pair_id"] for r in en} <= {r["pair_id"] for r in fr}
    assert set(Counter(r["country"] for r in fr)) == {"Mali", "Burkina Faso", "Niger"}
    assert {"agency", "radio", "communique", "ngo"} <= {r["style"] for r in fr}
    assert all(r["published"] and r["notes"] for r in fr + en)
    assert len({r["notes"] for r in fr}) == len(fr), "duplicate reports"


def test_the_acled_harness_reads_the_test_set():
    rows = load_rows(FRENCH)
    assert len(rows) == len(_rows(FRENCH))
    assert all(r.event_type and r.sub_event_type and r.actor1 for r in rows)


@pytest.fixture(scope="module")
def scores():
    ids = parallel_ids()
    return {"fr_all": table(evaluate(FRENCH)), "fr_parallel": table(evaluate(FRENCH, ids)), "en_parallel": table(evaluate(ENGLISH))}


@pytest.mark.parametrize("name", TABLE)
def test_french_is_within_three_points_of_english_on_the_same_incidents(scores, name):
    fr, en = scores["fr_parallel"][name], scores["en_parallel"][name]
    assert fr >= en - MAX_GAP, f"{name}: French {fr:.1%} vs English {en:.1%}"


@pytest.mark.parametrize("name", TABLE)
def test_french_scores_stay_above_their_floors(scores, name):
    floor = json.loads(FLOORS.read_text(encoding="utf-8"))[name]
    assert scores["fr_all"][name] >= floor, f"{name}: {scores['fr_all'][name]:.1%} < floor {floor:.0%}"
