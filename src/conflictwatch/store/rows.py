"""Conversions between the typed records and database rows (plain dicts)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from conflictwatch.records import Document, Event, Evidence, Fact, PublicationDate, RawDocument

__all__ = [
    "EVENT_COLUMNS",
    "FACT_COLUMNS",
    "raw_to_row",
    "document_to_row",
    "row_to_document",
    "row_to_raw",
    "event_to_row",
    "evidence_to_rows",
    "row_to_event",
    "REQUIRED_EVENT_COLUMNS",
    "row_to_bare_event",
    "fact_to_row",
    "row_to_fact",
]

# Event fields stored as plain columns (everything but evidence, which has its own table).
EVENT_COLUMNS: tuple[str, ...] = tuple(
    f
    for f in Event.__dataclass_fields__
    if f not in ("evidence",)  # type: ignore[attr-defined]
)
FACT_COLUMNS: tuple[str, ...] = tuple(Fact.__dataclass_fields__)  # type: ignore[attr-defined]


def raw_to_row(raw: RawDocument, stored_at: str) -> dict[str, Any]:
    return {
        "id": raw.id,
        "uri": raw.uri,
        "url": raw.url,
        "origin": raw.origin,
        "media_type": raw.media_type,
        "raw": raw.raw,
        "encoding": raw.encoding,
        "external_id": raw.external_id,
        "fetched": raw.fetched,
        "source_title": raw.title,
        "source_published": raw.published,
        "language": raw.language,
        "stored_at": stored_at,
        "status": "stored",
    }


def document_to_row(doc: Document) -> dict[str, Any]:
    """The columns of ``documents`` that a cleaned Document sets (not raw, status, times)."""
    return {
        "title": doc.title,
        "publisher": doc.publisher,
        "byline": doc.byline,
        "url": doc.url,
        "language": doc.language,
        "language_confidence": doc.language_confidence,
        "published": doc.published.value,
        "published_json": doc.published.to_dict(),
        "dateline": doc.dateline,
        "dateline_span": list(doc.dateline_span) if doc.dateline_span is not None else None,
        "captions": [list(c) for c in doc.captions],
        "removed_lines": doc.removed_lines,
        "origin": doc.origin,
        "media_type": doc.media_type,
        "text": doc.text,
    }


def row_to_document(row: Mapping[str, Any]) -> Document:
    published = row["published_json"]
    return Document.from_dict(
        {
            "id": row["id"],
            "uri": row["uri"],
            "text": row["text"] or "",
            "title": row["title"],
            "publisher": row["publisher"],
            "byline": row["byline"],
            "url": row["url"],
            "language": row["language"],
            "language_confidence": row["language_confidence"] or 0.0,
            "published": published if published is not None else PublicationDate().to_dict(),
            "dateline": row["dateline"],
            "dateline_span": row["dateline_span"],
            "captions": row["captions"] or [],
            "removed_lines": row["removed_lines"] or 0,
            "origin": row["origin"],
            "media_type": row["media_type"] or "text/plain",
        }
    )


def row_to_raw(row: Mapping[str, Any]) -> RawDocument:
    return RawDocument(
        id=row["id"],
        uri=row["uri"],
        raw=bytes(row["raw"]) if row["raw"] is not None else b"",
        media_type=row["media_type"] or "text/plain",
        origin=row["origin"],
        url=row["url"],
        title=row["source_title"],
        published=row["source_published"],
        language=row["language"],
        encoding=row["encoding"],
        fetched=row["fetched"],
        external_id=row["external_id"],
    )


def event_to_row(event: Event, seq: int) -> dict[str, Any]:
    row = {name: getattr(event, name) for name in EVENT_COLUMNS}
    row["confidence"] = dict(event.confidence)
    row["seq"] = seq
    return row


def evidence_to_rows(event: Event) -> list[dict[str, Any]]:
    return [
        {
            "event_id": event.event_id_cnty,
            "seq": i,
            "field": ev.field,
            "doc_id": ev.doc_id,
            "start": ev.start,
            "end": ev.end,
            "text": ev.text,
            "sentence": ev.sentence,
            "sentence_start": ev.sentence_start,
        }
        for i, ev in enumerate(event.evidence)
    ]


def _evidence_from_row(row: Mapping[str, Any]) -> Evidence:
    return Evidence(
        field=row["field"],
        doc_id=row["doc_id"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        sentence=row["sentence"],
        sentence_start=row["sentence_start"],
    )


def row_to_event(row: Mapping[str, Any], evidence_rows: list[Mapping[str, Any]]) -> Event:
    data: dict[str, Any] = {name: row[name] for name in EVENT_COLUMNS}
    data["evidence"] = tuple(_evidence_from_row(r) for r in evidence_rows)
    return _event_from_columns(data)


# Event fields without a default: always read, whatever columns a caller asks for.
REQUIRED_EVENT_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in Event.__dataclass_fields__.values()  # type: ignore[attr-defined]
    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
)


def row_to_bare_event(row: Sequence[Any], names: Sequence[str]) -> Event:
    """An Event from ``row``, the values of the columns ``names``, without evidence; other fields keep defaults.

    Columns hold plain values (strings, numbers) except ``confidence`` (JSON) and ``year_inferred`` (0/1
    in SQLite), so the fields are passed straight to the constructor: several times faster than
    :func:`row_to_event`, for analyses that read many events and no evidence.
    """
    return _event_from_columns(dict(zip(names, row)))


def _event_from_columns(data: dict[str, Any]) -> Event:
    """An Event from column values.  Columns hold plain values of their field's type except ``confidence``
    (JSON, may be NULL) and ``year_inferred`` (0/1 in SQLite), so the constructor takes them as they are:
    Event.from_dict's per-field decoding cost a 100-event list page ~2 ms."""
    if "confidence" in data:
        data["confidence"] = data["confidence"] or {}
    if "year_inferred" in data:
        data["year_inferred"] = bool(data["year_inferred"])
    return Event(**data)


def fact_to_row(fact: Fact, seq: int) -> dict[str, Any]:
    row = {name: getattr(fact, name) for name in FACT_COLUMNS}
    row["evidence"] = [ev.to_dict() for ev in fact.evidence]
    row["attributes"] = dict(fact.attributes)
    row["seq"] = seq
    return row


def row_to_fact(row: Mapping[str, Any]) -> Fact:
    data: dict[str, Any] = {name: row[name] for name in FACT_COLUMNS}
    data["evidence"] = row["evidence"] or []
    data["attributes"] = row["attributes"] or {}
    data["year_inferred"] = bool(row["year_inferred"])
    return Fact.from_dict(data)
