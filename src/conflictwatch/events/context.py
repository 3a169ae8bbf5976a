"""What the rest of a report says about an event: the builder's report-level conventions (issue #4).

A mixin of :class:`~conflictwatch.events.builder.EventBuilder`, kept apart so that each module stays
readable.  Every method here looks beyond the event's own sentence or trigger:

* ``_actor_country``: a report that names no known place takes its country from the actors named;
* ``_text_country`` / ``_with_capitals``: failing that, from its country words; "the Malian capital" and,
  once the country is known, "the capital" are the capital city (``events.country_cues``);
* ``_role_trigger``: a noun trigger in a complement takes its sides from the verb before it;
* ``_claimant`` / ``_attribute_claims``: a named group's claim of responsibility attributes the
  report's unattributed violence to it;
* ``_escalate_protest`` / ``_specify_weapon``: a follow-up sentence raises a protest (intervention,
  violence) or names the weapon of an attack.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Optional, Sequence

from conflictwatch.events.roles import assign_roles, role_cues
from conflictwatch.records import Actor, ActorMatch, Analysis, EntityMention, ResolvedPlace, Sentence, TriggerMatch

if TYPE_CHECKING:  # pragma: no cover
    from conflictwatch.events.builder import Candidate

__all__ = ["ReportContext", "VIOLENT_TYPES", "PROTEST_RANK", "is_inferred_country"]

VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# Protest sub-event types in the order a follow-up sentence may raise them.
PROTEST_RANK = {"Peaceful protest": 0, "Protest with intervention": 1, "Excessive force against protesters": 2,
                "Violent demonstration": 3}


# methods of a report country that no place names: inferred from its actors or its words
_INFERRED = ("actor-country", "text-country")


def is_inferred_country(rp: ResolvedPlace) -> bool:
    """True for a country stand-in inferred from actors or country words ("not-stated+actor-country")."""
    method = rp.method.removeprefix("not-stated+")
    return method.startswith(_INFERRED)


class ReportContext:
    """Report-level conventions; needs the builder's ``lex``, ``kb``, ``claims``, ``country_place``, ``cues``
    and helpers."""

    def _actor_country(self, analysis: Analysis) -> Optional[ResolvedPlace]:
        """The country the actors imply when no place names one ("Malian soldiers", "MNLA rebels").

        Named groups active in one country only count first, then a country's own forces and
        people; foreign forces and multi-country groups imply nothing (``ActorKB.home_country``).
        The country is a stand-in for the document's country, never a point.
        """
        if self.country_place is None:
            return None
        votes: dict[str, list] = {}
        for m in analysis.actors:
            iso = self.kb.home_country(m.actor)
            if iso is None:
                continue
            named = m.actor.network != "state" and ":" not in m.actor.id
            entry = votes.setdefault(iso, [1, 0, -m.start, m])
            entry[0] = min(entry[0], 0 if named else 1)
            entry[1] += 1
        if not votes:
            return None
        iso = min(votes, key=lambda k: (votes[k][0], -votes[k][1], -votes[k][2]))
        place = self.country_place(iso)
        if place is None:
            return None
        m = votes[iso][3]
        mention = EntityMention(m.text, m.start, m.end, "PLACE", m.sentence, place.id, 0.5, "events.builder")
        return ResolvedPlace(mention, place, 3, place.country or place.name, 0.3, "actor-country")

    def _text_country(self, analysis: Analysis) -> Optional[ResolvedPlace]:
        """The country the report's words point to when neither a place nor an actor does ("a Burkinabe party",
        "Malis army"); low confidence, the words as its evidence (``CountryCues.text_country``)."""
        if self.cues is None or self.country_place is None:
            return None
        named = [(m.start, m.end) for m in analysis.actors if not m.actor.id.startswith("generic:")]
        return self.cues.text_country(analysis.document.text, analysis.sentences, self.country_place, skip=named)

    def _with_capitals(self, analysis: Analysis, iso2: Optional[str] = None) -> Analysis:
        """``analysis`` with "the Malian capital" (or, given the report's country ``iso2``, "the capital") among
        its resolved places, in place of the demonym inside the phrase."""
        if self.cues is None:
            return analysis
        text, sents = analysis.document.text, analysis.sentences
        if iso2 is None:
            found = self.cues.capitals(text, sents)
        else:
            taken = [(p.mention.start, p.mention.end) for p in analysis.resolved_places]
            found = self.cues.bare_capitals(text, sents, iso2, taken)
        if not found:
            return analysis
        spans = [(c.mention.start, c.mention.end) for c in found]
        kept = [p for p in analysis.resolved_places
                if not any(a < p.mention.end and p.mention.start < b for a, b in spans)]
        return dataclasses.replace(analysis, resolved_places=tuple(
            sorted(kept + found, key=lambda p: (p.mention.start, p.mention.end))))

    def _not_serving(self, text: str, m: ActorMatch, actor: Actor, iso2: Optional[str], country: Optional[str]) -> Actor:
        """A target from the security forces who is not serving ("an off-duty policeman", "a retired soldier",
        "un gendarme à la retraite") is a civilian under ACLED's conventions."""
        if actor.network != "state" or actor.inter not in (1, 8):
            return actor
        before = text[max(0, m.start - 30) : m.start]
        after = text[m.end : m.end + 30]
        if not (self.lex.not_serving_before.search(before) or self.lex.not_serving_after.match(after)):
            return actor
        return self._generic("civilians", iso2, country) or actor

    def _custody_abuse(self, analysis: Analysis, s: Sentence, trig: TriggerMatch, iso2: Optional[str],
                       country: Optional[str]):
        """Violence against people an armed actor has just arrested ("detained by soldiers and beaten to death").

        When an arrest in the same sentence comes before the violent trigger, its captors are the
        perpetrators and the people held the victims (civilians unless they are named as an armed group):
        ``((agent matches, agents), (target matches, targets))``, or None.
        """
        text = analysis.document.text
        arrests = [t for t in analysis.triggers if t.sentence == s.index and t.sub_event_type == "Arrests"
                   and t.start < trig.start and not self.lex.is_irrealis(text, t.start)]
        if not arrests or not trig.sub_event_type.startswith("class:"):
            return None
        arrest = arrests[-1]
        s_actors = [m for m in analysis.actors if s.start <= m.start < s.end]
        roles = assign_roles(text, arrest, s_actors, s.start, s.end, language=self.lex.language)
        agents = [self._concrete(m, iso2, country, False) for m in roles.agents]
        targets = [self._concrete(m, iso2, country, False) for m in roles.targets]
        if not agents or not all(a.inter in (1, 2, 3, 4, 8) for a in agents):
            return None
        if any(t.inter in (2, 3, 4) for t in targets):
            return None  # fighters captured in a battle: the fighting is the event
        if not targets:
            victim = self._generic("civilians", iso2, country)
            if victim is None:
                return None
            targets = [victim]
        return (list(roles.agents), agents), (list(roles.targets), targets)

    def _role_trigger(self, analysis: Analysis, s: Sentence, trig: TriggerMatch) -> TriggerMatch:
        """The trigger whose word order says who did what: ``trig``, or the verb before it.

        "French troops killed about ten militants in a gun battle": the noun that types the event sits in
        a complement ("in a firefight") with no agent phrase of its own, so the sides are those of the
        verb before it ("killed").  A noun with its own agent ("dans une attaque d'hommes armés") keeps it.
        """
        cues = role_cues(self.lex.language)
        if cues.noun_trigger is None or cues.noun_complement is None or not cues.noun_trigger.match(trig.text.lower()):
            return trig
        text = analysis.document.text
        if not cues.noun_complement.search(text[s.start : trig.start]):
            return trig
        after = text[trig.end : s.end]
        if cues.agent_after_noun is not None and cues.agent_after_noun.match(after):
            return trig
        if cues.target_marker is not None and cues.target_marker.match(after):
            return trig  # "an attack on MNLA fighters": the noun names its target
        clause_end = cues.clause_break.search(text, trig.end, s.end)
        if any(trig.end <= m.start < (clause_end.start() if clause_end else s.end) for m in self._in(analysis.actors, s)):
            return trig  # "fighting between the two militias": the noun's sides follow it
        verbs = [t for t in analysis.triggers if t.sentence == s.index and t.end <= trig.start
                 and not cues.noun_trigger.match(t.text.lower()) and not self.lex.is_irrealis(text, t.start)]
        return verbs[-1] if verbs else trig

    def _claimant(self, analysis: Analysis) -> Optional[tuple[Actor, ActorMatch]]:
        """The named non-state group that claims an attack in the report ("JNIM claimed the attack"), if one.

        In each sentence with a claim cue, the named group nearest the cue; the first such sentence wins.
        """
        text = analysis.document.text
        for s in analysis.sentences:
            cue = self.claims.search(text, s.start, s.end)
            if cue is None:
                continue
            named = [m for m in self._in(analysis.actors, s)
                     if not m.actor.id.startswith("generic:") and m.actor.inter in (2, 3, 4) and ":" not in m.actor.id]
            if named:
                m = min(named, key=lambda m: min(abs(m.start - cue.end()), abs(cue.start() - m.end)))
                return m.actor, m
        return None

    def _attribute_claims(self, analysis: Analysis, cands: Sequence[Candidate]) -> None:
        """Violence by an unidentified armed group in a report where a named group claims it: that group did it."""
        claim = None
        for c in cands:
            if not c.agents or not (c.agents[0].id.startswith("armed-group:") or c.agents[0].id == "generic:armed-group"):
                continue
            if c.event_type not in VIOLENT_TYPES and c.sub_event_type != "Looting/property destruction":
                continue
            claim = claim or self._claimant(analysis) or (None, None)
            actor, match = claim
            if actor is None or any(t.id == actor.id for t in c.targets):
                continue
            c.agents = [actor] + c.agents[1:]
            c.agent_matches = [match] + c.agent_matches[1:] if c.agent_matches else [match]
            c.evidence.append(self._evidence(analysis.document.id, "actor1", analysis.document.text, match.start, match.end,
                                             next((x for x in analysis.sentences if x.start <= match.start < x.end), c.sentence)))

    def _escalate_protest(self, analysis: Analysis, c: Candidate, s: Sentence) -> None:
        """A follow-up sentence about a protest that says the police broke it up or the crowd turned violent.

        "Workers marched in X. Police used tear gas to disperse them." is a protest with
        intervention; "... Riots broke out." a violent demonstration.  The type only goes up
        (peaceful < intervention < excessive force < violent), and the sides are coded again.
        """
        rank = PROTEST_RANK.get(c.sub_event_type)
        if rank is None:
            return
        riot = any(t.sentence == s.index and t.sub_event_type == "Violent demonstration" and not self.lex.is_irrealis(analysis.document.text, t.start)
                   for t in analysis.triggers)
        if riot or self.lex.protest_violent.search(s.text):
            key = "violent"
        elif self.lex.protest_excessive.search(s.text):
            key = "excessive_force"
        elif self.lex.protest_intervention.search(s.text):
            key = "intervention"
        else:
            return
        event_type, sub = self.lex.resolve_class("protest", key)
        if PROTEST_RANK.get(sub, -1) <= rank:
            return
        iso2 = c.place.place.country_iso2 if c.place else None
        country = c.place.place.country if c.place else None
        state = [self._concrete(m, iso2, country, False) for m in self._in(analysis.actors, s)]
        state = [a for a in state if a.inter in (1, 8)] + [t for t in c.targets if t.inter in (1, 8)]
        agents, targets = self._default_actors(event_type, sub, [], state, iso2, country, analysis.document.text, s, c.trigger, [])
        c.event_type, c.sub_event_type = event_type, sub
        c.agents, c.targets = agents or c.agents, targets
        if s not in c.sentences:
            c.sentences.append(s)

    def _specify_weapon(self, c: Candidate, trig: TriggerMatch) -> None:
        """"The camp came under attack. Mortar shells hit it.": the follow-up's weapon types the attack.

        Only an event typed by a generic attack/kill trigger as a battle is re-typed, and only by a
        weapon-specific remote-violence trigger (shelling, IED, air strike ...).
        """
        if not c.trigger.sub_event_type.startswith("class:") or c.event_type != "Battles":
            return
        if trig.sub_event_type.startswith("class:") or trig.event_type != "Explosions/Remote violence":
            return
        c.event_type, c.sub_event_type = trig.event_type, trig.sub_event_type
