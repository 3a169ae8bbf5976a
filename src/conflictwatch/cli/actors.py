"""``conflictwatch actors``: resolve actor mentions and list the actor knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import click

from conflictwatch.errors import InputError, KnowledgeError


def _kb(extra: tuple[Path, ...]):
    from conflictwatch.actors import ActorKB, default_kb

    return ActorKB.load(extra_paths=list(extra)) if extra else default_kb()


_EXTRA = click.option("--knowledge", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                      help="Extra actor knowledge file(s) merged over the packaged ones (repeatable).")


@click.group("actors")
def actors_cli():
    """Resolve actor mentions to ACLED actors; list the actor knowledge base."""


@actors_cli.command("resolve")
@click.argument("text")
@click.option("--date", help="Event date (YYYY-MM-DD): picks the ACLED period name and the affiliates active then.")
@click.option("--country", help="Country context (ISO2 or name) for generic descriptors ('gunmen') and affiliates.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_EXTRA
def resolve_cmd(text, date, country, as_json, extra):
    """Actors named or described in TEXT, as ACLED actors."""
    from conflictwatch.actors.resolve import resolve_text

    try:
        found = resolve_text(_kb(extra), text, date=date, country=country)
    except (InputError, KnowledgeError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no actor found", err=True)
    for r in found:
        marks = [f"confidence {r.confidence:.2f}"] + ([r.qualifier] if r.qualifier else [])
        click.echo(f"{r.text!r} -> {r.acled_name} [inter {r.inter}, {r.network}] ({', '.join(marks)})")
        if r.parents:
            click.echo(f"    network: {' > '.join(r.parents)}")
        for a in r.associated:
            click.echo(f"    associated: {a}")


@actors_cli.command("list")
@click.option("--network", help="Only this network: al-Qaeda, 'Islamic State', state, other.")
@click.option("--country", help="Only actors active in this country (ISO2 or name).")
@click.option("--date", help="Show the ACLED name for this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_EXTRA
def list_cmd(network, country, date, as_json, extra):
    """Actors of the knowledge base (named groups and per-country forces)."""
    from conflictwatch.actors.resolve import list_actors

    try:
        rows = list_actors(_kb(extra), network=network, country=country, date=date)
    except (InputError, KnowledgeError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        where = ",".join(row["active_in"]) or "-"
        click.echo(f"{row['id']:<28} {row['acled_name']}  [inter {row['inter']}, {row['network']}, {where}]")
