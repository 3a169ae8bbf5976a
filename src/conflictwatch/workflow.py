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
    if store_if_copy(store, raw, version, doc, before_attach=pending.flush if pending else None) is not None:
        return Outcome("copy")
    return store_result(store, raw, extract_safely(raw, nlp, doc), version, pending=pending)


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
) -> RunSummary:
    """Ingest -> extract -> store.  Raw bytes are stored before processing; re-runs add nothing.

    A near-duplicate copy of a processed document is stored as a source of its incidents without
    being extracted (:func:`store_if_copy`); every saved document's events are put into incidents,
    and at the end any event still outside an incident is placed (``conflictwatch.dedup``).  A
    deduplication failure is logged and never stops the run.
    """
    nlp = nlp or default_pipeline()
    version = nlp.version
    summary = RunSummary()
    pending = PendingLinks(store)
    for item in stored_sources(paths, store, summary, on_document):
        summary.add(ingest_one(store, item, nlp, version, pending))
        if on_document:
            on_document(item.uri)
    pending.flush()
    _catch_up_incidents(store)
    return summary


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
        original = sign_document(store, raw.id, doc.text)
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
