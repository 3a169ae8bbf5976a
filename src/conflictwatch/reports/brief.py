"""The data of a situation brief: one country, one period, reviewed events only.

    brief = build_brief(store, "BF", "2019-01-01", "2019-03-31")
    brief.total_events, brief.weekly, brief.top_events, brief.alerts
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Optional

from conflictwatch.records import Event
from conflictwatch.store import Store
from conflictwatch.store.event_query import EventFilter, iter_reviewed_events, network_names
from conflictwatch.web.palette import network_colors

__all__ = ["Brief", "Citation", "build_brief", "resolve_country"]


@dataclass(frozen=True)
class Citation:
    """Where a reported event comes from: the document and the sentence that supports it."""

    doc_id: str
    title: str
    publisher: str
    published: str
    url: str
    sentence: str


@dataclass
class Brief:
    country: str
    country_code: Optional[str]
    iso_numeric: Optional[int]
    date_from: str
    date_to: str
    events: list[Event]
    total_events: int
    total_fatalities: int
    previous_events: int
    previous_fatalities: int
    weekly: list[tuple[str, int, int]]  # (week start, events, fatalities)
    by_type: list[tuple[str, int, int]]  # (event type, events, fatalities)
    by_admin1: list[tuple[str, int, int]]
    by_network: list[tuple[str, int]]
    top_events: list[tuple[Event, list[Citation]]]
    influence: Optional[list[dict[str, Any]]] = None  # None: analysis not available
    alerts: Optional[list[dict[str, Any]]] = None
    network_colors: dict[str, str] = field(default_factory=dict)  # as on the dashboard
    notes: list[str] = field(default_factory=list)


def resolve_country(value: str) -> tuple[str, Optional[str], Optional[int]]:
    """(name as stored in events, ISO2, ISO numeric) for an ISO2/ISO3 code or a name."""
    from conflictwatch.geo import default_gazetteer

    place = default_gazetteer().country(value)
    if place is None:
        raise ValueError(f"country={value!r}: not a known country code or name")
    return place.name, place.country_iso2, place.iso_numeric


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{name}={value!r}: not an ISO date (YYYY-MM-DD)") from exc


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _citations(store: Store, event: Event, cache: dict[str, dict[str, Any] | None]) -> list[Citation]:
    if event.doc_id not in cache:
        cache[event.doc_id] = store.get_document(event.doc_id)
    doc = cache[event.doc_id]
    if doc is None:
        return []
    sentence = next((ev.sentence for ev in event.evidence if ev.field == "event_type"), "")
    if not sentence and event.evidence:
        sentence = event.evidence[0].sentence
    url = doc.get("url") or next((s["url"] for s in doc.get("sources", []) if s.get("url")), "") or ""
    return [Citation(event.doc_id, doc.get("title") or doc.get("source_title") or doc["uri"],
                     doc.get("publisher") or event.source or "", doc.get("published") or "", url, sentence)]


def build_brief(store: Store, country: str, date_from: str, date_to: str, *, top: int = 10) -> Brief:
    """Collect what a brief shows for ``country`` between ``date_from`` and ``date_to`` (inclusive)."""
    start, end = _day(date_from, "date_from"), _day(date_to, "date_to")
    if end < start:
        raise ValueError(f"the period ends ({date_to}) before it starts ({date_from})")
    name, iso2, iso_num = resolve_country(country)
    events = list(iter_reviewed_events(store, EventFilter(country=name, date_from=start.isoformat(),
                                                          date_to=end.isoformat())))
    span = (end - start).days + 1
    prev = list(iter_reviewed_events(store, EventFilter(
        country=name, date_from=(start - timedelta(days=span)).isoformat(),
        date_to=(start - timedelta(days=1)).isoformat())))

    weeks: dict[date, list[int]] = {}
    w = _monday(start)
    while w <= end:
        weeks[w] = [0, 0]
        w += timedelta(days=7)
    types: dict[str, list[int]] = {}
    admin: dict[str, list[int]] = {}
    networks: Counter[str] = Counter()
    for e in events:
        if e.event_date:
            bucket = weeks.setdefault(_monday(date.fromisoformat(e.event_date)), [0, 0])
            bucket[0] += 1
            bucket[1] += e.fatalities
        for table, key in ((types, e.event_type), (admin, e.admin1 or "(unknown)")):
            row = table.setdefault(key, [0, 0])
            row[0] += 1
            row[1] += e.fatalities
        networks[e.network1 or "(none)"] += 1

    cache: dict[str, dict[str, Any] | None] = {}
    serious = sorted(events, key=lambda e: (-e.fatalities, e.event_date or "", e.event_id_cnty))[:top]
    brief = Brief(
        country=name, country_code=iso2, iso_numeric=iso_num, date_from=start.isoformat(), date_to=end.isoformat(),
        events=events, total_events=len(events), total_fatalities=sum(e.fatalities for e in events),
        previous_events=len(prev), previous_fatalities=sum(e.fatalities for e in prev),
        weekly=[(k.isoformat(), v[0], v[1]) for k, v in sorted(weeks.items())],
        by_type=sorted(((k, v[0], v[1]) for k, v in types.items()), key=lambda r: (-r[1], r[0])),
        by_admin1=sorted(((k, v[0], v[1]) for k, v in admin.items()), key=lambda r: (-r[1], r[0])),
        by_network=networks.most_common(),
        top_events=[(e, _citations(store, e, cache)) for e in serious],
        network_colors=network_colors(network_names(store)),
    )
    from conflictwatch.reports.analysis_layers import alerts_for, influence_changes

    brief.influence = influence_changes(store, name, brief.date_from, brief.date_to)
    if brief.influence is None:
        brief.notes.append("Areas of influence: not available (conflictwatch.analysis with h3 is not installed).")
    brief.alerts = alerts_for(store, name, date_from=brief.date_from, date_to=brief.date_to)
    if brief.alerts is None:
        brief.notes.append("Alerts: not available (conflictwatch.analysis is not installed).")
    return brief
