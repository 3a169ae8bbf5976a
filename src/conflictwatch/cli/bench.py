"""``conflictwatch bench``: throughput, growth and store benchmarks (JSON results; see docs/benchmarks.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import click


def _emit(result: dict[str, Any], out: Optional[Path]) -> None:
    text = json.dumps(result, indent=2, default=str)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"results written to {out}", err=True)
    click.echo(text)


_OUT = click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
                    help="Also write the JSON results to this file.")


@click.group("bench")
def bench_cli():
    """Measure how fast conflictwatch runs (results as JSON)."""


@bench_cli.command("throughput")
@click.option("--docs", "n_docs", type=click.IntRange(min=2), default=200, show_default=True,
              help="Generated English and French pages.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Dask workers.")
@click.option("--reference-docs", type=click.IntRange(min=1), default=60, show_default=True,
              help="Pages the spaCy reference parses.")
@click.option("--dask/--no-dask", "with_dask", default=True, show_default=True, help="Also run on Dask.")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Also a full run with this many processes (run --jobs), and the reference with as many.")
@click.option("--seed", type=int, default=1, show_default=True)
@_OUT
def throughput_cmd(n_docs, workers, reference_docs, with_dask, jobs, seed, out):
    """Words/s and documents/s, single process and Dask, against spaCy's small model."""
    from conflictwatch.engine.bench import throughput

    _emit(throughput(n_docs, dask_workers=workers, reference_docs=reference_docs, seed=seed, with_dask=with_dask,
                     jobs=jobs), out)


@bench_cli.command("growth")
@click.option("--sizes", default="1000,10000,100000", show_default=True, help="Comma-separated corpus sizes.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Processes per run (run --jobs).")
@_OUT
def growth_cmd(sizes, seed, jobs, out):
    """Time and peak memory of a full run as the corpus grows (each size in a fresh process)."""
    from conflictwatch.engine.bench import growth

    try:
        values = [int(s) for s in sizes.split(",") if s.strip()]
    except ValueError as exc:
        raise click.BadParameter(f"{sizes!r}: expected comma-separated integers", param_hint="--sizes") from exc
    if not values or min(values) < 1:
        raise click.BadParameter(f"{sizes!r}: expected positive sizes", param_hint="--sizes")
    _emit(growth(values, seed=seed, jobs=jobs, on_result=lambda row: click.echo(json.dumps(row), err=True)), out)


@bench_cli.command("store")
@click.option("--db", "db", required=True, help="Store URL or SQLite file (loaded with synthetic events).")
@click.option("--events", "n_events", type=click.IntRange(min=1), default=2_000_000, show_default=True)
@click.option("--runs", type=click.IntRange(min=1), default=40, show_default=True, help="Timed runs per query.")
@_OUT
def store_cmd(db, n_events, runs, out):
    """Load rate, filtered query p50/p95 and influence aggregation at N synthetic events."""
    from conflictwatch.engine.bench import store_bench

    _emit(store_bench(db, n_events, runs=runs, progress=lambda line: click.echo(line, err=True)), out)
