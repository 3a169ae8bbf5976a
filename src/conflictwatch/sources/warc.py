"""WARC files (plain or gzipped): each HTML/text ``response`` record becomes a RawDocument."""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Iterator, Optional, Union

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from conflictwatch.records import RawDocument, Rejected, content_id

__all__ = ["read_warc", "MAX_RECORD_BYTES"]

# One response payload larger than this is rejected (read at most this + 1 bytes: a gzip bomb stops here).
MAX_RECORD_BYTES = 32 * 1024 * 1024

_TEXT_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html", "text/plain": "text/plain"}
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def _reject(uri: str, reason: str) -> Rejected:
    return Rejected(uri=uri, reason=reason, stage="sources")


def _content_type(value: Optional[str]) -> tuple[str, Optional[str]]:
    if not value:
        return "", None
    mime = value.split(";", 1)[0].strip().lower()
    m = _CHARSET_RE.search(value)
    return mime, (m.group(1).lower() if m else None)


def read_warc(path: Union[str, Path], max_record_bytes: int = MAX_RECORD_BYTES
              ) -> Iterator[Union[RawDocument, Rejected]]:
    """Yield the HTML and text responses in a WARC file (other records are skipped).

    A payload over ``max_record_bytes`` (after decompression) gives a Rejected for that record; the file goes on.
    """
    uri = str(path)
    found = 0
    try:
        with open(path, "rb") as fh:
            for index, record in enumerate(ArchiveIterator(fh)):
                if record.rec_type != "response":
                    continue
                target = record.rec_headers.get_header("WARC-Target-URI")
                rec_uri = f"{uri}#{target or f'record-{index}'}"
                http = record.http_headers
                if http is not None:
                    status = http.get_statuscode()
                    if status and not status.startswith("2"):
                        continue
                    mime, charset = _content_type(http.get_header("Content-Type"))
                else:
                    mime, charset = _content_type(record.rec_headers.get_header("Content-Type"))
                media_type = _TEXT_TYPES.get(mime)
                if media_type is None:
                    continue  # images, scripts, style sheets: not documents
                payload = record.content_stream().read(max_record_bytes + 1)
                if len(payload) > max_record_bytes:
                    yield _reject(rec_uri, f"response payload larger than the limit of {max_record_bytes} bytes")
                    continue
                if not payload.strip():
                    yield _reject(rec_uri, "empty response payload")
                    continue
                found += 1
                yield RawDocument(
                    id=content_id(payload),
                    uri=rec_uri,
                    raw=payload,
                    media_type=media_type,
                    origin="warc",
                    url=target,
                    encoding=charset,
                    fetched=record.rec_headers.get_header("WARC-Date"),
                )
    except ArchiveLoadFailed as exc:
        yield _reject(uri, f"malformed WARC file: {exc.msg if hasattr(exc, 'msg') else exc}")
        return
    except OSError as exc:
        yield _reject(uri, f"cannot read WARC file: {exc.strerror or exc}")
        return
    # truncated gzip member, broken chunking or headers; warcio raises AttributeError/IndexError on some broken
    # record headers (found by tests/fuzz)
    except (EOFError, ValueError, zlib.error, AttributeError, IndexError) as exc:
        yield _reject(uri, f"malformed WARC file: {type(exc).__name__}: {exc}")
        return
    if not found:
        yield _reject(uri, "WARC file holds no HTML or text responses")
