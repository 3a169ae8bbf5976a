"""Export events: ACLED-style CSV, GeoJSON, Parquet, JSON, JSON Lines.

from conflictwatch.export import write_events
write_events(store.iter_events(country="Mali"), "acled-csv", "mali.csv")
"""

from conflictwatch.export.columns import COLUMNS, EXTRA_COLUMNS
from conflictwatch.export.writer import FORMATS, write_events

__all__ = ["FORMATS", "write_events", "COLUMNS", "EXTRA_COLUMNS"]
