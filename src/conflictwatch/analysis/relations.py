"""Coordination and rivalry between two armed groups, per period.

For groups A and B and each period:

* **clashes**: events with A as one main actor and B as the other (actor1/actor2; an associated actor on the
  other side is not enough: ACLED lists, e.g., a group that claimed the same attack there);
* **joint attacks**: pairs (event by A, event by B) against the same target actor (e.g. "Military Forces of
  Mali", "Civilians (Burkina Faso)") within ``distance_km`` and ``days`` of each other;
* **Knox test** of space-time interaction between A's and B's attacks: the number X of (A, B) pairs closer
  than ``distance_km`` and ``days``; the p-value is the share of ``permutations`` random re-assignments of the
  pooled event dates to the pooled locations giving X or more ((1 + #{X* >= X}) / (1 + permutations)).

* **joint operations**: events with A and B on the same side (e.g. ACLED's actor1 and assoc_actor_1).

The relation for the period is **fighting** when there are at least ``min_clashes`` clashes, else
**coordinating** when there are at least ``min_joint`` joint operations, or at least ``min_joint`` joint attacks
and a Knox p-value of at most ``alpha``, else **coexisting** when both were active, else **inactive**; each
judgement keeps the events behind it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import numpy as np

from conflictwatch.analysis.actors import ARMED_INTER, ActorResolver
from conflictwatch.analysis.base import event_day, haversine_km, period_of, sides
from conflictwatch.records import Event

__all__ = ["RelationConfig", "KnoxResult", "PeriodRelation", "Relation", "knox_test", "relation_timeline",
           "relation_timelines", "active_groups"]

ATTACK_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")


@dataclass(frozen=True, slots=True)
class RelationConfig:
    period: str = "year"
    distance_km: float = 25.0
    days: int = 14
    permutations: int = 999
    seed: int = 0
    alpha: float = 0.05
    min_clashes: int = 1
    min_joint: int = 2
    max_evidence: int = 20
    knox_stop_after: Optional[int] = 20  # sequential p-value: stop after this many permutations >= observed
    knox_max_pairs: Optional[int] = 2_000_000  # permute over at most this many space-close pairs


@dataclass(frozen=True, slots=True)
class KnoxResult:
    observed: int
    expected: float
    p_value: Optional[float]  # None when either group has no event
    n_a: int
    n_b: int
    permutations: int
    distance_km: float
    days: int
    close_pairs: tuple[tuple[int, int], ...] = ()  # indices (into A, into B) of the space-time-close pairs

    @property
    def ratio(self) -> Optional[float]:
        return self.observed / self.expected if self.expected > 0 else None

    def to_dict(self) -> dict[str, Any]:
        return {"observed": self.observed, "expected": round(self.expected, 3), "p_value": self.p_value,
                "ratio": None if self.ratio is None else round(self.ratio, 3), "n_a": self.n_a, "n_b": self.n_b,
                "permutations": self.permutations, "distance_km": self.distance_km, "days": self.days}


def _space_pairs(lat_a, lon_a, lat_b, lon_b, distance_km: float,
                 max_cells: int = 4_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (into A, into B) within ``distance_km``, computed in blocks of at most ``max_cells``
    distances (so memory stays bounded however many events there are)."""
    ia_all, ib_all = [], []
    block = max(1, max_cells // max(1, len(lat_b)))
    for s in range(0, len(lat_a), block):
        d = haversine_km(lat_a[s:s + block, None], lon_a[s:s + block, None], lat_b[None, :], lon_b[None, :])
        ia, ib = np.nonzero(d <= distance_km)
        ia_all.append((ia + s).astype(np.int32))
        ib_all.append(ib.astype(np.int32))
        del d
    if not ia_all:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
    return np.concatenate(ia_all), np.concatenate(ib_all)


def knox_test(
    a: tuple[np.ndarray, np.ndarray, np.ndarray],
    b: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    distance_km: float,
    days: int,
    permutations: int = 999,
    seed: int = 0,
    stop_after: Optional[int] = None,
    max_pairs: Optional[int] = None,
) -> KnoxResult:
    """Cross-group Knox test.  ``a`` and ``b`` are (latitudes, longitudes, day ordinals) arrays.

    ``stop_after``: sequential Monte Carlo p-value (Besag & Clifford 1991): stop permuting once ``stop_after``
    permutations reached the observed count, with p = stop_after / permutations done; the p-value is only
    ever cut short when it is large (> stop_after / permutations), never near a significance threshold.
    ``max_pairs``: permute over a random subset of this many space-close pairs when there are more (very large
    event sets); ``observed`` is still the full count and ``expected`` is scaled to it.
    """
    lat_a, lon_a = (np.asarray(x, dtype=float) for x in a[:2])
    lat_b, lon_b = (np.asarray(x, dtype=float) for x in b[:2])
    t_a, t_b = np.asarray(a[2], dtype=np.int64), np.asarray(b[2], dtype=np.int64)
    n_a, n_b = len(t_a), len(t_b)
    if n_a == 0 or n_b == 0:
        return KnoxResult(0, 0.0, None, n_a, n_b, 0, distance_km, days)
    ia, ib = _space_pairs(lat_a, lon_a, lat_b, lon_b, distance_km)
    close = np.abs(t_a[ia] - t_b[ib]) <= days
    observed = int(close.sum())
    pooled = np.concatenate([t_a, t_b])
    rng = np.random.default_rng(seed)
    # The test runs on all space-close pairs, or on a random subset of ``max_pairs`` of them (drawn without
    # looking at the dates, so the permutation test stays exact); observed/expected are then scaled up.
    ta_idx, tb_idx = ia, ib
    scale = 1.0
    if max_pairs is not None and len(ia) > max_pairs:
        pick = np.sort(rng.choice(len(ia), size=max_pairs, replace=False))
        ta_idx, tb_idx = ia[pick], ib[pick]
        scale = len(ia) / max_pairs
    obs_tested = int((np.abs(t_a[ta_idx] - t_b[tb_idx]) <= days).sum())
    ib_pooled = tb_idx.astype(np.int64) + n_a  # B's events follow A's in the pooled array
    ge = 0
    total = 0.0
    done = 0
    for _ in range(permutations):
        perm = pooled[rng.permutation(len(pooled))]
        x = int((np.abs(perm[ta_idx] - perm[ib_pooled]) <= days).sum())
        total += x
        ge += x >= obs_tested
        done += 1
        if stop_after is not None and ge >= stop_after:
            break
    expected = scale * total / done if done else 0.0
    if not done:
        p = None
    elif done < permutations:
        p = ge / done  # stopped early (Besag & Clifford)
    else:
        p = (1 + ge) / (1 + permutations)
    pairs = tuple((int(i), int(j)) for i, j in zip(ia[close], ib[close]))
    return KnoxResult(observed, expected, p, n_a, n_b, done, distance_km, days, pairs)


@dataclass(frozen=True, slots=True)
class PeriodRelation:
    period: str
    relation: str  # fighting | coordinating | coexisting | inactive
    reason: str
    clashes: tuple[str, ...] = ()  # event ids
    joint_operations: tuple[str, ...] = ()  # event ids with both on the same side
    joint_attacks: tuple[tuple[str, str, str], ...] = ()  # (event of A, event of B, shared target)
    n_joint_attacks: int = 0
    events_a: int = 0
    events_b: int = 0
    knox: Optional[KnoxResult] = None
    knox_pairs: tuple[tuple[str, str], ...] = ()  # (event of A, event of B) close in space and time

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period, "relation": self.relation, "reason": self.reason,
            "clashes": list(self.clashes), "n_clashes": len(self.clashes),
            "joint_operations": list(self.joint_operations),
            "joint_attacks": [list(t) for t in self.joint_attacks], "n_joint_attacks": self.n_joint_attacks,
            "events_a": self.events_a, "events_b": self.events_b,
            "knox": self.knox.to_dict() if self.knox else None,
            "knox_pairs": [list(p) for p in self.knox_pairs],
        }


