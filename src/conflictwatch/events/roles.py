"""Who did what to whom: assigning actor mentions to the roles of an event trigger.

Shallow and fast, by word order within the sentence: the agent (actor1) is the
nearest actor before an active trigger or the "by ..." phrase after a passive
one; the target (actor2) is the first actor after an active trigger or the
subject before a passive one.  Actors joined by "and" / "," to the chosen one
become associated actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from conflictwatch.records import ActorMatch, TriggerMatch

__all__ = ["Roles", "assign_roles"]

_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_AUXILIARY = re.compile(r"\b(?:was|were|been|being|had been|has been|have been)\b", re.IGNORECASE)
_BY_AGENT = re.compile(r"^\W*(?:\w+\s+){0,6}?\bby\s+(?:suspected\s+|alleged\s+|presumed\s+)?", re.IGNORECASE)
_JOINER = re.compile(r"^\s*(?:,|and|, and|as well as|&|alongside|together with|with)\s*(?:the\s+)?$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:—–]|\bwho\b|\bwhich\b|\bwhile\b|\bwhen\b|\bafter\b|\bbefore\b|\bsaid\b", re.IGNORECASE)


@dataclass
class Roles:
    agents: list[ActorMatch] = field(default_factory=list)
    targets: list[ActorMatch] = field(default_factory=list)
    passive: bool = False


def _group(matches: Sequence[ActorMatch], anchor: ActorMatch, text: str) -> list[ActorMatch]:
    """The anchor and the actors coordinated with it ("X and Y", "X, Y and Z")."""
    ordered = sorted(matches, key=lambda m: m.start)
    idx = ordered.index(anchor)
    group = [anchor]
    j = idx
    while j > 0 and _JOINER.match(text[ordered[j - 1].end : ordered[j].start]):
        j -= 1
        group.insert(0, ordered[j])
    j = idx
    while j + 1 < len(ordered) and _JOINER.match(text[ordered[j].end : ordered[j + 1].start]):
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


def assign_roles(
    text: str,
    trigger: TriggerMatch,
    actors: Sequence[ActorMatch],
    sentence_start: int,
    sentence_end: int,
) -> Roles:
    """Assign the actor mentions of one sentence to the roles of ``trigger``."""
    actors = sorted(
        (a for a in actors if a.start >= sentence_start and a.end <= sentence_end and not (a.start < trigger.end and a.end > trigger.start)),
        key=lambda a: a.start,
    )
    roles = Roles()
    if not actors:
        return roles
    before_text = text[sentence_start : trigger.start]
    # "were killed by" before the trigger, or a trigger phrase that is itself passive ("trucks were burned")
    roles.passive = bool(_PASSIVE_BEFORE.search(before_text) or _AUXILIARY.search(trigger.text))
    after = [a for a in actors if a.start >= trigger.end]
    before = [a for a in actors if a.end <= trigger.start]

    if roles.passive:
        by = _BY_AGENT.match(text[trigger.end : sentence_end])
        if by:
            by_pos = trigger.end + by.end()
            agent = next((a for a in after if a.start >= by_pos - 1 and a.start <= by_pos + 3), None)
            if agent:
                roles.agents = _group(actors, agent, text)
        if before:
            roles.targets = _group(actors, before[-1], text)
        return roles

    # active voice: nearest actor before the trigger, not across a clause break
    clause_start = sentence_start
    for m in _CLAUSE_BREAK.finditer(text, sentence_start, trigger.start):
        # a clause break between the actor and the trigger ends the search, unless the actor follows it
        clause_start = m.end()
    agent = _nearest_before(before, trigger.start, text, clause_start)
    if agent is None and before:
        # "Militants, who arrived on motorbikes, attacked ..." : allow one step back over a relative clause
        agent = before[-1] if trigger.start - before[-1].end < 120 else None
    if agent:
        roles.agents = _group(actors, agent, text)
    target = next((a for a in after if a not in roles.agents), None)
    if target and _CLAUSE_BREAK.search(text, trigger.end, target.start):
        target = None  # "shot dead a man who refused police demands": the police are not the target
    if target and target.start - trigger.end < 80:
        roles.targets = _group(actors, target, text)
    return roles
