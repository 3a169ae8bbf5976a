"""Length-preserving text folding for alias matching.

Matching runs on a folded copy of the text whose characters line up one to one with
the original, so match offsets index the original text directly.  Folding removes
accents from Latin letters ("État" -> "Etat"), unifies apostrophes and dashes, and
turns line breaks and non-breaking spaces into plain spaces.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold", "fold_lower", "is_word_char", "variants", "is_acronym"]

_SPACES = "\u00a0\u202f\u2007\u2009\n\r\t\f\v"
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb`\u00b4\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        decomposed = unicodedata.normalize("NFD", ch)
        if len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha():
            table[cp] = decomposed[0]
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _APOSTROPHES:
        table[ord(ch)] = "'"
    for ch in _DASHES:
        table[ord(ch)] = "-"
    return table


def fold(text: str) -> str:
    """Accent-, apostrophe-, dash- and space-folded ``text`` of the same length."""
    return text.translate(_table())


def fold_lower(text: str) -> str:
    """:func:`fold` of the lower-cased text, still the same length as ``text``."""
    low = text.lower()
    if len(low) != len(text):  # e.g. "İ" lower-cases to two code points
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return fold(low)


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def is_acronym(alias: str) -> bool:
    """An alias without lower-case letters ("JNIM", "U.S.", "MSA-D") is matched by case."""
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


_MULTISPACE = re.compile(r"\s+")


def variants(alias: str) -> set[str]:
    """Surface variants of an alias: spaces normalised, hyphens as spaces and joined."""
    base = _MULTISPACE.sub(" ", alias.strip())
    out = {base}
    if "-" in base:
        out.add(base.replace("-", " "))
        out.add(re.sub(r"\s*-\s*", "-", base))
    return {v for v in out if v}
