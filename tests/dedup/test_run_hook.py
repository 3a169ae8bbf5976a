"""End to end: ``workflow.run`` puts events into incidents; a syndicated copy is one more source."""

from __future__ import annotations

from conflictwatch.dedup import iter_incidents
from conflictwatch.store import Store
from conflictwatch.store import incidents as q
from conflictwatch.workflow import run

STORY = """DJIBO, Burkina Faso - Suspected JNIM militants attacked an army post in Djibo, in Soum province, on Monday, killing 11 soldiers, security sources said on Wednesday.

The assailants came on motorbikes shortly before dawn and set fire to two vehicles. The group claimed the attack in a statement on social media.

Burkina Faso has faced a jihadist insurgency for years, with attacks spreading from the north to other regions.

Published 9 March 2022
"""
OTHER_OUTLET = """Djibo: soldiers killed

Gunmen attacked an army post in Djibo on Monday. At least 9 soldiers were killed, a local official said.

Published 8 March 2022
"""


def test_run_links_reports_and_copies_into_one_incident(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-wire.txt").write_text(STORY)
    (src / "b-copy.txt").write_text(STORY.replace("for years", "for several years") + "\n(Republished with permission.)\n")
    (src / "c-local.txt").write_text(OTHER_OUTLET)
    with Store.open(tmp_path / "cw.db") as store:
        summary = run([src], store)
        # the copy is not extracted: it becomes a source of the original's incident
        assert (summary.processed, summary.copies, summary.failed) == (2, 1, 0)
        incidents = list(iter_incidents(store))
        djibo = [i for i in incidents if i.location == "Djibo"]
        assert len(djibo) == 1, [(i.location, i.event_date) for i in incidents]
        assert djibo[0].fatalities == 9 and djibo[0].fatalities_high == 11
        assert len(djibo[0].sources) == 3
        with q.reading(store) as conn:
            copies = q.copies_of(conn, djibo[0].sources)
        assert sum(len(v) for v in copies.values()) == 1
        before = q.count_incidents(store), len(q.decisions(store))
        again = run([src], store)  # re-run: nothing new
        assert (again.processed, again.copies, again.skipped) == (0, 0, 3)
        assert (q.count_incidents(store), len(q.decisions(store))) == before


def _copy_inputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-wire.txt").write_text(STORY)
    (src / "b-copy.txt").write_text(STORY.replace("for years", "for several years") + "\n(Republished with permission.)\n")
    return src


def test_a_copy_is_not_extracted_and_has_no_events_of_its_own(tmp_path, monkeypatch):
    import conflictwatch.workflow as wf

    src = _copy_inputs(tmp_path)
    extracted: list[str] = []
    real = wf.extract_safely

    def spy(raw, nlp=None, doc=None):
        extracted.append(raw.uri)
        return real(raw, nlp, doc)

    monkeypatch.setattr(wf, "extract_safely", spy)
    with Store.open(tmp_path / "cw.db") as store:
        summary = run([src], store)
        assert [u.rsplit("/", 1)[-1] for u in extracted] == ["a-wire.txt"]
        assert summary.copies == 1
        assert any("near-duplicate copies" in line for line in summary.lines())
        events = list(store.iter_events())
        assert events and len({e.doc_id for e in events}) == 1  # only the original's events
        (inc,) = [i for i in iter_incidents(store) if i.location == "Djibo"]
        assert len(inc.sources) == 2 and len(inc.events) == len([e for e in events if e.location == "Djibo"])
        with q.reading(store) as conn:
            copies = q.copies_of(conn, [events[0].doc_id])
        copy_id = copies[events[0].doc_id][0]
        assert store.get_document(copy_id)["status"] == "processed"
        assert list(store.iter_events(doc_id=copy_id)) == []


def test_a_template_alike_report_with_other_facts_is_not_a_copy(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(STORY)
    # the same outlet's wording, another incident: other town, other toll, other day
    (src / "b.txt").write_text(STORY.replace("Djibo", "Aribinda").replace("DJIBO", "ARIBINDA")
                               .replace("11 soldiers", "6 soldiers").replace("on Monday", "on Tuesday"))
    with Store.open(tmp_path / "cw.db") as store:
        summary = run([src], store)
        assert (summary.processed, summary.copies) == (2, 0)
        assert {e.location for e in store.iter_events()} >= {"Djibo", "Aribinda"}


def test_a_failing_copy_check_never_stops_the_run(tmp_path, monkeypatch):
    import conflictwatch.dedup as dedup
    from conflictwatch.errors import StoreError

    def broken(*args, **kwargs):
        raise StoreError("sqlite:///x: signature table is gone")

    monkeypatch.setattr(dedup, "sign_document", broken)
    monkeypatch.setattr(dedup, "deduplicate", broken)
    src = _copy_inputs(tmp_path)
    with Store.open(tmp_path / "cw.db") as store:
        summary = run([src], store)
        # without the check both documents are extracted, as before deduplication existed
        assert (summary.processed, summary.copies, summary.failed) == (2, 0, 0)
        assert summary.events >= 2


def test_run_places_events_left_outside_incidents_by_an_older_database(tmp_path, monkeypatch):
    import conflictwatch.dedup as dedup

    src = tmp_path / "in"
    src.mkdir()
    (src / "a-wire.txt").write_text(STORY)
    (src / "c-local.txt").write_text(OTHER_OUTLET)
    with Store.open(tmp_path / "cw.db") as store:
        # an older version: events stored, no incidents
        monkeypatch.setattr(dedup, "link_documents", lambda store, doc_ids: None)
        monkeypatch.setattr(dedup, "deduplicate", lambda store: None)
        run([src], store)
        assert q.count_incidents(store) == 0 and list(store.iter_events())
        monkeypatch.undo()
        (src / "d-new.txt").write_text("Unrelated: the harvest was good in the south this year.\n")
        run([src], store)
        placed = {e.event_id_cnty for i in iter_incidents(store) for e in i.events}
        assert placed == {e.event_id_cnty for e in store.iter_events()}
        assert len([i for i in iter_incidents(store) if i.location == "Djibo"]) == 1


def _linking_outcome(store):
    import sqlalchemy as sa

    with q.reading(store) as conn:
        members = conn.execute(sa.text("select event_id, incident_id, how, score from incident_events order by event_id")).all()
        decisions = conn.execute(sa.text(
            "select event_id, incident_id, action, score, features, reason from dedup_decisions order by event_id, id")).all()
        rows = conn.execute(sa.text("select * from incidents order by id")).mappings().all()
    return members, decisions, [{k: v for k, v in r.items() if k not in ("updated_at", "revision")} for r in rows]


def test_linking_saved_documents_in_groups_decides_as_one_by_one(tmp_path, monkeypatch):
    """run() links the documents it saves in groups (one transaction, members read once): the
    incidents, link scores, merged rows and audit are those of linking each document as it is saved."""
    import json
    from pathlib import Path

    import conflictwatch.workflow as wf

    bench = Path(__file__).resolve().parents[2] / "data" / "dedup-benchmark" / "benchmark.jsonl"
    reports = [json.loads(line) for line in bench.read_text(encoding="utf-8").splitlines()[:72]]
    src = tmp_path / "in"
    src.mkdir()
    with open(src / "reports.jsonl", "w", encoding="utf-8") as fh:
        for r in reports:
            fh.write(json.dumps({"id": r["id"], "text": r["text"], "published": r["published"]}) + "\n")
        # a syndicated copy in the middle of a group: linked documents are flushed before it attaches
        fh.write(json.dumps({"id": "copy", "text": reports[3]["text"] + "\n(Republished with permission.)",
                             "published": reports[3]["published"]}) + "\n")
    outcomes = []
    for size in (1, 16):
        monkeypatch.setattr(wf, "LINK_GROUP", size)
        with Store.open(tmp_path / f"g{size}.db") as store:
            summary = run([src], store)
            assert summary.copies == 1 and summary.failed == 0
            outcomes.append(_linking_outcome(store))
    one_by_one, grouped = outcomes
    assert len(one_by_one[0]) > 60 and 8 <= len(one_by_one[2]) < 40  # reports of 12 incidents
    assert grouped == one_by_one
