"""Find toponyms in text: gazetteer names (Aho-Corasick) plus patterns for places the gazetteer lacks."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Optional, Sequence

import ahocorasick

from conflictwatch import knowledge
from conflictwatch.geo.gazetteer import Gazetteer
from conflictwatch.geo.normalize import fold, name_key
from conflictwatch.records import EntityMention, Sentence

__all__ = ["find_toponyms", "ToponymMatcher", "matcher_for", "MatcherVocabulary", "vocabulary"]

# bits in an automaton entry's kind mask
COUNTRY, ADMIN, REGION, LOCALITY, DEMONYM, STOP = 1, 2, 4, 8, 16, 32
_KIND_BITS = {"country": COUNTRY, "admin1": ADMIN, "admin2": ADMIN, "region": REGION, "locality": LOCALITY}

_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*))*"


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class MatcherVocabulary:
    """Word lists from ``geo_matcher.yaml`` (and demonyms from ``geo_countries.yaml``)."""

    focus_countries: tuple[str, ...]
    min_population_world: int
    min_population_unmentioned: int
    forces_abroad: frozenset[str]  # ISO2 of countries whose forces act abroad (actors_countries.yaml 'external')
    admin2_countries: tuple[str, ...]
    stopwords: frozenset[str]
    person_titles: frozenset[str]
    person_given_names: frozenset[str]  # name keys
    person_verbs_re: re.Pattern
    locative_re: re.Pattern  # matches at the end of the text before a name
    settlement_re: re.Pattern  # "the village of <Name>"
    near_before_re: re.Pattern
    near_after_re: re.Pattern
    admin_after_re: re.Pattern
    admin_before_re: re.Pattern
    seat_after_re: re.Pattern  # "X commune": a unit named after its seat town X
    seat_before_re: re.Pattern  # "the commune of X", "la commune de X"
    direction_re: re.Pattern
    pair_second_re: re.Pattern  # "between Gao and " before the second place of a stretch of road
    route_pair_before_re: re.Pattern  # "axis Gao-", "the Gao-" before a place in a road pair
    route_pair_after_re: re.Pattern  # "-Ansongo road", " road" after a place in a road pair
    lowercase_keys: frozenset[str]  # keys matched in any case (region aliases, French demonyms)
    demonyms: dict[str, str]  # key -> ISO2


@functools.lru_cache(maxsize=4)
def vocabulary() -> MatcherVocabulary:
    """Load the matcher vocabulary from the knowledge files (cached per process)."""
    k = knowledge.load("geo_matcher.yaml")
    kc = knowledge.load("geo_countries.yaml")
    kr = knowledge.load("geo_regions.yaml")
    lower: set[str] = set()
    for reg in kr.get("regions", []):
        if not reg.get("case_sensitive", True):
            lower.update(name_key(a) for a in [reg["name"], *reg.get("aliases", [])])
    demonyms: dict[str, str] = {}
    for cc, names in (kc.get("demonyms") or {}).items():
        for n in names:
            demonyms[name_key(n)] = cc
    for cc, names in (kc.get("lowercase_demonyms") or {}).items():
        for n in names:
            demonyms[name_key(n)] = cc
            lower.add(name_key(n))
    dirs = [w for ws in (k.get("directions") or {}).values() for w in ws]
    return MatcherVocabulary(
        focus_countries=tuple(k.get("focus_countries", [])),
        min_population_world=int(k.get("min_population_world", 50000)),
        min_population_unmentioned=int(k.get("min_population_unmentioned", 10000)),
        forces_abroad=frozenset(iso for iso, c in (knowledge.load("actors_countries.yaml").get("countries") or {}).items()
                                if isinstance(c, dict) and c.get("external") is True),
        admin2_countries=tuple(k.get("admin2_countries", [])),
        stopwords=frozenset(name_key(w) for w in k.get("stopwords", [])),
        person_titles=frozenset(k.get("person_titles", [])),
        person_given_names=frozenset(name_key(w) for w in k.get("person_given_names", [])),
        person_verbs_re=re.compile(r"^[\s,]*(?:" + _alt(k.get("person_verbs", [])) + r")\b"),
        locative_re=re.compile(r"(?:^|[\s(])(?:" + _alt(k.get("locative_prepositions", [])) + r")\s+(?:the\s+)?$",
                               re.IGNORECASE),
        settlement_re=re.compile(r"\b(?:" + _alt(k.get("settlement_phrases", [])) + r")\s*(" + _NAME + r")"),
        near_before_re=re.compile(r"(?:\b|(?<=\d))(?:" + _alt(k.get("near_before", [])) + r")\s+(?:the\s+)?"
                                  r"(?:(?:town|village|city|commune|locality|ville|localité)\s+(?:of|de|d')\s*)?$",
                                  re.IGNORECASE),
        near_after_re=re.compile(r"^\s+(?:" + _alt(k.get("near_after", [])) + r")\b", re.IGNORECASE),
        admin_after_re=re.compile(r"^\s+(?:" + _alt(k.get("admin_after", [])) + r")\b", re.IGNORECASE),
        admin_before_re=re.compile(r"\b(?:" + _alt(k.get("admin_before", [])) + r")\s+(?:the\s+)?$", re.IGNORECASE),
        seat_after_re=re.compile(r"^\s+(?:" + _alt(k.get("seat_after", [])) + r")\b", re.IGNORECASE),
        seat_before_re=re.compile(r"\b(?:" + _alt(k.get("seat_before", [])) + r")\s+$", re.IGNORECASE),
        direction_re=re.compile(r"\b(" + _alt(dirs) + r")\s+(?:(?:du|de|de\s+la|of)\s+)?(?:the\s+)?$",
                                re.IGNORECASE),
        pair_second_re=re.compile(r"\b(?:" + _alt(k.get("pair_between", ["$^"])) + r")\s+(?:the\s+)?[A-ZÀ-Ö][^,.;:()]{0,40}?"
                                  r"\s+(?:" + _alt(k.get("pair_and", ["$^"])) + r")\s+$", re.IGNORECASE),
        route_pair_before_re=re.compile(r"\b(?:" + _alt(k.get("route_words", ["$^"])) + r")\s+(?:[A-ZÀ-Ö][\w'’]+-)?\Z",
                                        re.IGNORECASE),
        route_pair_after_re=re.compile(r"^(?:-[A-ZÀ-Ö][\w'’]+)?\s+(?:" + _alt(k.get("route_words", ["$^"])) + r")\b",
                                       re.IGNORECASE),
        lowercase_keys=frozenset(lower),
        demonyms=demonyms,
    )


class ToponymMatcher:
    """An Aho-Corasick automaton over the gazetteer names worth matching in running text."""

    def __init__(self, gaz: Gazetteer, vocab: Optional[MatcherVocabulary] = None):
        self.gaz = gaz
        self.vocab = vocab or vocabulary()
        masks: dict[str, int] = {}
        rows = gaz.matcher_keys(self.vocab.focus_countries, self.vocab.min_population_world,
                                self.vocab.admin2_countries)
        for key, kind, flag in rows:
            bit = DEMONYM if flag == 2 else _KIND_BITS.get(kind, LOCALITY)
            masks[key] = masks.get(key, 0) | bit
        for key in self.vocab.demonyms:
            masks[key] = masks.get(key, 0) | DEMONYM
        for key in self.vocab.stopwords:
            masks[key] = STOP  # blockers: "Washington Post" wins over "Washington" and is then dropped
        auto = ahocorasick.Automaton()
        for key, mask in masks.items():
            if len(key) >= 2:
                auto.add_word(key, (len(key), mask))
        auto.make_automaton()
        self._auto = auto
        self._kb_cache: dict[str, Optional[str]] = {}

    def kb_id(self, surface: str) -> Optional[str]:
        """Id of the first candidate for ``surface`` (kind order, then population), or None."""
        key = name_key(surface)
        if key not in self._kb_cache:
            if len(self._kb_cache) > 50_000:
                self._kb_cache.clear()
            cands = self.gaz.candidates(surface)
            self._kb_cache[key] = cands[0].place.id if cands else None
        return self._kb_cache[key]

    def raw_matches(self, text: str) -> list[tuple[int, int, int]]:
        """Non-overlapping ``(start, end, mask)`` gazetteer matches, longest first, before person filtering."""
        folded = fold(text)
        n = len(folded)
        found: list[tuple[int, int, int]] = []
        lower_ok = self.vocab.lowercase_keys
        for end_idx, (length, mask) in self._auto.iter(folded):
            start = end_idx - length + 1
            end = end_idx + 1
            if start > 0 and (folded[start - 1].isalnum()):
                continue
            if end < n and folded[end].isalnum():
                continue
            if not text[start].isupper() and mask != STOP and folded[start:end] not in lower_ok:
                continue
            found.append((start, end, mask))
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int, int]] = []
        occupied = bytearray(n)
        for s, e, mask in found:
            if occupied.find(1, s, e) != -1:
                continue
            occupied[s:e] = b"\x01" * (e - s)
            if mask != STOP:
                taken.append((s, e, mask))
        taken.sort()
        return taken


@functools.lru_cache(maxsize=4)
def matcher_for(gaz: Gazetteer) -> ToponymMatcher:
    """The (cached) matcher for ``gaz``."""
    return ToponymMatcher(gaz)


_PREV_TOKEN = re.compile(r"([\w.'’\-]+)\s+$")


def _sentence_of(starts: list[int], pos: int) -> int:
    i = bisect.bisect_right(starts, pos) - 1
    return max(i, -1)


def _is_personish(text: str, s: int, e: int, vocab: MatcherVocabulary, sent_start: int) -> bool:
    t = _PREV_TOKEN.search(text[max(0, s - 40):s])  # titles may sit across a sentence split ("Lt. David")
    if t and t.group(1) in vocab.person_titles:
        return True
    if t and t.group(1)[:1].isupper() and name_key(t.group(1)) in vocab.person_given_names:
        return True  # "Amadou Koufa", "Iyad Ag Ghaly"
    before = text[max(sent_start, s - 40):s]
    m = _PREV_TOKEN.search(before)
    if m:
        prev = m.group(1)
        prev_start = s - len(before) + m.start(1)
        at_sentence_start = not text[sent_start:prev_start].strip(" \t\n\"“'‘(")
        if prev[0].isupper() and not at_sentence_start and name_key(prev) not in vocab.stopwords \
                and not prev.endswith(".") and len(prev) > 1:
            return True
    after = text[e:e + 40]
    if _CREDIT_AFTER.match(after):
        return True
    return bool(vocab.person_verbs_re.match(after))


# "Olympia De Maismont/AFP", "Hamadou ag Khallini": a first name followed by a surname or photo credit
_CREDIT_AFTER = re.compile(r"^\s+(?:(?:De|Da|Di|Du|Van|Von|Ben|Bin|Ould|Ag|ag|ould|bin|ben)\s+[A-Z]|"
                           r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?\s*/)")


# a capitalised name, then what may stand before the unit that locates it
_BEFORE_UNIT = re.compile(
    r"(" + _NAME + r")(\s*,\s*(?:(?:in|dans|en)\s+(?:the\s+|le\s+|la\s+|les\s+|l['’]\s*)?"
    r"(?:(?:north|south|east|west|central|centre)\w*\s+)?"
    r"(?:(region|province|cercle|circle|department|d[ée]partement|commune|pr[ée]fecture|r[ée]gion)"
    r"\s+(?:of|de|du|d['’])\s*)?)?|\s+\(\s*)$")


def find_toponyms(text: str, sentences: Sequence[Sentence], gaz: Gazetteer) -> list[EntityMention]:
    """Place mentions in ``text`` (label ``PLACE``), sorted by position.

    Gazetteer names are matched with word boundaries, capitalised only, stop-listed
    common words excluded, longest match first.  Single names that look like
    people (after a title or a first name, before "said") are dropped, with every
    other occurrence of the same name.  Unknown toponyms are proposed from "in X,
    <Country/admin>", "X (<admin>, <admin>)" and "the village of X" (``kb_id`` None).
    """
    matcher = matcher_for(gaz)
    vocab = matcher.vocab
    starts = [s.start for s in sentences]
    sent_index = [s.index for s in sentences]

    def sent_of(pos: int) -> int:
        i = _sentence_of(starts, pos)
        return sent_index[i] if i >= 0 else -1

    def sent_start(pos: int) -> int:
        i = _sentence_of(starts, pos)
        return starts[i] if i >= 0 else 0

    raw = matcher.raw_matches(text)
    persons: set[str] = set()
    kept: list[tuple[int, int, int]] = []
    for s, e, mask in raw:
        if mask == LOCALITY and _is_personish(text, s, e, vocab, sent_start(s)):
            persons.add(name_key(text[s:e]))
            continue
        kept.append((s, e, mask))
    kept = [(s, e, m) for s, e, m in kept if not (m == LOCALITY and name_key(text[s:e]) in persons)]

    mentions: dict[tuple[int, int], EntityMention] = {}
    for s, e, mask in kept:
        surface = text[s:e]
        mentions[(s, e)] = EntityMention(
            text=surface, start=s, end=e, label="PLACE", sentence=sent_of(s), kb_id=matcher.kb_id(surface),
            confidence=0.9 if mask & (COUNTRY | ADMIN | REGION) else (0.6 if mask == DEMONYM else 0.8),
            source="geo.gazetteer",
        )

    occupied = sorted(mentions)

    def free(s: int, e: int) -> bool:
        return not any(s < oe and os_ < e for os_, oe in occupied)

    def propose(s: int, e: int, conf: float, how: str) -> None:
        surface = text[s:e]
        key = name_key(surface)
        if not key or key in vocab.stopwords or key in persons or not free(s, e):
            return
        if _is_personish(text, s, e, vocab, sent_start(s)) and how != "settlement":
            return
        mentions[(s, e)] = EntityMention(text=surface, start=s, end=e, label="PLACE", sentence=sent_of(s),
                                         kb_id=None, confidence=conf, source=f"geo.pattern:{how}")
        occupied.append((s, e))

    # "in Ndaki, Mali" / "Ndaki (Tillabéri)": a capitalised name right before a known unit
    unit_masks = COUNTRY | ADMIN
    for s, e, mask in kept:
        if not mask & unit_masks:
            continue
        before = text[max(0, s - 80):s]
        m = _BEFORE_UNIT.search(before)
        if not m:
            continue
        ns = s - len(before) + m.start(1)
        ne = ns + len(m.group(1))
        if (ns, ne) in mentions:
            continue
        after = text[e:e + 3]
        if after.startswith(("'s", "’s")):
            continue
        strong = "(" in m.group(2) or bool(m.group(3))  # "X (Unit" / "X, in the Unit region" / "X, dans le cercle de"
        if strong or vocab.locative_re.search(text[max(0, ns - 30):ns]):
            propose(ns, ne, 0.6, "unit-context")
    # "Kelbaré (Tondoro, Douentza, Mopti)": the name before a parenthesis that holds a known unit
    for s, e, mask in kept:
        if not mask & unit_masks:
            continue
        op = text.rfind("(", max(0, s - 80), s)
        if op <= 0 or ")" in text[op:s] or "\n" in text[op:s]:
            continue
        seg = text[max(0, op - 60):op]
        m = re.search(r"(" + _NAME + r")\s*$", seg)
        if m is not None:
            ns = op - len(seg) + m.start(1)
            if (ns, ns + len(m.group(1))) not in mentions:
                propose(ns, ns + len(m.group(1)), 0.6, "unit-context")
    # "the village of X"
    for m in vocab.settlement_re.finditer(text):
        propose(m.start(1), m.end(1), 0.6, "settlement")

    return sorted(mentions.values(), key=lambda m: (m.start, m.end))
