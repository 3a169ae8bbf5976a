"""Parquet with an explicit, typed schema (pyarrow).

Integers are nullable ``int32``/``int64``, coordinates ``float64``, dates
``date32``, the year-inferred flag ``bool``, everything else UTF-8 strings;
``cw_confidence`` and ``cw_evidence`` are JSON text.  Events are written in
row groups as they come, so a large export is not held in memory.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from conflictwatch.export.columns import (
    BOOL_COLUMNS,
    COLUMNS,
    DATE_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    event_values,
)
from conflictwatch.records import Event

__all__ = ["arrow_schema", "write_parquet", "ROW_GROUP_SIZE"]

ROW_GROUP_SIZE = 10_000
_INT64_COLUMNS = frozenset({"timestamp"})


def _arrow_type(column: str) -> pa.DataType:
    if column in INT_COLUMNS:
        return pa.int64() if column in _INT64_COLUMNS else pa.int32()
    if column in FLOAT_COLUMNS:
        return pa.float64()
    if column in BOOL_COLUMNS:
        return pa.bool_()
    if column in DATE_COLUMNS:
        return pa.date32()
    return pa.string()


@functools.lru_cache(maxsize=1)
def arrow_schema() -> pa.Schema:
    """The Parquet schema of an events export (column order = ``COLUMNS``)."""
    fields = [pa.field(c, _arrow_type(c), nullable=True) for c in COLUMNS]
    return pa.schema(
        fields,
        metadata={
            b"conflictwatch.format": b"events/1",
            b"conflictwatch.columns": b"ACLED export columns, then cw_ extras; cw_confidence/cw_evidence are JSON",
        },
    )


def _date(value: Any, event: Event, column: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"event {event.event_id_cnty}: {column}={value!r} is not an ISO date") from exc


def _batches(events: Iterable[Event], size: int) -> Iterator[pa.RecordBatch]:
    schema = arrow_schema()
    columns: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for event in events:
        values = event_values(event, json_as_text=True)
        for column in COLUMNS:
            value = values[column]
            if column in DATE_COLUMNS:
                value = _date(value, event, column)
            columns[column].append(value)
        if len(columns["event_id_cnty"]) >= size:
            yield pa.RecordBatch.from_pydict(columns, schema=schema)
            columns = {c: [] for c in COLUMNS}
    if columns["event_id_cnty"]:
        yield pa.RecordBatch.from_pydict(columns, schema=schema)


def write_parquet(events: Iterable[Event], fh: IO[bytes], *, row_group_size: int = ROW_GROUP_SIZE) -> int:
    """Write events to the binary stream ``fh`` as one Parquet file; return the count."""
    count = 0
    with pq.ParquetWriter(fh, arrow_schema()) as writer:
        for batch in _batches(events, row_group_size):
            writer.write_batch(batch)
            count += batch.num_rows
    return count
