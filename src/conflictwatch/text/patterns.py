"""Compiled patterns from the text-stage knowledge files (built once, cached)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Pattern

from conflictwatch.errors import KnowledgeError
from conflictwatch.knowledge import load

__all__ = ["TextPatterns", "text_patterns", "word_alternation"]

_FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class TextPatterns:
    """Everything the text stage matches against, compiled from knowledge YAML."""

    boilerplate_version: Any
    patterns_version: Any
    drop_line: Pattern[str]
    tail_marker: Pattern[str]
    paragraph_min_words: int
    paragraph_min_chars: int
    headline_min_words: int
    headline_max_chars: int
    trailing_max_words: int
    months: dict[str, int]
    month_re: str  # alternation of month names, longest first
    caption_credit: Pattern[str]
    dateline: Pattern[str]
    byline: Pattern[str]
    reported_from: Pattern[str]
    contributed: Pattern[str]
    copyright: Pattern[str]
    published_line: Pattern[str]
    updated_line: Pattern[str]
    correction_line: Pattern[str]
    outlet_credit: Pattern[str]  # "(Meridian Press)": an outlet's name in brackets


def word_alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of literal words and phrases, longest first, any whitespace
    between the words of a phrase; one that never matches when there are none."""
    keys = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys) or r"(?!x)x"


def _compile(name: str, pattern: str) -> Pattern[str]:
    try:
        return re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise KnowledgeError(f"bad regular expression for {name!r}: {exc} in {pattern!r}") from exc


def _alternation(name: str, items: list[str]) -> Pattern[str]:
    if not items:
        raise KnowledgeError(f"{name}: empty pattern list")
    for i, item in enumerate(items):
        _compile(f"{name}[{i}]", item)
    return _compile(name, "(?:" + "|".join(f"(?:{p})" for p in items) + ")")


def _outlet_credit(words: list[str]) -> Pattern[str]:
    """A bracketed capitalised name of at most six words, one of them an outlet word ("(Lakeside News
    Agency)", "(Agence du Lac)"); matches nothing when no words are listed."""
    if not words:
        return re.compile(r"(?!)")
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    word = r"[\w'’.&-]+"
    return re.compile(
        rf"\(\s*(?=[A-ZÀ-Ý])(?=[^()\n]{{0,60}}\b(?:{alt})\b)(?:{word}\s+){{0,5}}{word}\s*\)", re.UNICODE
    )


def _caption_credit(agencies: list[str], max_chars: int, prefix: str) -> Pattern[str]:
    names = "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True))
    inner = rf"[^()]{{0,{max_chars}}}"
    # "(Benoit Tessier/Reuters)", "(AFP)", "(Photo: Jane Roe/AFP)" at the end of the line,
    # or a "Photo: Jane Roe/AFP" tail.
    return _compile(
        "caption",
        rf"(?:\((?:{inner}/{inner}|{inner}\b(?:{names})\b{inner})\)|(?:^|\s)(?:{prefix})\s*[^()]{{2,{max_chars}}})\s*$",
    )


@functools.lru_cache(maxsize=4)
def _build(_key: str = "default") -> TextPatterns:
    bp = load("boilerplate.yaml")
    tp = load("text_patterns.yaml")
    try:
        layout = bp["layout"]
        months = {str(k).lower(): int(v) for k, v in tp["months"].items()}
        month_re = "(?i:" + "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True)) + ")"
        cap = tp["caption"]
        names = "|".join(re.escape(a) for a in sorted(tp["agencies"], key=len, reverse=True))
        dl = tp["dateline"]
        max_place = int(dl["max_place_chars"])
        caps_place = rf"[A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{{1,{max_place}}}"
        letter = r"(?:[^\W\d_]|['’.\- ])"
        title_place = rf"[A-ZÀ-Ý]{letter}{{1,{max_place}}}?"
        second = rf"(?:,\s*(?!(?:{month_re})\.?\s+\d)[A-ZÀ-Ý]{letter}{{1,{max_place}}}?)?"
        date = rf"(?:,?\s*(?:(?:{month_re})\.?\s+\d{{1,2}}|\d{{1,2}}(?:er)?\s+(?:{month_re})\.?)(?:,?\s+\d{{4}})?)"
        # a known agency, or any short capitalised outlet name in brackets ("(Example Wire)")
        agency = rf"\(\s*(?:{names}|[A-Z][\w.&'’ -]{{1,40}})\s*\)"
        dashes = dl["dashes"]
        # Case-sensitive: the ALL-CAPS form and the Title-case form differ.
        dateline = re.compile(
            rf"^(?:(?P<caps>{caps_place}{second})(?P<date0>{date})?\s*(?:{agency})?\s*(?:{dashes})\s+"
            rf"|(?P<title>{title_place}{second})(?:(?P<date1>{date})\s*(?:{agency})?|\s*{agency})\s*(?:{dashes})\s+)",
            re.UNICODE,
        )
        cr = tp["credits"]
        dated = tp["dated_lines"]
        return TextPatterns(
            boilerplate_version=bp["version"],
            patterns_version=tp["version"],
            drop_line=_alternation("drop_lines", list(bp["drop_lines"])),
            tail_marker=_alternation("tail_markers", list(bp["tail_markers"])),
            paragraph_min_words=int(layout["paragraph_min_words"]),
            paragraph_min_chars=int(layout["paragraph_min_chars"]),
            headline_min_words=int(layout["headline_min_words"]),
            headline_max_chars=int(layout["headline_max_chars"]),
            trailing_max_words=int(layout["trailing_max_words"]),
            months=months,
            month_re=month_re,
            caption_credit=_caption_credit(list(tp["agencies"]), int(cap["credit_max_chars"]), cap["credit_prefix"]),
            dateline=dateline,
            byline=re.compile(cr["byline"], re.UNICODE),
            reported_from=re.compile(cr["reported_from"], re.UNICODE),
            contributed=re.compile(cr["contributed"], re.UNICODE),
            copyright=_compile("copyright", tp["copyright"]),
            published_line=_compile("dated_lines.published", dated["published"]),
            updated_line=_compile("dated_lines.updated", dated["updated"]),
            correction_line=_compile("dated_lines.correction", dated["correction"]),
            outlet_credit=_outlet_credit(list(tp.get("outlet_credit_words", []))),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeError(f"boilerplate.yaml / text_patterns.yaml: missing or malformed entry: {exc}") from exc


def text_patterns() -> TextPatterns:
    """The compiled text-stage patterns (loaded from knowledge YAML once per process)."""
    return _build()
