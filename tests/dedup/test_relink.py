"""Re-linking: two incidents that a later report shows to be one are merged, and only then.

The three invented reports below: (1) a precise report of an attack on the army in Djibo, 11 dead; (2) a
vague one (week precision, the region around Aribinda, unnamed gunmen, 3 dead) that is compatible with (1)
but scores below the link threshold, so it opens an incident of its own; (3) a precise report, placed like
(2), naming the same group and the army as (1): it joins (2)'s incident, and it scores above the threshold
with (1) as well.  After (3) the two incidents describe one event.
"""

from __future__ import annotations

import dataclasses

from conflictwatch.dedup import compare, link_document, members, split_event
from conflictwatch.dedup import linker
from conflictwatch.dedup.linker import deduplicate
from conflictwatch.dedup.settings import default_settings
from conflictwatch.records import Extraction
from conflictwatch.store import incidents as q

from tests.dedup.conftest import make_doc, make_event

UAG = "Unidentified Armed Group (Burkina Faso)"


def _save(store, text, *events_kw):
    doc = make_doc(text)
    events = tuple(make_event(doc.id, seq=n, **kw) for n, kw in enumerate(events_kw))
    store.save_extraction(Extraction(document=doc, events=events), "test-extractor")
    return doc.id, [e.event_id_cnty for e in events]


PRECISE = dict(fatalities=11)  # Djibo, day-precise, JNIM against the army
VAGUE = dict(place="Aribinda", geo_precision=3, precision=2, actor1=UAG, actor2="Civilians (Burkina Faso)",
             event_type="Violence against civilians", sub="Attack", fatalities=3)
BRIDGE = dict(place="Aribinda", geo_precision=3, fatalities=3)


def _incident(store, event_id):
    with q.reading(store) as conn:
        return q.incident_of(conn, event_id)


def _three_reports(store):
    d1, (e1,) = _save(store, "Report one: the army post in Djibo was attacked, 11 soldiers killed.", PRECISE)
    link_document(store, d1)
    d2, (e2,) = _save(store, "Report two: gunmen killed three people near Aribinda this week.", VAGUE)
    link_document(store, d2)
    return (d1, e1), (d2, e2)


def test_the_scenario_is_what_the_docstring_says():
    s = default_settings()
    a, b, c = make_event("d1xxxx", **PRECISE), make_event("d2xxxx", **VAGUE), make_event("d3xxxx", **BRIDGE)
    ab, ac, bc = compare(a, b, s), compare(a, c, s), compare(b, c, s)
    assert ab.compatible and ab.score < s.threshold  # (2) cannot join (1)
    assert ac.score >= s.relink_threshold and bc.score > ac.score  # (3) prefers (2) and reaches (1)


def test_a_report_that_bridges_two_incidents_merges_them_with_an_audit_row(store):
    (d1, e1), (d2, e2) = _three_reports(store)
    assert _incident(store, e1) != _incident(store, e2)  # split by arrival order
    before = {_incident(store, e1), _incident(store, e2)}
    d3, (e3,) = _save(store, "Report three: JNIM fighters attacked soldiers at Aribinda on Monday, 3 dead.", BRIDGE)
    summary = link_document(store, d3)
    assert summary.relinked == 1
    merged = _incident(store, e1)
    assert merged == _incident(store, e2) == _incident(store, e3)
    assert merged in before  # the larger incident keeps its id, the other is gone
    with q.reading(store) as conn:
        assert {r["id"] for r in q.iter_incident_rows(store)} == {merged}
        assert sorted(q.member_ids(conn, merged)) == sorted([e1, e2, e3])
        row = q.get_incident_row(conn, merged)
    # the merged row is recomputed from all three members: every source, the lowest best toll
    assert sorted(row["sources"]) == sorted([d1, d2, d3])
    assert row["n_events"] == 3 and row["fatalities"] == 3 and row["fatalities_high"] == 11
    audit = [d for d in q.decisions(store) if d["action"] == "relink"]
    assert [d["incident_id"] for d in audit] == [merged] * len(audit) and audit
    moved = {d["event_id"] for d in audit}
    assert moved in ({e1}, {e2, e3})  # one row per event that moved
    why = audit[0]["features"]
    assert why["trigger"] == e3 and why["into"] == merged and why["absorbed"] in before - {merged}
    assert set(why["best_pair"]) & {e1} and why["score"] >= default_settings().relink_threshold
    assert set(why["features"]) == {"date", "place", "type", "actors", "fatalities"}
    assert "re-linked" in audit[0]["reason"]


