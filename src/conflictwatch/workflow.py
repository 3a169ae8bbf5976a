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
from conflictwatch.records import Extraction, RawDocument, Rejected

__all__ = ["default_pipeline", "extract_raw", "extract_safely", "iter_extractions", "RunSummary", "run", "bundled_examples"]

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=2)
def default_pipeline() -> Pipeline:
    """The default English pipeline, built once per process (models and knowledge loaded once)."""
    return build_pipeline()


def extract_raw(raw: RawDocument, nlp: Optional[Pipeline] = None) -> Union[Extraction, Rejected]:
    """Clean one raw document and extract events, facts and entities from it."""
    from conflictwatch.text import clean

    nlp = nlp or default_pipeline()
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


def extract_safely(raw: RawDocument, nlp: Optional[Pipeline] = None) -> Union[Extraction, Rejected]:
    """Like :func:`extract_raw`, but any failure comes back as ``Rejected`` naming the input and the reason."""
    nlp = nlp or default_pipeline()
    try:
        return extract_raw(raw, nlp)
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

    def lines(self) -> list[str]:
        out = [
            f"documents read: {self.documents} (new {self.new}, already processed {self.skipped})",
            f"processed: {self.processed}, failed: {self.failed}",
            f"events stored: {self.events}, facts stored: {self.facts}",
        ]
        for r in self.failures:
            out.append(f"  failed: {r.uri}: {r.reason}")
        return out


def run(
    paths: Iterable[Union[str, Path]],
    store,
    nlp: Optional[Pipeline] = None,
    on_document: Optional[Callable[[str], None]] = None,
) -> RunSummary:
    """Ingest -> extract -> store.  Raw bytes are stored before processing; re-runs add nothing."""
    from conflictwatch.sources import iter_sources

    nlp = nlp or default_pipeline()
    version = nlp.version
    summary = RunSummary()
    for item in iter_sources(paths):
        if isinstance(item, Rejected):
            summary.failed += 1
            summary.failures.append(item)
            store.record_failure(item.uri, item.stage, item.reason, item.doc_id)
            if on_document:
                on_document(item.uri)
            continue
        summary.documents += 1
        if store.put_raw(item):
            summary.new += 1
        if store.is_processed(item.id, version):
            summary.skipped += 1
        else:
            result = extract_safely(item, nlp)
            if isinstance(result, Rejected):
                summary.failed += 1
                summary.failures.append(result)
                store.record_failure(result.uri, result.stage, result.reason, item.id)
            else:
                try:
                    summary.events += store.save_extraction(result, version)
                except StoreError as exc:
                    # the transaction rolled back: nothing of this document was half-written; go on
                    failure = Rejected(item.uri, f"could not store the extraction: {exc}", "store", item.id)
                    summary.failed += 1
                    summary.failures.append(failure)
                    store.record_failure(failure.uri, failure.stage, failure.reason, item.id)
                else:
                    summary.facts += len(result.facts)
                    summary.processed += 1
                    _link_incidents(store, item.id)
        if on_document:
            on_document(item.uri)
    return summary


def _link_incidents(store, doc_id: str) -> None:
    """Dedup hook (conflictwatch.dedup): put the saved document's events into incidents.

    Guarded: the extraction is already saved, so a failure here is logged and the run goes on
    (``conflictwatch dedup run`` catches up later).
    """
    from conflictwatch.dedup import link_document

    try:
        link_document(store, doc_id)
    except (ConflictwatchError, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        log.warning("deduplication failed for document %s (%s: %s); run 'conflictwatch dedup run' later",
                    doc_id, type(exc).__name__, exc)


def bundled_examples() -> Path:
    """The folder of example documents shipped with the package."""
    from importlib import resources

    return Path(str(resources.files("conflictwatch").joinpath("examples")))
