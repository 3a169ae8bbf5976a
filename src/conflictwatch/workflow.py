"""The main jobs as importable functions: extract one document, run a corpus into the store.

The CLI (``conflictwatch.cli``) is a thin layer over these.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from conflictwatch.errors import ConflictwatchError, StoreError
from conflictwatch.pipeline import Pipeline, build_pipeline
from conflictwatch.records import Document, Extraction, RawDocument, Rejected

__all__ = [
    "default_pipeline",
    "extract_raw",
    "extract_safely",
    "iter_extractions",
    "RunSummary",
    "run",
    "store_if_copy",
    "ingest_one",
    "store_result",
    "clean_and_extract",
    "ingest_cleaned",
    "PendingLinks",
    "stored_sources",
    "Outcome",
    "bundled_examples",
]

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=2)
def default_pipeline() -> Pipeline:
    """The default English pipeline, built once per process (models and knowledge loaded once)."""
    return build_pipeline()


def extract_raw(
    raw: RawDocument, nlp: Optional[Pipeline] = None, doc: Union[Document, Rejected, None] = None
) -> Union[Extraction, Rejected]:
    """Clean one raw document (unless its cleaned ``doc`` is given) and extract events, facts and entities."""
    from conflictwatch.text import clean

    nlp = nlp or default_pipeline()
    if doc is None:
        doc = clean(raw)
    if isinstance(doc, Rejected):
        return doc
    return nlp(doc).extraction()


def iter_extractions(
    paths: Iterable[Union[str, Path]], nlp: Optional[Pipeline] = None
) -> Iterator[tuple[Optional[RawDocument], Union[Extraction, Rejected]]]:
    """Extract every document found under ``paths`` (files, directories, feeds, WARCs)."""
    from conflictwatch.sources import iter_sources

    nlp = nlp or default_pipeline()
    for item in iter_sources(paths):
        if isinstance(item, Rejected):
            yield None, item
            continue
        yield item, extract_safely(item, nlp)


def extract_safely(
    raw: RawDocument, nlp: Optional[Pipeline] = None, doc: Union[Document, Rejected, None] = None
) -> Union[Extraction, Rejected]:
    """Like :func:`extract_raw`, but any failure comes back as ``Rejected`` naming the input and the reason."""
    nlp = nlp or default_pipeline()
    try:
        return extract_raw(raw, nlp, doc)
    except ConflictwatchError as exc:
        return Rejected(raw.uri, str(exc), "extract", raw.id)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        # A bug or a hostile input must not stop a batch: record it with its type and go on.
        log.exception("extraction failed for %s", raw.uri)
        return Rejected(raw.uri, f"internal error while extracting ({type(exc).__name__}: {exc})", "extract", raw.id)


@dataclass
class RunSummary:
    documents: int = 0  # documents read from the sources
    new: int = 0  # stored for the first time
    processed: int = 0  # extracted this run
    skipped: int = 0  # already processed by this pipeline version
    failed: int = 0
    events: int = 0  # events stored by this run
    facts: int = 0
    failures: list[Rejected] = field(default_factory=list)
    copies: int = 0  # near-duplicate copies of processed documents: stored as sources, not extracted

    def add(self, outcome: Outcome) -> None:
        """Count one document's outcome."""
        if outcome.status == "skipped":
            self.skipped += 1
        elif outcome.status == "copy":
            self.copies += 1
        elif outcome.status == "failed":
            self.failed += 1
            if outcome.failure is not None:
                self.failures.append(outcome.failure)
        else:
            self.processed += 1
            self.events += outcome.events
            self.facts += outcome.facts

    def lines(self) -> list[str]:
        out = [
            f"documents read: {self.documents} (new {self.new}, already processed {self.skipped})",
            f"processed: {self.processed}, failed: {self.failed}",
            f"events stored: {self.events}, facts stored: {self.facts}",
        ]
        if self.copies:
            out.insert(2, f"near-duplicate copies (sources of the original's incidents, not extracted): {self.copies}")
        for r in self.failures:
            out.append(f"  failed: {r.uri}: {r.reason}")
        return out


@dataclass
class Outcome:
    """What happened to one stored document: processed | skipped (already processed) | copy | failed."""

    status: str
    events: int = 0
    facts: int = 0
    failure: Optional[Rejected] = None


# saved documents linked together in one transaction by ``run`` (see PendingLinks)
LINK_GROUP = 16


