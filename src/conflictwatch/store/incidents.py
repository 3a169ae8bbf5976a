"""Queries and writes behind the incidents tables (schema migration 2, used by ``conflictwatch.dedup``).

These are functions over an open :class:`~conflictwatch.store.Store` (its
engine) so that the ``Store`` class keeps its own methods unchanged.  Writes go
through :func:`writing` (one transaction, the write lock taken up front on
SQLite, like every ``Store`` write); reads use a plain connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from conflictwatch.errors import StoreError
from conflictwatch.records import Event
from conflictwatch.store import schema as _s
from conflictwatch.store.database import _WRITE, Store, _chunks

__all__ = [
    "writing",
    "now",
    "save_signature",
    "get_signature",
    "docs_sharing_buckets",
    "copies_of",
    "unassigned_events",
    "events_by_id",
    "incident_of",
    "members",
    "member_ids",
    "candidate_incidents",
    "assign",
    "unassign",
    "upsert_incident",
    "new_incident_id",
    "prune_empty_incidents",
    "record_decision",
    "decisions",
    "add_constraint",
    "constraints_for",
    "get_incident_row",
    "iter_incident_rows",
    "count_incidents",
]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def writing(store: Store) -> Iterator[sa.Connection]:
    """One write transaction on ``store`` (committed on success, rolled back on error)."""
    store._check_open()
    try:
        with store.engine.execution_options(**{_WRITE: True}).begin() as conn:
            yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"{store.url}: incidents update failed: {exc}") from exc


@contextlib.contextmanager
def reading(store: Store) -> Iterator[sa.Connection]:
    store._check_open()
    with store.engine.connect() as conn:
        yield conn


# ------------------------------------------------------------------ near-duplicate signatures


def save_signature(
    conn: sa.Connection,
    doc_id: str,
    method: str,
    signature: Sequence[int],
    buckets: Sequence[str],
    copy_of: str | None,
    similarity: float | None,
) -> None:
    """Store (replace) a document's MinHash signature and its LSH band buckets."""
    sig, bands = _s.document_signatures, _s.document_bands
    conn.execute(sa.delete(bands).where(bands.c.doc_id == doc_id))
    conn.execute(sa.delete(sig).where(sig.c.doc_id == doc_id))
    conn.execute(
        sa.insert(sig),
        {
            "doc_id": doc_id,
            "method": method,
            "signature": [int(v) for v in signature],
            "copy_of": copy_of,
            "similarity": similarity,
            "at": now(),
        },
    )
    if buckets:
        conn.execute(sa.insert(bands), [{"doc_id": doc_id, "band": i, "bucket": b} for i, b in enumerate(buckets)])


def get_signature(conn: sa.Connection, doc_id: str) -> dict[str, Any] | None:
    sig = _s.document_signatures
    row = conn.execute(sa.select(sig).where(sig.c.doc_id == doc_id)).mappings().first()
    return dict(row) if row is not None else None


def docs_sharing_buckets(conn: sa.Connection, buckets: Sequence[str], method: str, exclude: str) -> list[dict[str, Any]]:
    """Signature rows of the documents that share at least one LSH band bucket (candidates)."""
    bands, sig = _s.document_bands, _s.document_signatures
    conds = [sa.and_(bands.c.band == i, bands.c.bucket == b) for i, b in enumerate(buckets)]
    if not conds:
        return []
    ids = sa.select(bands.c.doc_id).where(sa.or_(*conds), bands.c.doc_id != exclude).distinct()
    rows = conn.execute(
        sa.select(sig).where(sig.c.doc_id.in_(ids), sig.c.method == method).order_by(sig.c.at, sig.c.doc_id)
    ).mappings()
    return [dict(r) for r in rows]


def copies_of(conn: sa.Connection, doc_ids: Iterable[str]) -> dict[str, list[str]]:
    """For each canonical document, the documents recorded as its near-duplicate copies."""
    sig = _s.document_signatures
    out: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(set(doc_ids))):
        for r in conn.execute(
            sa.select(sig.c.doc_id, sig.c.copy_of).where(sig.c.copy_of.in_(list(chunk))).order_by(sig.c.doc_id)
        ):
            out.setdefault(r[1], []).append(r[0])
    return out


