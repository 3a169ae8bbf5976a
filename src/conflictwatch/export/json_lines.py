"""JSON (an array of ``Event.to_dict()``) and JSON Lines (one object per line)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from conflictwatch.export.columns import finite
from conflictwatch.records import Event

__all__ = ["write_json", "write_jsonl"]


def _dump(event: Event) -> str:
    return json.dumps(finite(event.to_dict()), ensure_ascii=False, allow_nan=False)


def write_json(events: Iterable[Event], fh: IO[str]) -> int:
    """Stream a JSON array of events to ``fh``; return the count."""
    fh.write("[")
    count = 0
    for event in events:
        fh.write(",\n" if count else "\n")
        fh.write(_dump(event))
        count += 1
    fh.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(events: Iterable[Event], fh: IO[str]) -> int:
    """Write one JSON object per line to ``fh``; return the count."""
    count = 0
    for event in events:
        fh.write(_dump(event))
        fh.write("\n")
        count += 1
    return count
