"""Analyses over stored events: areas of influence, relations between groups, isolation of towns,
trends, the conflict index and alerts.

Every analysis takes an iterable of :class:`~conflictwatch.records.Event` (read the store only through
``Store.iter_events(..., fields=ANALYSIS_FIELDS)``: the columns they read, no evidence) and an :class:`ActorResolver` where actors matter; nothing here writes the store.
"""

from conflictwatch.analysis.actors import ARMED_INTER, NETWORKS, ActorRef, ActorResolver
from conflictwatch.analysis.alerts import (
    Alert,
    AlertConfig,
    AtomSink,
    AlertRule,
    DeliveryError,
    JsonlSink,
    StdoutSink,
    WebhookSink,
    deliver,
    evaluate_alerts,
    evidence_from_events,
    load_alert_config,
    make_sink,
)
from conflictwatch.analysis.base import ANALYSIS_FIELDS
from conflictwatch.analysis.index import ConflictIndex, IndexRow, conflict_index
from conflictwatch.analysis.influence import CellInfluence, InfluenceConfig, InfluenceMap, compute_influence
from conflictwatch.analysis.isolation import IsolationConfig, Town, TownIsolation, town_isolation, towns_from_events
from conflictwatch.analysis.relations import (
    RelationConfig,
    Relation,
    active_groups,
    knox_test,
    relation_timeline,
    relation_timelines,
)
from conflictwatch.analysis.trends import poisson_cusum, to_points, weekly_series, weekly_series_from_events

__all__ = [
    "ANALYSIS_FIELDS", "ARMED_INTER", "NETWORKS", "ActorRef", "ActorResolver",
    "Alert", "AlertConfig", "AlertRule", "AtomSink", "DeliveryError", "JsonlSink", "StdoutSink", "WebhookSink",
    "deliver", "evaluate_alerts", "evidence_from_events", "load_alert_config", "make_sink",
    "ConflictIndex", "IndexRow", "conflict_index",
    "CellInfluence", "InfluenceConfig", "InfluenceMap", "compute_influence",
    "IsolationConfig", "Town", "TownIsolation", "town_isolation", "towns_from_events",
    "RelationConfig", "Relation", "active_groups", "knox_test", "relation_timeline", "relation_timelines",
    "poisson_cusum", "to_points", "weekly_series", "weekly_series_from_events",
]
