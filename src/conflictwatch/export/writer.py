"""``write_events``: pick a format writer and an output (path, stream or stdout)."""

from __future__ import annotations

import io
import os
import sys
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, Union

from conflictwatch.records import Event

__all__ = ["FORMATS", "write_events", "Output"]

FORMATS: tuple[str, ...] = ("acled-csv", "geojson", "parquet", "json", "jsonl")

Output = Union[str, "os.PathLike[str]", IO[str], IO[bytes], None]


def _writer(fmt: str) -> tuple[Callable[[Iterable[Event], Any], int], bool]:
    """The writer function for ``fmt`` and whether it writes bytes (imported lazily)."""
    if fmt == "acled-csv":
        from conflictwatch.export.acled_csv import write_acled_csv

        return write_acled_csv, False
    if fmt == "geojson":
        from conflictwatch.export.geojson import write_geojson

        return write_geojson, False
    if fmt == "json":
        from conflictwatch.export.json_lines import write_json

        return write_json, False
    if fmt == "jsonl":
        from conflictwatch.export.json_lines import write_jsonl

        return write_jsonl, False
    from conflictwatch.export.parquet import write_parquet  # fmt == "parquet"

    return write_parquet, True


def _is_text_stream(out: Any) -> bool:
    if isinstance(out, io.TextIOBase):
        return True
    if isinstance(out, (io.RawIOBase, io.BufferedIOBase)):
        return False
    mode = getattr(out, "mode", None)
    if isinstance(mode, str):
        return "b" not in mode
    return hasattr(out, "encoding")


def _to_path(path: Path, write: Callable[[Iterable[Event], Any], int], binary: bool, events: Iterable[Event]) -> int:
    """Write to a temporary file next to ``path`` and rename it into place, so a failed
    export never leaves a truncated file behind."""
    path = path.expanduser()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part")
    try:
        if binary:
            with open(tmp, "xb") as fh:
                count = write(events, fh)
        else:
            with open(tmp, "x", encoding="utf-8", newline="") as fh:
                count = write(events, fh)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _to_stream(out: Any, write: Callable[[Iterable[Event], Any], int], binary: bool, events: Iterable[Event]) -> int:
    text = _is_text_stream(out)
    if binary:
        if text:
            buffer = getattr(out, "buffer", None)
            if buffer is None:
                raise TypeError("parquet is a binary format: pass a file path or a binary stream")
            out.flush()
            out = buffer
        seekable = getattr(out, "seekable", None)
        if callable(seekable) and seekable():
            count = write(events, out)
        else:  # a pipe: build the file in memory, then copy it out
            spool = io.BytesIO()
            count = write(events, spool)
            out.write(spool.getvalue())
        out.flush()
        return count
    if text:
        count = write(events, out)
        out.flush()
        return count
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        count = write(events, wrapper)
        wrapper.flush()
    finally:
        wrapper.detach()  # leave the caller's stream open
    return count


def write_events(events: Iterable[Event], fmt: str, out: Output = None) -> int:
    """Write ``events`` in format ``fmt`` to ``out``; return the number of events written.

    ``fmt``: one of ``FORMATS`` (``acled-csv``, ``geojson``, ``parquet``,
    ``json``, ``jsonl``).  ``out``: a file path (written atomically, UTF-8), an
    open text or binary stream (left open), or None / ``"-"`` for stdout.
    Events are streamed: any iterable works, e.g. ``Store.iter_events()``.
    """
    key = fmt.strip().lower() if isinstance(fmt, str) else fmt
    if key not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    write, binary = _writer(key)
    if out is None or (isinstance(out, str) and out == "-"):
        return _to_stream(sys.stdout, write, binary, events)
    if isinstance(out, (str, os.PathLike)):
        return _to_path(Path(out), write, binary, events)
    return _to_stream(out, write, binary, events)
