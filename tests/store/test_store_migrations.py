"""Opening, creating and upgrading the database."""

from __future__ import annotations

import warnings

import pytest
import sqlalchemy as sa

from conflictwatch.errors import StoreError
from conflictwatch.store import MIGRATIONS, SCHEMA_VERSION, Migration, Store, resolve_db_url

EXPECTED_TABLES = {"schema_migrations", "documents", "sources_seen", "failures", "events", "evidence", "facts"}


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _columns(url: str, table: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return {c["name"] for c in sa.inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def _add_note_column(conn: sa.Connection) -> None:
    conn.execute(sa.text("ALTER TABLE failures ADD COLUMN note TEXT"))


def _add_then_fail(conn: sa.Connection) -> None:
    conn.execute(sa.text("CREATE TABLE cw_test_extra (x INTEGER)"))
    conn.execute(sa.text("SELECT no_such_column FROM failures"))


def test_open_creates_every_table_from_empty(db_url):
    with Store.open(db_url) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.stored_schema_version() == SCHEMA_VERSION
    assert EXPECTED_TABLES <= _tables(db_url)


def test_indexes_exist_for_the_filter_columns(db_url):
    Store.open(db_url).close()
    engine = sa.create_engine(db_url)
    try:
        with warnings.catch_warnings():  # SQLAlchemy cannot reflect the expression indexes: named below
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            indexed = {tuple(ix["column_names"]) for ix in sa.inspect(engine).get_indexes("events")}
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='index'").scalars())
            else:
                names = set(conn.exec_driver_sql("SELECT indexname FROM pg_indexes WHERE tablename='events'").scalars())
    finally:
        engine.dispose()
    for column in ("event_date", "country", "admin1", "event_type", "doc_id"):
        assert (column,) in indexed
    # migration 6: the list's sort key alone and after country / admin1, the facet and network columns
    assert {"ix_events_sort", "ix_events_country_sort", "ix_events_admin1_sort", "ix_events_facets",
            "ix_events_networks", "ix_events_network2"} <= names


def test_reopen_keeps_data_and_does_not_reapply(db_url, raw_doc):
    with Store.open(db_url) as store:
        assert store.put_raw(raw_doc())
    with Store.open(db_url) as store:
        assert store.count_documents() == 1
        assert store.stored_schema_version() == SCHEMA_VERSION
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version FROM schema_migrations ORDER BY version")).scalars().all()
    finally:
        engine.dispose()
    assert versions == [m.version for m in MIGRATIONS]


def test_older_database_is_upgraded(db_url, raw_doc):
    v1 = MIGRATIONS[:1]
    with Store.open(db_url, migrations=v1) as store:
        store.put_raw(raw_doc())
        store.record_failure("file:///x", "text", "empty page")
    assert "note" not in _columns(db_url, "failures")

    v2 = (*v1, Migration(2, "failures.note", _add_note_column))
    with Store.open(db_url, migrations=v2) as store:
        assert store.schema_version == 2
        assert store.stored_schema_version() == 2
        assert store.count_documents() == 1  # data kept
    assert "note" in _columns(db_url, "failures")
    # opening again applies nothing twice (ALTER TABLE would fail)
    with Store.open(db_url, migrations=v2) as store:
        assert store.stored_schema_version() == 2


def test_failed_migration_rolls_back_completely(db_url):
    v1 = MIGRATIONS[:1]
    Store.open(db_url, migrations=v1).close()
    broken = (*v1, Migration(2, "broken step", _add_then_fail))
    with pytest.raises(StoreError, match="migration 2"):
        Store.open(db_url, migrations=broken)
    assert "cw_test_extra" not in _tables(db_url)
    with Store.open(db_url, migrations=v1) as store:
        assert store.stored_schema_version() == 1


def test_newer_database_is_refused(db_url):
    newer = (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "from the future", _add_note_column))
    Store.open(db_url, migrations=newer).close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(db_url)


def test_migration_versions_must_be_in_order(db_url):
    with pytest.raises(StoreError, match="in order"):
        Store.open(db_url, migrations=(Migration(2, "gap", _add_note_column),))


@pytest.mark.sqlite_file
def test_tables_without_migration_record_are_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE documents (id TEXT PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(StoreError, match="no schema_migrations"):
        Store.open(url)


@pytest.mark.sqlite_file
def test_not_a_database_file_gives_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is plain text, not SQLite " * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store.open(str(path))


@pytest.mark.sqlite_file
def test_sqlite_pragmas(tmp_path):
    with Store.open(tmp_path / "p.db") as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_resolve_db_url(tmp_path, monkeypatch):
    monkeypatch.delenv("CONFLICTWATCH_DB", raising=False)
    assert resolve_db_url(None) == "sqlite:///conflictwatch.db"
    assert resolve_db_url(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    monkeypatch.chdir(tmp_path)
    assert resolve_db_url("rel.db") == f"sqlite:///{tmp_path / 'rel.db'}"
    assert resolve_db_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    monkeypatch.setenv("CONFLICTWATCH_DB", str(tmp_path / "env.db"))
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_db_url("sqlite:///other.db") == "sqlite:///other.db"


@pytest.mark.sqlite_file
def test_open_uses_env_then_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONFLICTWATCH_DB", raising=False)
    Store.open().close()
    assert (tmp_path / "conflictwatch.db").exists()
    monkeypatch.setenv("CONFLICTWATCH_DB", str(tmp_path / "from_env.db"))
    Store.open().close()
    assert (tmp_path / "from_env.db").exists()


@pytest.mark.sqlite_file
def test_bad_url_and_missing_folder_give_store_error(tmp_path):
    with pytest.raises(StoreError):
        Store.open("nosuchdialect://x/y")
    with pytest.raises(StoreError, match="no_such_dir"):
        Store.open(tmp_path / "no_such_dir" / "cw.db")


def test_closed_store_refuses_work(tmp_path):
    store = Store.open(tmp_path / "c.db")
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.count_documents()


def test_in_memory_sqlite_works():
    with Store.open("sqlite://") as store:
        assert store.count_documents() == 0


def test_schema_compiles_for_postgresql():
    """The DDL is portable: it renders for PostgreSQL without a server (no SQLite-only types)."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable

    from conflictwatch.store import schema

    dialect = postgresql.dialect()
    ddl = [str(CreateTable(t).compile(dialect=dialect)) for t in schema.metadata.sorted_tables]
    ddl += [str(CreateIndex(ix).compile(dialect=dialect)) for t in schema.metadata.sorted_tables for ix in t.indexes]
    text = "\n".join(ddl)
    assert "BYTEA" in text and "JSON" in text and "DOUBLE PRECISION" in text
    assert '"end" INTEGER' in text  # reserved word quoted


def _columns_of(db_url: str, table: str = "incidents", version: int = 7) -> set[str]:
    """The columns of ``table`` in a database left at schema ``version``."""
    with Store.open(db_url, migrations=MIGRATIONS[:version]) as store, store.engine.connect() as conn:
        return {c["name"] for c in sa.inspect(conn).get_columns(table)}


def _index_names(conn: sa.Connection, table: str) -> set[str]:
    """The names of ``table``'s indexes (SQLite: of every table)."""
    if conn.dialect.name == "sqlite":
        return set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='index'").scalars())
    return set(conn.exec_driver_sql(
        "SELECT indexname FROM pg_indexes WHERE tablename = %(t)s AND schemaname = current_schema()", {"t": table}
    ).scalars())


def test_migration_8_fills_incident_spans_and_swaps_the_country_index(db_url):
    """A database at version 7 (incidents without span_days, searched by country): migration 8 fills the
    spans from the stored date ranges and replaces the country index by (country, event_date)."""
    from conflictwatch.store import schema as _s

    base = {"time_precision": 1, "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "", "actor2": "",
            "country": "Mali", "admin1": "", "location": "", "fatalities": 0, "n_events": 1, "n_sources": 1,
            "updated_at": "2024-01-01T00:00:00+00:00"}
    rows = [dict(base, id="CWIA", event_date="2023-03-01", date_end="2023-03-31"),
            dict(base, id="CWIB", event_date="2023-05-02", date_end=None),
            dict(base, id="CWIC", event_date=None, date_end=None)]
    with Store.open(db_url, migrations=MIGRATIONS[:7]) as store:
        with store.engine.begin() as conn:  # what version 7 left: no spans, the country index
            conn.execute(sa.insert(_s.incidents), rows)
            for index in ("ix_incidents_country_date", "ix_incidents_span"):
                conn.execute(sa.text(f"DROP INDEX IF EXISTS {index}"))
            conn.execute(sa.text("CREATE INDEX ix_incidents_country ON incidents (country)"))
            conn.execute(sa.text("ALTER TABLE incidents DROP COLUMN span_days"))
    assert "span_days" not in _columns_of(db_url)
    with Store.open(db_url) as store:
        assert store.stored_schema_version() == SCHEMA_VERSION >= 8
        with store.engine.connect() as conn:
            spans = dict(conn.execute(sa.select(_s.incidents.c.id, _s.incidents.c.span_days)).all())
            names = _index_names(conn, "incidents")
    assert spans == {"CWIA": 30, "CWIB": 0, "CWIC": None}
    assert {"ix_incidents_country_date", "ix_incidents_span"} <= names and "ix_incidents_country" not in names


def test_migration_9_dates_the_band_rows_and_swaps_the_bucket_index(db_url):
    """A database at version 8 (band rows without a day, searched by (band, bucket)): migration 9 adds the
    day, NULL for the rows stored before (undated: compared with every document, as before), and
    replaces the index."""
    from conflictwatch.store import schema as _s

    docs = [{"id": "d1", "uri": "test:d1", "stored_at": "2024-01-01T00:00:00+00:00", "published": "2023-04-05"},
            {"id": "d2", "uri": "test:d2", "stored_at": "2024-01-01T00:00:00+00:00", "published": None}]
    with Store.open(db_url, migrations=MIGRATIONS[:8]) as store:
        with store.engine.begin() as conn:  # what version 8 left: no day, the (band, bucket) index
            conn.execute(sa.insert(_s.documents), docs)
            conn.execute(sa.text("DROP INDEX IF EXISTS ix_document_bands_bucket_day"))
            conn.execute(sa.text("ALTER TABLE document_bands DROP COLUMN day"))
            conn.execute(sa.text("CREATE INDEX ix_document_bands_bucket ON document_bands (band, bucket)"))
            for d in ("d1", "d2"):
                for band in (0, 1):
                    conn.execute(sa.text("INSERT INTO document_bands (doc_id, band, bucket) VALUES (:d, :b, 'k')"),
                                 {"d": d, "b": band})
    assert "day" not in _columns_of(db_url, "document_bands", version=8)
    with Store.open(db_url) as store:
        assert store.stored_schema_version() == SCHEMA_VERSION >= 9
        with store.engine.connect() as conn:
            days = set(conn.execute(sa.select(_s.document_bands.c.doc_id, _s.document_bands.c.day)).all())
            names = _index_names(conn, "document_bands")
    assert days == {("d1", None), ("d2", None)}
    assert "ix_document_bands_bucket_day" in names and "ix_document_bands_bucket" not in names


def test_migration_10_adds_the_incident_revision_null_for_rows_stored_before(db_url):
    """A database at version 9: migration 10 adds incidents.revision, NULL for the rows already there
    (so members kept in memory are never taken for them); a row written afterwards gets one."""
    from conflictwatch.store import incidents as q

    base = {"time_precision": 1, "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "", "actor2": "",
            "country": "Mali", "admin1": "", "location": "", "fatalities": 0, "n_events": 1, "n_sources": 1,
            "updated_at": "2024-01-01T00:00:00+00:00", "event_date": "2023-03-01"}
    with Store.open(db_url, migrations=MIGRATIONS[:9]) as store:
        with store.engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE incidents DROP COLUMN revision"))
            columns = ", ".join(dict(base, id="CWIA"))
            values = ", ".join(f":{k}" for k in dict(base, id="CWIA"))
            conn.execute(sa.text(f"INSERT INTO incidents ({columns}) VALUES ({values})"), dict(base, id="CWIA"))
    assert "revision" not in _columns_of(db_url, "incidents", version=9)
    with Store.open(db_url) as store:
        assert store.stored_schema_version() == SCHEMA_VERSION >= 10
        with q.writing(store) as conn:
            q.upsert_incident(conn, dict(base, id="CWIB"))
            revisions = q.incident_revisions(conn, ["CWIA", "CWIB"])
    assert revisions["CWIA"] is None and isinstance(revisions["CWIB"], int)
