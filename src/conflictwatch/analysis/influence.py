"""Areas of influence per actor and per network on an H3 grid, with time decay.

Each dated, geolocated event adds a weight to the H3 cell it falls in, for each armed actor that acted there:
the actors of side 1 always (attackers, protagonists), those of side 2 only in battles (they were there and
fought).  For a period ending on day E the weight of an event on day d (E - window < d <= E) is
``0.5 ** ((E - d) / half_life)``: recent activity counts more, old activity fades out.  A network counts an
event once, however many of its actors took part.

Per period and cell: the score of each network and actor; the cell is **dominant** for a network whose share
of the cell's total is at least ``dominance``, **contested** when two or more networks each hold at least
``contested_share`` (and no network is dominant), and **weak** when the total is below ``min_score``.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any, Iterable, Optional, Sequence

import h3
import numpy as np

from conflictwatch.analysis.actors import ARMED_INTER, NETWORKS, ActorResolver
from conflictwatch.analysis.base import period_bounds, period_of, sides_of
from conflictwatch.records import Event

UNIDENTIFIED_PREFIX = "armed-group:"  # the knowledge base's per-country "Unidentified Armed Group (...)"

__all__ = ["InfluenceConfig", "CellInfluence", "InfluenceMap", "compute_influence", "influence_from_rows",
           "INFLUENCE_FIELDS"]


@dataclass(frozen=True, slots=True)
class InfluenceConfig:
    resolution: int = 4  # H3 resolution: 4 ~ 1,770 km² per cell (edge ~22 km), 5 ~ 253 km²
    period: str = "year"
    half_life_days: float = 180.0
    window_days: int = 730
    dominance: float = 0.6
    contested_share: float = 0.25
    min_score: float = 1.0
    max_geo_precision: int = 2  # leave out events placed only at a region (ACLED geo_precision 3)
    count_unidentified: bool = False  # "Unidentified Armed Group (Mali)" is no one's area of influence
    max_event_ids: int = 10


@dataclass(frozen=True, slots=True)
class CellInfluence:
    """One H3 cell in one period.  ``status``: dominant | contested | weak."""

    cell: str
    scores: dict[str, float]  # network -> decayed score
    actors: dict[str, float]  # actor name -> decayed score (top 5)
    status: str
    network: Optional[str] = None  # the dominant network
    contested_by: tuple[str, ...] = ()
    events_in_period: int = 0
    event_ids: tuple[str, ...] = ()  # most recent events of the period in the cell

    @property
    def total(self) -> float:
        return sum(self.scores.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.cell,
            "status": self.status,
            "network": self.network,
            "contested_by": list(self.contested_by),
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
            "actors": {k: round(v, 3) for k, v in self.actors.items()},
            "events_in_period": self.events_in_period,
            "event_ids": list(self.event_ids),
        }


@dataclass(frozen=True, slots=True)
class InfluenceMap:
    """The influence grid for one period."""

    period: str
    start: str
    end: str
    resolution: int
    cells: tuple[CellInfluence, ...] = field(default=())

    def summary(self) -> dict[str, Any]:
        dominant: dict[str, int] = defaultdict(int)
        for c in self.cells:
            if c.status == "dominant" and c.network:
                dominant[c.network] += 1
        return {
            "period": self.period,
            "cells": len(self.cells),
            "dominant": dict(sorted(dominant.items(), key=lambda kv: -kv[1])),
            "contested": sum(c.status == "contested" for c in self.cells),
            "weak": sum(c.status == "weak" for c in self.cells),
        }

    def for_actor(self, name: str, min_score: float = 0.0) -> list[CellInfluence]:
        """Cells where actor ``name`` (as in :attr:`CellInfluence.actors`) has a score above ``min_score``."""
        return [c for c in self.cells if c.actors.get(name, 0.0) > min_score]

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "start": self.start, "end": self.end, "resolution": self.resolution,
                "summary": self.summary(), "cells": [c.to_dict() for c in self.cells]}

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection: one hexagon polygon per cell, its status and scores as properties."""
        features = []
        for c in self.cells:
            ring = [[round(lng, 6), round(lat, 6)] for lat, lng in h3.cell_to_boundary(c.cell)]
            ring.append(ring[0])
            props = c.to_dict()
            props["period"] = self.period
            features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                             "properties": props})
        return {"type": "FeatureCollection", "features": features}


