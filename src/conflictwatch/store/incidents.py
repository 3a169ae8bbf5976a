"""Queries and writes behind the incidents tables (schema migration 2, used by ``conflictwatch.dedup``).

These are functions over an open :class:`~conflictwatch.store.Store` (its
engine) so that the ``Store`` class keeps its own methods unchanged.  Writes go
through :func:`writing` (one transaction, the write lock taken up front on
SQLite, like every ``Store`` write); reads use a plain connection.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections import namedtuple
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any, Mapping

import sqlalchemy as sa

from conflictwatch.errors import StoreError
from conflictwatch.records import Event
from conflictwatch.store import schema as _s
from conflictwatch.store.database import (
    _WRITE,
    Store,
    _chunks,
    new_revision,
    prune_incidents_if_empty,
    revision_number,
)

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
    "candidate_rows",
    "CandidateRow",
    "MEMBER_FIELDS",
    "member_fields",
    "member_copies",
    "placed_events",
    "unassigned_fields",
    "assign",
    "membership_row",
    "add_members",
    "unassign",
    "upsert_incident",
    "new_incident_id",
    "prune_empty_incidents",
    "decision_row",
    "record_decisions",
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
    day: str | None = None,
) -> None:
    """Store (replace) a document's MinHash signature and its LSH band buckets (``day``: its
    publication date, ISO, when known)."""
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
        conn.execute(
            sa.insert(bands), [{"doc_id": doc_id, "band": i, "bucket": b, "day": day} for i, b in enumerate(buckets)]
        )


@functools.lru_cache(maxsize=1)
def _signature_query() -> sa.Select[Any]:
    sig = _s.document_signatures
    return sa.select(sig.c.doc_id, sig.c.method, sig.c.copy_of, sig.c.similarity, sig.c.at).where(
        sig.c.doc_id == sa.bindparam("doc_id")
    )


def get_signature(conn: sa.Connection, doc_id: str) -> dict[str, Any] | None:
    """Whether and how a document was signed: its ``method``, ``copy_of``, ``similarity`` and ``at``
    (not the signature itself, which only the near-duplicate search reads)."""
    row = conn.execute(_signature_query(), {"doc_id": doc_id}).mappings().first()
    return dict(row) if row is not None else None


@functools.lru_cache(maxsize=16)
def _bucket_query(n_bands: int, dated: bool) -> sa.Select[Any]:
    bands, sig, bp = _s.document_bands, _s.document_signatures, sa.bindparam
    if dated:  # two index ranges per band: the days of the window, and the undated
        conds = [
            sa.and_(bands.c.band == i, bands.c.bucket == bp(f"b{i}"), term)
            for i in range(n_bands)
            for term in (bands.c.day.between(bp("lo"), bp("hi")), bands.c.day.is_(None))
        ]
    else:
        conds = [sa.and_(bands.c.band == i, bands.c.bucket == bp(f"b{i}")) for i in range(n_bands)]
    ids = sa.select(bands.c.doc_id).where(sa.or_(*conds), bands.c.doc_id != bp("exclude")).distinct()
    return sa.select(sig).where(sig.c.doc_id.in_(ids), sig.c.method == bp("method")).order_by(sig.c.at, sig.c.doc_id)


def docs_sharing_buckets(
    conn: sa.Connection, buckets: Sequence[str], method: str, exclude: str, days: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """Signature rows of the documents that share at least one LSH band bucket (candidates); with
    ``days`` (ISO first and last day), only those published within them or on an unknown day."""
    if not buckets:
        return []
    params: dict[str, Any] = {f"b{i}": b for i, b in enumerate(buckets)}
    if days is not None:
        params.update(lo=days[0], hi=days[1])
    query = _bucket_query(len(buckets), days is not None)
    rows = conn.execute(query, {**params, "exclude": exclude, "method": method}).mappings()
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


def incident_revisions(conn: sa.Connection, incident_ids: Sequence[str]) -> dict[str, int | None]:
    """The stored ``revision`` of each of ``incident_ids`` that exists."""
    i = _s.incidents
    out: dict[str, int | None] = {}
    for chunk in _chunks(list(incident_ids)):
        out.update(conn.execute(sa.select(i.c.id, i.c.revision).where(i.c.id.in_(list(chunk)))).tuples().all())
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


# the event columns the linker compares and merges (no evidence): dedup.compare and dedup.incident read only these
MEMBER_FIELDS: tuple[str, ...] = (
    "event_id_cnty", "doc_id", "event_date", "date_end", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "inter1", "inter2", "network1", "network2", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "seq",
)

# the incident columns that bound which incidents an event may join (see dedup.linker._may_link)
_CANDIDATE_COLUMNS = ("id", "event_date", "date_end", "time_precision", "event_type", "sub_event_type", "country",
                      "admin1", "location", "latitude", "longitude", "geo_precision", "revision")
# one row of candidate_rows: plain tuples with names (the linker reads tens of them per event)
CandidateRow = namedtuple("CandidateRow", _CANDIDATE_COLUMNS)  # type: ignore[misc]


def _degree_box(lat: float, lon: float, km: float) -> tuple[float, float, float | None]:
    """Half-sizes (degrees) of a box holding every point within ``km`` of (lat, lon); lon None: no bound."""
    delta = km / 6371.0  # angular radius
    dlat = math.degrees(delta) * 1.01 + 1e-6
    c = math.cos(math.radians(lat))
    if delta >= math.pi / 2 or math.sin(delta) >= c * 0.999:
        return dlat, lon, None  # near a pole: every longitude
    dlon = math.degrees(math.asin(math.sin(delta) / c)) * 1.01 + 1e-6
    if lon - dlon < -180.0 or lon + dlon > 180.0:
        return dlat, lon, None  # across the antimeridian: no longitude bound (rare; the exact check follows)
    return dlat, lon, dlon


# incidents whose date range spans at most this many days are found by an index range on their first
# day; the few longer ones ("late last year") by their span, so that none widens every search
SHORT_SPAN_DAYS = 31


@functools.lru_cache(maxsize=32)
def _candidate_query(dated: bool, country: bool, admin1: bool, located: bool, lon_bound: bool,
                     precisions: tuple[int, ...] = ()) -> sa.Select[Any] | sa.CompoundSelect:
    """The candidate query of one shape, with bind parameters (built once: statements are immutable).

    Dated events read three index ranges, never every incident of the country: incidents of at most
    ``SHORT_SPAN_DAYS`` days whose first day lies in [date_from - SHORT_SPAN_DAYS, date_to] ((country,
    event_date)), longer ones ((span_days)), undated ones; each kept when its range meets the window."""
    i, bp = _s.incidents, sa.bindparam
    common: list[sa.ColumnElement[bool]] = []
    if country:
        common.append(i.c.country.in_([bp("country"), ""]))
    same_admin1 = sa.or_(i.c.admin1 == bp("admin1"), i.c.admin1 == "") if admin1 else sa.true()
    if located:
        near = [i.c.latitude.between(bp("lat_lo"), bp("lat_hi")), i.c.longitude.is_not(None)]
        if lon_bound:
            near.append(i.c.longitude.between(bp("lon_lo"), bp("lon_hi")))
        unlocated = sa.or_(i.c.latitude.is_(None), i.c.longitude.is_(None))
        # the same test as "near, or unlocated in the same admin1", written as two terms so that the
        # first (latitude and longitude only) is checked on the (country, event_date, latitude,
        # longitude) index entry before the row is read
        common.append(sa.or_(sa.and_(*near), unlocated))
        if admin1:
            common.append(sa.or_(sa.and_(i.c.latitude.is_not(None), i.c.longitude.is_not(None)), same_admin1))
    elif admin1:
        common.append(same_admin1)
    columns = [i.c[c] for c in _CANDIDATE_COLUMNS]
    if not dated:
        return sa.select(*columns).where(*common).order_by(i.c.id)
    last = sa.func.coalesce(i.c.date_end, i.c.event_date)
    meets = [i.c.event_date <= bp("date_to"), last >= bp("date_from")]
    if precisions:  # each time precision's own window, inside the one above
        # "not one of precisions", without NOT IN's expanding parameter (the string is compiled once)
        other = sa.or_(i.c.time_precision.is_(None), sa.and_(*(i.c.time_precision != p for p in precisions)))
        meets.append(
            sa.or_(
                i.c.date_end < i.c.event_date,  # a reversed range: left to the exact check
                *(
                    sa.and_(i.c.time_precision == p, i.c.event_date <= bp(f"to_{p}"), last >= bp(f"from_{p}"))
                    for p in precisions
                ),
                sa.and_(other, i.c.event_date <= bp("to_other"), last >= bp("from_other")),
            )
        )
    # coalesce(): not an index range, so the planner takes (country, event_date) for the short ones;
    # every dated incident has a span (merge_fields, migration 8)
    short = sa.select(*columns).where(
        sa.func.coalesce(i.c.span_days, 0) <= SHORT_SPAN_DAYS, i.c.event_date >= bp("date_lo"), *meets, *common)
    # the long ones by their span alone: the same tests written so that no other index serves them
    long_meets = [sa.func.coalesce(i.c.event_date, "") <= bp("date_to"), last >= bp("date_from"), *meets[2:]]
    long_common = [sa.func.coalesce(i.c.country, "").in_([bp("country"), ""]), *common[1:]] if country else common
    long = sa.select(*columns).where(i.c.span_days > SHORT_SPAN_DAYS, *long_meets, *long_common)
    undated = sa.select(*columns).where(i.c.event_date.is_(None), *common)
    return sa.union_all(short, long, undated)  # sorted by id by the caller: an ORDER BY here makes SQLite
    # read each part in id order (a scan of every incident) instead of by its own index


def candidate_rows(
    conn: sa.Connection,
    date_from: str | None,
    date_to: str | None,
    country: str | None,
    admin1: str | None,
    latitude: float | None,
    longitude: float | None,
    max_km: float,
    precision_windows: Mapping[int | None, tuple[str, str]] | None = None,
) -> list[CandidateRow]:
    """Incidents an event may join, by id: a superset that the linker narrows down exactly.

    Dated incidents must meet [date_from, date_to] (when given; undated ones always do) and, with
    ``precision_windows`` ({time precision: (from, to)}, key None for any other precision), the window
    of their own time precision; the country
    must be the event's or empty.  With the event's coordinates, an incident with coordinates must
    lie within ``max_km`` (a degree box); an incident without them, or any incident when the event
    has none, must have the event's admin1 or none (``compare`` blocks two admin1s that differ
    when either side lacks coordinates).
    """
    params: dict[str, Any] = {}
    dated = date_from is not None and date_to is not None
    if dated:
        lo = (date.fromisoformat(date_from) - timedelta(days=SHORT_SPAN_DAYS)).isoformat()
        params.update(date_from=date_from, date_to=date_to, date_lo=lo)
    if country:
        params["country"] = country
    if admin1:
        params["admin1"] = admin1
    located = latitude is not None and longitude is not None
    lon_bound = False
    if located:
        dlat, lon, dlon = _degree_box(latitude, longitude, max_km)  # type: ignore[arg-type]
        params.update(lat_lo=latitude - dlat, lat_hi=latitude + dlat)  # type: ignore[operator]
        if dlon is not None:
            lon_bound = True
            params.update(lon_lo=lon - dlon, lon_hi=lon + dlon)
    precisions: tuple[int, ...] = ()
    if dated and precision_windows:
        precisions = tuple(sorted(p for p in precision_windows if p is not None))
        for p in precisions:
            params[f"from_{p}"], params[f"to_{p}"] = precision_windows[p]
        params["from_other"], params["to_other"] = precision_windows.get(None, (date_from, date_to))
    sql, names, defaults = _compiled_candidate_query(
        conn.dialect, _candidate_query(dated, bool(country), bool(admin1), located, lon_bound, precisions))
    args = {**defaults, **params}
    # the SQL string is compiled once per shape and dialect: run it as such (the linker runs one per event)
    rows = conn.exec_driver_sql(sql, tuple(args[n] for n in names) if names is not None else args).all()
    return sorted(map(CandidateRow._make, rows), key=itemgetter(0))


@functools.lru_cache(maxsize=64)
def _compiled_candidate_query(
    dialect: sa.Dialect, query: sa.Select[Any] | sa.CompoundSelect
) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
    """(SQL string, parameter names in order for a positional driver or None, literal parameters)."""
    compiled = query.compile(dialect=dialect)
    names = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup is not None else None
    return compiled.string, names, dict(compiled.params)


@functools.lru_cache(maxsize=1)
def _member_query() -> sa.Select[Any]:
    e, ie = _s.events, _s.incident_events
    return (
        sa.select(ie.c.incident_id, *(e.c[f] for f in MEMBER_FIELDS))
        .join(e, e.c.event_id_cnty == ie.c.event_id)
        .where(ie.c.incident_id.in_(sa.bindparam("ids", expanding=True)))
        .order_by(sa.case((e.c.event_date.is_(None), 1), else_=0), e.c.event_date, e.c.doc_id, e.c.seq)
    )


def member_fields(conn: sa.Connection, incident_ids: Sequence[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Each incident's member events as tuples of :data:`MEMBER_FIELDS` (no evidence), in the order of
    :func:`members` (date, undated last, then document and position)."""
    out: dict[str, list[tuple[Any, ...]]] = {i: [] for i in incident_ids}
    for chunk in _chunks(list(incident_ids)):
        for r in conn.execute(_member_query(), {"ids": list(chunk)}):
            out[r[0]].append(r[1:])
    return out


