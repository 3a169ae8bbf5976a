"""The ``actors`` stage: an offline, versioned knowledge base of armed actors and a matcher.

>>> kb = default_kb()
>>> [m.actor.id for m in kb.find("Suspected JNIM militants attacked Burkinabe soldiers.", [])]
['jnim', 'military:BF']

Knowledge lives in ``conflictwatch/knowledge/actors*.yaml``; users can merge their
own files with ``ActorKB.load(extra_paths=[...])``.
"""

from conflictwatch.actors.kb import GENERIC_PREFIX, MATCHER_VERSION, ActorKB, default_kb
from conflictwatch.actors.schema import Period

__all__ = ["ActorKB", "default_kb", "Period", "GENERIC_PREFIX", "MATCHER_VERSION"]
