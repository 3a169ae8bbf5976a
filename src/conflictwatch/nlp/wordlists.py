"""Helpers shared by the knowledge-driven NLP grammars (dates, quantities): word lists to regexes."""

from __future__ import annotations

import re
from typing import Any, Sequence

from conflictwatch.errors import KnowledgeError

__all__ = ["phrase_alternation", "check_words"]


def phrase_alternation(words: Sequence[str]) -> str:
    """A regex alternation of phrases, longest first, any whitespace between their words."""
    parts = []
    for w in sorted({str(w) for w in words}, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(tok) for tok in w.split()))
    return "(?:" + "|".join(parts) + ")"


def check_words(node: Any, name: str, path: str = "") -> None:
    """Reject list items YAML did not read as text (``on``/``no`` become booleans unless quoted)."""
    if isinstance(node, dict):
        for k, v in node.items():
            check_words(v, name, f"{path}/{k}")
    elif isinstance(node, list):
        for v in node:
            if not isinstance(v, (str, int, float, dict, list)) or isinstance(v, bool):
                raise KnowledgeError(f"knowledge file {name}: {path} holds {v!r}; quote it to make it a word")
            check_words(v, name, path)
