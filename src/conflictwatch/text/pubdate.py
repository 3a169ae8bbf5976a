"""Publication date: what is known, from which evidence, and how sure.

Evidence, strongest first: the source's own date (RSS pubDate, JSONL
``published``), HTML metadata, explicit "Published ..." lines, the date in a
dateline; and weak evidence: "Updated ..." lines and correction notes (on or
after publication), a copyright year and the fetch date (upper bounds).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from conflictwatch.records import PublicationDate
from conflictwatch.text.patterns import TextPatterns

__all__ = ["PartialDate", "parse_date_text", "parse_iso", "DateEvidence", "estimate_publication_date"]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as written: the year and/or day may be missing."""

    year: Optional[int]
    month: Optional[int]
    day: Optional[int]
    text: str

    @property
    def complete(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None

    def iso(self, year: Optional[int] = None) -> Optional[str]:
        y = self.year if self.year is not None else year
        if y is None or self.month is None:
            return None
        day = self.day or 1
        try:
            return dt.date(y, self.month, day).isoformat()
        except ValueError:
            return None


# A publication year outside this window is not a date of news reporting (year 1, year 9999): ignored.
_MIN_YEAR, _MAX_YEAR = 1900, 2199


def _valid(y: Optional[int], m: int, d: Optional[int]) -> bool:
    if not 1 <= m <= 12:
        return False
    if y is not None and not _MIN_YEAR <= y <= _MAX_YEAR:
        return False
    if d is None:
        return True
    last = calendar.monthrange(y if y else 2000, m)[1]  # 2000 is a leap year: Feb. 29 allowed
    return 1 <= d <= last


def parse_iso(value: str) -> Optional[PartialDate]:
    """Parse an ISO date/datetime string ("2020-02-22", "2020-02-22T10:00:00Z", "2020-02")."""
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    d = int(m.group(3)) if m.group(3) else None
    if not _valid(y, mo, d):
        return None
    return PartialDate(y, mo, d, value)


def parse_date_text(text: str, patterns: TextPatterns) -> Optional[PartialDate]:
    """Find the first date written in ``text`` ("Feb. 22", "22 février 2021", "February 22, 2020", ISO)."""
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        y, mo, d = (int(g) for g in iso.groups())
        if _valid(y, mo, d):
            return PartialDate(y, mo, d, iso.group(0))
    month = patterns.month_re
    mdy = re.search(rf"\b(?P<m>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?", text)
    dmy = re.search(rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<m>{month})\.?(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?\b", text)
    my = re.search(rf"\b(?P<m>{month})\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b", text)
    found = [x for x in (mdy, dmy) if x]
    if found:
        best = min(found, key=lambda x: x.start())
        mo = patterns.months[best.group("m").lower()]
        d = int(best.group("d"))
        y = int(best.group("y")) if best.group("y") else None
        if _valid(y, mo, d):
            return PartialDate(y, mo, d, best.group(0))
    if my:
        mo = patterns.months[my.group("m").lower()]
        return PartialDate(int(my.group("y")), mo, None, my.group(0))
    return None


@dataclass
class DateEvidence:
    """Date facts collected from a document, each with the literal string it came from."""

    hint: Optional[str] = None  # raw.published
    hint_origin: str = "source"
    metadata: Optional[str] = None  # HTML metadata date
    published_lines: list[str] = field(default_factory=list)
    updated_lines: list[str] = field(default_factory=list)
    correction_lines: list[tuple[str, str]] = field(default_factory=list)  # (evidence, date text)
    dateline_date: Optional[str] = None
    copyright_years: list[tuple[int, str]] = field(default_factory=list)  # (year, evidence)
    fetched: Optional[str] = None


def _year_for(month: int, day: Optional[int], latest: Optional[dt.date]) -> Optional[int]:
    """The latest year in which month/day falls on or before ``latest``."""
    if latest is None:
        return None
    y = latest.year
    try:
        if dt.date(y, month, day or 1) > latest:
            y -= 1
    except ValueError:  # Feb. 29 in a non-leap year
        y -= 1
    return y


def _full(value: Optional[str], patterns: TextPatterns) -> Optional[PartialDate]:
    if not value:
        return None
    return parse_iso(value) or parse_date_text(value, patterns)


def _precision(p: PartialDate) -> int:
    return 1 if p.day is not None else 3


def estimate_publication_date(ev: DateEvidence, patterns: TextPatterns) -> PublicationDate:
    """Combine the evidence into one PublicationDate (best estimate, bounds, confidence)."""
    bounds: list[tuple[dt.date, str, str]] = []  # (date, why, evidence)
    for year, text in ev.copyright_years:
        bounds.append((dt.date(year, 12, 31), f"copyright year {year} (page rendered then)", text))
    fetched = _full(ev.fetched, patterns)
    if fetched and fetched.complete:
        bounds.append((dt.date(fetched.year, fetched.month, fetched.day), "fetch date", ev.fetched or ""))
    for line in ev.updated_lines:
        p = parse_date_text(line, patterns)
        if p and p.complete:
            bounds.append((dt.date(p.year, p.month, p.day), "updated-on date", line))
    corrections = []
    for evidence, date_text in ev.correction_lines:
        p = parse_date_text(date_text, patterns)
        if p and p.month:
            corrections.append((p, evidence))
            if p.complete:
                bounds.append((dt.date(p.year, p.month, p.day), "correction date", evidence))
    latest_bound = min(bounds, key=lambda b: b[0]) if bounds else None

    def finish(
        p: PartialDate, confidence: float, basis: str, evidence: list[str], inferred: bool = False, is_bound: bool = False
    ) -> PublicationDate:
        year = p.year if p.year is not None else _year_for(p.month or 1, p.day, latest_bound[0] if latest_bound else None)
        value = p.iso(year)
        latest = latest_bound[0] if latest_bound else None
        if is_bound and value is not None:  # the date itself (a correction) is on or after publication
            latest = min(latest, dt.date.fromisoformat(value)) if latest else dt.date.fromisoformat(value)
        evidence = list(evidence)
        if latest_bound and latest_bound[2] not in evidence:
            evidence.append(latest_bound[2])
        if latest is not None and value is not None and dt.date.fromisoformat(value) > latest:
            basis += f"; but it is later than the upper bound from the {latest_bound[1]}"
            confidence = min(confidence, 0.3)
        return PublicationDate(
            value=value,
            precision=_precision(p) if value else 3,
            year_inferred=inferred or (p.year is None and value is not None),
            confidence=round(confidence if value else 0.0, 2),
            latest=latest.isoformat() if latest else None,
            basis=basis,
            evidence=tuple(e for e in evidence if e),
        )

    hint = _full(ev.hint, patterns)
    if hint and hint.month:
        return finish(hint, 0.95, f"date given by the {ev.hint_origin}", [ev.hint or ""])
    meta = _full(ev.metadata, patterns)
    if meta and meta.month:
        return finish(meta, 0.85, "date in the page's HTML metadata", [ev.metadata or ""])
    for line in ev.published_lines:
        p = parse_date_text(line, patterns)
        if p and p.month and p.year:
            return finish(p, 0.8, "'published' line on the page", [line])
    dl = parse_date_text(ev.dateline_date, patterns) if ev.dateline_date else None
    if dl and dl.month and dl.day:
        if dl.year:
            return finish(dl, 0.75, "date in the dateline", [ev.dateline_date or ""])
        if latest_bound:
            return finish(
                dl, 0.45,
                f"day and month from the dateline; year not stated, taken as the latest year allowed by the {latest_bound[1]}",
                [ev.dateline_date or ""],
            )
    for line in ev.updated_lines:
        p = parse_date_text(line, patterns)
        if p and p.complete:
            return finish(p, 0.5, "'updated' line (publication was on or before it)", [line], is_bound=True)
    if corrections:
        p, evidence = min(corrections, key=lambda c: (c[0].month or 0, c[0].day or 0))
        if p.year is not None:
            return finish(p, 0.5, "correction note dated on or after publication", [evidence], is_bound=True)
        if latest_bound:
            basis = (
                f"day and month from a correction note (published on or shortly before it); "
                f"year not stated, taken as the latest year allowed by the {latest_bound[1]}"
            )
            return finish(p, 0.3, basis, [evidence], inferred=True, is_bound=True)
        return PublicationDate(
            basis="correction note gives day and month only; year unknown",
            evidence=(evidence,),
        )
    if fetched and fetched.complete:
        return PublicationDate(
            value=fetched.iso(),
            precision=3,
            confidence=0.2,
            latest=latest_bound[0].isoformat() if latest_bound else None,
            basis="no publication date on the page; fetch date used as a rough estimate (an upper bound)",
            evidence=(ev.fetched or "",),
        )
    if latest_bound:
        return PublicationDate(
            latest=latest_bound[0].isoformat(),
            basis=f"no publication date; only an upper bound from the {latest_bound[1]}",
            evidence=(latest_bound[2],),
        )
    return PublicationDate()
