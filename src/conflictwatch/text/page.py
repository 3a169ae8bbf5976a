"""Plain text scraped from a web page -> headline, body paragraphs and page metadata lines.

Line-level boilerplate removal, driven by ``boilerplate.yaml``:

* lines matching ``drop_lines`` are furniture wherever they are;
* before the first body paragraph, everything but the headline and metadata
  lines (byline, "Published ...") is a menu;
* a ``tail_markers`` line ("Leave a Reply", "You May Also Like") once most of
  the body has been read starts the comments / related-articles block: it and
  everything after it are dropped;
* short lines without sentence punctuation after the last paragraph are
  footer links and tags.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from conflictwatch.text.patterns import TextPatterns

__all__ = ["PageLines", "split_page", "normalise_line", "is_paragraph"]

_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]]\s*$")
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalise_line(line: str) -> str:
    """NFC, collapse spaces (incl. no-break spaces), strip."""
    line = unicodedata.normalize("NFC", line).replace("\ufeff", "")
    return _SPACES.sub(" ", line).strip()


# A bare snippet's lines must have at least this many words to be text rather than menu items.
_SNIPPET_MIN_WORDS = 4


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def is_paragraph(line: str, p: TextPatterns) -> bool:
    """A line that reads like body text (long, or a sentence of several words)."""
    if len(line) >= p.paragraph_min_chars:
        return True
    return _words(line) >= p.paragraph_min_words and bool(_SENTENCE_END.search(line))


@dataclass
class PageLines:
    """The structure of a page read line by line."""

    title: Optional[str] = None
    paragraphs: list[str] = field(default_factory=list)
    removed: int = 0
    # metadata lines (found in the head or body, also among removed lines)
    byline_lines: list[str] = field(default_factory=list)
    published_lines: list[str] = field(default_factory=list)
    updated_lines: list[str] = field(default_factory=list)
    copyright_lines: list[str] = field(default_factory=list)


def _blocks_to_lines(text: str) -> list[str]:
    """Split into lines; re-join hard-wrapped paragraphs (blank-line separated blocks of wrapped lines)."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if not block:
            return
        if len(block) > 1:
            inner = block[:-1]
            unended = sum(1 for b in inner if not _SENTENCE_END.search(b))
            avg = sum(len(b) for b in block) / len(block)
            if unended > len(inner) / 2 and avg >= 40:
                out.append(" ".join(block))
                block.clear()
                return
        out.extend(block)
        block.clear()

    for raw_line in text.splitlines():
        line = normalise_line(raw_line)
        if line:
            block.append(line)
        else:
            flush()
    flush()
    return out


def _meta_kind(line: str, p: TextPatterns) -> Optional[str]:
    if len(line) <= 120 and p.byline.match(line):
        return "byline"
    if len(line) <= 120 and p.published_line.match(line):
        return "published"
    if len(line) <= 120 and p.updated_line.match(line):
        return "updated"
    return None


def split_page(text: str, p: TextPatterns, known_title: Optional[str] = None) -> PageLines:
    """Find the headline and body paragraphs of a scraped page and drop its furniture."""
    lines = _blocks_to_lines(text)
    page = PageLines()
    page.copyright_lines = [ln for ln in lines if p.copyright.search(ln)]
    known = normalise_line(known_title) if known_title else None
    drop = [bool(p.drop_line.fullmatch(ln)) for ln in lines]
    meta = [None if drop[i] else _meta_kind(ln, p) for i, ln in enumerate(lines)]

    def record_meta(i: int) -> None:
        kind = meta[i]
        if kind == "byline":
            page.byline_lines.append(lines[i])
        elif kind == "published":
            page.published_lines.append(lines[i])
        elif kind == "updated":
            page.updated_lines.append(lines[i])

    body_start = next(
        (i for i, ln in enumerate(lines) if not drop[i] and meta[i] is None and ln != known and is_paragraph(ln, p)),
        len(lines),
    )
    if body_start == len(lines):
        # No line reads like page body text: this is a bare snippet (a note, a feed summary, a
        # one-line report), not a scraped page. Keep its lines, minus explicit furniture.
        for i, ln in enumerate(lines):
            record_meta(i)
            if drop[i] or meta[i] is not None or _words(ln) < _SNIPPET_MIN_WORDS:
                page.removed += 1  # furniture, or a menu word ("Home", "News")
            else:
                page.paragraphs.append(ln)
        return page

    # Head: headline + metadata; the rest is menus.
    title_idx: Optional[int] = None
    for i in range(body_start):
        record_meta(i)
        if drop[i] or meta[i] is not None:
            continue
        ln = lines[i]
        if known is not None:
            if ln == known:
                title_idx = i
        elif _words(ln) >= p.headline_min_words and len(ln) <= p.headline_max_chars:
            title_idx = i  # the last candidate before the body wins
    page.title = lines[title_idx] if title_idx is not None else known
    page.removed += body_start - (1 if title_idx is not None else 0)

    # Tail: cut at the first marker once at least half of the body text has been read.
    total = sum(len(ln) for i, ln in enumerate(lines[body_start:], body_start) if not drop[i])
    seen = 0
    end = len(lines)
    for i in range(body_start, len(lines)):
        if p.tail_marker.fullmatch(lines[i]) and seen >= total / 2:
            end = i
            break
        if not drop[i]:
            seen += len(lines[i])
    page.removed += len(lines) - end

    kept: list[str] = []
    for i in range(body_start, end):
        ln = lines[i]
        if drop[i] or p.tail_marker.fullmatch(ln):
            page.removed += 1
            continue
        if meta[i] is not None:
            record_meta(i)
            page.removed += 1
            continue
        if (kept and kept[-1] == ln) or (page.title is not None and ln == page.title):
            page.removed += 1  # repeated line / repeated headline
            continue
        kept.append(ln)
    # Footer links and tags after the last paragraph.
    while kept and not is_paragraph(kept[-1], p) and _words(kept[-1]) <= p.trailing_max_words and not _SENTENCE_END.search(kept[-1]):
        kept.pop()
        page.removed += 1
    page.paragraphs = kept
    return page
