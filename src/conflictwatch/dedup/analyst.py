"""An analyst's corrections: merge events into one incident, split events out, undo a merge.

These are the library functions the dashboard and the API call.  Each runs on
an open :class:`~conflictwatch.store.Store`, records who did it and why in the
audit log (``dedup_decisions``), and leaves a constraint between the events
concerned so that the correction survives re-runs and re-extraction:

* :func:`merge_events` — ``must-link`` between every pair of the given events;
* :func:`split_event` / :func:`unmerge` — ``cannot-link`` between each event
  moved out and each event left behind (a later run never puts them back
  together), ``must-link`` among the events moved out together.

A later constraint between the same two events replaces an earlier one.
Errors (unknown event or incident, an event not in the incident, splitting
out every member) raise :class:`DedupError` (a ``ValueError``) naming the
ids and saying why; nothing is changed then.
"""

from __future__ import annotations

from itertools import combinations
from typing import Optional, Sequence

from conflictwatch.dedup.incident import merge_fields
from conflictwatch.dedup.linker import refresh_incident
from conflictwatch.dedup.settings import DedupSettings
from conflictwatch.errors import InputError
from conflictwatch.store import Store
from conflictwatch.store import incidents as q

__all__ = ["DedupError", "merge_events", "split_event", "unmerge"]


class DedupError(InputError):
    """A merge or split request that cannot be carried out (``uri`` names the event or incident)."""


def _check_events(store: Store, event_ids: Sequence[str]) -> dict[str, Optional[str]]:
    """Each event's current incident; raises DedupError for unknown events."""
    found = {e.event_id_cnty for e in q.events_by_id(store, list(event_ids))}
    missing = [e for e in event_ids if e not in found]
    if missing:
        raise DedupError(", ".join(missing), "no such event in the store")
    with q.reading(store) as conn:
        return {e: q.incident_of(conn, e) for e in event_ids}


def merge_events(
    store: Store, event_ids: Sequence[str], by: str, reason: str, settings: Optional[DedupSettings] = None
) -> str:
    """Put ``event_ids`` (two or more) into one incident and return its id.

    The incident of the first event that has one is kept (a new one is made
    when none has); incidents emptied by the move are deleted.  ``by`` names
    the analyst, ``reason`` says why (both go to the audit log).
    """
    ids = list(dict.fromkeys(event_ids))
    if len(ids) < 2:
        raise DedupError(", ".join(ids) or "(none)", "merging needs at least two events")
    if not by or not reason:
        raise DedupError(", ".join(ids), "a merge needs who (by) and why (reason)")
    current = _check_events(store, ids)
    old = {inc for inc in current.values() if inc}
    first = q.events_by_id(store, ids[:1])
    with q.writing(store) as conn:
        target = next((current[e] for e in ids if current[e]), None)
        if target is None:
            target = q.new_incident_id(conn, ids[0])
            q.upsert_incident(conn, merge_fields(target, first))
        for e in ids:
            if current[e] != target:
                q.assign(conn, e, target, "analyst", None)
            why = {"events": ids, "from": current[e]}
            q.record_decisions(conn, [q.decision_row(e, target, "merge", None, why, by, reason)])
        for a, b in combinations(ids, 2):
            q.add_constraint(conn, a, b, "must-link", by, reason)
    for inc in sorted(old | {target}):
        refresh_incident(store, inc, settings)
    return target


def split_event(
    store: Store,
    incident_id: str,
    event_ids: Sequence[str],
    by: str,
    reason: str,
    settings: Optional[DedupSettings] = None,
) -> str:
    """Move ``event_ids`` out of ``incident_id`` into a new incident of their own; return the new id.

    The events moved out stay apart from those left behind on every later run
    (cannot-link).  At least one member must stay in ``incident_id``.
    """
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        raise DedupError(incident_id, "no events to split out")
    if not by or not reason:
        raise DedupError(incident_id, "a split needs who (by) and why (reason)")
    current = _check_events(store, ids)
    with q.reading(store) as conn:
        if q.get_incident_row(conn, incident_id) is None:
            raise DedupError(incident_id, "no such incident")
        members = q.member_ids(conn, incident_id)
    strangers = [e for e in ids if current[e] != incident_id]
    if strangers:
        raise DedupError(incident_id, f"events {', '.join(strangers)} are not members of this incident")
    remaining = [m for m in members if m not in ids]
    if not remaining:
        raise DedupError(incident_id, "splitting out every member would leave the incident empty")
    first = q.events_by_id(store, ids[:1])
    with q.writing(store) as conn:
        new_id = q.new_incident_id(conn, ids[0])
        q.upsert_incident(conn, merge_fields(new_id, first))
        for e in ids:
            q.assign(conn, e, new_id, "analyst", None)
            why = {"from": incident_id, "moved": ids, "left": remaining}
            q.record_decisions(conn, [q.decision_row(e, new_id, "split", None, why, by, reason)])
        for moved in ids:
            for left in remaining:
                q.add_constraint(conn, moved, left, "cannot-link", by, reason)
        for a, b in combinations(ids, 2):
            q.add_constraint(conn, a, b, "must-link", by, reason)
    refresh_incident(store, incident_id, settings)
    refresh_incident(store, new_id, settings)
    return new_id


def unmerge(store: Store, event_id: str, by: str, reason: str, settings: Optional[DedupSettings] = None) -> str:
    """Undo the merge of one event: it leaves its incident for a new one of its own (see :func:`split_event`)."""
    current = _check_events(store, [event_id])[event_id]
    if current is None:
        raise DedupError(event_id, "the event is in no incident")
    return split_event(store, current, [event_id], by, reason, settings)
