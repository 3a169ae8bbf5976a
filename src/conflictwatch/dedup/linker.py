"""Incremental event coreference: stored events join incidents, one report at a time.

``link_document(store, doc_id)`` is what ``workflow.run`` calls after a
document's extraction is saved; ``deduplicate(store)`` catches up on every
stored document and event not handled yet (``conflictwatch dedup run``).  Both
only look at what is new: events already in an incident are left alone, so a
re-run changes nothing, and a new report joins the incidents already stored.

For each new event (in date order) the candidates are the incidents whose date
range meets the event's window; each is scored with :func:`compare` against
its members — every member must pass the hard constraints (dates overlap,
within reach, types and actors compatible), and the best member score counts.
The event joins the best incident at or above the threshold, or starts a new
one.  Never joined: an incident holding another event of the same report (a
report of several attacks yields several incidents) or an event an analyst
split from this one (a ``cannot-link`` constraint).  An analyst's ``must-link``
wins over the score.  Every decision is logged with its scores and features.

Near-duplicate documents (syndicated copies) are found first by MinHash/LSH;
a copy's events go to the incidents of the canonical document's events (its
extraction is reused; a lower score suffices), and the copy is listed among
the incident's sources.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional, Sequence

from conflictwatch.dedup import neardup
from conflictwatch.dedup.compare import PairScore, compare, date_window
from conflictwatch.dedup.incident import Incident, merge_fields
from conflictwatch.dedup.settings import DedupSettings, default_settings
from conflictwatch.records import Event
from conflictwatch.store import Store
from conflictwatch.store import incidents as q

__all__ = [
    "LINKER",
    "LinkSummary",
    "sign_document",
    "link_events",
    "link_document",
    "attach_copy",
    "deduplicate",
    "refresh_incident",
    "get_incident",
    "iter_incidents",
    "incident_of_event",
]

LINKER = "dedup.coref.v1"
log = logging.getLogger(__name__)


@dataclass
class LinkSummary:
    events: int = 0  # events handled
    linked: int = 0  # joined an existing incident
    new_incidents: int = 0
    copies: int = 0  # documents found to be near-duplicates of a stored one
    signed: int = 0  # documents given a MinHash signature
    incidents: list[str] = field(default_factory=list)

    def add(self, other: LinkSummary) -> None:
        self.events += other.events
        self.linked += other.linked
        self.new_incidents += other.new_incidents
        self.copies += other.copies
        self.signed += other.signed
        self.incidents.extend(other.incidents)

    def lines(self) -> list[str]:
        return [
            f"documents signed: {self.signed} (near-duplicate copies: {self.copies})",
            f"events linked: {self.events} (joined an incident {self.linked}, new incidents {self.new_incidents})",
        ]


# ------------------------------------------------------------------ near-duplicates


def sign_document(store: Store, doc_id: str, text: str, settings: Optional[DedupSettings] = None) -> Optional[str]:
    """Store the document's MinHash signature; return the canonical document it copies, if any.

    A copy reaches the near-duplicate threshold and keeps the other document's facts (numbers,
    names: :func:`neardup.same_facts`), so that two reports written from one template (an army
    communiqué with another toll) are not taken for copies.  Idempotent: a document already signed keeps its earlier answer.
    """
    s = settings or default_settings()
    method = neardup.method_name(s.num_perm, s.shingle_words)
    with q.reading(store) as conn:
        known = q.get_signature(conn, doc_id)
    if known is not None and known["method"] == method:
        return known["copy_of"]
    sig = neardup.signature(text, s.num_perm, s.shingle_words)
    buckets = neardup.band_buckets(sig, s.near_dup_threshold, s.num_perm)
    with q.reading(store) as conn:
        candidates = q.docs_sharing_buckets(conn, buckets, method, exclude=doc_id)
    best, best_sim = None, s.near_dup_threshold
    for row in candidates:
        sim = neardup.similarity(sig, row["signature"])
        if sim >= best_sim and (best is None or sim > best_sim) and _same_facts(store, text, row["doc_id"]):
            best, best_sim = row, sim
    copy_of = None
    if best is not None:
        copy_of = best["copy_of"] or best["doc_id"]  # point at the first of the chain
    with q.writing(store) as conn:
        q.save_signature(conn, doc_id, method, sig.tolist(), buckets, copy_of, best_sim if best is not None else None)
    return copy_of


def _same_facts(store: Store, text: str, other_id: str) -> bool:
    """A near-duplicate must keep the other document's numbers and names (not just its wording)."""
    other = store.load_document(other_id)
    return other is not None and bool(other.text) and neardup.same_facts(text, other.text)


# ------------------------------------------------------------------ linking


def _window_bounds(ev: Event, s: DedupSettings) -> tuple[Optional[str], Optional[str]]:
    w = date_window(ev, s)
    if w is None:
        return None, None
    # incidents carry their own precision: widen by the largest slack so that candidates are not missed
    pad = dt.timedelta(days=max(s.date_slack_days.values()))
    return (w[0] - pad).isoformat(), (w[1] + pad).isoformat()