def _status(scores: np.ndarray, cfg: InfluenceConfig) -> tuple[str, Optional[str], tuple[str, ...]]:
    total = float(scores.sum())
    if total < cfg.min_score:
        return "weak", None, ()
    shares = scores / total
    top = int(np.argmax(shares))
    if shares[top] >= cfg.dominance:
        return "dominant", NETWORKS[top], ()
    rivals = tuple(NETWORKS[i] for i in np.argsort(-shares) if shares[i] >= cfg.contested_share)
    if len(rivals) >= 2:
        return "contested", None, rivals
    return "weak", None, ()


# The event fields an influence map reads, in the order of the rows :func:`influence_from_rows` takes.
INFLUENCE_FIELDS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "event_type",
    "actor1", "assoc_actor_1", "inter1", "network1", "actor2", "assoc_actor_2", "inter2", "network2",
)


def compute_influence(
    events: Iterable[Event],
    resolver: ActorResolver,
    config: InfluenceConfig = InfluenceConfig(),
    *,
    periods: Optional[Iterable[str]] = None,
) -> list[InfluenceMap]:
    """Influence maps, one per period (all periods spanned by the events unless ``periods`` is given)."""
    return influence_from_rows(map(attrgetter(*INFLUENCE_FIELDS), events), resolver, config, periods=periods)


def influence_from_rows(
    rows: Iterable[Sequence[Any]],
    resolver: ActorResolver,
    config: InfluenceConfig = InfluenceConfig(),
    *,
    periods: Optional[Iterable[str]] = None,
) -> list[InfluenceMap]:
    """:func:`compute_influence` over rows of the :data:`INFLUENCE_FIELDS` values, one row per event, in any
    order, e.g. ``store.iter_event_rows(INFLUENCE_FIELDS, country="Mali")``: no records are built, the fastest
    way over hundreds of thousands of events."""
    cfg = config
    net_index = {n: i for i, n in enumerate(NETWORKS)}
    cells: dict[str, int] = {}
    actors: dict[str, int] = {}
    # one row per (event, actor): day, cell, network, actor, event index, in compact int buffers
    # (a few dozen bytes per event, so millions of events fit in memory)
    buf = tuple(array("q") for _ in range(5))
    event_ids: list[str] = []
    seen_labels: set[str] = set()
    # who counts in a cell depends only on the event's actor columns and type: resolved once per combination
    presence: dict[tuple[Any, ...], tuple[tuple[int, int], ...]] = {}
    days_seen: dict[Any, Optional[int]] = {}  # event_date text -> day ordinal (None: undated or malformed)

    def present_in(key: tuple[Any, ...]) -> tuple[tuple[int, int], ...]:
        """(actor index, network index or -1 once the network is counted) for each armed actor present."""
        *actor_columns, battle = key
        side1, side2 = sides_of(*actor_columns, resolver)
        present = [r for r in side1 if r.inter in ARMED_INTER]
        if battle:
            present += [r for r in side2 if r.inter in ARMED_INTER]
        if not cfg.count_unidentified:
            present = [r for r in present if not r.key.startswith(UNIDENTIFIED_PREFIX)]
        out, nets_done = [], set()
        for ref in present:
            a = actors.setdefault(_display(resolver, ref.key, ref.name), len(actors))
            net = ref.network if ref.network in net_index else "other"
            # one network weight per event; actors are kept separately (network -1 marks "actor only")
            out.append((a, net_index[net] if net not in nets_done else -1))
            nets_done.add(net)
        return tuple(out)

    days_c, cell_c, net_c, actor_c, ev_c = buf
    max_precision = cfg.max_geo_precision
    for (event_id, event_date, lat, lon, precision, event_type,
         a1, s1, i1, n1, a2, s2, i2, n2) in rows:
        ordinal = days_seen.get(event_date, False)
        if ordinal is False:
            ordinal = days_seen[event_date] = _day_ordinal(event_date, cfg.period, seen_labels)
        if ordinal is None:
            continue
        if lat is None or lon is None:
            continue
        if precision is not None and precision > max_precision:
            continue
        key = (a1, s1, i1, n1, a2, s2, i2, n2, event_type == "Battles")
        present = presence.get(key)
        if present is None:
            present = presence[key] = present_in(key)
        if not present:
            continue
        cell = cells.setdefault(h3.latlng_to_cell(lat, lon, cfg.resolution), len(cells))
        idx = len(event_ids)
        event_ids.append(event_id)
        for a, n in present:
            days_c.append(ordinal)
            cell_c.append(cell)
            net_c.append(n)
            actor_c.append(a)
            ev_c.append(idx)
    labels = sorted(set(periods) if periods is not None else seen_labels)
    if not len(buf[0]):
        return [InfluenceMap(p, *(d.isoformat() for d in period_bounds(p)), cfg.resolution) for p in labels]
    arr = np.stack([np.frombuffer(column, dtype=np.int64) for column in buf])
    del buf
    days, cell_i, net_i, actor_i, ev_i = arr
    cell_names = np.array(list(cells), dtype=object)
    actor_names = list(actors)
    n_cells, n_nets = len(cells), len(NETWORKS)
    out = []
    for label in labels:
        start, end = period_bounds(label)
        e_ord = end.toordinal()
        in_window = (days <= e_ord) & (days > e_ord - cfg.window_days)
        w = np.where(in_window, np.power(0.5, (e_ord - days) / cfg.half_life_days), 0.0)
        has_net = net_i >= 0
        net_scores = np.bincount(cell_i[has_net] * n_nets + net_i[has_net], weights=w[has_net],
                                 minlength=n_cells * n_nets).reshape(n_cells, n_nets)
        out.append(InfluenceMap(label, start.isoformat(), end.isoformat(), cfg.resolution,
                                _cells(label, start, end, arr, w, net_scores, cell_names, actor_names,
                                       event_ids, cfg)))
    return out


