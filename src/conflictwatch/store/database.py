"""The conflictwatch database: one class, one writer, SQLite by default.

Every write goes through :class:`Store` and runs in one transaction
(``engine.begin()``), so a crash leaves either the old state or the new one,
never half of each.  The backend is chosen by URL: SQLite (a file, WAL,
foreign keys on) or PostgreSQL (``postgresql+psycopg://...``, driver installed
separately).
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql as _pg_dialect
from sqlalchemy.dialects import sqlite as _sqlite_dialect
from sqlalchemy.pool import StaticPool

from conflictwatch.errors import StoreError
from conflictwatch.records import Document, Event, Extraction, Fact, RawDocument, Rejected, content_id
from conflictwatch.store import rows as _rows
from conflictwatch.store import schema as _s
from conflictwatch.store import spatial as _spatial
from conflictwatch.store.migrations import MIGRATIONS, Migration, current_version, migrate

log = logging.getLogger(__name__)

__all__ = ["Store", "resolve_db_url", "DEFAULT_DB_URL", "DB_ENV_VAR"]

DB_ENV_VAR = "CONFLICTWATCH_DB"
DEFAULT_DB_URL = "sqlite:///conflictwatch.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000
_CHUNK = 500  # ids per IN (...) list / events per fetch batch
_ROW_BATCH = 5000  # rows per fetch when streaming plain column values
_WRITE = "conflictwatch_write"  # execution option: this transaction writes
# PostgreSQL: every writing transaction takes this transaction-scoped advisory lock first, so writers
# are serialized exactly as on SQLite (BEGIN IMMEDIATE) while readers never wait (MVCC).  That keeps
# every read-then-write in the package (review audit "before" values, incident linking, migrations
# run by two processes opening the same new database) free of lost updates on both backends.
PG_WRITE_LOCK_KEY = 0x63770001  # "cw" + 1
WRITE_RETRIES = 5  # attempts of one write transaction on a busy / deadlocked / serialization error


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def resolve_db_url(url: str | os.PathLike[str] | None = None) -> str:
    """The database URL to use.

    ``url`` if given, else the ``CONFLICTWATCH_DB`` environment variable, else
    ``sqlite:///conflictwatch.db`` (a file in the current directory).  A value
    without ``://`` is taken as a file path and turned into a SQLite URL.
    """
    value = os.fspath(url) if url is not None else None
    if not value:
        value = os.environ.get(DB_ENV_VAR) or DEFAULT_DB_URL
    if "://" not in value:
        path = Path(value).expanduser()
        return "sqlite:///" + str(path.resolve() if not path.is_absolute() else path)
    try:
        sa.engine.make_url(value)
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"{value!r}: not a database URL ({exc})") from exc
    return value


_ANALYZE_MIN_ROWS = 1000  # below this the planner's guesses cost nothing that matters
SQLITE_CACHE_KIB = 64 * 1024  # page cache per connection, at most (pages are cached as they are read)
SQLITE_MMAP_BYTES = 256 << 20  # file pages mapped (shared with the OS cache, counted in RSS): bounded


def _known_fields(fields: Sequence[str]) -> tuple[str, ...]:
    """``fields`` as a tuple, or ValueError naming those that are not event columns."""
    unknown = sorted(set(fields) - set(_rows.EVENT_COLUMNS))
    if unknown:
        raise ValueError(f"fields: {', '.join(unknown)} not event columns")
    return tuple(fields)


def _is_sqlite_memory(url: sa.URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _configure_sqlite(engine: sa.Engine, *, memory: bool) -> None:
    """WAL, foreign keys, busy timeout, and real BEGINs (pysqlite's own are lazy)."""

    @sa_event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below issue BEGIN, so that DDL and reads
        # are inside the transaction too (pysqlite only begins before DML).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            # a larger page cache and memory-mapped reads: filters that visit rows through an index read
            # them from memory instead of one read() per page (~3x faster reads at 20k+ events)
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        finally:
            cursor.close()

    @sa_event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers take the write lock up front: no deadlock when two processes
        # both read and then try to write.  Readers use a deferred snapshot.
        mode = "IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def _configure_postgresql(engine: sa.Engine) -> None:
    """Writers take the package's advisory lock at BEGIN (see ``PG_WRITE_LOCK_KEY``)."""

    @sa_event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get(_WRITE):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK_KEY})")


