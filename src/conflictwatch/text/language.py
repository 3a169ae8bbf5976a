"""Language identification with lingua, restricted to a handful of languages."""

from __future__ import annotations

import functools
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
    return top.language.iso_code_639_1.name.lower(), round(float(top.value), 3)
