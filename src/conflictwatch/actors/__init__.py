"""The ``actors`` stage: an offline, versioned knowledge base of armed actors and a matcher.

>>> kb = default_kb()
>>> [m.actor.id for m in kb.find("Suspected JNIM militants attacked Burkinabe soldiers.", [])]
['jnim', 'military:BF']

Knowledge lives in ``conflictwatch/knowledge/actors*.yaml`` (every entry cites its
public source); users can merge their own files with ``ActorKB.load(extra_paths=[...])``.
ACLED actor names, including those built by ACLED's naming rules, are recognised by
``ActorKB.parse_name`` / ``by_name``; ``ActorKB.associated_groups`` gives the identity
and occupational groups of a victim phrase; ``actors.resolve.resolve_text`` backs
``conflictwatch actors resolve``.
"""

from conflictwatch.actors.kb import GENERIC_PREFIX, INFERRED, MATCHER_VERSION, ActorKB, default_kb
from conflictwatch.actors.names import NameParse
from conflictwatch.actors.schema import Period, Tie

__all__ = ["ActorKB", "default_kb", "Period", "Tie", "NameParse", "GENERIC_PREFIX", "INFERRED", "MATCHER_VERSION"]