@dataclass(frozen=True, slots=True)
class Relation:
    a: str
    b: str
    periods: tuple[PeriodRelation, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "timeline": [p.to_dict() for p in self.periods]}


@dataclass(frozen=True, slots=True)
class _Ev:
    id: str
    day: int
    lat: Optional[float]
    lon: Optional[float]
    period: str
    side1: frozenset[str]  # main and associated actors
    side2: frozenset[str]
    main: tuple[str, str]  # actor1, actor2
    targets: frozenset[str]
    attack: bool


def _collect(events: Iterable[Event], resolver: ActorResolver, keys: set[str], period: str) -> list[_Ev]:
    out = []
    for e in events:
        day = event_day(e)
        if day is None:
            continue
        s1, s2 = sides(e, resolver)
        k1 = frozenset(r.key for r in s1)
        k2 = frozenset(r.key for r in s2)
        if not (keys & (k1 | k2)):
            continue
        targets = frozenset(r.key for r in s2 if r.key) if e.actor2 else frozenset()
        main = (s1[0].key if e.actor1 and s1 else "", s2[0].key if e.actor2 and s2 else "")
        out.append(_Ev(e.event_id_cnty, day.toordinal(), e.latitude, e.longitude, period_of(day, period),
                       k1, k2, main, targets, e.event_type in ATTACK_TYPES))
    return out