class PendingLinks:
    """Saved documents whose events are not in incidents yet, linked in groups (``dedup.link_documents``).

    Linking a few documents in one transaction gives the decisions of linking them one by one, in
    the order they were saved, and reads the members of the incidents they share once.  Call
    :meth:`flush` before anything that needs the incidents of the documents saved so far.
    """

    def __init__(self, store, size: Optional[int] = None):
        self.store = store
        self.size = size or LINK_GROUP
        self.doc_ids: list[str] = []

    def add(self, doc_id: str) -> None:
        self.doc_ids.append(doc_id)
        if len(self.doc_ids) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.doc_ids:
            ids, self.doc_ids = self.doc_ids, []
            _link_incidents(self.store, ids)


def store_result(store, raw: RawDocument, result: Union[Extraction, Rejected], version: str, link: bool = True,
                 pending: Optional[PendingLinks] = None) -> Outcome:
    """Save one document's extraction (or record why it failed), then put its events into incidents
    (now, or with ``pending``'s group; ``link=False``: not at all, ``conflictwatch dedup run`` does it).

    The one place every engine (local, Dask, ``watch``) writes a result: the save is one transaction,
    so a failure leaves nothing half-written and the run goes on.
    """
    if isinstance(result, Rejected):
        store.record_failure(result.uri, result.stage, result.reason, raw.id)
        return Outcome("failed", failure=result)
    try:
        n = store.save_extraction(result, version)
    except StoreError as exc:
        failure = Rejected(raw.uri, f"could not store the extraction: {exc}", "store", raw.id)
        store.record_failure(failure.uri, failure.stage, failure.reason, raw.id)
        return Outcome("failed", failure=failure)
    if link and pending is not None:
        pending.add(raw.id)
    elif link:
        _link_incidents(store, [raw.id])
    return Outcome("processed", n, len(result.facts))


def ingest_one(store, raw: RawDocument, nlp: Pipeline, version: Optional[str] = None,
               pending: Optional[PendingLinks] = None) -> Outcome:
    """Process one raw document already stored: skip it if processed, attach it if a copy, else extract and save.

    The page is cleaned once, for both the near-duplicate check and the extraction.  With ``pending``
    its events join incidents with the group (:class:`PendingLinks`), else at once.
    """
    version = version or nlp.version
    if store.is_processed(raw.id, version):
        return Outcome("skipped")
    doc = _clean_safely(raw)
    return _store_extracted(store, raw, doc, lambda: extract_safely(raw, nlp, doc), version, pending)


def _store_extracted(store, raw: RawDocument, doc: Union[Document, Rejected],
                     extraction: Callable[[], Union[Extraction, Rejected]], version: str,
                     pending: Optional[PendingLinks]) -> Outcome:
    """A cleaned document not processed yet: attached as a copy (``extraction`` unused), or its
    ``extraction()`` saved.  What :func:`ingest_one` does after cleaning, shared with the engines that
    extract elsewhere (:func:`run` with ``jobs``, the Dask engine)."""
    if store_if_copy(store, raw, version, doc, before_attach=pending.flush if pending else None) is not None:
        return Outcome("copy")
    return store_result(store, raw, extraction(), version, pending=pending)


def clean_and_extract(raw: RawDocument, nlp: Optional[Pipeline] = None
                      ) -> tuple[Union[Document, Rejected], Union[Extraction, Rejected]]:
    """The pure part of :func:`ingest_one`, for a process that does not hold the store: the cleaned
    document (for the near-duplicate check) and its extraction."""
    doc = _clean_safely(raw)
    return doc, extract_safely(raw, nlp or default_pipeline(), doc)


def ingest_cleaned(store, raw: RawDocument, doc: Union[Document, Rejected],
                   result: Union[Extraction, Rejected], version: str,
                   pending: Optional[PendingLinks] = None) -> Outcome:
    """Store what :func:`clean_and_extract` returned elsewhere, with the decisions of :func:`ingest_one`
    (skipped when processed meanwhile, a copy when its original was saved before it)."""
    if store.is_processed(raw.id, version):
        return Outcome("skipped")
    return _store_extracted(store, raw, doc, lambda: result, version, pending)


