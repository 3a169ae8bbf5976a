"""``conflictwatch gazetteer import FILE`` and ``conflictwatch geo resolve NAME``.

Two click groups for the lead to register: :data:`gazetteer_cli` and :data:`geo_cli`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group("gazetteer")
def gazetteer_cli():
    """Manage the offline gazetteer (user places overlay)."""


@gazetteer_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", help="Name for this import (default: the file name without extension); "
                               "re-importing under the same name updates its places.")
@click.option("--user-db", type=click.Path(dir_okay=False, path_type=Path), envvar="CONFLICTWATCH_GAZETTEER_USER",
              help="User overlay file or folder (default: next to the packaged gazetteer).")
@click.option("--feature-class", "feature_classes", multiple=True, default=("P",), show_default=True,
              help="GeoNames feature classes to import from a dump (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_cmd(file, source, user_db, feature_classes, as_json):
    """Import a GeoNames country dump (ML.txt, BF.zip, ...) or a CSV of places into the user overlay."""
    from conflictwatch.errors import ConflictwatchError
    from conflictwatch.geo.importer import import_places
    from conflictwatch.geo.overlay import OVERLAY_FILE

    overlay = None
    if user_db is not None:
        overlay = user_db if user_db.suffix in (".sqlite", ".db", ".sqlite3") else user_db / OVERLAY_FILE
    try:
        report = import_places(file, source=source, overlay=overlay, feature_classes=feature_classes)
    except ConflictwatchError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({**report.__dict__, "imported": report.imported}, ensure_ascii=False, indent=2))
    else:
        for line in report.errors[:50]:
            click.echo(f"error: {line}", err=True)
        for line in report.warnings[:50]:
            click.echo(f"warning: {line}", err=True)
        more = len(report.errors) + len(report.warnings) - min(len(report.errors), 50) - min(len(report.warnings), 50)
        if more > 0:
            click.echo(f"... {more} more (use --json for all)", err=True)
        click.echo(report.summary())
    if report.imported == 0 and report.errors:
        raise SystemExit(1)


@click.group("geo")
def geo_cli():
    """Query the gazetteer and resolver."""


@geo_cli.command("resolve")
@click.argument("name")
@click.option("--country", help="Country (ISO2, ISO3 or name) the place is in.")
@click.option("--context", help="Text around the name, e.g. 'attacked near Djibo (Soum, Sahel)'.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--gazetteer", "gaz_path", type=click.Path(dir_okay=False), help="Gazetteer SQLite (default: packaged).")
def resolve_cmd(name, country, context, as_json, gaz_path):
    """Resolve a place NAME: best candidate and alternatives, with coordinates, admin units and precision."""
    from conflictwatch.errors import ConflictwatchError
    from conflictwatch.geo.gazetteer import default_gazetteer
    from conflictwatch.geo.lookup import resolve_name

    try:
        res = resolve_name(name, default_gazetteer(gaz_path), country=country, context=context)
    except ConflictwatchError as exc:
        raise click.ClickException(str(exc)) from exc
    d = res.to_dict()
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    b = d["best"]
    if b is None:
        click.echo(f"{name}: not found")
    else:
        click.echo(f"{b['location']} -> {b['name']} ({b['kind']}), {b['admin2'] or '-'}, {b['admin1'] or '-'}, "
                   f"{b['country']}  {b['latitude']:.4f}, {b['longitude']:.4f}  precision {b['geo_precision']}  "
                   f"confidence {b['confidence']}  [{b['method']}]")
    for a in d["alternatives"]:
        click.echo(f"  alt: {a['name']} ({a['kind']}), {a['admin1'] or '-'}, {a['country']}  "
                   f"{a['latitude']:.4f}, {a['longitude']:.4f}  score {a['score']}")
