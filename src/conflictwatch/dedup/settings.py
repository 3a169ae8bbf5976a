"""Settings of the deduplication stage, read from ``knowledge/dedup.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Optional

from conflictwatch import knowledge
from conflictwatch.errors import KnowledgeError

__all__ = ["DedupSettings", "default_settings"]


@dataclass(frozen=True)
class DedupSettings:
    num_perm: int
    shingle_words: int
    near_dup_threshold: float
    date_slack_days: dict[int, int]
    radius_km: dict[int, float]
    unknown_radius_km: float
    weights: dict[str, float]
    threshold: float
    copy_threshold: float
    same_type: float
    type_pairs: dict[frozenset[str], float]
    sub_type_pairs: dict[frozenset[str], float]
    actor_scores: dict[str, float]
    unidentified_prefixes: tuple[str, ...]
    precise_gap_needs_same_type: bool = True
    audit_near_miss_days: int = 7
    relink: bool = False  # merge two incidents that an event shows to be one (``relink`` in dedup.yaml)
    relink_threshold: float = 1.0
    # copies are looked for among documents published this many days or fewer apart (and the undated);
    # None: the whole store
    near_dup_window_days: Optional[int] = None

    @classmethod
    def from_dict(cls, data: dict[str, Any], name: str = "dedup.yaml") -> DedupSettings:
        try:
            nd, co, ty, ac = data["near_duplicates"], data["coreference"], data["types"], data["actors"]
            return cls(
                num_perm=int(nd["num_perm"]),
                shingle_words=int(nd["shingle_words"]),
                near_dup_threshold=float(nd["threshold"]),
                date_slack_days={int(k): int(v) for k, v in co["date_slack_days"].items()},
                radius_km={int(k): float(v) for k, v in co["radius_km"].items()},
                unknown_radius_km=float(co["unknown_radius_km"]),
                weights={str(k): float(v) for k, v in co["weights"].items()},
                threshold=float(co["threshold"]),
                copy_threshold=float(co["copy_threshold"]),
                same_type=float(ty["same_type"]),
                type_pairs={frozenset((a, b)): float(s) for a, b, s in ty.get("pairs", [])},
                sub_type_pairs={frozenset((a, b)): float(s) for a, b, s in ty.get("sub_pairs", [])},
                actor_scores={k: float(ac[k]) for k in ("same", "unidentified", "same_network", "unknown", "rival")},
                unidentified_prefixes=tuple(ac.get("unidentified_prefixes", ())),
                precise_gap_needs_same_type=bool(co.get("precise_gap_needs_same_type", True)),
                audit_near_miss_days=int(co.get("audit_near_miss_days", 7)),
                relink=bool(data.get("relink", {}).get("enabled", False)),
                relink_threshold=float(data.get("relink", {}).get("threshold", co["threshold"])),
                near_dup_window_days=None if nd.get("window_days") is None else int(nd["window_days"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeError(f"knowledge file {name}: bad dedup settings ({type(exc).__name__}: {exc})") from exc


@functools.lru_cache(maxsize=1)
def default_settings() -> DedupSettings:
    """The packaged settings (``knowledge/dedup.yaml``), loaded once."""
    return DedupSettings.from_dict(knowledge.load("dedup.yaml"))
