"""Numbers of people in text: fatalities, wounded, abducted, arrested, troops.

``find_quantities(text, sentences)`` finds counts written as digits
("1,400", "2.2 million"), words ("twenty-five", "a hundred"), vague words
("dozens" = 12, "several" = 3, see the knowledge file), ranges ("between 10
and 15") and explicit zeros ("no one was killed"), and classifies each by the
words around it:

* the counted noun itself ("five fatalities", "12 dead", "30 hostages");
* a casualty word right after the noun ("12 people were killed");
* a casualty word before the number in the same clause ("killing two
  soldiers and wounding three", "lost more than 100 soldiers", "the death
  toll rose to 35");
* else the kind of noun ("about 1,400 troops" -> troops, "300 villagers" ->
  people).

A number with no people noun after it only counts when a casualty word is
attached to it ("killing 12", "leaving 5 dead"); population figures ("a city
of 2.2 million") come back as kind ``other``; years, dates, times,
percentages, money and measures are left out.  Everything language-specific
is in ``quantities_<lang>.yaml``.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from conflictwatch import knowledge
from conflictwatch.errors import KnowledgeError
from conflictwatch.nlp.wordlists import check_words as _check_words
from conflictwatch.nlp.wordlists import phrase_alternation as _alt
from conflictwatch.nlp.dates import find_dates
from conflictwatch.records import DateMention, PublicationDate, Quantity, Sentence

__all__ = ["find_quantities", "QuantityGrammar", "grammar"]

_KINDS = ("killed", "wounded", "abducted", "arrested")
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’.-]*|[^\sA-Za-z]")
# With ``unicode_words: true`` in the knowledge file (French): accented letters are part of words.
_TOKEN_RE_UNICODE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-])*|[^\s]")
_CONTEXT = 70  # characters of context looked at before a number
_PAD = 48  # longest stretch a number expression reaches on either side of its anchor word
_WORD_RE = re.compile(r"[^\W_]+")
# A short "of/from ..." phrase between a counted noun and its verb ("members of an armed group were killed").
_OF_PHRASE = re.compile(r"\s+(?:of|from)\s+(?:[^\s,;.()]+\s+){1,6}?(?=(?:was|were|has|have|had|is|are|got)\b)", re.I)
_ORDINAL_SUFFIX = ("st", "nd", "rd", "th")




def _norm(s: str) -> str:
    return " ".join(s.lower().split())




@dataclass(frozen=True, slots=True)
class _Num:
    best: int
    approximate: bool


class QuantityGrammar:
    """Compiled quantity patterns for one language (built from ``quantities_<lang>.yaml``)."""

    def __init__(self, kb: dict[str, Any], name: str = "quantities"):
        self.name = name
        _check_words(kb, name)
        try:
            self._build(kb)
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeError(f"knowledge file {name} is malformed: {exc!r}") from exc

    def _build(self, kb: dict[str, Any]) -> None:
        # Grammar words that differ by language; the defaults are English.
        self.fillers = {_norm(w) for w in kb.get("number_fillers", ["a", "an", "and"])}
        self.token_re = _TOKEN_RE_UNICODE if kb.get("unicode_words") else _TOKEN_RE
        self.and_words = [str(w) for w in kb.get("and_words", ["and"])]
        self.ordinal_re = (re.compile(rf"(?:{_alt(kb['ordinal_suffixes'])})(?![^\W\d_])", re.I)
                           if kb.get("ordinal_suffixes") else None)
        of_words = kb.get("of_words", ["of", "from"])
        of_verbs = kb.get("of_phrase_verbs", ["was", "were", "has", "have", "had", "is", "are", "got"])
        self.of_phrase = (_OF_PHRASE if "of_words" not in kb and "of_phrase_verbs" not in kb else re.compile(
            rf"\s+{_alt(of_words)}\s*(?:[^\s,;.()]+\s+){{1,6}}?(?={_alt(of_verbs)}\b)", re.I))
        self.of_after_number = re.compile(kb.get("of_after_number", r"\s+of(?:\s+(?:the|them|whom|those|these|their|its))?\b"), re.I)
        self.active_objects = {_norm(w) for w in kb.get("active_objects", ["a", "an", "the", "two", "three"])}
        self.intransitive = {_norm(w) for w in kb.get("intransitive_cues", [])}
        self.passive_re = re.compile(rf"\b{_alt(kb['passive_aux'])}\b", re.I) if kb.get("passive_aux") else None
        self.coordinated_re = (re.compile(rf"\s*(?:,|{_alt(kb['coordinators'])})\s*$", re.I)
                               if kb.get("coordinators") else _COORDINATED)
        nw = kb["number_words"]
        self.word_value: dict[str, int] = {}
        for table in ("units", "tens"):
            self.word_value.update({k.lower(): int(v) for k, v in nw[table].items()})
        self.scales = {k.lower(): int(v) for k, v in nw["scales"].items()}
        W = _alt(list(self.word_value) + list(self.scales))
        scale_alt = _alt(list(self.scales))
        and_alt = _alt(self.and_words)
        after_scale = "|".join(rf"(?<={re.escape(s)})\s+{and_alt}\s+{W}" for s in self.scales)
        dets = kb.get("scale_determiners", ["a", "an"])
        scale_det = rf"(?:\b{_alt(dets)}\s+(?={scale_alt}\b))?" if dets else ""
        words = rf"{scale_det}\b{W}(?:(?:-|\s+){W}|{after_scale})*\b"

        # thousands separators: "1,400" in English; "1 200" (space, no-break or narrow no-break space) in French
        seps = [str(x) for x in kb.get("thousands_separators", [","])]
        sep_class = "[" + "".join(re.escape(x) for x in seps) + "]"
        self.thousands_re = re.compile(rf"(?<=\d){sep_class}(?=\d{{3}}(?!\d))")

        def digits(lookbehind: bool) -> str:
            lb = r"(?<![\w.,$€£#/-])" if lookbehind else ""
            return rf"{lb}(?:\d{{1,3}}(?:{sep_class}\d{{3}})+|\d+)(?:\.\d+)?(?:\s+{scale_alt}\b)?(?![\d])(?![.,]\d)"

        self.vague = {_norm(k): int(v) for k, v in kb["vague"].items()}
        self.exact_vague = {_norm(k) for k in kb.get("exact_vague", [])}
        V = rf"\b{_alt(list(self.vague))}\b"
        self.qual_of: dict[str, str] = {}
        for cls, phrases in kb["qualifiers"].items():
            for p in phrases:
                self.qual_of[_norm(p)] = cls
        Q = rf"(?P<qual>\b{_alt(list(self.qual_of))})\s+"
        sym = [j for j in map(str, kb["range_joiners"]) if not j[0].isalpha()]
        wj = [j for j in map(str, kb["range_joiners"]) if j[0].isalpha()] + self.and_words
        J = rf"(?P<j>\s*(?:{'|'.join(map(re.escape, sym))})\s*|\s+{_alt(wj)}\s+)"
        B = rf"(?:(?P<between>\b{_alt(kb['range_between'])})\s+)"
        n1 = rf"(?P<n1>{digits(True)}|{words}|{V})"
        n2 = rf"(?P<n2>{digits(False)}|{words})"
        art = _alt(kb.get("range_articles", ["the"]))
        self.number_re = re.compile(rf"{B}?(?:{Q})?{n1}(?:{J}(?:{art}\s+)?{n2})?", re.I)
        # Words that any number expression contains (see windows()).
        self.anchors = set(self.word_value) | set(self.scales)
        skip = {"a", "an", "of"} | {_norm(w) for w in kb.get("anchor_stopwords", [])}
        self.anchors |= {w for v in self.vague for w in v.split() if w not in skip}

        pn = kb["people_nouns"]
        self.noun_kind: dict[str, str] = {}
        for kind in ("troops", "people"):
            for n in pn[kind]:
                self.noun_kind[_norm(n)] = kind
        for kind in _KINDS:
            for n in pn.get(kind, []):
                self.noun_kind[_norm(n)] = kind
        self.ambiguous = {_norm(n) for n in kb.get("ambiguous_killed_nouns", [])}
        for n in self.ambiguous:
            self.noun_kind[n] = "killed"
        self.multiword_nouns = {n for n in self.noun_kind if " " in n}
        self.singular_re = re.compile(
            rf"\b(?P<det>{_alt(kb.get('singular_determiners', ['a', 'an']))})\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{_alt(kb['singular_people'])})\b", re.I
        )
        self.function_words = {_norm(w) for w in kb["function_words"]}
        self.not_units = {_norm(w) for w in kb["not_people_units"]}
        self.not_prefix_re = re.compile(rf"(?:{_alt(kb['not_people_prefix'])})\s*$", re.I)
        self.pop_re = re.compile(rf"\b{_alt(kb['population_heads'])}\s+{_alt(kb.get('population_of', ['of']))}\s+$", re.I)

        self.cue_kind: dict[str, str] = {}
        for kind, phrases in kb["cues"].items():
            for p in phrases:
                self.cue_kind[_norm(p)] = kind
        before_only = {_norm(p) for p in kb.get("cues_before_only", [])}
        all_cues = list(self.cue_kind)
        after_cues = [c for c in all_cues if c not in before_only]
        self.cue_re = re.compile(rf"\b(?P<cue>{_alt(all_cues)})\b", re.I)
        aux = _alt(kb["aux"])
        # French: adjectives may stand between the noun and its "de ..." phrase ("terroristes présumés de l'EIGS")
        self.aux_lead = re.compile(rf"(?:\s+(?:{aux}))*", re.I) if "of_words" in kb else None
        self.after_re = re.compile(
            rf"\s*,?\s*(?:(?:{aux})\s+){{0,3}}(?P<cue>{_alt(after_cues)})\b(?P<rest>\s+\S+)?", re.I
        )
        self.link_re = re.compile(rf"^(?:\s+(?:{_alt(kb['cue_links'])}))*\s*$", re.I)
        self.break_re = re.compile(rf"[;:()\[\]—]|[.!?](?=\s)|\b{_alt(kb['window_breaks'])}\b", re.I)
        self.zero_res = [(kind, re.compile(rf"\b{_alt(ph)}\b", re.I)) for kind, ph in kb["zeros"].items()]
        self.conf = {k: float(v) for k, v in kb["confidence"].items()}

    # -- numbers ---------------------------------------------------------------

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Stretches of ``text`` around digits and number words, where numbers can match.

        Running ``number_re`` on these instead of the whole text finds the
        same matches (none is longer than ``_PAD`` on either side of its
        anchor) several times faster.
        """
        spans: list[tuple[int, int]] = []
        n = len(text)
        for tok in _WORD_RE.finditer(text):
            w = tok.group()
            if not (w[0].isdigit() or w.lower() in self.anchors):
                continue
            a, b = max(0, tok.start() - _PAD), min(n, tok.end() + _PAD)
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            while b < n and not text[b].isspace():
                b += 1
            if spans and a <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], b))
            else:
                spans.append((a, b))
        return spans

    def numbers(self, text: str) -> list[re.Match]:
        return [m for a, b in self.windows(text) for m in self.number_re.finditer(text, a, b)]

    def value(self, s: str) -> Optional[_Num]:
        """Value of a number expression ("1,400", "1 200", "2.2 million", "twenty-five", "dozens")."""
        n = _norm(self.thousands_re.sub("", s))
        if n in self.vague:
            return _Num(self.vague[n], n not in self.exact_vague)
        if n in self.word_value:
            return _Num(self.word_value[n], False)
        m = re.match(r"([\d,]+(?:\.\d+)?)(?:\s+(\w+))?$", n)
        if m:
            v = float(m.group(1).replace(",", ""))
            if m.group(2):
                v *= self.scales.get(m.group(2), 1)
            return _Num(int(round(v)), False)
        total = current = 0
        toks = re.split(r"[\s-]+", n)
        i = 0
        while i < len(toks):
            tok = toks[i]
            i += 1
            if i < len(toks) and f"{tok}-{toks[i]}" in self.word_value:  # "quatre-vingt"
                tok = f"{tok}-{toks[i]}"
                i += 1
            if tok in self.fillers:
                continue
            if tok in self.word_value:
                current += self.word_value[tok]
            elif tok in self.scales:
                if self.scales[tok] == 100:
                    current = (current or 1) * 100
                else:
                    total += (current or 1) * self.scales[tok]
                    current = 0
            else:
                return None
        return _Num(total + current, False)

    # -- the counted noun ------------------------------------------------------

    def counted_noun(self, text: str, pos: int, limit: int) -> tuple[Optional[str], int, bool]:
        """The people noun after a number at ``pos``: (noun, end, rejected).

        ``rejected`` is True when the number counts something else
        ("12 vehicles", "5 km", "10 pm").
        """
        m = self.of_after_number.match(text[pos:limit])
        start = pos + (m.end() if m else 0)
        toks = list(self.token_re.finditer(text, start, min(limit, start + 60)))
        for i, t in enumerate(toks[:4]):
            w = t.group().lower().rstrip(".").removesuffix("'s").removesuffix("’s")
            if i == 0 and (w in self.not_units or t.group() == "%"):
                return None, t.end(), True
            if i == 0 and text[pos:t.start()] == "" and t.group() in "-:/":
                return None, t.end(), True  # "12-year-old", "10:30", "3/4"
            if i + 1 < len(toks) and f"{w} {toks[i + 1].group().lower()}" in self.multiword_nouns:
                word = toks[i + 1].group().rstrip(".")
                return f"{t.group()} {word}", toks[i + 1].start() + len(word), False
            if w in self.noun_kind:
                word = t.group().rstrip(".")
                return word, t.start() + len(word), False
            if not t.group()[0].isalpha() or w in self.function_words or w in self.cue_kind:
                return None, pos, i > 0  # i > 0: words that are not people came first
        return None, pos, bool(toks)

    # -- classification ----------------------------------------------------------

    def cue_after(self, text: str, pos: int, limit: int) -> Optional[str]:
        m = self.after_re.match(text, pos, limit)
        if m is None:
            # "3 members of an armed group were killed", "a representative of the HCUA was killed"
            start = self.aux_lead.match(text, pos, limit).end() if self.aux_lead is not None else pos
            pp = self.of_phrase.match(text, start, limit)
            m = self.after_re.match(text, pp.end(), limit) if pp else None
        if m is None:
            return None
        rest = (m.group("rest") or "").strip().lower()
        between = text[pos : m.start("cue")]
        if self.passive_re is None:
            passive = re.search(r"[A-Za-z]", between) is not None  # an auxiliary came first
        else:
            passive = self.passive_re.search(between) is not None  # "ont été tués", not "ont tué"
        passive = passive or _norm(m.group("cue")) in self.intransitive  # "ont perdu la vie" takes no object
        if rest and not passive and (rest[0].isdigit() or rest in self.active_objects or rest in self.noun_kind):
            return None  # active voice: "12 gunmen killed 3 soldiers"
        return self.cue_kind[_norm(m.group("cue"))]

    def cue_before(self, text: str, lo: int, pos: int, noun_less: bool) -> Optional[str]:
        window = text[lo:pos]
        brk = None
        for brk in self.break_re.finditer(window):
            pass
        if brk is not None:
            window = window[brk.end():]
        last = None
        for last in self.cue_re.finditer(window):
            pass
        if last is None:
            return None
        gap = window[last.end():]
        if noun_less and not self.link_re.match(gap):
            return None
        if not noun_less and len(gap) > 30:
            return None
        return self.cue_kind[_norm(last.group("cue"))]