def relation_timeline(
    events: Iterable[Event],
    resolver: ActorResolver,
    a: str,
    b: str,
    config: RelationConfig = RelationConfig(),
    *,
    periods: Optional[Iterable[str]] = None,
) -> Relation:
    """The relation between groups ``a`` and ``b`` (names, aliases or knowledge-base ids) per period."""
    return relation_timelines(events, resolver, [(a, b)], config, periods=periods)[0]


def relation_timelines(
    events: Iterable[Event],
    resolver: ActorResolver,
    pairs: Iterable[tuple[str, str]],
    config: RelationConfig = RelationConfig(),
    *,
    periods: Optional[Iterable[str]] = None,
) -> list[Relation]:
    """:func:`relation_timeline` for several pairs in one pass over ``events`` (only their events are kept)."""
    cfg = config
    pairs = list(pairs)
    keyed = [(a, b, resolver.find_key(a), resolver.find_key(b)) for a, b in pairs]
    evs = _collect(events, resolver, {k for _, _, ka, kb_ in keyed for k in (ka, kb_)}, cfg.period)
    return [_pair_timeline(evs, resolver, a, b, ka, kb_, cfg, periods) for a, b, ka, kb_ in keyed]


def _pair_timeline(all_evs: list[_Ev], resolver: ActorResolver, a: str, b: str, ka: str, kb_: str,
                   cfg: RelationConfig, periods: Optional[Iterable[str]]) -> Relation:
    both = {ka, kb_}
    evs = [e for e in all_evs if both & (e.side1 | e.side2)]
    labels = sorted(set(periods) if periods is not None else {e.period for e in evs})
    by_period: dict[str, list[_Ev]] = {}
    for e in evs:
        by_period.setdefault(e.period, []).append(e)
    out = []
    for label in labels:
        pe = by_period.get(label, [])
        clashes = tuple(e.id for e in pe if e.main in ((ka, kb_), (kb_, ka)))
        together = tuple(e.id for e in pe if {ka, kb_} <= e.side1 or {ka, kb_} <= e.side2)
        clash_set = set(clashes)
        by_a = [e for e in pe if e.attack and ka in e.side1 and e.id not in clash_set and kb_ not in e.side1]
        by_b = [e for e in pe if e.attack and kb_ in e.side1 and e.id not in clash_set and ka not in e.side1]
        geo_a = [e for e in by_a if e.lat is not None and e.lon is not None]
        geo_b = [e for e in by_b if e.lat is not None and e.lon is not None]
        knox = knox_test(
            (np.array([e.lat for e in geo_a]), np.array([e.lon for e in geo_a]), np.array([e.day for e in geo_a])),
            (np.array([e.lat for e in geo_b]), np.array([e.lon for e in geo_b]), np.array([e.day for e in geo_b])),
            distance_km=cfg.distance_km, days=cfg.days, permutations=cfg.permutations, seed=cfg.seed,
            stop_after=cfg.knox_stop_after, max_pairs=cfg.knox_max_pairs,
        )
        # joint attacks are among the Knox test's space-time-close pairs that share a target
        joint_all = []
        for i, j in knox.close_pairs:
            ea, eb = geo_a[i], geo_b[j]
            shared = (ea.targets & eb.targets) - {ka, kb_}
            if shared:
                joint_all.append((ea.id, eb.id, sorted(shared)[0]))
        knox_pairs = tuple((geo_a[i].id, geo_b[j].id) for i, j in knox.close_pairs[: cfg.max_evidence])
        relation, reason = _judge(clashes, together, joint_all, knox, len(by_a), len(by_b), cfg)
        out.append(PeriodRelation(
            period=label, relation=relation, reason=reason, clashes=clashes, joint_operations=together,
            joint_attacks=tuple(joint_all[: cfg.max_evidence]), n_joint_attacks=len(joint_all),
            events_a=len(by_a), events_b=len(by_b), knox=dataclasses.replace(knox, close_pairs=()),
            knox_pairs=knox_pairs,
        ))
    return Relation(_name(resolver, ka, a), _name(resolver, kb_, b), tuple(out))


