"""Large and compressed inputs: a 100 MB page, a 100 MB JSONL line, a gzip bomb in a WARC and as a page.
Each is refused with a reason naming it, without being read whole into memory, and the run goes on."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

from conflictwatch.records import RawDocument, Rejected
from conflictwatch.sources import iter_sources, read_jsonl, read_warc

MB = 1024 * 1024
GOOD = "Gunmen attacked a village near Djibo on Monday, killing five civilians, officials said.\n"


def _write_big(path: Path, size: int, prefix: bytes = b"", suffix: bytes = b"") -> None:
    chunk = (b"<p>" + GOOD.encode() + b"</p>") * (MB // 96)
    with open(path, "wb") as fh:
        fh.write(prefix)
        written = len(prefix)
        while written < size:
            fh.write(chunk)
            written += len(chunk)
        fh.write(suffix)


def _peak(fn):
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_100mb_page_is_refused_without_being_read(tmp_path):
    big = tmp_path / "a-huge-page.html"
    _write_big(big, 100 * MB, prefix=b"<html><body>")
    assert big.stat().st_size >= 100 * MB
    (tmp_path / "b-after.txt").write_text(GOOD)
    items, peak = _peak(lambda: list(iter_sources([tmp_path])))
    assert isinstance(items[0], Rejected) and items[0].uri == str(big)
    assert "file too large" in items[0].reason and "limit" in items[0].reason
    assert isinstance(items[1], RawDocument)  # the run goes on
    assert peak < 5 * MB, f"peak {peak / MB:.1f} MB: the big file was read"


def test_100mb_jsonl_line_is_refused_and_the_next_line_read(tmp_path):
    path = tmp_path / "in.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"id": "huge", "text": "')
        block = b"x" * MB
        for _ in range(100):
            fh.write(block)
        fh.write(b'"}\n')
        fh.write(json.dumps({"id": "next", "text": GOOD}).encode() + b"\n")
    items, peak = _peak(lambda: list(read_jsonl(path, max_line_bytes=8 * MB)))
    assert isinstance(items[0], Rejected) and items[0].uri == f"{path}:1"
    assert "more than the limit" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].external_id == "next"
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"


def _warc_bomb(path: Path, payload_mb: int) -> None:
    """A gzipped WARC whose one HTML response inflates to ``payload_mb`` MB of spaces (~100 KB on disk)."""
    size = payload_mb * MB
    http_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/\r\n"
            f"WARC-Date: 2019-06-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:b>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http_head) + size}\r\n\r\n").encode()
    with gzip.open(path, "wb", compresslevel=1) as gz:
        gz.write(head + http_head)
        block = b" " * MB
        for _ in range(payload_mb):
            gz.write(block)
        gz.write(b"\r\n\r\n")


def test_gzip_bomb_in_a_warc_stops_at_the_record_limit(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    _warc_bomb(path, 100)
    assert path.stat().st_size < 2 * MB  # 100 MB once inflated
    items, peak = _peak(lambda: list(read_warc(path, max_record_bytes=4 * MB)))
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert rejected and rejected[0].uri.startswith(str(path))
    assert "larger than the limit" in rejected[0].reason
    assert peak < 30 * MB, f"peak {peak / MB:.1f} MB"


def test_gzip_bomb_as_a_page_is_not_inflated(tmp_path):
    path = tmp_path / "page.html"
    with gzip.open(path, "wb", compresslevel=1) as gz:
        for _ in range(50):
            gz.write(b"<p>" * (MB // 3))
    (items,), peak = _peak(lambda: (list(iter_sources([path])),))
    assert len(items) == 1 and isinstance(items[0], Rejected) and "gzip" in items[0].reason
    assert peak < 5 * MB
