"""Reading events as analysts see them: rich filters, review applied, cursor pages.

Every read selects the *reviewed* value of each column: where an analyst
corrected a field (``review_overrides``) that value replaces the extractor's, in
SQL, so filters, ordering and pagination agree with what is shown.  Rejected
events are left out unless ``include_rejected`` is set.

    q = EventFilter(country="Burkina Faso", date_from="2019-01-01", min_fatalities=5)
    page = query_events(store, q, limit=100)
    page.events, page.next_cursor
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

import sqlalchemy as sa

from conflictwatch.records import Event
from conflictwatch.store import rows as _rows
from conflictwatch.store import schema as _s
from conflictwatch.store.database import Store

__all__ = ["EventFilter", "EventPage", "query_events", "iter_reviewed_events", "event_points", "event_points_json", "facet_counts",
           "facet_table", "count_events",
           "network_names",
           "CursorError"]

_NUMERIC = {sa.Integer: sa.Integer, sa.BigInteger: sa.BigInteger, sa.Double: sa.Float, sa.Boolean: sa.Integer}


class CursorError(ValueError):
    """A pagination cursor that this server did not issue (or that no longer parses)."""


@dataclass(frozen=True)
class EventFilter:
    """Filters over events; every given filter must hold (AND)."""

    date_from: Optional[str] = None
    date_to: Optional[str] = None
    bbox: Optional[tuple[float, float, float, float]] = None  # west, south, east, north
    country: Optional[str] = None
    admin1: Optional[str] = None
    actor: Optional[str] = None  # substring of actor1/actor2/assoc actors, any case
    network: Optional[str] = None  # network1 or network2
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    min_fatalities: Optional[int] = None
    q: Optional[str] = None  # words that must all occur in the source text, title, notes or location
    doc_id: Optional[str] = None
    ids: Optional[tuple[str, ...]] = None
    review_status: Optional[str] = None  # confirmed | rejected | unreviewed
    include_rejected: bool = False

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None:
                try:
                    date.fromisoformat(str(value))
                except ValueError as exc:
                    raise ValueError(f"{name}={value!r}: not an ISO date (YYYY-MM-DD)") from exc
        if self.bbox is not None:
            if len(self.bbox) != 4:
                raise ValueError(f"bbox={self.bbox!r}: expected west,south,east,north")
            w, s, e, n = self.bbox
            if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
                raise ValueError(f"bbox={self.bbox!r}: expected west,south,east,north in degrees, south <= north")
        if self.review_status not in (None, "confirmed", "rejected", "unreviewed"):
            raise ValueError(f"review_status={self.review_status!r}: expected confirmed, rejected or unreviewed")


@dataclass(frozen=True)
class EventPage:
    events: list[Event]
    review: dict[str, dict[str, Any]] = field(default_factory=dict)  # event_id -> status / corrected fields
    next_cursor: Optional[str] = None
    total: Optional[int] = None  # all matching events (every page), when asked for with ``with_total``


class _Columns:
    """The reviewed value of each events column, as SQL expressions."""

    def __init__(self, conn: sa.Connection):
        o = _s.review_overrides
        self.overridden = {r[0] for r in conn.execute(sa.select(o.c.field).distinct())}
        self.sqlite = conn.dialect.name == "sqlite"
        # set by a page query on SQLite when most of the table matches: filter terms other than the date then
        # hide their columns from the planner, which reads the (date, id) index in order and stops at the page
        self.unindexed = False

    def __call__(self, name: str) -> sa.ColumnElement[Any]:
        col = _s.events.c[name]
        if name not in self.overridden:
            return col
        o = _s.review_overrides
        match = sa.and_(o.c.event_id == _s.events.c.event_id_cnty, o.c.field == name)
        value = _typed_like(sa.select(o.c.value_text).where(match).scalar_subquery(), col)
        return sa.case((sa.exists().where(match), value), else_=col)

    def contains(self, col: sa.ColumnElement[Any], word: str) -> sa.ColumnElement[bool]:
        """``col`` holds ``word`` (already lower-case), ignoring case.  SQLite's LIKE ignores ASCII case itself
        and its lower() folds only ASCII, so there ``lower(col)`` would only cost time (half of a scan)."""
        return (col if self.sqlite else sa.func.lower(col)).contains(word, autoescape=True)

    def test(self, name: str, pred: Callable[[sa.ColumnElement[Any]], sa.ColumnElement[bool]]
             ) -> sa.ColumnElement[bool]:
        """``pred`` over the reviewed value of ``name``, as a filter term.  Where analysts corrected the
        column, the stored value is tested on the other events and the corrected value on the corrected
        ones (two small id sets), rather than a per-row lookup: the column's indexes stay usable."""
        col = _s.events.c[name]
        if self.unindexed and name != "event_date":
            col = _unindexed(col)
        if name not in self.overridden:
            return pred(col)
        o, ids = _s.review_overrides, _s.events.c.event_id_cnty
        value = _typed_like(o.c.value_text, col)
        corrected = sa.select(o.c.event_id).where(o.c.field == name)
        return sa.or_(sa.and_(pred(col), ids.not_in(corrected)),
                      ids.in_(sa.select(o.c.event_id).where(o.c.field == name, pred(value))))


