"""Saving extractions: transactions, idempotence, replacement, round trips, filters."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from conflictwatch.errors import StoreError
from conflictwatch.store import Store
from conflictwatch.store import rows as store_rows


def _table_counts(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar()
            for t in ("documents", "sources_seen", "events", "evidence", "facts", "failures")
        }


@pytest.fixture
def saved(store, raw_doc, event_factory, extraction_factory, fact_factory):
    """A stored document with two events and one fact, saved by extractor v1."""
    raw = raw_doc()
    store.put_raw(raw)
    events = (event_factory(raw.id, 1), event_factory(raw.id, 2, event_date="2021-02-27", admin1="Gao"))
    ex = extraction_factory(raw, events=events, facts=(fact_factory(raw.id),))
    assert store.save_extraction(ex, "conflictwatch.v1") == 2
    return raw, ex


def test_save_marks_document_processed_with_text_and_metadata(store, saved):
    raw, ex = saved
    row = store.get_document(raw.id)
    assert row["status"] == "processed"
    assert row["extractor"] == "conflictwatch.v1"
    assert row["text"] == ex.document.text
    assert row["published"] == "2021-03-03"
    assert row["published_json"] == ex.document.published.to_dict()
    assert row["raw"] == raw.raw  # the raw bytes are kept
    assert store.load_document(raw.id) == ex.document
    assert store.is_processed(raw.id, "conflictwatch.v1")
    assert not store.is_processed(raw.id, "conflictwatch.v2")
    assert not store.is_processed("0" * 64, "conflictwatch.v1")


def test_saving_the_same_extraction_twice_adds_nothing(store, saved):
    raw, ex = saved
    before = _table_counts(store)
    assert store.save_extraction(ex, "conflictwatch.v1") == 2
    assert _table_counts(store) == before
    assert before["events"] == 2 and before["evidence"] == 4 and before["facts"] == 1


def test_resave_replaces_the_previous_output(store, saved, event_factory, extraction_factory):
    raw, _ = saved
    new_event = event_factory(
        raw.id, 9, event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance"
    )
    ex2 = extraction_factory(raw, events=(new_event,), title="Updated title")
    assert store.save_extraction(ex2, "conflictwatch.v2") == 1
    assert [e.event_id_cnty for e in store.iter_events()] == [new_event.event_id_cnty]
    assert list(store.iter_facts()) == []
    assert _table_counts(store)["evidence"] == 2
    assert store.is_processed(raw.id, "conflictwatch.v2")
    assert not store.is_processed(raw.id, "conflictwatch.v1")
    assert store.get_document(raw.id)["title"] == "Updated title"


def test_crash_inside_save_leaves_previous_state(
    store, saved, event_factory, extraction_factory, fact_factory, monkeypatch
):
    raw, ex = saved
    before_counts = _table_counts(store)
    before_events = [e.to_dict() for e in store.iter_events()]
    before_doc = store.get_document(raw.id)

    def explode(fact, seq):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_rows, "fact_to_row", explode)
    ex2 = extraction_factory(raw, events=(event_factory(raw.id, 7),), facts=(fact_factory(raw.id, 3),), title="New")
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_extraction(ex2, "conflictwatch.v2")

    assert _table_counts(store) == before_counts
    assert [e.to_dict() for e in store.iter_events()] == before_events
    assert store.get_document(raw.id) == before_doc
    assert store.is_processed(raw.id, "conflictwatch.v1")


def test_database_error_mid_save_rolls_back(store, saved, event_factory, extraction_factory, fact_factory):
    raw, _ = saved
    before_counts = _table_counts(store)
    before_events = [e.to_dict() for e in store.iter_events()]
    bad_fact = fact_factory(raw.id, 4, kind=None)  # NOT NULL violation at the last insert
    ex2 = extraction_factory(raw, events=(event_factory(raw.id, 8),), facts=(bad_fact,))
    with pytest.raises(StoreError, match=raw.id):
        store.save_extraction(ex2, "conflictwatch.v2")
    assert _table_counts(store) == before_counts
    assert [e.to_dict() for e in store.iter_events()] == before_events


def test_event_round_trip_is_exact(store, raw_doc, event_factory, extraction_factory):
    raw = raw_doc()
    events = (
        event_factory(raw.id, 1),
        event_factory(
            raw.id,
            2,
            event_date=None,
            year=None,
            latitude=None,
            longitude=None,
            geo_precision=None,
            inter1=None,
            iso=None,
            fatalities_low=None,
            fatalities_high=None,
            year_inferred=False,
            date_end=None,
            confidence={},
            evidence=(),
            notes="Des hommes armés ont enlevé trois civils à Ménaka — « selon des sources locales ».",
        ),
    )
    store.save_extraction(extraction_factory(raw, events=events), "conflictwatch.v1")
    back = {e.event_id_cnty: e for e in store.iter_events()}
    for original in events:
        assert back[original.event_id_cnty].to_dict() == original.to_dict()
        assert back[original.event_id_cnty] == original
    # evidence order is the order of Event.evidence
    assert [ev.field for ev in back[events[0].event_id_cnty].evidence] == ["actor1", "fatalities"]


def test_fact_round_trip_is_exact(store, raw_doc, extraction_factory, fact_factory):
    raw = raw_doc()
    facts = (fact_factory(raw.id, 2), fact_factory(raw.id, 1, kind="relation", value=None, relation="rivalry"))
    store.save_extraction(extraction_factory(raw, facts=facts), "conflictwatch.v1")
    assert list(store.iter_facts()) == list(facts)  # extraction order kept
    assert list(store.iter_facts(doc_id=raw.id)) == list(facts)
    assert list(store.iter_facts(doc_id="0" * 64)) == []
    assert store.count_facts(raw.id) == 2


def test_save_without_raw_creates_the_document_then_put_raw_fills_bytes(
    store, raw_doc, extraction_factory, event_factory
):
    raw = raw_doc()
    store.save_extraction(extraction_factory(raw, events=(event_factory(raw.id),)), "conflictwatch.v1")
    assert store.get_document(raw.id)["raw"] is None
    assert store.put_raw(raw) is False  # already known
    row = store.get_document(raw.id)
    assert row["raw"] == raw.raw
    assert row["status"] == "processed"


def test_event_of_another_document_is_refused(store, raw_doc, event_factory, extraction_factory):
    a = raw_doc(body="first report")
    b = raw_doc(body="second report")
    with pytest.raises(StoreError, match="belongs to document"):
        store.save_extraction(extraction_factory(a, events=(event_factory(b.id),)), "v1")
    store.save_extraction(extraction_factory(a, events=(event_factory(a.id, 1, event_id_cnty="MLI1"),)), "v1")
    with pytest.raises(StoreError, match="already stored for document"):
        store.save_extraction(extraction_factory(b, events=(event_factory(b.id, 1, event_id_cnty="MLI1"),)), "v1")
    with pytest.raises(StoreError, match="twice"):
        store.save_extraction(extraction_factory(b, events=(event_factory(b.id, 3), event_factory(b.id, 3))), "v1")
    assert store.count_events() == 1
    assert store.get_document(b.id) is None


@pytest.fixture
def many(store, raw_doc, event_factory, extraction_factory):
    a = raw_doc(body="report A")
    b = raw_doc(body="report B")
    store.save_extraction(
        extraction_factory(
            a,
            events=(
                event_factory(a.id, 1, event_date="2021-03-02"),
                event_factory(a.id, 2, event_date=None, year=None),
                event_factory(
                    a.id,
                    3,
                    event_date="2020-12-31",
                    admin1="Gao",
                    event_type="Explosions/Remote violence",
                    sub_event_type="Remote explosive/landmine/IED",
                ),
            ),
        ),
        "v1",
    )
    store.save_extraction(
        extraction_factory(
            b,
            events=(
                event_factory(
                    b.id,
                    1,
                    event_date="2021-01-15",
                    country="Burkina Faso",
                    iso=854,
                    admin1="Sahel",
                    event_type="Violence against civilians",
                    sub_event_type="Attack",
                ),
                event_factory(b.id, 2, event_date="2021-03-02", country="Niger", iso=562, admin1="Tillaberi"),
            ),
        ),
        "v1",
    )
    return a, b


def _ids(events):
    return [(e.event_date, e.country, e.admin1) for e in events]


def test_events_are_ordered_by_date_then_id_undated_last(store, many):
    events = list(store.iter_events())
    dates = [e.event_date for e in events]
    assert dates == ["2020-12-31", "2021-01-15", "2021-03-02", "2021-03-02", None]
    same_day = [e.event_id_cnty for e in events if e.event_date == "2021-03-02"]
    assert same_day == sorted(same_day)


def test_event_filters(store, many):
    a, b = many
    assert _ids(store.iter_events(country="Burkina Faso")) == [("2021-01-15", "Burkina Faso", "Sahel")]
    assert _ids(store.iter_events(iso=562)) == [("2021-03-02", "Niger", "Tillaberi")]
    assert _ids(store.iter_events(admin1="Gao")) == [("2020-12-31", "Mali", "Gao")]
    assert len(list(store.iter_events(event_type="Battles"))) == 3
    assert len(list(store.iter_events(sub_event_type="Attack"))) == 1
    assert len(list(store.iter_events(doc_id=a.id))) == 3
    assert [e.event_date for e in store.iter_events(date_from="2021-01-01")] == [
        "2021-01-15",
        "2021-03-02",
        "2021-03-02",
    ]
    assert [e.event_date for e in store.iter_events(date_to="2021-01-15")] == ["2020-12-31", "2021-01-15"]
    assert [e.event_date for e in store.iter_events(date_from="2021-01-15", date_to="2021-01-15")] == ["2021-01-15"]
    assert len(list(store.iter_events(country="Mali", date_from="2021-01-01", event_type="Battles"))) == 1
    assert store.count_events() == 5
    assert store.count_events(country="Mali") == 3
    assert store.count_events(doc_id=b.id, date_to="2021-02-01") == 1
    assert list(store.iter_events(country="Chad")) == []


def test_bad_date_filter_is_an_error(store, many):
    with pytest.raises(ValueError, match="date_from"):
        store.iter_events(date_from="March 2021")


def test_iter_events_streams_more_than_one_batch(store, raw_doc, event_factory, extraction_factory):
    raw = raw_doc()
    events = tuple(event_factory(raw.id, n, event_date=f"2021-{1 + n % 12:02d}-01") for n in range(1, 1201))
    assert store.save_extraction(extraction_factory(raw, events=events), "v1") == 1200
    back = list(store.iter_events())
    assert len(back) == 1200
    assert all(len(e.evidence) == 2 for e in back)
    assert {e.event_id_cnty for e in back} == {e.event_id_cnty for e in events}


def test_iter_events_without_evidence_keeps_every_column(store, many):
    full = list(store.iter_events())
    bare = list(store.iter_events(evidence=False))
    assert any(e.evidence for e in full)  # the fixture's events carry evidence
    assert [e.replace(evidence=()) for e in full] == bare


def test_iter_events_reads_only_the_fields_asked_for(store, many):
    full = list(store.iter_events(country="Mali"))
    some = list(store.iter_events(country="Mali", fields=("admin1", "latitude")))
    assert [e.event_id_cnty for e in some] == [e.event_id_cnty for e in full]  # same order, same filter
    for f, s in zip(full, some):
        assert (s.admin1, s.latitude, s.event_date, s.event_type, s.actor1) == (
            f.admin1, f.latitude, f.event_date, f.event_type, f.actor1)  # asked for, and the required fields
        assert s.evidence == () and s.notes == "" and s.confidence == {}  # not read: defaults
    with pytest.raises(ValueError, match="nonsense"):
        list(store.iter_events(fields=("admin1", "nonsense")))


@pytest.mark.sqlite_file  # SQLite's statistics (PostgreSQL's: the next test)
def test_planner_statistics_follow_the_size_of_the_events_table(tmp_path):
    from conflictwatch.engine.bench import synthetic_events
    from conflictwatch.records import Document, Extraction

    def load(store, n, offset):
        events = next(synthetic_events(n, chunk=n))
        doc = Document(id=f"{offset:064x}", uri=f"synthetic:{offset}", text="synthetic")
        events = tuple(e.replace(event_id_cnty=f"SYN{offset + i}", doc_id=doc.id) for i, e in enumerate(events))
        store.save_extraction(Extraction(document=doc, events=events), "synthetic.v1")

    def counted(store):
        with store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl='events' LIMIT 1").scalar()

    with Store.open(tmp_path / "s.db") as store:
        assert store.refresh_statistics() is False  # empty: nothing worth measuring
        load(store, 1500, 0)
        assert store.refresh_statistics() is True
        first = int(counted(store).split()[0])
        assert first == 1500
        assert store.refresh_statistics() is False  # unchanged: not again
        load(store, 3000, 10_000)
    with Store.open(tmp_path / "s.db") as store:  # grown more than 2x: refreshed when opened
        assert int(counted(store).split()[0]) == 4500
        assert store.refresh_statistics() is False


@pytest.fixture
def pg_store():
    """A store on an emptied PostgreSQL database (the server of CONFLICTWATCH_TEST_PG_URL)."""
    from .conftest import PG_URL, _wipe_pg

    _wipe_pg(PG_URL)
    with Store.open(PG_URL) as opened:
        yield opened
    _wipe_pg(PG_URL)


@pytest.mark.skipif(not os.environ.get("CONFLICTWATCH_TEST_PG_URL"), reason="needs a PostgreSQL server")
def test_postgres_statistics_are_gathered_after_a_bulk_load(pg_store):
    """PostgreSQL: an import does not wait for autovacuum (a minute or more) to tell the planner the size."""
    from conflictwatch.engine.bench import synthetic_events
    from conflictwatch.records import Document, Extraction

    store = pg_store

    events = next(synthetic_events(1500, chunk=1500))
    doc = Document(id=f"{7:064x}", uri="synthetic:7", text="synthetic")
    events = tuple(e.replace(event_id_cnty=f"SYN{i}", doc_id=doc.id) for i, e in enumerate(events))
    store.save_extraction(Extraction(document=doc, events=events), "synthetic.v1")
    assert store.refresh_statistics(exact=True) is True
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE oid = 'events'::regclass").scalar() == 1500
    assert store.refresh_statistics(exact=True) is False  # unchanged: not again


def test_iter_event_rows_streams_plain_values_of_the_fields_asked_for(store, many):
    full = {e.event_id_cnty: e for e in store.iter_events(country="Mali")}
    rows = list(store.iter_event_rows(("event_id_cnty", "admin1", "latitude", "event_date"), country="Mali"))
    assert sorted(r[0] for r in rows) == sorted(full)
    for event_id, admin1, latitude, event_date in rows:
        assert (admin1, latitude, event_date) == (full[event_id].admin1, full[event_id].latitude,
                                                  full[event_id].event_date)
    with pytest.raises(ValueError, match="nonsense"):
        list(store.iter_event_rows(("admin1", "nonsense")))


def test_reviewed_pages_follow_date_then_id_with_undated_last(store, many, raw_doc, event_factory,
                                                              extraction_factory):
    from conflictwatch.store.event_query import EventFilter, query_events
    from conflictwatch.store.review import Review

    c = raw_doc(body="report C: two more undated events")
    store.save_extraction(extraction_factory(c, events=tuple(event_factory(c.id, n, event_date=None, year=None)
                                                             for n in (1, 2))), "v1")

    def pages(f, limit):
        out, cursor = [], None
        for _ in range(50):  # a cursor that does not advance fails here instead of looping
            page = query_events(store, f, limit=limit, cursor=cursor, with_total=True)
            out += [(e.event_date or "9999-99-99", e.event_id_cnty) for e in page.events]
            assert page.total == len(list(store.iter_events())) - rejected
            if not (cursor := page.next_cursor):
                return out
        raise AssertionError(f"pages never end: {out[-5:]}")

    everything = sorted((e.event_date or "9999-99-99", e.event_id_cnty) for e in store.iter_events())
    assert sum(d == "9999-99-99" for d, _ in everything) == 3  # pages must also walk among undated events
    rejected = 0
    for limit in (1, 2, 100):
        assert pages(EventFilter(), limit) == everything
    review = Review(store)
    gone = everything[1][1]
    review.reject(gone, by="t")
    rejected = 1
    expected = [k for k in everything if k[1] != gone]
    for limit in (1, 3):
        assert pages(EventFilter(), limit) == expected
    moved = expected[0][1]
    review.correct(moved, "event_date", "2030-01-01", by="t")  # a corrected date moves the event
    expected = sorted([k for k in expected if k[1] != moved] + [("2030-01-01", moved)])
    for limit in (1, 2, 100):
        assert pages(EventFilter(), limit) == expected
