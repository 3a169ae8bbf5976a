"""Small shared helpers for the analyses: dates, periods, distances, bearings, event sides."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Optional

import numpy as np

from conflictwatch.analysis.actors import ActorRef, ActorResolver
from conflictwatch.records import Event

__all__ = [
    "EARTH_RADIUS_KM",
    "PERIODS",
    "event_day",
    "period_of",
    "period_bounds",
    "week_start",
    "haversine_km",
    "bearing_deg",
    "sides",
    "sides_of",
    "ANALYSIS_FIELDS",
]

EARTH_RADIUS_KM = 6371.0088
PERIODS = ("year", "half", "quarter", "month", "week")

# The event fields the analyses read (none reads evidence): callers that stream many events from the store ask
# for these only, e.g. ``store.iter_events(country="Mali", fields=ANALYSIS_FIELDS)``, several times faster.
ANALYSIS_FIELDS: tuple[str, ...] = (
    "event_id_cnty", "doc_id", "event_date", "time_precision", "event_type", "sub_event_type", "civilian_targeting",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "network1", "network2",
    "iso", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "source", "notes",
)


def event_day(event: Event) -> Optional[date]:
    """The event's date, or None when undated or malformed."""
    if not event.event_date:
        return None
    try:
        return date.fromisoformat(str(event.event_date)[:10])
    except ValueError:
        return None


def week_start(day: date) -> date:
    """Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def period_of(day: date, period: str) -> str:
    """Label of the period containing ``day``: 2019, 2019-H1, 2019-Q3, 2019-07, 2019-W07 (ISO week)."""
    if period == "year":
        return f"{day.year}"
    if period == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "week":
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    raise ValueError(f"unknown period {period!r} (use one of {', '.join(PERIODS)})")


def period_bounds(label: str) -> tuple[date, date]:
    """First and last day of a period label made by :func:`period_of`."""
    if "-W" in label:
        y, w = label.split("-W")
        start = date.fromisocalendar(int(y), int(w), 1)
        return start, start + timedelta(days=6)
    if "-H" in label:
        y, h = label.split("-H")
        return (date(int(y), 1, 1), date(int(y), 6, 30)) if h == "1" else (date(int(y), 7, 1), date(int(y), 12, 31))
    if "-Q" in label:
        y, q = label.split("-Q")
        m0 = 3 * (int(q) - 1) + 1
        end = date(int(y) + (m0 + 3 > 12), (m0 + 3 - 1) % 12 + 1, 1) - timedelta(days=1)
        return date(int(y), m0, 1), end
    if "-" in label:
        y, m = (int(x) for x in label.split("-"))
        end = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
        return date(y, m, 1), end
    return date(int(label), 1, 1), date(int(label), 12, 31)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (scalars or numpy arrays, broadcast)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, degrees clockwise from north (0..360)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


def _split(names: str) -> list[str]:
    return [n.strip() for n in (names or "").split(";") if n.strip()]


def sides(event: Event, resolver: ActorResolver, *, associated: bool = True) -> tuple[list[ActorRef], list[ActorRef]]:
    """The actors on each side of ``event`` (side 1: actor1 [+ assoc_actor_1], side 2 likewise).

    Associated actors inherit the side's inter code.  A network already coded on the event
    (``network1``/``network2``) wins over the resolver's for the main actors.
    """
    return sides_of(event.actor1, event.assoc_actor_1, event.inter1, event.network1,
                    event.actor2, event.assoc_actor_2, event.inter2, event.network2, resolver, associated=associated)


def sides_of(actor1: str, assoc_actor_1: str, inter1: Optional[int], network1: str,
             actor2: str, assoc_actor_2: str, inter2: Optional[int], network2: str,
             resolver: ActorResolver, *, associated: bool = True) -> tuple[list[ActorRef], list[ActorRef]]:
    """:func:`sides` from the eight actor columns themselves (for analyses that read rows, not records)."""
    out: list[list[ActorRef]] = []
    for actor, assoc, inter, network in ((actor1, assoc_actor_1, inter1, network1),
                                         (actor2, assoc_actor_2, inter2, network2)):
        refs: list[ActorRef] = []
        if actor:
            ref = resolver.resolve(actor, inter)
            if network and network != ref.network and not ref.known:
                ref = ActorRef(ref.key, ref.name, network, ref.inter, ref.known)
            refs.append(ref)
        if associated:
            refs.extend(resolver.resolve(a, inter) for a in _split(assoc))
        out.append(refs)
    return out[0], out[1]