# ------------------------------------------------------------------ events and memberships


def _events(store: Store, where: list[sa.ColumnElement[bool]]) -> list[Event]:
    e = _s.events
    query = sa.select(e).where(*where).order_by(
        sa.case((e.c.event_date.is_(None), 1), else_=0), e.c.event_date, e.c.doc_id, e.c.seq
    )
    return list(store._stream_events(query))


def unassigned_events(store: Store, doc_ids: Sequence[str] | None = None) -> list[Event]:
    """Stored events that belong to no incident yet (of ``doc_ids`` when given), by date."""
    e, ie = _s.events, _s.incident_events
    where: list[sa.ColumnElement[bool]] = [e.c.event_id_cnty.not_in(sa.select(ie.c.event_id))]
    if doc_ids is not None:
        if not doc_ids:
            return []
        where.append(e.c.doc_id.in_(list(doc_ids)))
    return _events(store, where)


def events_by_id(store: Store, event_ids: Sequence[str]) -> list[Event]:
    e = _s.events
    out: list[Event] = []
    for chunk in _chunks(list(event_ids)):
        out.extend(_events(store, [e.c.event_id_cnty.in_(list(chunk))]))
    return out


def incident_of(conn: sa.Connection, event_id: str) -> str | None:
    ie = _s.incident_events
    return conn.execute(sa.select(ie.c.incident_id).where(ie.c.event_id == event_id)).scalar()


def member_ids(conn: sa.Connection, incident_id: str) -> list[str]:
    ie = _s.incident_events
    return list(
        conn.execute(sa.select(ie.c.event_id).where(ie.c.incident_id == incident_id).order_by(ie.c.event_id)).scalars()
    )


def members(store: Store, incident_ids: Sequence[str]) -> dict[str, list[tuple[Event, str, float | None]]]:
    """Member events of each incident with how they joined and their link score."""
    e, ie = _s.events, _s.incident_events
    out: dict[str, list[tuple[Event, str, float | None]]] = {i: [] for i in incident_ids}
    for chunk in _chunks(list(incident_ids)):
        with reading(store) as conn:
            link = {
                r[0]: (r[1], r[2], r[3])
                for r in conn.execute(
                    sa.select(ie.c.event_id, ie.c.incident_id, ie.c.how, ie.c.score).where(ie.c.incident_id.in_(list(chunk)))
                )
            }
        ids = list(link)
        for sub in _chunks(ids):
            for ev in _events(store, [e.c.event_id_cnty.in_(list(sub))]):
                inc, how, score = link[ev.event_id_cnty]
                out[inc].append((ev, how, score))
    return out


def candidate_incidents(
    conn: sa.Connection, date_from: str | None, date_to: str | None, country: str | None
) -> list[str]:
    """Ids of incidents whose date range meets [date_from, date_to] (undated ones always), in one country."""
    i = _s.incidents
    where: list[sa.ColumnElement[bool]] = []
    if date_from is not None and date_to is not None:
        where.append(
            sa.or_(
                i.c.event_date.is_(None),
                sa.and_(i.c.event_date <= date_to, sa.func.coalesce(i.c.date_end, i.c.event_date) >= date_from),
            )
        )
    if country:
        where.append(sa.or_(i.c.country == country, i.c.country == ""))
    return list(conn.execute(sa.select(i.c.id).where(*where).order_by(i.c.id)).scalars())


def assign(conn: sa.Connection, event_id: str, incident_id: str, how: str, score: float | None) -> None:
    """Make ``event_id`` a member of ``incident_id`` (moving it out of any other incident)."""
    ie = _s.incident_events
    conn.execute(sa.delete(ie).where(ie.c.event_id == event_id))
    conn.execute(
        sa.insert(ie), {"event_id": event_id, "incident_id": incident_id, "how": how, "score": score, "at": now()}
    )


def unassign(conn: sa.Connection, event_id: str) -> None:
    ie = _s.incident_events
    conn.execute(sa.delete(ie).where(ie.c.event_id == event_id))


def upsert_incident(conn: sa.Connection, row: dict[str, Any]) -> None:
    i = _s.incidents
    values = dict(row, updated_at=now())
    exists = conn.execute(sa.select(i.c.id).where(i.c.id == row["id"])).first()
    if exists is None:
        conn.execute(sa.insert(i), values)
    else:
        conn.execute(sa.update(i).where(i.c.id == row["id"]).values(**values))


