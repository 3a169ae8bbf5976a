"""Incidents in the store: linking, same-report splits, incremental joins, idempotency, analyst undo."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from conflictwatch.dedup import (
    DedupError,
    deduplicate,
    get_incident,
    incident_of_event,
    iter_incidents,
    link_document,
    merge_events,
    sign_document,
    split_event,
    unmerge,
)
from conflictwatch.store import Store
from conflictwatch.store import incidents as q
from conflictwatch.store import schema

from tests.dedup.conftest import make_doc, save

WIRE = "DJIBO, Burkina Faso - JNIM militants attacked an army post in Djibo on Monday, killing 11 soldiers."
LOCAL = "Djibo: 9 soldiers killed. Gunmen attacked an army post in Djibo on Monday, a local official said."
NGO = "On March 7, armed men attacked an army post in Djibo. According to local sources, 12 soldiers were killed."
OTHER = "Gunmen attacked a village near Djibo on Thursday, killing seven civilians, residents said."


def _link_all(store, *docs):
    for d in docs:
        link_document(store, d.id)


def test_reports_of_one_incident_become_one_incident_with_all_sources_and_evidence(store):
    docs = [make_doc(WIRE), make_doc(LOCAL), make_doc(NGO)]
    save(store, docs[0], dict(fatalities=11))
    save(store, docs[1], dict(actor1="Unidentified Armed Group (Burkina Faso)", fatalities=9))
    save(store, docs[2], dict(actor1="Unidentified Armed Group (Burkina Faso)", fatalities=12, date="2022-03-07"))
    _link_all(store, *docs)
    incidents = list(iter_incidents(store))
    assert len(incidents) == 1
    inc = incidents[0]
    assert set(inc.sources) == {d.id for d in docs}
    assert inc.fatalities == 9 and inc.fatalities_low == 9 and inc.fatalities_high == 12
    assert inc.actor1.startswith("JNIM")
    assert len(inc.events) == 3 and all(e.evidence for e in inc.events)
    # every decision is logged with its features
    log = q.decisions(store, incident_id=inc.id)
    linked = [d for d in log if d["action"] == "link"]
    assert len(linked) == 2 and linked[0]["features"]["candidates"][0]["features"]["date"] > 0


def test_hard_negative_same_place_same_week_stays_apart(store):
    a, b = make_doc(WIRE), make_doc(OTHER)
    save(store, a, dict(fatalities=11))
    save(store, b, dict(date="2022-03-10", event_type="Violence against civilians", sub="Attack",
                        actor2="Civilians (Burkina Faso)", fatalities=7))
    _link_all(store, a, b)
    assert len(list(iter_incidents(store))) == 2
    new = q.decisions(store, event_id=next(iter(store.iter_events(doc_id=b.id))).event_id_cnty)[-1]
    assert new["action"] == "new" and "dates" in new["features"]["candidates"][0]["blocked"]


def test_a_report_of_two_attacks_yields_two_incidents(store):
    doc = make_doc("Two attacks: gunmen attacked an army post in Djibo and another one the same day.")
    save(store, doc, dict(fatalities=3), dict(fatalities=4))
    link_document(store, doc.id)
    assert q.count_incidents(store) == 2


def test_incremental_join_and_idempotent_reruns(store):
    a, b = make_doc(WIRE), make_doc(LOCAL)
    save(store, a, dict(fatalities=11))
    link_document(store, a.id)
    first = next(iter_incidents(store))
    n_decisions = len(q.decisions(store))
    # a new report arrives later: it joins the stored incident, nothing else is re-decided
    save(store, b, dict(actor1="Unidentified Armed Group (Burkina Faso)", fatalities=9))
    summary = link_document(store, b.id)
    assert summary.events == 1 and summary.linked == 1
    assert len(q.decisions(store)) == n_decisions + 1
    assert incident_of_event(store, next(iter(store.iter_events(doc_id=b.id))).event_id_cnty) == first.id
    # re-runs change nothing
    again = deduplicate(store)
    assert again.events == 0 and again.signed == 0
    link_document(store, b.id)
    assert len(q.decisions(store)) == n_decisions + 1
    assert q.count_incidents(store) == 1


def test_reextracted_document_goes_back_to_its_incident(store):
    a, b = make_doc(WIRE), make_doc(LOCAL)
    save(store, a, dict(fatalities=11))
    save(store, b, dict(fatalities=9))
    _link_all(store, a, b)
    save(store, b, dict(fatalities=9))  # re-extraction deletes and re-inserts b's events
    link_document(store, b.id)
    assert q.count_incidents(store) == 1


def test_split_stays_undone_on_reruns_and_reextraction(store):
    a, b, c = make_doc(WIRE), make_doc(LOCAL), make_doc(NGO)
    ea = save(store, a, dict(fatalities=11))[0]
    eb = save(store, b, dict(fatalities=9))[0]
    _link_all(store, a, b)
    inc = incident_of_event(store, ea.event_id_cnty)
    assert incident_of_event(store, eb.event_id_cnty) == inc
    new = split_event(store, inc, [eb.event_id_cnty], by="analyst@example.org", reason="two different posts")
    assert new != inc and incident_of_event(store, eb.event_id_cnty) == new
    # the document is extracted again (its memberships vanish) and linked again: still apart
    save(store, b, dict(fatalities=9))
    link_document(store, b.id)
    assert incident_of_event(store, eb.event_id_cnty) != incident_of_event(store, ea.event_id_cnty)
    deduplicate(store)
    assert incident_of_event(store, eb.event_id_cnty) != incident_of_event(store, ea.event_id_cnty)
    # a third report still joins the first incident
    save(store, c, dict(fatalities=12))
    link_document(store, c.id)
    assert q.count_incidents(store) == 2
    log = q.decisions(store, event_id=eb.event_id_cnty)
    assert any(d["action"] == "split" and d["by"] == "analyst@example.org" for d in log)


def test_unmerge_and_merge_are_kept(store):
    a, b = make_doc(WIRE), make_doc(OTHER)
    ea = save(store, a, dict(fatalities=11))[0]
    eb = save(store, b, dict(date="2022-03-10", fatalities=7))[0]
    _link_all(store, a, b)
    assert incident_of_event(store, ea.event_id_cnty) != incident_of_event(store, eb.event_id_cnty)
    target = merge_events(store, [ea.event_id_cnty, eb.event_id_cnty], by="ana", reason="same attack, date misreported")
    assert incident_of_event(store, eb.event_id_cnty) == target
    assert q.count_incidents(store) == 1  # the emptied incident is gone
    save(store, b, dict(date="2022-03-10", fatalities=7))  # re-extraction
    link_document(store, b.id)
    assert incident_of_event(store, eb.event_id_cnty) == target  # must-link wins over the score
    assert get_incident(store, target).fatalities == 7
    single = unmerge(store, eb.event_id_cnty, by="ana", reason="no, two attacks after all")
    assert single != target and q.count_incidents(store) == 2


def test_bad_requests_raise_typed_errors(store):
    a, b = make_doc(WIRE), make_doc(LOCAL)
    ea = save(store, a, dict())[0]
    eb = save(store, b, dict())[0]
    _link_all(store, a, b)
    inc = incident_of_event(store, ea.event_id_cnty)
    with pytest.raises(DedupError, match="no such event"):
        merge_events(store, [ea.event_id_cnty, "NOPE"], by="x", reason="y")
    with pytest.raises(DedupError, match="empty"):
        split_event(store, inc, [ea.event_id_cnty, eb.event_id_cnty], by="x", reason="y")
    with pytest.raises(DedupError, match="who"):
        split_event(store, inc, [ea.event_id_cnty], by="", reason="y")
    with pytest.raises(DedupError, match="no such incident"):
        split_event(store, "CWINOPE", [ea.event_id_cnty], by="x", reason="y")


def test_near_duplicate_copy_is_a_source_and_reuses_the_canonical_incident(store):
    wire = (WIRE + " The assailants came on motorbikes shortly before dawn and set fire to two vehicles. "
            "The group claimed the attack in a statement. Burkina Faso has faced an insurgency for years, "
            "with attacks spreading from the north to the rest of the country.")
    copy = wire.replace("for years", "for several years") + " (Republished with permission.)"
    a, b = make_doc(wire), make_doc(copy)
    save(store, a, dict(fatalities=11))
    # the copy's own extraction came out worse (another day, no toll): it still joins via the canonical
    save(store, b, dict(fatalities=0, date="2022-03-08", geo_precision=2))
    s1 = link_document(store, a.id)
    s2 = link_document(store, b.id)
    assert s1.copies == 0 and s2.copies == 1
    assert q.count_incidents(store) == 1
    inc = next(iter_incidents(store))
    assert set(inc.sources) == {a.id, b.id}
    with q.reading(store) as conn:
        assert q.get_signature(conn, b.id)["copy_of"] == a.id


def test_migration_2_upgrades_a_version_1_database(tmp_path):
    from conflictwatch.store import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # a database as version 1 made it: only the version-1 tables
        for t in schema.metadata.sorted_tables:
            if t not in schema.INCIDENT_TABLES:
                t.create(conn)
        conn.execute(sa.insert(schema.schema_migrations), {"version": 1, "name": "initial", "applied_at": "2024-01-01"})
    engine.dispose()
    with Store.open(url) as s:
        assert s.schema_version == MIGRATIONS[-1].version >= 2
        assert q.count_incidents(s) == 0
    names = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert {"incidents", "incident_events", "dedup_decisions", "dedup_constraints", "document_signatures"} <= names


def test_workflow_hook_never_stops_a_run(tmp_path, monkeypatch, caplog):
    """A failure inside dedup is logged; the document still counts as processed."""
    from conflictwatch import workflow
    from conflictwatch.errors import StoreError

    def boom(store, doc_ids):
        raise StoreError("disk full")

    monkeypatch.setattr("conflictwatch.dedup.link_documents", boom)
    with Store.open(tmp_path / "w.db") as s:
        doc = make_doc(WIRE)
        save(s, doc, dict())
        workflow._link_incidents(s, [doc.id])  # must not raise
    assert "disk full" in caplog.text and "dedup run" in caplog.text


def test_a_copy_points_at_the_most_similar_document_that_keeps_its_facts(store):
    """Among several signed documents sharing buckets, the copy's original is the most similar one
    whose facts it keeps: a closer template with another toll and place does not win."""
    base = (WIRE + " The assailants came on motorbikes shortly before dawn and set fire to two vehicles. "
            "The group claimed the attack in a statement. Burkina Faso has faced an insurgency for years, "
            "with attacks spreading from the north to the rest of the country.")
    template = base.replace("11", "6").replace("Djibo", "Aribinda")  # same wording, other facts
    original = base + " (Agence de presse.)"
    copy = base + " (Agence de presse, republished.)"
    docs = [make_doc(t) for t in (template, original, copy)]
    assert "11" in base and "Djibo" in base  # the template really changes facts
    for d in docs:
        save(store, d, dict(fatalities=1))
    assert sign_document(store, docs[0].id, template) is None
    assert sign_document(store, docs[1].id, original) is None  # the template is not its copy
    assert sign_document(store, docs[2].id, copy) == docs[1].id


def test_copies_are_looked_for_among_documents_published_near_each_other(store):
    """A document published more than the window's days from another is not compared with it (the
    search stays the same size as the store grows); within the window, or with either date unknown,
    it is."""
    from conflictwatch.dedup.settings import default_settings
    from conflictwatch.records import PublicationDate

    window = default_settings().near_dup_window_days
    assert window is not None and window > 0
    texts = [WIRE + f" (Agence de presse, {w} edition.)" for w in ("first", "second", "third", "fourth", "fifth")]
    docs = [make_doc(t) for t in texts]
    for d in docs:
        save(store, d, dict(fatalities=1))
    assert sign_document(store, docs[0].id, texts[0], published="2020-01-10") is None
    # published long after: not compared, so not taken for a copy
    assert sign_document(store, docs[1].id, texts[1], published="2021-06-01") is None
    # within the window (after either dated one): a copy of the first signed document near it
    near = (dt.date(2020, 1, 10) + dt.timedelta(days=window)).isoformat()
    assert sign_document(store, docs[2].id, texts[2], published=near) == docs[0].id
    # undated: compared with every document
    assert sign_document(store, docs[3].id, texts[3]) == docs[0].id
    # dated far from both dated ones, yet an undated document is a candidate (the first of its chain)
    assert sign_document(store, docs[4].id, texts[4], published="2023-03-03") == docs[0].id
    # a guessed year or a month is no sure day: compared with every document (the first is in another year)
    for word, published in (("late", PublicationDate(value="2019-01-10", precision=1, year_inferred=True)),
                            ("later", PublicationDate(value="2019-01-01", precision=3))):
        extra = make_doc(WIRE + f" (Agence de presse, {word} edition.)", published=published.value)
        save(store, extra, dict(fatalities=1))
        assert sign_document(store, extra.id, extra.text, published=published) == docs[0].id
    with q.reading(store) as conn:
        days = dict(conn.execute(sa.select(schema.document_bands.c.doc_id, schema.document_bands.c.day)).all())
    assert days[docs[0].id] == "2020-01-10" and days[docs[3].id] is None


def test_reextraction_deletes_the_incidents_it_leaves_empty_and_no_other(store):
    """Re-extracting a document whose events were alone in their incidents deletes those incidents
    with the events (no pass over the whole table is needed later); others keep theirs."""
    a, b = make_doc(WIRE), make_doc(WIRE + " More later.")
    save(store, a, dict(fatalities=11))
    save(store, b, dict(date="2022-05-20", place="Kaya"))  # another incident
    link_document(store, a.id)
    link_document(store, b.id)
    with q.reading(store) as conn:
        before = set(conn.execute(sa.select(schema.incidents.c.id)).scalars())
    assert len(before) == 2
    save(store, a)  # re-extracted: no event any more
    with q.reading(store) as conn:
        after = set(conn.execute(sa.select(schema.incidents.c.id)).scalars())
        left = conn.execute(sa.select(sa.func.count()).select_from(schema.incident_events)).scalar()
    assert len(after) == 1 and after < before and left == 1
