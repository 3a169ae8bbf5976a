from conflictwatch.events.coding import civilian_targeting, event_id, interaction_code


def test_interaction_code():
    assert interaction_code(2, 1) == 12
    assert interaction_code(1, 7) == 17
    assert interaction_code(6, None) == 60
    assert interaction_code(None, None) is None


def test_event_id_is_stable_and_prefixed():
    a = event_id("MLI", "doc1", "10|Armed clash")
    assert a == event_id("mli", "doc1", "10|Armed clash")
    assert a.startswith("MLICW") and len(a) == 15
    assert a != event_id("MLI", "doc2", "10|Armed clash")


def test_civilian_targeting():
    assert civilian_targeting("Violence against civilians", 7) == "Civilian targeting"
    assert civilian_targeting("Battles", 1) == ""
