"""One incident from its reports: how the fields of member events are merged.

:func:`merge_fields` is pure (events in, a row of the ``incidents`` table out):

* fatalities follow ACLED's rule: of the reports that give a toll, the most
  conservative (lowest) best estimate; ``fatalities_low`` is the lowest low and
  ``fatalities_high`` the highest high, so the spread between reports is kept;
* date, location and coordinates come from the most precise report
  (time_precision, then geo_precision), ties to the earliest date;
* the type is the one most reports give (ties to the most precise report);
* each actor side prefers a named actor to an "Unidentified Armed Group".

:class:`Incident` is what readers get back: the merged fields, every member
event (with its evidence) and every source document (near-duplicate copies
included).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from conflictwatch.records import Event

__all__ = ["Incident", "merge_fields", "span_days"]


@dataclass(frozen=True)
class Incident:
    """A deduplicated incident: merged fields, the member events and all source documents."""

    id: str
    event_date: Optional[str]
    date_end: Optional[str]
    time_precision: Optional[int]
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    country: str
    admin1: str
    location: str
    latitude: Optional[float]
    longitude: Optional[float]
    geo_precision: Optional[int]
    fatalities: int
    fatalities_low: Optional[int]
    fatalities_high: Optional[int]
    sources: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k not in ("events",)}
        out["sources"] = list(self.sources)
        out["events"] = [e.to_dict() for e in self.events]
        return out


def _rank_precise(e: Event) -> tuple[int, int, str, str]:
    return (e.time_precision or 9, e.geo_precision or 9, e.event_date or "9999-99-99", e.event_id_cnty)


def _pick_actor(names: Sequence[str], prefixes: Sequence[str]) -> str:
    named = [n for n in names if n and not any(n.startswith(p) for p in prefixes)]
    pool = named or [n for n in names if n]
    if not pool:
        return ""
    counts = Counter(pool)
    return sorted(counts, key=lambda n: (-counts[n], pool.index(n)))[0]


UNKNOWN_SPAN = 1_000_000  # days: a range that cannot be read reaches every window


def span_days(event_date: Optional[str], date_end: Optional[str]) -> Optional[int]:
    """Days from ``event_date`` to ``date_end`` (0 without an end); None when undated.  A date that
    does not parse gives a span longer than any range, so that no search bounded by spans misses it."""
    if not event_date:
        return None
    try:
        start = date.fromisoformat(event_date)
        end = date.fromisoformat(date_end) if date_end else start
    except ValueError:
        return UNKNOWN_SPAN
    return (end - start).days


def merge_fields(
    incident_id: str,
    events: Sequence[Event],
    copies: Sequence[str] = (),
    unidentified_prefixes: Sequence[str] = ("Unidentified",),
) -> dict[str, Any]:
    """The ``incidents`` row for ``events`` (at least one); ``copies`` are extra source documents."""
    if not events:
        raise ValueError(f"incident {incident_id}: no member events to merge")
    ordered = sorted(events, key=_rank_precise)
    lead = ordered[0]
    geo = sorted(events, key=lambda e: (e.geo_precision or 9, e.latitude is None, e.event_id_cnty))[0]

    types = Counter((e.event_type, e.sub_event_type) for e in events)
    top = max(types.values())
    chosen_type = next(t for t in ((e.event_type, e.sub_event_type) for e in ordered) if types[t] == top)

    # actor sides, aligned to the chosen type's reports first
    state_first = [e for e in ordered if (e.event_type, e.sub_event_type) == chosen_type] + [
        e for e in ordered if (e.event_type, e.sub_event_type) != chosen_type
    ]
    actor1 = _pick_actor([e.actor1 for e in state_first], unidentified_prefixes)
    actor2 = _pick_actor([e.actor2 for e in state_first if e.actor2 != actor1], unidentified_prefixes)

    tolls = [e for e in events if (e.fatalities or 0) > 0]
    if tolls:
        best = min(e.fatalities for e in tolls)
        low = min(e.fatalities_low if e.fatalities_low is not None else e.fatalities for e in tolls)
        high = max(e.fatalities_high if e.fatalities_high is not None else e.fatalities for e in tolls)
        basis = "lowest best estimate of the reports giving a toll (ACLED: most conservative)"
    else:
        best, low, high, basis = 0, None, None, "no report gives a toll"
    sources = sorted({e.doc_id for e in events} | set(copies))
    return {
        "span_days": span_days(lead.event_date, lead.date_end),
        "id": incident_id,
        "event_date": lead.event_date,
        "date_end": lead.date_end or lead.event_date,
        "time_precision": lead.time_precision,
        "event_type": chosen_type[0],
        "sub_event_type": chosen_type[1],
        "actor1": actor1,
        "actor2": actor2,
        "country": geo.country or lead.country,
        "admin1": geo.admin1,
        "location": geo.location,
        "latitude": geo.latitude,
        "longitude": geo.longitude,
        "geo_precision": geo.geo_precision,
        "fatalities": best,
        "fatalities_low": low,
        "fatalities_high": high,
        "n_events": len(events),
        "n_sources": len(sources),
        "sources": sources,
        "summary": {
            "date_from": lead.event_id_cnty,
            "place_from": geo.event_id_cnty,
            "type_votes": {f"{t[0]} / {t[1]}": n for t, n in types.items()},
            "fatalities_reported": sorted(e.fatalities for e in tolls),
            "fatalities_basis": basis,
        },
    }
