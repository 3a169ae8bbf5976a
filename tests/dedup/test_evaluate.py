"""Clustering metrics by hand, the eval command on a small fixture, and the repo benchmark's shape."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch.cli.dedup import eval_dedup_cmd
from conflictwatch.dedup.evaluate import bcubed, load_benchmark, pairwise
from conflictwatch.errors import InputError

FIXTURE = Path(__file__).parent / "fixtures" / "small_benchmark.jsonl"
BENCHMARK = Path(__file__).resolve().parents[2] / "data" / "dedup-benchmark"


def test_pairwise_and_bcubed_by_hand():
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    pw = pairwise(pred, gold)
    # predicted pairs ab, cd; gold pairs ab, ac, bc: 1 true of 2 predicted, of 3 gold
    assert (pw["precision"], pw["recall"]) == (0.5, pytest.approx(0.3333, abs=1e-4))
    b3 = bcubed(pred, gold)
    assert b3["precision"] == pytest.approx((1 + 1 + 0.5 + 0.5) / 4, abs=1e-4)
    assert b3["recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, abs=1e-4)
    perfect = pairwise(gold, gold)
    assert perfect["f1"] == 1.0 and bcubed(gold, gold)["f1"] == 1.0


def test_bad_benchmark_lines_are_input_errors(tmp_path):
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"id": "x", "text": "no incident"}\n')
    with pytest.raises(InputError, match="b.jsonl:1"):
        load_benchmark(bad)


def test_eval_command_on_small_fixture():
    result = CliRunner().invoke(eval_dedup_cmd, [str(FIXTURE), "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["reports"] == 5 and data["incidents_gold"] == 2
    assert data["pairwise"]["gold_pairs"] == 4
    assert data["pairwise"]["f1"] == 1.0  # the attack on the post and the village raid three days later stay apart
    text = CliRunner().invoke(eval_dedup_cmd, [str(FIXTURE)])
    assert text.exit_code == 0 and "pairwise" in text.output and "[fr]" in text.output
    failing = CliRunner().invoke(eval_dedup_cmd, [str(FIXTURE), "--min-f1", "1.01"])
    assert failing.exit_code == 1


def test_repo_benchmark_is_fresh_and_big_enough():
    import subprocess
    import sys

    check = subprocess.run([sys.executable, str(BENCHMARK / "generate.py"), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    reports = load_benchmark(BENCHMARK / "benchmark.jsonl")
    sizes = Counter(r.incident for r in reports)
    positive_pairs = sum(n * (n - 1) // 2 for n in sizes.values())
    assert positive_pairs >= 400
    assert {r.language for r in reports} == {"en", "fr"}


def test_heldout_benchmark_is_fresh_separate_and_shaped_as_documented():
    import subprocess
    import sys

    heldout = BENCHMARK / "heldout"
    check = subprocess.run([sys.executable, str(heldout / "generate.py"), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    reports = load_benchmark(heldout / "benchmark.jsonl")
    sizes = Counter(r.incident for r in reports)
    assert len(sizes) >= 30 and all(4 <= n <= 6 for n in sizes.values())
    dev = {r.incident for r in load_benchmark(BENCHMARK / "benchmark.jsonl")}
    assert not dev & set(sizes)  # no incident shared with the development set
    assert {r.style for r in reports}.isdisjoint({"wire", "local", "ngo", "gov", "brief", "fr"})


def _fresh_separate_and_shaped(folder: str, earlier: tuple[str, ...]) -> tuple[list, list]:
    """A generated set: its file is what its generator writes, 40+ incidents of 5-6 reports (400+ pairs, both
    languages), and none of its places or years in the ``earlier`` sets.  Returns its reports and theirs."""
    import subprocess
    import sys

    import yaml

    here = BENCHMARK / folder
    check = subprocess.run([sys.executable, str(here / "generate.py"), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    reports = load_benchmark(here / "benchmark.jsonl")
    sizes = Counter(r.incident for r in reports)
    assert len(sizes) >= 40 and all(5 <= n <= 6 for n in sizes.values())
    assert sum(n * (n - 1) // 2 for n in sizes.values()) >= 400
    assert {r.language for r in reports} == {"en", "fr"}

    def places_years(path):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["incidents"]
        places = {i.get("town") or i.get("place") for i in data} | {i["near"]["village"] for i in data if i.get("near")}
        return places, {str(i["date"])[:4] for i in data}

    mine_places, mine_years = places_years(here / "incidents.yaml")
    for other in earlier:
        p, y = places_years(BENCHMARK / other / "incidents.yaml")
        assert not mine_places & p and not mine_years & y, other
    others = [r for other in earlier for r in load_benchmark(BENCHMARK / other / "benchmark.jsonl")]
    return reports, others


def test_dev2_benchmark_is_fresh_separate_and_shaped_as_documented():
    # new towns, years and styles: nothing shared with the development or the held-out set
    reports, others = _fresh_separate_and_shaped("dev2", (".", "heldout"))
    assert {r.style for r in reports}.isdisjoint({r.style for r in others})


def test_heldout2_benchmark_is_fresh_separate_and_shaped_as_documented():
    reports, others = _fresh_separate_and_shaped("heldout2", (".", "heldout", "dev2"))
    assert {r.style for r in reports}.isdisjoint({r.style for r in others})


def test_heldout3_benchmark_is_fresh_separate_and_shaped_as_documented():
    reports, others = _fresh_separate_and_shaped("heldout3", (".", "heldout", "dev2", "heldout2"))
    # one label is shared: heldout's "statement" is an army press release, this set's an NGO's statement
    assert {r.style for r in reports} & {r.style for r in others} == {"statement"}
    mine = [r.text for r in reports if r.style == "statement"]
    theirs = [r.text for r in others if r.style == "statement"]
    assert all("is appalled by" in t for t in mine) and not any("is appalled by" in t for t in theirs)
