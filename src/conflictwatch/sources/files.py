"""Read documents from paths: files, directories, feeds, WARCs and JSONL.

``iter_sources`` never raises for a bad input: it yields a :class:`Rejected`
naming the input and saying why, and goes on with the next one.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Iterable, Iterator, Union

from conflictwatch.errors import InputError
from conflictwatch.records import RawDocument, Rejected, content_id
from conflictwatch.sources.feeds import read_feed
from conflictwatch.sources.jsonl import read_jsonl
from conflictwatch.sources.sniff import sniff
from conflictwatch.sources.warc import read_warc

__all__ = ["iter_sources", "read_file", "read_sidecar", "STAGE", "SIDECAR_SUFFIX", "MAX_DOCUMENT_BYTES"]

STAGE = "sources"
_HEAD_BYTES = 8192
# A page or feed file larger than this is refused before it is read (WARC and JSONL files are streamed and
# limited per record / per line instead).  News pages are < 5 MB; a 100 MB "page" is an attack or a mistake.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
# ``page.html.meta.json`` beside ``page.html`` holds what the collector knew about the page.
SIDECAR_SUFFIX = ".meta.json"
_SIDECAR_KEYS = ("url", "published", "language", "title")

Item = Union[RawDocument, Rejected]


def _reject(uri: object, reason: str) -> Rejected:
    return Rejected(uri=str(uri), reason=reason, stage=STAGE)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read file: permission denied"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return f"cannot read file: {exc.strerror or exc}"


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, recursively, in sorted order, hidden ones skipped."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(
            Path(dirpath) / name
            for name in filenames
            if not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX)
        )
    yield from sorted(found, key=lambda p: p.relative_to(root).parts)


def read_sidecar(path: Path) -> dict[str, str]:
    """Metadata from ``<path>.meta.json`` if present: url, published, language, title (strings).

    A malformed sidecar raises :class:`InputError` naming it: metadata a user
    wrote down must not be silently ignored.
    """
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(side), f"unreadable metadata sidecar: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(str(side), "metadata sidecar must be a JSON object")
    return {k: str(data[k]) for k in _SIDECAR_KEYS if data.get(k) not in (None, "")}


def _too_large(size: int, limit: int) -> str:
    return f"file too large: {size} bytes, more than the limit of {limit} bytes for one page or feed"


def read_file(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Item]:
    """Yield the document(s) in one file (one for a page, many for a feed/WARC/JSONL).

    A page or feed file over ``max_bytes`` is rejected without being read whole.
    """
    uri = str(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
            if not head:
                yield _reject(uri, "empty file")
                return
            kind = sniff(head, path)
            if kind.name in ("warc", "jsonl", "binary"):
                data = b""
            else:
                size = os.fstat(fh.fileno()).st_size
                if size > max_bytes:
                    yield _reject(uri, _too_large(size, max_bytes))
                    return
                # bounded even if the file grows; sized by the file (read(n) reserves n bytes up front)
                bound = min(size, max_bytes) if size >= len(head) else max_bytes  # /proc files say 0
                data = head + fh.read(max(0, bound + 1 - len(head)))
                if len(data) > max_bytes:
                    yield _reject(uri, _too_large(len(data), max_bytes))
                    return
    except OSError as exc:
        yield _reject(uri, _os_reason(exc))
        return
    if kind.name == "binary":
        yield _reject(uri, f"binary file ({kind.detail}), not a text or HTML page")
        return
    if kind.name == "warc":
        yield from read_warc(path)
        return
    if kind.name == "jsonl":
        yield from read_jsonl(path)
        return
    if kind.name == "feed":
        yield from read_feed(data, uri)
        return
    if not data.strip():
        yield _reject(uri, "empty file (only whitespace)")
        return
    media_type = "text/html" if kind.name == "html" else "text/plain"
    try:
        meta = read_sidecar(Path(path))
    except InputError as exc:
        yield _reject(exc.uri, exc.reason)
        return
    yield RawDocument(id=content_id(data), uri=uri, raw=data, media_type=media_type, origin="file", **meta)


def iter_sources(paths: Iterable[Union[str, Path]]) -> Iterator[Item]:
    """Yield a RawDocument (or a Rejected) for every document found under ``paths``.

    Each path may be a file (HTML, plain text, RSS/Atom feed, WARC, JSONL) or a
    directory, read recursively in sorted order, hidden files skipped.
    """
    for p in paths:
        path = Path(p)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            yield _reject(path, _os_reason(exc))
            continue
        if not exists:
            yield _reject(path, "no such file or directory")
            continue
        if is_dir:
            found = False
            for child in _walk(path):
                found = True
                yield from read_file(child)
            if not found:
                yield _reject(path, "directory holds no (visible) files")
            continue
        yield from read_file(path)
