"""``conflictwatch events``: export stored events as ACLED CSV, GeoJSON, Parquet or JSON."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("events")
@click.option("--format", "fmt", default="acled-csv", show_default=True,
              type=click.Choice(["acled-csv", "geojson", "parquet", "json", "jsonl"]), help="Output format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: stdout; required for parquet).")
@click.option("--db", "db", envvar="CONFLICTWATCH_DB", help="Database URL or SQLite file (default ./conflictwatch.db).")
@click.option("--country", help="Only events in this country (name).")
@click.option("--event-type", help="Only this ACLED event type.")
@click.option("--from", "date_from", help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Only events on or before this date (YYYY-MM-DD).")
@click.option("--incidents", is_flag=True,
              help="One row per incident (reports of one real-world event merged), with cw_n_sources and cw_event_ids.")
def events_cli(fmt, out, db, country, event_type, date_from, date_to, incidents):
    """Export the events in the database (or, with --incidents, the deduplicated incidents)."""
    from conflictwatch.export import write_events
    from conflictwatch.store import Store

    if incidents:
        if fmt == "parquet":
            raise click.UsageError("--incidents exports acled-csv, geojson, json or jsonl")
        from conflictwatch.cli.dedup import export_incidents

        export_incidents(db, fmt, out, country=country, event_type=event_type, date_from=date_from, date_to=date_to)
        return
    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet needs --out FILE")
    filters = {k: v for k, v in dict(country=country, event_type=event_type, date_from=date_from, date_to=date_to).items() if v}
    with Store.open(db) as store:
        n = write_events(store.iter_events(**filters), fmt, out)
    if out:
        click.echo(f"{n} events written to {out}", err=True)