def _judge(clashes, together, joint, knox: KnoxResult, n_a: int, n_b: int,
           cfg: RelationConfig) -> tuple[str, str]:
    p = knox.p_value
    ptxt = "n/a" if p is None else f"{p:.3f}"
    if len(clashes) >= cfg.min_clashes:
        return "fighting", (f"{len(clashes)} direct clash(es) between them; {len(together)} joint operation(s); "
                            f"Knox X={knox.observed} vs {knox.expected:.1f} expected, p={ptxt}")
    if len(together) >= cfg.min_joint:
        return "coordinating", f"{len(together)} operation(s) where they acted on the same side"
    if len(joint) >= cfg.min_joint and p is not None and p <= cfg.alpha:
        return "coordinating", (f"{len(joint)} attack pair(s) on the same targets within {cfg.distance_km:g} km and "
                                f"{cfg.days} days; Knox X={knox.observed} vs {knox.expected:.1f} expected, p={ptxt}")
    if n_a and n_b:
        return "coexisting", (f"both active ({n_a} and {n_b} attacks), no clash; {len(joint)} joint attack pair(s); "
                              f"Knox X={knox.observed} vs {knox.expected:.1f} expected, p={ptxt}")
    return "inactive", f"attacks: {n_a} by the first group, {n_b} by the second"


def _name(resolver: ActorResolver, key: str, query: str) -> str:
    actor = resolver.kb.get(key)
    return actor.name if actor is not None else query


def active_groups(events: Iterable[Event], resolver: ActorResolver, *, top: int = 5,
                  networks: tuple[str, ...] = ("al-Qaeda", "Islamic State", "other")) -> list[tuple[str, int]]:
    """The most active non-state armed groups (key, number of events as side 1), most active first.

    Unidentified groups ("Unidentified Armed Group (Mali)") are left out: they are not one group.
    """
    counts: Counter[str] = Counter()
    for e in events:
        s1, _ = sides(e, resolver)
        for r in {r.key: r for r in s1}.values():
            if r.inter in ARMED_INTER and r.inter != 1 and r.network in networks and r.known \
                    and not r.key.startswith("armed-group:"):
                counts[r.key] += 1
    return counts.most_common(top)