def _typed_like(value: sa.ColumnElement[Any], col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """A corrected value (stored as text in ``review_overrides.value_text``) cast to ``col``'s numeric type."""
    for sa_type, cast_to in _NUMERIC.items():
        if isinstance(col.type, sa_type):
            return sa.cast(value, cast_to())
    return value


def _sqlite_rows(conn: sa.Connection) -> int:
    """The events table's size on SQLite, from its largest rowid (an index lookup, not a count)."""
    return conn.execute(sa.select(sa.func.max(sa.literal_column("rowid"))).select_from(_s.events)).scalar() or 0


def _unindexed(col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """``col`` as an expression no index matches (same value): ``col + 0`` or ``col || ''``."""
    if isinstance(col.type, tuple(_NUMERIC)):
        return col + 0
    return col.concat("")


def _where(f: EventFilter, c: _Columns, *, rejected_in_sql: bool = True) -> list[sa.ColumnElement[bool]]:
    """The filter as SQL terms.  ``rejected_in_sql=False`` leaves out "not rejected": the caller drops the ids
    of :func:`_hidden_ids` itself (cheaper than a correlated test per row when many rows match)."""
    e, rs = _s.events, _s.review_status
    where: list[sa.ColumnElement[bool]] = []
    for name, value in (("country", f.country), ("admin1", f.admin1), ("event_type", f.event_type),
                        ("sub_event_type", f.sub_event_type), ("doc_id", f.doc_id)):
        if value is not None:
            where.append(c.test(name, lambda col, v=value: col == v))
    if f.date_from is not None or f.date_to is not None:
        # on the sort key (undated events never match a range): one index serves the range and the order
        low, high = f.date_from or "0000-00-00", f.date_to or "9999-12-31"
        where.append(c.test("event_date", lambda col: _s.event_sort_key(col).between(low, high)))
    if f.bbox is not None:
        w, s, east, n = f.bbox
        where.append(c.test("latitude", lambda lat: lat.between(s, n)))
        where.append(c.test("longitude", lambda lon: lon.between(w, east) if w <= east
                            else sa.or_(lon >= w, lon <= east)))
    if f.min_fatalities is not None:
        least = f.min_fatalities
        where.append(c.test("fatalities", lambda col: col >= least))
    if f.network is not None:
        network = f.network
        where.append(sa.or_(*(c.test(n, lambda col: col == network) for n in ("network1", "network2"))))
    if f.actor:
        # '%' and '_' in the user's text are literal characters, not wildcards
        actor = f.actor.lower()
        where.append(sa.or_(*(c.test(n, lambda col: c.contains(col, actor))
                              for n in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"))))
    if f.q:
        d = _s.documents
        for word in f.q.split():
            w = word.lower()
            # the documents that contain the word are found once, not once per event
            matching_docs = sa.select(d.c.id).where(sa.or_(c.contains(d.c.text, w),
                                                            c.contains(d.c.title, w)))
            where.append(sa.or_(e.c.doc_id.in_(matching_docs),
                                c.test("notes", lambda col, w=w: c.contains(col, w)),
                                c.test("location", lambda col, w=w: c.contains(col, w))))
    if f.ids is not None:
        where.append(e.c.event_id_cnty.in_(list(f.ids)))
    status = sa.select(rs.c.status).where(rs.c.event_id == e.c.event_id_cnty).scalar_subquery()
    if f.review_status == "unreviewed":
        where.append(~sa.exists().where(rs.c.event_id == e.c.event_id_cnty))
    elif f.review_status is not None:
        where.append(status == f.review_status)
    if rejected_in_sql and _hides_rejected(f):
        where.append(~sa.exists().where(rs.c.event_id == e.c.event_id_cnty, rs.c.status == "rejected"))
    return where


def _hides_rejected(f: EventFilter) -> bool:
    return not f.include_rejected and f.review_status != "rejected"


_HIDDEN_IN_PYTHON = 5000  # up to this many rejected events, they are dropped in Python rather than tested per row


def _hidden_ids(conn: sa.Connection, f: EventFilter) -> Optional[frozenset[str]]:
    """Ids of the rejected events ``f`` leaves out (few: analysts' decisions); None when there are more than
    ``_HIDDEN_IN_PYTHON`` (then SQL must test each row)."""
    if not _hides_rejected(f):
        return frozenset()
    rs = _s.review_status
    rows = conn.execute(sa.select(rs.c.event_id).where(rs.c.status == "rejected").limit(_HIDDEN_IN_PYTHON + 1))
    ids = frozenset(i for (i,) in rows)
    return ids if len(ids) <= _HIDDEN_IN_PYTHON else None


def _corrections(conn: sa.Connection, names: Sequence[str], ids: Optional[Sequence[str]] = None
                 ) -> dict[str, dict[str, Any]]:
    """``{event_id: {field: corrected value}}`` for the fields ``names`` (of the events ``ids``, or all)."""
    o = _s.review_overrides
    out: dict[str, dict[str, Any]] = {}
    wanted = [n for n in names if n in _rows.EVENT_COLUMNS]
    if not wanted:
        return out
    chunks = [None] if ids is None else [ids[i:i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        query = sa.select(o.c.event_id, o.c.field, o.c.value).where(o.c.field.in_(wanted))
        if chunk is not None:
            query = query.where(o.c.event_id.in_(chunk))
        for event_id, name, value in conn.execute(query):
            out.setdefault(event_id, {})[name] = value
    return out


def _encode_cursor(date_key: str, event_id: str) -> str:
    raw = json.dumps([date_key, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise CursorError(f"cursor={cursor!r}: not a cursor this server issued") from exc
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise CursorError(f"cursor={cursor!r}: not a cursor this server issued")
    return value[0], value[1]


def _load(conn: sa.Connection, rows: Sequence[Any]) -> tuple[list[Event], dict[str, dict[str, Any]]]:
    ev, rs, o = _s.evidence, _s.review_status, _s.review_overrides
    ids = [r["event_id_cnty"] for r in rows]
    by_event: dict[str, list[Any]] = {i: [] for i in ids}
    review: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        query = sa.select(ev).where(ev.c.event_id.in_(chunk)).order_by(ev.c.event_id, ev.c.seq)
        for r in conn.execute(query):
            by_event[r.event_id].append(r._mapping)
        for event_id, status, by, at in conn.execute(sa.select(rs.c.event_id, rs.c.status, rs.c.by, rs.c.at)
                                                      .where(rs.c.event_id.in_(chunk))):
            review.setdefault(event_id, {})["status"] = {"status": status, "by": by, "at": at}
        # who corrected what and when (not the values: the rows already hold them)
        for event_id, name, by, at in conn.execute(sa.select(o.c.event_id, o.c.field, o.c.by, o.c.at)
                                                    .where(o.c.event_id.in_(chunk))):
            review.setdefault(event_id, {}).setdefault("corrected", {})[name] = {"by": by, "at": at}
    return [_rows.row_to_event(r, by_event[r["event_id_cnty"]]) for r in rows], review


_ALL_COLUMNS = ("event_id_cnty", "doc_id", *[n for n in _rows.EVENT_COLUMNS if n != "event_id_cnty" and n != "doc_id"])


def query_events(store: Store, f: EventFilter = EventFilter(), *, limit: int = 100,
                 cursor: Optional[str] = None, with_total: bool = False) -> EventPage:
    """One page of events (reviewed values, evidence included) ordered by date then id.

    ``with_total``: also count every matching event (``EventPage.total``), in the same connection.
    """
    if limit < 1:
        raise ValueError(f"limit={limit}: must be at least 1")
    e = _s.events
    with store.engine.connect() as conn:
        c = _Columns(conn)
        date_key = _s.event_sort_key(c("event_date"))
        hidden = _hidden_ids(conn, f)
        extra = len(hidden) if hidden else 0
        # (a window count in the same query was tried: it makes SQLite keep every matching row, slower than
        # a second, index-only count)
        total = _count(conn, f, c, hidden) if with_total else None
        if total is not None and _walk_date_order(conn, f, total, limit + 1 + extra):
            c.unindexed = True
        where = _where(f, c, rejected_in_sql=hidden is None)
        if cursor:
            last_date, last_id = _decode_cursor(cursor)
            where.append(sa.tuple_(date_key, e.c.event_id_cnty) > sa.tuple_(sa.literal(last_date), sa.literal(last_id)))
        # sort only (date, id) pairs, then read the page's rows: the sorter never holds whole rows
        keys = conn.execute(sa.select(e.c.event_id_cnty, date_key.label("_date_key")).where(*where)
                            .order_by(date_key, e.c.event_id_cnty).limit(limit + 1 + extra)).all()
        if hidden:
            keys = [k for k in keys if k[0] not in hidden][:limit + 1]
        more = len(keys) > limit
        keys = keys[:limit]
        ids = [k[0] for k in keys]
        by_id: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            query = sa.select(*(e.c[n] for n in _ALL_COLUMNS)).where(e.c.event_id_cnty.in_(ids[i:i + 500]))
            by_id.update((r[0], dict(zip(_ALL_COLUMNS, r))) for r in conn.execute(query))
        for event_id, fields in _corrections(conn, sorted(c.overridden), ids).items():
            by_id[event_id].update(fields)  # the analyst's value replaces the extractor's
        rows = [by_id[i] for i in ids]
        events, review = _load(conn, rows)
    next_cursor = _encode_cursor(keys[-1][1], keys[-1][0]) if more and keys else None
    return EventPage(events, review, next_cursor, total)


def _walk_date_order(conn: sa.Connection, f: EventFilter, total: int, wanted: int) -> bool:
    """Whether a page is cheaper read in (date, id) index order, testing each row, than found through a filter's
    index and sorted (SQLite only: its planner has no histograms and takes any index on a filtered column).
    In date order about ``table / total`` rows are read per match kept; through the filter, all ``total``
    matches are read and sorted.  Country and admin-1 filters have their own (column, date, id) indexes."""
    if conn.dialect.name != "sqlite" or f.country is not None or f.admin1 is not None or f.ids or f.doc_id:
        return False
    return total * total > _sqlite_rows(conn) * wanted


def iter_reviewed_events(store: Store, f: EventFilter = EventFilter(), *, batch: int = 500) -> Iterator[Event]:
    """Every matching event with review applied, page by page (for exports and reports)."""
    cursor = None
    while True:
        page = query_events(store, f, limit=batch, cursor=cursor)
        yield from page.events
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def count_events(store: Store, f: EventFilter = EventFilter()) -> int:
    with store.engine.connect() as conn:
        c = _Columns(conn)
        return _count(conn, f, c, _hidden_ids(conn, f))


def _count(conn: sa.Connection, f: EventFilter, c: _Columns, hidden: Optional[frozenset[str]]) -> int:
    was = c.unindexed
    c.unindexed = was or _wide_bbox(conn, f, c)
    try:
        where = _where(f, c, rejected_in_sql=hidden is None)
    finally:
        c.unindexed = was
    n = int(conn.execute(sa.select(sa.func.count()).select_from(_s.events).where(*where)).scalar() or 0)
    return n - _count_hidden(conn, where, hidden)


def _wide_bbox(conn: sa.Connection, f: EventFilter, c: _Columns) -> bool:
    """SQLite, a bounding box plus filters on columns without an index: whether the box holds over a quarter
    of the table (counted on the covering (latitude, longitude, event_date, event_id_cnty) index alone), so that scanning the table beats looking
    up each event the box holds."""
    if (conn.dialect.name != "sqlite" or f.bbox is None or f.country is not None or f.admin1 is not None
            or f.ids or f.doc_id or f.date_from is not None or f.date_to is not None):
        return False
    if not (f.min_fatalities is not None or f.actor or f.q or f.network or f.event_type or f.sub_event_type):
        return False  # the box alone: its count reads the index only
    box = _where(EventFilter(bbox=f.bbox, include_rejected=True), c)
    inside = conn.execute(sa.select(sa.func.count()).select_from(_s.events).where(*box)).scalar() or 0
    return inside * 4 > _sqlite_rows(conn)


def _count_hidden(conn: sa.Connection, where: list[sa.ColumnElement[bool]], hidden: Optional[frozenset[str]]) -> int:
    """How many of the rejected events ``hidden`` match ``where`` (looked up by id)."""
    if not hidden:
        return 0
    e = _s.events
    ids = sorted(hidden)
    n = 0
    for i in range(0, len(ids), 500):
        query = sa.select(sa.func.count()).select_from(e).where(*where, e.c.event_id_cnty.in_(ids[i:i + 500]))
        n += int(conn.execute(query).scalar() or 0)
    return n


POINT_COLUMNS: tuple[str, ...] = ("event_id_cnty", "longitude", "latitude", "event_date", "network1", "event_type",
                                  "fatalities", "country", "location")


def event_points(store: Store, f: EventFilter = EventFilter(), *, limit: int = 500_000) -> dict[str, list[Any]]:
    """Matching events as columns (one list per field in ``POINT_COLUMNS``), for drawing a map fast.

    Events without coordinates are left out.  The same answer as :func:`event_points_json` (the API's),
    as Python lists.
    """
    return json.loads(event_points_json(store, f, limit=limit))["data"]


def event_points_json(store: Store, f: EventFilter = EventFilter(), *, limit: int = 500_000) -> str:
    """:func:`event_points` as the JSON text ``{"columns": [...], "count": N, "data": {column: [...]}}``,
    built by the database (SQLite ``json_group_array``, PostgreSQL ``json_agg``): a map of 100,000 events is
    never turned into Python objects, which made this the API's most expensive answer."""
    e, o = _s.events, _s.review_overrides
    postgres = store.engine.dialect.name == "postgresql"
    with store.engine.connect() as conn:
        c = _Columns(conn)
        hidden = _hidden_ids(conn, f)
        base = e
        values: list[sa.ColumnElement[Any]] = []
        for n in POINT_COLUMNS:
            if n not in c.overridden:
                values.append(e.c[n].label(n))
                continue
            # the analyst's value where there is one: one outer join per corrected column, not a subquery per row
            fix = o.alias(f"fix_{n}")
            base = base.outerjoin(fix, sa.and_(fix.c.event_id == e.c.event_id_cnty, fix.c.field == n))
            stored = e.c[n]
            values.append(sa.case((fix.c.event_id.is_not(None), _typed_like(fix.c.value_text, stored)),
                                  else_=stored).label(n))
        where = [*_where(f, c, rejected_in_sql=hidden is None),
                 *(c.test(n, lambda col: col.is_not(None)) for n in ("latitude", "longitude"))]
        if hidden:
            where.append(e.c.event_id_cnty.not_in(sorted(hidden)))
        # in list order (date, id) as stored: the index gives it without sorting 10,000s of rows
        rows = (sa.select(*values).select_from(base).where(*where)
                .order_by(_s.event_sort_key(e.c.event_date), e.c.event_id_cnty).limit(limit)
                .subquery("p"))
        if postgres:
            aggs = [sa.cast(sa.func.coalesce(sa.func.json_agg(rows.c[n]), sa.literal_column("'[]'::json")), sa.Text)
                    for n in POINT_COLUMNS]
        else:
            aggs = [sa.func.json_group_array(rows.c[n]) for n in POINT_COLUMNS]
        count, *arrays = conn.execute(sa.select(sa.func.count(), *aggs).select_from(rows)).one()
    data = ",".join(f"{json.dumps(n)}:{a}" for n, a in zip(POINT_COLUMNS, arrays))
    return f'{{"columns":{json.dumps(list(POINT_COLUMNS))},"count":{int(count)},"data":{{{data}}}}}'


def network_names(store: Store) -> list[str]:
    """Every network named in the data (network1 or network2, reviewed values, rejected events too)."""
    with store.engine.connect() as conn:
        c = _Columns(conn)
        names: set[str] = set()
        # one grouped scan for both columns (PostgreSQL reads the table once instead of twice)
        pairs = sa.select(c("network1"), c("network2")).select_from(_s.events).group_by(c("network1"), c("network2"))
        for n1, n2 in conn.execute(pairs):
            names.update(v for v in (n1, n2) if v)
    return sorted(names)


def facet_counts(store: Store, name: str, f: EventFilter = EventFilter()) -> list[tuple[Any, int]]:
    """``[(value, count)]`` of the reviewed column ``name`` over matching events, most frequent first."""
    return facet_table(store, (name,), f)[1][name]


def facet_table(store: Store, names: Sequence[str], f: EventFilter = EventFilter()
                ) -> tuple[int, dict[str, list[tuple[Any, int]]]]:
    """The number of matching events, and ``[(value, count)]`` of each reviewed column in ``names`` over them
    (most frequent first, then by value; None last), in one pass."""
    for name in names:
        if name not in _rows.EVENT_COLUMNS:
            raise ValueError(f"{name!r} is not an event column")
    e = _s.events
    with store.engine.connect() as conn:
        c = _Columns(conn)
        hidden = _hidden_ids(conn, f)
        corrected = _corrections(conn, [n for n in names if n in c.overridden])
        where = _where(f, c, rejected_in_sql=hidden is None)
        hidden = hidden or frozenset()
        # counts of the stored values, grouped in SQL in one scan (by every combination of the columns: a few
        # hundred groups), summed per column here; then the few rejected or corrected events that match
        # are taken out (and corrected ones put back with the analyst's values)
        cols = [e.c[n] for n in names]
        counters: list[Counter[Any]] = [Counter() for _ in names]
        total = 0
        for *values, n in conn.execute(sa.select(*cols, sa.func.count()).where(*where).group_by(*cols)):
            total += n
            for counter, v in zip(counters, values):
                counter[v] += n
        special = sorted(hidden | corrected.keys())
        for i in range(0, len(special), 500):
            query = (sa.select(e.c.event_id_cnty, *(e.c[n] for n in names))
                     .where(*where, e.c.event_id_cnty.in_(special[i:i + 500])))
            for event_id, *values in conn.execute(query):
                fix = corrected.get(event_id, {})
                if event_id in hidden:
                    total -= 1
                for counter, name, v in zip(counters, names, values):
                    counter[v] -= 1
                    if event_id not in hidden:
                        counter[fix.get(name, v)] += 1
    order = lambda kv: (-kv[1], kv[0] is None, "" if kv[0] is None else str(kv[0]))  # noqa: E731
    return total, {n: sorted(((v, k) for v, k in counter.items() if k > 0), key=order)
                   for n, counter in zip(names, counters)}