def _score_incident(
    ev: Event,
    members: Sequence[tuple[Event, str, Optional[float]]],
    s: DedupSettings,
    cannot: set[str],
    canonical: Optional[str],
) -> tuple[Optional[PairScore], Optional[str], bool]:
    """Best pair score against the members; (score, reason blocked, is the canonical's incident)."""
    best: Optional[PairScore] = None
    has_canonical = False
    for member, _how, _score in members:
        if member.event_id_cnty in cannot:
            return None, f"analyst split {ev.event_id_cnty} from {member.event_id_cnty} (cannot-link)", False
        if member.doc_id == ev.doc_id:
            return None, "holds another event of the same report", False
        if canonical is not None and member.doc_id == canonical:
            has_canonical = True
        pair = compare(ev, member, s)
        if not pair.compatible:
            return None, pair.blocked, False
        if best is None or pair.score > best.score:
            best = pair
    return best, None, has_canonical


def _link_one(store: Store, ev: Event, s: DedupSettings, summary: LinkSummary) -> None:
    with q.reading(store) as conn:
        if q.incident_of(conn, ev.event_id_cnty) is not None:
            return  # already placed (e.g. by an analyst in this batch)
        partners = q.constraints_for(conn, [ev.event_id_cnty]).get(ev.event_id_cnty, {})
        sig = q.get_signature(conn, ev.doc_id)
        canonical = sig["copy_of"] if sig else None
        must = {p for p, kind in partners.items() if kind == "must-link"}
        cannot = {p for p, kind in partners.items() if kind == "cannot-link"}
        forced = next((inc for inc in (q.incident_of(conn, p) for p in sorted(must)) if inc), None)
        lo, hi = _window_bounds(ev, s)
        candidate_ids = [] if forced else q.candidate_incidents(conn, lo, hi, ev.country or None)

    audit: list[dict[str, Any]] = []
    target, target_score, how = forced, None, "analyst" if forced else None
    if not forced and candidate_ids:
        by_incident = q.members(store, candidate_ids)
        ranked: list[tuple[float, bool, str, PairScore]] = []
        for inc_id, mem in by_incident.items():
            if not mem:
                continue
            pair, blocked, is_canonical = _score_incident(ev, mem, s, cannot, canonical)
            if pair is None:
                audit.append({"incident": inc_id, "blocked": blocked})
                continue
            ranked.append((pair.score, is_canonical, inc_id, pair))
        ranked.sort(key=lambda r: (r[1], r[0]), reverse=True)
        for score, is_canonical, inc_id, pair in ranked[:3]:
            audit.insert(0, {"incident": inc_id, "copy_of_member": is_canonical, **pair.to_dict()})
        if ranked:
            score, is_canonical, inc_id, pair = ranked[0]
            if is_canonical and score >= s.copy_threshold:
                target, target_score, how = inc_id, score, "copy"
            else:
                plain = max((r for r in ranked), key=lambda r: r[0])
                if plain[0] >= s.threshold:
                    target, target_score, how = plain[2], plain[0], "linked"
    audit = audit[:6]
    with q.writing(store) as conn:
        if target is None:
            target = q.new_incident_id(conn, ev.event_id_cnty)
            how = "seed"
            reason = "no stored incident is compatible above the threshold" if candidate_ids else "no incident in its window"
            action = "new"
            summary.new_incidents += 1
        else:
            action = "copy" if how == "copy" else ("merge" if how == "analyst" else "link")
            if how == "copy":
                reason = f"near-duplicate of document {canonical}: joins the incident of its event"
            elif how == "analyst":
                reason = "must-link with an event of this incident (analyst)"
            else:
                reason = f"best incident scored {target_score or 0.0:.3f} >= {s.threshold}"
            summary.linked += 1
        # the incident row must exist before its members point at it
        if q.get_incident_row(conn, target) is None:
            q.upsert_incident(conn, merge_fields(target, [ev], (), s.unidentified_prefixes))
        q.assign(conn, ev.event_id_cnty, target, how or "seed", target_score)
        q.record_decision(conn, ev.event_id_cnty, target, action, target_score, {"candidates": audit}, LINKER, reason)
    refresh_incident(store, target, s)
    summary.events += 1
    summary.incidents.append(target)


def link_events(store: Store, events: Sequence[Event], settings: Optional[DedupSettings] = None) -> LinkSummary:
    """Place each event (not yet in an incident) into an incident; see the module docstring."""
    s = settings or default_settings()
    summary = LinkSummary()
    ordered = sorted(events, key=lambda e: (e.event_date or "9999-99-99", e.doc_id, e.event_id_cnty))
    for ev in ordered:
        _link_one(store, ev, s, summary)
    return summary


