"""Count incidents, not articles: near-duplicate documents and cross-source event coreference.

Library API (all over an open :class:`conflictwatch.store.Store`):

* :func:`link_document` / :func:`link_documents` — the ``workflow.run`` hook: sign saved documents
  (MinHash) and place their new events into incidents;
* :func:`attach_copy` — a near-duplicate copy that was not extracted becomes a source of its
  original's incidents;
* :func:`deduplicate` — catch up on everything not handled yet (incremental, idempotent);
* :func:`merge_events`, :func:`split_event`, :func:`unmerge` — an analyst's
  corrections, kept on re-runs as must-link / cannot-link constraints;
* :func:`get_incident`, :func:`iter_incidents`, :func:`incident_of_event` — reads;
* :func:`evaluate_file` (``conflictwatch.dedup.evaluate``) — ``conflictwatch eval dedup FILE``.
"""

from conflictwatch.dedup.analyst import DedupError, merge_events, split_event, unmerge
from conflictwatch.dedup.compare import PairScore, compare
from conflictwatch.dedup.incident import Incident, merge_fields
from conflictwatch.dedup.linker import (
    LINKER,
    LinkSummary,
    attach_copy,
    deduplicate,
    get_incident,
    incident_of_event,
    iter_incidents,
    link_document,
    link_documents,
    link_events,
    refresh_incident,
    sign_document,
)
from conflictwatch.dedup.settings import DedupSettings, default_settings

__all__ = [
    "DedupError",
    "merge_events",
    "split_event",
    "unmerge",
    "PairScore",
    "compare",
    "Incident",
    "merge_fields",
    "LINKER",
    "LinkSummary",
    "attach_copy",
    "deduplicate",
    "get_incident",
    "incident_of_event",
    "iter_incidents",
    "link_document",
    "link_documents",
    "link_events",
    "refresh_incident",
    "sign_document",
    "DedupSettings",
    "default_settings",
]
