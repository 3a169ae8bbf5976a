"""Adapter from the store (reviewed events) to ``conflictwatch.analysis``: influence layers, their
changes between two periods, and alerts.  Used by the API (``/api/layers``, ``/api/alerts``) and the
briefs.  Every function returns None when the analysis module (or its optional dependency, h3) is not
installed, so callers can say "not available" instead of failing.
"""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from typing import Any, Optional

from conflictwatch.store import Store
from conflictwatch.store.event_query import EventFilter, iter_reviewed_events

__all__ = ["analysis_available", "influence_layer", "influence_changes", "alerts_for"]

PERIODS = ("year", "half", "quarter", "month", "week")


def analysis_available() -> bool:
    """True when ``conflictwatch.analysis`` and what it needs (h3, numpy) import."""
    for name in ("conflictwatch.analysis", "h3", "numpy"):
        if importlib.util.find_spec(name) is None:
            return False
    return True


def _resolver() -> Any:
    from conflictwatch.actors import default_kb
    from conflictwatch.analysis import ActorResolver

    return ActorResolver(default_kb())


def influence_layer(store: Store, f: EventFilter = EventFilter(), *, period: str = "year",
                    at: Optional[str] = None) -> Optional[dict[str, Any]]:
    """The areas of influence (GeoJSON hexagons) for the period containing ``at`` (default: the latest)."""
    if not analysis_available():
        return None
    from conflictwatch.analysis import InfluenceConfig, compute_influence
    from conflictwatch.analysis.base import period_of

    if period not in PERIODS:
        raise ValueError(f"period={period!r}: expected one of {', '.join(PERIODS)}")
    events = list(iter_reviewed_events(store, f))
    periods = [period_of(date.fromisoformat(at), period)] if at else None
    maps = compute_influence(events, _resolver(), InfluenceConfig(period=period), periods=periods)
    if not maps:
        return {"type": "FeatureCollection", "features": [], "period": None, "summary": {}}
    latest = maps[-1]
    out = latest.to_geojson()
    out["period"] = latest.period
    out["summary"] = latest.summary()
    return out


def influence_changes(store: Store, country: str, date_from: str, date_to: str) -> Optional[list[dict[str, Any]]]:
    """Cells whose status or dominant network changed between the period before ``date_from`` and the one
    ending ``date_to`` (quarters; halves for periods longer than four months)."""
    if not analysis_available():
        return None
    from conflictwatch.analysis import InfluenceConfig, compute_influence
    from conflictwatch.analysis.base import period_of

    start, end = date.fromisoformat(date_from), date.fromisoformat(date_to)
    period = "half" if (end - start).days > 124 else "quarter"
    before, now = period_of(start - timedelta(days=1), period), period_of(end, period)
    if before == now:
        return []
    events = list(iter_reviewed_events(store, EventFilter(country=country, date_to=date_to)))
    maps = {m.period: m for m in compute_influence(events, _resolver(), InfluenceConfig(period=period),
                                                   periods=[before, now])}
    old = {c.cell: c for c in maps[before].cells} if before in maps else {}
    new = {c.cell: c for c in maps[now].cells} if now in maps else {}
    changes = []
    for cell in sorted(set(old) | set(new)):
        a, b = old.get(cell), new.get(cell)
        was = (a.status, a.network) if a else ("none", None)
        is_ = (b.status, b.network) if b else ("none", None)
        if was == is_ or is_[0] == "weak" and was[0] in ("weak", "none"):
            continue
        label = lambda s: f"{s[0]} ({s[1]})" if s[1] else s[0]  # noqa: E731
        changes.append({"cell": cell, "before": label(was), "after": label(is_),
                        "summary": f"cell {cell}: {label(was)} in {before} → {label(is_)} in {now}"})
    return changes


def alerts_for(store: Store, country: Optional[str] = None, *, date_from: Optional[str] = None,
               date_to: Optional[str] = None) -> Optional[list[dict[str, Any]]]:
    """Alerts raised by the packaged rules (``knowledge/alerts.yaml``) over reviewed events, newest first;
    only those for weeks that overlap ``date_from``..``date_to`` when given."""
    if importlib.util.find_spec("conflictwatch.analysis") is None:
        return None
    from conflictwatch.analysis import evaluate_alerts, load_alert_config, to_points

    events = list(iter_reviewed_events(store, EventFilter(country=country, date_to=date_to)))
    points = to_points(events)
    if not points:
        return []
    since = date.fromisoformat(date_from) if date_from else None
    alerts = evaluate_alerts(points, load_alert_config().rules, since=since)
    return [a.to_dict() for a in reversed(alerts)]
