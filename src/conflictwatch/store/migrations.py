"""Versioned schema migrations, applied in one transaction when a store is opened.

``MIGRATIONS`` is the ordered list of steps; each step brings a database of
version ``n - 1`` to version ``n`` and is recorded in ``schema_migrations``.

* An empty database is created from the current table definitions
  (``schema.metadata``) and stamped with every version: the steps are deltas
  for *existing* databases and never have to rebuild history.
* A database at an older version gets the missing steps, in order.
* A database at a newer version than this code knows is refused
  (:class:`~conflictwatch.errors.StoreError`): old code must not write to it.

To change the schema: edit ``schema.py`` and append a ``Migration`` whose
``apply`` turns the previous shape into the new one (``ALTER TABLE ... ADD
COLUMN`` through ``sa.DDL``/``conn.execute``, ``sa.Table.create``, a backfill),
using only SQL that SQLite and PostgreSQL both accept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from conflictwatch.errors import StoreError
from conflictwatch.store import schema

__all__ = ["Migration", "MIGRATIONS", "SCHEMA_VERSION", "current_version", "migrate"]


@dataclass(frozen=True)
class Migration:
    """One schema step: ``apply(conn)`` runs inside the migration transaction."""

    version: int
    name: str
    apply: Callable[[sa.Connection], None]


def _initial_schema(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn)


def _review_and_api_keys(conn: sa.Connection) -> None:
    """Migration 3: analyst review (overrides, status, audit log) and hashed API keys."""
    for table in (schema.review_overrides, schema.review_status, schema.audit_log, schema.api_keys):
        table.create(conn, checkfirst=True)


def _scale_indexes(conn: sa.Connection) -> None:
    """Migration 4: composite indexes for filtered queries at millions of events."""
    for index in schema.SCALE_INDEXES:
        index.create(conn, checkfirst=True)


def _incident_place_index(conn: sa.Connection) -> None:
    """Migration 5: incidents (country, latitude, longitude), for the dedup linker's candidate search."""
    schema.INCIDENT_PLACE_INDEX.create(conn, checkfirst=True)


def _page_indexes(conn: sa.Connection) -> None:
    """Migration 6: indexes that let a filtered page, the facets and the networks avoid sorting or scanning."""
    for index in schema.PAGE_INDEXES:  # IF NOT EXISTS: SQLAlchemy cannot reflect expression indexes to check
        conn.execute(sa.schema.CreateIndex(index, if_not_exists=True))


def _bbox_index(conn: sa.Connection) -> None:
    """Migration 7: events (latitude, longitude, event_date, event_id_cnty) replaces (latitude, longitude)."""
    conn.execute(sa.schema.CreateIndex(schema.BBOX_INDEX, if_not_exists=True))  # no reflection (expression indexes)
    conn.execute(sa.text("DROP INDEX IF EXISTS ix_events_lat_lon"))


def _incident_date_search(conn: sa.Connection) -> None:
    """Migration 8: incidents.span_days (filled from the stored ranges) and (country, event_date, latitude,
    longitude), (span_days) indexes; (country) alone is dropped.  The dedup candidate search then reads the incidents of a date
    range instead of every incident of the country."""
    if "span_days" not in {c["name"] for c in sa.inspect(conn).get_columns("incidents")}:
        conn.execute(sa.text("ALTER TABLE incidents ADD COLUMN span_days INTEGER"))
    if conn.dialect.name == "postgresql":
        days = "(CAST(COALESCE(date_end, event_date) AS date) - CAST(event_date AS date))"
    else:
        days = "CAST(julianday(COALESCE(date_end, event_date)) - julianday(event_date) AS INTEGER)"
    conn.execute(sa.text(f"UPDATE incidents SET span_days = {days} WHERE event_date IS NOT NULL AND span_days IS NULL"))
    for index in schema.INCIDENT_DATE_INDEXES:
        conn.execute(sa.schema.CreateIndex(index, if_not_exists=True))
    conn.execute(sa.text("DROP INDEX IF EXISTS ix_incidents_country"))


def _band_days(conn: sa.Connection) -> None:
    """Migration 9: document_bands.day (the document's publication day when sure, else NULL) and the
    (band, bucket, day) index, which replaces (band, bucket): near-duplicate candidates are then the
    documents of a bucket published within the window, however large the bucket has grown.  Rows
    stored before stay NULL (undated: compared with every document, as before), since whether
    their date was sure is not in a column."""
    if "day" not in {c["name"] for c in sa.inspect(conn).get_columns("document_bands")}:
        conn.execute(sa.text("ALTER TABLE document_bands ADD COLUMN day VARCHAR(10)"))
    conn.execute(sa.schema.CreateIndex(schema.DOCUMENT_BANDS_INDEX, if_not_exists=True))
    conn.execute(sa.text("DROP INDEX IF EXISTS ix_document_bands_bucket"))


