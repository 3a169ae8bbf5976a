"""Which country a report is in when no place in it says so, and "the capital" as a place.

A short report often names no place the gazetteer knows ("Protesters marched in the Malian capital",
"Gunmen shot a Burkinabe teacher"), yet its words say which country it is about.  This module reads
those words, always as weaker evidence than a place:

* :meth:`CountryCues.capitals` — "the Malian capital", "Niger's capital", "la capitale burkinabè",
  "the capital of Chad": that country's capital city, a point (geo_precision 1); a bare "the capital"
  only once the report's country is known (:meth:`CountryCues.bare_capitals`).
* :meth:`CountryCues.text_country` — the country a report's words point to when neither its places nor
  its actors do: a demonym ("a Nigerien party"), a name the gazetteer lacks ("Burkina"), a possessive
  whose apostrophe was lost in copying ("Malis army").  Countries whose forces act abroad (France,
  the United States) say nothing about where the event is, as for actors (``ActorKB.home_country``).

Every result is a :class:`ResolvedPlace` whose mention is the words relied on, so the event's evidence
points at them; the method names the cue and the confidence is low.  Knowledge: ``country_cues.yaml``
(capitals, short names) and the country words of ``actors_countries.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence

from conflictwatch import knowledge
from conflictwatch.actors.textfold import fold
from conflictwatch.records import EntityMention, Place, ResolvedPlace, Sentence
from conflictwatch.text.patterns import word_alternation

__all__ = ["CountryCues", "CUES_SOURCE"]

CUES_SOURCE = "events.country_cues"
_CAPITAL_CONFIDENCE = 0.7  # "the Malian capital": the city, as plainly as its name
_BARE_CAPITAL_CONFIDENCE = 0.5  # "the capital", in a report whose country is known
_TEXT_COUNTRY_CONFIDENCE = 0.2  # a country word, no place


@dataclass(frozen=True)
class _Word:
    iso2: str
    kind: str  # "name" | "demonym" | "possessive"


class CountryCues:
    """Country words and capital phrases for the countries the actor knowledge base knows.

    ``countries``: ISO2 -> the knowledge base's country spec (``ActorKB.countries()``);
    ``capital_place``: (ISO2, city name) -> the gazetteer's place for the city, or None.
    """

    def __init__(self, countries: Mapping, capital_place: Callable[[str, str], Optional[Place]],
                 data: Optional[dict] = None):
        data = data if data is not None else knowledge.load("country_cues.yaml")
        self._external = {iso for iso, c in countries.items() if c.external}
        self._capital_names: dict[str, str] = dict(data.get("capitals") or {})
        self._capital_place = capital_place
        self._capitals: dict[str, Optional[Place]] = {}
        short = data.get("short_names") or {}
        min_len = int(data.get("bare_possessive_min_length", 4))

        cased: dict[str, _Word] = {}  # matched as written (names, English demonyms)
        anycase: dict[str, _Word] = {}  # matched in any case (French adjectives)
        for iso, c in countries.items():
            names = [c.name, *c.country_names, *short.get(iso, [])]
            for n in names:
                cased.setdefault(fold(n), _Word(iso, "name"))
                if len(n) >= min_len and not n.endswith("s"):
                    cased.setdefault(fold(n) + "s", _Word(iso, "possessive"))
            for d in c.demonyms:
                cased.setdefault(fold(d), _Word(iso, "demonym"))
                if d[-1:].isalpha() and d[-1] not in "se":  # "Malians", "Nigeriens"; not "Beninese"
                    cased.setdefault(fold(d) + "s", _Word(iso, "demonym"))
            for d in c.fr_demonyms:
                anycase.setdefault(fold(d).lower(), _Word(iso, "demonym"))
        self._cased, self._anycase = cased, anycase
        # on folded text (one apostrophe): a word may end in a possessive ("Mali's"), not run on ("Mali-based")
        end = r"(?=[^\w'-]|'(?:s\b|\s|$)|$)"
        self._cased_re = re.compile(rf"(?<![\w'-])({word_alternation(cased)}){end}")
        self._anycase_re = re.compile(rf"(?<![\w'-])({word_alternation(anycase)}){end}", re.IGNORECASE)

        cap = word_alternation(data.get("capital_words") or ["capital"])
        not_after = word_alternation(data.get("not_national_after") or [])
        self._not_after = re.compile(rf"\s+(?:{not_after})\b", re.IGNORECASE)
        # "the capital" / "la capitale" not followed by a country ("the capital of Mali" is handled with it)
        self._bare_re = re.compile(rf"\b(?:the|la)\s+({cap})\b(?!\s+(?:of|in|de|du|d['’]|city\s+of)\b)",
                                   re.IGNORECASE)
        self._apposition = re.compile(r"[A-ZÀ-Ö][\w'’-]+\s*,\s*\Z")  # "Ouagadougou, the capital"
        self._cap_re = re.compile(rf"\b({cap})\b", re.IGNORECASE)
        self._of_after = re.compile(r"(?:\s+city)?\s+(?:of|in|de|du|d['’])\s*(?:the\s+|la\s+|l['’]\s*)?",
                                    re.IGNORECASE)
        self._gap_before = re.compile(r"(?:['’]s?)?\s+\Z")  # "Malian capital", "Mali's capital"
        self._article = re.compile(r"\b(?:the|la|le)\s+\Z", re.IGNORECASE)

    # ------------------------------------------------------------ words

    def _words(self, text: str) -> list[tuple[int, int, _Word]]:
        """Country words in ``text``: (start, end, word), in order, longest first where they overlap."""
        folded = fold(text)
        found = [(m.start(1), m.end(1), self._cased[m.group(1)]) for m in self._cased_re.finditer(folded)
                 if m.group(1) in self._cased]
        found += [(m.start(1), m.end(1), self._anycase[m.group(1).lower()])
                  for m in self._anycase_re.finditer(folded) if m.group(1).lower() in self._anycase]
        found.sort(key=lambda w: (w[0], -(w[1] - w[0])))
        out: list[tuple[int, int, _Word]] = []
        for w in found:
            if out and w[0] < out[-1][1]:
                continue
            out.append(w)
        return out

    def _capital(self, iso2: str) -> Optional[Place]:
        if iso2 not in self._capitals:
            name = self._capital_names.get(iso2)
            self._capitals[iso2] = self._capital_place(iso2, name) if name else None
        return self._capitals[iso2]

    # ------------------------------------------------------------ capitals

    def capitals(self, text: str, sentences: Sequence[Sentence]) -> list[ResolvedPlace]:
        """Capital phrases that name their country: "the Malian capital", "Niger's capital", "capital of Chad"."""
        out: list[ResolvedPlace] = []
        words: Optional[list[tuple[int, int, _Word]]] = None  # read only when "capital" is in the text
        for m in self._cap_re.finditer(text):
            if self._not_after.match(text, m.end()):
                continue
            if words is None:
                words = self._words(text)
            hit = None
            before = [w for w in words if w[1] <= m.start()]
            if before and self._gap_before.match(text[before[-1][1]:m.start()]):
                # "the Malian capital", "Mali's capital", "Burkina Fasos capital"
                ws, _, w = before[-1]
                art = self._article.search(text, max(0, ws - 5), ws)
                hit = (art.start() if art else ws, m.end(), w)
            else:
                # "the capital of Mali", "la capitale du Niger", "la capitale malienne"
                of = self._of_after.match(text, m.end())
                after = of.end() if of else m.end()
                nxt = next((w for w in words if w[0] >= m.end()), None)
                if nxt is not None and (of or nxt[2].kind == "demonym") and not text[after:nxt[0]].strip():
                    art = self._article.search(text, max(0, m.start() - 5), m.start())
                    hit = (art.start() if art else m.start(), nxt[1], nxt[2])
            if hit is None or hit[2].iso2 in self._external:
                continue
            place = self._capital(hit[2].iso2)
            if place is None:
                continue
            out.append(self._resolved(text, sentences, hit[0], hit[1], place, 1, _CAPITAL_CONFIDENCE,
                                      f"capital-of+{hit[2].kind}"))
        return out

    def bare_capitals(self, text: str, sentences: Sequence[Sentence], iso2: str,
                      taken: Sequence[tuple[int, int]] = ()) -> list[ResolvedPlace]:
        """"the capital" / "la capitale" with no country: the capital of the report's country ``iso2``."""
        place = self._capital(iso2)
        if place is None:
            return []
        out = []
        for m in self._bare_re.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if self._not_after.match(text, m.end()):
                continue
            if re.match(r"\s*,\s*[A-ZÀ-Ö]", text[m.end():m.end() + 4]) or \
                    self._apposition.search(text, max(0, m.start() - 40), m.start()):
                continue  # "the capital, Bamako" / "Bamako, the capital": the name beside it is the place
            out.append(self._resolved(text, sentences, m.start(), m.end(), place, 1, _BARE_CAPITAL_CONFIDENCE,
                                      "capital-of+document-country"))
        return out

    # ------------------------------------------------------------ the report's country

    def text_country(self, text: str, sentences: Sequence[Sentence], country_place: Callable[[str], Optional[Place]],
                     skip: Sequence[tuple[int, int]] = ()) -> Optional[ResolvedPlace]:
        """The country the report's words point to (most mentioned, then first), or None.

        ``skip``: spans already read for this purpose (actors' names).  Countries whose forces act abroad
        are left out.
        """
        votes: dict[str, list] = {}
        for ws, we, w in self._words(text):
            if w.iso2 in self._external or any(a < we and ws < b for a, b in skip):
                continue
            entry = votes.setdefault(w.iso2, [0, ws, we, w])
            entry[0] += 1
        if not votes:
            return None
        iso = max(votes, key=lambda k: (votes[k][0], -votes[k][1]))
        place = country_place(iso)
        if place is None:
            return None
        _, ws, we, w = votes[iso]
        return self._resolved(text, sentences, ws, we, place, 3, _TEXT_COUNTRY_CONFIDENCE, f"text-country:{w.kind}")

    @staticmethod
    def _resolved(text: str, sentences: Sequence[Sentence], start: int, end: int, place: Place, precision: int,
                  confidence: float, method: str) -> ResolvedPlace:
        sent = next((s.index for s in sentences if s.start <= start < s.end), -1)
        mention = EntityMention(text[start:end], start, end, "PLACE", sent, place.id, confidence, CUES_SOURCE)
        return ResolvedPlace(mention, place, precision, place.name if precision == 1 else (place.country or place.name),
                             confidence, method)
