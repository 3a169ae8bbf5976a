"""Language identification with lingua, restricted to a handful of languages."""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Iterable, Optional

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from conflictwatch.errors import KnowledgeError
from conflictwatch.knowledge import load

_ANY_WORD = re.compile(r"[^\W\d_]+")

__all__ = ["detector", "detect_language", "function_words", "function_word_counts", "most_function_words",
           "plain_language"]

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
    """(ISO 639-1 code, confidence 0..1) of ``text``, or (None, 0.0) when it cannot tell.

    A text that plainly uses one language's function words (``document_min_hits`` of them in
    language_hints.yaml, and at most one in ``ratio`` of any other's) is that language with
    confidence 1.0 without running lingua, which says the same of every such text we checked.
    When lingua is unsure (below ``unsure_below``), the language whose function words the text
    uses most, among those lingua considered, is taken with lingua's confidence for it.
    """
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    plain = plain_language(sample, _hint_settings()[1])
    if plain is not None:
        return plain, 1.0
    values = detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    code, value = top.language.iso_code_639_1.name.lower(), round(float(top.value), 3)
    if value < _unsure_below():
        # unsure (a one-line alert): the language whose function words the text uses most, if the
        # detector considered it
        by_words = most_function_words(sample, [v.language.iso_code_639_1.name.lower() for v in values])
        if by_words and by_words != code:
            for v in values:
                if v.language.iso_code_639_1.name.lower() == by_words:
                    return by_words, round(float(v.value), 3)
    return code, value


@functools.lru_cache(maxsize=1)
def function_words() -> dict[str, str]:
    """Function word -> its language, from ``language_hints.yaml`` (one table for every use)."""
    data = load("language_hints.yaml")
    owner: dict[str, str] = {}
    for lang, words in (data.get("function_words") or {}).items():
        for w in words or ():
            if not isinstance(w, str):  # YAML reads a bare on/off/yes/no as a boolean
                raise KnowledgeError(f"language_hints.yaml: function word {w!r} of {lang!r} must be a quoted string")
            owner[w.lower()] = lang
    return owner


@functools.lru_cache(maxsize=1)
def _unsure_below() -> float:
    return float(load("language_hints.yaml").get("unsure_below", 0.0))


@functools.lru_cache(maxsize=1)
def _hint_settings() -> tuple[int, int, int, frozenset[str]]:
    """(min_hits, document_min_hits, ratio, the detector's languages) from language_hints.yaml."""
    data = load("language_hints.yaml")
    codes = frozenset(load("text_patterns.yaml").get("languages") or ("en", "fr"))
    return int(data.get("min_hits", 3)), int(data.get("document_min_hits", 20)), int(data.get("ratio", 8)), codes


def plain_language(text: str, min_hits: Optional[int] = None) -> Optional[str]:
    """The language whose function words ``text`` plainly uses: at least ``min_hits`` of them (default:
    ``min_hits`` of language_hints.yaml) and at most one in ``ratio`` of all the others'; else None."""
    passage_hits, _, ratio, codes = _hint_settings()
    counts = function_word_counts(text)
    if not counts:
        return None
    lang, mine = counts.most_common(1)[0]
    others = sum(counts.values()) - mine
    if lang not in codes or mine < (passage_hits if min_hits is None else min_hits) or others * ratio > mine:
        return None
    return lang


def function_word_counts(text: str) -> Counter[str]:
    """How many of ``text``'s words are function words of each language (:func:`function_words`)."""
    owner = function_words()
    return Counter(lang for lang in map(owner.get, _ANY_WORD.findall(text.lower())) if lang is not None)


def most_function_words(text: str, candidates: Iterable[str]) -> Optional[str]:
    """Of ``candidates``, the language whose function words ``text`` uses most (None when none, or a tie)."""
    counts = function_word_counts(text)
    ranked = sorted(((counts[c], c) for c in dict.fromkeys(candidates)), reverse=True)
    if not ranked or ranked[0][0] == 0 or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]
