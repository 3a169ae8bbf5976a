"""``conflictwatch serve`` (dashboard + REST API), ``conflictwatch report`` (situation brief), ``conflictwatch apikey``."""

from __future__ import annotations

import os
from pathlib import Path

import click

DB_OPTION_HELP = "Database URL or SQLite file (default ./conflictwatch.db)."


@click.command("serve")
@click.option("--db", "db", envvar="CONFLICTWATCH_DB", help=DB_OPTION_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--require-read-key", is_flag=True, help="Reads need an API key too (writes always do).")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (e.g. one per core); each has its own rate limiter.")
def serve_cmd(db, host, port, require_read_key, log_level, workers):
    """Serve the dashboard and the REST API (http://HOST:PORT/, OpenAPI at /openapi.json).

    Works offline: the map library and the Natural Earth basemap are in the package.
    Review needs an analyst key: create one with `conflictwatch apikey create NAME --role analyst`.
    With --workers N, N processes share the port and the database (SQLite: one writer at a time, the others
    wait for it; PostgreSQL: concurrent).
    """
    import uvicorn

    from conflictwatch.api import create_app
    from conflictwatch.store import Store, resolve_db_url

    access_log = log_level in ("info", "debug")
    if workers == 1:
        app = create_app(db, require_read_key=require_read_key)
        click.echo(f"conflictwatch dashboard on http://{host}:{port}/  (database: {app.state.store.url})", err=True)
        uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log)
        return
    full_url = resolve_db_url(db)
    with Store.open(full_url) as store:  # migrate once, here, and fail early on a bad database
        url = store.url  # password hidden
    os.environ["CONFLICTWATCH_DB"] = full_url
    os.environ["CONFLICTWATCH_REQUIRE_READ_KEY"] = "1" if require_read_key else "0"
    click.echo(f"conflictwatch dashboard on http://{host}:{port}/  (database: {url}, {workers} workers)", err=True)
    uvicorn.run("conflictwatch.api.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level=log_level, access_log=access_log)


@click.group("apikey")
def apikey_cmd():
    """Create, list and revoke API keys (stored hashed)."""


@apikey_cmd.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["read", "analyst", "admin"]), default="analyst", show_default=True)
@click.option("--db", "db", envvar="CONFLICTWATCH_DB", help=DB_OPTION_HELP)
def apikey_create(name, role, db):
    """Create a key for NAME; prints the token once (keep it: only its hash is stored)."""
    from conflictwatch.store import Store
    from conflictwatch.store.keys import ApiKeys

    with Store.open(db) as store:
        click.echo(ApiKeys(store).create(name, role))


@apikey_cmd.command("list")
@click.option("--db", "db", envvar="CONFLICTWATCH_DB", help=DB_OPTION_HELP)
def apikey_list(db):
    """List keys (never their secrets)."""
    from conflictwatch.store import Store
    from conflictwatch.store.keys import ApiKeys

    with Store.open(db) as store:
        for k in ApiKeys(store).list():
            click.echo(f"{k.key_id}\t{k.role}\t{k.name}\t{k.created_at}\t{'revoked ' + k.revoked_at if k.revoked_at else 'active'}")


@apikey_cmd.command("revoke")
@click.argument("key_id")
@click.option("--db", "db", envvar="CONFLICTWATCH_DB", help=DB_OPTION_HELP)
def apikey_revoke(key_id, db):
    """Revoke the key KEY_ID."""
    from conflictwatch.store import Store
    from conflictwatch.store.keys import ApiKeys

    with Store.open(db) as store:
        if not ApiKeys(store).revoke(key_id):
            raise click.ClickException(f"no active key {key_id!r}")
    click.echo(f"revoked {key_id}")


@click.command("report")
@click.option("--db", "db", envvar="CONFLICTWATCH_DB", help=DB_OPTION_HELP)
@click.option("--country", required=True, help="Country: ISO2 (BF), ISO3 or name.")
@click.option("--from", "date_from", required=True, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default="html", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: brief-<COUNTRY>-<FROM>-<TO>.<format>).")
@click.option("--top", default=10, show_default=True, type=int, help="How many of the most serious events to list.")
def report_cmd(db, country, date_from, date_to, fmt, out, top):
    """Write a situation brief for COUNTRY and a period: map, trends, most serious events with citations,
    changes in areas of influence and active alerts (when the analysis module provides them)."""
    from conflictwatch.reports import build_brief, write_brief
    from conflictwatch.store import Store

    with Store.open(db) as store:
        try:
            brief = build_brief(store, country, date_from, date_to, top=top)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
    target = out or Path(f"brief-{brief.country_code or 'XX'}-{date_from}-{date_to}.{fmt}")
    write_brief(brief, target, fmt)
    click.echo(f"{brief.total_events} events, {brief.total_fatalities} fatalities -> {target}")


if __name__ == "__main__":  # pragma: no cover - `python -m conflictwatch.cli.serve` (tests start the server so)
    serve_cmd()
