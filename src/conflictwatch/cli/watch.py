"""``conflictwatch watch CONFIG``: poll RSS/Atom feeds on a schedule, ingest new items, fire alerts.

A thin layer over :mod:`conflictwatch.monitor` (the config format is described there).
"""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Optional

import click

from conflictwatch.errors import ConflictwatchError


@click.command("watch")
@click.argument("config_path", metavar="CONFIG", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", "db",
              help="Database URL or SQLite file (default: the config's db, else $CONFLICTWATCH_DB, "
                   "else ./conflictwatch.db).")
@click.option("--once", is_flag=True, help="Run one poll and exit.")
@click.option("--max-polls", type=click.IntRange(1), help="Stop after this many polls.")
@click.option("--interval", type=click.FloatRange(min=0.1), help="Seconds between polls (overrides the config).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line per poll.")
def watch_cmd(config_path: Path, db: Optional[str], once: bool, max_polls: Optional[int], interval: Optional[float],
              as_json: bool) -> None:
    """Poll the feeds of CONFIG, ingest new items, update the analyses and fire alerts.

    Restart-safe: an item is marked seen only once it is stored, so stopping (Ctrl-C, SIGTERM) or a crash
    loses nothing and processes nothing twice.
    """
    import dataclasses

    from conflictwatch.monitor import load_watch_config, watch

    stop = threading.Event()

    def _stop(signum, _frame):  # finish the current item, then leave
        stop.set()

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _stop)

    def on_poll(report) -> None:
        if as_json:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            click.echo(report.line())
            for err in report.errors:
                click.echo(f"  error: {err}", err=True)

    try:
        config = load_watch_config(config_path)
        if interval:
            config = dataclasses.replace(config, interval=interval)
        watch(config, db=db, once=once, max_polls=max_polls, stop=stop, on_poll=on_poll)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    except ConflictwatchError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
