"""JSONL input: one JSON object per line with ``id`` and one of ``text``/``html``/``path``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO, Iterator, Union

from conflictwatch.records import RawDocument, Rejected, content_id

__all__ = ["read_jsonl", "MAX_LINE_BYTES"]

_OPTIONAL = ("published", "url", "language", "title")
# One JSONL line (one document) larger than this is rejected without being held in memory whole.
MAX_LINE_BYTES = 32 * 1024 * 1024
_CHUNK = 1 << 20


def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    """``(line, length)`` per line; a line over ``max_bytes`` comes back as ``(b"", length)``, skipped to its end."""
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes:
            yield line, len(line)
            continue
        length = len(line)
        while not line.endswith(b"\n"):
            line = fh.readline(_CHUNK)
            if not line:
                break
            length += len(line)
        yield b"", length


def _inside(target: Path, root: Path) -> bool:
    try:
        target.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _reject(uri: str, reason: str) -> Rejected:
    return Rejected(uri=uri, reason=reason, stage="sources")


def _line_document(obj: object, uri: str, base: Path, root: Path) -> Union[RawDocument, Rejected]:
    if not isinstance(obj, dict):
        return _reject(uri, f"expected a JSON object, got {type(obj).__name__}")
    if "id" not in obj or obj["id"] in (None, ""):
        return _reject(uri, 'missing "id"')
    ext_id = obj["id"]
    if not isinstance(ext_id, (str, int)):
        return _reject(uri, '"id" must be a string or a number')
    given = [k for k in ("text", "html", "path") if obj.get(k) is not None]
    if len(given) != 1:
        return _reject(uri, 'needs exactly one of "text", "html" or "path"' + (f" (got {', '.join(given)})" if given else ""))
    key = given[0]
    value = obj[key]
    if not isinstance(value, str):
        return _reject(uri, f'"{key}" must be a string')
    extra = {}
    for k in _OPTIONAL:
        v = obj.get(k)
        if v is not None and not isinstance(v, str):
            return _reject(uri, f'"{k}" must be a string')
        extra[k] = v
    origin = "jsonl"
    if key == "path":
        from conflictwatch.sources.files import read_file  # local: files imports this module

        if "\x00" in value:
            return _reject(uri, '"path" holds a NUL byte')
        target = Path(value)
        if not target.is_absolute():
            target = base / target
        if not _inside(target, root):
            return _reject(uri, f'"path" {value!r} is outside the allowed folder {str(root)!r}')
        if target.suffix.lower() in (".jsonl", ".ndjson"):
            return _reject(uri, f'"path" {value!r} is a JSONL file: a line must point to one page')
        if not target.is_file():
            return _reject(uri, f'"path" {value!r} is not a readable file')
        docs = list(read_file(target))
        if len(docs) != 1:
            return _reject(uri, f'"path" {value!r} holds {len(docs)} documents; expected one page')
        doc = docs[0]
        if isinstance(doc, Rejected):
            return _reject(uri, f"{doc.uri}: {doc.reason}")
        raw, media_type = doc.raw, doc.media_type
    else:
        if not value.strip():
            return _reject(uri, f'"{key}" is empty')
        raw = value.encode("utf-8")
        media_type = "text/html" if key == "html" else "text/plain"
    return RawDocument(
        id=content_id(raw),
        uri=uri,
        raw=raw,
        media_type=media_type,
        origin=origin,
        url=extra["url"],
        title=extra["title"],
        published=extra["published"],
        language=extra["language"],
        encoding="utf-8" if key != "path" else None,
        external_id=str(ext_id),
    )


def read_jsonl(path: Union[str, Path], *, root: Union[str, Path, None] = None,
               max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Union[RawDocument, Rejected]]:
    """Yield one RawDocument per line of a JSONL file; a bad line gives a Rejected naming it.

    ``"path"`` entries are read only when they lie (symbolic links resolved) inside ``root``, by default the
    JSONL file's own folder: a line cannot make the reader open ``/etc/passwd`` or ``../../secret``.
    A line longer than ``max_line_bytes`` is rejected and skipped.
    """
    path = Path(path)
    allowed = Path(root) if root is not None else path.parent
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield _reject(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    with fh:
        empty = True
        for lineno, (line, length) in enumerate(_lines(fh, max_line_bytes), start=1):
            uri = f"{path}:{lineno}"
            if length > max_line_bytes:
                empty = False
                yield _reject(uri, f"line {lineno} is {length} bytes, more than the limit of {max_line_bytes}")
                continue
            if not line.strip():
                continue
            empty = False
            try:
                obj = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield _reject(uri, f"line {lineno} is not UTF-8: {exc.reason}")
                continue
            except json.JSONDecodeError as exc:
                yield _reject(uri, f"line {lineno} is not valid JSON: {exc.msg} (column {exc.colno})")
                continue
            item = _line_document(obj, uri, path.parent, allowed)
            if isinstance(item, Rejected) and not item.reason.startswith("line "):
                item = item.replace(reason=f"line {lineno}: {item.reason}")
            yield item
        if empty:
            yield _reject(str(path), "empty file")
