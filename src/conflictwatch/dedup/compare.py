"""Can two event records be the same incident?  Pairwise features, hard constraints and a score.

:func:`compare` looks at two :class:`~conflictwatch.records.Event` records
(normally from different reports) and returns a :class:`PairScore`: a feature
per aspect (date, place, type, actors, fatalities), the weighted score, and the
first hard constraint that rules the pair out, if any.  Windows follow each
report's precision: a week-precision report matches any day of its week (plus
slack), a place of geo_precision 2 ("near Djibo") matches anything within its
radius.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Optional

from conflictwatch.dedup.settings import DedupSettings
from conflictwatch.geo.normalize import name_key
from conflictwatch.records import Event

__all__ = ["PairScore", "compare", "date_window", "distance_km"]


@dataclass(frozen=True)
class PairScore:
    """Features of one pair of events, the weighted score and why it is ruled out (``blocked``)."""

    score: float
    features: dict[str, float]
    blocked: Optional[str] = None  # the hard constraint that failed, in words
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def compatible(self) -> bool:
        return self.blocked is None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"score": round(self.score, 4), "features": {k: round(v, 4) for k, v in self.features.items()}}
        if self.blocked:
            out["blocked"] = self.blocked
        if self.detail:
            out["detail"] = self.detail
        return out


def _day(value: Optional[str]) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _range(event: Event) -> Optional[tuple[dt.date, dt.date]]:
    start = _day(event.event_date)
    if start is None:
        return None
    end = _day(event.date_end) or start
    return (end, start) if end < start else (start, end)


def _slack(event: Event, settings: DedupSettings) -> int:
    return settings.date_slack_days.get(event.time_precision, max(settings.date_slack_days.values()))


def date_window(event: Event, settings: DedupSettings) -> Optional[tuple[dt.date, dt.date]]:
    """The days the event may fall on: its date range widened by the slack of its time_precision."""
    r = _range(event)
    if r is None:
        return None
    slack = dt.timedelta(days=_slack(event, settings))
    return r[0] - slack, r[1] + slack


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _date_feature(a: Event, b: Event, s: DedupSettings) -> tuple[float, Optional[str], dict[str, Any]]:
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return 0.5, None, {"dates": "undated"}
    # days between the two ranges (0 when they overlap), not between their first days: "the night of 12
    # to 13 March" (12-13) and "on 13 March" are the same day.  The less precise report's slack may bridge
    # the gap (the slacks are not added: two reports each off by a day in opposite directions is unlikely)
    gap = max((rb[0] - ra[1]).days, (ra[0] - rb[1]).days, 0)
    if gap > max(_slack(a, s), _slack(b, s)):
        return 0.0, f"dates {a.event_date} (precision {a.time_precision}) and {b.event_date} (precision {b.time_precision}) do not overlap", {"gap_days": gap}
    if a.time_precision == 1 and b.time_precision == 1:
        value = {0: 1.0, 1: 0.6}.get(gap, 0.3)
    else:
        value = 0.75  # overlapping week/month windows: possible, not shown
    return value, None, {"gap_days": gap}


def _place_feature(a: Event, b: Event, s: DedupSettings) -> tuple[float, Optional[str], dict[str, Any]]:
    if a.country and b.country and a.country != b.country:
        return 0.0, f"countries differ ({a.country} / {b.country})", {}
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return 0.0, f"admin1 differ ({a.admin1} / {b.admin1})", {}
        return 0.4, None, {"coords": "missing"}
    d = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
    ra = s.radius_km.get(a.geo_precision or 3, s.unknown_radius_km)
    rb = s.radius_km.get(b.geo_precision or 3, s.unknown_radius_km)
    reach = max(ra, rb)
    detail = {"distance_km": round(d, 1), "reach_km": reach}
    if d > reach:
        return 0.0, f"{a.location or '?'} and {b.location or '?'} are {d:.0f} km apart (reach {reach:.0f} km)", detail
    precise = min(ra, rb)
    if a.location and b.location and name_key(a.location) == name_key(b.location):  # "Tillaberi" is "Tillabéri"
        return (1.0 if d < 1.0 else max(0.5, 1.0 - d / (2 * reach))), None, detail
    # two different named places: reports that name different towns rarely describe one incident,
    # unless the places are close compared with the more precise report's radius
    value = 0.8 * max(0.0, 1.0 - d / precise)
    return value, None, detail


def type_score(a: Event, b: Event, s: DedupSettings) -> float:
    if a.sub_event_type == b.sub_event_type and a.event_type == b.event_type:
        return 1.0
    sub = s.sub_type_pairs.get(frozenset((a.sub_event_type, b.sub_event_type)))
    if sub is not None:
        return sub
    if a.event_type == b.event_type:
        return s.same_type
    return s.type_pairs.get(frozenset((a.event_type, b.event_type)), 0.0)


def _unidentified(name: str, s: DedupSettings) -> bool:
    return any(name.startswith(p) for p in s.unidentified_prefixes)


def _sides(e: Event) -> list[tuple[str, Optional[int], str]]:
    out = []
    for name, inter, net in ((e.actor1, e.inter1, e.network1), (e.actor2, e.inter2, e.network2)):
        if name:
            out.append((name, inter, net or "other"))
    return out


def _actor_pair(x: tuple[str, Optional[int], str], y: tuple[str, Optional[int], str], s: DedupSettings) -> float:
    sc = s.actor_scores
    (nx, ix, netx), (ny, iy, nety) = x, y
    if nx == ny:
        return sc["same"]
    state_x, state_y = netx == "state" or ix in (1, 8), nety == "state" or iy in (1, 8)
    if state_x != state_y:
        return -1.0  # not the same side: no information about matching
    if state_x and state_y:
        return sc["same_network"]  # two names for (parts of) state forces
    if _unidentified(nx, s) or _unidentified(ny, s):
        return sc["unidentified"]
    if ix == 7 or iy == 7:  # civilians: named differently ("villagers" / "civilians") is the same side
        return sc["same"] if ix == iy else -1.0
    if netx != "other" and netx == nety:
        return sc["same_network"]
    if netx != "other" and nety != "other":
        return sc["rival"]  # two named jihadist networks: different incidents
    return sc["unknown"]


def _actors_feature(a: Event, b: Event, s: DedupSettings) -> tuple[float, Optional[str], dict[str, Any]]:
    sa_, sb = _sides(a), _sides(b)
    if not sa_ or not sb:
        return s.actor_scores["unknown"], None, {}
    best: list[float] = []
    for x in sa_:
        scores = [_actor_pair(x, y, s) for y in sb]
        matched = [v for v in scores if v >= 0]
        if matched:
            best.append(max(matched))
    if not best:
        return s.actor_scores["unknown"] * 0.7, None, {}
    if min(best) <= s.actor_scores["rival"]:
        names = sorted({x[0] for x in sa_} | {y[0] for y in sb})
        return 0.0, "rival named actors (" + " / ".join(names) + ")", {}
    return sum(best) / len(best), None, {}


def _fatalities_feature(a: Event, b: Event) -> tuple[float, dict[str, Any]]:
    fa, fb = a.fatalities or 0, b.fatalities or 0
    if fa == 0 and fb == 0:
        return 0.8, {}
    if fa == 0 or fb == 0:
        return 0.6, {"fatalities": [fa, fb]}  # one report gives no toll
    lo_a, hi_a = a.fatalities_low or fa, a.fatalities_high or fa
    lo_b, hi_b = b.fatalities_low or fb, b.fatalities_high or fb
    if lo_a <= hi_b and lo_b <= hi_a:
        return 1.0, {"fatalities": [fa, fb]}
    ratio = min(fa, fb) / max(fa, fb)
    return max(0.0, ratio), {"fatalities": [fa, fb]}


def compare(a: Event, b: Event, settings: DedupSettings) -> PairScore:
    """Features, score and hard constraints for the pair (a, b); symmetric."""
    features: dict[str, float] = {}
    detail: dict[str, Any] = {}
    blocked: Optional[str] = None

    value, why, more = _date_feature(a, b, settings)
    features["date"], blocked, detail = value, why, {**detail, **more}
    value, why, more = _place_feature(a, b, settings)
    features["place"] = value
    blocked = blocked or why
    detail.update(more)
    features["type"] = type_score(a, b, settings)
    if features["type"] <= 0 and not blocked:
        blocked = f"types cannot be one incident ({a.sub_event_type} / {b.sub_event_type})"
    if (
        not blocked
        and settings.precise_gap_needs_same_type
        and a.time_precision == 1
        and b.time_precision == 1
        and detail.get("gap_days", 0) >= 1
        and features["type"] < 1.0
    ):
        # two day-precise reports may be a day apart (a night attack, a misread "yesterday"), but
        # only when they agree on what happened: a different day and a different kind is two incidents
        blocked = (f"different days ({a.event_date} / {b.event_date}) and different kinds "
                   f"({a.sub_event_type} / {b.sub_event_type})")
    value, why, more = _actors_feature(a, b, settings)
    features["actors"] = value
    blocked = blocked or why
    value, more = _fatalities_feature(a, b)
    features["fatalities"] = value
    detail.update(more)
    w = settings.weights
    total = sum(w.values()) or 1.0
    score = sum(w.get(k, 0.0) * v for k, v in features.items()) / total
    return PairScore(score=score if blocked is None else 0.0, features=features, blocked=blocked, detail=detail)
