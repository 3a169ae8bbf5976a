"""Members kept in memory between write transactions: used only at the incident's stored revision."""

from __future__ import annotations

import pytest

from conflictwatch.dedup import incident_of_event, link_document, linker, members, split_event
from conflictwatch.store import Store
from conflictwatch.store import incidents as q
from tests.dedup.conftest import make_doc, save

WIRE = "DJIBO, Burkina Faso - JNIM militants attacked an army post in Djibo on Monday, killing 11 soldiers."
LOCAL = "Djibo: 9 soldiers killed. Gunmen attacked an army post in Djibo on Monday, a local official said."
NGO = "On March 7, armed men attacked an army post in Djibo. According to local sources, 12 soldiers were killed."
FOURTH = "Djibo army post attacked on Monday; the toll stands at 10 soldiers, the army said."


@pytest.fixture
def reads(monkeypatch):
    """The incident ids whose members were read from the database."""
    out: list[str] = []
    real = members.load

    def spy(conn, ids):
        out.extend(ids)
        return real(conn, ids)

    monkeypatch.setattr(members, "load", spy)
    return out


def _outcome(store: Store):
    rows = [{k: v for k, v in r.items() if k not in ("updated_at", "revision")} for r in q.iter_incident_rows(store)]
    decisions = [(d["event_id"], d["incident_id"], d["action"], d["score"], d["features"]) for d in q.decisions(store)]
    return rows, decisions


def test_an_incident_read_once_is_not_read_again_while_unchanged(store, reads):
    docs = [make_doc(t) for t in (WIRE, LOCAL, NGO)]
    for d, toll in zip(docs, (11, 9, 12)):
        save(store, d, dict(fatalities=toll))
    link_document(store, docs[0].id)  # seeds the incident: nothing to read
    link_document(store, docs[1].id)  # joins it: the members the first link left are at its revision
    link_document(store, docs[2].id)
    (incident,) = {r["id"] for r in q.iter_incident_rows(store)}
    assert reads == []
    with q.reading(store) as conn:
        assert q.count_incidents(store) == 1 and len(q.member_ids(conn, incident)) == 3


def test_decisions_are_those_of_reading_every_incident_from_the_database(tmp_path, monkeypatch):
    outcomes = []
    for keep in (True, False):
        if not keep:  # a memory that never holds anything
            monkeypatch.setattr(linker._Memory, "get", lambda self, incident_id, revision: None)
        with Store.open(tmp_path / f"m{keep}.db") as store:
            docs = [make_doc(t) for t in (WIRE, LOCAL, NGO, FOURTH)]
            for d, toll in zip(docs, (11, 9, 12, 10)):
                save(store, d, dict(fatalities=toll))
            for d in docs:
                link_document(store, d.id)
            outcomes.append(_outcome(store))
    assert outcomes[0] == outcomes[1] and len(outcomes[0][0]) == 1


def _rows_agree_with_members(store: Store) -> None:
    """Every stored incident row is the merge of its stored members (what stale members would break)."""
    from conflictwatch.dedup.incident import merge_fields
    from conflictwatch.dedup.settings import default_settings

    prefixes = default_settings().unidentified_prefixes
    with q.reading(store) as conn:
        for row in q.iter_incident_rows(store):
            loaded = members.load(conn, [row["id"]])[row["id"]]
            merged = merge_fields(row["id"], loaded.members, loaded.copies_in(conn, row["id"]), prefixes)
            assert {k: row[k] for k in merged} == merged


def test_another_writers_change_is_seen(store, reads):
    """An analyst's split (another transaction, as from the dashboard) and a re-extraction in the same
    second draw a new revision: the members are read again and the next link sees the new state."""
    docs = [make_doc(t) for t in (WIRE, LOCAL, NGO)]
    evs = [save(store, d, dict(fatalities=toll))[0] for d, toll in zip(docs, (11, 9, 12))]
    link_document(store, docs[0].id)
    link_document(store, docs[1].id)
    (incident,) = {r["id"] for r in q.iter_incident_rows(store)}
    assert incident in linker._memory_of(store).entries
    split_event(store, incident, [evs[1].event_id_cnty], by="analyst", reason="two attacks")
    reads.clear()
    link_document(store, docs[2].id)
    assert incident in reads
    assert incident_of_event(store, evs[0].event_id_cnty) != incident_of_event(store, evs[1].event_id_cnty)
    _rows_agree_with_members(store)
    # re-extracting a member's document (its event gets another toll, the same id) draws a new revision
    before = incident_of_event(store, evs[0].event_id_cnty)
    assert before in linker._memory_of(store).entries
    save(store, docs[0], dict(fatalities=4))
    reads.clear()
    link_document(store, docs[0].id)
    assert before in reads
    assert incident_of_event(store, evs[0].event_id_cnty) == incident_of_event(store, evs[2].event_id_cnty)
    _rows_agree_with_members(store)


def test_a_transaction_that_fails_leaves_the_memory_as_it_was(store, monkeypatch):
    docs = [make_doc(t) for t in (WIRE, LOCAL)]
    for d, toll in zip(docs, (11, 9)):
        save(store, d, dict(fatalities=toll))
    link_document(store, docs[0].id)
    memory = linker._memory_of(store)
    before = {k: (rev, list(m.members)) for k, (rev, m) in memory.entries.items()}
    assert before

    def boom(conn, rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(q, "record_decisions", boom)
    with pytest.raises(RuntimeError):
        link_document(store, docs[1].id)
    assert {k: (rev, list(m.members)) for k, (rev, m) in memory.entries.items()} == before
