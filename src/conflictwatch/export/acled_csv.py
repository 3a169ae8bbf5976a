"""ACLED-style CSV: ACLED's columns in ACLED's order, then ``cw_`` extras.

Values are written the way ACLED's exports write them: ISO dates
(``YYYY-MM-DD``), plain integers, an empty cell for a missing value.  Text
cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) get a leading apostrophe; numbers in
numeric columns are never touched, so negative longitudes stay numbers.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

from conflictwatch.export.columns import (
    BOOL_COLUMNS,
    COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    event_values,
)
from conflictwatch.records import Event

__all__ = ["write_acled_csv", "neutralise_formula", "format_cell"]

# ASCII triggers plus their full-width forms, which some spreadsheets also evaluate.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMERIC = INT_COLUMNS | FLOAT_COLUMNS


def neutralise_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def format_cell(column: str, value: Any) -> str:
    """One CSV cell: '' for missing, ISO dates, plain numbers, neutralised text."""
    if value is None:
        return ""
    if column in BOOL_COLUMNS or isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if column in INT_COLUMNS and value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if column in _NUMERIC and _is_number(text):
        return text.strip()
    return neutralise_formula(text)


def write_acled_csv(events: Iterable[Event], fh: IO[str]) -> int:
    """Write the header and one row per event to the text stream ``fh``; return the row count."""
    writer = csv.writer(fh)
    writer.writerow(COLUMNS)
    count = 0
    for event in events:
        values = event_values(event, json_as_text=True)
        writer.writerow([format_cell(c, values[c]) for c in COLUMNS])
        count += 1
    return count
