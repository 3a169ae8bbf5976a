"""``conflictwatch run``: ingest -> extract -> store, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path

import click
from tqdm import tqdm


@click.command("run")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", "db", envvar="CONFLICTWATCH_DB", help="Database URL or SQLite file (default ./conflictwatch.db).")
@click.option("--progress/--no-progress", default=True, help="Show a progress bar on stderr.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process; dask: documents partitioned over Dask workers (docs/dask.md).")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Workers of the local Dask cluster (ignored with --scheduler).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local engine: processes to use; with 2 or more, N-1 of them clean and extract the next "
                   "documents while this one stores (same database as with 1).")
def run_cli(paths, db, progress, engine, scheduler, workers, jobs):
    """Ingest PATHS (files, directories, RSS/Atom feeds, WARC files) into the database.

    With no PATHS, runs the bundled example documents.  Raw documents are stored
    before processing; running again on the same input adds nothing.
    """
    from conflictwatch.store import Store
    from conflictwatch.workflow import bundled_examples, default_pipeline, run

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if jobs > 1 and engine == "dask":
        raise click.UsageError("--jobs is for the local engine; the Dask engine takes --workers")
    targets = list(paths) or [bundled_examples()]
    with Store.open(db) as store:
        # disable=None: a bar on a terminal, nothing when stderr is a file or a pipe
        bar = tqdm(desc="documents", unit="doc", disable=None if progress else True, leave=False)
        try:
            if engine == "dask":
                from conflictwatch.engine.dask_engine import run_dask

                summary = run_dask(targets, store, scheduler=scheduler, workers=workers,
                                   on_document=lambda uri: bar.update(1))
            else:
                summary = run(targets, store, default_pipeline(), on_document=lambda uri: bar.update(1), jobs=jobs)
        finally:
            bar.close()
        for line in summary.lines():
            click.echo(line)
        click.echo(f"database: {store.url}  (events in total: {store.count_events()})")
