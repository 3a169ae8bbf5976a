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

import bisect
import dataclasses
import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from conflictwatch.events.coding import civilian_targeting, event_id, interaction_code
from conflictwatch.events.context import VIOLENT_TYPES as _VIOLENT_TYPES
from conflictwatch.events.context import ReportContext, is_inferred_country
from conflictwatch.events.roles import assign_roles
from conflictwatch.nlp.triggers import TriggerLexicon
from conflictwatch.records import (
    Actor,
    ActorMatch,
    Analysis,
    DateMention,
    EntityMention,
    Event,
    Evidence,
    Fact,
    Place,
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


# Strategic developments that have no second actor unless the text names one ("operation against X").
_NO_TARGET_SUBTYPES = {"Other", "Headquarters or base established", "Non-violent transfer of territory",
                       "Change to group/activity", "Disrupted weapons use"}
_BACKGROUND_DATE = re.compile(
    r"(?:\b(?:the|of|since|captured|arrested|kidnapped|abducted|taken|born|elected|appointed|fired|created|founded|signed|"
    r"seized|held)\s+(?:in\s+|on\s+|since\s+)?)$", re.I)
# ... unless "of" follows a part of the day: "in the early hours of Sunday", "on the night of 4 June" date the event
_PART_OF_DAY_OF = re.compile(r"\b(?:hours|morning|afternoon|evening|night|dawn|daybreak|day)\s+of\s+$", re.I)
# A live alert ("ALERT - ...", "#Mali BREAKING: ...") reports what is happening as it is posted
_LIVE_REPORT = re.compile(r"^\W*(?:#\w+\s*[:\-–—]?\s*)*(?:breaking(?:\s+news)?|alert|urgent|just\s+in|alerte|"
                          r"derni[eè]re\s+minute)\b", re.I)
_DATELINE_DASH = re.compile(r"\s(?:[—–-]{1,2}|:)\s")
# A date right after a reporting verb ("said on Wednesday") dates the report, not the event.
_REPORTING = re.compile(r"\b(?:said|told|reported|announced|stated|confirmed|added)\s+(?:on\s+)?$", re.I)
# Explosions whose perpetrator is rarely in the sentence: state forces or civilians named there are victims.
_PERPETRATOR_UNSEEN = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}
_AGAINST = re.compile(r"\b(?:against|targeting|targetting|to dislodge|to clear)\b", re.I)
_MILITARY_UNITS = {"soldier", "troop", "serviceman", "servicemen", "gendarme", "policeman", "policemen", "police officer",
                   "peacekeeper", "guard", "officer", "militiaman", "fighter", "militant", "jihadist", "assailant", "attacker",
                   "rebel", "insurgent", "terrorist", "gunman", "gunmen", "combatant", "dozo", "dozos", "vdp", "volunteer"}


def _is_military_unit(unit: Optional[str], extra: frozenset = frozenset()) -> bool:
    """Is the counted noun a member of an armed force ("soldiers", "a gendarme"; ``extra``: the lexicon's own)?"""
    u = (unit or "").lower().strip()
    return u in _MILITARY_UNITS or u.rstrip("s") in _MILITARY_UNITS or u in extra
_AFFILIATE_WORD = re.compile(r"\baffiliates?\b|\blinked to\b", re.I)


def _affiliate_context(text: str, matches: Sequence[ActorMatch]) -> bool:
    """Do the words around a group of actor mentions say 'affiliates of' them ("al-Qaeda and IS affiliates")?"""
    if not matches:
        return False
    first = min(matches, key=lambda m: m.start)
    last = max(matches, key=lambda m: m.end)
    return bool(_AFFILIATE_AFTER.match(text[last.end : last.end + 30]) or _AFFILIATE_BEFORE.search(text[max(0, first.start - 30) : first.start]))


def _bare_toll_of(vague: Candidate, specific: Candidate) -> bool:
    """``vague`` is a toll with neither a place nor a date of its own (a headline or standfirst: "At least
    nine civilians were killed, according to a provisional toll") and ``specific`` is a violent event of
    the same document, in the same country, that says where: both tell of one incident."""
    if vague.place is None or specific.place is None or vague.date is not None or not vague.killed:
        return False
    if not vague.place.method.startswith("not-stated") or specific.place.method.startswith("not-stated"):
        return False
    if vague.event_type not in _VIOLENT_TYPES or specific.event_type not in _VIOLENT_TYPES:
        return False
    return vague.place.place.country_iso2 == specific.place.place.country_iso2


def _untargeted_of(vague: Candidate, specific: Candidate, text: str) -> bool:
    """``vague`` is a clash with no one named on the other side (a flash line or headline: "URGENT - attack
    under way in X", a liveblog's first entry), ``specific`` a violent event on another line of the page at
    the same place, on the same dates, that says who was hit: both tell of one incident."""
    if vague.targets or not specific.targets or vague.sub_event_type != "Armed clash":
        return False
    # on another line (a flash line, a liveblog entry): a one-paragraph note is left alone
    lo, hi = sorted((vague.sentence.start, specific.sentence.start))
    if "\n" not in text[lo:hi]:
        return False
    if specific.event_type not in _VIOLENT_TYPES or vague.place is None or specific.place is None:
        return False
    if vague.place.method.startswith("not-stated") or vague.place.place.id != specific.place.place.id:
        return False
    dv = (vague.date.start_date, vague.date.end_date) if vague.date else None
    ds = (specific.date.start_date, specific.date.end_date) if specific.date else None
    return dv == ds or dv is None or ds is None


def _is_vague(rp: ResolvedPlace) -> bool:
    """Not usable as an event location: too-vague regions ("the Sahel") and demonyms ("French soldiers")."""
    return rp.place.feature_code == "VAGUE" or rp.method.startswith("demonym") or rp.place.kind == "continent"


