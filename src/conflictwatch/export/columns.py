"""The flat, tabular view of an Event shared by the CSV, GeoJSON and Parquet exports.

Columns are ACLED's export columns (``ACLED_COLUMNS``, in ACLED's order) then
conflictwatch's extras, prefixed ``cw_`` so that tools reading ACLED files see
ACLED's columns unchanged.
"""

from __future__ import annotations

import json
import math
from typing import Any

from conflictwatch.records import ACLED_COLUMNS, Event

__all__ = [
    "EXTRA_COLUMNS",
    "COLUMNS",
    "INT_COLUMNS",
    "FLOAT_COLUMNS",
    "BOOL_COLUMNS",
    "DATE_COLUMNS",
    "JSON_COLUMNS",
    "event_values",
    "finite",
    "to_json",
]

# cw_ column -> Event attribute (JSON columns are computed, see event_values)
_EXTRA_SOURCES: dict[str, str] = {
    "cw_fatalities_low": "fatalities_low",
    "cw_fatalities_high": "fatalities_high",
    "cw_year_inferred": "year_inferred",
    "cw_date_end": "date_end",
    "cw_doc_id": "doc_id",
    "cw_confidence": "confidence",
    "cw_evidence": "evidence",
    "cw_network1": "network1",
    "cw_network2": "network2",
    "cw_extractor": "extractor",
}
EXTRA_COLUMNS: tuple[str, ...] = tuple(_EXTRA_SOURCES)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS

INT_COLUMNS: frozenset[str] = frozenset(
    {
        "year",
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "iso",
        "geo_precision",
        "fatalities",
        "timestamp",
        "cw_fatalities_low",
        "cw_fatalities_high",
    }
)
FLOAT_COLUMNS: frozenset[str] = frozenset({"latitude", "longitude"})
BOOL_COLUMNS: frozenset[str] = frozenset({"cw_year_inferred"})
DATE_COLUMNS: frozenset[str] = frozenset({"event_date", "cw_date_end"})
JSON_COLUMNS: frozenset[str] = frozenset({"cw_confidence", "cw_evidence"})


def finite(value: Any) -> Any:
    """``value`` with NaN/infinite floats (anywhere inside) replaced by None: JSON has no NaN."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def to_json(value: Any) -> str:
    """Compact UTF-8 JSON (no spaces after separators)."""
    return json.dumps(finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def event_values(event: Event, *, json_as_text: bool) -> dict[str, Any]:
    """One event as {column: value} over ``COLUMNS``, Python-typed (None where missing).

    ``cw_confidence`` is a dict and ``cw_evidence`` a list of dicts, or their
    compact JSON text when ``json_as_text``.
    """
    out: dict[str, Any] = {c: getattr(event, c) for c in ACLED_COLUMNS}
    for column, attr in _EXTRA_SOURCES.items():
        out[column] = getattr(event, attr)
    confidence = finite(dict(event.confidence))
    evidence = [ev.to_dict() for ev in event.evidence]
    out["cw_confidence"] = to_json(confidence) if json_as_text else confidence
    out["cw_evidence"] = to_json(evidence) if json_as_text else evidence
    for column in FLOAT_COLUMNS:
        out[column] = finite(out[column])
    return out