@functools.lru_cache(maxsize=1)
def _member_copies_query() -> sa.Select[Any]:
    sig, e, ie = _s.document_signatures, _s.events, _s.incident_events
    return (
        sa.select(ie.c.incident_id, sig.c.doc_id)
        .join(e, e.c.event_id_cnty == ie.c.event_id)
        .join(sig, sig.c.copy_of == e.c.doc_id)
        .where(ie.c.incident_id.in_(sa.bindparam("ids", expanding=True)))
        .distinct()
        .order_by(ie.c.incident_id, sig.c.doc_id)
    )


def member_copies(conn: sa.Connection, incident_ids: Sequence[str]) -> dict[str, list[str]]:
    """For each incident, the near-duplicate copies of its members' documents (incidents with none left out)."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(list(incident_ids)):
        for inc, doc in conn.execute(_member_copies_query(), {"ids": list(chunk)}):
            out.setdefault(inc, []).append(doc)
    return out


def unassigned_fields(conn: sa.Connection, doc_ids: Sequence[str] | None = None) -> list[tuple[Any, ...]]:
    """Like :func:`unassigned_events`, as tuples of :data:`MEMBER_FIELDS` (no evidence), in the same order."""
    e, ie = _s.events, _s.incident_events
    query = (
        sa.select(*(e.c[f] for f in MEMBER_FIELDS))
        .select_from(e.outerjoin(ie, ie.c.event_id == e.c.event_id_cnty))
        .where(ie.c.event_id.is_(None))
        .order_by(sa.case((e.c.event_date.is_(None), 1), else_=0), e.c.event_date, e.c.doc_id, e.c.seq)
    )
    if doc_ids is not None:
        if not doc_ids:
            return []
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(list(doc_ids)):
            out.extend(tuple(r) for r in conn.execute(query.where(e.c.doc_id.in_(list(chunk)))))
        return out
    return [tuple(r) for r in conn.execute(query)]


def placed_events(conn: sa.Connection, event_ids: Sequence[str]) -> set[str]:
    """Those of ``event_ids`` that are members of an incident."""
    ie = _s.incident_events
    out: set[str] = set()
    for chunk in _chunks(list(event_ids)):
        out.update(conn.execute(sa.select(ie.c.event_id).where(ie.c.event_id.in_(list(chunk)))).scalars())
    return out


@functools.lru_cache(maxsize=1)
def _membership_statements() -> tuple[sa.Delete, sa.Insert]:
    ie = _s.incident_events
    return sa.delete(ie).where(ie.c.event_id == sa.bindparam("b_event")), sa.insert(ie)


def assign(
    conn: sa.Connection, event_id: str, incident_id: str, how: str, score: float | None, *, replace: bool = True
) -> None:
    """Make ``event_id`` a member of ``incident_id`` (moving it out of any other incident;
    ``replace=False``: the caller knows it is in none)."""
    delete, insert = _membership_statements()
    changed = [incident_id]
    if replace:
        old = incident_of(conn, event_id)
        if old is not None:
            changed.append(old)
        conn.execute(delete, {"b_event": event_id})
    conn.execute(insert, membership_row(event_id, incident_id, how, score))
    new_revision(conn, changed)


def membership_row(event_id: str, incident_id: str, how: str, score: float | None) -> dict[str, Any]:
    """One new membership as :func:`add_members` writes it (stamped now)."""
    return {"event_id": event_id, "incident_id": incident_id, "how": how, "score": score, "at": now()}


def add_members(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert memberships of events that are in no incident yet (:func:`membership_row`), in one statement."""
    if rows:
        conn.execute(_membership_statements()[1], list(rows))
        new_revision(conn, {r["incident_id"] for r in rows})


