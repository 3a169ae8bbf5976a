"""Generic descriptors and composed country forms the matcher must know (issue #4, team-written text)."""

from __future__ import annotations

import pytest

from conflictwatch.actors import default_kb


@pytest.mark.parametrize("text, surface, actor_id", [
    ("Military forces of Mali fought rebels for two hours at the ferry crossing.", "Military forces of Mali", "military:ML"),
    ("The armed forces of Niger repelled the assault.", "armed forces of Niger", "military:NE"),
    ("Unknown gunmen shot a Nigerien gendarme.", "Nigerien gendarme", "police:NE"),
    ("A Burkinabe policeman was wounded.", "Burkinabe policeman", "police:BF"),
    ("Army repelled an attack on the camp.", "Army", "generic:military"),
    ("Separatists ambushed a convoy.", "Separatists", "generic:armed-group"),
    ("Islamist rebels destroyed a shrine.", "Islamist rebels", "generic:armed-group"),
    ("Kidnappers released the engineer.", "Kidnappers", "generic:armed-group"),
    ("Les forces de l'ordre ont dispersé la foule.", "forces de l'ordre", "generic:police"),
    ("Des rebelles ont pris la ville.", "rebelles", "generic:armed-group"),
    ("The Malian administration ordered the closure of schools in the north.", "Malian administration", "government:ML"),
    ("L'administration malienne a signé un accord.", "administration malienne", "government:ML"),
])
def test_descriptor_is_matched(text, surface, actor_id):
    found = [(m.text, m.actor.id) for m in default_kb().find(text)]
    assert (surface, actor_id) in found, found