def _place_rank(rp: ResolvedPlace) -> float:
    """Lower is more specific."""
    kind = rp.place.kind
    if kind == "locality":
        return rp.geo_precision
    if rp.method.startswith("unknown-toponym"):
        return 2.5  # a named village we could only place in its unit
    return {"admin2": 3.0, "admin1": 3.5, "region": 4.0, "country": 4.5}.get(kind, 5.0)


def _span(x):
    return x.mention if isinstance(x, ResolvedPlace) else x


def _inside(items, s: Sentence) -> list:
    """The items whose span (a place's: its mention's) lies inside sentence ``s``, in their order."""
    out = []
    for x in items:
        span = _span(x)
        if span.start >= s.start and span.end <= s.end:
            out.append(x)
    return out


class _SpanIndex:
    """:func:`_inside` for many sentences over one list: the items sorted by start, found by bisection."""

    def __init__(self, items):
        self.items = items
        order = sorted(range(len(items)), key=lambda i: _span(items[i]).start)
        self.order = order
        self.starts = [_span(items[i]).start for i in order]

    def inside(self, s: Sentence) -> list:
        lo = bisect.bisect_left(self.starts, s.start)
        hi = bisect.bisect_right(self.starts, s.end, lo)
        hits = sorted(i for i in self.order[lo:hi] if _span(self.items[i]).end <= s.end)
        return [self.items[i] for i in hits]