def unassign(conn: sa.Connection, event_id: str) -> None:
    ie = _s.incident_events
    old = incident_of(conn, event_id)
    conn.execute(sa.delete(ie).where(ie.c.event_id == event_id))
    if old is not None:
        new_revision(conn, [old])


@functools.lru_cache(maxsize=1)
def _incident_statements() -> tuple[sa.Update, sa.Insert]:
    i = _s.incidents
    return sa.update(i).where(i.c.id == sa.bindparam("b_id")), sa.insert(i)


def upsert_incident(conn: sa.Connection, row: dict[str, Any]) -> None:
    update, insert = _incident_statements()
    values = dict(row, updated_at=now(), revision=revision_number())
    changed = conn.execute(update, {"b_id": row["id"], **{k: v for k, v in values.items() if k != "id"}}).rowcount
    if not changed:
        conn.execute(insert, values)


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


def move_members(conn: sa.Connection, from_id: str, to_id: str) -> int:
    """Move every membership of incident ``from_id`` to ``to_id`` (their ``how`` and score kept); how many."""
    ie = _s.incident_events
    n = int(conn.execute(sa.update(ie).where(ie.c.incident_id == from_id).values(incident_id=to_id)).rowcount or 0)
    new_revision(conn, [from_id, to_id])
    return n


