"""``conflictwatch import acled`` and ``conflictwatch analyze influence|relations|isolation|trends|index|alerts``.

A thin layer over :mod:`conflictwatch.sources.acled` and :mod:`conflictwatch.analysis`; events are read only
through ``Store.iter_events``.  Every analysis command takes ``--json``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Optional

import click

from conflictwatch.errors import ConflictwatchError

DB_OPTION = click.option("--db", "db", envvar="CONFLICTWATCH_DB",
                         help="Database URL or SQLite file (default: $CONFLICTWATCH_DB, else ./conflictwatch.db).")


def _filters(f):
    f = click.option("--country", help="Only events in this country (name, as stored).")(f)
    f = click.option("--from", "date_from", help="Only events on or after this date (YYYY-MM-DD).")(f)
    f = click.option("--to", "date_to", help="Only events on or before this date (YYYY-MM-DD).")(f)
    f = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(f)
    return DB_OPTION(f)


def _events(db: Optional[str], country: Optional[str], date_from: Optional[str], date_to: Optional[str]):
    """The stored events, streamed (the store stays open while they are read; nothing is held in memory)."""
    from conflictwatch.analysis import ANALYSIS_FIELDS

    return _stream(db, country, date_from, date_to, lambda store, filters: store.iter_events(
        **filters, fields=ANALYSIS_FIELDS))


def _event_rows(db: Optional[str], country: Optional[str], date_from: Optional[str], date_to: Optional[str],
                fields: tuple[str, ...]):
    """The values of ``fields`` of each stored event, as tuples, streamed in no particular order."""
    return _stream(db, country, date_from, date_to, lambda store, filters: store.iter_event_rows(fields, **filters))


def _stream(db, country, date_from, date_to, read):
    from conflictwatch.store import Store

    filters = {k: v for k, v in dict(country=country, date_from=date_from, date_to=date_to).items() if v}
    try:
        store = Store.open(db)
    except ConflictwatchError as exc:
        raise click.ClickException(str(exc)) from exc

    def stream():
        try:
            with store:
                yield from read(store, filters)
        except (ConflictwatchError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc

    return stream()


def _resolver():
    from conflictwatch.actors import default_kb
    from conflictwatch.analysis import ActorResolver

    return ActorResolver(default_kb())


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _day(value: Optional[str], name: str) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


# --------------------------------------------------------------------------- import


@click.group("import")
def import_cli() -> None:
    """Import existing event datasets into the database."""


@import_cli.command("acled")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print what was imported as JSON.")
def import_acled_cmd(files: tuple[Path, ...], db: Optional[str], as_json: bool) -> None:
    """Load ACLED CSV exports (dyadic or monadic, with or without the HXL row); re-importing a file adds nothing.

    Events already stored from another file (overlapping exports) are skipped and counted.
    """
    from conflictwatch.sources.acled import import_acled
    from conflictwatch.store import Store

    results = []
    try:
        with Store.open(db) as store:
            for f in files:
                results.append(import_acled(store, f))
    except ConflictwatchError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        _echo_json([{"file": r.uri, "doc_id": r.doc_id, "events": r.events, "imported": r.imported,
                     "rows": r.rows, "skipped_existing": r.skipped, "skipped_ids": list(r.skipped_ids)}
                    for r in results])
        return
    for r in results:
        if r.imported:
            extra = f"; {r.skipped} already stored from another file, skipped" if r.skipped else ""
            click.echo(f"{r.uri}: {r.events} events imported (document {r.doc_id[:12]}){extra}")
        else:
            click.echo(f"{r.uri}: already imported (document {r.doc_id[:12]}), nothing added")


# --------------------------------------------------------------------------- analyze


@click.group("analyze")
def analyze_cli() -> None:
    """Analyses over the stored events: influence, relations, isolation, trends, index, alerts."""


@analyze_cli.command("influence")
@_filters
@click.option("--resolution", default=4, show_default=True, type=click.IntRange(0, 15), help="H3 resolution.")
@click.option("--period", default="year", show_default=True,
              type=click.Choice(["year", "half", "quarter", "month", "week"]))
@click.option("--at", "labels", multiple=True, help="Only these periods (e.g. 2019, 2019-Q3); repeatable.")
@click.option("--half-life", default=180.0, show_default=True, help="Decay half-life in days.")
@click.option("--window", default=730, show_default=True, help="Days of history counted before a period's end.")
@click.option("--actor", help="Also list the cells of this actor (name or alias).")
@click.option("--geojson", type=click.Path(dir_okay=False, path_type=Path), help="Write the cells as GeoJSON.")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a PNG map (several periods: one file per period, NAME-PERIOD.png).")
def influence_cmd(db, country, date_from, date_to, as_json, resolution, period, labels, half_life, window, actor,
                  geojson, png):
    """Areas of influence per network and actor on an H3 grid, with dominant and contested cells."""
    from conflictwatch.analysis import InfluenceConfig
    from conflictwatch.analysis.influence import INFLUENCE_FIELDS, influence_from_rows
    from conflictwatch.analysis.influence_map import save_influence_png

    resolver = _resolver()
    cfg = InfluenceConfig(resolution=resolution, period=period, half_life_days=half_life, window_days=window)
    rows = _event_rows(db, country, date_from, date_to, INFLUENCE_FIELDS)
    maps = influence_from_rows(rows, resolver, cfg, periods=labels or None)
    actor_name = None
    if actor:
        ref = resolver.resolve(actor)
        kb_actor = resolver.kb.get(ref.key)
        actor_name = kb_actor.name if kb_actor else actor
    if geojson:
        features = [f for m in maps for f in m.to_geojson()["features"]]
        geojson.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    pngs = []
    if png:
        for m in maps:
            path = png if len(maps) == 1 else png.with_name(f"{png.stem}-{m.period}{png.suffix or '.png'}")
            pngs.append(str(save_influence_png(m, path)))
    if as_json:
        out = []
        for m in maps:
            d = m.to_dict()
            if actor_name:
                d["actor"] = {"name": actor_name, "cells": [c.cell for c in m.for_actor(actor_name)]}
            out.append(d)
        _echo_json({"maps": out, "png": pngs, "geojson": str(geojson) if geojson else None})
        return
    for m in maps:
        s = m.summary()
        dom = ", ".join(f"{k} {v}" for k, v in s["dominant"].items()) or "none"
        line = f"{m.period}: {s['cells']} cells; dominant: {dom}; contested {s['contested']}; weak {s['weak']}"
        if actor_name:
            line += f"; {actor_name}: {len(m.for_actor(actor_name))} cells"
        click.echo(line)
    for p in pngs:
        click.echo(f"map written to {p}", err=True)


@analyze_cli.command("relations")
@_filters
@click.option("--pair", nargs=2, help="The two groups (names, aliases or ids), e.g. --pair JNIM ISGS.")
@click.option("--top", default=4, show_default=True, help="Without --pair: all pairs of the N most active groups.")
@click.option("--period", default="year", show_default=True,
              type=click.Choice(["year", "half", "quarter", "month"]))
@click.option("--distance-km", default=25.0, show_default=True, help="Space threshold (joint attacks, Knox).")
@click.option("--days", default=14, show_default=True, help="Time threshold (joint attacks, Knox).")
@click.option("--permutations", default=999, show_default=True, help="Knox test permutations.")
@click.option("--seed", default=0, show_default=True, help="Random seed of the permutations.")
def relations_cmd(db, country, date_from, date_to, as_json, pair, top, period, distance_km, days, permutations, seed):
    """Relation timeline (coexisting / coordinating / fighting) between armed groups, with its evidence."""
    from itertools import combinations

    from conflictwatch.analysis.relations import RelationConfig, active_groups, relation_timelines

    resolver = _resolver()
    cfg = RelationConfig(period=period, distance_km=distance_km, days=days, permutations=permutations, seed=seed)
    if pair:
        pairs = [tuple(pair)]
    else:
        groups = [k for k, _ in active_groups(_events(db, country, date_from, date_to), resolver, top=top)]
        pairs = list(combinations(groups, 2))
    relations = relation_timelines(_events(db, country, date_from, date_to), resolver, pairs, cfg)
    if as_json:
        _echo_json([r.to_dict() for r in relations])
        return
    for r in relations:
        click.echo(f"{r.a} <-> {r.b}")
        for p in r.periods:
            click.echo(f"  {p.period}: {p.relation:<12} {p.reason}")


def _towns(specs: tuple[str, ...], country: Optional[str]):
    from conflictwatch.analysis import Town

    towns = []
    gaz = None
    for spec in specs:
        m = re.fullmatch(r"\s*(.+?)\s*@\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*", spec)
        if m:
            towns.append(Town(m.group(1), float(m.group(2)), float(m.group(3))))
            continue
        if gaz is None:
            from conflictwatch.geo import default_gazetteer

            gaz = default_gazetteer()
        iso = None
        if country:
            place = gaz.country(country)
            iso = place.country_iso2 if place else None
        found = gaz.lookup(spec, iso)
        if not found:
            raise click.BadParameter(f"{spec!r} is not in the gazetteer; give it as 'NAME@LAT,LON'",
                                     param_hint="--town")
        best = max(found, key=lambda p: (p.kind == "locality", p.population))
        towns.append(Town(best.name, best.latitude, best.longitude))
    return towns


@analyze_cli.command("isolation")
@_filters
@click.option("--town", "town_specs", multiple=True, help="A town: gazetteer name or 'NAME@LAT,LON'; repeatable.")
@click.option("--top-locations", default=0, help="Also take the N most frequent precise event locations as towns.")
@click.option("--radius-km", default=60.0, show_default=True, help="Radius of the approaches.")
@click.option("--cut-days", default=28, show_default=True, help="Days an approach stays cut after an attack.")
@click.option("--rank", "rank_by", default="mean", show_default=True, type=click.Choice(["mean", "max", "current"]),
              help="Order towns by mean, max or current weekly index.")
@click.option("--weeks", "show_weeks", is_flag=True, help="With --json: include the weekly series.")
def isolation_cmd(db, country, date_from, date_to, as_json, town_specs, top_locations, radius_km, cut_days,
                  rank_by, show_weeks):
    """Isolation index per town per week (share of direction sectors cut) and the cut approaches."""
    from conflictwatch.analysis import IsolationConfig, town_isolation, towns_from_events

    towns = _towns(town_specs, country)
    if top_locations:
        known = {t.name for t in towns}
        towns += [t for t in towns_from_events(_events(db, country, date_from, date_to), top=top_locations)
                  if t.name not in known]
    if not towns:
        raise click.UsageError("give --town NAME (repeatable) or --top-locations N")
    cfg = IsolationConfig(radius_km=radius_km, cut_days=cut_days)
    results = town_isolation(_events(db, country, date_from, date_to), towns, cfg,
                             date_from=_day(date_from, "--from"), date_to=_day(date_to, "--to"))
    key = {"mean": lambda r: r.mean_index, "max": lambda r: r.max_index,
           "current": lambda r: r.weeks[-1].index if r.weeks else 0.0}[rank_by]
    results.sort(key=lambda r: (-key(r), r.town.name))
    if as_json:
        _echo_json([r.to_dict(weeks=show_weeks) for r in results])
        return
    for r in results:
        cut = ", ".join(f"{c.sector} ({c.attacks}, last {c.last_attack})" for c in r.cut_approaches) or "none"
        click.echo(f"{r.town.name}: mean {r.mean_index:.2f}, max {r.max_index:.2f}, "
                   f"{r.approach_events} approach attacks; cut now: {cut}")


@analyze_cli.command("trends")
@_filters
@click.option("--level", default="admin1", show_default=True, type=click.Choice(["country", "admin1", "admin2"]))
@click.option("--top", default=10, show_default=True, help="Show the N areas with most events.")
def trends_cmd(db, country, date_from, date_to, as_json, level, top):
    """Events and fatalities per admin unit per week."""
    from conflictwatch.analysis.trends import weekly_series_from_events

    series = weekly_series_from_events(_events(db, country, date_from, date_to), level)
    ranked = sorted(series.values(), key=lambda s: (-sum(s.events), s.area))[:top]
    if as_json:
        _echo_json([s.to_dict() for s in ranked])
        return
    for s in ranked:
        busiest = max(range(len(s.events)), key=lambda i: s.events[i])
        click.echo(f"{s.area}: {sum(s.events)} events, {sum(s.fatalities)} fatalities; busiest week "
                   f"{s.weeks[busiest]} ({s.events[busiest]} events)")


@analyze_cli.command("index")
@_filters
@click.option("--level", default="country", show_default=True, type=click.Choice(["country", "admin1"]))
@click.option("--year", "years", multiple=True, type=int, help="Only these calendar years; repeatable.")
@click.option("--top", default=0, help="Show only the N highest-ranked areas per period (0: all).")
def index_cmd(db, country, date_from, date_to, as_json, level, years, top):
    """Conflict index (deadliness, danger to civilians, diffusion, fragmentation) per country or admin-1.

    Periods are calendar years, or the one window --from..--to when either is given.
    """
    from conflictwatch.analysis.index import conflict_index

    indexes = conflict_index(_events(db, country, date_from, date_to), _resolver(), level=level,
                             years=years or None, start=_day(date_from, "--from"), end=_day(date_to, "--to"))
    if top:
        indexes = [dataclasses.replace(i, rows=i.rows[:top]) for i in indexes]
    if as_json:
        _echo_json([i.to_dict() for i in indexes])
        return
    for i in indexes:
        click.echo(f"{i.period} ({i.level}; high-violence cell: >= {i.high_threshold} events)")
        for r in i.rows:
            click.echo(f"  {r.rank:>3}. {r.area}: deadliness {r.deadliness}, danger to civilians "
                       f"{r.danger_to_civilians}, diffusion {r.diffusion:.4f} ({r.high_cells}/{r.total_cells} "
                       f"cells, {r.diffusion_basis}), fragmentation {r.fragmentation}")


@analyze_cli.command("alerts")
@_filters
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Alert rules and sinks (YAML); default: the packaged example knowledge/alerts.yaml.")
@click.option("--since", help="Only alerts for weeks ending on or after this date (YYYY-MM-DD).")
@click.option("--jsonl", "jsonl_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also append alerts to this JSONL file (known alerts skipped).")
@click.option("--webhook", help="Also POST alerts to this URL.")
@click.option("--atom", "atom_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also keep the latest alerts, with their evidence events, in this Atom feed file.")
def alerts_cmd(db, country, date_from, date_to, as_json, config_path, since, jsonl_path, webhook, atom_path):
    """Evaluate alert rules over the events and deliver the alerts (stdout, JSONL file, webhook, Atom file)."""
    from conflictwatch.analysis import (
        AtomSink,
        JsonlSink,
        WebhookSink,
        deliver,
        evaluate_alerts,
        evidence_from_events,
        load_alert_config,
        make_sink,
    )
    from conflictwatch.analysis.trends import to_points

    evidence = evidence_from_events(lambda a, b: _events(db, country, a.isoformat(), b.isoformat()))
    try:
        config = load_alert_config(config_path)
        alerts = evaluate_alerts(to_points(_events(db, country, date_from, date_to)), config.rules,
                                 since=_day(since, "--since"))
        base = config_path.parent if config_path else None
        sinks = [make_sink(s, base=base, evidence=evidence) for s in config.sinks
                 if not (as_json and s.get("type") == "stdout")]
        if jsonl_path:
            sinks.append(JsonlSink(jsonl_path))
        if webhook:
            sinks.append(WebhookSink(webhook))
        if atom_path:
            sinks.append(AtomSink(atom_path, evidence=evidence))
        delivered = deliver(alerts, sinks)
    except ConflictwatchError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        _echo_json({"alerts": [a.to_dict() for a in alerts], "delivered": delivered})
    else:
        click.echo(f"{len(alerts)} alerts", err=True)
