"""From trigger, actor, place, date and quantity mentions to coded ACLED events and typed facts.

``build_events(analysis, ...)`` is the ``events.builder.v1`` component's work:

1. each sentence with a factual trigger is a candidate event (planned, feared or
   habitual mentions are not: they come from the lexicon's cue lists);
2. the highest-priority trigger types it; trigger classes ("attack", "kill",
   "territory", "protest") are resolved from the roles found around them;
3. actors, place, date and fatalities are taken from the sentence, falling back
   to the sentences just before it in the same paragraph;
4. counts over a period ("lost more than 100 soldiers since October") become
   ``aggregate_toll`` facts, incidents long before publication become
   ``historical_event`` facts, and follow-up sentences ("Five soldiers were
   killed.") add to the event before them;
5. events of the same type at the same place and date in one document merge.

Every coded field carries its evidence (span + sentence) and a confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from conflictwatch.events.coding import civilian_targeting, event_id, interaction_code
from conflictwatch.events.roles import assign_roles
from conflictwatch.nlp.triggers import TriggerLexicon
from conflictwatch.records import (
    Actor,
    ActorMatch,
    Analysis,
    DateMention,
    Event,
    Evidence,
    Fact,
    Quantity,
    ResolvedPlace,
    Sentence,
    TriggerMatch,
)

__all__ = ["EventBuilder", "Candidate"]

EXTRACTOR = "events.builder.v1"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass
class Candidate:
    """An event being assembled from one or more sentences."""

    trigger: TriggerMatch
    sentence: Sentence
    event_type: str
    sub_event_type: str
    agents: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    agent_matches: list[ActorMatch] = field(default_factory=list)
    target_matches: list[ActorMatch] = field(default_factory=list)
    place: Optional[ResolvedPlace] = None
    date: Optional[DateMention] = None
    killed: list[Quantity] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    qualifier: Optional[str] = None


_AFFILIATE_AFTER = re.compile(r"^\s*(?:-|\s)?(?:affiliates?|affiliated|loyalists|linked|branch(?:es)?|franchises?|offshoots?|fighters)\b", re.I)
_AFFILIATE_BEFORE = re.compile(r"(?:linked to|affiliated (?:with|to)|loyal to|affiliates? of|branch(?:es)? of)\s+(?:the\s+)?$", re.I)


_AFFILIATE_WORD = re.compile(r"\baffiliates?\b|\blinked to\b", re.I)


def _affiliate_context(text: str, matches: Sequence[ActorMatch]) -> bool:
    """Do the words around a group of actor mentions say 'affiliates of' them ("al-Qaeda and IS affiliates")?"""
    if not matches:
        return False
    first = min(matches, key=lambda m: m.start)
    last = max(matches, key=lambda m: m.end)
    return bool(_AFFILIATE_AFTER.match(text[last.end : last.end + 30]) or _AFFILIATE_BEFORE.search(text[max(0, first.start - 30) : first.start]))


def _is_vague(rp: ResolvedPlace) -> bool:
    return bool(getattr(rp.place, "feature_code", None) in ("VAGUE", "too_vague")) or rp.place.kind == "continent"


def _place_rank(rp: ResolvedPlace) -> float:
    """Lower is more specific."""
    kind = rp.place.kind
    if kind == "locality":
        return rp.geo_precision
    if rp.location and rp.location != rp.place.name and rp.method and "unknown" in rp.method:
        return 2.5  # a named village we could only place in its unit
    return {"admin2": 3.0, "admin1": 3.5, "region": 4.0, "country": 4.5}.get(kind, 5.0)


class EventBuilder:
    """Turns an :class:`Analysis` with mentions into events and facts."""

    def __init__(self, lexicon: TriggerLexicon, kb, relations: dict):
        self.lex = lexicon
        self.kb = kb
        self.relations = {k: re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in v) + r")(?!\w)", re.I)
                          for k, v in relations["relations"].items()}
        self.aggregate = re.compile("|".join(f"(?:{p})" for p in relations["aggregate_cues"]), re.I)
        self.historical = re.compile("|".join(f"(?:{p})" for p in relations["historical_cues"]), re.I)

    # ------------------------------------------------------------------ helpers
    def _in(self, items, s: Sentence):
        return [x for x in items if x.start >= s.start and x.end <= s.end]

    def _paragraph_of(self, text: str, pos: int) -> tuple[int, int]:
        start = 0
        for m in _PARAGRAPH_BREAK.finditer(text, 0, pos):
            start = m.end()
        m = _PARAGRAPH_BREAK.search(text, pos)
        return start, (m.start() if m else len(text))

    def _evidence(self, doc_id: str, fieldname: str, text: str, start: int, end: int, s: Sentence) -> Evidence:
        return Evidence(fieldname, doc_id, start, end, text[start:end], s.text, s.start)

    def _doc_country(self, places: Sequence[ResolvedPlace]) -> Optional[ResolvedPlace]:
        counts: dict[str, int] = {}
        first: dict[str, ResolvedPlace] = {}
        for rp in places:
            if rp.is_dateline or _is_vague(rp) or not rp.place.country_iso2:
                continue
            iso = rp.place.country_iso2
            counts[iso] = counts.get(iso, 0) + 1
            first.setdefault(iso, rp)
        if not counts:
            return None
        best = max(counts, key=lambda k: (counts[k], -first[k].mention.start))
        return first[best]

    def _pub(self, analysis: Analysis) -> Optional[dt.date]:
        v = analysis.document.published.value
        try:
            return dt.date.fromisoformat(v[:10]) if v else None
        except ValueError:
            return None

    # ------------------------------------------------------------------ main
    def __call__(self, analysis: Analysis) -> tuple[tuple[Event, ...], tuple[Fact, ...]]:
        doc = analysis.document
        text = doc.text
        places = [p for p in analysis.resolved_places if not p.is_dateline]
        doc_country = self._doc_country(places)
        pub = self._pub(analysis)
        facts: list[Fact] = []
        candidates: list[Candidate] = []
        triggers_by_sentence: dict[int, list[TriggerMatch]] = {}
        for t in analysis.triggers:
            triggers_by_sentence.setdefault(t.sentence, []).append(t)

        last: Optional[Candidate] = None
        for s in analysis.sentences:
            trigs = [t for t in triggers_by_sentence.get(s.index, []) if not self.lex.is_irrealis(text, t.start)]
            s_places = [p for p in self._in(places, s) if not _is_vague(p)]
            s_dates = self._in(analysis.dates, s)
            s_killed = [q for q in self._in(analysis.quantities, s) if q.kind == "killed"]
            s_actors = self._in(analysis.actors, s)
            habitual = bool(self.lex.habitual.search(s.text))

            # an aggregate toll: a count over a period, not an incident
            if s_killed and (self.aggregate.search(s.text) or habitual):
                facts.append(self._aggregate_fact(analysis, s, s_killed, s_places, s_dates, s_actors, doc_country))
                last = None
                continue

            if not trigs:
                # a follow-up sentence adding the toll of the previous event
                if last is not None and s_killed and not s_places and self._same_paragraph(text, last.sentence, s):
                    self._add_killed(last, s_killed, doc.id, text, s)
                continue

            trig = max(trigs, key=lambda t: (self.lex.priority[t.trigger_id], -t.start))
            if habitual and not any(p.place.kind == "locality" for p in s_places):
                continue  # a statement about a pattern ("soldiers face attacks every week")
            if last is not None and not s_places and not s_dates and self._same_paragraph(text, last.sentence, s):
                # "Five soldiers were killed in the attack." : more about the previous event
                self._add_killed(last, s_killed, doc.id, text, s)
                continue
            cand = self._candidate(analysis, s, trig, s_actors, s_places, s_dates, s_killed, doc_country, pub)
            if cand is None:
                last = None
                continue
            if self._is_historical(cand, pub, s):
                facts.append(self._historical_fact(analysis, cand))
                last = None
                continue
            candidates.append(cand)
            last = cand

        facts.extend(self._relation_facts(analysis, doc_country))
        facts.extend(self._deployment_facts(analysis, doc_country, {id(c.sentence) for c in candidates}))
        merged = self._merge(candidates)
        events = tuple(self._to_event(analysis, c, pub) for c in merged)
        return events, tuple(facts)

    def _same_paragraph(self, text: str, a: Sentence, b: Sentence) -> bool:
        return self._paragraph_of(text, a.start) == self._paragraph_of(text, b.start)

    def _add_killed(self, cand: Candidate, killed: Sequence[Quantity], doc_id: str, text: str, s: Sentence) -> None:
        for q in killed:
            if not any(q.start == k.start for k in cand.killed):
                cand.killed.append(q)
                cand.evidence.append(self._evidence(doc_id, "fatalities", text, q.start, q.end, s))
        if s not in cand.sentences:
            cand.sentences.append(s)

    # ------------------------------------------------------------------ candidate
    def _candidate(self, analysis, s, trig, s_actors, s_places, s_dates, s_killed, doc_country, pub) -> Optional[Candidate]:
        text = analysis.document.text
        doc_id = analysis.document.id
        roles = assign_roles(text, trig, s_actors, s.start, s.end)
        # place: most specific in the sentence, then earlier in the paragraph, then nothing
        place = None
        if s_places:
            place = min(s_places, key=lambda p: (_place_rank(p), abs(p.mention.start - trig.end)))
        else:
            pstart, _ = self._paragraph_of(text, s.start)
            earlier = [p for p in analysis.resolved_places if pstart <= p.mention.start < s.start and not p.is_dateline and not _is_vague(p)]
            if earlier:
                place = min(earlier, key=lambda p: (_place_rank(p), -p.mention.start))
        if place is None:
            return None  # an event must be anchored somewhere; vague mentions are not coded
        # a statement about a whole country or several countries with no date is not one incident
        countries_in_sentence = {p.place.country_iso2 for p in s_places if p.place.kind == "country"}
        if place.place.kind in ("country", "region") and (len(countries_in_sentence) > 1 or not s_dates):
            return None
        country_iso2 = place.place.country_iso2 or (doc_country.place.country_iso2 if doc_country else None)
        country_name = place.place.country or (doc_country.place.country if doc_country else None)

        date = None
        if s_dates:
            date = min(s_dates, key=lambda d: (d.start_date is None, d.precision, abs(d.start - trig.start)))

        aff_agents = _affiliate_context(text, roles.agents)
        aff_targets = _affiliate_context(text, roles.targets)
        agents = [self._concrete(m, country_iso2, country_name, aff_agents) for m in roles.agents]
        targets = [self._concrete(m, country_iso2, country_name, aff_targets) for m in roles.targets]
        event_type, sub = self._type(trig, text, s, agents, targets, s_killed)
        agents, targets = self._default_actors(event_type, sub, agents, targets, country_iso2, country_name, text, s, trig)
        if not agents:
            return None
        cand = Candidate(trig, s, event_type, sub, agents, targets, list(roles.agents), list(roles.targets),
                         place, date, list(s_killed), [s])
        qualifiers = [m.qualifier for m in roles.agents if m.qualifier]
        cand.qualifier = qualifiers[0] if qualifiers else None
        ev = cand.evidence
        ev.append(self._evidence(doc_id, "event_type", text, trig.start, trig.end, s))
        for m in roles.agents:
            ev.append(self._evidence(doc_id, "actor1", text, m.start, m.end, s))
        for m in roles.targets:
            ev.append(self._evidence(doc_id, "actor2", text, m.start, m.end, s))
        psent = next((x for x in analysis.sentences if x.start <= place.mention.start < x.end), s)
        ev.append(self._evidence(doc_id, "location", text, place.mention.start, place.mention.end, psent))
        if date:
            ev.append(self._evidence(doc_id, "event_date", text, date.start, date.end, s))
        for q in s_killed:
            ev.append(self._evidence(doc_id, "fatalities", text, q.start, q.end, s))
        conf = cand.confidence
        conf["event_type"] = round(trig.confidence * (0.85 if trig.sub_event_type.startswith("class:") else 1.0), 2)
        conf["sub_event_type"] = round(conf["event_type"] * 0.95, 2)
        conf["actor1"] = round(min([m.confidence for m in roles.agents] or [0.4]) * (0.8 if cand.qualifier else 1.0), 2)
        conf["actor2"] = round(min([m.confidence for m in roles.targets] or [0.5]), 2) if cand.targets else 0.5
        conf["location"] = round(place.confidence * (1.0 if place.mention.start >= s.start else 0.7), 2)
        conf["event_date"] = round(date.confidence, 2) if date else 0.3
        conf["fatalities"] = round(min([q.confidence for q in s_killed] or [0.6]), 2)
        return cand

    def _concrete(self, m: ActorMatch, iso2: Optional[str], country: Optional[str], affiliate: bool) -> Actor:
        """The knowledge-base actor a mention stands for in this event's country."""
        actor = m.actor
        if actor.id.startswith("generic:"):
            return self.kb.specialise(m, iso2, country)
        if affiliate and actor.parent is None and actor.network in ("al-Qaeda", "Islamic State"):
            aff = self.kb.affiliates(actor.network, iso2)
            if aff:
                return aff[0]
        return actor

    def _type(self, trig: TriggerMatch, text: str, s: Sentence, agents, targets, killed) -> tuple[str, str]:
        if not trig.sub_event_type.startswith("class:"):
            return trig.event_type, trig.sub_event_type
        cls = trig.sub_event_type.split(":", 1)[1]
        if cls in ("attack", "kill"):
            key = "unknown_target"
            if targets:
                key = "civilian_target" if all(a.inter == 7 for a in targets) else "armed_target"
            else:
                after = text[trig.end : s.end]
                around = text[s.start : s.end]
                if self.lex.target_armed.search(after) or any((q.unit or "").lower() in ("soldiers", "troops", "gendarmes", "policemen", "peacekeepers") for q in killed):
                    key = "armed_target"
                elif self.lex.target_civilian.search(after) or self.lex.target_civilian.search(around):
                    key = "civilian_target"
            return self.lex.resolve_class(cls, key)
        if cls == "territory":
            state = bool(agents) and agents[0].inter == 1
            return self.lex.resolve_class(cls, "state_actor" if state else "non_state_actor")
        if cls == "protest":
            if self.lex.protest_excessive.search(s.text):
                return self.lex.resolve_class(cls, "excessive_force")
            if self.lex.protest_intervention.search(s.text):
                return self.lex.resolve_class(cls, "intervention")
            return self.lex.resolve_class(cls, "default")
        return self.lex.resolve_class(cls, "default")

    def _default_actors(self, event_type, sub, agents, targets, iso2, country, text, s, trig):
        """ACLED's conventions when the text leaves a role implicit."""
        gen = self.kb.generic_actor
        if event_type == "Protests" and not agents:
            agents = [gen("protesters", iso2, country)]
        elif event_type == "Riots" and not agents:
            agents = [gen("rioters", iso2, country)]
        elif event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians") and not agents:
            agents = [gen("armed-group", iso2, country)]
        if event_type == "Violence against civilians" and not targets:
            targets = [gen("civilians", iso2, country)]
        if sub == "Armed clash" and not targets and self.lex.target_armed.search(text[trig.end : s.end]):
            targets = [gen("state-forces", iso2, country)]
        if event_type == "Protests" and sub != "Peaceful protest" and not targets:
            targets = [gen("police", iso2, country)]
        return [a for a in agents if a is not None], [t for t in targets if t is not None]

    def _is_historical(self, cand: Candidate, pub: Optional[dt.date], s: Sentence) -> bool:
        if cand.date is None or not cand.date.end_date:
            return False
        end = dt.date.fromisoformat(cand.date.end_date[:10])
        if pub is not None:
            return (pub - end).days > 365
        return bool(self.historical.search(s.text))

    # ------------------------------------------------------------------ merge + code
    def _merge(self, cands: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        for c in cands:
            twin = next((o for o in out if self._same_incident(o, c)), None)
            if twin is None:
                out.append(c)
                continue
            for q in c.killed:
                if not any(q.best == k.best and q.kind == k.kind for k in twin.killed):
                    twin.killed.append(q)
            twin.evidence.extend(c.evidence)
            twin.sentences.extend(x for x in c.sentences if x not in twin.sentences)
        return out

    @staticmethod
    def _same_incident(a: Candidate, b: Candidate) -> bool:
        if a.sub_event_type != b.sub_event_type or a.place is None or b.place is None:
            return False
        if a.place.place.id != b.place.place.id or a.place.location != b.place.location:
            return False
        da = (a.date.start_date, a.date.end_date) if a.date else None
        db = (b.date.start_date, b.date.end_date) if b.date else None
        return da == db or da is None or db is None

    def _to_event(self, analysis: Analysis, c: Candidate, pub: Optional[dt.date]) -> Event:
        doc = analysis.document
        place = c.place.place
        date_iso, date_end, precision, inferred = self._event_date(c, pub, analysis)
        name = lambda a: self.kb.name_for(a, date_iso)  # noqa: E731
        actor1 = c.agents[0]
        assoc1 = [a for a in c.agents[1:] if a.id != actor1.id]
        actor2 = c.targets[0] if c.targets else None
        assoc2 = [a for a in c.targets[1:] if actor2 and a.id != actor2.id]
        inter1 = actor1.inter
        inter2 = actor2.inter if actor2 else None
        fat_best = sum(q.best for q in c.killed)
        lows = [q.low for q in c.killed if q.low is not None]
        highs = [q.high for q in c.killed if q.high is not None]
        key = f"{c.sentence.start}|{c.sub_event_type}"
        tags = list(c.tags)
        if c.qualifier:
            tags.append(f"{c.qualifier} actor1")
        if inferred:
            tags.append("year inferred")
        if c.place.location != place.name:
            tags.append(f"location approximate: {c.place.location} placed at {place.name}")
        notes = " ".join(s.text for s in sorted(c.sentences, key=lambda s: s.start))
        confidence = dict(c.confidence)
        if inferred:
            confidence["event_date"] = round(min(confidence.get("event_date", 0.5), 0.5), 2)
        return Event(
            event_id_cnty=event_id(place.iso3, doc.id, key),
            doc_id=doc.id,
            event_date=date_iso,
            year=int(date_iso[:4]) if date_iso else None,
            time_precision=precision,
            disorder_type=self.lex.disorder.get(c.sub_event_type, ""),
            event_type=c.event_type,
            sub_event_type=c.sub_event_type,
            actor1=name(actor1),
            assoc_actor_1="; ".join(name(a) for a in assoc1),
            inter1=inter1,
            actor2=name(actor2) if actor2 else "",
            assoc_actor_2="; ".join(name(a) for a in assoc2),
            inter2=inter2,
            interaction=interaction_code(inter1, inter2),
            civilian_targeting=civilian_targeting(c.event_type, inter2),
            iso=place.iso_numeric,
            region=place.region or "",
            country=place.country or "",
            admin1=place.admin1 or "",
            admin2=place.admin2 or "",
            admin3="",
            location=c.place.location,
            latitude=place.latitude,
            longitude=place.longitude,
            geo_precision=c.place.geo_precision,
            source=doc.publisher or "",
            source_scale="",
            notes=notes,
            fatalities=fat_best,
            tags="; ".join(tags),
            timestamp=int(dt.datetime.now(dt.timezone.utc).timestamp()),
            fatalities_low=min(lows) if lows else (fat_best if c.killed else None),
            fatalities_high=max(highs) if highs else (fat_best if c.killed else None),
            year_inferred=inferred,
            date_end=date_end,
            network1=actor1.network,
            network2=actor2.network if actor2 else "",
            confidence=confidence,
            evidence=tuple(c.evidence),
            extractor=EXTRACTOR,
        )

    def _event_date(self, c: Candidate, pub: Optional[dt.date], analysis: Analysis):
        published = analysis.document.published
        if c.date is not None and c.date.start_date:
            return c.date.start_date[:10], (c.date.end_date or c.date.start_date)[:10], c.date.precision, c.date.year_inferred
        if pub is not None:
            # ACLED: with no date in the report, the report's date stands, at week precision
            return pub.isoformat(), pub.isoformat(), max(2, published.precision), published.year_inferred
        return None, None, 3, True

    # ------------------------------------------------------------------ facts
    def _fact_id(self, doc_id: str, kind: str, start: int, extra: str = "") -> str:
        return event_id("FCT", doc_id, f"{kind}|{start}|{extra}")

    def _aggregate_fact(self, analysis, s, killed, places, dates, actors, doc_country) -> Fact:
        doc = analysis.document
        text = doc.text
        q = max(killed, key=lambda q: q.best)
        place = min(places, key=_place_rank) if places else None
        date = dates[0] if dates else None
        ev = [self._evidence(doc.id, "value", text, q.start, q.end, s)]
        if date:
            ev.append(self._evidence(doc.id, "period", text, date.start, date.end, s))
        cue = self.aggregate.search(s.text)
        country = place.place.country if place else ""
        if not country:
            # "whose country has lost ..." : the country of the speaker, from demonyms/places in the sentence
            country = doc_country.place.country if doc_country else ""
        return Fact(
            id=self._fact_id(doc.id, "aggregate_toll", q.start),
            doc_id=doc.id,
            kind="aggregate_toll",
            summary=f"{q.text} killed{(' ' + cue.group(0)) if cue else ''}".strip(),
            subject=country,
            value=q.best,
            unit=q.unit or "",
            place=place.location if place else "",
            country=country,
            date_start=date.start_date if date else None,
            date_end=date.end_date if date else analysis.document.published.value,
            time_precision=date.precision if date else 3,
            year_inferred=bool(date and date.year_inferred),
            confidence=0.7,
            evidence=tuple(ev),
            attributes={"low": q.low, "high": q.high, "approximate": q.approximate, "sentence": s.text},
        )

    def _historical_fact(self, analysis, c: Candidate) -> Fact:
        doc = analysis.document
        return Fact(
            id=self._fact_id(doc.id, "historical_event", c.trigger.start),
            doc_id=doc.id,
            kind="historical_event",
            summary=c.sentence.text,
            subject="; ".join(a.name for a in c.agents),
            object="; ".join(a.name for a in c.targets),
            place=c.place.location if c.place else "",
            country=c.place.place.country if c.place else "",
            date_start=c.date.start_date if c.date else None,
            date_end=c.date.end_date if c.date else None,
            time_precision=c.date.precision if c.date else None,
            year_inferred=bool(c.date and c.date.year_inferred),
            confidence=0.6,
            evidence=tuple(c.evidence),
            attributes={"event_type": c.event_type, "sub_event_type": c.sub_event_type},
        )

    def _relation_facts(self, analysis: Analysis, doc_country) -> list[Fact]:
        doc = analysis.document
        text = doc.text
        out: list[Fact] = []
        iso2 = doc_country.place.country_iso2 if doc_country else None
        for s in analysis.sentences:
            armed = [m for m in self._in(analysis.actors, s) if m.actor.inter in (2, 3, 4) or m.actor.network in ("al-Qaeda", "Islamic State")]
            networks: dict[str, ActorMatch] = {}
            for m in armed:
                networks.setdefault(m.actor.network or m.actor.id, m)
            if len(networks) < 2:
                continue
            a, b = list(networks.values())[:2]
            s_places = [p for p in self._in(analysis.resolved_places, s) if not p.is_dateline]
            for relation, rx in self.relations.items():
                for cue in rx.finditer(text, s.start, s.end):
                    places = [p for p in s_places if 0 <= p.mention.start - cue.end() < 40]
                    where = places[0] if places else None
                    # "affiliates" in a story about the Sahel means the Sahel branches, unless the cue is placed elsewhere
                    regional = bool(_AFFILIATE_WORD.search(s.text) or _affiliate_context(text, [a, b]))
                    if where is not None and doc_country is not None and where.place.region and where.place.region != doc_country.place.region:
                        regional = False
                    sa = self._regional(a, iso2) if regional else a.actor
                    sb = self._regional(b, iso2) if regional else b.actor
                    out.append(Fact(
                        id=self._fact_id(doc.id, "relation", cue.start(), relation),
                        doc_id=doc.id,
                        kind="relation",
                        summary=s.text,
                        subject=sa.name,
                        object=sb.name,
                        relation=relation,
                        place=where.location if where else "",
                        country=where.place.country or "" if where else "",
                        confidence=0.6,
                        evidence=(
                            self._evidence(doc.id, "relation", text, cue.start(), cue.end(), s),
                            self._evidence(doc.id, "subject", text, a.start, a.end, s),
                            self._evidence(doc.id, "object", text, b.start, b.end, s),
                        ),
                        attributes={"cue": cue.group(0), "subject_network": a.actor.network, "object_network": b.actor.network},
                    ))
                    break  # one fact per relation type per sentence
        return out

    def _regional(self, m: ActorMatch, iso2: Optional[str]) -> Actor:
        """'al-Qaeda' in a Sahel story about affiliates means its Sahel affiliate."""
        if m.actor.parent is None and m.actor.network in ("al-Qaeda", "Islamic State"):
            aff = self.kb.affiliates(m.actor.network, iso2)
            if aff:
                return aff[0]
        return m.actor

    def _deployment_facts(self, analysis: Analysis, doc_country, event_sentences: set) -> list[Fact]:
        doc = analysis.document
        text = doc.text
        out = []
        for q in analysis.quantities:
            if q.kind != "troops":
                continue
            s = analysis.sentences[q.sentence] if 0 <= q.sentence < len(analysis.sentences) else None
            if s is None:
                continue
            actors = [m for m in self._in(analysis.actors, s) if m.actor.inter in (1, 8)]
            # the force is the actor nearest the number (before it, else after)
            actor = min(actors, key=lambda m: (m.end > q.start, abs(m.start - q.start)), default=None)
            places = [p for p in self._in(analysis.resolved_places, s) if not p.is_dateline]
            place = min(places, key=lambda p: abs(p.mention.start - q.end), default=None)
            if actor is not None:
                subject_actor = actor.actor
                if subject_actor.id.startswith("generic:"):
                    iso2 = place.place.country_iso2 if place else (doc_country.place.country_iso2 if doc_country else None)
                    cname = place.place.country if place else None
                    subject_actor = self.kb.specialise(actor, iso2, cname)
                subject = subject_actor.name if subject_actor else actor.text
            else:
                subject = ""
            ev = [self._evidence(doc.id, "value", text, q.start, q.end, s)]
            if actor is not None:
                ev.append(self._evidence(doc.id, "subject", text, actor.start, actor.end, s))
            if place is not None:
                ev.append(self._evidence(doc.id, "place", text, place.mention.start, place.mention.end, s))
            out.append(Fact(
                id=self._fact_id(doc.id, "deployment", q.start),
                doc_id=doc.id,
                kind="deployment",
                summary=s.text,
                subject=subject,
                value=q.best,
                unit=q.unit or "troops",
                place=place.location if place else "",
                country=place.place.country if place and place.place.country else "",
                date_start=analysis.document.published.value,
                time_precision=analysis.document.published.precision,
                year_inferred=analysis.document.published.year_inferred,
                confidence=0.7 if actor is not None else 0.4,
                evidence=tuple(ev),
                attributes={"approximate": q.approximate, "low": q.low, "high": q.high},
            ))
        return out
