"""ACLED coding rules that do not depend on the text: interaction codes, ids, disorder type."""

from __future__ import annotations

import hashlib
from typing import Optional

__all__ = ["interaction_code", "event_id", "civilian_targeting"]


def interaction_code(inter1: Optional[int], inter2: Optional[int]) -> Optional[int]:
    """ACLED's interaction code: the two actor types, smaller first (e.g. 2 and 1 -> 12); one actor -> 10*inter1."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    a, b = sorted((inter1, inter2))
    return a * 10 + b


def event_id(iso3: Optional[str], doc_id: str, key: str) -> str:
    """Stable event id for the same document and event: ``<ISO3>CW<10 hex>`` (re-runs add nothing)."""
    digest = hashlib.sha1(f"{doc_id}|{key}".encode()).hexdigest()[:10].upper()
    return f"{(iso3 or 'XXX').upper()}CW{digest}"


def civilian_targeting(event_type: str, inter2: Optional[int]) -> str:
    """ACLED's civilian_targeting column: 'Civilian targeting' when civilians are the target of violence."""
    if inter2 == 7 and event_type in ("Violence against civilians", "Explosions/Remote violence"):
        return "Civilian targeting"
    return ""
