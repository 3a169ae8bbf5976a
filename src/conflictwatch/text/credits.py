"""Bylines, credit lines, copyright lines and datelines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from conflictwatch.text.patterns import TextPatterns

__all__ = ["Dateline", "find_dateline", "byline_names", "copyright_facts", "place_case", "is_caption"]

_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bet\b)\s*")


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str  # title-cased as written: "Nouakchott, Mauritania"
    start: int  # span of the place as written in the paragraph
    end: int
    date_text: Optional[str]  # "Jan 5" when the dateline carries a date


def place_case(place: str) -> str:
    """"NOUAKCHOTT, Mauritania" -> "Nouakchott, Mauritania" (ALL-CAPS words title-cased)."""

    def fix(word: str) -> str:
        if word.isupper() and len(word) > 1:
            return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
        return word

    return " ".join(fix(w) for w in place.split(" "))


def find_dateline(paragraph: str, p: TextPatterns) -> Optional[Dateline]:
    """The dateline at the start of the first paragraph, if any."""
    m = p.dateline.match(paragraph)
    if not m:
        return None
    group = "caps" if m.group("caps") else "title"
    raw = m.group(group)
    place = raw.rstrip(" ,")
    start = m.start(group)
    date_text = (m.group("date0") or m.group("date1") or "").strip(" ,") or None
    return Dateline(place=place_case(place), start=start, end=start + len(place), date_text=date_text)


def is_caption(paragraph: str, p: TextPatterns) -> bool:
    """A photo caption: a line ending with a photo credit such as "(Benoit Tessier/Reuters)"."""
    if len(paragraph) > 600:
        return False
    body = paragraph.strip()
    if body.startswith("(") and body.endswith(")") and body.count("(") == 1:
        return False  # a whole parenthesised paragraph is an aside, not a caption
    return bool(p.caption_credit.search(body))


def _names(text: str) -> list[str]:
    return [n.strip(" .") for n in _NAME_SPLIT.split(text) if n.strip(" .")]


def byline_names(byline_lines: Iterable[str], paragraphs: Iterable[str], p: TextPatterns) -> list[str]:
    """Author names from "By X" lines and from credit lines ("X reported from Y.")."""
    names: list[str] = []
    for line in byline_lines:
        m = p.byline.match(line)
        if m:
            names.extend(_names(m.group("names")))
    for para in paragraphs:
        for pattern in (p.reported_from, p.contributed):
            for m in pattern.finditer(para):
                names.extend(_names(m.group("names")))
    seen: list[str] = []
    for n in names:
        if n and n not in seen:
            seen.append(n)
    return seen


def copyright_facts(lines: Iterable[str], p: TextPatterns) -> tuple[Optional[str], list[tuple[int, str]]]:
    """Publisher name and copyright years (with the literal "Copyright © 2021") from copyright lines."""
    publisher: Optional[str] = None
    years: list[tuple[int, str]] = []
    for line in lines:
        m = p.copyright.search(line)
        if not m:
            continue
        year = int(m.group("year2") or m.group("year"))
        years.append((year, line[m.start() : m.end("year2") if m.group("year2") else m.end("year")]))
        name = (m.group("name") or "").strip(" ,-–")
        if publisher is None and name and re.search(r"[A-Za-zÀ-ÿ]", name):
            publisher = name
    return publisher, years