def stored_sources(paths: Iterable[Union[str, Path]], store, summary: "RunSummary",
                   on_document: Optional[Callable[[str], None]] = None) -> Iterator[RawDocument]:
    """Read ``paths``, record the inputs that cannot be read, store every document's raw bytes, yield it.

    Shared by every engine: raw bytes are in the store before anything processes them.
    """
    from conflictwatch.sources import iter_sources

    for item in iter_sources(paths):
        if isinstance(item, Rejected):
            summary.add(Outcome("failed", failure=item))
            store.record_failure(item.uri, item.stage, item.reason, item.doc_id)
            if on_document:
                on_document(item.uri)
            continue
        summary.documents += 1
        if store.put_raw(item):
            summary.new += 1
        yield item


def run(
    paths: Iterable[Union[str, Path]],
    store,
    nlp: Optional[Pipeline] = None,
    on_document: Optional[Callable[[str], None]] = None,
    jobs: int = 1,
) -> RunSummary:
    """Ingest -> extract -> store.  Raw bytes are stored before processing; re-runs add nothing.

    A near-duplicate copy of a processed document is stored as a source of its incidents without
    being extracted (:func:`store_if_copy`); every saved document's events are put into incidents,
    and at the end any event still outside an incident is placed (``conflictwatch.dedup``).  A
    deduplication failure is logged and never stops the run.

    ``jobs`` > 1: ``jobs - 1`` child processes clean and extract the next documents while this one
    stores, links and signs (:func:`_extracted_ahead`); documents are still stored one by one in
    input order, so the database ends up the same as with ``jobs=1``.
    """
    if jobs < 1:
        raise ValueError(f"jobs={jobs}: must be at least 1")
    nlp = nlp or default_pipeline()
    version = nlp.version
    summary = RunSummary()
    pending = PendingLinks(store)
    sources = stored_sources(paths, store, summary, on_document)
    if jobs == 1 or not _can_fork():
        if jobs > 1:
            log.warning("jobs=%d needs the 'fork' start method, not available here: extracting in this process", jobs)
        for item in sources:
            summary.add(ingest_one(store, item, nlp, version, pending))
            if on_document:
                on_document(item.uri)
    else:
        for item, cleaned in _extracted_ahead(sources, store, nlp, version, jobs - 1):
            outcome = Outcome("skipped") if cleaned is None else ingest_cleaned(store, item, *cleaned, version, pending)
            summary.add(outcome)
            if on_document:
                on_document(item.uri)
    pending.flush()
    _catch_up_incidents(store)
    return summary


# per child process: documents submitted ahead of the one being stored (bounds memory, keeps both busy)
AHEAD_PER_PROCESS = 6
_child_nlp: Optional[Pipeline] = None  # the pipeline of an extraction child (inherited through fork)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _child_init(nlp: Pipeline) -> None:
    global _child_nlp
    _child_nlp = nlp


def _child_extract(raw: RawDocument):
    return clean_and_extract(raw, _child_nlp)