def test_reruns_change_nothing(store):
    _three_reports(store)
    d3, _ = _save(store, "Report three: JNIM fighters attacked soldiers at Aribinda on Monday, 3 dead.", BRIDGE)
    link_document(store, d3)
    rows = q.iter_incident_rows(store)
    n_decisions = len(q.decisions(store))
    again = deduplicate(store)
    assert again.events == 0 and again.relinked == 0
    assert link_document(store, d3).events == 0
    assert q.iter_incident_rows(store) == rows and len(q.decisions(store)) == n_decisions


def test_an_analyst_split_is_never_undone_by_relinking(store):
    (d1, e1), (d2, e2) = _three_reports(store)
    d3, (e3,) = _save(store, "Report three: JNIM fighters attacked soldiers at Aribinda on Monday, 3 dead.", BRIDGE)
    link_document(store, d3)
    merged = _incident(store, e1)
    split_event(store, merged, [e1], by="analyst", reason="two different attacks")
    assert _incident(store, e1) != _incident(store, e2)
    # a fourth report bridging them again, and re-runs: the split stays
    d4, (e4,) = _save(store, "Report four: soldiers attacked at Aribinda on Monday, 3 dead.", BRIDGE)
    summary = link_document(store, d4)
    assert summary.relinked == 0
    deduplicate(store)
    assert _incident(store, e1) != _incident(store, e2) == _incident(store, e3)


def test_no_merge_when_one_report_is_on_both_sides(store):
    # report two also tells of the Djibo attack (a second event): its two events must stay in two incidents
    d1, (e1,) = _save(store, "Report one: the army post in Djibo was attacked, 11 soldiers killed.", PRECISE)
    link_document(store, d1)
    d2, (e2a, e2b) = _save(store, "Report two: Djibo attacked; gunmen killed three near Aribinda.", PRECISE, VAGUE)
    link_document(store, d2)
    assert _incident(store, e2a) == _incident(store, e1) != _incident(store, e2b)
    d3, _ = _save(store, "Report three: JNIM fighters attacked soldiers at Aribinda on Monday, 3 dead.", BRIDGE)
    assert link_document(store, d3).relinked == 0
    assert _incident(store, e2a) != _incident(store, e2b)


def test_no_merge_below_the_relink_threshold(store, monkeypatch):


    s = dataclasses.replace(default_settings(), relink_threshold=0.95)
    (d1, e1), (d2, e2) = _three_reports(store)
    d3, _ = _save(store, "Report three: JNIM fighters attacked soldiers at Aribinda on Monday, 3 dead.", BRIDGE)
    assert linker.link_document(store, d3, s).relinked == 0
    assert _incident(store, e1) != _incident(store, e2)


def test_relinking_reads_only_the_events_candidates(store, monkeypatch):
    """Incremental: far-away incidents (another country's, another month's) are never read or compared."""
    far = [
        _save(store, f"Elsewhere {n}: an attack far away.", dict(date=f"2022-0{5 + n}-10", fatalities=n + 1))[0]
        for n in range(3)
    ]
    for d in far:
        link_document(store, d)
    far_incidents = {r["id"] for r in q.iter_incident_rows(store)}
    _three_reports(store)
    read: list[str] = []  # the members asked for (from the database or kept in memory)
    real_members_of = linker._Batch.members_of

    def spy(self, conn, revisions):
        read.extend(revisions)
        return real_members_of(self, conn, revisions)

    monkeypatch.setattr(linker._Batch, "members_of", spy)
    d3, _ = _save(store, "Report three: JNIM fighters attacked soldiers at Aribinda on Monday, 3 dead.", BRIDGE)
    assert link_document(store, d3).relinked == 1
    assert read and not set(read) & far_incidents
