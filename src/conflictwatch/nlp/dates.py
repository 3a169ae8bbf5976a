"""Date expressions in text, resolved against the publication date.

``find_dates(text, sentences, published)`` finds absolute dates ("31 July
2020", "Feb. 3", "in mid-January", "late 2019", "between 3 and 5 July") and
relative ones ("yesterday", "last Tuesday", "late last year", "two days ago",
"in recent months") and returns them as :class:`DateMention` records in text
order.

All patterns are regular expressions compiled from the knowledge file
``dates_<lang>.yaml`` (month and weekday names, modifiers, relative phrases),
so adding a language means adding a knowledge file.  No expression goes
through ``dateparser``: the common patterns are covered here, and fast.

Resolution rules (documented here because callers depend on them):

* a day or month without a year takes the most recent such day/month not
  after the publication date (``year_inferred=True``);
* "last July" / "last Tuesday": the most recent one strictly before the
  publication date; plain "Tuesday": the most recent one not after it;
* "since X" runs from the start of X to the publication date (precision 3);
* precision is 1 for a day, 2 for a period of at most 7 days or a named part
  of a month ("mid-January"), 3 otherwise;
* with no publication date, expressions that need one still come back, with
  ``start_date``/``end_date`` None and low confidence;
* ``year_inferred`` is also set when the resolution used a publication date
  whose own year was inferred.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable, Optional, Sequence

from conflictwatch import knowledge
from conflictwatch.errors import KnowledgeError
from conflictwatch.nlp.wordlists import check_words as _check_words
from conflictwatch.nlp.wordlists import phrase_alternation as _words_re
from conflictwatch.records import DateMention, PublicationDate, Sentence

__all__ = ["find_dates", "DateGrammar", "grammar"]

# A stand-in reference date used to work out the precision of a relative
# expression when the publication date is unknown; its dates are discarded.
_DUMMY_REF = date(2001, 6, 13)
# Longest stretch of text a date pattern can match on either side of an anchor.
_PAD = 64
_TOKEN_RE = re.compile(r"[^\W_]+")
# Anchor classes: what a window of text contains, and what a pattern needs.
_DIGIT, _MONTH, _WEEKDAY, _RELWORD = 1, 2, 4, 8


# ---------------------------------------------------------------------------
# small date helpers
# ---------------------------------------------------------------------------


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _safe_date(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _recent_day(m: int, d: int, ref: date) -> Optional[date]:
    """The most recent day ``d`` of month ``m`` not after ``ref``."""
    for y in range(ref.year, ref.year - 8, -1):
        cand = _safe_date(y, m, d)
        if cand is not None and cand <= ref:
            return cand
    return None


def _recent_month_year(m: int, ref: date, strict: bool) -> int:
    """Year of the most recent month ``m`` starting not after ``ref`` (``strict``: before ref's month)."""
    if m < ref.month or (m == ref.month and not strict):
        return ref.year
    return ref.year - 1


def _recent_weekday(wd: int, ref: date, strict: bool) -> date:
    back = (ref.weekday() - wd) % 7
    if back == 0 and strict:
        back = 7
    return ref - timedelta(days=back)


def _precision(start: date, end: date) -> int:
    days = (end - start).days + 1
    if days <= 1:
        return 1
    if days <= 7:
        return 2
    return 3




def _norm(s: str) -> str:
    return " ".join(s.lower().replace(".", " ").split())




# ---------------------------------------------------------------------------
# the grammar: compiled from the knowledge file
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Resolved:
    start: int  # span in text
    end: int
    start_date: Optional[date]
    end_date: Optional[date]
    precision: int
    conf: str  # key in the confidence table
    uses_ref: bool = False  # resolution needed the publication date
    year_from_ref: bool = False  # the year itself came from the publication date
    relative: bool = False
    clip: bool = False  # end at the publication date


class DateGrammar:
    """Compiled date patterns for one language (built from ``dates_<lang>.yaml``)."""

    def __init__(self, kb: dict[str, Any], name: str = "dates"):
        _check_words(kb, name)
        try:
            self._build(kb)
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeError(f"knowledge file {name} is malformed: {exc!r}") from exc

    # -- construction --------------------------------------------------------

    def _build(self, kb: dict[str, Any]) -> None:
        self.month_of: dict[str, int] = {}
        full_names, abbrevs = [], []
        for num, names in kb["months"].items():
            for i, n in enumerate(names):
                self.month_of[_norm(n)] = int(num)
                (full_names if i == 0 else abbrevs).append(n)
        self.weekday_of: dict[str, int] = {}
        wd_full, wd_abbrevs = [], []
        for num, names in kb["weekdays"].items():
            for i, n in enumerate(names):
                self.weekday_of[_norm(n)] = int(num)
                (wd_full if i == 0 else wd_abbrevs).append(n)
        # short forms that are ordinary words too ("Sat", "Sun", "Wed") count only with their dot: "on Sat."
        wd_dotted = []
        for num, names in (kb.get("weekdays_dotted") or {}).items():
            for n in names:
                self.weekday_of[_norm(n)] = int(num)
                wd_dotted.append(n)
        wd_names = wd_full + wd_abbrevs + wd_dotted

        def cased(names: list[str], dot: bool) -> list[str]:
            out = []
            for n in sorted(set(names), key=len, reverse=True):
                for v in {n, n.upper(), n[:1].upper() + n[1:]}:
                    tail = r"(?:\.|(?![A-Za-z]))" if dot else r"(?![A-Za-z])"
                    out.append(re.escape(v) + tail)
            return out

        month_alts = "|".join(cased(full_names, False) + cased(abbrevs, True))
        wd_alts = "|".join(cased(wd_full, False) + cased(wd_abbrevs, True)
                           + [re.escape(n) + r"\." for n in sorted(set(wd_dotted), key=len, reverse=True)])

        def M(g: str) -> str:
            return rf"(?<![A-Za-z])(?P<{g}>(?-i:{month_alts}))"

        def WD(g: str) -> str:
            return rf"(?<![A-Za-z])(?P<{g}>(?-i:{wd_alts}))"

        suffix = _words_re(kb.get("day_suffixes", []))

        def D(g: str) -> str:
            return rf"(?<![\d,.])(?P<{g}>[0-3]?\d)(?:{suffix})?(?![\d])(?![.,]\d)"

        def Y(g: str) -> str:
            return rf"(?<![\d,.$€£])(?P<{g}>(?:1[89]|20)\d\d)(?!\d)(?![.,]\d)(?!\s*%)"

        self.parts: dict[str, dict[str, Any]] = {}
        mod_words = []
        for part, spec in kb["parts"].items():
            for w in spec["words"]:
                self.parts[_norm(w)] = {"part": part, **spec}
                mod_words.append(w)
        MOD = rf"(?P<mod>\b{_words_re(mod_words)})(?:-|\s+)"
        ctx = rf"\b(?P<lead>{_words_re(kb['context_words'])})\s+"
        self.last_words = {_norm(w) for w in kb["last_words"]}
        self.this_words = {_norm(w) for w in kb["this_words"]}
        REL = rf"(?P<rel>\b{_words_re(list(self.last_words | self.this_words))})\s+"
        # "mardi dernier", "juin dernier": the modifier after the name (French); optional key
        self.last_after = {_norm(w) for w in kb.get("last_words_after", [])}
        REL_AFTER = rf"\s+(?P<rel>{_words_re(list(self.last_after))})(?![^\W\d_])" if self.last_after else None
        self.tods = kb.get("times_of_day", [])
        TOD = rf"(?:\s+(?P<tod>{_words_re(self.tods)})\b)?" if self.tods else ""

        joiners = [str(j) for j in kb["range_joiners"]]
        word_j = [j for j in joiners if j[0].isalpha()]
        sym_j = [j for j in joiners if not j[0].isalpha()]
        J = rf"(?P<j>\s*(?:{'|'.join(re.escape(s) for s in sym_j)})\s*|\s+{_words_re(word_j)}\s+)"
        OPEN = rf"(?:\b(?P<open>{_words_re(kb['range_openers'])})\s+)"
        NIGHT = rf"\b(?P<open>{_words_re(kb['night_openers'])})\s+"
        self.since_re = re.compile(rf"\b{_words_re(kb['since_words'])}\s+$", re.I)
        # joiners that make "3 and 5 July" ambiguous unless a range opener ("between") comes first
        self.ambiguous_joiners = {_norm(j) for j in kb.get("ambiguous_joiners", ["and"])}

        self.numbers = {_norm(k): int(v) for k, v in kb.get("number_words", {}).items()}
        N = rf"(?P<n>\d{{1,2}}|\b{_words_re(list(kb.get('number_words', {})))})"
        self.unit_of = {}
        for unit, forms in kb["units"].items():
            for f in forms:
                self.unit_of[_norm(f)] = unit
        U = rf"(?P<u>{_words_re(list(self.unit_of))})\b"

        self.relative: dict[str, dict[str, Any]] = {_norm(r["phrase"]): r for r in kb["relative"]}
        RELP = rf"\b(?P<phrase>{_words_re([r['phrase'] for r in kb['relative']])})\b"

        self.conf_table: dict[str, float] = {k: float(v) for k, v in kb["confidence"].items()}
        the = rf"(?:{_words_re(kb.get('articles', ['the']))}\s+)?"
        of = rf"(?:\s+{_words_re(kb.get('of_words', ['of']))})?"
        wd_lead = rf"(?:{WD('wd')},?\s+)?"
        year_opt = rf"(?:,?\s+{Y('y')})?"

        pats: list[tuple[str, str, Callable[[re.Match, Optional[date]], Optional[_Resolved]]]] = [
            ("iso", r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])", self._iso),
            # day first, as written across West Africa and in French: 13/02/2014, 13.02.2014, 13-02-2014
            ("numeric_dmy", r"(?<![\d/.-])(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2(?P<y>(?:19|20)\d{2})(?![\d/-])(?!\.\d)", self._iso),
            ("dmy", rf"{wd_lead}{the}{D('d')}{of}\s+{M('m')},?\s+{Y('y')}", self._day),
            ("mdy", rf"{wd_lead}{M('m')}\s+{D('d')},?\s+{Y('y')}", self._day),
            ("dm", rf"{wd_lead}{the}{D('d')}{of}\s+{M('m')}", self._day),
            ("md", rf"{wd_lead}{M('m')}\s+{D('d')}", self._day),
            ("drange_dm", rf"{OPEN}?{the}{D('d1')}{J}{the}{D('d2')}{of}\s+{M('m')}{year_opt}", self._day_range),
            ("drange_md", rf"{OPEN}?{M('m')}\s+{D('d1')}{J}{D('d2')}{year_opt}", self._day_range),
            (
                "drange_x_dm",
                rf"{OPEN}?{the}{D('d1')}{of}\s+{M('m1')}{J}{the}{D('d2')}{of}\s+{M('m2')}{year_opt}",
                self._day_range,
            ),
            ("drange_x_md", rf"{OPEN}?{M('m1')}\s+{D('d1')}{J}{M('m2')}\s+{D('d2')}{year_opt}", self._day_range),
            (
                # "dans la nuit du samedi 8 (avril) au dimanche 9 avril": weekdays before the days
                "night_wd_days",
                rf"{NIGHT}{WD('w1')},?\s+{the}{D('d1')}(?:{of}\s+{M('m1')})?{J}{WD('w2')},?\s+{the}{D('d2')}{of}\s+{M('m2')}{year_opt}",
                self._night_days,
            ),
            (
                "night_days",
                rf"{NIGHT}{the}{D('d1')}{J}{the}{D('d2')}{of}\s+{M('m')}{year_opt}",
                self._night_days,
            ),
            ("night_wd", rf"{NIGHT}{WD('w1')}{J}{WD('w2')}", self._night_weekdays),
            (
                "month_range",
                rf"{OPEN}{M('m1')}(?:,?\s+{Y('y1')})?{J}{M('m2')}(?:,?\s+{Y('y2')})?",
                self._month_range,
            ),
            ("year_range", rf"{OPEN}?{Y('y1')}{J}{Y('y2')}", self._year_range),
            ("month_year", rf"(?:{MOD})?{M('m')},?\s+{Y('y')}", self._month_year),
            ("month", rf"(?:{ctx})?(?:{REL})?(?:{MOD})?{M('m')}", self._bare_month),
            ("year", rf"(?:{ctx})?(?:{MOD})?{Y('y')}", self._year),
            ("weekday", rf"(?:{REL})?{WD('w')}{TOD}", self._weekday),
            *([("weekday_after", rf"{WD('w')}{TOD}{REL_AFTER}", self._weekday),
               ("month_after", rf"{M('m')}{REL_AFTER}", self._bare_month)] if REL_AFTER else []),
            ("relative", rf"(?:{MOD})?{RELP}{TOD}", self._relative),
            ("ago", rf"(?<![\w-]){N}\s+{U}\s+\b{_words_re(kb['ago_words'])}\b", self._ago),
            *([("ago_before", rf"\b{_words_re(kb['ago_before_words'])}\s+{N}\s+{U}", self._ago)]
              if kb.get("ago_before_words") else []),
            (
                "span",
                rf"\b(?P<sw>{_words_re(kb['span_words'])})\s+(?:{N}\s+)?{U}",
                self._span,
            ),
        ]
        needs = {
            "iso": _DIGIT, "numeric_dmy": _DIGIT, "year_range": _DIGIT, "year": _DIGIT,
            "night_wd": _WEEKDAY, "night_wd_days": _WEEKDAY | _MONTH, "weekday": _WEEKDAY, "weekday_after": _WEEKDAY,
            "month_range": _MONTH, "month": _MONTH, "month_after": _MONTH,
            "relative": _RELWORD, "ago": _RELWORD, "ago_before": _RELWORD, "span": _RELWORD,
        }  # fmt: skip
        self.patterns = [
            (name, re.compile(rx, re.I), fn, needs.get(name, _DIGIT | _MONTH)) for name, rx, fn in pats
        ]
        # Anchor words (see windows()): month and weekday names as written, and
        # the last word of every relative phrase and time unit, in any case.
        self.anchor_words: dict[str, int] = {}
        for names, cls in ((full_names + abbrevs, _MONTH), (wd_names, _WEEKDAY)):
            for n in names:
                self.anchor_words[n] = self.anchor_words[n.upper()] = self.anchor_words[n[:1].upper() + n[1:]] = cls
        heads = [str(r["phrase"]).split()[-1] for r in kb["relative"]] + list(self.unit_of)
        self.anchor_words_lower = {h.lower(): _RELWORD for h in heads}

    # -- helpers ----------------------------------------------------------------

    def month_num(self, s: str) -> int:
        return self.month_of[_norm(s)]

    @staticmethod
    def _first_start(m: re.Match, groups: Sequence[str]) -> int:
        starts = [m.start(g) for g in groups if m.group(g) is not None]
        return min(starts) if starts else m.start()

    def _part(self, mod: Optional[str]) -> Optional[dict[str, Any]]:
        return self.parts.get(_norm(mod)) if mod else None

    # -- handlers: absolute ---------------------------------------------------

    def _iso(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d is None:
            return None
        return _Resolved(m.start(), m.end(), d, d, 1, "full")

    def _day(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        month, day = self.month_num(m["m"]), int(m["d"])
        if not 1 <= day <= 31:
            return None
        if m.groupdict().get("y"):
            d = _safe_date(int(m["y"]), month, day)
            return None if d is None else _Resolved(m.start(), m.end(), d, d, 1, "full")
        if _safe_date(2000, month, day) is None:  # 2000 is a leap year
            return None
        r = ref or _DUMMY_REF
        d = _recent_day(month, day, r)
        if d is None:
            return None
        return _Resolved(m.start(), m.end(), d, d, 1, "day_no_year", uses_ref=True, year_from_ref=True)

    def _day_range(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        g = m.groupdict()
        if g.get("open") is None and g["j"].strip().isalpha() and _norm(g["j"]) in self.ambiguous_joiners:
            return None  # "3 and 5 July" without "between" is too ambiguous
        m2 = self.month_num(g.get("m2") or g["m"])
        m1 = self.month_num(g["m1"]) if g.get("m1") else m2
        d1, d2 = int(g["d1"]), int(g["d2"])
        if g.get("y"):
            y2 = int(g["y"])
            end = _safe_date(y2, m2, d2)
            uses_ref = False
        else:
            r = ref or _DUMMY_REF
            end = _recent_day(m2, d2, r)
            uses_ref = True
        if end is None:
            return None
        y1 = end.year if m1 <= m2 else end.year - 1
        start = _safe_date(y1, m1, d1)
        if start is None or start > end:
            return None
        return _Resolved(
            m.start(), m.end(), start, end, _precision(start, end), "day_range",
            uses_ref=uses_ref, year_from_ref=uses_ref,
        )

    def _night_days(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        res = self._day_range(m, ref)
        if res is None or (res.end_date - res.start_date).days != 1:  # type: ignore[operator]
            return None
        return _Resolved(
            res.start, res.end, res.start_date, res.end_date, 1, "day_range",
            uses_ref=res.uses_ref, year_from_ref=res.year_from_ref,
        )

    def _night_weekdays(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        w1, w2 = self.weekday_of[_norm(m["w1"])], self.weekday_of[_norm(m["w2"])]
        if (w2 - w1) % 7 != 1:
            return None
        r = ref or _DUMMY_REF
        end = _recent_weekday(w2, r, strict=False)
        start = end - timedelta(days=1)
        return _Resolved(m.start(), m.end(), start, end, 1, "weekday", uses_ref=True, relative=True)

    def _month_range(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        m1, m2 = self.month_num(m["m1"]), self.month_num(m["m2"])
        uses_ref = False
        if m["y2"]:
            y2 = int(m["y2"])
        else:
            y2 = _recent_month_year(m2, ref or _DUMMY_REF, strict=False)
            uses_ref = True
        y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
        start, end = date(y1, m1, 1), _month_end(y2, m2)
        if start > end:
            return None
        return _Resolved(
            m.start(), m.end(), start, end, 3, "month", uses_ref=uses_ref, year_from_ref=uses_ref, clip=uses_ref
        )

    def _year_range(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        if m["open"] is None and m["j"].strip()[:1].isalpha():
            return None
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y2 <= y1:
            return None
        return _Resolved(m.start(), m.end(), date(y1, 1, 1), date(y2, 12, 31), 3, "year")

    def _month_period(self, y: int, month: int, mod: Optional[str]) -> tuple[date, date, int, str]:
        part = self._part(mod)
        if part is None:
            return date(y, month, 1), _month_end(y, month), 3, "month"
        lo, hi = part["month_days"]
        end_day = min(int(hi), calendar.monthrange(y, month)[1])
        return date(y, month, int(lo)), date(y, month, end_day), 2, "month_part"

    def _month_year(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        start, end, prec, conf = self._month_period(int(m["y"]), self.month_num(m["m"]), m["mod"])
        return _Resolved(m.start(), m.end(), start, end, prec, conf)

    def _bare_month(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        g = m.groupdict()
        if not (g.get("lead") or g.get("rel") or g.get("mod")):
            return None
        month = self.month_num(m["m"])
        rel = _norm(m["rel"]) if m["rel"] else None
        strict = rel in self.last_words or rel in self.last_after
        r = ref or _DUMMY_REF
        y = _recent_month_year(month, r, strict=strict)
        start, end, prec, conf = self._month_period(y, month, g.get("mod"))
        span_start = min(self._first_start(m, tuple(k for k in ("rel", "mod", "m") if k in g)), m.start("m"))
        return _Resolved(
            span_start, m.end(), start, end, prec, conf,
            uses_ref=True, year_from_ref=not strict, relative=strict, clip=True,
        )

    def _year(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        if not (m["lead"] or m["mod"]):
            return None
        y = int(m["y"])
        part = self._part(m["mod"])
        if part is None:
            start, end, conf = date(y, 1, 1), date(y, 12, 31), "year"
        else:
            lo, hi = part["year_months"]
            start, end, conf = date(y, int(lo), 1), _month_end(y, int(hi)), "year_part"
        span_start = self._first_start(m, ("mod", "y"))
        return _Resolved(span_start, m.end(), start, end, 3, conf)

    # -- handlers: relative ---------------------------------------------------

    def _weekday(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        wd = self.weekday_of[_norm(m["w"])]
        rel = _norm(m["rel"]) if m["rel"] else None
        strict = rel in self.last_words or rel in self.last_after
        d = _recent_weekday(wd, ref or _DUMMY_REF, strict=strict)
        return _Resolved(m.start(), m.end(), d, d, 1, "weekday", uses_ref=True, relative=True)

    def _relative(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        spec = self.relative[_norm(m["phrase"])]
        kind = spec["kind"]
        r = ref or _DUMMY_REF
        part = self._part(m["mod"]) if kind in ("month", "year") else None
        span_start = m.start() if part is not None else m.start("phrase")
        conf = spec.get("conf", "vague")
        clip = bool(spec.get("clip", False))
        if kind == "day":
            start = end = r + timedelta(days=int(spec.get("offset", 0)))
            prec = 1
        elif kind == "night":
            start, end, prec = r - timedelta(days=1), r, 1
        elif kind == "week":
            monday = r - timedelta(days=r.weekday()) + timedelta(weeks=int(spec.get("offset", 0)))
            start, end, prec = monday, monday + timedelta(days=6), 2
        elif kind == "weekend":
            sat = _recent_weekday(5, r, strict=False)
            start, end, prec, clip = sat, sat + timedelta(days=1), 2, True
        elif kind == "month":
            y, mo = _add_months(r.year, r.month, int(spec.get("offset", 0)))
            start, end, prec, _ = self._month_period(y, mo, m["mod"] if part else None)
        elif kind == "year":
            y = r.year + int(spec.get("offset", 0))
            if part is None:
                start, end = date(y, 1, 1), date(y, 12, 31)
            else:
                lo, hi = part["year_months"]
                start, end = date(y, int(lo), 1), _month_end(y, int(hi))
            prec = 3
        elif kind == "recent":
            start, end = r - timedelta(days=int(spec["days"])), r
            prec = max(2, _precision(start, end))
        else:
            raise KnowledgeError(f"dates knowledge: unknown relative kind {kind!r}")
        return _Resolved(span_start, m.end(), start, end, prec, conf, uses_ref=True, relative=True, clip=clip)

    def _count(self, m: re.Match) -> Optional[int]:
        n = m["n"]
        if n is None:
            return 1
        return int(n) if n.isdigit() else self.numbers.get(_norm(n))

    def _ago(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        n = self._count(m)
        if n is None:
            return None
        unit = self.unit_of[_norm(m["u"])]
        r = ref or _DUMMY_REF
        if unit == "day":
            start = end = r - timedelta(days=n)
            prec = 1
        elif unit == "week":
            start = end = r - timedelta(weeks=n)
            prec = 2
        elif unit == "month":
            y, mo = _add_months(r.year, r.month, -n)
            start, end, prec = date(y, mo, 1), _month_end(y, mo), 3
        else:
            start, end, prec = date(r.year - n, 1, 1), date(r.year - n, 12, 31), 3
        return _Resolved(m.start(), m.end(), start, end, prec, "ago", uses_ref=True, relative=True)

    def _span(self, m: re.Match, ref: Optional[date]) -> Optional[_Resolved]:
        n = self._count(m)
        if n is None:
            return None
        unit = self.unit_of[_norm(m["u"])]
        if n > 1 and not m["u"].lower().endswith("s"):
            return None
        r = ref or _DUMMY_REF
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        start = r - timedelta(days=days)
        conf = "week" if days <= 7 else "vague"
        return _Resolved(m.start(), m.end(), start, r, _precision(start, r), conf, uses_ref=True, relative=True)

    # -- driver ---------------------------------------------------------------

    def windows(self, text: str) -> list[tuple[int, int, int]]:
        """Stretches of ``text`` that can hold a date: around digits and anchor words.

        Every pattern needs at least one anchor (a digit, a month or weekday
        name, or the head word of a relative phrase), and no match is longer
        than ``_PAD`` characters, so running the patterns on these windows
        finds exactly what running them on the whole text would, much faster.
        """
        spans: list[tuple[int, int, int]] = []
        n = len(text)
        for tok in _TOKEN_RE.finditer(text):
            w = tok.group()
            if w[0].isdigit():
                cls = _DIGIT
            else:
                cls = self.anchor_words.get(w, 0) or self.anchor_words_lower.get(w.lower(), 0)
                if not cls:
                    continue
            a = max(0, tok.start() - _PAD)
            b = min(n, tok.end() + _PAD)
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            while b < n and not text[b].isspace():
                b += 1
            if spans and a <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], b), spans[-1][2] | cls)
            else:
                spans.append((a, b, cls))
        return spans

    def candidates(self, text: str, ref: Optional[date]) -> list[_Resolved]:
        out: list[_Resolved] = []
        for a, b, present in self.windows(text):
            for _name, rx, fn, needs in self.patterns:
                if needs & present != needs:
                    continue
                for m in rx.finditer(text, a, b):
                    res = fn(m, ref)
                    if res is not None:
                        out.append(res)
        return out


@functools.lru_cache(maxsize=8)
def grammar(lang: str = "en") -> DateGrammar:
    """The compiled date grammar for ``lang`` (cached; built from ``dates_<lang>.yaml``)."""
    name = f"dates_{lang}.yaml"
    return DateGrammar(knowledge.load(name), name)


def _parse_ref(published: Optional[PublicationDate]) -> Optional[date]:
    if published is None or not published.value:
        return None
    try:
        return date.fromisoformat(published.value[:10])
    except ValueError:
        return None


def _select(cands: list[_Resolved]) -> list[_Resolved]:
    """Longest non-overlapping candidates, returned in text order."""
    chosen: list[_Resolved] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    chosen.sort(key=lambda c: c.start)
    return chosen


def find_dates(
    text: str,
    sentences: Sequence[Sentence],
    published: Optional[PublicationDate],
    lang: str = "en",
) -> list[DateMention]:
    """All date expressions in ``text``, resolved against ``published``, in text order."""
    g = grammar(lang)
    ref = _parse_ref(published)
    pub_year_inferred = bool(published and published.year_inferred)
    conf = g.conf_table
    starts = [s.start for s in sentences]
    out: list[DateMention] = []
    for c in _select(g.candidates(text, ref)):
        start_pos, start_d, end_d, prec = c.start, c.start_date, c.end_date, c.precision
        uses_ref, relative, clip = c.uses_ref, c.relative, c.clip
        confidence = conf.get(c.conf, 0.5)
        since = g.since_re.search(text, max(0, start_pos - 20), start_pos)
        if since is not None:
            start_pos = since.start()
            end_d = ref
            prec = 3 if end_d is None or start_d is None else max(3, _precision(start_d, end_d))
            uses_ref = relative = True
            confidence = min(confidence, conf.get("since", 0.6))
        if uses_ref and ref is None:
            start_d = None if c.uses_ref else start_d
            end_d = None
            confidence *= conf.get("no_publication", 0.3)
        elif clip and ref is not None and end_d is not None and end_d > ref and start_d is not None:
            end_d = max(ref, start_d)
        year_inferred = c.year_from_ref or (uses_ref and pub_year_inferred)
        if uses_ref and pub_year_inferred:
            confidence *= conf.get("publication_year_inferred", 0.8)
        sent = -1
        i = bisect.bisect_right(starts, start_pos) - 1
        if 0 <= i < len(sentences) and start_pos < sentences[i].end:
            sent = sentences[i].index
        out.append(
            DateMention(
                text=text[start_pos : c.end],
                start=start_pos,
                end=c.end,
                start_date=start_d.isoformat() if start_d else None,
                end_date=end_d.isoformat() if end_d else None,
                precision=prec,
                year_inferred=year_inferred,
                relative=relative,
                confidence=round(confidence, 3),
                sentence=sent,
            )
        )
    return out
