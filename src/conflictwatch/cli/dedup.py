"""``conflictwatch dedup ...`` (incidents in the store) and ``conflictwatch eval dedup FILE``.

Two click objects to register: ``dedup_cli`` (a group) and ``eval_dedup_cmd``
(a command named ``dedup``, to add to the ``eval`` group).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

_DB = click.option("--db", "db", envvar="CONFLICTWATCH_DB", help="Database URL or SQLite file (default ./conflictwatch.db).")
_BY = click.option("--by", required=True, help="Who makes the correction (kept in the audit log).")
_REASON = click.option("--reason", required=True, help="Why (kept in the audit log).")


@click.group("dedup")
def dedup_cli() -> None:
    """Incidents: one per real-world event, however many reports describe it."""


@dedup_cli.command("run")
@_DB
def dedup_run_cmd(db):
    """Link every stored event not in an incident yet (incremental; running it again changes nothing)."""
    from conflictwatch.dedup import deduplicate
    from conflictwatch.store import Store

    with Store.open(db) as store:
        summary = deduplicate(store)
        for line in summary.lines():
            click.echo(line)
        from conflictwatch.store.incidents import count_incidents

        click.echo(f"incidents in total: {count_incidents(store)}")


@dedup_cli.command("incidents")
@_DB
@click.option("--country", help="Only incidents in this country.")
@click.option("--events/--no-events", "with_events", default=False, help="Include the member events and evidence.")
@click.option("--format", "fmt", type=click.Choice(["acled-csv", "geojson", "json", "jsonl"]), default=None,
              help="Export one ACLED-style row per incident (with cw_n_sources and cw_event_ids) "
                   "instead of the incident records.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: stdout).")
def dedup_incidents_cmd(db, country, with_events, fmt, out):
    """Print the incidents as JSON lines, or export them (--format) one row per incident."""
    from conflictwatch.dedup import iter_incidents
    from conflictwatch.store import Store

    if fmt is not None:
        export_incidents(db, fmt, out, country=country)
        return
    with Store.open(db) as store:
        for inc in iter_incidents(store, country):
            row = inc.to_dict()
            if not with_events:
                row["events"] = [e.event_id_cnty for e in inc.events]
            click.echo(json.dumps(row, ensure_ascii=False, default=str))


def export_incidents(db, fmt: str, out, *, country=None, event_type=None, date_from=None, date_to=None) -> int:
    """Write the store's incidents, filtered like ``conflictwatch events``; one row per incident."""
    from conflictwatch.dedup import iter_incidents
    from conflictwatch.dedup.export import write_incidents
    from conflictwatch.store import Store

    def keep(inc) -> bool:
        if event_type and inc.event_type != event_type:
            return False
        if date_from and (inc.date_end or inc.event_date or "") < str(date_from):
            return False
        return not (date_to and (inc.event_date or "9999") > str(date_to))

    with Store.open(db) as store:
        rows = (inc for inc in iter_incidents(store, country) if keep(inc))
        n = write_incidents(rows, fmt, out)
    if out:
        click.echo(f"{n} incidents written to {out}", err=True)
    return n


@dedup_cli.command("merge")
@click.argument("event_ids", nargs=-1, required=True)
@_BY
@_REASON
@_DB
def dedup_merge_cmd(event_ids, by, reason, db):
    """Put EVENT_IDS into one incident (kept on re-runs)."""
    from conflictwatch.dedup import merge_events
    from conflictwatch.store import Store

    with Store.open(db) as store:
        click.echo(merge_events(store, list(event_ids), by, reason))


@dedup_cli.command("split")
@click.argument("incident_id")
@click.argument("event_ids", nargs=-1, required=True)
@_BY
@_REASON
@_DB
def dedup_split_cmd(incident_id, event_ids, by, reason, db):
    """Move EVENT_IDS out of INCIDENT_ID into a new incident (they stay apart on re-runs)."""
    from conflictwatch.dedup import split_event
    from conflictwatch.store import Store

    with Store.open(db) as store:
        click.echo(split_event(store, incident_id, list(event_ids), by, reason))


@dedup_cli.command("unmerge")
@click.argument("event_id")
@_BY
@_REASON
@_DB
def dedup_unmerge_cmd(event_id, by, reason, db):
    """Take EVENT_ID out of its incident (it stays apart on re-runs)."""
    from conflictwatch.dedup import unmerge
    from conflictwatch.store import Store

    with Store.open(db) as store:
        click.echo(unmerge(store, event_id, by, reason))


@click.command("dedup")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "languages", multiple=True, help="Only reports in this language (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--min-f1", type=float, default=None, help="Exit with status 1 when pairwise F1 is below this.")
def eval_dedup_cmd(file, languages, as_json, min_f1):
    """Score incident clustering on a benchmark FILE (JSONL: id, incident, published, text, language).

    Prints pairwise and B-cubed precision/recall/F1, overall and per language,
    and the main confusions.
    """
    from conflictwatch.dedup.evaluate import evaluate_file

    result = evaluate_file(file, languages or None)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        pw, b3 = result["pairwise"], result["bcubed"]
        click.echo(f"reports: {result['reports']}  incidents: gold {result['incidents_gold']}, predicted {result['incidents_predicted']}")
        click.echo(f"pairwise  P {pw['precision']:.4f}  R {pw['recall']:.4f}  F1 {pw['f1']:.4f}  (gold pairs {pw['gold_pairs']})")
        click.echo(f"B-cubed   P {b3['precision']:.4f}  R {b3['recall']:.4f}  F1 {b3['f1']:.4f}")
        for lang, sub in result["by_language"].items():
            click.echo(
                f"  [{lang}] reports {sub['reports']} (with events {sub['with_events']}): "
                f"pairwise F1 {sub['pairwise']['f1']:.4f}, B-cubed F1 {sub['bcubed']['f1']:.4f}"
            )
        conf = result["confusions"]
        click.echo(f"false merges (pairs): {conf['false_merges']}  missed links (pairs): {conf['missed_links']}")
        for reason, n in conf["missed_by_reason"].items():
            click.echo(f"  missed: {n:4d}  {reason}")
        for pair, n in conf["false_merges_by_gold_group"].items():
            click.echo(f"  merged: {n:4d}  {pair}")
    if min_f1 is not None and result["pairwise"]["f1"] < min_f1:
        raise SystemExit(1)
