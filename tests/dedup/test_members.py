"""Linking reads light members and a bounded candidate set, and decides exactly as a full scan would.

The reference below is the linker's rule written the slow way (every stored incident, every member
as a full event record, member by member); the store's linker must reach the same incidents, link
scores and merged rows on seeded random reports, some undated, unlocated, imprecise or far away.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random

import pytest

from conflictwatch.dedup import compare, link_document, merge_fields, refresh_incident
from conflictwatch.dedup.members import Member, load, max_reach_km, member_of, ruled_out, unassigned
from conflictwatch.dedup.settings import default_settings
from conflictwatch.records import Event, Extraction
from conflictwatch.store import SCHEMA_VERSION, Store
from conflictwatch.store import incidents as q

from tests.dedup.conftest import make_doc, make_event

TOWNS = {  # made-up spread around the Sahel: (lat, lon, admin1, country)
    "A": (14.10, -1.63, "Sahel", "Burkina Faso"),
    "B": (14.18, -1.55, "Sahel", "Burkina Faso"),  # ~12 km from A
    "C": (14.40, -1.20, "Sahel", "Burkina Faso"),  # ~55 km from A
    "D": (13.09, -1.08, "Centre-Nord", "Burkina Faso"),
    "E": (14.60, -0.40, "Sahel", "Burkina Faso"),  # ~140 km from A
    "F": (15.03, -1.95, "Mopti", "Mali"),
    "G": (16.27, -0.04, "Gao", "Mali"),
}
TYPES = [("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Protests", "Peaceful protest")]
ACTORS = ["JNIM: Group for Support of Islam and Muslims", "Islamic State (Greater Sahara)",
          "Unidentified Armed Group (Burkina Faso)", "Military Forces of Burkina Faso (2015-2022)"]


def _random_event(rng: random.Random, doc_id: str, seq: int) -> Event:
    town = rng.choice(list(TOWNS))
    lat, lon, admin1, country = TOWNS[town]
    etype, sub = rng.choice(TYPES)
    day = 5 + rng.randrange(6)
    ev = make_event(doc_id, seq=seq, date=f"2022-03-{day:02d}", precision=rng.choice((1, 1, 1, 2, 3)),
                    geo_precision=rng.choice((1, 1, 2, 3)), event_type=etype, sub=sub,
                    actor1=rng.choice(ACTORS), fatalities=rng.choice((0, 0, 3, 5, 12)))
    changes = dict(country=country, admin1=admin1, location=town, latitude=lat, longitude=lon)
    roll = rng.random()
    if roll < 0.12:  # no coordinates (country or region only)
        changes.update(latitude=None, longitude=None, location="", admin1=rng.choice((admin1, "")))
    elif roll < 0.2:  # undated
        changes.update(event_date=None, date_end=None, year=None)
    elif roll < 0.25:  # no country either
        changes.update(country="", admin1="", latitude=None, longitude=None, location="")
    return Event.from_dict({**ev.to_dict(), **changes, "evidence": ev.evidence})


def _save_random_docs(store: Store, rng: random.Random, n_docs: int) -> list[str]:
    ids = []
    for n in range(n_docs):
        words = " ".join(hashlib.sha1(f"{n}-{k}".encode()).hexdigest()[:8] for k in range(12))
        doc = make_doc(f"Report {n}: {words}.")  # no two alike: no near-duplicate copies here
        events = tuple(_random_event(rng, doc.id, i) for i in range(rng.choice((1, 1, 2, 3))))
        store.save_extraction(Extraction(document=doc, events=events), "test-extractor")
        ids.append(doc.id)
    return ids


def _reference(events_in_order: list[list[Event]]) -> dict[str, tuple[str, float | None]]:
    """Member-by-member linking over every incident (the rule of dedup.linker, without any bound),
    then re-linking written the slow way: the incident the event joined and each other incident it is
    compatible with (best first) merge when every cross pair of members is compatible, no report is on
    both sides and the best cross pair reaches the re-link threshold; the larger keeps its id."""
    s = default_settings()
    incidents: dict[str, list[Event]] = {}
    placed: dict[str, tuple[str, float | None]] = {}
    for batch in events_in_order:
        for ev in sorted(batch, key=lambda e: (e.event_date or "9999-99-99", e.doc_id, e.event_id_cnty)):
            ranked = []
            for inc_id in sorted(incidents):
                best, ok = None, True
                for m in incidents[inc_id]:
                    pair = compare(ev, m, s)
                    if m.doc_id == ev.doc_id or not pair.compatible:
                        ok = False
                        break
                    if best is None or pair.score > best:
                        best = pair.score
                if ok and best is not None:
                    ranked.append((best, inc_id))
            ranked.sort(key=lambda r: r[0], reverse=True)
            if ranked and ranked[0][0] >= s.threshold:
                score, target = max(ranked, key=lambda r: r[0])
            else:
                score, target = None, "CWI" + hashlib.sha1(ev.event_id_cnty.encode()).hexdigest()[:12].upper()
            incidents.setdefault(target, []).append(ev)
            placed[ev.event_id_cnty] = (target, score)
            keep = target
            for _, other in ranked:
                if other == keep or other not in incidents or not s.relink:
                    continue
                a, b = incidents[keep], incidents[other]
                if {m.doc_id for m in a} & {m.doc_id for m in b}:
                    continue
                pairs = [compare(x, y, s) for x in a for y in b]
                if not all(p.compatible for p in pairs) or max(p.score for p in pairs) < s.relink_threshold:
                    continue
                into, gone = (other, keep) if len(b) >= len(a) else (keep, other)
                best = max(p.score for p in pairs)
                for m in incidents[gone]:
                    placed[m.event_id_cnty] = (into, best)
                incidents[into] = incidents[into] + incidents.pop(gone)
                keep = into
    return placed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_linking_matches_a_full_member_by_member_scan(store, seed):
    rng = random.Random(seed)
    doc_ids = _save_random_docs(store, rng, 40)
    per_doc = [list(store.iter_events(doc_id=d)) for d in doc_ids]
    for d in doc_ids:
        link_document(store, d)
    expected = _reference(per_doc)
    with q.reading(store) as conn:
        got = {e.event_id_cnty: q.incident_of(conn, e.event_id_cnty) for evs in per_doc for e in evs}
    assert got == {k: v[0] for k, v in expected.items()}
    scores = {d["event_id"]: d["score"] for d in q.decisions(store)}
    assert scores == {k: v[1] for k, v in expected.items()}
    assert len(set(got.values())) < len(got)  # some reports were linked: the check is not vacuous
    # every merged row is what merge_fields gives over the full records of its members
    s = default_settings()
    for row in q.iter_incident_rows(store):
        full = [m[0] for m in q.members(store, [row["id"]])[row["id"]]]
        want = merge_fields(row["id"], full, (), s.unidentified_prefixes)
        assert {k: row[k] for k in want} == want


def test_row_never_rules_out_an_incident_that_every_member_accepts():
    rng = random.Random(7)
    s = default_settings()
    ruled = 0
    for n in range(600):
        group = [_random_event(rng, f"doc{n}x{k}", k) for k in range(rng.choice((1, 2, 3)))]
        ev = _random_event(rng, f"new{n}", 0)
        why = ruled_out(ev, merge_fields("CWI1", group), s)
        if why is not None:
            ruled += 1
            assert any(not compare(ev, m, s).compatible for m in group), (why, ev, group)
    assert ruled > 50  # the bound does rule incidents out


def test_candidate_rows_keep_every_incident_within_reach(store):
    """The SQL bound (date window, country, degree box, admin1) is a superset of what compare() allows."""
    rng = random.Random(11)
    s = default_settings()
    for d in _save_random_docs(store, rng, 30):
        link_document(store, d)
    rows = q.iter_incident_rows(store)
    assert len(rows) > 10
    from conflictwatch.dedup.linker import _precision_windows, _window_bounds

    exact = dataclasses.replace(s, audit_near_miss_days=0)  # the windows alone, no audit margin
    narrowed = 0
    for n in range(300):
        ev = _random_event(rng, f"probe{n}", 0)
        lo, hi = _window_bounds(ev, s)
        args = (ev.country or None, ev.admin1 or None, ev.latitude, ev.longitude, max_reach_km(s))
        with q.reading(store) as conn:
            broad = {r.id for r in q.candidate_rows(conn, lo, hi, *args)}
            found = {r.id for r in q.candidate_rows(conn, lo, hi, *args, _precision_windows(ev, exact))}
        assert found <= broad
        narrowed += len(broad - found)
        for row in rows:
            if row["id"] not in found:
                assert ruled_out(ev, row, s) is not None, (ev, row)
    assert narrowed > 0  # the windows of each time precision do leave incidents out


def test_light_members_compare_and_merge_like_full_records(store):
    doc = make_doc("DJIBO - Gunmen attacked an army post in Djibo on Monday, killing 11 soldiers.")
    full = [make_event(doc.id, seq=0, fatalities=11), make_event(doc.id, seq=1, place="Kaya", precision=2)]
    store.save_extraction(Extraction(document=doc, events=tuple(full)), "test-extractor")
    light = unassigned(store, [doc.id])
    assert [m.event_id_cnty for m in light] == [e.event_id_cnty for e in full]
    assert all(isinstance(m, Member) for m in light) and member_of(light[0]) is light[0]
    s = default_settings()
    probe = make_event("other", place="Djibo", fatalities=9)
    for m, e in zip(light, full):
        assert compare(probe, m, s) == compare(probe, e, s)
    assert merge_fields("X", light) == merge_fields("X", full)


def test_refresh_rereads_members_without_evidence_and_prunes_empty(store):
    a, b = make_doc("Report A on Djibo."), make_doc("Report B on Djibo.")
    for d, kw in ((a, dict(fatalities=11)), (b, dict(fatalities=9))):
        store.save_extraction(Extraction(document=d, events=(make_event(d.id, seq=0, **kw),)), "test-extractor")
    link_document(store, a.id)
    link_document(store, b.id)
    rows = q.iter_incident_rows(store)
    assert len(rows) == 1 and rows[0]["n_events"] == 2 and rows[0]["fatalities"] == 9
    inc = rows[0]["id"]
    with q.writing(store) as conn:
        conn.execute(q._s.incidents.update().where(q._s.incidents.c.id == inc).values(fatalities=99))
    refresh_incident(store, inc)
    assert q.iter_incident_rows(store)[0]["fatalities"] == 9
    with q.reading(store) as conn:
        assert len(load(conn, [inc])[inc].members) == 2


def test_migration_5_adds_the_incident_place_index(store):
    import sqlalchemy as sa

    assert SCHEMA_VERSION >= 5
    names = {ix["name"] for ix in sa.inspect(store.engine).get_indexes("incidents")}
    assert "ix_incidents_country_lat_lon" in names
