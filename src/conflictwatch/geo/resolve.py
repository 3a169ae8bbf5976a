"""Resolve place mentions to gazetteer places, with ACLED geo-precision."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from typing import Optional, Sequence

from conflictwatch.geo.gazetteer import Candidate, Gazetteer
from conflictwatch.geo.normalize import name_key, slug
from conflictwatch.geo.toponyms import MatcherVocabulary, vocabulary
from conflictwatch.records import Document, EntityMention, Place, ResolvedPlace, Sentence

__all__ = ["resolve_places", "is_event_location", "RESOLVER_NAME"]

RESOLVER_NAME = "geo.resolver.v1"
_UNIT_KINDS = ("country", "admin1", "admin2")
_FOCUS_BONUS = 1.5


def is_event_location(rp: ResolvedPlace) -> bool:
    """False for dateline places and for regions too vague to code an event ("the Sahel")."""
    return not rp.is_dateline and rp.place.feature_code != "VAGUE"


# What may stand between a place and the unit that locates it: "X, Mali", "X (Soum", "X, in the Mopti region",
# "X, in eastern Mali".
_UNIT_GAP = re.compile(
    r"\s*(?:,?\s*(?:in|dans|en)\b|,|\()(?:\s+(?:the|le|la|les|l['’]))?"
    r"(?:\s+(?:(?:far\s+)?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|central|centre))?"
    r"(?:\s+(?:region|province|cercle|circle|department|d[ée]partement|commune|pr[ée]fecture|r[ée]gion)"
    r"\s+(?:of|de|du|d['’]\s*))?\s*",
    re.IGNORECASE,
)
_CAMEL_HASHTAG = re.compile(r"#((?:[A-Z][a-zà-ÿ]+){2,3})\b")
_CAMEL_PART = re.compile(r"[A-Z][a-zà-ÿ]+")
# the comma-separated names inside "X (Commune, Cercle, Region)"
_PAREN = re.compile(r"\s*\(([^()\n]{2,120})\)")


def _context_units(doc_text: str, m: EntityMention, by_start: dict[int, EntityMention],
                   resolved_units: dict[int, list[Candidate]], gaz: Optional[Gazetteer] = None,
                   doc_countries: Optional[Counter] = None) -> list[Place]:
    """Units written right after ``m``: "X, Mali" / "X (Soum, Sahel)" / "X, Tillabéri region".

    A unit name shared by several countries ("Est" is a region of Burkina Faso and of Cameroon) is read as
    the one that contains a place called ``m``, else the one in the document's countries.
    """
    if gaz is not None:
        paren = _PAREN.match(doc_text, m.end)
        if paren:
            units = _paren_units(paren.group(1), gaz, resolved_units.get(m.start, []))
            if units:
                return units
    units: list[Place] = []
    pos = m.end
    for _ in range(3):
        gap = _UNIT_GAP.match(doc_text, pos, pos + 60)
        if not gap:
            break
        nxt = by_start.get(gap.end())
        if nxt is None:
            break
        cands = [c.place for c in resolved_units.get(nxt.start, []) if c.place.kind in _UNIT_KINDS and c.flag != 2]
        if not cands:
            break
        if len(cands) > 1:
            own = resolved_units.get(m.start, [])
            holding = [u for u in cands if any(_fits(c.place, u) for c in own)]
            cands = holding or cands
        units.append(cands[0] if len(cands) == 1 else _prefer_units(cands, units, doc_countries))
        pos = nxt.end
        if doc_text[pos:pos + 3].startswith(("'s", "’s")):
            units.pop()
            break
    return units


_UNIT_WORDS = re.compile(r"^(?:the\s+)?(?:(?:region|province|cercle|circle|department|d[ée]partement|commune|"
                         r"r[ée]gion)\s+(?:of|de|du|d['’])\s*)?|\s+(?:region|province|cercle|circle|department|"
                         r"d[ée]partement|commune|r[ée]gion|area|zone)$", re.IGNORECASE)


def _paren_units(inside: str, gaz: Gazetteer, own: Sequence[Candidate] = ()) -> list[Place]:
    """Admin units among the comma-separated parts of a parenthesis: "(Mondoro, Douentza, Mopti)".

    Parts that are not admin units (a commune the gazetteer lacks, a date) are skipped; the units
    must nest (same country, admin-2 inside the admin-1) or the parenthesis is ignored.  A unit name
    shared by several countries ("(Est)") is the one holding a place of the name before it (``own``).
    """
    parts = [_UNIT_WORDS.sub("", p.strip()).strip() for p in re.split(r"[,;/]", inside)]
    units: list[Place] = []
    for part in parts:
        if not part or not part[0].isupper() or len(part) > 40:
            continue
        cands = [c.place for c in gaz.candidates(part) if c.place.kind in _UNIT_KINDS and c.flag != 2]
        if not cands:
            continue
        if units:
            fit = [c for c in cands if c.country_iso2 == units[0].country_iso2]
            if not fit:
                return []
            cands = fit
        elif len(cands) > 1:
            cands = [u for u in cands if any(_fits(c.place, u) for c in own)] or cands
        units.append(cands[0])
    if len(units) > 1:
        # "(Koutiala, Sikasso)": prefer the admin-2 of that name inside the admin-1 given
        a1 = [u for u in units if u.kind == "admin1"]
        if a1:
            fixed = []
            for u in units:
                if u.kind == "admin2" and u.admin1_code != a1[0].admin1_code:
                    alt = gaz.admin2(u.country_iso2, u.name, a1[0].admin1_code)
                    u = alt if alt is not None and alt.admin1_code == a1[0].admin1_code else u
                fixed.append(u)
            units = fixed
    return units


def _prefer_units(cands: list[Place], already: list[Place], doc_countries: Optional[Counter] = None) -> Place:
    if already:
        cc = already[0].country_iso2
        same = [c for c in cands if c.country_iso2 == cc]
        if same:
            return same[0]
    if doc_countries:
        named = [c for c in cands if doc_countries.get(c.country_iso2)]
        if named:
            return max(named, key=lambda c: doc_countries[c.country_iso2])
    return cands[0]


def _fits(p: Place, unit: Place) -> bool:
    if unit.kind == "country":
        return p.country_iso2 == unit.country_iso2
    if unit.kind == "admin1":
        return p.admin1_code == unit.admin1_code and p.id != unit.id
    if unit.kind == "admin2":
        if p.admin2_code is None and p.kind == "locality":  # many cities500 places lack their admin-2
            return p.admin1_code == unit.admin1_code
        return p.admin2_code == unit.admin2_code and p.id != unit.id
    return False


def _score(c: Candidate, doc_countries: Counter, total: int, admin_cue: bool, vocab: MatcherVocabulary) -> float:
    p = c.place
    s = 0.0
    if total:
        s += 10.0 * doc_countries.get(p.country_iso2, 0) / total
    if p.country_iso2 in vocab.focus_countries:
        s += _FOCUS_BONUS
    if p.kind == "country":
        s += 12.0
    elif p.kind == "region":
        s += 6.0
    elif p.kind in ("admin1", "admin2"):
        s += (20.0 if admin_cue else 1.0) + (0.5 if p.kind == "admin1" else 0.0)
    else:
        s += math.log10(p.population + 1)
    if c.flag == 1:
        s += 1.0
    return s


def _unknown_place(name: str, enclosing: Place) -> Place:
    return Place(
        id=f"unk:{enclosing.country_iso2.lower()}:{slug(name)}", name=name, kind="locality",
        country_iso2=enclosing.country_iso2, latitude=enclosing.latitude, longitude=enclosing.longitude,
        country=enclosing.country, iso_numeric=enclosing.iso_numeric, region=enclosing.region,
        admin1=enclosing.admin1, admin1_code=enclosing.admin1_code, admin2=enclosing.admin2,
        admin2_code=enclosing.admin2_code, population=0, feature_code="UNK", source="pattern",
        iso3=enclosing.iso3,
    )


def resolve_places(doc: Document, sentences: Sequence[Sentence], mentions: list[EntityMention],
                   gaz: Gazetteer, *, country_hint: Optional[str] = None) -> list[ResolvedPlace]:
    """Link each ``PLACE`` mention to a place, with geo_precision, confidence and the method used.

    Mentions that cannot be placed anywhere (an unknown name with no country in
    context) are left out.  ``country_hint`` (ISO2) is a country the document is
    known to be about (a feed's country, a CLI ``--country``): places elsewhere are
    then only kept for country and region names.  See the module docs of
    :mod:`conflictwatch.geo` for the rules.
    """
    vocab = vocabulary()
    text = doc.text
    places = sorted((m for m in mentions if m.label == "PLACE"), key=lambda m: (m.start, m.end))
    by_start = {m.start: m for m in places}
    cands: dict[int, list[Candidate]] = {m.start: gaz.candidates(m.text) for m in places}
    dl = doc.dateline_span

    def in_dateline(m: EntityMention) -> bool:
        return bool(dl) and m.start < dl[1] and dl[0] < m.end  # type: ignore[index]

    # countries named in the document (country names, demonyms, unambiguous places); dateline counts little
    doc_countries: Counter = Counter()
    own_vote: dict[int, tuple[str, float]] = {}  # what each mention added to doc_countries
    for m in places:
        cs = cands[m.start]
        ccs = {c.place.country_iso2 for c in cs if c.place.country_iso2}
        weight = 0.25 if in_dateline(m) else 1.0
        country_c = [c for c in cs if c.place.kind == "country"]
        if country_c:
            doc_countries[country_c[0].place.country_iso2] += weight
        elif len(ccs) == 1:
            doc_countries[next(iter(ccs))] += weight * 0.5
            own_vote[m.start] = (next(iter(ccs)), weight * 0.5)
    # a country in a hashtag written solid ("#BurkinaFaso"; "#Mali" is matched as a word already)
    for tag in _CAMEL_HASHTAG.finditer(text):
        country = gaz.country(" ".join(_CAMEL_PART.findall(tag.group(1))))
        if country is not None:
            doc_countries[country.country_iso2] += 1.0
    hint = country_hint.upper() if country_hint else None
    if hint:
        doc_countries[hint] += max(sum(doc_countries.values()), 1.0) * 4
    total = sum(doc_countries.values())
    if hint:
        for k, cs in cands.items():
            cands[k] = [c for c in cs if c.place.country_iso2 == hint or c.place.kind in ("country", "region")]
    doc_admin1 = _document_admin1(places, cands, doc_countries, total, in_dateline)

    out: list[ResolvedPlace] = []
    for m in places:
        before = text[max(0, m.start - 60):m.start]
        after = text[m.end:m.end + 30]
        admin_cue = bool(vocab.admin_after_re.match(after) or vocab.admin_before_re.search(before))
        near = bool(vocab.near_before_re.search(before) or vocab.near_after_re.match(after)
                    or vocab.pair_second_re.search(before) or _in_route_pair(before, after, vocab))
        direction = vocab.direction_re.search(before)
        cs = cands[m.start]
        if vocab.seat_after_re.match(after) or vocab.seat_before_re.search(before):
            # "Niafunké commune", "la commune de Barani": the seat town's area, not an admin unit of that name
            towns = [c for c in cs if c.place.kind == "locality"]
            if towns:
                cs, admin_cue, near = towns, False, True
        is_country = any(c.place.kind == "country" for c in cs)
        # "Mali, Niger and Burkina Faso" is a list, not "X, Country"
        units = [] if is_country else _context_units(text, m, by_start, cands, gaz, doc_countries)
        is_dl = in_dateline(m)
        method: list[str] = []

        if total and not units:
            # an alternate spelling of a place in a country the document never mentions ("Boni" -> Bonn)
            # is more likely an unknown local place; so is an admin unit of such a country outside the
            # region the gazetteer covers closely ("North Central" is not a Canadian unit in a Burkina story)
            cs = [c for c in cs if c.flag != 0 or doc_countries.get(c.place.country_iso2) or c.place.kind != "locality"]
            cs = [c for c in cs if c.place.kind not in ("admin1", "admin2") or doc_countries.get(c.place.country_iso2)
                  or c.place.country_iso2 in vocab.focus_countries]
            others = doc_countries.copy()
            if m.start in own_vote:
                others[own_vote[m.start][0]] -= own_vote[m.start][1]
            # the countries the rest of the report names; a country whose forces act abroad ("Chadian
            # peacekeepers", "French troops") says nothing about where its people are
            others = Counter({k: v for k, v in others.items() if v > 0 and k not in vocab.forces_abroad})
            if any(iso in vocab.focus_countries for iso in others):
                # a report about a Sahel country: a village of the same name in a country it never mentions
                # (Kona in Ivory Coast for Mali's Konna) is less likely than a local place the gazetteer lacks
                cs = [c for c in cs if c.place.kind != "locality" or others.get(c.place.country_iso2)
                      or c.place.population >= (vocab.min_population_unmentioned
                                                 if c.place.country_iso2 in vocab.focus_countries
                                                 else vocab.min_population_world)]
        elif not units:
            # a document that names no country: outside the focus countries only a country, a region or a
            # large town under its own name is a place ("Boni" is not Bonn, "Yoro" not a Honduran unit)
            cs = [c for c in cs if c.place.country_iso2 in vocab.focus_countries or c.place.kind in ("country", "region")
                  or (c.flag == 1 and c.place.kind == "locality" and c.place.population >= vocab.min_population_world)]
        if units:
            fitting = [c for c in cs if all(_fits(c.place, u) for u in units)]
            if cs and not fitting:
                cs = []  # the name exists, but not in the unit the text names: treat as unknown there
            elif fitting:
                cs = fitting
                method.append("unit-context")
        if not cands[m.start]:  # a name the gazetteer does not know at all: perhaps a two-word name written solid
            cs = [c for c in _solid_spelling(m.text, gaz, doc_countries) if all(_fits(c.place, u) for u in units)]
            if cs:
                method.append("split-name")
        if not cs:
            rp = _resolve_unknown(m, units, doc_countries, total, gaz, is_dl, doc_admin1)
            if rp is not None:
                out.append(rp)
            continue

        if not admin_cue:
            cs = _prefer_seat_town(cs)
        vague = [c for c in cs if c.place.feature_code == "VAGUE"]
        if vague and not admin_cue and not units:
            best = vague[0]
        else:
            best = max(cs, key=lambda c: (_score(c, doc_countries, total, admin_cue, vocab), -len(c.place.id),
                                          c.place.id))
        p = best.place
        ambiguous = len({c.place.country_iso2 for c in cs}) > 1
        if total and doc_countries.get(p.country_iso2):
            method.append("doc-country")
        method.insert(0, "demonym" if best.flag == 2 else ("exact" if best.flag == 1 else "alt-name"))

        if p.kind == "locality":
            precision = 2 if near else 1
            if near:
                method.append("near")
            conf = 0.85 if not ambiguous else (0.75 if "unit-context" in method or "doc-country" in method else 0.5)
        elif p.kind == "region":
            precision = 3
            conf = 0.2 if p.feature_code == "VAGUE" else 0.7
            method.append("too-vague" if p.feature_code == "VAGUE" else "named-region")
        else:
            precision = 3
            conf = 0.8 if not ambiguous else 0.6
            if best.flag == 2:
                conf = 0.3
            if direction and p.kind == "country":
                method.append(f"direction:{direction.group(1).lower()}")
        out.append(ResolvedPlace(mention=m, place=p, geo_precision=precision, location=p.name,
                                 confidence=round(conf, 2), method="+".join(method), is_dateline=is_dl))
    return out


def _prefer_seat_town(cs: list[Candidate]) -> list[Candidate]:
    """A bare name shared by an admin unit and a town inside it ("Tessalit": cercle and town) is the town.

    Units are usually named after their seat, and a report that means the unit says so ("Tessalit cercle",
    "the Mopti region": the caller only asks when no such word is there).  Without this, a small town
    (population unknown in GeoNames) and its unit score alike and the unit's borrowed point wins.
    """
    towns = [c.place for c in cs if c.place.kind == "locality"]
    if not towns:
        return cs
    seats = {t.id: u.place for u in cs if u.place.kind == "admin2" for t in towns if _fits(t, u.place)}
    out = []
    for c in cs:
        p = c.place
        if p.kind in ("admin1", "admin2") and any(_fits(t, p) for t in towns):
            continue
        unit = seats.get(p.id)
        if unit is not None and p.admin2_code is None:
            # GeoNames often lacks a town's admin-2: the same-named unit of its admin-1 is where it lies
            c = Candidate(dataclasses.replace(p, admin2=unit.admin2, admin2_code=unit.admin2_code), c.flag)
        out.append(c)
    return out


def _in_route_pair(before: str, after: str, vocab: MatcherVocabulary) -> bool:
    """One end of a road named by its two towns: "the Gao-Ansongo road", "axis Gao-Ansongo"."""
    hyphen_before = bool(re.search(r"[A-ZÀ-Ö][\w'’]+-\Z", before))
    hyphen_after = after.startswith("-") and after[1:2].isupper()
    if not (hyphen_before or hyphen_after):
        return False
    return bool(vocab.route_pair_before_re.search(before) or vocab.route_pair_after_re.match(after))


def _solid_spelling(name: str, gaz: Gazetteer, doc_countries: Counter) -> list[Candidate]:
    """Places whose two-word name ``name`` writes solid ("Banibangou" for Bani Bangou, "Tchintabaraden").

    Only for a single word the gazetteer does not know, and only when exactly one way of cutting it in two
    gives exactly-named localities in a country of the document (or any, when it names none)."""
    if " " in name or len(name) < 8:
        return []
    found: list[list[Candidate]] = []
    for i in range(3, len(name) - 2):
        cs = [c for c in gaz.candidates(f"{name[:i]} {name[i:]}") if c.flag == 1 and c.place.kind == "locality"
              and (not doc_countries or doc_countries.get(c.place.country_iso2))]
        if cs:
            found.append(cs)
    return found[0] if len(found) == 1 else []


def _document_admin1(places: list[EntityMention], cands: dict[int, list[Candidate]], doc_countries: Counter,
                     total: float, in_dateline) -> Optional[str]:
    """The admin-1 unit the document is about, when its unambiguous places agree on one (≥ 60 %)."""
    if not total:
        return None
    cc = doc_countries.most_common(1)[0][0]
    votes: Counter = Counter()
    for m in places:
        if in_dateline(m):
            continue
        cs = [c.place for c in cands[m.start] if c.place.country_iso2 == cc and c.place.kind in ("admin1", "admin2",
                                                                                              "locality")]
        codes = {p.admin1_code for p in cs}
        if len(codes) == 1 and None not in codes:
            votes[next(iter(codes))] += 1
    if not votes:
        return None
    code, n = votes.most_common(1)[0]
    return code if n / sum(votes.values()) >= 0.6 else None


def _resolve_unknown(m: EntityMention, units: list[Place], doc_countries: Counter, total: float,
                     gaz: Gazetteer, is_dl: bool, doc_admin1: Optional[str] = None) -> Optional[ResolvedPlace]:
    """An unknown toponym: keep its name, use the smallest enclosing unit's point (never as a precise place)."""
    enclosing: Optional[Place] = None
    rank = {"admin2": 0, "admin1": 1, "country": 2}
    if units:
        enclosing = min(units, key=lambda u: rank.get(u.kind, 3))
        how = f"unknown-toponym+{enclosing.kind}-point"
        conf = 0.4 if enclosing.kind != "country" else 0.3
    elif doc_admin1 is not None and (enclosing := gaz.admin1_place(doc_admin1)) is not None:
        how, conf = "unknown-toponym+doc-admin1-point", 0.25
    elif total and doc_countries.most_common(1)[0][1] / total >= 0.6:
        enclosing = gaz.country(doc_countries.most_common(1)[0][0])
        how, conf = "unknown-toponym+doc-country-point", 0.15
    if enclosing is None:
        return None
    precision = 2 if enclosing.kind == "admin2" else 3
    if precision == 2 and not gaz.has_own_point(enclosing):
        precision, how = 3, how + "(admin1-point)"  # the admin-2 unit only borrows its parent's point
    place = _unknown_place(m.text, enclosing)
    return ResolvedPlace(mention=m, place=place, geo_precision=precision, location=m.text, confidence=conf,
                         method=how, is_dateline=is_dl)
