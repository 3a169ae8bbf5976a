"""Language identification with lingua, restricted to a handful of languages."""

from __future__ import annotations

import functools
import re
from typing import Optional

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from conflictwatch.errors import KnowledgeError
from conflictwatch.knowledge import load

__all__ = ["detector", "detect_language"]

_SAMPLE_CHARS = 3000


@functools.lru_cache(maxsize=4)
def detector(codes: tuple[str, ...] = ()) -> LanguageDetector:
    """A lingua detector for ``codes`` (default: ``languages`` in text_patterns.yaml); built once."""
    if not codes:
        codes = tuple(load("text_patterns.yaml").get("languages") or ("en", "fr"))
    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except AttributeError as exc:
            raise KnowledgeError(f"text_patterns.yaml: unknown language code {code!r}") from exc
    if len(languages) < 2:
        raise KnowledgeError("text_patterns.yaml: 'languages' needs at least two languages")
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> tuple[Optional[str], float]:
    """(ISO 639-1 code, confidence 0..1) of ``text``, or (None, 0.0) when it cannot tell."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    values = detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    code, value = top.language.iso_code_639_1.name.lower(), round(float(top.value), 3)
    if value < _unsure_below():
        by_words = _function_word_language(sample)
        if by_words and by_words != code:
            for v in values:
                if v.language.iso_code_639_1.name.lower() == by_words:
                    return by_words, round(float(v.value), 3)
    return code, value


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@functools.lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    return {code: frozenset(w.lower() for w in words)
            for code, words in (load("text_patterns.yaml").get("function_words") or {}).items()}


@functools.lru_cache(maxsize=1)
def _unsure_below() -> float:
    return float(load("text_patterns.yaml").get("unsure_below", 0.0))


def _function_word_language(text: str) -> Optional[str]:
    """The language whose function words occur most often in ``text`` (None on a tie or none)."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    counts = sorted(((sum(t in words for t in tokens), code) for code, words in _function_words().items()), reverse=True)
    if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return None
    return counts[0][1]