def _day_ordinal(event_date: Any, period: str, seen_labels: set[str]) -> Optional[int]:
    """The day ordinal of an event date (None when undated or malformed); notes the date's period label."""
    if not event_date:
        return None
    try:
        day = date.fromisoformat(str(event_date)[:10])
    except ValueError:
        return None
    seen_labels.add(period_of(day, period))
    return day.toordinal()


def _cells(label, start: date, end: date, arr, w, net_scores, cell_names, actor_names, event_ids, cfg):
    days, cell_i, net_i, actor_i, ev_i = arr
    active = np.nonzero(net_scores.sum(axis=1) > 0)[0]
    in_period = (days >= start.toordinal()) & (days <= end.toordinal())
    per_cell_actor: dict[int, dict[str, float]] = defaultdict(dict)
    live = np.nonzero(w > 0)[0]
    if len(live):
        pair = cell_i[live] * (len(actor_names) + 1) + actor_i[live]
        uniq, inverse = np.unique(pair, return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=w[live])
        for key, total in zip(uniq.tolist(), sums.tolist()):
            c, a = divmod(key, len(actor_names) + 1)
            per_cell_actor[c][actor_names[a]] = total
    recent: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    sel = np.nonzero(in_period & (net_i >= 0))[0]
    for c, d, ev in zip(cell_i[sel].tolist(), days[sel].tolist(), ev_i[sel].tolist()):
        recent[c].append((d, event_ids[ev], ev))  # most recent first, then by id: any input order, same answer
    result = []
    for c in active:
        scores = net_scores[c]
        status, network, rivals = _status(scores, cfg)
        evs = sorted(set(recent.get(int(c), [])), reverse=True)
        top_actors = sorted(per_cell_actor[int(c)].items(), key=lambda kv: -kv[1])[:5]
        result.append(CellInfluence(
            cell=str(cell_names[c]),
            scores={NETWORKS[i]: float(scores[i]) for i in range(len(NETWORKS)) if scores[i] > 0},
            actors=dict(top_actors),
            status=status,
            network=network,
            contested_by=rivals,
            events_in_period=len({ev for _, _, ev in evs}),
            event_ids=tuple(dict.fromkeys(event_id for _, event_id, _ in evs))[: cfg.max_event_ids],
        ))
    result.sort(key=lambda c: (-c.total, c.cell))
    return tuple(result)


def _display(resolver: ActorResolver, key: str, name: str) -> str:
    actor = resolver.kb.get(key)
    return actor.name if actor is not None else name


def decay_weight(age_days: float, half_life_days: float) -> float:
    """The weight of an event ``age_days`` old (1 today, 0.5 after one half-life)."""
    return math.pow(0.5, max(age_days, 0.0) / half_life_days)
