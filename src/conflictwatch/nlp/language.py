"""Which language each passage of a document is in, so that mixed pages go to the right analysis chain.

The text stage sets ``Document.language`` for the whole page (lingua).  Pages
that mix languages (a French article quoting an English statement, a bilingual
press release) need the decision per passage: each line (paragraph) long enough
to tell is identified on its own; shorter ones, and ones in a language with no
analysis chain, take the document's language.

    langs = passage_languages(document, sentences)     # one code per sentence
"""

from __future__ import annotations

import functools
import re
from typing import Optional, Sequence

from conflictwatch.knowledge import path_of
from conflictwatch.records import Document, Sentence

__all__ = ["supported_languages", "document_language", "passage_languages", "MIN_PASSAGE_WORDS"]

# A passage with fewer words than this takes the document's language (lingua is unreliable on a few words).
MIN_PASSAGE_WORDS = 8
# A passage leaves the document's language only when lingua is at least this sure of another one.
MIN_CONFIDENCE = 0.9
_WORD = re.compile(r"[^\W\d_]{2,}")
_CANDIDATES = ("en", "fr", "ar", "es", "pt", "de")


@functools.lru_cache(maxsize=1)
def supported_languages() -> tuple[str, ...]:
    """Languages with an analysis chain: those with a triggers knowledge file (English first)."""
    return tuple(code for code in _CANDIDATES if path_of(f"triggers_{code}.yaml").exists())


# Below this detector confidence (short notes, headlines) the document's own function words decide.
UNSURE_CONFIDENCE = 0.6


@functools.lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    """Each supported language's function words ("the", "of", "was" / "le", "des", "été"), from its triggers file."""
    from conflictwatch import knowledge

    out: dict[str, frozenset[str]] = {}
    for code in supported_languages():
        words = knowledge.load(f"triggers_{code}.yaml").get("function_words") or ()
        out[code] = frozenset(str(w).lower() for w in words)
    return out


def document_language(document: Document, fallback: str = "en") -> str:
    """The analysis language of the whole document: its detected language when supported, else ``fallback``.

    When the detector was unsure (a one-line note: "An anti-France protest took place in Bamako." reads
    as French to it), the supported language whose function words the text uses most decides.
    """
    lang = (document.language or "").lower().split("-")[0]
    confidence = document.language_confidence or 0.0
    if (0.0 < confidence < UNSURE_CONFIDENCE) or (not lang and document.text):
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", document.text[:2000])]
        counts = {code: sum(w in table for w in words) for code, table in _function_words().items()}
        if counts and max(counts.values()) > 0:
            return max(counts, key=lambda code: (counts[code], code == lang))
    return lang if lang in supported_languages() else fallback


def _passage_language(text: str, default: str) -> str:
    if len(_WORD.findall(text)) < MIN_PASSAGE_WORDS:
        return default
    from conflictwatch.text.language import detect_language

    lang, confidence = detect_language(text)
    if lang is None or confidence < MIN_CONFIDENCE or lang not in supported_languages():
        return default
    return lang


def passage_languages(document: Document, sentences: Sequence[Sentence], default: Optional[str] = None) -> tuple[str, ...]:
    """The language of every sentence (parallel to ``sentences``), decided per line of the clean text."""
    default = default or document_language(document)
    text = document.text
    out: list[str] = []
    cache: dict[tuple[int, int], str] = {}
    for s in sentences:
        a = text.rfind("\n", 0, s.start) + 1
        b = text.find("\n", s.end)
        b = len(text) if b < 0 else b
        key = (a, b)
        if key not in cache:
            cache[key] = _passage_language(text[a:b], default)
        out.append(cache[key])
    return tuple(out)
