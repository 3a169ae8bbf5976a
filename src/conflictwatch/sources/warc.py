"""WARC files (plain or gzipped): each HTML/text ``response`` record becomes a RawDocument."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Optional, Union

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from conflictwatch.records import RawDocument, Rejected, content_id

__all__ = ["read_warc"]

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


def read_warc(path: Union[str, Path]) -> Iterator[Union[RawDocument, Rejected]]:
    """Yield the HTML and text responses in a WARC file (other records are skipped)."""
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
                payload = record.content_stream().read()
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
    if not found:
        yield _reject(uri, "WARC file holds no HTML or text responses")
