"""``conflictwatch`` command group."""

from __future__ import annotations

import logging
import sys

import click

from conflictwatch import __version__
from conflictwatch.cli.actors import actors_cli
from conflictwatch.cli.analysis import analyze_cli, import_cli
from conflictwatch.cli.bench import bench_cli
from conflictwatch.cli.dedup import dedup_cli, eval_dedup_cmd
from conflictwatch.cli.eval import eval_cli
from conflictwatch.cli.geo import gazetteer_cli, geo_cli
from conflictwatch.cli.serve import apikey_cmd, report_cmd, serve_cmd
from conflictwatch.cli.watch import watch_cmd
from conflictwatch.cli.events import events_cli
from conflictwatch.cli.extract import extract_cli
from conflictwatch.cli.run import run_cli
from conflictwatch.errors import ConflictwatchError

DB_HELP = "Database URL or SQLite file path (default: $CONFLICTWATCH_DB, else ./conflictwatch.db)."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conflictwatch")
@click.option("-v", "--verbose", is_flag=True, help="Log progress details to stderr.")
def cli(verbose: bool) -> None:
    """Turn news reporting on armed conflict into geocoded, evidenced ACLED-style event data.

    \b
    Quick start:
      conflictwatch run                       # bundled examples -> ./conflictwatch.db
      conflictwatch events --format acled-csv # export what is stored
      conflictwatch extract PAGE.txt --json   # one document, no database
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


cli.add_command(extract_cli)
cli.add_command(run_cli)
cli.add_command(events_cli)
cli.add_command(import_cli)
cli.add_command(actors_cli)
cli.add_command(gazetteer_cli)
cli.add_command(geo_cli)
cli.add_command(serve_cmd)
cli.add_command(report_cmd)
cli.add_command(apikey_cmd)
cli.add_command(watch_cmd)
cli.add_command(bench_cli)
cli.add_command(dedup_cli)
eval_cli.add_command(eval_dedup_cmd)
cli.add_command(eval_cli)
cli.add_command(analyze_cli)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except ConflictwatchError as exc:  # pragma: no cover - click handles most errors itself
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
