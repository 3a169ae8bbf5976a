"""Finding actor mentions in text: Aho-Corasick over aliases plus a few merge rules.

Steps of :meth:`AliasMatcher.find`:

1. every alias occurrence with word boundaries on both sides (case-insensitive
   automaton over the lower-cased folded text; case-sensitive one for acronyms and
   words that are also ordinary words);
2. non-overlapping selection, longest first ("French soldiers" beats "soldiers"),
   named actors before composed country forms before generic descriptors;
3. a named group absorbs a member noun right after it ("JNIM militants",
   "al-Qaeda-linked fighters"); after a central network name such a noun means the
   network's local affiliate ("Islamic State affiliate");
4. a generic noun joined to a named group by a connector is one mention
   ("fighters of the Islamic State", "combattants de l'EIGS");
5. a central network name coordinated with an affiliate mention is an affiliate too
   ("al-Qaeda and Islamic State affiliates"); a head noun and a link connector before a
   central name make it an affiliate ("groups linked to al-Qaeda"), and so is a central
   name coordinated after such a phrase ("... and the Islamic State");
6. qualifiers ("suspected", French "présumés" after the noun) and the sentence index;
   a hedging qualifier lowers the confidence (x0.75), and an affiliate (an inference
   from the network to its local branch) gets confidence 0.55 and the qualifier
   :data:`INFERRED` unless the text hedges it itself.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

import ahocorasick

from conflictwatch.actors.schema import Lexicon
from conflictwatch.actors.textfold import fold, fold_lower, is_word_char
from conflictwatch.records import Actor, ActorMatch, Sentence
from conflictwatch.text.patterns import word_alternation

__all__ = ["Target", "AliasMatcher", "PRIORITY", "INFERRED", "HEDGE_FACTOR"]

# Which reading wins when two aliases cover the same span.
PRIORITY = {"named": 3, "composed": 2, "generic": 1}
_CONFIDENCE = {"named": 0.95, "composed": 0.9, "generic": 0.6, "affiliate": 0.55}
INFERRED = "inferred"  # ActorMatch.qualifier of an actor inferred from its network, not named
HEDGE_FACTOR = 0.75  # "suspected JNIM militants": JNIM, with confidence 0.95 * 0.75
_QUALIFIER_WINDOW = 40


@dataclass(frozen=True, slots=True)
class Target:
    """What an alias points to: an actor id and how it was written."""

    actor_id: str
    kind: str  # named | composed | generic


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    actor_id: str
    kind: str  # named | composed | generic | affiliate
    confidence: float
    linked: bool = False  # made an affiliate by a "groups linked to" lead-in


def _alternation(words: Iterable[str]) -> str:
    return word_alternation(fold_lower(w) for w in words if w)


class AliasMatcher:
    """Matches the aliases of an actor knowledge base in text.

    ``lookup`` returns the :class:`Actor` for an id; ``categories`` maps generic actor
    ids to their kind (``armed-group``, ``military``, ..., ``affiliate``);
    ``affiliate_of`` maps a central network actor id to its generic affiliate id.
    """

    def __init__(
        self,
        patterns: Sequence[tuple[str, Target, bool]],
        lexicon: Lexicon,
        lookup: Callable[[str], Actor],
        categories: dict[str, str],
        affiliate_of: dict[str, str],
    ):
        self._lookup = lookup
        self._categories = categories
        self._affiliate_of = affiliate_of
        self._targets: list[Target] = []
        keyed: tuple[dict[str, int], dict[str, int]] = ({}, {})  # (case-insensitive, case-sensitive)
        for surface, target, cased in patterns:
            key = fold(surface) if cased else fold_lower(surface)
            table = keyed[1 if cased else 0]
            prev = table.get(key)
            if prev is not None and PRIORITY[self._targets[prev].kind] > PRIORITY[target.kind]:
                continue  # a named alias is never shadowed by a composed/generic one
            self._targets.append(target)
            table[key] = len(self._targets) - 1
        self._automata = tuple(self._build(table) for table in keyed)
        self.size = sum(len(t) for t in keyed)

        lex = lexicon
        self._after = re.compile(
            rf"(?:\s*-\s*|\s+)(?:(?P<link>{_alternation(lex.link_words)})\s+)?"
            rf"(?P<noun>{_alternation(lex.member_nouns)})(?!\w)"
        )
        self._affiliate_nouns = {fold_lower(n) for n in lex.affiliate_nouns}
        articles = [a for a in lex.articles if not a.endswith("'")]
        elided = [a for a in lex.articles if a.endswith("'")]
        art = rf"(?:(?:{_alternation(articles)})\s+|{_alternation(elided)})?"
        self._connector = re.compile(rf"\s+(?:{_alternation(lex.connectors)})(?:\s+|(?<=')){art}")
        words = [c for c in lex.coordinators if c.strip(",")]
        coord = [r"\s*,\s*"] if any(c == "," for c in lex.coordinators) else []
        if words:
            coord.append(rf"\s+(?:{_alternation(words)})\s+")
        self._coordinator = re.compile(rf"(?:{'|'.join(coord) or '(?!x)x'}){art}")
        self._q_before = re.compile(rf"(?<!\w)(?P<q>{_alternation(lex.qualifiers_before)})\s+$")
        self._hedges = {fold_lower(h) for h in lex.hedges}
        self._lead_in = re.compile(
            rf"(?<!\w)(?:{_alternation(lex.affiliate_heads)})\s+(?:{_alternation(lex.link_connectors)})\s+{art}$"
        )
        self._q_after = re.compile(rf"\s+(?P<q>{_alternation(lex.qualifiers_after)})(?!\w)")

    @staticmethod
    def _build(table: dict[str, int]) -> Optional[ahocorasick.Automaton]:
        if not table:
            return None
        automaton = ahocorasick.Automaton()
        for key, index in table.items():
            automaton.add_word(key, (len(key), index))
        automaton.make_automaton()
        return automaton

    # ------------------------------------------------------------------ find

    def find(self, text: str, sentences: Sequence[Sentence] = ()) -> list[ActorMatch]:
        if not text:
            return []
        low = fold_lower(text)
        hits = self._select(self._candidates(text, low))
        hits = self._absorb_member_nouns(low, hits)
        hits = self._merge_connectors(low, hits)
        hits = self._linked_lead_in(low, hits)
        self._coordinate_affiliates(low, hits)
        spans = sorted(sentences, key=lambda s: s.start)
        starts = [s.start for s in spans]
        return [self._to_match(text, low, h, spans, starts) for h in hits]

    def _candidates(self, text: str, low: str) -> list[_Hit]:
        hits: list[_Hit] = []
        n = len(text)
        for automaton, haystack in zip(self._automata, (low, fold(text))):
            if automaton is None:
                continue
            for last, (length, index) in automaton.iter(haystack):
                start, end = last - length + 1, last + 1
                if start > 0 and is_word_char(haystack[start - 1]) and is_word_char(haystack[start]):
                    continue
                if end < n and is_word_char(haystack[end]) and is_word_char(haystack[end - 1]):
                    continue
                target = self._targets[index]
                hits.append(_Hit(start, end, target.actor_id, target.kind, _CONFIDENCE[target.kind]))
        return hits

    @staticmethod
    def _select(hits: list[_Hit]) -> list[_Hit]:
        """Non-overlapping hits, longest first, then by priority, then leftmost."""
        if not hits:
            return []
        hits.sort(key=lambda h: (-(h.end - h.start), -PRIORITY[h.kind], h.start))
        taken = bytearray(max(h.end for h in hits))
        chosen = []
        for h in hits:
            if any(taken[h.start:h.end]):
                continue
            taken[h.start:h.end] = b"\x01" * (h.end - h.start)
            chosen.append(h)
        chosen.sort(key=lambda h: h.start)
        return chosen

    def _absorb_member_nouns(self, low: str, hits: list[_Hit]) -> list[_Hit]:
        out: list[_Hit] = []
        i = 0
        while i < len(hits):
            h = hits[i]
            i += 1
            if h.kind not in ("named", "composed"):
                out.append(h)
                continue
            m = self._after.match(low, h.end)
            if not m:
                out.append(h)
                continue
            covered = []
            j = i
            while j < len(hits) and hits[j].start < m.end():
                covered.append(hits[j])
                j += 1
            if any(c.end > m.end() or (c.kind != "generic" and c.actor_id != h.actor_id) for c in covered):
                out.append(h)
                continue
            i = j
            h.end = m.end()
            noun = re.sub(r"\s+", " ", m.group("noun"))
            if h.actor_id in self._affiliate_of and (m.group("link") or noun in self._affiliate_nouns):
                h.actor_id = self._affiliate_of[h.actor_id]
                h.kind = "affiliate"
                h.confidence = _CONFIDENCE["affiliate"]
            out.append(h)
        return out

    def _compatible(self, category: str, actor_id: str) -> bool:
        actor = self._lookup(actor_id)
        if category in ("armed-group", "affiliate"):
            return actor.inter in (2, 3, 4) or actor.network in ("al-Qaeda", "Islamic State")
        if category in ("military", "police"):
            return actor.inter in (1, 8)
        return False

    def _merge_connectors(self, low: str, hits: list[_Hit]) -> list[_Hit]:
        out: list[_Hit] = []
        i = 0
        while i < len(hits):
            g = hits[i]
            if i + 1 < len(hits) and g.kind == "generic":
                n = hits[i + 1]
                category = self._categories.get(g.actor_id, "")
                if (
                    n.kind in ("named", "composed")
                    and self._connector.fullmatch(low, g.end, n.start)
                    and self._compatible(category, n.actor_id)
                ):
                    merged = _Hit(g.start, n.end, n.actor_id, n.kind, n.confidence)
                    if category == "armed-group" and n.actor_id in self._affiliate_of:
                        merged.actor_id = self._affiliate_of[n.actor_id]
                        merged.kind = "affiliate"
                        merged.confidence = _CONFIDENCE["affiliate"]
                        merged.linked = True
                    out.append(merged)
                    i += 2
                    continue
            out.append(g)
            i += 1
        return out

    def _linked_lead_in(self, low: str, hits: list[_Hit]) -> list[_Hit]:
        """"groups linked to al-Qaeda": the head noun and connector join a central name, now an affiliate."""
        for k, h in enumerate(hits):
            if h.kind != "named" or h.actor_id not in self._affiliate_of:
                continue
            floor = hits[k - 1].end if k else 0
            window = max(floor, h.start - 60)
            m = self._lead_in.search(low, window, h.start)
            if not m:
                continue
            h.start = m.start()
            h.actor_id = self._affiliate_of[h.actor_id]
            h.kind = "affiliate"
            h.confidence = _CONFIDENCE["affiliate"]
            h.linked = True
        return hits

    def _coordinate_affiliates(self, low: str, hits: list[_Hit]) -> None:
        affiliate_ids = set(self._affiliate_of.values())
        for i in range(len(hits) - 1):  # "groups linked to al-Qaeda and the Islamic State"
            a, b = hits[i], hits[i + 1]
            if (
                a.linked
                and b.kind == "named"
                and b.actor_id in self._affiliate_of
                and self._coordinator.fullmatch(low, a.end, b.start)
            ):
                b.actor_id = self._affiliate_of[b.actor_id]
                b.kind = "affiliate"
                b.confidence = _CONFIDENCE["affiliate"]
                b.linked = True
        for i in range(len(hits) - 2, -1, -1):
            a, b = hits[i], hits[i + 1]
            if (
                a.kind == "named"
                and a.actor_id in self._affiliate_of
                and b.actor_id in affiliate_ids
                and self._coordinator.fullmatch(low, a.end, b.start)
            ):
                a.actor_id = self._affiliate_of[a.actor_id]
                a.kind = "affiliate"
                a.confidence = _CONFIDENCE["affiliate"]

    def _to_match(
        self, text: str, low: str, h: _Hit, spans: list[Sentence], starts: list[int]
    ) -> ActorMatch:
        sentence_index, lo, hi = -1, 0, len(text)
        k = bisect.bisect_right(starts, h.start) - 1
        if k >= 0 and h.start < spans[k].end:
            sentence_index, lo, hi = spans[k].index, spans[k].start, spans[k].end
        qualifier = None
        window_start = max(lo, h.start - _QUALIFIER_WINDOW)
        m = self._q_before.search(low, window_start, h.start)
        if m:
            qualifier = text[m.start("q"):m.end("q")].lower()
        else:
            m = self._q_after.match(low, h.end, min(hi, h.end + _QUALIFIER_WINDOW))
            if m:
                qualifier = text[m.start("q"):m.end("q")].lower()
        confidence = h.confidence
        if qualifier and fold_lower(qualifier) in self._hedges:
            confidence = round(confidence * HEDGE_FACTOR, 2)
        if h.kind == "affiliate" and qualifier is None:
            qualifier = INFERRED
        return ActorMatch(
            actor=self._lookup(h.actor_id),
            text=text[h.start:h.end],
            start=h.start,
            end=h.end,
            sentence=sentence_index,
            confidence=confidence,
            qualifier=qualifier,
        )