def _is_transient(exc: sa.exc.DBAPIError) -> bool:
    """A write that may succeed when tried again: SQLite busy/locked, PostgreSQL deadlock/serialization."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in ("40001", "40P01", "55P03"):  # serialization_failure, deadlock_detected, lock_not_available
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def incidents_of_document(conn: sa.Connection, doc_id: str) -> list[str]:
    """The incidents that hold an event of ``doc_id``."""
    e, ie = _s.events, _s.incident_events
    query = (
        sa.select(ie.c.incident_id).join(e, e.c.event_id_cnty == ie.c.event_id).where(e.c.doc_id == doc_id).distinct()
    )
    return list(conn.execute(query).scalars())


def prune_incidents_if_empty(conn: sa.Connection, incident_ids: Sequence[str]) -> int:
    """Delete those of ``incident_ids`` that have no member left (and give the others a new
    revision: they lost members); the number deleted."""
    i, ie = _s.incidents, _s.incident_events
    empty = ~sa.exists().where(ie.c.incident_id == i.c.id)
    n = 0
    for chunk in _chunks(sorted(set(incident_ids))):
        n += int(conn.execute(sa.delete(i).where(i.c.id.in_(list(chunk)), empty)).rowcount or 0)
    new_revision(conn, incident_ids)
    return n


def new_revision(conn: sa.Connection, incident_ids: Iterable[str]) -> None:
    """Draw a new ``revision`` for each of ``incident_ids`` (their row or memberships changed)."""
    i = _s.incidents
    for chunk in _chunks(sorted(set(incident_ids))):
        conn.execute(sa.update(i).where(i.c.id.in_(list(chunk))).values(revision=revision_number()))


def revision_number() -> int:
    """A fresh random incident revision (62 bits: equal to an earlier one by chance about never)."""
    return secrets.randbits(62)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _iso_date(value: str | date | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, date) else str(value)
    try:
        parsed = date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{name}={value!r}: not an ISO date (YYYY-MM-DD)") from exc
    return parsed.isoformat()


class Store:
    """The database behind conflictwatch.  Open it with :meth:`Store.open`."""

    def __init__(self, engine: sa.Engine, *, schema_version: int):
        self._engine = engine
        self._writer = engine.execution_options(**{_WRITE: True})
        self._schema_version = schema_version
        self._closed = False
        self._postgis = False

    # ------------------------------------------------------------------ open / close

    @classmethod
    def open(
        cls,
        url: str | os.PathLike[str] | None = None,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> Store:
        """Open (creating or upgrading) the database at ``url`` (see :func:`resolve_db_url`).

        ``migrations`` is for tests and tools; the default is the package's list.
        """
        resolved = resolve_db_url(url)
        sa_url = sa.engine.make_url(resolved)
        shown = sa_url.render_as_string(hide_password=True)
        try:
            if sa_url.get_backend_name() == "sqlite":
                memory = _is_sqlite_memory(sa_url)
                kwargs: dict[str, Any] = {"poolclass": StaticPool} if memory else {}
                engine = sa.create_engine(sa_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)
                _configure_sqlite(engine, memory=memory)
            else:
                engine = sa.create_engine(sa_url, pool_pre_ping=True)
                if sa_url.get_backend_name() == "postgresql":
                    _configure_postgresql(engine)
        except (sa.exc.SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"{shown}: cannot create a database engine: {exc}") from exc
        try:
            with engine.execution_options(**{_WRITE: True}).begin() as conn:
                version = migrate(conn, migrations, db=shown)
                postgis = _spatial.prepare(conn)
        except StoreError:
            engine.dispose()
            raise
        except sa.exc.SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"{shown}: cannot open or migrate the database: {exc}") from exc
        store = cls(engine, schema_version=version)
        store._postgis = postgis
        store.refresh_statistics()
        return store

    def refresh_statistics(self, *, exact: bool = False) -> bool:
        """Gather the query planner's statistics (``ANALYZE``) when the events table has grown or shrunk 1.5x
        since they were gathered, or never was.  Returns whether it ran.

        Without them SQLite takes any indexed equality as selective: "country = Burkina Faso" walked the country
        index over every event of the country to find the few rejected ones (7 ms against 0.2 ms with them).
        PostgreSQL's autovacuum gathers them too, but only a minute or more after a bulk load: until then it
        took the map's 16,000 points for 16 rows and joined them by a nested loop (266 ms against ~40 ms);
        there the events table is also vacuumed, so that counts and groupings can read indexes alone.
        ``exact``: on PostgreSQL count the rows (after an import) rather than read the server's running
        estimate.  Cheap when nothing changed; skipped, not failed, when the database is busy or read-only.
        """
        if self.backend not in ("sqlite", "postgresql") or _is_sqlite_memory(self._engine.url):
            return False
        try:
            rows, counted = self._statistics_sizes(exact)
            # counted: the table's size when statistics were last gathered (0 or less: never)
            if rows < _ANALYZE_MIN_ROWS or (counted > 0 and counted / 1.5 <= rows <= counted * 1.5):
                return False
            self._gather_statistics()
            return True
        except (sa.exc.SQLAlchemyError, ValueError) as exc:
            log.info("%s: planner statistics not refreshed: %s", self.url, exc)
            return False

    def _statistics_sizes(self, exact: bool) -> tuple[int, float]:
        """(rows in events now, rows when the statistics were gathered)."""
        with self._engine.connect() as conn:
            if self.backend == "postgresql":
                counted = float(conn.exec_driver_sql(
                    "SELECT reltuples FROM pg_class WHERE oid = 'events'::regclass").scalar() or -1)
                now = ("SELECT count(*) FROM events" if exact else
                       "SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = 'events'::regclass")
                return int(conn.exec_driver_sql(now).scalar() or 0), counted
            rows = int(conn.exec_driver_sql("SELECT max(rowid) FROM events").scalar() or 0)
            has_stats = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='sqlite_stat1'").first()
            stats = [r[0] for r in conn.exec_driver_sql(
                "SELECT stat FROM sqlite_stat1 WHERE tbl='events'")] if has_stats else []
        # each index's row count when ANALYZE last ran; their median
        estimates = sorted(int(str(v).split()[0]) for v in stats if v)
        return rows, (estimates[len(estimates) // 2] if estimates else 0)

    def _gather_statistics(self) -> None:
        if self.backend == "postgresql":
            # VACUUM too: it marks the table's pages all-visible, without which PostgreSQL cannot answer a count
            # or a grouping from an index alone (20,000 events: facets 14.6 -> 3.3 ms, network names 10.4 ->
            # 1.7 ms, a country count 4.0 -> 1.1 ms); autovacuum would do it, minutes after a bulk load
            with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM (ANALYZE) events")
                conn.exec_driver_sql("ANALYZE")
            return
        with self._writer.begin() as conn:
            # a full ANALYZE (1.5 s at 2 million events, once per 1.5x growth): a sampled one
            # (analysis_limit) caps every estimate at the sample and misleads the planner
            conn.exec_driver_sql("PRAGMA analysis_limit=0")
            conn.exec_driver_sql("ANALYZE")

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def schema_version(self) -> int:
        return self._schema_version

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.url.get_backend_name()

    @property
    def postgis(self) -> bool:
        """True when spatial filters run through PostGIS (PostgreSQL with the extension installed)."""
        return self._postgis

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine, for read-only queries of your own (write through the Store)."""
        return self._engine

    def close(self) -> None:
        if not self._closed:
            self._engine.dispose()
            self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r}, schema_version={self._schema_version})"

    # ------------------------------------------------------------------ helpers

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.url}: the store is closed")

    def _fail(self, what: str, exc: Exception) -> StoreError:
        return StoreError(f"{self.url}: {what}: {exc}")

    def write(self, work: Callable[[sa.Connection], Any], *, retries: int = WRITE_RETRIES) -> Any:
        """Run ``work(conn)`` in one writing transaction and return its result.

        The single-writer discipline of the store: on SQLite the transaction
        starts with ``BEGIN IMMEDIATE``, on PostgreSQL it takes the package's
        advisory lock.  A transient failure (SQLite busy past its timeout,
        PostgreSQL deadlock or serialization failure) rolls back and is tried
        again, up to ``retries`` times with a short random back-off; other
        errors propagate unchanged.
        """
        self._check_open()
        for attempt in range(1, retries + 1):
            try:
                with self._writer.begin() as conn:
                    return work(conn)
            except sa.exc.DBAPIError as exc:
                if attempt == retries or not _is_transient(exc):
                    raise
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    def _insert_ignore(self, table: sa.Table) -> Any:
        """``INSERT ... ON CONFLICT DO NOTHING`` for this backend (add ``RETURNING`` to learn whether it
        inserted: psycopg reports no row count for it)."""
        dialect = _pg_dialect if self.backend == "postgresql" else _sqlite_dialect
        return dialect.insert(table).on_conflict_do_nothing()

    # ------------------------------------------------------------------ writes

    def put_raw(self, raw: RawDocument) -> bool:
        """Store the raw bytes of a document before any processing.

        Returns True when the document is new.  Idempotent: storing the same
        bytes again (from any URI) adds only the URI to ``sources_seen``.
        """
        self._check_open()
        if content_id(raw.raw) != raw.id:
            raise StoreError(f"{raw.uri}: document id {raw.id!r} is not the SHA-256 of its bytes")
        now = _now()
        d = _s.documents

        def work(conn: sa.Connection) -> bool:
            # ON CONFLICT: two writers storing the same bytes at once never collide
            new = conn.execute(self._insert_ignore(d).returning(d.c.id), _rows.raw_to_row(raw, now)).first() is not None
            if not new:  # known from a saved extraction, bytes not yet stored
                conn.execute(sa.update(d).where(d.c.id == raw.id, d.c.raw.is_(None)).values(raw=raw.raw))
            self._see_source(conn, raw.id, raw.uri, raw.origin, raw.url, raw.external_id, now)
            return new

        try:
            return bool(self.write(work))
        except sa.exc.SQLAlchemyError as exc:
            raise self._fail(f"cannot store {raw.uri}", exc) from exc

    @staticmethod
    def _see_source(
        conn: sa.Connection,
        doc_id: str,
        uri: str,
        origin: str | None,
        url: str | None,
        external_id: str | None,
        now: str,
    ) -> None:
        ss = _s.sources_seen
        seen = conn.execute(sa.select(ss.c.uri).where(ss.c.doc_id == doc_id, ss.c.uri == uri)).first()
        if seen is None:
            dialect = _pg_dialect if conn.dialect.name == "postgresql" else _sqlite_dialect
            conn.execute(
                dialect.insert(ss).on_conflict_do_nothing(),
                {
                    "doc_id": doc_id,
                    "uri": uri,
                    "origin": origin,
                    "url": url,
                    "external_id": external_id,
                    "first_seen_at": now,
                },
            )

    def save_extraction(self, ex: Extraction, extractor: str) -> int:
        """Save what was extracted from one document, replacing its previous output.

        In one transaction: the document row gets its clean text and metadata
        and status ``processed``; the document's events, evidence and facts are
        deleted and ``ex``'s inserted.  Returns the number of events stored.
        """
        self._check_open()
        doc = ex.document
        self._validate_extraction(ex)
        now = _now()
        d, ev_t, evd_t, f_t = _s.documents, _s.events, _s.evidence, _s.facts

        def work(conn: sa.Connection) -> None:
            values = _rows.document_to_row(doc)
            values.update(status="processed", extractor=extractor, processed_at=now)
            inserted = conn.execute(
                self._insert_ignore(d).returning(d.c.id),
                {**values, "id": doc.id, "uri": doc.uri, "stored_at": now, "raw": None},
            ).first()
            if inserted is None:
                for keep in ("url", "language", "media_type"):
                    if values[keep] is None:
                        del values[keep]
                conn.execute(sa.update(d).where(d.c.id == doc.id).values(**values))
            self._see_source(conn, doc.id, doc.uri, doc.origin, doc.url, None, now)

            event_ids = [e.event_id_cnty for e in ex.events]
            self._refuse_foreign_ids(conn, ev_t.c.event_id_cnty, ev_t.c.doc_id, event_ids, doc.id, "event")
            self._refuse_foreign_ids(conn, f_t.c.id, f_t.c.doc_id, [f.id for f in ex.facts], doc.id, "fact")

            own_events = sa.select(ev_t.c.event_id_cnty).where(ev_t.c.doc_id == doc.id)
            # a re-extraction: the incidents its old events were in lose them (the memberships go with
            # the events), and those left without members are deleted here, not by a pass over them all
            left = incidents_of_document(conn, doc.id)
            conn.execute(sa.delete(evd_t).where(evd_t.c.event_id.in_(own_events)))
            conn.execute(sa.delete(ev_t).where(ev_t.c.doc_id == doc.id))
            conn.execute(sa.delete(f_t).where(f_t.c.doc_id == doc.id))
            if left:
                prune_incidents_if_empty(conn, left)

            if ex.events:
                conn.execute(sa.insert(ev_t), [_rows.event_to_row(e, i) for i, e in enumerate(ex.events)])
                evidence_rows = [r for e in ex.events for r in _rows.evidence_to_rows(e)]
                if evidence_rows:
                    conn.execute(sa.insert(evd_t), evidence_rows)
            if ex.facts:
                conn.execute(sa.insert(f_t), [_rows.fact_to_row(f, i) for i, f in enumerate(ex.facts)])

        try:
            self.write(work)
        except sa.exc.SQLAlchemyError as exc:
            raise self._fail(f"cannot save the extraction of {doc.uri} ({doc.id})", exc) from exc
        return len(ex.events)

    @staticmethod
    def _validate_extraction(ex: Extraction) -> None:
        doc = ex.document
        where = f"{doc.uri} ({doc.id})"
        for kind, items, key in (("event", ex.events, "event_id_cnty"), ("fact", ex.facts, "id")):
            seen: set[str] = set()
            for item in items:
                ident = getattr(item, key)
                if item.doc_id != doc.id:
                    raise StoreError(f"{where}: {kind} {ident} belongs to document {item.doc_id}")
                if ident in seen:
                    raise StoreError(f"{where}: {kind} id {ident} appears twice in one extraction")
                seen.add(ident)

    @staticmethod
    def _refuse_foreign_ids(
        conn: sa.Connection,
        id_col: sa.Column[Any],
        doc_col: sa.Column[Any],
        ids: Sequence[str],
        doc_id: str,
        kind: str,
    ) -> None:
        """Refuse ids that another document's output already uses (the ids are global keys)."""
        for chunk in _chunks(ids):
            clash = conn.execute(
                sa.select(id_col, doc_col).where(id_col.in_(list(chunk)), doc_col != doc_id).limit(1)
            ).first()
            if clash is not None:
                raise StoreError(f"{kind} id {clash[0]} of document {doc_id} is already stored for document {clash[1]}")

    def record_failure(self, uri: str, stage: str, reason: str, doc_id: str | None = None) -> None:
        """Log that ``uri`` failed at ``stage`` and why; mark the document failed when ``doc_id`` is known."""
        self._check_open()
        now = _now()
        d = _s.documents

        def work(conn: sa.Connection) -> None:
            conn.execute(
                sa.insert(_s.failures),
                {"uri": str(uri), "doc_id": doc_id, "stage": stage, "reason": reason, "at": now},
            )
            if doc_id is not None:
                conn.execute(sa.update(d).where(d.c.id == doc_id).values(status="failed", processed_at=now))

        try:
            self.write(work)
        except sa.exc.SQLAlchemyError as exc:
            raise self._fail(f"cannot record the failure of {uri}", exc) from exc

    def record_rejected(self, rejected: Rejected) -> None:
        """:meth:`record_failure` for a ``Rejected`` record."""
        self.record_failure(rejected.uri, rejected.stage, rejected.reason, rejected.doc_id)

    # ------------------------------------------------------------------ reads

    def is_processed(self, doc_id: str, extractor: str) -> bool:
        """True when ``doc_id`` was processed by exactly this (versioned) extractor."""
        self._check_open()
        d = _s.documents
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(d.c.id).where(d.c.id == doc_id, d.c.status == "processed", d.c.extractor == extractor)
            ).first()
        return row is not None

    @staticmethod
    def _event_filters(
        country: str | None,
        iso: int | None,
        admin1: str | None,
        event_type: str | None,
        sub_event_type: str | None,
        date_from: str | date | None,
        date_to: str | date | None,
        doc_id: str | None,
        bbox: Sequence[float] | None = None,
        postgis: bool = False,
    ) -> list[sa.ColumnElement[bool]]:
        e = _s.events
        where: list[sa.ColumnElement[bool]] = []
        for col, value in (
            (e.c.country, country),
            (e.c.iso, iso),
            (e.c.admin1, admin1),
            (e.c.event_type, event_type),
            (e.c.sub_event_type, sub_event_type),
            (e.c.doc_id, doc_id),
        ):
            if value is not None:
                where.append(col == value)
        start = _iso_date(date_from, "date_from")
        end = _iso_date(date_to, "date_to")
        if start is not None:
            where.append(e.c.event_date >= start)
        if end is not None:
            where.append(e.c.event_date <= end)
        if bbox is not None:
            where.extend(_spatial.bbox_filter(bbox, postgis=postgis))
        return where

    def iter_events(
        self,
        *,
        country: str | None = None,
        iso: int | None = None,
        admin1: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        doc_id: str | None = None,
        bbox: Sequence[float] | None = None,
        evidence: bool = True,
        fields: Sequence[str] | None = None,
    ) -> Iterator[Event]:
        """Stored events with their evidence, ordered by event_date (undated last), then event id.

        Filters are exact matches; ``date_from``/``date_to`` bound event_date, inclusive;
        ``bbox`` is ``(west, south, east, north)`` in degrees (PostGIS where installed).
        ``evidence=False`` leaves each event's ``evidence`` empty and skips reading it; ``fields`` reads only
        those columns (and the required ones; the other fields keep their defaults, evidence is empty).
        Both are for analyses over many events, which read a few coded columns (several times faster).
        """
        self._check_open()
        where = self._event_filters(country, iso, admin1, event_type, sub_event_type, date_from, date_to, doc_id,
                                    bbox, self._postgis)
        e = _s.events
        names: tuple[str, ...] | None = None
        if fields is not None:
            names = tuple(dict.fromkeys((*_rows.REQUIRED_EVENT_COLUMNS, *_known_fields(fields))))
        elif not evidence:
            names = _rows.EVENT_COLUMNS
        order = (sa.case((e.c.event_date.is_(None), 1), else_=0), e.c.event_date, e.c.event_id_cnty)
        query = sa.select(*((e.c[n] for n in names) if names else (e,))).where(*where).order_by(*order)
        # A box: sort the matching ids alone, then read the rows by id, a chunk at a time; sorting whole
        # rows made the first page of a dense box wait for every match to be read and sorted.  The ids
        # are filtered by plain latitude/longitude ranges on both backends (the same rows as PostGIS's
        # envelope test): migration 7's index then covers the filter and the order, so the sort reads
        # the index alone, where PostGIS's GiST index would still fetch every match from the table.
        ids = None
        if bbox is not None:
            plain = self._event_filters(country, iso, admin1, event_type, sub_event_type, date_from, date_to,
                                        doc_id, bbox, False)
            ids = sa.select(e.c.event_id_cnty, e.c.event_date).where(*plain).order_by(*order)
        if names is not None:
            return self._stream_bare_events(query, names, ids)
        return self._stream_events(query, ids)

    def _row_batches(self, conn: sa.Connection, query: sa.Select[Any], ids: sa.Select[Any] | None) -> Iterator[list[Any]]:
        """``query``'s rows in batches; with ``ids`` (the same filter and order, selecting event id and
        date), the ids are read first and the rows fetched by id in that order (an event deleted meanwhile
        is skipped).  The first ``_CHUNK`` ids come from a query with a LIMIT (a top-N sort: the first page
        of a dense box does not wait for every match to be sorted and sent); the rest, if the reader wants
        them, from one query for the ids after the last one (keyset on the date order)."""
        if ids is None:
            result = conn.execute(query)
            while batch := result.fetchmany(_CHUNK):
                yield batch
            return
        e = _s.events
        plain = query.order_by(None)

        def rows_of(chunk: list[str]) -> list[Any]:
            by_id = {r.event_id_cnty: r for r in conn.execute(plain.where(e.c.event_id_cnty.in_(chunk)))}
            return [by_id[i] for i in chunk if i in by_id]

        first = conn.execute(ids.limit(_CHUNK)).all()
        if first:
            yield rows_of([r[0] for r in first])
        if len(first) < _CHUNK:
            return
        last_id, last_date = first[-1]
        if last_date is None:  # undated events come last, by id
            after = sa.and_(e.c.event_date.is_(None), e.c.event_id_cnty > last_id)
        else:
            after = sa.or_(e.c.event_date > last_date, sa.and_(e.c.event_date == last_date, e.c.event_id_cnty > last_id),
                           e.c.event_date.is_(None))
        rest = [r[0] for r in conn.execute(ids.where(after))]
        for n in range(0, len(rest), _CHUNK):
            yield rows_of(rest[n : n + _CHUNK])

    def iter_event_rows(
        self,
        fields: Sequence[str],
        *,
        country: str | None = None,
        iso: int | None = None,
        admin1: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        doc_id: str | None = None,
        bbox: Sequence[float] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """The values of ``fields`` of each matching event (filters as in :meth:`iter_events`), one tuple per
        event, streamed in no particular order: no records built, nothing sorted.  For analyses over hundreds
        of thousands of events (e.g. ``influence_from_rows``); memory stays flat whatever the count."""
        self._check_open()
        names = _known_fields(fields)
        where = self._event_filters(country, iso, admin1, event_type, sub_event_type, date_from, date_to, doc_id,
                                    bbox, self._postgis)
        e = _s.events
        with self._engine.connect() as conn:
            result = conn.execute(sa.select(*(e.c[n] for n in names)).where(*where))
            while batch := result.fetchmany(_ROW_BATCH):
                yield from map(tuple, batch)

    def _stream_bare_events(self, query: sa.Select[Any], names: Sequence[str],
                            ids: sa.Select[Any] | None = None) -> Iterator[Event]:
        with self._engine.connect() as conn:
            for batch in self._row_batches(conn, query, ids):
                for r in batch:
                    yield _rows.row_to_bare_event(r, names)

    def _stream_events(self, query: sa.Select[Any], ids_query: sa.Select[Any] | None = None) -> Iterator[Event]:
        ev = _s.evidence
        with self._engine.connect() as conn:
            for rows in self._row_batches(conn, query, ids_query):
                batch = [r._mapping for r in rows]
                ids = [r["event_id_cnty"] for r in batch]
                by_event: dict[str, list[Any]] = {i: [] for i in ids}
                for r in conn.execute(
                    sa.select(ev).where(ev.c.event_id.in_(ids)).order_by(ev.c.event_id, ev.c.seq)
                ).mappings():
                    by_event[r["event_id"]].append(r)
                for r in batch:
                    yield _rows.row_to_event(r, by_event[r["event_id_cnty"]])

    def count_events(
        self,
        *,
        country: str | None = None,
        iso: int | None = None,
        admin1: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        doc_id: str | None = None,
        bbox: Sequence[float] | None = None,
    ) -> int:
        """Number of stored events (same filters as :meth:`iter_events`)."""
        self._check_open()
        where = self._event_filters(country, iso, admin1, event_type, sub_event_type, date_from, date_to, doc_id,
                                    bbox, self._postgis)
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(_s.events).where(*where)).scalar() or 0)

    def event_owners(self, event_ids: Sequence[str]) -> dict[str, str]:
        """The document that holds each stored event of ``event_ids`` (ids not stored are left out).

        Event ids are global keys: an importer uses this to skip events another document already holds.
        """
        self._check_open()
        e = _s.events
        out: dict[str, str] = {}
        with self._engine.connect() as conn:
            for chunk in _chunks(list(dict.fromkeys(event_ids))):
                for event_id, doc_id in conn.execute(
                    sa.select(e.c.event_id_cnty, e.c.doc_id).where(e.c.event_id_cnty.in_(list(chunk)))
                ):
                    out[event_id] = doc_id
        return out

    def count_documents(self, status: str | None = None) -> int:
        """Number of stored documents, optionally only those with ``status`` (stored | processed | failed)."""
        self._check_open()
        d = _s.documents
        query = sa.select(sa.func.count()).select_from(d)
        if status is not None:
            if status not in _s.DOCUMENT_STATUSES:
                raise ValueError(f"status={status!r}: expected one of {', '.join(_s.DOCUMENT_STATUSES)}")
            query = query.where(d.c.status == status)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def count_facts(self, doc_id: str | None = None) -> int:
        self._check_open()
        f = _s.facts
        query = sa.select(sa.func.count()).select_from(f)
        if doc_id is not None:
            query = query.where(f.c.doc_id == doc_id)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def iter_facts(self, doc_id: str | None = None) -> Iterator[Fact]:
        """Stored facts (of one document when ``doc_id`` is given), in extraction order per document."""
        self._check_open()
        f = _s.facts
        query = sa.select(f).order_by(f.c.doc_id, f.c.seq)
        if doc_id is not None:
            query = query.where(f.c.doc_id == doc_id)
        return self._stream(query, _rows.row_to_fact)

    def _stream(self, query: sa.Select[Any], convert: Callable[[Any], Any]) -> Iterator[Any]:
        with self._engine.connect() as conn:
            for r in conn.execute(query).mappings():
                yield convert(r)

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The document row as a dict (raw bytes included, JSON columns decoded) plus ``sources``
        (every URI that delivered it), or None when unknown."""
        self._check_open()
        d, ss = _s.documents, _s.sources_seen
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(d).where(d.c.id == doc_id)).mappings().first()
            if row is None:
                return None
            out = dict(row)
            out["sources"] = [
                dict(r)
                for r in conn.execute(
                    sa.select(ss.c.uri, ss.c.origin, ss.c.url, ss.c.external_id, ss.c.first_seen_at)
                    .where(ss.c.doc_id == doc_id)
                    .order_by(ss.c.first_seen_at, ss.c.uri)
                ).mappings()
            ]
        if out["raw"] is not None:
            out["raw"] = bytes(out["raw"])
        return out

    def load_document(self, doc_id: str) -> Document | None:
        """The cleaned ``Document`` saved by :meth:`save_extraction`, or None when not processed yet."""
        row = self.get_document(doc_id)
        if row is None or row["text"] is None:
            return None
        return _rows.row_to_document(row)

    def iter_raw(self, status: str | None = None) -> Iterator[RawDocument]:
        """Stored raw documents (optionally only those with ``status``), e.g. to (re)process them."""
        self._check_open()
        d = _s.documents
        query = sa.select(d).where(d.c.raw.is_not(None)).order_by(d.c.stored_at, d.c.id)
        if status is not None:
            if status not in _s.DOCUMENT_STATUSES:
                raise ValueError(f"status={status!r}: expected one of {', '.join(_s.DOCUMENT_STATUSES)}")
            query = query.where(d.c.status == status)
        return self._stream(query, _rows.row_to_raw)

    def failures(self) -> list[dict[str, Any]]:
        """Every recorded failure (id, uri, doc_id, stage, reason, at), oldest first."""
        self._check_open()
        fl = _s.failures
        with self._engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.select(fl).order_by(fl.c.id)).mappings()]

    def stored_schema_version(self) -> int:
        """The version recorded in the database now (normally :attr:`schema_version`)."""
        self._check_open()
        with self._engine.connect() as conn:
            return current_version(conn)
