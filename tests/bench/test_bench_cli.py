"""``conflictwatch bench``: tiny runs of each benchmark, checking the JSON shape and the figures' sense."""

from __future__ import annotations

import datetime as dt
import json
import random
import re

from click.testing import CliRunner

from conflictwatch.cli.bench import bench_cli
from conflictwatch.engine.corpus import (
    CorpusSpec,
    generate_dated_pages,
    generate_pages,
    paragraph_pool,
    redate,
    write_corpus,
)


def test_corpus_is_long_bilingual_unique_and_seeded(tmp_path):
    pool = paragraph_pool()
    assert pool["en"] and pool["fr"], "the corpus mixes English and French pages"
    pages = list(generate_pages(CorpusSpec(n_docs=40, seed=5), pool))
    again = list(generate_pages(CorpusSpec(n_docs=40, seed=5), pool))
    assert pages == again
    assert {lang for _, lang, _ in pages} == {"en", "fr"}
    lengths = [len(text.split()) for _, _, text in pages]
    assert min(lengths) >= 120 and max(lengths) > 2 * min(lengths)
    assert len({text for _, _, text in pages}) == len(pages)
    paths = write_corpus(tmp_path / "c", 5, 1, pool=pool)
    assert [p.name for p in paths] == sorted(p.name for p in (tmp_path / "c").glob("*.txt"))


def test_corpus_pages_are_dated_over_a_period_that_grows_with_the_corpus(tmp_path):
    pool = paragraph_pool()
    small = [d for *_, d in generate_dated_pages(CorpusSpec(n_docs=50, seed=2, pages_per_day=5), pool)]
    large = [d for *_, d in generate_dated_pages(CorpusSpec(n_docs=500, seed=2, pages_per_day=5), pool)]
    assert all(small) and all(large)
    assert (max(small) - min(small)).days <= 10 < (max(large) - min(large)).days <= 100
    undated = list(generate_dated_pages(CorpusSpec(n_docs=5, seed=2, pages_per_day=None), pool))
    assert [d for *_, d in undated] == [None] * 5
    paths = write_corpus(tmp_path / "c", 3, 1, pool=pool)
    for path in paths:  # the sidecar the file reader takes the publication date from
        meta = json.loads(path.with_name(path.name + ".meta.json").read_text())
        assert dt.date.fromisoformat(meta["published"]) >= CorpusSpec(n_docs=3).first_day


def test_redate_moves_every_explicit_date_of_a_paragraph_by_the_same_days():
    rng = random.Random(0)
    published = dt.date(2017, 3, 2)
    text = ("KAYA, Oct 9 (Wire) - Herders said on 8 October that raiders had taken cattle during the night "
            "of 6 to 7 October 2021, two days after a market day.")
    moved = redate(text, published, rng)
    # Oct 9 lands 0-3 days before 2 March 2017; the other dates keep their distance from it
    lead = re.search(r"KAYA, (Feb|Mar) (\d+)", moved)
    day = dt.date(2017, 2 if lead.group(1) == "Feb" else 3, int(lead.group(2)))
    assert 0 <= (published - day).days <= 3
    night = day - dt.timedelta(days=3)
    assert f"on {(day - dt.timedelta(days=1)).day} " in moved
    assert f"of {night.day} to " in moved and f" 2017, two days after" in moved
    assert "October" not in moved and "Oct " not in moved
    french = redate("Le 1er mai, des hommes armés ont pillé le marché de Gorom; le 3 mai ils sont revenus.",
                    dt.date(2016, 1, 10), rng)
    assert "mai" not in french and "janvier" in french
    assert redate("No date here, only since 2016.", published, rng) == "No date here, only since 2016."


def test_bench_store_reports_load_queries_and_influence(tmp_path):
    out = tmp_path / "store.json"
    result = CliRunner().invoke(bench_cli, ["store", "--db", str(tmp_path / "s.db"), "--events", "3000",
                                            "--runs", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["backend"] in ("sqlite", "postgresql") and data["stored_events"] == 3000
    assert data["load"]["events_per_s"] > 0
    for q in data["queries"].values():
        assert 0 <= q["p50_ms"] <= q["p95_ms"] <= q["max_ms"]
    assert data["influence"]["events_read"] > 0
    # a second run reuses the loaded store
    again = CliRunner().invoke(bench_cli, ["store", "--db", str(tmp_path / "s.db"), "--events", "3000", "--runs", "2"])
    assert again.exit_code == 0, again.output
    assert '"reused": true' in again.output


def test_bench_throughput_single_process(tmp_path):
    out = tmp_path / "t.json"
    result = CliRunner().invoke(bench_cli, ["throughput", "--docs", "4", "--reference-docs", "2", "--no-dask",
                                            "--jobs", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["corpus"]["documents"] == 4
    for key in ("extract_single", "run_single"):
        assert data[key]["words_per_s"] > 0 and data[key]["docs_per_s"] > 0
        assert 0 < data[key]["cpu_s"] and data[key]["words_per_cpu_s"] > 0
    assert data["reference"].get("words_per_s", 0) > 0 or "error" in data["reference"]
    assert data["machine"]["cores"] >= 1
    assert "run_jobs" not in data and "reference_processes" not in data


def test_bench_throughput_with_two_processes(tmp_path):
    out = tmp_path / "t.json"
    result = CliRunner().invoke(bench_cli, ["throughput", "--docs", "6", "--reference-docs", "2", "--no-dask",
                                            "--jobs", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["run_jobs"]["jobs"] == 2 and data["run_jobs"]["words_per_s"] > 0
    assert data["run_jobs"]["events"] == data["run_single"]["events"] > 0  # the same database either way
    assert data["reference_processes"].get("processes") == 2 or "error" in data["reference_processes"]


def test_bench_growth_rejects_bad_sizes():
    result = CliRunner().invoke(bench_cli, ["growth", "--sizes", "10,x"])
    assert result.exit_code != 0
    assert "comma-separated" in result.output
