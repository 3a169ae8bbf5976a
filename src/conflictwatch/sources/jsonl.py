"""JSONL input: one JSON object per line with ``id`` and one of ``text``/``html``/``path``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Union

from conflictwatch.records import RawDocument, Rejected, content_id

__all__ = ["read_jsonl"]

_OPTIONAL = ("published", "url", "language", "title")


def _reject(uri: str, reason: str) -> Rejected:
    return Rejected(uri=uri, reason=reason, stage="sources")


def _line_document(obj: object, uri: str, base: Path) -> Union[RawDocument, Rejected]:
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

        target = Path(value)
        if not target.is_absolute():
            target = base / target
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


def read_jsonl(path: Union[str, Path]) -> Iterator[Union[RawDocument, Rejected]]:
    """Yield one RawDocument per line of a JSONL file; a bad line gives a Rejected naming it."""
    path = Path(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield _reject(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    with fh:
        empty = True
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            empty = False
            uri = f"{path}:{lineno}"
            try:
                obj = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield _reject(uri, f"line {lineno} is not UTF-8: {exc.reason}")
                continue
            except json.JSONDecodeError as exc:
                yield _reject(uri, f"line {lineno} is not valid JSON: {exc.msg} (column {exc.colno})")
                continue
            item = _line_document(obj, uri, path.parent)
            if isinstance(item, Rejected) and not item.reason.startswith("line "):
                item = item.replace(reason=f"line {lineno}: {item.reason}")
            yield item
        if empty:
            yield _reject(str(path), "empty file")