def new_incident_id(conn: sa.Connection, seed: str) -> str:
    """A fresh incident id derived from the seed event id (stable across re-runs of the same data)."""
    import hashlib

    i, ie = _s.incidents, _s.incident_events
    for n in range(1000):
        key = seed if n == 0 else f"{seed}|{n}"
        ident = "CWI" + hashlib.sha1(key.encode()).hexdigest()[:12].upper()
        row = conn.execute(sa.select(i.c.id).where(i.c.id == ident)).first()
        if row is None:
            return ident
        used = conn.execute(sa.select(sa.func.count()).select_from(ie).where(ie.c.incident_id == ident)).scalar()
        if not used:  # an empty leftover (its events were re-extracted): reuse it
            return ident
    raise StoreError(f"cannot find a free incident id for event {seed}")


def prune_empty_incidents(conn: sa.Connection) -> int:
    """Delete incidents left without members (their events were re-extracted or deleted)."""
    i, ie = _s.incidents, _s.incident_events
    result = conn.execute(sa.delete(i).where(i.c.id.not_in(sa.select(ie.c.incident_id))))
    return int(result.rowcount or 0)


# ------------------------------------------------------------------ audit and constraints


def record_decision(
    conn: sa.Connection,
    event_id: str,
    incident_id: str | None,
    action: str,
    score: float | None,
    features: Any,
    by: str,
    reason: str,
) -> None:
    conn.execute(
        sa.insert(_s.dedup_decisions),
        {
            "event_id": event_id,
            "incident_id": incident_id,
            "action": action,
            "score": score,
            "features": features,
            "by": by,
            "reason": reason,
            "at": now(),
        },
    )


def decisions(store: Store, event_id: str | None = None, incident_id: str | None = None) -> list[dict[str, Any]]:
    """The audit log (oldest first), of one event and/or one incident when given."""
    d = _s.dedup_decisions
    query = sa.select(d).order_by(d.c.id)
    if event_id is not None:
        query = query.where(d.c.event_id == event_id)
    if incident_id is not None:
        query = query.where(d.c.incident_id == incident_id)
    with reading(store) as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def add_constraint(conn: sa.Connection, a: str, b: str, kind: str, by: str, reason: str) -> None:
    """Record (replace) an analyst's constraint between two events: ``cannot-link`` or ``must-link``."""
    if a == b:
        return
    lo, hi = sorted((a, b))
    c = _s.dedup_constraints
    conn.execute(sa.delete(c).where(c.c.event_a == lo, c.c.event_b == hi))
    conn.execute(sa.insert(c), {"event_a": lo, "event_b": hi, "kind": kind, "by": by, "reason": reason, "at": now()})


def constraints_for(conn: sa.Connection, event_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """For each event, its constrained partners: ``{event: {partner: kind}}``."""
    c = _s.dedup_constraints
    ids = sorted(set(event_ids))
    out: dict[str, dict[str, str]] = {}
    for chunk in _chunks(ids):
        for r in conn.execute(
            sa.select(c.c.event_a, c.c.event_b, c.c.kind).where(
                sa.or_(c.c.event_a.in_(list(chunk)), c.c.event_b.in_(list(chunk)))
            )
        ):
            out.setdefault(r[0], {})[r[1]] = r[2]
            out.setdefault(r[1], {})[r[0]] = r[2]
    return out


# ------------------------------------------------------------------ incident reads


def get_incident_row(conn: sa.Connection, incident_id: str) -> dict[str, Any] | None:
    i = _s.incidents
    row = conn.execute(sa.select(i).where(i.c.id == incident_id)).mappings().first()
    return dict(row) if row is not None else None


def iter_incident_rows(store: Store, country: str | None = None) -> list[dict[str, Any]]:
    i = _s.incidents
    query = sa.select(i).order_by(sa.case((i.c.event_date.is_(None), 1), else_=0), i.c.event_date, i.c.id)
    if country:
        query = query.where(i.c.country == country)
    with reading(store) as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def count_incidents(store: Store) -> int:
    with reading(store) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(_s.incidents)).scalar() or 0)
