"""conflictwatch: geocoded, evidenced conflict events from news reporting."""

__version__ = "0.1.0"
