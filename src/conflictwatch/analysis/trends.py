"""Weekly trends per admin unit and the detectors behind alerts.

* :func:`weekly_series` — events and fatalities per area (country, admin1 or admin2) per ISO week (Monday),
  zero-filled over the whole span of the data.
* :func:`poisson_cusum` — one-sided Poisson CUSUM (Lucas 1985) for an increase of the weekly count from the
  trailing baseline mean λ0 (floored at ``min_baseline``) to λ1 = k·λ0:
  ``S_t = max(0, S_{t-1} + x_t·ln(λ1/λ0) − (λ1 − λ0))``; a signal when ``S_t >= h``, after which S restarts at 0.
* :func:`first_in_months` — events in an area that had no event for at least N months before (an area first
  seen in the data counts only when the data reach back N months before it).
* :func:`escalation` — weeks where the fatalities of the last ``window_weeks`` reach ``factor`` times what the
  ``baseline_weeks`` before them would predict, and at least ``min_fatalities`` (fires on the rising edge only).
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Optional, Sequence

from conflictwatch.analysis.base import event_day, week_start
from conflictwatch.records import Event

__all__ = ["LEVELS", "area_of", "Point", "to_points", "WeeklySeries", "weekly_series",
           "weekly_series_from_events", "CusumSignal",
           "poisson_cusum", "FirstEvent", "first_in_months", "EscalationSignal", "escalation"]

LEVELS = ("country", "admin1", "admin2")
DAYS_PER_MONTH = 30.4375


def area_of(event: Event, level: str) -> str:
    """"Mali", "Mali / Mopti" or "Mali / Mopti / Douentza" (empty parts left as "?")."""
    if level not in LEVELS:
        raise ValueError(f"unknown admin level {level!r} (use one of {', '.join(LEVELS)})")
    parts = [event.country or "?"]
    if level in ("admin1", "admin2"):
        parts.append(event.admin1 or "?")
    if level == "admin2":
        parts.append(event.admin2 or "?")
    return " / ".join(parts)


@dataclass(frozen=True, slots=True)
class Point:
    """What the trend detectors need from an event."""

    id: str
    day: date
    country: str
    areas: tuple[str, str, str]  # by LEVELS
    event_type: str
    fatalities: int

    def area(self, level: str) -> str:
        return self.areas[LEVELS.index(level)]


def to_points(events: Iterable[Event]) -> list[Point]:
    """Dated events as :class:`Point` records, in date order."""
    out = []
    for e in events:
        day = event_day(e)
        if day is None:
            continue
        # interned: millions of points share a few hundred area names
        out.append(Point(e.event_id_cnty, day, sys.intern(e.country),
                         tuple(sys.intern(area_of(e, lv)) for lv in LEVELS),  # type: ignore[arg-type]
                         sys.intern(e.event_type), e.fatalities or 0))
    out.sort(key=lambda p: (p.day, p.id))
    return out


@dataclass(frozen=True, slots=True)
class WeeklySeries:
    area: str
    weeks: tuple[date, ...]
    events: tuple[int, ...]
    fatalities: tuple[int, ...]
    event_ids: dict[int, tuple[str, ...]] = field(default_factory=dict)  # week index -> events of that week

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "total_events": sum(self.events), "total_fatalities": sum(self.fatalities),
                "weeks": [{"week": w.isoformat(), "events": n, "fatalities": f}
                          for w, n, f in zip(self.weeks, self.events, self.fatalities) if n or f]}


def weekly_series(points: Sequence[Point], level: str, *, start: Optional[date] = None,
                  end: Optional[date] = None) -> dict[str, WeeklySeries]:
    """Zero-filled weekly series per area at ``level`` (weeks from the first to the last point, or start/end)."""
    if not points and (start is None or end is None):
        return {}
    first = week_start(start or points[0].day)
    last = week_start(end or points[-1].day)
    n = (last - first).days // 7 + 1
    weeks = tuple(first + timedelta(days=7 * i) for i in range(n))
    ev: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    fat: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    ids: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for p in points:
        i = (week_start(p.day) - first).days // 7
        if not 0 <= i < n:
            continue
        a = p.area(level)
        ev[a][i] += 1
        fat[a][i] += p.fatalities
        ids[a][i].append(p.id)
    return {a: WeeklySeries(a, weeks, tuple(ev[a]), tuple(fat[a]), {i: tuple(v) for i, v in ids[a].items()})
            for a in sorted(ev)}


def weekly_series_from_events(events: Iterable[Event], level: str, *, keep_ids: bool = False,
                              start: Optional[date] = None, end: Optional[date] = None) -> dict[str, WeeklySeries]:
    """Like :func:`weekly_series`, straight from a stream of events in one pass (any order).

    Only per-area, per-week counters are held, so millions of events need little memory; event ids are kept
    only with ``keep_ids``.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown admin level {level!r} (use one of {', '.join(LEVELS)})")
    cells: dict[str, dict[int, list[int]]] = defaultdict(dict)  # area -> week ordinal -> [events, fatalities]
    ids: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    lo = hi = None
    for e in events:
        day = event_day(e)
        if day is None:
            continue
        w = week_start(day).toordinal()
        lo = w if lo is None or w < lo else lo
        hi = w if hi is None or w > hi else hi
        a = area_of(e, level)
        c = cells[a].get(w)
        if c is None:
            c = cells[a][w] = [0, 0]
        c[0] += 1
        c[1] += e.fatalities or 0
        if keep_ids:
            ids[a][w].append(e.event_id_cnty)
    if start is not None:
        lo = week_start(start).toordinal()
    if end is not None:
        hi = week_start(end).toordinal()
    if lo is None or hi is None or hi < lo:
        return {}
    n = (hi - lo) // 7 + 1
    weeks = tuple(date.fromordinal(lo + 7 * i) for i in range(n))
    out = {}
    for a in sorted(cells):
        ev, fat = [0] * n, [0] * n
        for w, (k, f) in cells[a].items():
            i = (w - lo) // 7
            if 0 <= i < n:
                ev[i], fat[i] = k, f
        own = {(w - lo) // 7: tuple(v) for w, v in ids[a].items() if 0 <= (w - lo) // 7 < n} if keep_ids else {}
        out[a] = WeeklySeries(a, weeks, tuple(ev), tuple(fat), own)
    return out


@dataclass(frozen=True, slots=True)
class CusumSignal:
    index: int  # week index of the signal
    run_start: int  # first week of the run that led to it
    statistic: float
    baseline: float  # λ0
    count: int


def poisson_cusum(counts: Sequence[int], *, k: float = 2.0, h: float = 4.0, baseline_weeks: int = 12,
                  min_baseline: float = 0.5) -> list[CusumSignal]:
    """Signals of a Poisson CUSUM over weekly ``counts`` (see the module docstring)."""
    if k <= 1.0:
        raise ValueError("k must be > 1 (the factor of increase to detect)")
    out = []
    s = 0.0
    run_start = 0
    log_k = math.log(k)
    for t in range(baseline_weeks, len(counts)):
        lam0 = max(sum(counts[t - baseline_weeks:t]) / baseline_weeks, min_baseline)
        if s == 0.0:
            run_start = t
        s = max(0.0, s + counts[t] * log_k - (k - 1.0) * lam0)
        if s >= h:
            out.append(CusumSignal(t, run_start, s, lam0, counts[t]))
            s = 0.0
    return out


@dataclass(frozen=True, slots=True)
class FirstEvent:
    point: Point
    area: str
    gap_days: Optional[int]  # None: the first event of the area in the data


def first_in_months(points: Sequence[Point], level: str, months: float) -> list[FirstEvent]:
    """Events in an area with no event there for at least ``months`` months before (see module docstring)."""
    if not points:
        return []
    gap = months * DAYS_PER_MONTH
    data_start = points[0].day
    last: dict[str, date] = {}
    out = []
    for p in points:
        a = p.area(level)
        prev = last.get(a)
        if prev is None:
            if (p.day - data_start).days >= gap:
                out.append(FirstEvent(p, a, None))
        elif prev != p.day and (p.day - prev).days >= gap:
            out.append(FirstEvent(p, a, (p.day - prev).days))
        last[a] = p.day
    return out


@dataclass(frozen=True, slots=True)
class EscalationSignal:
    index: int
    recent: int
    expected: float


def escalation(fatalities: Sequence[int], *, window_weeks: int = 4, baseline_weeks: int = 12,
               factor: float = 2.0, min_fatalities: int = 20) -> list[EscalationSignal]:
    """Rising-edge escalation signals over weekly ``fatalities`` (see module docstring)."""
    out = []
    on = False
    for t in range(window_weeks + baseline_weeks - 1, len(fatalities)):
        recent = sum(fatalities[t - window_weeks + 1:t + 1])
        base = fatalities[t - window_weeks - baseline_weeks + 1:t - window_weeks + 1]
        expected = sum(base) / baseline_weeks * window_weeks
        hot = recent >= min_fatalities and recent >= factor * max(expected, 1.0)
        if hot and not on:
            out.append(EscalationSignal(t, recent, expected))
        on = hot
    return out
