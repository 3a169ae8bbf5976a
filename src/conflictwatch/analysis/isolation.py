"""Isolation of towns: attacks on the approaches to a town, by direction sector, week by week.

An **approach attack** is an event within ``radius_km`` of the town (but farther than ``inner_km``, so that its
direction means something) whose sub-event type is an IED/landmine, or whose notes or location mention roads,
convoys, checkpoints, bridges, trucks ... (``knowledge/isolation.yaml``).  Its **sector** is the compass
direction from the town (8 sectors of 45°: N, NE, ... NW).

For each week (Monday to Sunday) a sector is **cut** when it had at least ``min_attacks`` approach attacks in the
``cut_days`` days up to the end of that week.  The **isolation index** of the week is the share of sectors cut
(0 = all approaches open, 1 = every direction cut).  Without road data every direction counts the same: a town
with a single road is under-rated.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Optional

from conflictwatch.analysis.base import bearing_deg, event_day, haversine_km, week_start
from conflictwatch.errors import KnowledgeError
from conflictwatch.knowledge import load
from conflictwatch.records import Event

__all__ = ["Town", "IsolationConfig", "ApproachRules", "TownWeek", "CutApproach", "TownIsolation",
           "town_isolation", "towns_from_events"]


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class IsolationConfig:
    radius_km: float = 60.0
    inner_km: float = 3.0
    cut_days: int = 28
    min_attacks: int = 1


class ApproachRules:
    """Which events are attacks on approaches (from ``knowledge/isolation.yaml``)."""

    def __init__(self, data: dict[str, Any]):
        try:
            self.sub_event_types = frozenset(data.get("sub_event_types") or ())
            self.event_types = frozenset(data.get("event_types") or ())
            words = sorted((str(k) for k in data.get("keywords") or ()), key=len, reverse=True)
            self.sectors: tuple[str, ...] = tuple(data.get("sectors") or ("N", "NE", "E", "SE", "S", "SW", "W", "NW"))
        except TypeError as exc:
            raise KnowledgeError(f"isolation.yaml: malformed ({exc})") from exc
        self.version = data.get("version")
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I) \
            if words else None

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "ApproachRules":
        return cls(load("isolation.yaml"))

    def matches(self, event: Event) -> Optional[str]:
        """Why ``event`` is an approach attack (the sub-event type or the keyword), or None."""
        if event.sub_event_type in self.sub_event_types:
            return event.sub_event_type
        if event.event_type not in self.event_types or self._pattern is None:
            return None
        m = self._pattern.search(f"{event.notes} {event.location}")
        return m.group(0) if m else None

    def sector(self, bearing: float) -> str:
        n = len(self.sectors)
        return self.sectors[int(((bearing + 180.0 / n) % 360.0) // (360.0 / n))]


@dataclass(frozen=True, slots=True)
class TownWeek:
    week: str  # Monday, ISO date
    index: float
    cut: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week, "index": round(self.index, 3), "cut": list(self.cut)}


@dataclass(frozen=True, slots=True)
class CutApproach:
    sector: str
    attacks: int
    last_attack: str
    event_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"sector": self.sector, "attacks": self.attacks, "last_attack": self.last_attack,
                "event_ids": list(self.event_ids)}


@dataclass(frozen=True, slots=True)
class TownIsolation:
    town: Town
    weeks: tuple[TownWeek, ...] = field(default=())
    cut_approaches: tuple[CutApproach, ...] = ()  # as of the last week
    approach_events: int = 0
    by_sector: dict[str, int] = field(default_factory=dict)

    @property
    def max_index(self) -> float:
        return max((w.index for w in self.weeks), default=0.0)

    @property
    def mean_index(self) -> float:
        return sum(w.index for w in self.weeks) / len(self.weeks) if self.weeks else 0.0

    def to_dict(self, *, weeks: bool = True) -> dict[str, Any]:
        out = {"town": self.town.name, "latitude": self.town.latitude, "longitude": self.town.longitude,
               "approach_events": self.approach_events, "by_sector": dict(self.by_sector),
               "max_index": round(self.max_index, 3), "mean_index": round(self.mean_index, 3),
               "current_index": round(self.weeks[-1].index, 3) if self.weeks else 0.0,
               "cut_approaches": [c.to_dict() for c in self.cut_approaches]}
        if weeks:
            out["weeks"] = [w.to_dict() for w in self.weeks]
        return out


def town_isolation(
    events: Iterable[Event],
    towns: Iterable[Town],
    config: IsolationConfig = IsolationConfig(),
    *,
    rules: Optional[ApproachRules] = None,
    date_from: Optional[date] = None,
    date_to: Optional[date] = None,
) -> list[TownIsolation]:
    """Weekly isolation index and cut approaches for each town, in the order given.

    Weeks run from ``date_from`` (else the first approach attack near any town) to ``date_to`` (else the last
    dated event seen).
    """
    rules = rules or ApproachRules.default()
    towns = list(towns)
    hits: dict[int, list[tuple[date, str, str]]] = defaultdict(list)  # town -> (day, sector, event id)
    last_seen: Optional[date] = None
    for e in events:
        day = event_day(e)
        if day is None:
            continue
        last_seen = day if last_seen is None or day > last_seen else last_seen
        if e.latitude is None or e.longitude is None or rules.matches(e) is None:
            continue
        for i, t in enumerate(towns):
            d = float(haversine_km(t.latitude, t.longitude, e.latitude, e.longitude))
            if config.inner_km < d <= config.radius_km:
                sector = rules.sector(bearing_deg(t.latitude, t.longitude, e.latitude, e.longitude))
                hits[i].append((day, sector, e.event_id_cnty))
    first = date_from or min((h[0] for hs in hits.values() for h in hs), default=None)
    last = date_to or last_seen
    out = []
    for i, t in enumerate(towns):
        out.append(_one_town(t, sorted(hits.get(i, [])), first, last, config, rules))
    return out


def _one_town(town: Town, hits: list[tuple[date, str, str]], first: Optional[date], last: Optional[date],
              cfg: IsolationConfig, rules: ApproachRules) -> TownIsolation:
    if first is None or last is None or first > last:
        return TownIsolation(town, approach_events=len(hits), by_sector=dict(Counter(s for _, s, _ in hits)))
    weeks = []
    window: list[tuple[date, str, str]] = []
    week = week_start(first)
    j = 0
    n = len(rules.sectors)
    while week <= last:
        end = week + timedelta(days=6)
        while j < len(hits) and hits[j][0] <= end:
            window.append(hits[j])
            j += 1
        window = [h for h in window if h[0] > end - timedelta(days=cfg.cut_days)]
        counts = Counter(s for _, s, _ in window)
        cut = tuple(s for s in rules.sectors if counts.get(s, 0) >= cfg.min_attacks)
        weeks.append(TownWeek(week.isoformat(), len(cut) / n, cut))
        week += timedelta(days=7)
    cut_now = []
    for s in weeks[-1].cut if weeks else ():
        own = [h for h in window if h[1] == s]
        cut_now.append(CutApproach(s, len(own), max(h[0] for h in own).isoformat(),
                                   tuple(h[2] for h in sorted(own, reverse=True))))
    in_range = [h for h in hits if first <= h[0] <= last]
    return TownIsolation(town, tuple(weeks), tuple(cut_now), len(in_range),
                         dict(Counter(s for _, s, _ in in_range)))


def towns_from_events(events: Iterable[Event], *, top: int = 20, max_geo_precision: int = 1) -> list[Town]:
    """The ``top`` most frequent precisely placed event locations, as towns (median coordinates)."""
    places: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for e in events:
        if e.location and e.latitude is not None and e.longitude is not None \
                and (e.geo_precision or 1) <= max_geo_precision:
            places[(e.location, e.country)].append((e.latitude, e.longitude))
    ranked = sorted(places.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    out = []
    for (name, _), coords in ranked:
        lats = sorted(c[0] for c in coords)
        lons = sorted(c[1] for c in coords)
        out.append(Town(name, lats[len(lats) // 2], lons[len(lons) // 2]))
    return out
