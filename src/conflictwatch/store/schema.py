"""Table definitions of the conflictwatch database (the current schema version).

SQLAlchemy Core only, portable between SQLite and PostgreSQL: JSON columns use
``sa.JSON`` (TEXT on SQLite, JSON on PostgreSQL), dates are ISO ``YYYY-MM-DD``
strings (they sort and compare correctly as text on every backend), timestamps
are ISO-8601 UTC strings.

When you change a table here, bump the schema: add a step to
``conflictwatch.store.migrations.MIGRATIONS`` that brings a database of the
previous version to this shape.  A fresh database is created from these
definitions directly and stamped with the newest version.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

__all__ = [
    "metadata",
    "schema_migrations",
    "documents",
    "sources_seen",
    "failures",
    "events",
    "evidence",
    "facts",
    "DOCUMENT_STATUSES",
    "review_overrides",
    "review_status",
    "audit_log",
    "api_keys",
    "REVIEW_STATUSES",
    "API_ROLES",
]

DOCUMENT_STATUSES: tuple[str, ...] = ("stored", "processed", "failed")

metadata = sa.MetaData()

_ISO_DATE = sa.String(10)  # YYYY-MM-DD
_ISO_TS = sa.String(40)  # ISO-8601 timestamp
_DOC_ID = sa.String(64)  # SHA-256 hex of the raw bytes


def _json() -> sa.JSON:
    # none_as_null: Python None is stored as SQL NULL, not the JSON literal 'null'.
    return sa.JSON(none_as_null=True)


schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", _ISO_TS, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", _DOC_ID, primary_key=True),
    sa.Column("uri", sa.Text, nullable=False),  # first URI the document was seen at
    sa.Column("url", sa.Text),
    sa.Column("origin", sa.String(32), nullable=False, server_default="file"),
    sa.Column("media_type", sa.String(100)),
    sa.Column("raw", sa.LargeBinary),  # NULL when a Document was saved without its raw bytes
    sa.Column("encoding", sa.String(40)),
    sa.Column("external_id", sa.Text),
    sa.Column("fetched", _ISO_TS),
    sa.Column("source_title", sa.Text),  # title given by the source (feed item), before cleaning
    sa.Column("source_published", _ISO_TS),  # date given by the source (pubDate, JSONL field)
    sa.Column("stored_at", _ISO_TS, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="stored"),
    # from the cleaned Document
    sa.Column("title", sa.Text),
    sa.Column("publisher", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("language_confidence", sa.Double),
    sa.Column("published", _ISO_DATE),  # best estimate (PublicationDate.value)
    sa.Column("published_json", _json()),  # the full PublicationDate
    sa.Column("dateline", sa.Text),
    sa.Column("dateline_span", _json()),
    sa.Column("captions", _json()),
    sa.Column("removed_lines", sa.Integer),
    sa.Column("text", sa.Text),  # clean text; evidence offsets index it
    sa.Column("extractor", sa.String(200)),
    sa.Column("processed_at", _ISO_TS),
    sa.CheckConstraint("status IN ('stored', 'processed', 'failed')", name="ck_documents_status"),
)
sa.Index("ix_documents_status", documents.c.status)

sources_seen = sa.Table(
    "sources_seen",
    metadata,
    sa.Column("doc_id", _DOC_ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("uri", sa.Text, primary_key=True),
    sa.Column("origin", sa.String(32)),
    sa.Column("url", sa.Text),
    sa.Column("external_id", sa.Text),
    sa.Column("first_seen_at", _ISO_TS, nullable=False),
)
sa.Index("ix_sources_seen_uri", sources_seen.c.uri)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uri", sa.Text, nullable=False),
    # no foreign key: a failure is recorded even for a document that was never stored
    sa.Column("doc_id", _DOC_ID),
    sa.Column("stage", sa.String(40), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", _ISO_TS, nullable=False),
)
sa.Index("ix_failures_doc_id", failures.c.doc_id)

events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id_cnty", sa.String(64), primary_key=True),
    sa.Column("doc_id", _DOC_ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),  # position in the document's extraction
    # ACLED columns
    sa.Column("event_date", _ISO_DATE),
    sa.Column("year", sa.Integer),
    sa.Column("time_precision", sa.Integer, nullable=False),
    sa.Column("disorder_type", sa.Text, nullable=False),
    sa.Column("event_type", sa.String(100), nullable=False),
    sa.Column("sub_event_type", sa.String(100), nullable=False),
    sa.Column("actor1", sa.Text, nullable=False),
    sa.Column("assoc_actor_1", sa.Text, nullable=False),
    sa.Column("inter1", sa.Integer),
    sa.Column("actor2", sa.Text, nullable=False),
    sa.Column("assoc_actor_2", sa.Text, nullable=False),
    sa.Column("inter2", sa.Integer),
    sa.Column("interaction", sa.Integer),
    sa.Column("civilian_targeting", sa.Text, nullable=False),
    sa.Column("iso", sa.Integer),
    sa.Column("region", sa.Text, nullable=False),
    sa.Column("country", sa.String(100), nullable=False),
    sa.Column("admin1", sa.String(200), nullable=False),
    sa.Column("admin2", sa.Text, nullable=False),
    sa.Column("admin3", sa.Text, nullable=False),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("latitude", sa.Double),
    sa.Column("longitude", sa.Double),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_scale", sa.Text, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("fatalities", sa.Integer, nullable=False),
    sa.Column("tags", sa.Text, nullable=False),
    sa.Column("timestamp", sa.BigInteger, nullable=False),
    # beyond ACLED
    sa.Column("fatalities_low", sa.Integer),
    sa.Column("fatalities_high", sa.Integer),
    sa.Column("year_inferred", sa.Boolean, nullable=False),
    sa.Column("date_end", _ISO_DATE),
    sa.Column("network1", sa.Text, nullable=False),
    sa.Column("network2", sa.Text, nullable=False),
    sa.Column("confidence", _json()),
    sa.Column("extractor", sa.String(200), nullable=False),
)
sa.Index("ix_events_event_date", events.c.event_date)
sa.Index("ix_events_country", events.c.country)
sa.Index("ix_events_admin1", events.c.admin1)
sa.Index("ix_events_event_type", events.c.event_type)
sa.Index("ix_events_doc_id", events.c.doc_id)
# migration 4 (scale): country + date range, country + year (analysis), bounding boxes without PostGIS
SCALE_INDEXES: tuple[sa.Index, ...] = (
    sa.Index("ix_events_country_date", events.c.country, events.c.event_date),
    sa.Index("ix_events_country_type_date", events.c.country, events.c.event_type, events.c.event_date),
    sa.Index("ix_events_country_year", events.c.country, events.c.year),
)

UNDATED = "9999-99-99"  # sorts undated events after every date


def event_sort_key(event_date: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """The key lists are ordered by (with ``event_id_cnty``): the date, undated events last.  The literal is
    written into the SQL (not bound) so that the expression indexes of ``PAGE_INDEXES`` match it."""
    return sa.func.coalesce(event_date, sa.literal_column(f"'{UNDATED}'"))


# migration 6 (pages under load): a page of a filtered list is read in index order and stops after `limit`
# rows instead of sorting every match; the facet and network counts read covering indexes, not the table
PAGE_INDEXES: tuple[sa.Index, ...] = (
    sa.Index("ix_events_sort", event_sort_key(events.c.event_date), events.c.event_id_cnty),
    sa.Index("ix_events_country_sort", events.c.country, event_sort_key(events.c.event_date), events.c.event_id_cnty),
    sa.Index("ix_events_admin1_sort", events.c.admin1, event_sort_key(events.c.event_date), events.c.event_id_cnty),
    sa.Index("ix_events_facets", events.c.country, events.c.admin1, events.c.event_type, events.c.sub_event_type,
             events.c.network1),
    sa.Index("ix_events_networks", events.c.network1, events.c.network2),
    sa.Index("ix_events_network2", events.c.network2),
)

# migration 7: a box of places in a date range, read in date order without touching the table: the
# place columns lead (range on latitude, longitude checked in the index), the date and id follow, so
# a box's matches are found and sorted from the index alone (it replaces migration 4's (latitude, longitude))
BBOX_INDEX = sa.Index("ix_events_lat_lon_date", events.c.latitude, events.c.longitude, events.c.event_date,
                      events.c.event_id_cnty)

evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "event_id",
        sa.String(64),
        sa.ForeignKey("events.event_id_cnty", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("seq", sa.Integer, nullable=False),  # position in Event.evidence
    sa.Column("field", sa.String(100), nullable=False),
    sa.Column("doc_id", _DOC_ID, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
)
sa.Index("ix_evidence_event_id", evidence.c.event_id)

facts = sa.Table(
    "facts",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("doc_id", _DOC_ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),  # position in the document's extraction
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("object", sa.Text, nullable=False),
    sa.Column("relation", sa.String(40), nullable=False),
    sa.Column("value", sa.BigInteger),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("country", sa.String(100), nullable=False),
    sa.Column("date_start", _ISO_DATE),
    sa.Column("date_end", _ISO_DATE),
    sa.Column("time_precision", sa.Integer),
    sa.Column("year_inferred", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Double, nullable=False),
    sa.Column("evidence", _json()),
    sa.Column("attributes", _json()),
)
sa.Index("ix_facts_doc_id", facts.c.doc_id)
sa.Index("ix_facts_kind", facts.c.kind)

# --------------------------------------------------------------------------- migration 3: review, audit, API keys
# Analyst review is kept apart from the extractor's output: ``save_extraction``
# replaces a document's events on every re-run, while these rows (keyed by the
# stable ``event_id_cnty``, no foreign key) survive it and are applied on read
# (``conflictwatch.store.review``).

REVIEW_STATUSES: tuple[str, ...] = ("confirmed", "rejected")
API_ROLES: tuple[str, ...] = ("read", "analyst", "admin")

review_overrides = sa.Table(
    "review_overrides",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("field", sa.String(100), primary_key=True),
    sa.Column("value", _json()),  # the corrected value, typed as in the Event record
    sa.Column("value_text", sa.Text),  # the same value as text, for filtering in SQL
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("at", _ISO_TS, nullable=False),
)
sa.Index("ix_review_overrides_field", review_overrides.c.field)

review_status = sa.Table(
    "review_status",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("at", _ISO_TS, nullable=False),
    sa.CheckConstraint("status IN ('confirmed', 'rejected')", name="ck_review_status_status"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", _ISO_TS, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("event_id", sa.String(64)),
    sa.Column("field", sa.String(100)),
    sa.Column("before", _json()),
    sa.Column("after", _json()),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
)
sa.Index("ix_audit_log_event_id", audit_log.c.event_id)

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("key_id", sa.String(32), primary_key=True),  # public part of the token
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("salt", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(128), nullable=False),  # scrypt(secret, salt), hex
    sa.Column("created_at", _ISO_TS, nullable=False),
    sa.Column("revoked_at", _ISO_TS),
    sa.CheckConstraint("role IN ('read', 'analyst', 'admin')", name="ck_api_keys_role"),
)


# ---------------------------------------------------------------------------
# migration 2: incidents (cross-source event deduplication, conflictwatch.dedup)
# ---------------------------------------------------------------------------

document_signatures = sa.Table(
    "document_signatures",
    metadata,
    sa.Column("doc_id", _DOC_ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("method", sa.String(100), nullable=False),  # e.g. "minhash.v1:128:5w"
    sa.Column("signature", _json(), nullable=False),  # MinHash hash values
    sa.Column("copy_of", _DOC_ID),  # canonical document when this one is a near-duplicate
    sa.Column("similarity", sa.Double),  # estimated Jaccard with copy_of
    sa.Column("at", _ISO_TS, nullable=False),
)
sa.Index("ix_document_signatures_copy_of", document_signatures.c.copy_of)

document_bands = sa.Table(
    "document_bands",
    metadata,
    sa.Column("doc_id", _DOC_ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("band", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("bucket", sa.String(40), nullable=False),  # LSH bucket key of this band
    # the document's publication date (migration 9), NULL when unknown: the near-duplicate search reads
    # the documents of a bucket published near the new one (and the undated), not the whole bucket
    sa.Column("day", _ISO_DATE),
)
# migration 9: (band, bucket, day) replaces (band, bucket)
DOCUMENT_BANDS_INDEX = sa.Index(
    "ix_document_bands_bucket_day", document_bands.c.band, document_bands.c.bucket, document_bands.c.day
)

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("event_date", _ISO_DATE),
    sa.Column("date_end", _ISO_DATE),
    sa.Column("time_precision", sa.Integer),
    sa.Column("event_type", sa.String(100), nullable=False),
    sa.Column("sub_event_type", sa.String(100), nullable=False),
    sa.Column("actor1", sa.Text, nullable=False),
    sa.Column("actor2", sa.Text, nullable=False),
    sa.Column("country", sa.String(100), nullable=False),
    sa.Column("admin1", sa.String(200), nullable=False),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("latitude", sa.Double),
    sa.Column("longitude", sa.Double),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("fatalities", sa.Integer, nullable=False),
    sa.Column("fatalities_low", sa.Integer),
    sa.Column("fatalities_high", sa.Integer),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("sources", _json()),  # doc ids of every report (copies included)
    sa.Column("summary", _json()),  # how each merged field was chosen
    sa.Column("updated_at", _ISO_TS, nullable=False),
    # days from event_date to date_end (migration 8): the longest one bounds how far back the dedup
    # candidate search must look for incidents whose range reaches an event's window
    sa.Column("span_days", sa.Integer),
    # a random number drawn again whenever the incident's row or its memberships change (migration 10;
    # NULL before): a process that keeps an incident's members in memory checks it before using them
    sa.Column("revision", sa.BigInteger),
)
sa.Index("ix_incidents_event_date", incidents.c.event_date)
# migration 8: dedup candidates by country and date, the place checked on the index entry (replaces
# ix_incidents_country); long spans by their span
INCIDENT_DATE_INDEXES = (
    sa.Index("ix_incidents_country_date", incidents.c.country, incidents.c.event_date, incidents.c.latitude,
             incidents.c.longitude),
    sa.Index("ix_incidents_span", incidents.c.span_days),
)
# migration 5: dedup candidate search (an event's country, then a box of latitude / longitude)
INCIDENT_PLACE_INDEX = sa.Index(
    "ix_incidents_country_lat_lon", incidents.c.country, incidents.c.latitude, incidents.c.longitude
)

incident_events = sa.Table(
    "incident_events",
    metadata,
    sa.Column(
        "event_id",
        sa.String(64),
        sa.ForeignKey("events.event_id_cnty", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("incident_id", sa.String(64), sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("how", sa.String(40), nullable=False),  # seed | linked | copy | analyst
    sa.Column("score", sa.Double),
    sa.Column("at", _ISO_TS, nullable=False),
)
sa.Index("ix_incident_events_incident_id", incident_events.c.incident_id)

dedup_decisions = sa.Table(
    "dedup_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64), nullable=False),  # no foreign key: the audit log outlives events
    sa.Column("incident_id", sa.String(64)),
    sa.Column("action", sa.String(40), nullable=False),  # new | link | copy | relink | merge | split
    sa.Column("score", sa.Double),
    sa.Column("features", _json()),  # per-candidate scores and features
    sa.Column("by", sa.String(200), nullable=False),  # "dedup.coref.v1" or an analyst's name
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", _ISO_TS, nullable=False),
)
sa.Index("ix_dedup_decisions_event_id", dedup_decisions.c.event_id)

dedup_constraints = sa.Table(
    "dedup_constraints",
    metadata,
    sa.Column("event_a", sa.String(64), primary_key=True),  # the smaller id of the pair
    sa.Column("event_b", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),  # cannot-link | must-link
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", _ISO_TS, nullable=False),
    sa.CheckConstraint("kind IN ('cannot-link', 'must-link')", name="ck_dedup_constraints_kind"),
)
sa.Index("ix_dedup_constraints_event_b", dedup_constraints.c.event_b)

INCIDENT_TABLES: tuple[sa.Table, ...] = (
    document_signatures,
    document_bands,
    incidents,
    incident_events,
    dedup_decisions,
    dedup_constraints,
)