def link_document(store: Store, doc_id: str, settings: Optional[DedupSettings] = None) -> LinkSummary:
    """Sign one stored, processed document and link its new events (the ``workflow.run`` hook)."""
    s = settings or default_settings()
    summary = LinkSummary()
    with q.writing(store) as conn:
        q.prune_empty_incidents(conn)  # left over when a document was re-extracted
    doc = store.load_document(doc_id)
    if doc is not None and doc.text:
        with q.reading(store) as conn:
            known = q.get_signature(conn, doc_id)
        copy_of = sign_document(store, doc_id, doc.text, s)
        if known is None:
            summary.signed += 1
            summary.copies += int(copy_of is not None)
    summary.add(link_events(store, q.unassigned_events(store, [doc_id]), s))
    return summary


def attach_copy(store: Store, doc_id: str, settings: Optional[DedupSettings] = None) -> list[str]:
    """List a signed near-duplicate copy among the sources of its original's incidents.

    For a copy that was not extracted (``workflow.run`` skips copies of processed documents): its
    events are the original's, so the incidents of the original's events are refreshed (their
    ``sources`` include the copies).  Returns those incident ids; none when ``doc_id`` is no copy.
    """
    with q.reading(store) as conn:
        sig = q.get_signature(conn, doc_id)
    original = sig["copy_of"] if sig else None
    if not original:
        return []
    with q.reading(store) as conn:
        incident_ids = sorted(
            {i for i in (q.incident_of(conn, e.event_id_cnty) for e in store.iter_events(doc_id=original)) if i}
        )
    for inc in incident_ids:
        refresh_incident(store, inc, settings)
    return incident_ids


def deduplicate(store: Store, settings: Optional[DedupSettings] = None) -> LinkSummary:
    """Catch up: sign every processed document without a signature, then link every unplaced event.

    Incremental and idempotent: running it twice in a row changes nothing the second time.
    """
    s = settings or default_settings()
    summary = LinkSummary()
    with q.writing(store) as conn:
        q.prune_empty_incidents(conn)
    for raw_doc_id in _unsigned_documents(store):
        doc = store.load_document(raw_doc_id)
        if doc is not None and doc.text:
            copy_of = sign_document(store, raw_doc_id, doc.text, s)
            summary.signed += 1
            summary.copies += int(copy_of is not None)
    summary.add(link_events(store, q.unassigned_events(store), s))
    return summary


def _unsigned_documents(store: Store) -> list[str]:
    import sqlalchemy as sa

    from conflictwatch.store import schema as _s

    d, sig = _s.documents, _s.document_signatures
    with q.reading(store) as conn:
        return list(
            conn.execute(
                sa.select(d.c.id)
                .where(d.c.status == "processed", d.c.id.not_in(sa.select(sig.c.doc_id)))
                .order_by(d.c.processed_at, d.c.id)
            ).scalars()
        )


# ------------------------------------------------------------------ incident rows


def refresh_incident(store: Store, incident_id: str, settings: Optional[DedupSettings] = None) -> None:
    """Recompute an incident's merged fields from its members (delete it when it has none left)."""
    s = settings or default_settings()
    mem = q.members(store, [incident_id])[incident_id]
    events = [m[0] for m in mem]
    with q.reading(store) as conn:
        copies = q.copies_of(conn, {e.doc_id for e in events})
    extra = [c for cs in copies.values() for c in cs]
    with q.writing(store) as conn:
        if not events:
            q.prune_empty_incidents(conn)
            return
        q.upsert_incident(conn, merge_fields(incident_id, events, extra, s.unidentified_prefixes))


def _incident_from_row(row: dict[str, Any], events: Sequence[Event]) -> Incident:
    return Incident(
        id=row["id"],
        event_date=row["event_date"],
        date_end=row["date_end"],
        time_precision=row["time_precision"],
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        actor1=row["actor1"],
        actor2=row["actor2"],
        country=row["country"],
        admin1=row["admin1"],
        location=row["location"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        geo_precision=row["geo_precision"],
        fatalities=row["fatalities"],
        fatalities_low=row["fatalities_low"],
        fatalities_high=row["fatalities_high"],
        sources=tuple(row["sources"] or ()),
        events=tuple(events),
        summary=row["summary"] or {},
    )


def get_incident(store: Store, incident_id: str) -> Optional[Incident]:
    """An incident with its member events (and their evidence) and sources, or None."""
    with q.reading(store) as conn:
        row = q.get_incident_row(conn, incident_id)
    if row is None:
        return None
    mem = q.members(store, [incident_id])[incident_id]
    return _incident_from_row(row, [m[0] for m in mem])


def iter_incidents(store: Store, country: Optional[str] = None) -> Iterator[Incident]:
    """Every incident (by date), with its member events and sources."""
    for row in q.iter_incident_rows(store, country):
        mem = q.members(store, [row["id"]])[row["id"]]
        yield _incident_from_row(row, [m[0] for m in mem])


def incident_of_event(store: Store, event_id: str) -> Optional[str]:
    """The id of the incident an event belongs to, or None."""
    with q.reading(store) as conn:
        return q.incident_of(conn, event_id)
