"""``conflictwatch bench``: tiny runs of each benchmark, checking the JSON shape and the figures' sense."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conflictwatch.cli.bench import bench_cli
from conflictwatch.engine.corpus import CorpusSpec, generate_pages, paragraph_pool, write_corpus


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
    assert [p.name for p in paths] == sorted(p.name for p in (tmp_path / "c").iterdir())


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
                                            "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["corpus"]["documents"] == 4
    for key in ("extract_single", "run_single"):
        assert data[key]["words_per_s"] > 0 and data[key]["docs_per_s"] > 0
        assert 0 < data[key]["cpu_s"] and data[key]["words_per_cpu_s"] > 0
    assert data["reference"].get("words_per_s", 0) > 0 or "error" in data["reference"]
    assert data["machine"]["cores"] >= 1


def test_bench_growth_rejects_bad_sizes():
    result = CliRunner().invoke(bench_cli, ["growth", "--sizes", "10,x"])
    assert result.exit_code != 0
    assert "comma-separated" in result.output
