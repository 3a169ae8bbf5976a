"""Name normalisation shared by the gazetteer build, lookups and the toponym matcher.

``fold(text)`` is *length-preserving*: every character maps to exactly one
character (accents stripped, lower-cased, hyphens and curly apostrophes
unified), so offsets found in the folded text index the original text too.
``name_key(name)`` is ``fold`` plus whitespace collapsing: the key stored in the
gazetteer's ``names`` table.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold", "name_key", "slug", "is_latin_name"]

_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "_": " ",
    "\u00df": "s", "\u00e6": "a", "\u00c6": "a", "\u0153": "o", "\u0152": "o",
    "\u00f8": "o", "\u00d8": "o", "\u0131": "i", "\u0142": "l", "\u0141": "l", "\u0111": "d", "\u0110": "d",
}


def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if len(base) == 1:
        return base
    low = ch.lower()
    return low if len(low) == 1 else ch


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """Translation table for the BMP's Latin, punctuation and symbol blocks."""
    table: dict[int, str] = {}
    for cp in list(range(0x20, 0x250)) + list(range(0x1E00, 0x2070)):
        ch = chr(cp)
        folded = _fold_char(ch)
        if folded != ch:
            table[cp] = folded
    return table


def fold(text: str) -> str:
    """Lower-case, strip accents, unify hyphens/apostrophes; same length as ``text``."""
    return text.translate(_table())


_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Normalised lookup key: ``"Tillabéri"`` and ``"TILLABERI"`` → ``"tillaberi"``."""
    return _SPACES.sub(" ", fold(name)).strip(" .,;:'\"()")


def slug(name: str) -> str:
    """ASCII identifier fragment: ``"Ndaki Fô"`` → ``"ndaki-fo"``."""
    return re.sub(r"[^a-z0-9]+", "-", name_key(name)).strip("-") or "x"


def is_latin_name(name: str) -> bool:
    """True when every letter of ``name`` is Latin script and at least one letter is upper-case."""
    has_upper = False
    for ch in name:
        if ch.isalpha():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return False
            if ch.isupper():
                has_upper = True
    return has_upper
