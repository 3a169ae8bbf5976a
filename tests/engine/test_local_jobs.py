"""``run(..., jobs=2)``: child processes extract ahead, the database ends up as with one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from conflictwatch import workflow
from conflictwatch.store import Store
from conflictwatch.workflow import default_pipeline, run

pytestmark = pytest.mark.skipif(not workflow._can_fork(), reason="jobs > 1 needs the fork start method")


def _add_copy(corpus: Path) -> None:
    """A republished copy of the long bundled article: a new first line, the rest the same."""
    text = (corpus / "sahel-affiliates-newshawk.txt").read_text(encoding="utf-8")
    (corpus / "zz-republished.txt").write_text("Republished with permission of the original outlet.\n" + text,
                                               encoding="utf-8")


def _snapshot(store: Store) -> dict[str, list]:
    """What a run decides, without wall-clock columns: events, document statuses, incidents, signatures."""
    with store.engine.connect() as conn:
        events = [dict(r._mapping) for r in conn.execute(sa.text("select * from events order by event_id_cnty"))]
        for row in events:
            row.pop("timestamp", None)
        return {
            "events": events,
            "documents": [tuple(r) for r in conn.execute(sa.text("select id, status from documents order by id"))],
            "members": [tuple(r) for r in conn.execute(sa.text(
                "select event_id, incident_id, how, score from incident_events order by event_id"))],
            "decisions": [tuple(r) for r in conn.execute(sa.text(
                "select event_id, incident_id, action, score, features from dedup_decisions order by event_id, id"))],
            "signatures": [tuple(r) for r in conn.execute(sa.text(
                "select doc_id, copy_of, similarity from document_signatures order by doc_id"))],
        }


def _run(db: Path, corpus: Path, jobs: int):
    with Store.open(db) as store:
        summary = run([corpus], store, default_pipeline(), jobs=jobs)
        return summary, _snapshot(store)


def test_two_jobs_store_what_one_job_stores(tmp_path, corpus):
    _add_copy(corpus)
    one, expected = _run(tmp_path / "one.db", corpus, 1)
    two, got = _run(tmp_path / "two.db", corpus, 2)
    assert one.copies == 1, "the republished article must be recognised as a copy for the test to mean anything"
    assert (two.documents, two.processed, two.copies, two.events, two.facts) == (
        one.documents, one.processed, one.copies, one.events, one.facts)
    assert expected["events"] and expected["members"]
    assert got == expected


def test_two_jobs_rerun_adds_nothing_and_resumes(tmp_path, corpus):
    db = tmp_path / "cw.db"
    first = tmp_path / "first"
    first.mkdir()
    (first / "djibo.txt").write_bytes((corpus / "djibo.txt").read_bytes())
    with Store.open(db) as store:
        assert run([first], store, default_pipeline(), jobs=2).processed == 1
        again = run([corpus], store, default_pipeline(), jobs=2)
        assert again.skipped == 1 and again.processed == again.documents - 1
        before = store.count_events()
        third = run([corpus], store, default_pipeline(), jobs=2)
        assert third.processed == 0 and third.skipped == third.documents
        assert store.count_events() == before


def _die(raw):
    """An extraction child that dies, as the kernel's out-of-memory killer would leave it."""
    os._exit(9)


def test_a_dead_extraction_process_does_not_lose_documents(tmp_path, corpus, monkeypatch, caplog):
    one, expected = _run(tmp_path / "one.db", corpus, 1)
    monkeypatch.setattr(workflow, "_child_extract", _die)  # inherited by the forked child
    two, got = _run(tmp_path / "two.db", corpus, 2)
    assert (two.processed, two.failed, two.events) == (one.processed, one.failed, one.events)
    assert got["events"] == expected["events"]
    assert "extraction process failed" in caplog.text


def _slow_child(raw):
    """A child much slower than this process: it extracts, after a pause."""
    import time

    time.sleep(0.5)
    return workflow.clean_and_extract(raw, workflow._child_nlp)


def test_this_process_takes_back_documents_a_slow_child_has_not_started(tmp_path, corpus, monkeypatch):
    _add_copy(corpus)
    one, expected = _run(tmp_path / "one.db", corpus, 1)
    monkeypatch.setattr(workflow, "_child_extract", _slow_child)  # inherited by the forked child
    here: list[str] = []
    extract_here = workflow.clean_and_extract

    def counted(raw, nlp=None):
        here.append(raw.uri)
        return extract_here(raw, nlp)

    monkeypatch.setattr(workflow, "clean_and_extract", counted)  # only this process calls it directly
    two, got = _run(tmp_path / "two.db", corpus, 2)
    n_docs = len(expected["documents"])
    assert 0 < len(here) < n_docs, "this process must extract some documents, the child the others"
    assert (two.processed, two.copies, two.events) == (one.processed, one.copies, one.events)
    assert got == expected


def test_jobs_must_be_positive(tmp_path, corpus):
    with Store.open(tmp_path / "x.db") as store, pytest.raises(ValueError, match="jobs=0"):
        run([corpus], store, default_pipeline(), jobs=0)


def test_the_dask_engine_attaches_copies_like_the_local_engine(tmp_path, corpus, dask_client):
    from conflictwatch.engine.dask_engine import run_dask

    _add_copy(corpus)
    one, expected = _run(tmp_path / "one.db", corpus, 1)
    with Store.open(tmp_path / "dask.db") as store:
        # batch_size=64: one task, results stored in input order, so the original is saved before its copy
        got = run_dask([corpus], store, client=dask_client, batch_size=64)
        events = _snapshot(store)["events"]
    assert one.copies == got.copies == 1
    assert events == expected["events"]


def test_run_cli_takes_jobs(tmp_path, corpus):
    from click.testing import CliRunner

    from conflictwatch.cli.run import run_cli

    db = tmp_path / "cli.db"
    result = CliRunner().invoke(run_cli, [str(corpus), "--db", str(db), "--jobs", "2", "--no-progress"])
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        assert store.count_events() > 0
    bad = CliRunner().invoke(run_cli, [str(corpus), "--db", str(db), "--jobs", "2", "--engine", "dask"])
    assert bad.exit_code != 0 and "--jobs is for the local engine" in bad.output
