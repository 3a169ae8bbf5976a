"""Which language each passage of a document is in, so that mixed pages go to the right analysis chain.

The text stage sets ``Document.language`` for the whole page (lingua).  Pages
that mix languages (a French article quoting an English statement, a bilingual
press release) need the decision per passage: each line (paragraph) long enough
to tell is identified on its own; shorter ones, and ones in a language with no
analysis chain, take the document's language.  Most passages plainly use the
document language's function words (``language_hints.yaml``); those skip the
detector, which is the costliest step of a page otherwise.

    langs = passage_languages(document, sentences)     # one code per sentence
"""

from __future__ import annotations

import functools
import re
from typing import Optional, Sequence

from conflictwatch.knowledge import load, path_of
from conflictwatch.records import Document, Sentence

__all__ = ["supported_languages", "document_language", "passage_languages", "plainly_in", "MIN_PASSAGE_WORDS"]

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


def document_language(document: Document, fallback: str = "en") -> str:
    """The analysis language of the whole document: its detected language when supported, else ``fallback``.

    When the detector was unsure (a one-line note: "The rally against the junta took place in Niamey." reads
    as French to it), the supported language whose function words the text uses most decides.
    """
    lang = (document.language or "").lower().split("-")[0]
    confidence = document.language_confidence or 0.0
    if (0.0 < confidence < _analysis_unsure_below()) or (not lang and document.text):
        from conflictwatch.text.language import most_function_words

        by_words = most_function_words(document.text[:2000], supported_languages())
        if by_words is not None:
            return by_words
    return lang if lang in supported_languages() else fallback


@functools.lru_cache(maxsize=1)
def _analysis_unsure_below() -> float:
    return float(load("language_hints.yaml").get("analysis_unsure_below", 0.6))


def plainly_in(text: str, lang: str) -> bool:
    """True when ``text``'s function words are plainly ``lang``'s (language_hints.yaml): no need to ask lingua.

    A passage that is not plainly in ``lang`` is not thereby in another language: it goes to the detector.
    """
    from conflictwatch.text.language import plain_language

    return plain_language(text) == lang


def _passage_language(text: str, default: str) -> str:
    if len(_WORD.findall(text)) < MIN_PASSAGE_WORDS:
        return default
    if plainly_in(text, default):
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