def _extracted_ahead(items: Iterator[RawDocument], store, nlp: Pipeline, version: str, processes: int
                     ) -> Iterator[tuple[RawDocument, Optional[tuple]]]:
    """``(raw, (doc, extraction))`` in input order, cleaned and extracted by ``processes`` forked children
    (they inherit ``nlp``: models are not loaded again); ``(raw, None)`` for documents this pipeline
    version already processed.  At most ``AHEAD_PER_PROCESS x processes`` documents are in flight.

    When the next document's extraction is not done yet, this process takes back the last document
    that no child has started and extracts it itself, rather than wait idle (its result waits in
    the window for its turn): with storing cheaper than extracting, the children are the slower side.
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ahead = AHEAD_PER_PROCESS * processes
    window: deque = deque()
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=_child_init, initargs=(nlp,))

    def fill() -> None:
        while len(window) < ahead:
            item = next(items, None)
            if item is None:
                return
            if store.is_processed(item.id, version):
                window.append((item, None))
                continue
            try:
                window.append((item, pool.submit(_child_extract, item)))
            except BrokenProcessPool:
                window.append((item, _HERE))

    def take_back() -> bool:
        """Extract here the last document of the window no child has started; False: none left."""
        for k in range(len(window) - 1, -1, -1):
            queued, pending = window[k]
            if isinstance(pending, Future) and pending.cancel():
                window[k] = (queued, _Ready(clean_and_extract(queued, nlp)))
                return True
        return False

    try:
        fill()
        while window:
            item, future = window.popleft()
            fill()
            if future is None:
                yield item, None
                continue
            if isinstance(future, _Ready):
                yield item, future.value
                continue
            if future is not _HERE:
                while not future.done() and take_back():
                    pass
            try:
                cleaned = future.result() if future is not _HERE else None
            except BrokenProcessPool as exc:  # a child died (killed, out of memory): go on without it
                log.warning("extraction process failed (%s); extracting %s here", exc, item.uri)
                cleaned = None
            yield item, cleaned if cleaned is not None else clean_and_extract(item, nlp)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_HERE = object()  # marker: extract this document in this process (the pool is broken)


class _Ready:
    """A document of the window this process has already extracted (see :func:`_extracted_ahead`)."""

    __slots__ = ("value",)

    def __init__(self, value: tuple) -> None:
        self.value = value


# what a dedup step may raise; the run goes on without it (``conflictwatch dedup run`` catches up)
_DEDUP_ERRORS = (ConflictwatchError, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError)


def _dedup_errors() -> tuple[type[BaseException], ...]:
    import sqlalchemy as sa

    return (*_DEDUP_ERRORS, sa.exc.SQLAlchemyError)


def _clean_safely(raw: RawDocument) -> Union[Document, Rejected]:
    """text.clean, with an unexpected failure turned into a Rejected naming the input (like extract_safely)."""
    from conflictwatch.text import clean

    try:
        return clean(raw)
    except ConflictwatchError as exc:
        return Rejected(raw.uri, str(exc), "text", raw.id)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        log.exception("cleaning failed for %s", raw.uri)
        return Rejected(raw.uri, f"internal error while cleaning ({type(exc).__name__}: {exc})", "text", raw.id)


def store_if_copy(store, raw: RawDocument, version: str, doc: Union[Document, Rejected, None] = None,
                  before_attach: Optional[Callable[[], None]] = None) -> Optional[str]:
    """When ``raw`` is a near-duplicate copy of a document already processed, store it as such.

    The text is cleaned and signed (MinHash, ``conflictwatch.dedup.sign_document``); a copy of a
    processed document is not extracted: it is saved as processed with no events of its own (its
    events are the original's) and listed among the sources of the original's incidents.  Returns
    the original's id, or None when the document must be extracted as usual — also when cleaning
    rejects it (extraction then records why) or when any step of the check fails (logged).
    ``before_attach`` runs before a copy joins its original's incidents (to link pending documents).
    """
    from conflictwatch.dedup import attach_copy, sign_document

    try:
        if doc is None:
            doc = _clean_safely(raw)
        if isinstance(doc, Rejected) or not doc.text:
            return None
        original = sign_document(store, raw.id, doc.text, published=doc.published)
        if original is None or not store.is_processed(original, version):
            return None
        if before_attach is not None:
            before_attach()
        store.save_extraction(Extraction(document=doc), version)
        attach_copy(store, raw.id)
        return original
    except _dedup_errors() as exc:
        log.warning("near-duplicate check failed for %s (%s: %s); extracting it", raw.uri, type(exc).__name__, exc)
        return None


def _catch_up_incidents(store) -> None:
    """Put every stored event not in an incident yet into one (older databases, earlier failures).

    Cheap when there is nothing to do (two indexed queries); guarded like :func:`_link_incidents`.
    """
    from conflictwatch.dedup import deduplicate

    try:
        deduplicate(store)
    except _dedup_errors() as exc:
        log.warning("deduplication catch-up failed (%s: %s); run 'conflictwatch dedup run' later", type(exc).__name__, exc)


def _link_incidents(store, doc_ids: list[str]) -> None:
    """Dedup hook (conflictwatch.dedup): put the saved documents' events into incidents.

    Guarded: the extraction is already saved, so a failure here is logged and the run goes on
    (``conflictwatch dedup run`` catches up later).
    """
    from conflictwatch.dedup import link_documents

    try:
        link_documents(store, doc_ids)
    except _dedup_errors() as exc:
        log.warning("deduplication failed for document(s) %s (%s: %s); run 'conflictwatch dedup run' later",
                    ", ".join(doc_ids), type(exc).__name__, exc)


def bundled_examples() -> Path:
    """The folder of example documents shipped with the package."""
    from importlib import resources

    return Path(str(resources.files("conflictwatch").joinpath("examples")))