@functools.lru_cache(maxsize=8)
def grammar(lang: str = "en") -> QuantityGrammar:
    """The compiled quantity grammar for ``lang`` (cached; built from ``quantities_<lang>.yaml``)."""
    name = f"quantities_{lang}.yaml"
    return QuantityGrammar(knowledge.load(name), name)


def _sentence_of(sentences: Sequence[Sentence], starts: list[int], pos: int, text_len: int) -> tuple[int, int, int]:
    """(sentence index, start, end) of the sentence holding ``pos``; the whole text when none."""
    i = bisect.bisect_right(starts, pos) - 1
    if 0 <= i < len(sentences) and pos < sentences[i].end:
        s = sentences[i]
        return s.index, s.start, s.end
    return -1, 0, text_len


def find_quantities(
    text: str,
    sentences: Sequence[Sentence],
    lang: str = "en",
    *,
    dates: Optional[Sequence[DateMention]] = None,
) -> list[Quantity]:
    """All counts of people in ``text``, classified by kind, in text order.

    Numbers inside date expressions are skipped; pass ``dates`` (from
    :func:`conflictwatch.nlp.dates.find_dates`) to save finding them again.
    """
    g = grammar(lang)
    conf = g.conf
    starts = [s.start for s in sentences]
    if dates is None:
        dates = find_dates(text, sentences, PublicationDate(), lang)
    blocked = [(d.start, d.end) for d in dates]
    out: list[Quantity] = []

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in blocked)

    for kind, rx in g.zero_res:
        for m in rx.finditer(text):
            sent, _, _ = _sentence_of(sentences, starts, m.start(), len(text))
            out.append(Quantity(m.group(), m.start(), m.end(), 0, 0, 0, kind, None, False, sent, conf["zero"]))
            blocked.append((m.start(), m.end()))

    prev_end, prev_sent, prev_unit = -1, None, None  # the last quantity kept
    for m in g.numbers(text):
        a = m.start("qual") if m.group("qual") else m.start("n1")
        if m.group("between"):
            a = m.start("between")
        if not free(a, m.end()):
            continue
        n1 = g.value(m.group("n1"))
        if n1 is None:
            continue
        if m.group("n1").isdigit() and (
            g.ordinal_re.match(text, m.end("n1")) if g.ordinal_re is not None
            else text[m.end("n1") : m.end("n1") + 2].lower() in _ORDINAL_SUFFIX
        ):
            continue  # "a 6th French soldier": an ordinal, not a count
        n2 = g.value(m.group("n2")) if m.group("n2") else None
        joiner = _norm(m.group("j") or "")
        num_end = m.end()
        if n2 is not None and (n2.best <= n1.best or (joiner in g.and_words and not m.group("between"))):
            n2, num_end = None, m.end("n1")
        sent, s_start, s_end = _sentence_of(sentences, starts, a, len(text))
        if g.not_prefix_re.search(text, max(s_start, a - 8), a):
            continue
        noun, noun_end, rejected = g.counted_noun(text, num_end, s_end)
        if rejected:
            continue
        raw = m.group("n1")
        if noun is None and n2 is None and re.fullmatch(r"(?:1[89]|20)\d\d", raw):
            continue  # a year
        lo = max(s_start, a - _CONTEXT, prev_end if prev_sent == sent else 0)
        noun_key = _norm(noun) if noun else None
        kind, confidence, unit = None, conf["cue"], noun
        if noun_key and g.noun_kind.get(noun_key) in _KINDS:
            kind = g.noun_kind[noun_key]
            if noun_key in g.ambiguous:
                confidence = conf["ambiguous"]
        if kind is None:
            kind = g.cue_after(text, noun_end if noun else num_end, s_end)
        if kind is None:
            kind = g.cue_before(text, lo, a, noun_less=noun is None)
        if kind is None:
            if noun_key:
                kind, confidence = g.noun_kind[noun_key], conf["noun"]
            elif g.pop_re.search(text, max(s_start, a - 30), a):
                kind, confidence, unit = "other", conf["population"], "inhabitants"
            else:
                continue
        elif kind == "troops" and not noun_key:
            continue
        elif kind == "troops" and g.noun_kind.get(noun_key) == "people":
            kind = "people"
        if noun is None and kind in _KINDS and prev_sent == sent and prev_unit:
            unit, confidence = prev_unit, min(confidence, conf["inherited_unit"])
        best, low, high = n1.best, None, None
        approximate = n1.approximate or n2 is not None
        qual = g.qual_of.get(_norm(m.group("qual"))) if m.group("qual") else None
        if n2 is not None:
            low, high = n1.best, n2.best
        elif qual == "at_least":
            low, approximate = best, True
        elif qual == "at_most":
            high, approximate = best, True
        elif qual == "below":
            best = high = max(best - 1, 0)
            approximate = True
        elif qual == "about":
            approximate = True
        if n1.approximate:
            low = low if low is not None else best
            confidence = min(confidence, conf["vague"])
        end = noun_end if noun else num_end
        out.append(
            Quantity(text[a:end], a, end, best, low, high, kind, unit, approximate, sent, round(confidence, 3))
        )
        if sent != prev_sent:
            prev_unit = None
        prev_end, prev_sent = end, sent
        if noun_key and g.noun_kind.get(noun_key) in ("people", "troops"):
            prev_unit = noun

    taken = [(q.start, q.end) for q in out]
    for m in g.singular_re.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken) or not free(m.start(), m.end()):
            continue
        sent, s_start, s_end = _sentence_of(sentences, starts, m.start(), len(text))
        kind = g.cue_after(text, m.end(), s_end) or g.cue_before(
            text, max(s_start, m.start() - 30), m.start(), noun_less=True
        )
        if kind not in _KINDS:
            continue
        out.append(
            Quantity(m.group(), m.start(), m.end(), 1, None, None, kind, m.group("noun"), False, sent,
                     conf["singular"])
        )
    out.sort(key=lambda q: q.start)
    return _share_coordinated_kinds(text, out, g.coordinated_re)


_COORDINATED = re.compile(r"\s*(?:,|and|, and|as well as)\s*$", re.I)
_CASUALTY_KINDS = ("killed", "wounded", "abducted")


def _share_coordinated_kinds(text: str, qs: list[Quantity], coordinated: re.Pattern = _COORDINATED) -> list[Quantity]:
    """"10 militants and 9 soldiers dead": a casualty word after the last count applies to those joined to it."""
    out = list(qs)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if (q.sentence == nxt.sentence and q.kind in ("people", "other") and q.unit and nxt.kind in _CASUALTY_KINDS
                and coordinated.match(text[q.end : nxt.start])):
            out[i] = q.replace(kind=nxt.kind)
    return out