def _incident_revision(conn: sa.Connection) -> None:
    """Migration 10: incidents.revision, NULL for the rows stored before (never taken from memory)."""
    if "revision" not in {c["name"] for c in sa.inspect(conn).get_columns("incidents")}:
        conn.execute(sa.text("ALTER TABLE incidents ADD COLUMN revision BIGINT"))


def _incident_tables(conn: sa.Connection) -> None:
    # checkfirst: a database created from the current definitions already has them
    for table in schema.INCIDENT_TABLES:
        table.create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema: documents, sources_seen, failures, events, evidence, facts", _initial_schema),
    Migration(
        2,
        "incidents: document signatures and LSH bands, incidents, incident_events, dedup decisions and constraints",
        _incident_tables,
    ),
    Migration(3, "review: review_overrides, review_status, audit_log; hashed api_keys", _review_and_api_keys),
    Migration(4, "indexes for scale: events (country, event_date), (country, event_type, event_date), (country, year), "
              "(latitude, longitude)",
              _scale_indexes),
    Migration(5, "index for dedup candidates: incidents (country, latitude, longitude)", _incident_place_index),
    Migration(6, "indexes for pages and counts: events by (date, id), (country | admin1, date, id), the facet "
              "columns, (network1, network2), network2", _page_indexes),
    Migration(7, "index for boxes of places: events (latitude, longitude, event_date, event_id_cnty) replaces "
              "(latitude, longitude)", _bbox_index),
    Migration(8, "dedup candidates by date: incidents.span_days, indexes (country, event_date, latitude, longitude) "
              "and (span_days) replace (country)", _incident_date_search),
    Migration(9, "near-duplicates by date: document_bands.day and index (band, bucket, day) replaces (band, bucket)",
              _band_days),
    Migration(10, "incidents.revision: changes with the incident's row or memberships (members kept in memory)",
              _incident_revision),
)

SCHEMA_VERSION: int = MIGRATIONS[-1].version


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_order(migrations: Sequence[Migration]) -> None:
    versions = [m.version for m in migrations]
    if not versions or versions != list(range(1, len(versions) + 1)):
        raise StoreError(f"migration versions must be 1, 2, 3, ... in order; got {versions}")


def current_version(conn: sa.Connection) -> int:
    """The schema version recorded in the database (0 for an empty database)."""
    if not sa.inspect(conn).has_table(schema.schema_migrations.name):
        return 0
    value = conn.execute(sa.select(sa.func.max(schema.schema_migrations.c.version))).scalar()
    return int(value or 0)


def migrate(conn: sa.Connection, migrations: Sequence[Migration] = MIGRATIONS, *, db: str = "database") -> int:
    """Bring the database on ``conn`` to the newest version in ``migrations``.

    Runs on a connection inside a transaction (the caller commits).  Returns
    the version reached.  ``db`` names the database in error messages.
    """
    _check_order(migrations)
    head = migrations[-1].version
    version = current_version(conn)
    if version > head:
        raise StoreError(
            f"{db}: database schema version {version} is newer than this conflictwatch knows "
            f"(up to {head}); upgrade conflictwatch to open it"
        )
    if version == head:
        return version
    if version == 0:
        existing = set(sa.inspect(conn).get_table_names()) & {t.name for t in schema.metadata.sorted_tables}
        existing.discard(schema.schema_migrations.name)
        if existing:
            raise StoreError(
                f"{db}: has conflictwatch tables ({', '.join(sorted(existing))}) but no schema_migrations "
                "record; refusing to guess its version"
            )
        schema.metadata.create_all(conn)
        stamped = _now()
        conn.execute(
            sa.insert(schema.schema_migrations),
            [{"version": m.version, "name": m.name, "applied_at": stamped} for m in migrations],
        )
        return head
    for step in migrations:
        if step.version <= version:
            continue
        try:
            step.apply(conn)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{db}: migration {step.version} ({step.name}) failed: {exc}") from exc
        conn.execute(
            sa.insert(schema.schema_migrations),
            {"version": step.version, "name": step.name, "applied_at": _now()},
        )
    return head
