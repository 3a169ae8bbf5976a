"""Resolve one place name (with an optional country and context text): what ``conflictwatch geo resolve`` runs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

from conflictwatch.errors import InputError
from conflictwatch.geo.gazetteer import Gazetteer
from conflictwatch.geo.normalize import fold
from conflictwatch.geo.resolve import _score, resolve_places
from conflictwatch.geo.toponyms import find_toponyms, vocabulary
from conflictwatch.records import Document, EntityMention, Place, ResolvedPlace

__all__ = ["resolve_name", "NameResolution", "Alternative", "place_summary"]


@dataclass(frozen=True)
class Alternative:
    place: Place
    score: float
    how: str  # "exact" | "alt-name" | "demonym"


@dataclass(frozen=True)
class NameResolution:
    name: str
    country: Optional[str]
    best: Optional[ResolvedPlace]
    alternatives: tuple[Alternative, ...]

    def to_dict(self) -> dict:
        best = None
        if self.best is not None:
            b = self.best
            best = {**place_summary(b.place), "location": b.location, "geo_precision": b.geo_precision,
                    "confidence": b.confidence, "method": b.method}
        return {"name": self.name, "country": self.country, "best": best,
                "alternatives": [{**place_summary(a.place), "score": round(a.score, 3), "matched": a.how}
                                 for a in self.alternatives]}


def place_summary(p: Place) -> dict:
    return {"id": p.id, "name": p.name, "kind": p.kind, "latitude": p.latitude, "longitude": p.longitude,
            "country": p.country, "country_iso2": p.country_iso2, "admin1": p.admin1, "admin1_code": p.admin1_code,
            "admin2": p.admin2, "admin2_code": p.admin2_code, "population": p.population, "source": p.source}


def resolve_name(name: str, gaz: Gazetteer, country: Optional[str] = None, context: Optional[str] = None,
                 max_alternatives: int = 10) -> NameResolution:
    """Best place for ``name`` and scored alternatives.

    ``country``: ISO2/ISO3/name of the country the name is in (a hard filter).
    ``context``: text around the name ("attack near Djibo (Soum, Sahel)"); when the
    name occurs in it, its first occurrence is resolved in place, so "near",
    "(Admin2, Admin1)", directions and the other places of the text all count.
    """
    from conflictwatch.nlp.sentences import split_sentences

    name = name.strip()
    if not name:
        raise InputError("name", "empty place name")
    cc = None
    if country:
        cp = gaz.country(country)
        if cp is None:
            raise InputError("--country", f"unknown country {country!r}")
        cc = cp.country_iso2
    text = context or ""
    i = fold(text).find(fold(name)) if text else -1
    if i < 0:
        text = f"{name}. {text}".strip() if text else name
        i = 0
    span = (i, i + len(name))
    sentences = split_sentences(text)
    mentions = [m for m in find_toponyms(text, sentences, gaz) if m.end <= span[0] or m.start >= span[1]]
    target = EntityMention(text=text[span[0]:span[1]], start=span[0], end=span[1], label="PLACE",
                           sentence=0, kb_id=None, confidence=1.0, source="geo.lookup")
    mentions.append(target)
    doc = Document(id="geo-resolve", uri="geo-resolve", text=text)
    resolved = resolve_places(doc, sentences, mentions, gaz, country_hint=cc)
    best = next((r for r in resolved if r.mention.start == span[0] and r.mention.end == span[1]), None)

    doc_countries: Counter = Counter()
    if cc:
        doc_countries[cc] = 1.0
    elif best is not None:
        doc_countries[best.place.country_iso2] = 1.0
    vocab = vocabulary()
    alts = []
    for c in gaz.candidates(name, cc):
        if best is not None and c.place.id == best.place.id:
            continue
        s = _score(c, doc_countries, sum(doc_countries.values()), False, vocab)
        alts.append(Alternative(c.place, s, {1: "exact", 0: "alt-name", 2: "demonym"}.get(c.flag, "?")))
    alts.sort(key=lambda a: -a.score)
    return NameResolution(name=name, country=cc, best=best, alternatives=tuple(alts[:max_alternatives]))
