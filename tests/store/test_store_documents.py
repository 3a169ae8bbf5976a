"""Raw documents, their sources, and failures."""

from __future__ import annotations

import pytest

from conflictwatch.errors import StoreError
from conflictwatch.records import RawDocument, Rejected, content_id


def test_put_raw_is_idempotent_and_reports_new(store, raw_doc):
    raw = raw_doc()
    assert store.put_raw(raw) is True
    assert store.put_raw(raw) is False
    assert store.count_documents() == 1
    assert store.count_documents("stored") == 1
    assert store.count_documents("processed") == 0


def test_raw_bytes_round_trip_exactly(store):
    body = b"\x00\xff\xfe<html>caf\xc3\xa9 \x80 binary\r\n\x1a" + bytes(range(256))
    raw = RawDocument(
        id=content_id(body),
        uri="warc:///crawl.warc.gz#record-7",
        raw=body,
        media_type="text/html",
        origin="warc",
        url="https://example.org/mali/attack",
        title="Feed title",
        published="2021-03-03T08:00:00Z",
        encoding="cp1252",
        fetched="2021-03-04T10:00:00Z",
        external_id="item-42",
    )
    store.put_raw(raw)
    row = store.get_document(raw.id)
    assert row["raw"] == body
    assert row["status"] == "stored"
    assert row["url"] == raw.url
    assert row["external_id"] == "item-42"
    assert row["fetched"] == raw.fetched
    (back,) = list(store.iter_raw())
    assert back == raw


def test_every_uri_that_delivered_a_document_is_kept(store, raw_doc):
    store.put_raw(raw_doc(uri="file:///a.txt"))
    store.put_raw(raw_doc(uri="feed.xml#entry-3"))
    store.put_raw(raw_doc(uri="file:///a.txt"))
    row = store.get_document(raw_doc().id)
    assert sorted(s["uri"] for s in row["sources"]) == ["feed.xml#entry-3", "file:///a.txt"]
    assert row["uri"] == "file:///a.txt"  # the first one stays the document's uri


def test_put_raw_refuses_an_id_that_is_not_the_content_hash(store, raw_doc):
    raw = raw_doc().replace(id="0" * 64)
    with pytest.raises(StoreError, match="SHA-256"):
        store.put_raw(raw)
    assert store.count_documents() == 0


def test_unknown_document_is_none(store):
    assert store.get_document("f" * 64) is None
    assert store.load_document("f" * 64) is None


def test_failures_are_recorded_and_mark_the_document(store, raw_doc):
    raw = raw_doc()
    store.put_raw(raw)
    store.record_failure("file:///missing.html", "sources", "file not found")
    store.record_failure(raw.uri, "text", "no main text after boilerplate removal", doc_id=raw.id)
    store.record_rejected(Rejected(uri="feed.xml#entry-9", reason="not English or French", stage="text"))
    failures = store.failures()
    assert [(f["uri"], f["stage"], f["reason"], f["doc_id"]) for f in failures] == [
        ("file:///missing.html", "sources", "file not found", None),
        (raw.uri, "text", "no main text after boilerplate removal", raw.id),
        ("feed.xml#entry-9", "text", "not English or French", None),
    ]
    assert all(f["at"] for f in failures)
    assert store.get_document(raw.id)["status"] == "failed"
    assert store.count_documents("failed") == 1
    assert [r.id for r in store.iter_raw(status="failed")] == [raw.id]
    assert list(store.iter_raw(status="stored")) == []


def test_failure_for_an_unknown_document_is_still_recorded(store):
    store.record_failure("x.html", "text", "unreadable", doc_id="a" * 64)
    assert len(store.failures()) == 1
    assert store.count_documents() == 0


def test_count_documents_rejects_unknown_status(store):
    with pytest.raises(ValueError, match="processed"):
        store.count_documents("done")
