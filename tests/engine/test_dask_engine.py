"""The Dask engine: same events as the local engine, restartable, models built once per worker."""

from __future__ import annotations

from conflictwatch.engine.dask_engine import PipelinePlugin, extract_batch, run_dask
from conflictwatch.store import Store
from conflictwatch.workflow import default_pipeline, run
from tests.engine.conftest import DISPATCHES


def _events(store: Store) -> list[dict]:
    """Every stored event as a dict, without ``timestamp`` (the wall-clock second it was coded)."""
    out = []
    for event in store.iter_events():
        data = event.to_dict()
        del data["timestamp"]
        out.append(data)
    return sorted(out, key=lambda d: d["event_id_cnty"])


def test_dask_engine_stores_the_same_events_as_the_local_engine(tmp_path, corpus, dask_client):
    with Store.open(tmp_path / "local.db") as local:
        local_summary = run([corpus], local, default_pipeline())
        expected = _events(local)
    with Store.open(tmp_path / "dask.db") as store:
        summary = run_dask([corpus], store, client=dask_client, batch_size=2)
        got = _events(store)
        assert store.count_documents(status="processed") == local_summary.processed
    assert summary.documents == local_summary.documents >= len(DISPATCHES)
    assert summary.processed == local_summary.processed
    assert summary.events == local_summary.events == len(expected)
    assert expected, "the corpus must produce events for the comparison to mean anything"
    assert got == expected


def test_dask_engine_is_restartable(tmp_path, corpus, dask_client):
    db = tmp_path / "cw.db"
    # a first run that stopped after some documents: only two files of the corpus were there
    first = tmp_path / "first"
    first.mkdir()
    for name in ("djibo.txt", "menaka.txt"):
        (first / name).write_bytes((corpus / name).read_bytes())
    with Store.open(db) as store:
        s1 = run_dask([first], store, client=dask_client, batch_size=1)
        assert s1.processed == 2
        s2 = run_dask([corpus], store, client=dask_client, batch_size=1)
        assert s2.skipped == 2
        assert s2.processed == s2.documents - 2
        events_after = _events(store)
        s3 = run_dask([corpus], store, client=dask_client)
        assert s3.processed == 0 and s3.skipped == s3.documents
        assert _events(store) == events_after
        ids = [e["event_id_cnty"] for e in events_after]
        assert len(ids) == len(set(ids))


def test_each_worker_builds_its_pipeline_once(dask_client):
    dask_client.register_plugin(PipelinePlugin(), name="conflictwatch-pipeline")

    def pipeline_id() -> int:
        from conflictwatch.engine.dask_engine import _worker_pipeline

        return id(_worker_pipeline())

    workers = list(dask_client.scheduler_info()["workers"])

    def on_each() -> dict[str, int]:
        futures = {w: dask_client.submit(pipeline_id, workers=[w], pure=False) for w in workers}
        return {w: f.result() for w, f in futures.items()}

    per_worker = on_each()
    again = on_each()
    assert len(per_worker) == 2
    assert per_worker == again  # the same object on each worker across tasks
    assert len(set(per_worker.values())) == 2  # one pipeline per worker, not shared between them


def test_extract_batch_outside_a_worker_returns_one_result_per_document(corpus):
    from conflictwatch.sources import iter_sources

    raws = [r for r in iter_sources([corpus / "djibo.txt", corpus / "gao.txt"])]
    results = extract_batch(raws)
    assert [doc.id for doc, _ in results] == [r.id for r in raws]
    assert [extraction.document.id for _, extraction in results] == [r.id for r in raws]


def test_run_cli_with_the_dask_engine(tmp_path, corpus):
    from click.testing import CliRunner

    from conflictwatch.cli.run import run_cli

    db = tmp_path / "cli.db"
    result = CliRunner().invoke(run_cli, [str(corpus), "--db", str(db), "--engine", "dask", "--workers", "2",
                                          "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "processed:" in result.output
    with Store.open(db) as store:
        assert store.count_documents(status="processed") >= 5
        assert store.count_events() > 0
    again = CliRunner().invoke(run_cli, [str(corpus), "--db", str(db), "--engine", "dask", "--no-progress"])
    assert again.exit_code == 0, again.output
    assert "processed: 0" in again.output


def test_scheduler_needs_the_dask_engine(tmp_path):
    from click.testing import CliRunner

    from conflictwatch.cli.run import run_cli

    result = CliRunner().invoke(run_cli, ["--db", str(tmp_path / "x.db"), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code != 0
    assert "--engine dask" in result.output
