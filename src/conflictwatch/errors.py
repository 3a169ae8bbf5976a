"""Typed errors.  Every error says which input it concerns and why."""

from __future__ import annotations


class ConflictwatchError(Exception):
    """Base class for all errors raised by conflictwatch."""


class InputError(ConflictwatchError, ValueError):
    """An input (file, feed item, JSONL line, CSV row) cannot be processed.

    ``uri`` names the input, ``reason`` says what is wrong with it.
    """

    def __init__(self, uri: str, reason: str):
        self.uri = str(uri)
        self.reason = reason
        super().__init__(f"{self.uri}: {reason}")


class KnowledgeError(ConflictwatchError):
    """A knowledge file (triggers, actors, gazetteer) is missing or malformed."""


class StoreError(ConflictwatchError):
    """The database cannot be opened, migrated or written."""
