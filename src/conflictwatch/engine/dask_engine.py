"""Run a corpus on a Dask cluster: workers extract, the client writes (one writer).

    from conflictwatch.engine.dask_engine import run_dask
    with Store.open(url) as store:
        summary = run_dask(["corpus/"], store, scheduler="tcp://10.0.0.5:8786")

How it works:

* The client reads the sources (files, feeds, WARCs: the same readers as the local engine), stores
  each raw document (``put_raw``) and skips those this pipeline version already processed: a run that
  was stopped starts again where it left off.
* Unprocessed documents go to the workers in batches (``batch_size`` documents per task, at most
  ``2 x workers`` tasks in flight, so memory stays bounded on both sides).  Every worker builds the
  pipeline once (:class:`PipelinePlugin`, registered on the cluster) and reuses it for every batch.
* Results come back to the client, which writes them through the store as they arrive, with the local
  engine's decisions (``workflow.ingest_cleaned``: a near-duplicate copy of a saved document is
  attached to its incidents, not saved again): the store keeps a single writer (no lock contention from many workers, no database credentials on the
  workers), and the dedup hook links the saved documents in groups exactly as in the local engine.
* The same inputs give the same events as ``conflictwatch.workflow.run`` (extraction is per document
  and deterministic); only the order in which documents are saved differs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Optional, Union

import distributed
from distributed.diagnostics.plugin import WorkerPlugin

from conflictwatch.errors import ConflictwatchError
from conflictwatch.records import Document, Extraction, RawDocument, Rejected
from conflictwatch.workflow import PendingLinks, RunSummary, ingest_cleaned, store_result, stored_sources

__all__ = ["run_dask", "PipelinePlugin", "extract_batch", "pipeline_version", "DaskEngineError", "open_client"]

log = logging.getLogger(__name__)

_ATTR = "_conflictwatch_pipeline"  # attribute of a dask Worker holding its pipeline
PLUGIN_NAME = "conflictwatch-pipeline"


class DaskEngineError(ConflictwatchError):
    """The Dask engine could not start (no dask installed, scheduler unreachable)."""


def _worker_pipeline() -> Any:
    """This worker's pipeline, built on first use (the plugin builds it at worker start)."""
    from conflictwatch.pipeline import build_pipeline

    try:
        worker = distributed.get_worker()
    except ValueError:  # not on a worker (e.g. dask's synchronous scheduler): one per process
        from conflictwatch.workflow import default_pipeline

        return default_pipeline()
    nlp = getattr(worker, _ATTR, None)
    if nlp is None:
        nlp = build_pipeline()
        setattr(worker, _ATTR, nlp)
    return nlp


class PipelinePlugin(WorkerPlugin):
    """Worker plugin: build the extraction pipeline (models, gazetteer, knowledge) once per worker."""

    name = PLUGIN_NAME

    def setup(self, worker: Any) -> None:
        from conflictwatch.pipeline import build_pipeline

        if getattr(worker, _ATTR, None) is None:
            setattr(worker, _ATTR, build_pipeline())

    def teardown(self, worker: Any) -> None:
        if hasattr(worker, _ATTR):
            delattr(worker, _ATTR)


def pipeline_version() -> str:
    """The versioned name of the pipeline on this worker (what ``is_processed`` checks)."""
    return _worker_pipeline().version


def extract_batch(raws: Sequence[RawDocument]) -> list[tuple[Union[Document, Rejected], Union[Extraction, Rejected]]]:
    """Task run on a worker: clean and extract every document of the batch (``workflow.clean_and_extract``:
    the cleaned document, for the client's near-duplicate check, and the extraction; failures come
    back as Rejected)."""
    from conflictwatch.workflow import clean_and_extract

    nlp = _worker_pipeline()
    return [clean_and_extract(raw, nlp) for raw in raws]


def open_client(scheduler: Optional[str] = None, workers: int = 2, *, processes: bool = True) -> Any:
    """A Dask client: connected to ``scheduler`` (``tcp://host:8786``) or to a new local cluster of
    ``workers`` single-threaded workers.  Close it (and its cluster) with ``client.close()``."""
    try:
        if scheduler:
            return distributed.Client(scheduler, timeout="30s")
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                                           dashboard_address=None)
        client = distributed.Client(cluster)
        client._conflictwatch_owns_cluster = cluster  # closed by _close_client
        return client
    except (OSError, TimeoutError) as exc:
        raise DaskEngineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from exc


def _close_client(client: Any) -> None:
    cluster = getattr(client, "_conflictwatch_owns_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def _batches(items: Iterator[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_dask(
    paths: Iterable[Union[str, Path]],
    store: Any,
    *,
    scheduler: Optional[str] = None,
    workers: int = 2,
    client: Any = None,
    batch_size: int = 16,
    link_incidents: bool = True,
    on_document: Optional[Callable[[str], None]] = None,
) -> RunSummary:
    """Ingest -> extract on Dask workers -> store (from this process).  See the module docstring.

    ``client``: an existing ``distributed.Client`` (left open); else one is opened on ``scheduler``
    or on a local cluster of ``workers`` processes, and closed at the end.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size={batch_size}: must be at least 1")
    own = client is None
    if own:
        client = open_client(scheduler, workers)
    summary = RunSummary()
    try:
        client.register_plugin(PipelinePlugin(), name=PLUGIN_NAME)
        version = client.submit(pipeline_version, pure=False).result()
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        max_in_flight = 2 * n_workers

        def pending() -> Iterator[RawDocument]:
            for item in stored_sources(paths, store, summary, on_document):
                if store.is_processed(item.id, version):
                    summary.skipped += 1
                    if on_document:
                        on_document(item.uri)
                    continue
                yield item

        batches = _batches(pending(), batch_size)
        in_flight: dict[Any, list[RawDocument]] = {}
        done = distributed.as_completed()

        def submit_next() -> bool:
            batch = next(batches, None)
            if batch is None:
                return False
            future = client.submit(extract_batch, batch, pure=False)
            in_flight[future] = batch
            done.add(future)
            return True

        while len(in_flight) < max_in_flight and submit_next():
            pass
        pending = PendingLinks(store)
        for future in done:
            batch = in_flight.pop(future)
            results = future.result()
            future.release()
            for raw, (doc, result) in zip(batch, results):
                if link_incidents:  # the local engine's decisions: skipped, near-duplicate copy, or saved
                    outcome = ingest_cleaned(store, raw, doc, result, version, pending)
                else:
                    outcome = store_result(store, raw, result, version, link=False)
                summary.add(outcome)
                if on_document:
                    on_document(raw.uri)
            while len(in_flight) < max_in_flight and submit_next():
                pass
        pending.flush()
    finally:
        if own:
            _close_client(client)
    return summary
