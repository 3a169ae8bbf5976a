"""Who did what to whom: assigning actor mentions to the roles of an event trigger.

Shallow and fast, by word order within the sentence: the agent (actor1) is the
nearest actor before an active trigger or the "by ..." phrase after a passive
one; the target (actor2) is the first actor after an active trigger or the
subject before a passive one.  Actors joined by "and" / "," to the chosen one
become associated actors.

The word-order cues are data, one file per language (``knowledge/roles_<lang>.yaml``):
passive auxiliaries, the agent phrase ("by" / "par"), joiners and clause breaks.
Optional cues: a past participle used without an auxiliary ("Trois civils tués
par ...", "Soldier killed by gunmen", with ``participle_by`` saying how close the
agent phrase must follow in English), the agent after a noun trigger ("l'attaque
d'hommes armés contre ...") and the target marker of a noun trigger ("contre").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from conflictwatch import knowledge
from conflictwatch.errors import KnowledgeError
from conflictwatch.records import ActorMatch, TriggerMatch

__all__ = ["Roles", "RoleCues", "role_cues", "assign_roles"]

_REQUIRED = ("passive_before", "by_agent", "joiner", "clause_break")
_OPTIONAL = ("participle_passive", "participle_by", "participle_agentless", "agent_after_noun", "noun_trigger", "target_marker", "noun_complement")


@dataclass(frozen=True)
class RoleCues:
    """The compiled word-order cues of one language."""

    language: str
    passive_before: re.Pattern
    by_agent: re.Pattern
    joiner: re.Pattern
    clause_break: re.Pattern
    participle_passive: Optional[re.Pattern] = None
    participle_by: Optional[re.Pattern] = None
    participle_agentless: Optional[re.Pattern] = None
    agent_after_noun: Optional[re.Pattern] = None
    noun_trigger: Optional[re.Pattern] = None
    target_marker: Optional[re.Pattern] = None
    noun_complement: Optional[re.Pattern] = None


@functools.lru_cache(maxsize=8)
def role_cues(language: str = "en") -> RoleCues:
    """The cues for ``language``, compiled once from ``roles_<language>.yaml``."""
    name = f"roles_{language}.yaml"
    data = knowledge.load(name)
    compiled: dict[str, Optional[re.Pattern]] = {}
    for key in _REQUIRED + _OPTIONAL:
        value = data.get(key)
        if value is None:
            if key in _REQUIRED:
                raise KnowledgeError(f"knowledge file {name}: missing {key!r}")
            compiled[key] = None
            continue
        try:
            compiled[key] = re.compile(str(value), re.IGNORECASE)
        except re.error as exc:
            raise KnowledgeError(f"knowledge file {name}: {key!r} is not a valid regular expression ({exc})") from exc
    return RoleCues(language=str(data.get("language", language)), **compiled)  # type: ignore[arg-type]


@dataclass
class Roles:
    agents: list[ActorMatch] = field(default_factory=list)
    targets: list[ActorMatch] = field(default_factory=list)
    passive: bool = False


def _group(matches: Sequence[ActorMatch], anchor: ActorMatch, text: str, joiner: re.Pattern) -> list[ActorMatch]:
    """The anchor and the actors coordinated with it ("X and Y", "X, Y and Z")."""
    ordered = sorted(matches, key=lambda m: m.start)
    idx = ordered.index(anchor)
    group = [anchor]
    j = idx
    while j > 0 and joiner.match(text[ordered[j - 1].end : ordered[j].start]):
        j -= 1
        group.insert(0, ordered[j])
    j = idx
    while j + 1 < len(ordered) and joiner.match(text[ordered[j].end : ordered[j + 1].start]):
        j += 1
        group.append(ordered[j])
    return group


def _nearest_before(matches: Sequence[ActorMatch], pos: int, text: str, limit: int) -> Optional[ActorMatch]:
    best = None
    for m in matches:
        if m.end <= pos and m.end >= limit:
            if best is None or m.end > best.end:
                best = m
    return best


def _actor_after(actors: Sequence[ActorMatch], pos: int, text: str, cues: "RoleCues", window: int = 40) -> Optional[ActorMatch]:
    """The first actor mention within ``window`` characters after ``pos``, not across a clause break."""
    for a in actors:
        if pos - 1 <= a.start <= pos + window and not cues.clause_break.search(text, pos, a.start):
            return a
    return None


def _has_passive(cues: RoleCues, text: str) -> bool:
    """Is there a passive verb phrase ("ont été tués", "tués par") anywhere in ``text``?"""
    for m in re.finditer(r"[^\W\d_]+", text):
        if cues.passive_before.search(text[: m.start()]) and (cues.participle_passive is None or cues.participle_passive.search(m.group())):
            return True
    return False


def _actor_at(actors: Sequence[ActorMatch], pos: int) -> Optional[ActorMatch]:
    """The actor mention starting at ``pos`` (a few characters of slack for articles and spaces)."""
    return next((a for a in actors if pos - 1 <= a.start <= pos + 3), None)


def assign_roles(
    text: str,
    trigger: TriggerMatch,
    actors: Sequence[ActorMatch],
    sentence_start: int,
    sentence_end: int,
    language: str = "en",
) -> Roles:
    """Assign the actor mentions of one sentence to the roles of ``trigger``."""
    cues = role_cues(language)
    actors = sorted(
        (a for a in actors if a.start >= sentence_start and a.end <= sentence_end and not (a.start < trigger.end and a.end > trigger.start)),
        key=lambda a: a.start,
    )
    roles = Roles()
    if not actors:
        return roles
    before_text = text[sentence_start : trigger.start]
    after_text = text[trigger.end : sentence_end]
    by = cues.by_agent.match(after_text)
    # a bare participle is passive when an agent phrase follows it; ``participle_by`` (when the language
    # gives one) says how close that phrase must be ("officer killed by gunmen", not "attacked the camp by night")
    participle_by = cues.participle_by.match(after_text) if cues.participle_by is not None else by
    # a trigger that opens with its own auxiliary ("was shot") is read with it: its first word counts as
    # text before it ("A trader was shot dead by soldiers" is passive like "A trader was killed by soldiers")
    words = trigger.text.split()
    lead = words[0] + " " if len(words) > 1 else ""
    roles.passive = bool(cues.passive_before.search(before_text)) or bool(lead and cues.passive_before.search(before_text + lead)) or bool(
        cues.participle_passive is not None and by is not None and participle_by is not None
        and cues.participle_passive.search(trigger.text)
    )
    if not roles.passive and cues.participle_agentless is not None and cues.participle_passive is not None \
            and cues.participle_passive.search(trigger.text) and cues.participle_agentless.match(after_text) \
            and not cues.clause_break.search(before_text):
        # a headline's agentless passive: "Army convoy ambushed near Diabaly", "Checkpoint attacked last night"
        roles.passive = True
    if not roles.passive and cues.noun_complement is not None and cues.noun_trigger is not None \
            and cues.noun_trigger.match(trigger.text.lower()):
        # "12 soldats ont été tués dimanche dans une attaque ...": the passive verb before the noun decides
        comp = cues.noun_complement.search(before_text)
        # (only when an actor is that verb's subject; "One killed in clashes between X and Y" keeps the noun's sides)
        if comp is not None and _has_passive(cues, before_text[: comp.start()]) \
                and any(a.end <= trigger.start for a in actors):
            roles.passive = True
            if cues.agent_after_noun is not None:
                m = cues.agent_after_noun.match(after_text)
                by = m if m and _actor_at(actors, trigger.end + m.end()) else by
    after = [a for a in actors if a.start >= trigger.end]
    before = [a for a in actors if a.end <= trigger.start]

    if roles.passive:
        if by:
            agent = _actor_at(after, trigger.end + by.end())
            if agent:
                roles.agents = _group(actors, agent, text, cues.joiner)
        if before:
            roles.targets = _group(actors, before[-1], text, cues.joiner)
        return roles

    # a noun trigger with its agent after it ("l'attaque d'hommes armés contre le camp")
    if cues.noun_trigger is not None and cues.noun_trigger.match(trigger.text.lower()):
        noun_agent = None
        if cues.agent_after_noun is not None:
            m = cues.agent_after_noun.match(after_text)
            if m:
                noun_agent = _actor_at(after, trigger.end + m.end())
        marker = cues.target_marker.match(after_text) if cues.target_marker is not None else None
        noun_target = _actor_after(after, trigger.end + marker.end(), text, cues) if marker else None
        if noun_target is None and marker is None and noun_agent is not None and cues.target_marker is not None:
            rest = text[noun_agent.end : sentence_end]
            m2 = cues.target_marker.match(rest)
            noun_target = _actor_after(after, noun_agent.end + m2.end(), text, cues) if m2 else None
        if noun_agent is not None:
            roles.agents = _group(actors, noun_agent, text, cues.joiner)
            if noun_target is not None and noun_target not in roles.agents:
                roles.targets = _group(actors, noun_target, text, cues.joiner)
            return roles
        if noun_target is not None:
            roles.targets = _group(actors, noun_target, text, cues.joiner)
            agent = _nearest_before(before, trigger.start, text, sentence_start)
            if agent is not None and agent not in roles.targets:
                roles.agents = _group(actors, agent, text, cues.joiner)
            return roles

    # active voice: nearest actor before the trigger, not across a clause break
    clause_start = sentence_start
    for m in cues.clause_break.finditer(text, sentence_start, trigger.start):
        # a clause break between the actor and the trigger ends the search, unless the actor follows it
        clause_start = m.end()
    agent = _nearest_before(before, trigger.start, text, clause_start)
    if agent is None and before:
        # "Militants, who arrived on motorbikes, attacked ..." : allow one step back over a relative clause
        agent = before[-1] if trigger.start - before[-1].end < 120 else None
    if agent:
        roles.agents = _group(actors, agent, text, cues.joiner)
    target = next((a for a in after if a not in roles.agents), None)
    if target and cues.clause_break.search(text, trigger.end, target.start):
        target = None  # "shot dead a man who refused police demands": the police are not the target
    if target and target.start - trigger.end < 80:
        roles.targets = _group(actors, target, text, cues.joiner)
    return roles
