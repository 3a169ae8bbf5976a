"""Incremental event coreference: stored events join incidents, one report at a time.

``link_document(store, doc_id)`` is what ``workflow.run`` calls after a
document's extraction is saved; ``deduplicate(store)`` catches up on every
stored document and event not handled yet (``conflictwatch dedup run``).  Both
only look at what is new: events already in an incident are left alone, so a
re-run changes nothing, and a new report joins the incidents already stored.

For each new event (in date order) the candidates are the incidents whose date
range meets the event's window, in its country and within the largest reach of
its place (a degree box; unlocated incidents by admin1), less those whose
merged fields already show a member that :func:`compare` would rule out
(:func:`members.ruled_out`); each is scored with :func:`compare` against
its members — every member must pass the hard constraints (dates overlap,
within reach, types and actors compatible), and the best member score counts.
Members are read without evidence (:mod:`conflictwatch.dedup.members`), once
per batch of events, and the incident an event joins is re-merged from them.
The event joins the best incident at or above the threshold, or starts a new
one.  Never joined: an incident holding another event of the same report (a
report of several attacks yields several incidents) or an event an analyst
split from this one (a ``cannot-link`` constraint).  An analyst's ``must-link``
wins over the score.  Every decision is logged with its scores and features.

Arrival order can split one event in two: a vague early report opens an incident, the precise
reports that follow open another, and no single report can join both.  So once an event has joined
or seeded an incident, that incident and each of the event's other compatible candidates are merged
when they now describe one event (:func:`_relink`: every cross pair compatible, no report on both
sides, no analyst cannot-link across them, best cross score at least ``relink.threshold``).  Only the
event's own candidates are looked at, with the members the batch already holds.

Near-duplicate documents (syndicated copies) are found first by MinHash/LSH;
a copy's events go to the incidents of the canonical document's events (its
extraction is reused; a lower score suffices), and the copy is listed among
the incident's sources.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional, Sequence

from conflictwatch.dedup import members, neardup
from conflictwatch.dedup.compare import PairScore, _range, _slack, compare, date_window
from conflictwatch.dedup.incident import Incident, merge_fields
from conflictwatch.dedup.settings import DedupSettings, default_settings
from conflictwatch.records import Event, PublicationDate
from conflictwatch.store import Store
from conflictwatch.store import incidents as q

__all__ = [
    "LINKER",
    "LinkSummary",
    "sign_document",
    "link_events",
    "link_document",
    "link_documents",
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
    relinked: int = 0  # incidents merged into another once an event showed them to be one
    incidents: list[str] = field(default_factory=list)

    def add(self, other: LinkSummary) -> None:
        self.events += other.events
        self.linked += other.linked
        self.new_incidents += other.new_incidents
        self.copies += other.copies
        self.signed += other.signed
        self.relinked += other.relinked
        self.incidents.extend(other.incidents)

    def lines(self) -> list[str]:
        return [
            f"documents signed: {self.signed} (near-duplicate copies: {self.copies})",
            f"events linked: {self.events} (joined an incident {self.linked}, new incidents {self.new_incidents})",
            f"incidents re-linked (merged into another): {self.relinked}",
        ]


# ------------------------------------------------------------------ near-duplicates


def sign_document(
    store: Store,
    doc_id: str,
    text: str,
    settings: Optional[DedupSettings] = None,
    published: PublicationDate | str | None = None,
) -> Optional[str]:
    """Store the document's MinHash signature; return the canonical document it copies, if any.

    A copy reaches the near-duplicate threshold and keeps the other document's facts (numbers,
    names: :func:`neardup.same_facts`), so that two reports written from one template (an army
    communiqué with another toll) are not taken for copies.  Idempotent: a document already signed keeps its earlier answer.
    ``published`` (the document's publication date, or an ISO day known for sure): only documents
    published within the settings' ``near_dup_window_days`` of it, or on an unknown day, are
    compared, so that the search stays the same size as the store grows.  A document whose date is
    unknown or unsure (precision coarser than a week, or the year guessed) counts as undated: it is
    compared with every document, and every document with it.
    """
    s = settings or default_settings()
    method = neardup.method_name(s.num_perm, s.shingle_words)
    with q.reading(store) as conn:
        known = q.get_signature(conn, doc_id)
    if known is not None and known["method"] == method:
        return known["copy_of"]
    sig = neardup.signature(text, s.num_perm, s.shingle_words)
    buckets = neardup.band_buckets(sig, s.near_dup_threshold, s.num_perm)
    day = _iso_day(published)
    days = None
    if day is not None and s.near_dup_window_days is not None:
        pad = dt.timedelta(days=s.near_dup_window_days)
        days = ((day - pad).isoformat(), (day + pad).isoformat())
    with q.reading(store) as conn:
        candidates = q.docs_sharing_buckets(conn, buckets, method, exclude=doc_id, days=days)
    # the most similar candidate that keeps the facts (the first of equals in the stored order): by
    # similarity, stopping at the first that does, with this text's fact tokens worked out once
    ranked = sorted(
        ((neardup.similarity(sig, row["signature"]), k, row) for k, row in enumerate(candidates)),
        key=lambda x: (-x[0], x[1]),
    )
    best, best_sim, own_facts = None, s.near_dup_threshold, None
    for sim, _, row in ranked:
        if sim < s.near_dup_threshold:
            break
        if own_facts is None:
            own_facts = neardup.key_tokens(text)
        if _same_facts(store, own_facts, row["doc_id"]):
            best, best_sim = row, sim
            break
    copy_of = None
    if best is not None:
        copy_of = best["copy_of"] or best["doc_id"]  # point at the first of the chain
    with q.writing(store) as conn:
        q.save_signature(
            conn, doc_id, method, sig.tolist(), buckets, copy_of, best_sim if best is not None else None,
            day.isoformat() if day is not None else None,
        )
    return copy_of


def _iso_day(published: PublicationDate | str | None) -> Optional[dt.date]:
    """The publication day the near-duplicate window is centred on: None when unknown, unreadable or
    unsure (a month or coarser, or a year that was guessed: a copy could then be a year away)."""
    if isinstance(published, PublicationDate):
        if published.year_inferred or published.precision > 2:
            return None
        published = published.value
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _same_facts(store: Store, own_facts: set[str], other_id: str) -> bool:
    """A near-duplicate must keep the other document's numbers and names (not just its wording):
    ``own_facts`` are the new text's :func:`neardup.key_tokens`."""
    other = store.load_document(other_id)
    return other is not None and bool(other.text) and neardup.facts_agree(own_facts, neardup.key_tokens(other.text))


# ------------------------------------------------------------------ linking


def _window_bounds(ev: Event, s: DedupSettings) -> tuple[Optional[str], Optional[str]]:
    w = date_window(ev, s)
    if w is None:
        return None, None
    # incidents carry their own precision: widen by the largest slack so that candidates are not missed
    pad = dt.timedelta(days=max(s.date_slack_days.values()))
    return (w[0] - pad).isoformat(), (w[1] + pad).isoformat()


def _precision_windows(ev: Event, s: DedupSettings) -> Optional[dict[Optional[int], tuple[str, str]]]:
    """{an incident's time precision: the days its date range must meet} (None: any other precision).

    ``compare`` blocks when the gap between the two date ranges exceeds the larger of the two
    slacks, so an incident of precision p can only be joined within ``ev``'s range widened by
    max(slack of ``ev``, slack of p).  The windows add ``audit_near_miss_days``: incidents just
    outside are read too, so that the audit of a decision names the near misses (the same place
    three days earlier) with the reason they were ruled out.  :func:`_window_bounds` pads every
    precision by the largest slack; these windows are inside it.
    """
    r = _range(ev)
    if r is None:
        return None
    own = _slack(ev, s)
    out: dict[Optional[int], tuple[str, str]] = {}
    for p, slack in [*s.date_slack_days.items(), (None, max(s.date_slack_days.values()))]:
        pad = dt.timedelta(days=max(own, slack) + s.audit_near_miss_days)
        out[p] = ((r[0] - pad).isoformat(), (r[1] + pad).isoformat())
    return out


def _candidates(conn: Any, ev: Event, s: DedupSettings) -> list[tuple[str, Optional[str], Optional[int]]]:
    """Incidents in ``ev``'s date window and within reach (SQL), by id, each with the reason its
    merged fields already rule ``ev`` out (:func:`members.ruled_out`: only where ``compare`` would
    block one of its members), or None, and its revision."""
    lo, hi = _window_bounds(ev, s)
    rows = q.candidate_rows(
        conn, lo, hi, ev.country or None, ev.admin1 or None, ev.latitude, ev.longitude, members.max_reach_km(s),
        _precision_windows(ev, s),
    )
    return [(r.id, members.ruled_out(ev, r, s), r.revision) for r in rows]


def _score_incident(
    ev: Event,
    loaded: members.Loaded,
    s: DedupSettings,
    cannot: set[str],
    canonical: Optional[str],
    scores: dict[tuple[Any, ...], PairScore],
) -> tuple[Optional[PairScore], Optional[str], bool]:
    """Best pair score against the members; (score, reason blocked, is the canonical's incident).

    Every member must pass (no cannot-link, not the same report, ``compare`` compatible); the best
    member score counts.  Members with the same compared fields score alike, so each distinct
    profile is compared once (``scores`` caches them for this event); the best is the first member,
    in the stored order, with the highest score, as a member-by-member scan finds it.
    """
    blocked = bool(cannot & loaded.ids) or ev.doc_id in loaded.docs
    best: Optional[PairScore] = None
    if not blocked:
        for prof, m in loaded.profiles:
            pair = scores.get(prof)
            if pair is None:
                pair = scores[prof] = compare(ev, m, s)
            if not pair.compatible:
                blocked = True
                break
            if best is None or pair.score > best.score:
                best = pair
    if blocked:
        return None, members.first_blocked(ev, loaded, cannot, scores, compare, s), False
    return best, None, canonical is not None and canonical in loaded.docs


class _Memory:
    """Members of incidents this process read or wrote, kept from one write transaction to the next.

    Each is kept with its incident's ``revision``, which every change of the incident's row or
    memberships draws anew (``store.incidents``; a re-extraction draws it for the incidents that
    lose events), so members are only taken from here while the stored revision is the one they
    were read at: another process's writes are seen.  Entries are filled only after the transaction
    that produced them committed.  Least recently used incidents are dropped past ``max_members``
    members in all.  Without this, an incident reported a thousand times was read in full each
    time it was a candidate.
    """

    def __init__(self, max_members: int = 200_000) -> None:
        self.max_members = max_members
        self.size = 0
        self.entries: OrderedDict[str, tuple[int, members.Loaded]] = OrderedDict()

    def get(self, incident_id: str, revision: Optional[int]) -> Optional[members.Loaded]:
        entry = self.entries.get(incident_id)
        if entry is None or revision is None or entry[0] != revision:
            return None
        self.entries.move_to_end(incident_id)
        return copy.copy(entry[1])  # the batch may read the copies into its own

    def update(self, remembered: dict[str, tuple[int, members.Loaded]]) -> None:
        for incident_id, (revision, loaded) in remembered.items():
            old = self.entries.pop(incident_id, None)
            if old is not None:
                self.size -= len(old[1].members)
            kept = copy.copy(loaded)
            kept.copies = None  # read again when needed: copies can be added without a new revision
            self.entries[incident_id] = (revision, kept)
            self.size += len(kept.members)
        while self.size > self.max_members and self.entries:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.size -= len(dropped.members)


_MEMORIES: weakref.WeakKeyDictionary[Store, _Memory] = weakref.WeakKeyDictionary()


def _memory_of(store: Store) -> _Memory:
    """This process's :class:`_Memory` for ``store`` (dropped with the store object)."""
    memory = _MEMORIES.get(store)
    if memory is None:
        memory = _MEMORIES[store] = _Memory()
    return memory


@dataclass
class _Batch:
    """What the events of one write transaction share (nothing else writes incidents meanwhile).

    Their placements and constraints; per document, the document it copies and its copies; the
    members of the incidents read so far, kept up to date as events join them.
    """

    placed: set[str]
    constraints: dict[str, dict[str, str]]
    canonical: dict[str, Optional[str]] = field(default_factory=dict)  # doc id -> the document it copies
    copies: dict[str, list[str]] = field(default_factory=dict)  # doc id -> its near-duplicate copies
    loaded: dict[str, members.Loaded] = field(default_factory=dict)  # incident id -> its members
    memory: Optional[_Memory] = None  # members kept by this process from earlier transactions
    # compare() of two member profiles, for re-linking (:func:`_cross_check`)
    cross: dict[tuple[tuple[Any, ...], tuple[Any, ...]], PairScore] = field(default_factory=dict)
    # memberships and audit rows not written yet: one statement each per batch (see :meth:`flush`)
    new_members: list[dict[str, Any]] = field(default_factory=list)
    new_decisions: list[dict[str, Any]] = field(default_factory=list)

    def flush(self, conn: Any) -> None:
        """Write the pending memberships and audit rows.  Called before anything reads memberships
        from the database within the batch (an analyst's link, a new incident id) and at its end;
        the members the batch reads otherwise are of incidents it has not changed."""
        q.add_members(conn, self.new_members)
        q.record_decisions(conn, self.new_decisions)
        self.new_members.clear()
        self.new_decisions.clear()

    def canonical_of(self, conn: Any, doc_id: str) -> Optional[str]:
        if doc_id not in self.canonical:
            sig = q.get_signature(conn, doc_id)
            self.canonical[doc_id] = sig["copy_of"] if sig else None
        return self.canonical[doc_id]

    def copies_of(self, conn: Any, doc_id: str) -> list[str]:
        if doc_id not in self.copies:
            self.copies[doc_id] = q.copies_of(conn, [doc_id]).get(doc_id, [])
        return self.copies[doc_id]

    def members_of(self, conn: Any, revisions: dict[str, Optional[int]]) -> dict[str, members.Loaded]:
        """The members of the incidents ``revisions`` names (id: its stored revision): those the batch
        holds, those the process kept from earlier batches at that same revision, the rest read."""
        missing = [i for i in revisions if i not in self.loaded]
        if self.memory is not None:
            kept = {i: self.memory.get(i, revisions[i]) for i in missing}
            self.loaded.update((i, m) for i, m in kept.items() if m is not None)
            missing = [i for i in missing if kept[i] is None]
        if missing:
            self.loaded.update(members.load(conn, missing))
        return self.loaded

    def to_remember(self, conn: Any) -> dict[str, tuple[int, members.Loaded]]:
        """At the end of the write transaction (memberships flushed): the members the batch holds,
        with the revision their incidents have now, for :meth:`_Memory.update` once committed."""
        self.flush(conn)
        if self.memory is None or not self.loaded:
            return {}
        now = q.incident_revisions(conn, list(self.loaded))
        return {i: (now[i], m) for i, m in self.loaded.items() if now.get(i) is not None}


def _link_one(conn: Any, ev: Event, s: DedupSettings, summary: LinkSummary, batch: _Batch) -> None:
    """Place one event, inside the batch's write transaction ``conn``."""
    if ev.event_id_cnty in batch.placed:
        return  # already placed (by an analyst, or listed twice)
    partners = batch.constraints.get(ev.event_id_cnty, {})
    canonical = batch.canonical_of(conn, ev.doc_id)
    must = {p for p, kind in partners.items() if kind == "must-link"}
    cannot = {p for p, kind in partners.items() if kind == "cannot-link"}
    if must:
        batch.flush(conn)
    forced = next((inc for inc in (q.incident_of(conn, p) for p in sorted(must)) if inc), None)
    candidates = [] if forced else _candidates(conn, ev, s)
    loaded = batch.members_of(conn, {inc: rev for inc, why, rev in candidates if why is None})

    audit: list[dict[str, Any]] = []
    target, target_score, how = forced, None, "analyst" if forced else None
    ranked: list[tuple[float, bool, str, PairScore]] = []
    if candidates:
        scores: dict[tuple[Any, ...], PairScore] = {}
        for inc_id, ruled_out, _revision in candidates:
            if ruled_out is not None:
                audit.append({"incident": inc_id, "blocked": ruled_out})
                continue
            if inc_id not in loaded:
                continue
            pair, blocked, is_canonical = _score_incident(ev, loaded[inc_id], s, cannot, canonical, scores)
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
    if target is None:
        batch.flush(conn)  # new_incident_id reuses an id only when no membership points at it
        target = q.new_incident_id(conn, ev.event_id_cnty)
        how = "seed"
        reason = (
            "no stored incident is compatible above the threshold" if candidates
            else "no incident in its window and within reach"
        )
        action = "new"
        summary.new_incidents += 1
        joined: Optional[members.Loaded] = members.Loaded([members.member_of(ev)], batch.copies_of(conn, ev.doc_id))
    else:
        action = "copy" if how == "copy" else ("merge" if how == "analyst" else "link")
        if how == "copy":
            reason = f"near-duplicate of document {canonical}: joins the incident of its event"
        elif how == "analyst":
            reason = "must-link with an event of this incident (analyst)"
        else:
            reason = f"best incident scored {target_score or 0.0:.3f} >= {s.threshold}"
        summary.linked += 1
        # linked or copy: the incident holds no other event of this report, so the new member's
        # place in the stored order does not depend on its position in the report
        joined = None
        if target in loaded:
            was = loaded[target]
            copies = was.copies_in(conn, target) + batch.copies_of(conn, ev.doc_id)
            joined = members.Loaded(was.with_member(members.member_of(ev)), copies)
    if joined is not None:  # the row must exist before its members point at it
        _write_incident(conn, target, joined, s)
        batch.loaded[target] = joined
    batch.new_members.append(q.membership_row(ev.event_id_cnty, target, how or "seed", target_score))
    batch.new_decisions.append(
        q.decision_row(ev.event_id_cnty, target, action, target_score, {"candidates": audit}, LINKER, reason)
    )
    if joined is None:  # an analyst's incident: merge its members as stored now
        batch.flush(conn)
        batch.loaded[target] = members.load(conn, [target])[target]
        _write_incident(conn, target, batch.loaded[target], s)
    batch.placed.add(ev.event_id_cnty)
    summary.events += 1
    summary.incidents.append(target)
    if s.relink:
        others = [inc_id for _, _, inc_id, _ in sorted(ranked, key=lambda r: -r[0]) if inc_id != target]
        if others:
            _relink(conn, ev, target, others, s, summary, batch)


@dataclass(frozen=True)
class _Cross:
    """How two incidents compare across: the best cross pair (its member ids and score), the weakest
    score, how many distinct profile pairs were compared; ``blocked`` when one pair is incompatible."""

    best: Optional[PairScore]
    best_ids: tuple[str, str]
    lowest: float
    pairs: int
    blocked: Optional[str] = None


def _cross_check(a: members.Loaded, b: members.Loaded, s: DedupSettings, batch: _Batch) -> _Cross:
    """Compare every member profile of ``a`` with every one of ``b`` (cached per batch: the profiles are
    what ``compare`` reads), stopping at the first incompatible pair."""
    best: Optional[PairScore] = None
    best_ids = ("", "")
    lowest, n = 1.0, 0
    for pa, ma in a.profiles:
        for pb, mb in b.profiles:
            key = (pa, pb)
            pair = batch.cross.get(key)
            if pair is None:
                pair = batch.cross[key] = compare(ma, mb, s)  # type: ignore[arg-type]
            n += 1
            if not pair.compatible:
                return _Cross(None, (ma.event_id_cnty, mb.event_id_cnty), 0.0, n, pair.blocked)
            lowest = min(lowest, pair.score)
            if best is None or pair.score > best.score:
                best, best_ids = pair, (ma.event_id_cnty, mb.event_id_cnty)
    return _Cross(best, best_ids, lowest, n)


def _split_across(conn: Any, a: members.Loaded, b: members.Loaded) -> Optional[tuple[str, str]]:
    """An analyst's cannot-link between a member of ``a`` and one of ``b``, or None."""
    constraints = q.constraints_for(conn, a.ids | b.ids)
    for x in sorted(a.ids):
        for y, kind in constraints.get(x, {}).items():
            if kind == "cannot-link" and y in b.ids:
                return x, y
    return None


def _relink(
    conn: Any, ev: Event, target: str, others: Sequence[str], s: DedupSettings, summary: LinkSummary, batch: _Batch
) -> None:
    """Merge ``target`` (which ``ev`` has just joined or seeded) with each of ``others`` (``ev``'s other
    compatible candidates, best first) that now describes the same event.

    Two incidents are one when the linker would accept every member of one into the other: no report on
    both sides, every cross pair compatible under :func:`compare` (complete link), the best cross pair at
    least ``relink.threshold``, and no analyst cannot-link across them (so a split stays split on every
    re-run).  Only the event's own candidates are looked at (incremental: no pass over the store); their
    members are those the batch already holds.  The incident with more members keeps its id (on a tie,
    the older candidate); the other's memberships move to it, its row is deleted, the kept row is merged
    again, and every moved event gets an audit row with the scores and features of the best cross pair.
    """
    keep_id = target
    for other_id in others:
        cur, oth = batch.loaded.get(keep_id), batch.loaded.get(other_id)
        if cur is None or oth is None or other_id == keep_id or cur.docs & oth.docs:
            continue
        cross = _cross_check(cur, oth, s, batch)
        if cross.best is None or cross.best.score < s.relink_threshold:
            continue
        if _split_across(conn, cur, oth) is not None:
            continue
        batch.flush(conn)  # the memberships to move must be stored
        into, gone = (other_id, keep_id) if len(oth.members) >= len(cur.members) else (keep_id, other_id)
        kept, moved = batch.loaded[into], batch.loaded[gone]
        copies = sorted(set(kept.copies_in(conn, into)) | set(moved.copies_in(conn, gone)))
        merged = members.Loaded(sorted(kept.members + moved.members, key=members.order_key), copies)
        q.move_members(conn, gone, into)
        q.delete_incident(conn, gone)
        _write_incident(conn, into, merged, s)
        batch.loaded[into] = merged
        del batch.loaded[gone]
        features = {
            "absorbed": gone, "into": into, "trigger": ev.event_id_cnty, "best_pair": list(cross.best_ids),
            "lowest_cross_score": round(cross.lowest, 4), "profile_pairs": cross.pairs, **cross.best.to_dict(),
        }
        reason = (f"incident {gone} re-linked into {into}: every cross pair compatible, best cross score "
                  f"{cross.best.score:.3f} >= {s.relink_threshold} (after {ev.event_id_cnty} joined)")
        batch.new_decisions.extend(
            q.decision_row(m.event_id_cnty, into, "relink", cross.best.score, features, LINKER, reason)
            for m in moved.members
        )
        summary.relinked += 1
        summary.incidents[:] = [into if i == gone else i for i in summary.incidents]
        keep_id = into


def _write_incident(conn: Any, incident_id: str, loaded: members.Loaded, s: DedupSettings) -> None:
    """Upsert the incident's merged row from its members and the near-duplicate copies of their documents."""
    copies = loaded.copies_in(conn, incident_id)
    row = merge_fields(incident_id, loaded.members, copies, s.unidentified_prefixes)  # type: ignore[arg-type]
    q.upsert_incident(conn, row)


# events linked per write transaction (the write lock is held while they are placed)
_BATCH = 64


def _link_chunk(
    conn: Any, events: Sequence[Event | members.Member], s: DedupSettings, summary: LinkSummary, batch: _Batch
) -> None:
    """Place ``events`` in this order inside the write transaction ``conn`` (see :func:`link_events`)."""
    ids = [e.event_id_cnty for e in events]
    batch.placed |= q.placed_events(conn, ids)
    batch.constraints.update(q.constraints_for(conn, ids))
    for ev in events:
        _link_one(conn, ev, s, summary, batch)
    batch.flush(conn)


def _date_order(events: Sequence[Event | members.Member]) -> list[Event | members.Member]:
    return sorted(events, key=lambda e: (e.event_date or "9999-99-99", e.doc_id, e.event_id_cnty))


def link_events(
    store: Store, events: Sequence[Event | members.Member], settings: Optional[DedupSettings] = None
) -> LinkSummary:
    """Place each event (not yet in an incident) into an incident; see the module docstring.

    ``events`` are event records or :class:`members.Member` rows (what linking reads of them).

    Events are placed in date order, up to ``_BATCH`` per write transaction: each sees the
    incidents the earlier ones made or joined.
    """
    s = settings or default_settings()
    summary = LinkSummary()
    ordered = _date_order(events)
    memory = _memory_of(store)
    for n in range(0, len(ordered), _BATCH):
        with q.writing(store) as conn:
            batch = _Batch(placed=set(), constraints={}, memory=memory)
            _link_chunk(conn, ordered[n : n + _BATCH], s, summary, batch)
            remembered = batch.to_remember(conn)
        memory.update(remembered)  # committed
    return summary


def _sign(store: Store, doc_id: str, s: DedupSettings, summary: LinkSummary) -> None:
    with q.reading(store) as conn:
        known = q.get_signature(conn, doc_id)
    if known is not None and known["method"] == neardup.method_name(s.num_perm, s.shingle_words):
        return  # signed already (workflow.run signs a page before extracting it)
    doc = store.load_document(doc_id)
    if doc is not None and doc.text:
        copy_of = sign_document(store, doc_id, doc.text, s, doc.published)
        if known is None:
            summary.signed += 1
            summary.copies += int(copy_of is not None)


def link_document(store: Store, doc_id: str, settings: Optional[DedupSettings] = None) -> LinkSummary:
    """Sign one stored, processed document and link its new events (the ``workflow.run`` hook)."""
    return link_documents(store, [doc_id], settings)


def link_documents(store: Store, doc_ids: Sequence[str], settings: Optional[DedupSettings] = None) -> LinkSummary:
    """:func:`link_document` for each of ``doc_ids`` in turn, in one write transaction.

    The decisions are those of linking the documents one by one in this order (each document's
    events in date order, each seeing what the earlier ones did); the members of the incidents read
    for one document serve the next, since nothing else writes while the transaction holds the lock.
    Signatures are stored first (each compared with those stored before it, as one by one).
    """
    s = settings or default_settings()
    summary = LinkSummary()
    for doc_id in doc_ids:
        _sign(store, doc_id, s, summary)
    memory = _memory_of(store)
    with q.writing(store) as conn:  # (incidents a re-extraction emptied were deleted with its events)
        batch = _Batch(placed=set(), constraints={}, memory=memory)
        for doc_id in doc_ids:
            events = [members.Member._make(r) for r in q.unassigned_fields(conn, [doc_id])]
            _link_chunk(conn, _date_order(events), s, summary, batch)
        remembered = batch.to_remember(conn)
    memory.update(remembered)  # committed
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
            copy_of = sign_document(store, raw_doc_id, doc.text, s, doc.published)
            summary.signed += 1
            summary.copies += int(copy_of is not None)
    summary.add(link_events(store, members.unassigned(store), s))
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
    """Recompute an incident's merged fields from its members (delete it when it has none left).

    Members are read without their evidence: only the fields :func:`merge_fields` reads.
    """
    s = settings or default_settings()
    with q.writing(store) as conn:
        loaded = members.load(conn, [incident_id]).get(incident_id)
        if loaded is None:
            q.prune_empty_incidents(conn)
            return
        _write_incident(conn, incident_id, loaded, s)


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
