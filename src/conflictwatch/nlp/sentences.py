"""Rule-based sentence splitting over the clean text, with character offsets.

Fast (a regex scan, no model) and aware of news-writing abbreviations ("Brig.
Gen.", "Feb. 3", "U.S.") kept in ``knowledge/sentences.yaml``.  Paragraph and
line breaks always end a sentence; caption spans mark their sentences.
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

from conflictwatch import knowledge
from conflictwatch.records import Sentence

__all__ = ["split_sentences", "sentence_index"]

# Candidate boundary: end punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"'“‘«(\[]*([A-ZÀ-ÖØ-Þ0-9])")
_LINE_BREAK = re.compile(r"\n+")


@functools.lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    data = knowledge.load("sentences.yaml")["abbreviations"]
    out: set[str] = set()
    for group in data.values():
        out.update(str(a) for a in group)
    return frozenset(out)


def _is_abbreviation(text: str, dot: int, abbrevs: frozenset[str]) -> bool:
    """Is the period at index ``dot`` the end of an abbreviation or an initial?"""
    j = dot
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "(\"“‘'":
        j -= 1
    word = text[j:dot]
    if not word:
        return False
    if word in abbrevs:
        return True
    # single capital initial ("J. Smith") or dotted acronym ("U.S", "A.Q.I.M")
    if len(word) == 1 and word.isupper():
        return True
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word))


def split_sentences(text: str, captions: Sequence[tuple[int, int]] = ()) -> tuple[Sentence, ...]:
    """Split ``text`` into sentences with offsets into ``text``."""
    abbrevs = _abbreviations()
    sentences: list[Sentence] = []
    pos = 0
    # paragraphs / lines first
    for line_match in re.finditer(r"[^\n]+", text):
        line_start, line_end = line_match.span()
        cuts = [line_start]
        for m in _BOUNDARY.finditer(text, line_start, line_end):
            end = m.end()
            nxt = _NEXT_START.match(text, end, line_end)
            if not nxt:
                continue
            punct = m.group(0)
            if punct.startswith(".") and len(punct.rstrip("\"'”’»)]")) == 1:
                if _is_abbreviation(text, m.start(), abbrevs):
                    continue
            cuts.append(end)
        cuts.append(line_end)
        for a, b in zip(cuts, cuts[1:]):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a >= b:
                continue
            in_caption = any(cs <= a and b <= ce for cs, ce in captions)
            sentences.append(Sentence(len(sentences), a, b, text[a:b], in_caption))
        pos = line_end
    del pos
    return tuple(sentences)


def sentence_index(sentences: Sequence[Sentence], offset: int) -> int:
    """Index of the sentence containing character ``offset`` (-1 if none)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return mid
    return -1