class EventBuilder(ReportContext):
    """Turns an :class:`Analysis` with mentions into events and facts."""

    def __init__(self, lexicon: TriggerLexicon, kb, relations: dict,
                 country_place: Optional[Callable[[str], Optional[Place]]] = None, cues=None):
        self.lex = lexicon
        self.kb = kb
        # ISO2 -> the country's gazetteer place: lets the actors named place a report that names no place
        self.country_place = country_place
        # capital phrases and country words (events.country_cues.CountryCues), when the gazetteer is at hand
        self.cues = cues
        self.relations = {k: re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in v) + r")(?!\w)", re.I)
                          for k, v in relations["relations"].items()}
        self.aggregate = re.compile("|".join(f"(?:{p})" for p in relations["aggregate_cues"]), re.I)
        self.historical = re.compile("|".join(f"(?:{p})" for p in relations["historical_cues"]), re.I)
        self.claims = re.compile("|".join(f"(?:{p})" for p in relations.get("claim_cues", ["$^"])), re.I)
        self._local = threading.local()  # per call of the builder: span indexes of the document's lists

    # ------------------------------------------------------------------ helpers
    def _in(self, items, s: Sentence):
        """The items (mentions, or resolved places via their mention) inside sentence ``s``, in their order.

        Asked once per sentence for the same lists of a document: each list is indexed by start
        once per call of the builder (per thread), and a sentence looks up only the items starting in it.
        """
        cache = getattr(self._local, "spans", None)
        if cache is None:
            return _inside(items, s)
        entry = cache.get(id(items))
        if entry is None or entry[0] is not items:
            entry = cache[id(items)] = (items, _SpanIndex(items))
        return entry[1].inside(s)

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
        self._local.spans = {}
        try:
            return self._build(analysis)
        finally:
            self._local.spans = None

    def _build(self, analysis: Analysis) -> tuple[tuple[Event, ...], tuple[Fact, ...]]:
        doc = analysis.document
        text = doc.text
        # a place name inside an actor's name is not a place ("Boko Haram" is not Boko, "Katiba Macina" not Macina)
        named = [(m.start, m.end) for m in analysis.actors if not m.actor.id.startswith("generic:")]
        # nor is a name in the dateline's credit: "MARKALA, Mali (The Savanna Courier) -" is not Savannah
        # and an outlet credited in brackets anywhere ("-- security source (Meridian Press)" is not Meridian, US)
        credits = [self._dateline_credit(analysis), *self._outlet_credits(text)]
        analysis = dataclasses.replace(analysis, resolved_places=tuple(
            p for p in analysis.resolved_places if not any(a < p.mention.end and p.mention.start < b for a, b in named)
            and not any(c0 <= p.mention.start < c1 for c0, c1 in credits)))
        analysis = self._with_capitals(analysis)
        places = [p for p in analysis.resolved_places if not p.is_dateline]
        doc_country = self._doc_country(places) or self._actor_country(analysis) or self._text_country(analysis)
        if doc_country is not None:
            analysis = self._with_capitals(analysis, doc_country.place.country_iso2)
            places = [p for p in analysis.resolved_places if not p.is_dateline]
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

            follows = last is not None and not s_places and not s_dates and self._continues(text, last, s)
            if not trigs:
                # a follow-up sentence adding the toll of the previous event
                if follows and s_killed:
                    self._add_killed(last, s_killed, doc.id, text, s)
                if follows:
                    self._escalate_protest(analysis, last, s)
                continue

            trig = max(trigs, key=lambda t: (self.lex.priority[t.trigger_id], -t.start))
            if habitual and not any(p.place.kind == "locality" for p in s_places):
                continue  # a statement about a pattern ("soldiers face attacks every week")
            if follows:
                # "Five soldiers were killed in the attack." : more about the previous event
                self._add_killed(last, s_killed, doc.id, text, s)
                self._escalate_protest(analysis, last, s)
                self._specify_weapon(last, trig)
                continue
            # the sentence places it only vaguely ("in East Africa"): do not put it in the document's country
            located_elsewhere = any(p.place.feature_code == "VAGUE" for p in self._in(places, s))
            cand = None
            # the top trigger first; when it gives no event (no one to do it: a note's label "Arrests:" before
            # the verb that has the actors), the next one
            for t in sorted(trigs, key=lambda t: (-self.lex.priority[t.trigger_id], t.start)):
                cand = self._candidate(analysis, s, t, s_actors, s_places, s_dates, s_killed, doc_country, pub,
                                       allow_unplaced=not located_elsewhere)
                if cand is not None:
                    break
            if cand is None:
                continue
            if (last is not None and cand.date is None and cand.sub_event_type == last.sub_event_type
                    and self._continues(text, last, s)):
                # "The convoy was travelling from Menaka to Anderamboukane when the explosion happened."
                self._add_killed(last, s_killed, doc.id, text, s)
                last.evidence.extend(e for e in cand.evidence if e.field in ("event_type", "actor1", "actor2"))
                continue
            if self._is_historical(cand, pub, s):
                facts.append(self._historical_fact(analysis, cand))
                last = None
                continue
            candidates.append(cand)
            last = cand

        facts.extend(self._relation_facts(analysis, doc_country))
        facts.extend(self._deployment_facts(analysis, doc_country, {id(c.sentence) for c in candidates}))
        merged = self._merge(candidates, text)
        self._attribute_claims(analysis, merged)
        events = tuple(self._to_event(analysis, c, pub) for c in merged)
        return events, tuple(facts)

    def _same_paragraph(self, text: str, a: Sentence, b: Sentence) -> bool:
        return self._paragraph_of(text, a.start) == self._paragraph_of(text, b.start)

    def _continues(self, text: str, last: Candidate, s: Sentence) -> bool:
        """Does sentence ``s`` (no place, no date of its own) go on about the event before it?

        News style: the sentences right after an incident's lead (same paragraph, or the next two or
        three sentences) add its toll and details.
        """
        prev = max(x.index for x in last.sentences)
        return self._same_paragraph(text, last.sentence, s) or 0 < s.index - prev <= 3

    def _add_killed(self, cand: Candidate, killed: Sequence[Quantity], doc_id: str, text: str, s: Sentence) -> None:
        for q in killed:
            if not any(q.start == k.start for k in cand.killed):
                cand.killed.append(q)
                cand.evidence.append(self._evidence(doc_id, "fatalities", text, q.start, q.end, s))
        if s not in cand.sentences:
            cand.sentences.append(s)

    # ------------------------------------------------------------------ candidate
    def _candidate(self, analysis, s, trig, s_actors, s_places, s_dates, s_killed, doc_country, pub,
                   allow_unplaced: bool = True) -> Optional[Candidate]:
        text = analysis.document.text
        doc_id = analysis.document.id
        roles = assign_roles(text, self._role_trigger(analysis, s, trig), s_actors, s.start, s.end, language=self.lex.language)
        # place: most specific in the sentence, then earlier in the paragraph, then nothing
        place = None
        if s_places:
            place = min(s_places, key=lambda p: (_place_rank(p), abs(p.mention.start - trig.end)))
        else:
            pstart, _ = self._paragraph_of(text, s.start)
            earlier = [p for p in analysis.resolved_places if pstart <= p.mention.start < s.start and not p.is_dateline and not _is_vague(p)]
            if earlier:
                place = min(earlier, key=lambda p: (_place_rank(p), -p.mention.start))
        # A short dispatch (a wire brief, an analyst's note) is about one incident: its trigger is enough.
        short = len(analysis.sentences) <= 3
        specific = short or bool(s_killed) or any(d.start_date and d.precision <= 2 for d in s_dates) or any(
            not m.actor.id.startswith("generic:") for m in s_actors)
        if place is None:
            # No place in the text: still an incident when the sentence is specific (a toll, a day, a named
            # group) and not a weak "operation"/"patrol" mention; coded at the document's country if it has one.
            if not specific or not allow_unplaced or trig.trigger_id == "operation":
                return None
            place = self._unplaced(doc_country, trig)
        # a statement about a whole country or several countries with no date is not one incident
        countries_in_sentence = {p.place.country_iso2 for p in s_places if p.place.kind == "country"}
        if place.place.kind in ("country", "region") and s_places and (len(countries_in_sentence) > 1 or not s_dates) and not short:
            return None
        country_iso2 = place.place.country_iso2 or (doc_country.place.country_iso2 if doc_country else None)
        country_name = place.place.country or (doc_country.place.country if doc_country else None)

        date = None
        dateline_end = self._dateline_end(analysis)
        s_dates = [d for d in s_dates if d.start >= dateline_end]  # "OUAGADOUGOU, Nov 6 (Reuters) -" is the filing date
        # "the March 2012 coup", "a hostage captured in November 2012": dates of the background, not of this event
        s_dates = [d for d in s_dates if not _BACKGROUND_DATE.search(text, max(s.start, d.start - 30), d.start)
                   or _PART_OF_DAY_OF.search(text, max(s.start, d.start - 30), d.start)]
        if s_dates:
            date = min(s_dates, key=lambda d: (d.start_date is None, bool((self.lex.reporting or _REPORTING).search(text[max(s.start, d.start - 20) : d.start])),
                                               d.precision, abs(d.start - trig.start)))

        aff_agents = _affiliate_context(text, roles.agents)
        aff_targets = _affiliate_context(text, roles.targets)
        agents = [self._concrete(m, country_iso2, country_name, aff_agents) for m in roles.agents]
        targets = [self._not_serving(text, m, self._concrete(m, country_iso2, country_name, aff_targets), country_iso2,
                                     country_name) for m in roles.targets]
        casualties = [q for q in self._in(analysis.quantities, s) if q.kind in ("killed", "wounded")]
        # the agent phrase after a passive trigger ("executed by soldiers") says who did it, not who was hit:
        # the target cues below must not read it
        typing_text = text
        for m in roles.agents:
            if m.start >= trig.end:
                typing_text = typing_text[: m.start] + " " * (m.end - m.start) + typing_text[m.end :]
        event_type, sub = self._type(trig, typing_text, s, agents, targets, s_killed, casualties)
        held = self._custody_abuse(analysis, s, trig, country_iso2, country_name) if event_type in _VIOLENT_TYPES else None
        if held is not None:
            # "were detained by soldiers and tortured": the captors attack the people they hold
            event_type, sub = "Violence against civilians", "Attack"
            (roles.agents, agents), (roles.targets, targets) = held
        kill_too = any(t.trigger_id == "kill" and not self.lex.is_irrealis(text, t.start)
                       for t in analysis.triggers if t.sentence == s.index)
        if sub == "Abduction/forced disappearance" and (any(q.best > 0 for q in s_killed) or kill_too):
            event_type, sub = "Violence against civilians", "Attack"  # killed and kidnapped: ACLED codes the killing
        if sub == "Armed clash" and not any(a.inter in (1, 2, 3, 4, 8) for a in agents + targets) \
                and self.lex.civilian_clash_parties.search(s.text):
            event_type, sub = "Riots", "Mob violence"  # "clashes between political opponents"
            agents, targets = [], []
        elif sub == "Armed clash" and any(a.inter in (5, 6, 7) for a in agents + targets) \
                and any(a.inter == 1 for a in agents + targets) and not any(a.inter in (2, 3, 4) for a in agents + targets) \
                and self.lex.civilian_clash_parties.search(s.text):
            # "clashes between students and the police": a crowd against the state is a violent demonstration
            event_type, sub = "Riots", "Violent demonstration"
        if sub in _PERPETRATOR_UNSEEN and agents and all(a.inter in (1, 7, 8) for a in agents):
            # "peacekeepers were killed when their vehicle struck an IED": the people named are the victims
            targets, agents = agents + [t for t in targets if t not in agents], []
            roles.targets, roles.agents = roles.agents + roles.targets, []
        if event_type == "Explosions/Remote violence" and sub != "Air/drone strike" \
                and self.lex.ground_fighting.search(text, s.start, s.end):
            event_type, sub = "Battles", "Armed clash"  # "struck a mine and was then ambushed": a complex attack
        if event_type in _VIOLENT_TYPES and not roles.passive and agents and all(a.inter == 7 for a in agents) \
                and targets and all(t.inter in (1, 2, 3, 4, 8) for t in targets) \
                and all(self.lex.civilian_clash_parties.search(m.text) for m in roles.agents):
            # "Residents attacked suspected Islamists", "Youths repulsed the bandits": a crowd that takes on
            # armed men is rioting (ACLED: mob violence), with the armed side as the other actor
            event_type, sub = "Riots", "Mob violence"
            agents = [self._generic("rioters", country_iso2, country_name)]
        if event_type in _VIOLENT_TYPES and agents and all(a.inter == 7 for a in agents):
            # civilians are the victims of political violence, not its agents ("MUJAO killed 4 civilians ... with a
            # landmine"): the armed actor elsewhere in the sentence did it
            armed = [(m, self._concrete(m, country_iso2, country_name, False)) for m in s_actors
                     if m not in roles.agents and m not in roles.targets]
            armed = [(m, a) for m, a in armed if a.inter in (1, 2, 3, 4, 8)]
            targets = agents + [t for t in targets if t not in agents]
            roles.targets = roles.agents + [t for t in roles.targets if t not in roles.agents]
            agents, roles.agents = [a for _, a in armed[:1]], [m for m, _ in armed[:1]]
        if sub == "Armed clash" and len(agents) >= 2 and not targets and len({a.id for a in agents}) >= 2:
            # "MNLA and MUJAO clashed": two sides, not allies
            targets, agents = agents[1:2], [agents[0]] + agents[2:]
            roles.targets, roles.agents = roles.agents[1:2], [roles.agents[0]] + roles.agents[2:]
        elif sub == "Armed clash" and len(targets) >= 2 and not agents and len({a.id for a in targets}) >= 2:
            # "fighting between the army and rebels": the two sides follow the trigger
            agents, targets = targets[:1], targets[1:2]
            roles.agents, roles.targets = roles.targets[:1], roles.targets[1:2]
        if sub in _NO_TARGET_SUBTYPES and roles.targets:
            first = min(roles.targets, key=lambda m: m.start)
            if not _AGAINST.search(text[trig.end : first.start]):
                targets, roles.targets = [], []
        agents, targets = self._default_actors(event_type, sub, agents, targets, country_iso2, country_name, typing_text, s, trig, s_killed)
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
        if place.mention.end > place.mention.start:
            psent = next((x for x in analysis.sentences if x.start <= place.mention.start < x.end), s)
            if not place.method.startswith("not-stated"):
                ev.append(self._evidence(doc_id, "location", text, place.mention.start, place.mention.end, psent))
            elif is_inferred_country(place):
                # the words the country was inferred from ("Malian soldiers", "a Burkinabe party")
                ev.append(self._evidence(doc_id, "country", text, place.mention.start, place.mention.end, psent))
        if date:
            ev.append(self._evidence(doc_id, "event_date", text, date.start, date.end, s))
        for q in s_killed:
            ev.append(self._evidence(doc_id, "fatalities", text, q.start, q.end, s))
        conf = cand.confidence
        conf["event_type"] = round(trig.confidence * (0.85 if trig.sub_event_type.startswith("class:") else 1.0), 2)
        conf["sub_event_type"] = round(conf["event_type"] * 0.95, 2)
        conf["actor1"] = round(min([m.confidence for m in roles.agents] or [0.4]), 2)  # the matcher discounts hedges
        conf["actor2"] = round(min([m.confidence for m in roles.targets] or [0.5]), 2) if cand.targets else 0.5
        conf["location"] = round(place.confidence * (1.0 if place.mention.start >= s.start else 0.7), 2)
        conf["event_date"] = round(date.confidence, 2) if date else 0.3
        conf["fatalities"] = round(min([q.confidence for q in s_killed] or [0.6]), 2)
        return cand

    @staticmethod
    def _unplaced(doc_country: Optional[ResolvedPlace], trig: TriggerMatch) -> ResolvedPlace:
        """A stand-in location when the text names none: the document's country without a point, or nothing.

        Coordinates stay empty: a country centroid is never presented as the place of an event.
        """
        if doc_country is not None:
            c = doc_country.place
            place = Place(id=f"country:{c.country_iso2}", name=c.country or "", kind="country", country_iso2=c.country_iso2,
                          latitude=None, longitude=None, country=c.country, iso_numeric=c.iso_numeric,
                          region=c.region, iso3=c.iso3, source="document-country")
            mention = doc_country.mention
            if is_inferred_country(doc_country):
                # no place names the country: the actors or the words do, and the event says so
                return ResolvedPlace(mention, place, 3, c.country or "", doc_country.confidence,
                                     f"not-stated+{doc_country.method}")
            return ResolvedPlace(mention, place, 3, c.country or "", 0.3, "not-stated+document-country")
        place = Place(id="unknown", name="", kind="unknown", country_iso2="", latitude=None, longitude=None,
                      source="none")
        mention = EntityMention("", trig.start, trig.start, "PLACE", trig.sentence, None, 0.0, "events.builder")
        return ResolvedPlace(mention, place, 3, "", 0.0, "not-stated")

    @staticmethod
    def _dateline_end(analysis: Analysis) -> int:
        """End of the dateline block ("NOUAKCHOTT, Mauritania —", "OUAGADOUGOU, Nov 6 (Reuters) -"), or 0."""
        span = analysis.document.dateline_span
        if not span:
            return 0
        m = _DATELINE_DASH.search(analysis.document.text, span[1], span[1] + 60)
        return m.end() if m else span[1]

    @staticmethod
    def _outlet_credits(text: str) -> list[tuple[int, int]]:
        """Spans of bracketed outlet names ("(Meridian Press)"; words in text_patterns.yaml)."""
        from conflictwatch.text.patterns import text_patterns

        return [m.span() for m in text_patterns().outlet_credit.finditer(text)]

    @classmethod
    def _dateline_credit(cls, analysis: Analysis) -> tuple[int, int]:
        """The parenthesis between the dateline and its dash ("(Reuters)", "(The Savanna Courier)"), or (0, 0)."""
        span = analysis.document.dateline_span
        if not span:
            return 0, 0
        end = cls._dateline_end(analysis)
        text = analysis.document.text
        opening = text.find("(", span[1], end)
        closing = text.find(")", opening, end) if opening >= 0 else -1
        return (opening, closing) if 0 <= opening < closing else (0, 0)

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

    def _type(self, trig: TriggerMatch, text: str, s: Sentence, agents, targets, killed, casualties=()) -> tuple[str, str]:
        if not trig.sub_event_type.startswith("class:"):
            return trig.event_type, trig.sub_event_type
        cls = trig.sub_event_type.split(":", 1)[1]
        if cls in ("attack", "kill"):
            key = "unknown_target"
            if targets:
                key = "civilian_target" if all(a.inter == 7 for a in targets) else "armed_target"
            else:
                # up to a reporting clause (", local sources told our reporter"): its nouns are the source's
                cut = self.lex.attribution.search(text, trig.end, s.end)
                after = text[trig.end : cut.start() if cut else s.end]
                around = text[s.start : trig.start] + after
                if self.lex.target_armed.search(after) or any(_is_military_unit(q.unit, self.lex.military_units) for q in killed):
                    key = "armed_target"
                elif self.lex.target_civilian.search(after) or self.lex.target_civilian.search(around):
                    key = "civilian_target"
                elif agents and all(a.inter in (1, 8) for a in agents):
                    key = "civilian_target"  # state forces killing or shooting someone not said to be armed
                elif any(q.unit and not _is_military_unit(q.unit, self.lex.military_units) for q in casualties):
                    key = "civilian_target"  # the dead or wounded counted are not fighters ("killing two civilians")
            return self.lex.resolve_class(cls, key)
        if cls == "bombing":
            # "French troops bombed rebel positions": states bomb from the air; anyone else with explosives
            state = bool(agents) and (agents[0].inter == 1 or (agents[0].inter == 8 and agents[0].network == "state"))
            return self.lex.resolve_class(cls, "state_actor" if state else "non_state_actor")
        if cls == "territory":
            # the sentence, or the words right after it ("... took the town. No clashes were reported.")
            if self.lex.territory_non_violent.search(text, s.start, min(len(text), s.end + 120)) \
                    and "non_violent" in self.lex.classes.get(cls, {}):
                return self.lex.resolve_class(cls, "non_violent")
            # government forces and the foreign forces fighting for it (ACLED: "Government regains territory")
            state = bool(agents) and (agents[0].inter == 1 or (agents[0].inter == 8 and agents[0].network == "state"))
            return self.lex.resolve_class(cls, "state_actor" if state else "non_state_actor")
        if cls == "protest":
            if self.lex.protest_violent.search(s.text):
                # barricades, blocked roads, stones: a violent demonstration, whatever the police then did
                return self.lex.resolve_class(cls, "violent")
            if self.lex.protest_excessive.search(s.text):
                return self.lex.resolve_class(cls, "excessive_force")
            hurt = any(q.best > 0 for q in casualties)
            if self.lex.protest_intervention.search(s.text):
                return self.lex.resolve_class(cls, "excessive_force" if any(q.best > 0 for q in killed) else "intervention")
            if hurt:
                return self.lex.resolve_class(cls, "violent")  # deaths at a march nobody is said to have broken up
            return self.lex.resolve_class(cls, "default")
        return self.lex.resolve_class(cls, "default")

    def _default_actors(self, event_type, sub, agents, targets, iso2, country, text, s, trig, killed):
        """ACLED's conventions when the text leaves a role implicit or names it generically."""
        gen = self._generic
        after = text[trig.end : s.end]
        if event_type in ("Protests", "Riots"):
            # the crowd is "Protesters (X)" / "Rioters (X)" whoever it is made of; state actors are the other side
            crowd = gen("protesters" if event_type == "Protests" else "rioters", iso2, country)
            state = [a for a in agents + targets if a is not None and a.inter in (1, 8)]
            # a mob's victims or opponents ("residents attacked suspected Islamists") are its other side too
            others = [a for a in targets if a is not None and a.inter in (2, 3, 4, 7)] if sub == "Mob violence" else []
            if sub == "Mob violence" and not others and self.lex.target_civilian.search(after):
                others = [gen("civilians", iso2, country)]  # "a mob lynched a prisoner"
            agents = [crowd]
            targets = (state or others) if (event_type == "Riots" or sub != "Peaceful protest") else []
            if sub != "Peaceful protest" and event_type == "Protests" and not targets:
                targets = [gen("police", iso2, country)]
        if sub == "Air/drone strike" and not any(a.inter in (1, 8) for a in agents):
            # "French air strikes": the air force of the country named just before, else of the country hit
            named = self.kb.country_in(text[max(s.start, trig.start - 25) : trig.start])
            force = gen("state-forces", named or iso2, None if named else country)
            targets = [a for a in agents if a.inter not in (1, 8)] + targets
            agents = [force]
        if (event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians")
                or sub == "Looting/property destruction") and not agents:
            agents = [gen("armed-group", iso2, country)]
        if not targets and event_type in ("Battles", "Explosions/Remote violence"):
            if self.lex.target_armed.search(after) or any(_is_military_unit(q.unit, self.lex.military_units) for q in killed):
                targets = [gen("state-forces", iso2, country)]
            elif event_type == "Explosions/Remote violence" and (
                    self.lex.target_civilian.search(after)
                    or (self.lex.target_civilian.search(s.text) and not self.lex.target_armed.search(s.text))):
                # "Two aid workers were killed when a roadside IED detonated": the victims named before the blast
                targets = [gen("civilians", iso2, country)]
        if event_type == "Violence against civilians" and not targets:
            targets = [gen("civilians", iso2, country)]
        return [a for a in agents if a is not None], [t for t in targets if t is not None]

    _GENERIC_IDS = {
        "protesters": "generic:protesters",
        "rioters": "generic:rioters",
        "armed-group": "generic:armed-group",
        "civilians": "generic:civilians",
        "state-forces": "generic:military",
        "police": "generic:police",
    }

    def _generic(self, kind: str, iso2: Optional[str], country: Optional[str]) -> Optional[Actor]:
        """The country actor ACLED uses when a role is implicit ("Civilians (Mali)")."""
        actor = self.kb.get(self._GENERIC_IDS[kind])
        return self.kb.specialise(actor, iso2, country) if actor is not None else None

    def _is_historical(self, cand: Candidate, pub: Optional[dt.date], s: Sentence) -> bool:
        if cand.date is None or not cand.date.end_date:
            return False
        end = dt.date.fromisoformat(cand.date.end_date[:10])
        if pub is not None:
            return (pub - end).days > 365
        return bool(self.historical.search(s.text))

    # ------------------------------------------------------------------ merge + code
    def _merge(self, cands: list[Candidate], text: str = "") -> list[Candidate]:
        out: list[Candidate] = []
        for c in cands:
            twin = next((o for o in out if self._same_incident(o, c)), None)
            if twin is None:
                # a standfirst ("At least 9 civilians were killed, a provisional toll") before the sentence
                # that says where and when, or an untargeted clash (a flash line) and the event on another
                # line that says who was hit: one event, coded from the specific one
                if not (self._fold_vague(out, c, _bare_toll_of, latest=True)
                        or self._fold_vague(out, c, lambda v, sp: _untargeted_of(v, sp, text), latest=False)):
                    out.append(c)
                continue
            for q in c.killed:
                if not any(q.best == k.best and q.kind == k.kind for k in twin.killed):
                    twin.killed.append(q)
            twin.evidence.extend(c.evidence)
            twin.sentences.extend(x for x in c.sentences if x not in twin.sentences)
        return out

    @classmethod
    def _fold_vague(cls, out: list[Candidate], c: Candidate, vague_of: Callable[[Candidate, Candidate], bool],
                    *, latest: bool) -> bool:
        """Fold ``c`` into ``out`` when ``vague_of`` pairs it with a kept candidate: a vague one kept earlier
        becomes ``c`` (in its place), or a vague ``c`` goes into the specific one (the ``latest`` such, else
        the first).  False when ``c`` pairs with none."""
        i = next((i for i, o in enumerate(out) if vague_of(o, c)), None)
        if i is not None:
            out[i] = cls._absorb(c, out[i])
            return True
        specific = [o for o in out if vague_of(c, o)]
        if not specific:
            return False
        cls._absorb(specific[-1] if latest else specific[0], c)
        return True

    @staticmethod
    def _absorb(specific: Candidate, vague: Candidate) -> Candidate:
        """``specific`` takes the vague one's figures (only when it gives none itself) and its evidence."""
        if not specific.killed:
            specific.killed.extend(vague.killed)
        specific.evidence.extend(vague.evidence)
        specific.sentences.extend(x for x in vague.sentences if x not in specific.sentences)
        return specific

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
        if actor2 is not None and actor2.inter == 7:
            # victims: "Fulani herders" -> Civilians (Mali) with Fulani Ethnic Group (Mali); Pastoralists (Mali)
            for m in c.target_matches:
                for g in self.kb.associated_groups(m.text, place.country_iso2, place.country):
                    if g.id != actor2.id and all(g.id != a.id for a in assoc2):
                        assoc2.append(g)
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
        if c.place.method.startswith("not-stated"):
            tags.append("location not stated in the text" + (f"; coded at country level ({place.country})" if place.country else ""))
            if is_inferred_country(c.place):
                tags.append(f"country inferred from '{c.place.mention.text}'")
        if c.place.method == "capital-of+document-country":
            tags.append(f"location approximate: '{c.place.mention.text}' read as {c.place.location}, the capital of "
                        f"{place.country}")
        if c.place.method.startswith("unknown-toponym"):
            unit = place.admin2 or place.admin1 or place.country or "its country"
            tags.append(f"location approximate: {c.place.location} not in gazetteer, placed at {unit}")
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
            geo_precision=None if place.kind == "unknown" else c.place.geo_precision,
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
            # ACLED: with no date in the report, the report's date stands, at week precision; a live alert
            # ("ALERT - gunfire at the army post in X") is news of the day it is posted
            live = published.precision == 1 and _LIVE_REPORT.match(analysis.document.text)
            return pub.isoformat(), pub.isoformat(), 1 if live else max(2, published.precision), published.year_inferred
        return None, None, 3, True

    # ------------------------------------------------------------------ facts
    def _fact_id(self, doc_id: str, kind: str, start: int, extra: str = "") -> str:
        return event_id("FCT", doc_id, f"{kind}|{start}|{extra}")

    def _aggregate_fact(self, analysis, s, killed, places, dates, actors, doc_country) -> Fact:
        doc = analysis.document
        text = doc.text
        q = max(killed, key=lambda q: q.best)
        places = [p for p in places if not _is_vague(p)]
        place = min(places, key=_place_rank) if places else None
        date = dates[0] if dates else None
        ev = [self._evidence(doc.id, "value", text, q.start, q.end, s)]
        if date:
            ev.append(self._evidence(doc.id, "period", text, date.start, date.end, s))
        cue = self.aggregate.search(s.text)
        # "Mali's ministry of defense, whose country has lost ...": the country named in the sentence,
        # else the document's main country
        country_rp = place or (doc_country if doc_country else None)
        country = country_rp.place.country if country_rp else ""
        subject = country
        if country_rp is not None and _is_military_unit(q.unit, self.lex.military_units):
            forces = self._generic("state-forces", country_rp.place.country_iso2, country)
            if forces is not None:
                subject = self.kb.name_for(forces, date.end_date if date else None)
        return Fact(
            id=self._fact_id(doc.id, "aggregate_toll", q.start),
            doc_id=doc.id,
            kind="aggregate_toll",
            summary=f"{q.text} killed{(' ' + cue.group(0)) if cue else ''}".strip(),
            subject=subject,
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
            object="; ".join(a.name for a in (c.targets or self._others(analysis, c))),
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

    def _others(self, analysis: Analysis, c: Candidate) -> list[Actor]:
        """Armed actors in the candidate's sentence that are not its agents (the other side)."""
        date = c.date.end_date if c.date else None
        iso2 = c.place.place.country_iso2 if c.place else None
        country = c.place.place.country if c.place else None
        agent_ids = {a.id for a in c.agents}
        out: list[Actor] = []
        for m in self._in(analysis.actors, c.sentence):
            actor = self.kb.specialise(m, iso2, country, date=date) if m.actor.id.startswith("generic:") else m.actor
            if actor.id not in agent_ids and actor.inter != 7 and actor.id not in {a.id for a in out}:
                out.append(actor)
        return out

    def _relation_facts(self, analysis: Analysis, doc_country) -> list[Fact]:
        """Cooperation / rivalry between armed networks, and allegiance of affiliates, with evidence.

        One fact per (relation, subject, object) per document; every sentence that
        supports it adds evidence.
        """
        doc = analysis.document
        text = doc.text
        iso2 = doc_country.place.country_iso2 if doc_country else None
        region = doc_country.place.region if doc_country else None
        date = doc.published.value
        facts: dict[tuple[str, str, str], Fact] = {}

        def add(relation, subject: Actor, obj: Actor, s, cue, a, b, where):
            key = (relation, subject.id, obj.id) if relation == "allegiance" else (relation, *sorted((subject.id, obj.id)))
            evidence = (
                self._evidence(doc.id, "relation", text, cue.start(), cue.end(), s),
                self._evidence(doc.id, "subject", text, a.start, a.end, s),
                self._evidence(doc.id, "object", text, b.start, b.end, s),
            )
            if key in facts:
                old = facts[key]
                facts[key] = old.replace(evidence=old.evidence + evidence, confidence=min(0.9, old.confidence + 0.1))
                return
            facts[key] = Fact(
                id=self._fact_id(doc.id, "relation", cue.start(), f"{relation}|{subject.id}|{obj.id}"),
                doc_id=doc.id, kind="relation", summary=s.text,
                subject=self.kb.name_for(subject, date), object=self.kb.name_for(obj, date), relation=relation,
                place=where.location if where else "", country=(where.place.country or "") if where else "",
                confidence=0.6, evidence=evidence,
                attributes={"cue": cue.group(0), "subject_network": subject.network, "object_network": obj.network},
            )

        for s in analysis.sentences:
            armed = [m for m in self._in(analysis.actors, s)
                     if m.actor.inter in (2, 3) and (m.actor.network in ("al-Qaeda", "Islamic State") or not m.actor.id.startswith("generic:"))]
            if not armed:
                continue
            s_places = [p for p in self._in(analysis.resolved_places, s) if not p.is_dateline]
            for relation, rx in self.relations.items():
                cue = rx.search(text, s.start, s.end)
                if cue is None:
                    continue
                after = [p for p in s_places if 0 <= p.mention.start - cue.end() < 40]
                where = after[0] if after else None
                elsewhere = where is not None and region is not None and (where.place.region or where.place.name) != region
                regional = not elsewhere and bool(_AFFILIATE_WORD.search(s.text) or _affiliate_context(text, armed))
                if relation == "allegiance":
                    for m in armed:
                        central = self._central(m)
                        if central.parent is None and central.network in ("al-Qaeda", "Islamic State") and regional:
                            aff = self._regional(m, iso2, date)
                            if aff.id != central.id and not aff.id.startswith("generic:"):
                                add("allegiance", aff, central, s, cue, m, m, where)
                    continue
                by_network: dict[str, tuple[ActorMatch, Actor]] = {}
                for m in armed:
                    actor = self._regional(m, iso2, date) if regional else self._central(m)
                    by_network.setdefault(actor.network or actor.id, (m, actor))
                if len(by_network) < 2:
                    continue
                (ma, a), (mb, b) = list(by_network.values())[:2]
                if where is not None and _is_vague(where) and not elsewhere:
                    where = None
                add(relation, a, b, s, cue, ma, mb, where)
        return list(facts.values())

    def _central(self, m: ActorMatch) -> Actor:
        """The organisation itself: a generic "Islamic State affiliate" mention stands for its parent here."""
        if m.actor.id.startswith("generic:") and m.actor.parent:
            return self.kb.get(m.actor.parent) or m.actor
        return m.actor

    def _regional(self, m: ActorMatch, iso2: Optional[str], date: Optional[str]) -> Actor:
        """'al-Qaeda' in a story about its Sahel affiliates means the affiliate active in the country."""
        if m.actor.id.startswith("generic:"):
            actor = self.kb.specialise(m, iso2, None, date=date)
            if actor.id.startswith("generic:") and m.actor.parent:
                return self.kb.get(m.actor.parent) or actor  # no country to place the affiliate: its parent
            return actor
        if m.actor.parent is None and m.actor.network in ("al-Qaeda", "Islamic State"):
            aff = self.kb.affiliates(m.actor.network, iso2, date=date)
            if aff:
                return aff[0]
        return m.actor

    def _deployment_facts(self, analysis: Analysis, doc_country, event_sentences: set) -> list[Fact]:
        """Troop figures ("about 4,500 troops in West Africa") as deployment facts."""
        doc = analysis.document
        text = doc.text
        out = []
        for q in analysis.quantities:
            if q.kind != "troops" or not 0 <= q.sentence < len(analysis.sentences):
                continue
            s = analysis.sentences[q.sentence]
            places = [p for p in self._in(analysis.resolved_places, s) if not p.is_dateline and not p.method.startswith("demonym")]
            # where: the first place named after the number ("troops in West Africa"), else before it
            place = min(places, key=lambda p: (p.mention.start < q.end, abs(p.mention.start - q.end)), default=None)
            subject_actor, subject_match = self._force_of(analysis, s, q, places)
            ev = [self._evidence(doc.id, "value", text, q.start, q.end, s)]
            if subject_match is not None:
                ev.append(self._evidence(doc.id, "subject", text, subject_match.start, subject_match.end, s))
            if place is not None:
                ev.append(self._evidence(doc.id, "place", text, place.mention.start, place.mention.end, s))
            out.append(Fact(
                id=self._fact_id(doc.id, "deployment", q.start),
                doc_id=doc.id,
                kind="deployment",
                summary=s.text,
                subject=self.kb.name_for(subject_actor, doc.published.value) if subject_actor else "",
                value=q.best,
                unit=q.unit or "troops",
                place=place.location if place else "",
                country=(place.place.country or "") if place else "",
                date_start=doc.published.value,
                time_precision=doc.published.precision,
                year_inferred=doc.published.year_inferred,
                confidence=0.7 if subject_actor is not None and not subject_actor.id.startswith("generic:") else 0.4,
                evidence=tuple(ev),
                attributes={"approximate": q.approximate, "low": q.low, "high": q.high},
            ))
        return out

    def _force_of(self, analysis: Analysis, s: Sentence, q: Quantity, places) -> tuple[Optional[Actor], Optional[object]]:
        """Whose troops: the force named in or just before the count, else the country that 'has' them."""
        forces = [m for m in self._in(analysis.actors, s) if m.actor.inter in (1, 8)]
        inside = [m for m in forces if m.start >= q.start and m.end <= q.end + 25]
        before = [m for m in forces if m.end <= q.start]
        named = [m for m in inside + before[::-1] if not m.actor.id.startswith("generic:")]
        if named:
            return named[0].actor, named[0]
        countries_before = [p for p in places if p.place.kind == "country" and p.mention.end <= q.start]
        if countries_before:
            # "France, which has about 4,500 troops": the country's forces
            c = countries_before[-1]
            return self._generic("state-forces", c.place.country_iso2, c.place.country), c.mention
        generic = inside + before[::-1]
        if generic:
            return generic[0].actor, generic[0]
        return None, None
