"""Map actor names (ACLED's or ours) to knowledge-base actors and networks.

Rules, in order (the first that gives an answer wins):

1. ``ActorKB.by_name`` on the whole name ("Military Forces of Mali (2013-2020)", "JNIM: Group for ...");
2. ``by_name`` on the part before ``": "`` (ACLED writes "ACRONYM: Full name") and on the name without a
   trailing "(...)" qualifier ("Islamic State (Greater Sahara)" is tried whole first);
3. the knowledge base's alias matcher (``ActorKB.find``) over the name: the longest concrete (non-generic)
   match; failing that, a generic match whose network is not "other" (e.g. "Police" -> state);
4. ACLED's inter code: 1 (state forces) -> network "state";
5. otherwise the name itself with network "other".

The key of a resolved actor is the knowledge-base id when there is one (so "JNIM: Group for Support of Islam
and Muslims" and "JNIM" are the same group), else the name with any "(years)" qualifier removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from conflictwatch.actors import ActorKB

__all__ = ["ActorRef", "ActorResolver", "NETWORKS", "ARMED_INTER"]

NETWORKS: tuple[str, ...] = ("al-Qaeda", "Islamic State", "state", "other")
ARMED_INTER = frozenset({1, 2, 3, 4, 8})  # state, rebel, political and identity militias, external forces
_YEARS = re.compile(r"\s*\((?:\d{4}\s*-\s*(?:\d{4})?|\d{4})\)\s*$")
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A resolved actor: ``key`` groups spellings of the same actor; ``network`` one of :data:`NETWORKS`."""

    key: str
    name: str
    network: str
    inter: Optional[int] = None
    known: bool = False  # found in the knowledge base


class ActorResolver:
    """Cached name -> :class:`ActorRef` resolution over one :class:`ActorKB`."""

    def __init__(self, kb: ActorKB):
        self.kb = kb
        self._cache: dict[tuple[str, Optional[int]], ActorRef] = {}

    def resolve(self, name: str, inter: Optional[int] = None) -> ActorRef:
        name = (name or "").strip()
        key = (name, inter)
        ref = self._cache.get(key)
        if ref is None:
            ref = self._cache[key] = self._resolve(name, inter)
        return ref

    def _resolve(self, name: str, inter: Optional[int]) -> ActorRef:
        if not name:
            return ActorRef("", "", "other", inter)
        kb = self.kb
        tries = [name]
        if ": " in name:
            tries.append(name.split(": ", 1)[0])
        tries.append(_YEARS.sub("", name))
        tries.append(_QUALIFIER.sub("", name))
        for t in tries:
            actor = kb.by_name(t) if t else None
            if actor is not None:
                return ActorRef(actor.id, name, actor.network, inter if inter is not None else actor.inter, True)
        matches = kb.find(name)
        concrete = [m for m in matches if not kb.is_generic(m.actor)]
        if concrete:
            best = max(concrete, key=lambda m: (m.end - m.start, -m.start))
            return ActorRef(best.actor.id, name, best.actor.network, inter if inter is not None else best.actor.inter, True)
        for m in matches:
            if m.actor.network != "other":
                return ActorRef(_YEARS.sub("", name), name, m.actor.network, inter, False)
        if inter == 1:
            return ActorRef(_YEARS.sub("", name), name, "state", inter, False)
        return ActorRef(_YEARS.sub("", name), name, "other", inter, False)

    def find_key(self, query: str) -> str:
        """The key for a user's query ("JNIM", "isgs", "Islamic State (Greater Sahara)")."""
        if self.kb.get(query) is not None:
            return query
        return self.resolve(query).key