def delete_incident(conn: sa.Connection, incident_id: str) -> None:
    """Delete one incident row (its members must have been moved out first)."""
    i = _s.incidents
    conn.execute(sa.delete(i).where(i.c.id == incident_id))


def prune_empty_incidents(conn: sa.Connection, incident_ids: Sequence[str] | None = None) -> int:
    """Delete incidents left without members (their events were re-extracted or deleted): those of
    ``incident_ids`` when given (a lookup each), else every one (a pass over the whole table)."""
    if incident_ids is not None:
        return prune_incidents_if_empty(conn, incident_ids)
    i, ie = _s.incidents, _s.incident_events
    result = conn.execute(sa.delete(i).where(i.c.id.not_in(sa.select(ie.c.incident_id))))
    return int(result.rowcount or 0)


# ------------------------------------------------------------------ audit and constraints


@functools.lru_cache(maxsize=1)
def _decision_insert() -> sa.Insert:
    return sa.insert(_s.dedup_decisions)


def decision_row(
    event_id: str,
    incident_id: str | None,
    action: str,
    score: float | None,
    features: Any,
    by: str,
    reason: str,
) -> dict[str, Any]:
    """One audit row as :func:`record_decisions` writes it (stamped now)."""
    return {
        "event_id": event_id,
        "incident_id": incident_id,
        "action": action,
        "score": score,
        "features": features,
        "by": by,
        "reason": reason,
        "at": now(),
    }


def record_decisions(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert audit rows (:func:`decision_row`) in one statement, in their order."""
    if rows:
        conn.execute(_decision_insert(), list(rows))


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
