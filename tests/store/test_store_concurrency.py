"""Concurrent writers: a feed watcher, an analyst and a batch run at once, on every backend.

No lost updates (read-then-write transactions are serialized: BEGIN IMMEDIATE on SQLite, an
advisory lock on PostgreSQL), no duplicate documents or events (ON CONFLICT, per-document
replacement), and transient busy errors are retried.  Threads and processes, bounded in time.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable

import sqlalchemy as sa

from conflictwatch.records import RawDocument
from conflictwatch.store import Store
from conflictwatch.store import schema as _s
from conflictwatch.store.review import Review
from tests.store.conftest import make_event, make_extraction, make_raw

TIMEOUT = 120  # seconds any thread or process may take before the test fails


def _raw(n: int) -> RawDocument:
    return make_raw(f"Report {n}: gunmen attacked a village near Djibo on Sunday, killing {n} civilians.",
                    uri=f"file:///feed/item-{n}.txt")


def _run_threads(targets: list[Callable[[], None]]) -> None:
    errors: list[BaseException] = []

    def wrap(fn: Callable[[], None]) -> Callable[[], None]:
        def inner() -> None:
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread below
                errors.append(exc)
        return inner

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
        assert not t.is_alive(), "a writer thread did not finish in time"
    if errors:
        raise errors[0]


def _bump(store: Store, doc_id: str) -> None:
    """A read-then-write transaction: read a counter, write it back plus one."""
    d = _s.documents

    def work(conn: sa.Connection) -> None:
        value = conn.execute(sa.select(d.c.removed_lines).where(d.c.id == doc_id)).scalar() or 0
        conn.execute(sa.update(d).where(d.c.id == doc_id).values(removed_lines=value + 1))

    store.write(work)


def test_read_then_write_transactions_lose_no_update(db_url):
    with Store.open(db_url) as setup:
        raw = _raw(0)
        setup.put_raw(raw)
    stores = [Store.open(db_url) for _ in range(4)]
    try:
        _run_threads([lambda s=s: [_bump(s, raw.id) for _ in range(25)] for s in stores])
        with stores[0].engine.connect() as conn:
            value = conn.execute(sa.select(_s.documents.c.removed_lines).where(_s.documents.c.id == raw.id)).scalar()
        assert value == 4 * 25
    finally:
        for s in stores:
            s.close()


def test_same_document_from_many_writers_is_stored_once(db_url):
    raw = _raw(1)
    stores = [Store.open(db_url) for _ in range(4)]
    results: list[bool] = []
    try:
        _run_threads([lambda s=s: results.append(s.put_raw(raw)) for s in stores])
        assert sorted(results) == [False, False, False, True]
        assert stores[0].count_documents() == 1
    finally:
        for s in stores:
            s.close()


def test_watcher_analyst_and_batch_run_at_once(db_url):
    docs = [_raw(n) for n in range(12)]
    extractions = [make_extraction(r, events=(make_event(r.id, 1), make_event(r.id, 2, fatalities=3))) for r in docs]
    with Store.open(db_url) as setup:  # a first batch already stored the first four documents
        for r, ex in zip(docs[:4], extractions[:4]):
            setup.put_raw(r)
            setup.save_extraction(ex, "conflictwatch.events.v1")
    reviewed = [ex.events[0].event_id_cnty for ex in extractions[:4]]
    watcher, analyst_store, batch = (Store.open(db_url) for _ in range(3))

    def watch() -> None:  # new feed items arrive and are processed one by one
        for r, ex in zip(docs, extractions):
            watcher.put_raw(r)
            watcher.save_extraction(ex, "conflictwatch.events.v1")

    def review() -> None:  # an analyst corrects and confirms events of the first batch
        rv = Review(analyst_store)
        for round_ in range(3):
            for event_id in reviewed:
                rv.correct(event_id, "fatalities", 20 + round_, by="amina", reason="hospital figure")
                rv.confirm(event_id, by="amina")

    def rerun() -> None:  # a batch run re-extracts every document, overlapping the watcher
        for r, ex in zip(reversed(docs), reversed(extractions)):
            batch.put_raw(r)
            batch.save_extraction(ex, "conflictwatch.events.v1")

    try:
        _run_threads([watch, review, rerun])
        with Store.open(db_url) as check:
            assert check.count_documents() == len(docs)
            assert check.count_documents("processed") == len(docs)
            ids = [e.event_id_cnty for e in check.iter_events()]
            assert len(ids) == len(set(ids)) == 2 * len(docs)
            rv = Review(check)
            # every correction is kept and audited; the last one wins
            assert {k: v["fatalities"] for k, v in rv.overrides(reviewed).items()} == {k: 22 for k in reviewed}
            audit = rv.audit(limit=10_000)
            corrections = [a for a in audit if a["action"] == "correct"]
            assert len(corrections) == 3 * len(reviewed)
            # no lost update in the audit trail: each correction saw the previous one as "before"
            for event_id in reviewed:
                befores = sorted(a["before"] for a in corrections if a["event_id"] == event_id)
                assert befores == [12, 20, 21]
            assert all(v["status"] == "confirmed" for v in rv.status(reviewed).values())
    finally:
        for s in (watcher, analyst_store, batch):
            s.close()


def _process_writer(url: str, worker: int, n_docs: int) -> None:
    with Store.open(url) as store:
        for n in range(n_docs):  # every process writes every document: heavy overlap
            r = _raw(n)
            store.put_raw(r)
            store.save_extraction(make_extraction(r, events=(make_event(r.id, 1),)), "conflictwatch.events.v1")
            _bump(store, _raw(99).id)  # a counter no extraction rewrites


def test_writer_processes_do_not_collide(db_url):
    with Store.open(db_url) as setup:
        setup.put_raw(_raw(99))
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_process_writer, args=(db_url, w, 8)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(TIMEOUT)
    alive = [p for p in procs if p.is_alive()]
    for p in alive:
        p.kill()
    assert not alive, "a writer process did not finish in time"
    assert [p.exitcode for p in procs] == [0, 0, 0]
    with Store.open(db_url) as check:
        assert check.count_documents() == 8 + 1
        assert check.count_events() == 8
        assert check.failures() == []
        with check.engine.connect() as conn:
            bumps = conn.execute(sa.select(_s.documents.c.removed_lines).where(_s.documents.c.id == _raw(99).id)).scalar()
        assert bumps == 3 * 8


def test_transient_errors_are_retried_then_raised(db_url):
    from conflictwatch.store import database

    calls = {"n": 0}

    class Busy(Exception):
        sqlstate = "40P01"

    def flaky(conn: sa.Connection) -> str:
        calls["n"] += 1
        if calls["n"] < 3:
            raise sa.exc.OperationalError("SELECT 1", {}, Busy("deadlock detected"))
        return "done"

    with Store.open(db_url) as store:
        assert store.write(flaky) == "done"
        assert calls["n"] == 3

        def always(conn: sa.Connection) -> None:
            raise sa.exc.OperationalError("SELECT 1", {}, Busy("deadlock detected"))

        try:
            store.write(always, retries=2)
        except sa.exc.OperationalError:
            pass
        else:
            raise AssertionError("a persistent error must propagate")

        def not_transient(conn: sa.Connection) -> None:
            calls["n"] += 1
            raise sa.exc.IntegrityError("INSERT", {}, Exception("duplicate key"))

        calls["n"] = 0
        try:
            store.write(not_transient)
        except sa.exc.IntegrityError:
            assert calls["n"] == 1
        assert database.WRITE_RETRIES >= 3

