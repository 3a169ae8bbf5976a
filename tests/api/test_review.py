"""Analyst review through the API: audited, applied on read, and kept across re-extraction."""

from __future__ import annotations

from conflictwatch.store import Store
from conflictwatch.workflow import default_pipeline, extract_raw
from tests.api.conftest import auth


def _first(client) -> dict:
    return client.get("/api/events").json()["events"][0]


def test_correct_is_applied_filtered_and_audited(client, keys):
    e = _first(client)
    r = client.patch(f"/api/events/{e['event_id_cnty']}", json={"changes": {"fatalities": 41}, "reason": "MSF"},
                     headers=auth(keys["analyst"]))
    assert r.status_code == 200, r.text
    assert r.json()["fatalities"] == 41 and "fatalities" in r.json()["review"]["corrected"]
    hits = client.get("/api/events", params={"min_fatalities": 41}).json()["events"]
    assert [h["event_id_cnty"] for h in hits] == [e["event_id_cnty"]]
    csv_text = client.get("/api/events", params={"format": "csv", "min_fatalities": 41}).text
    assert ",41," in csv_text
    audit = client.get("/api/audit", params={"event_id": e["event_id_cnty"]}).json()["entries"]
    assert audit[0]["action"] == "correct" and audit[0]["before"] == e["fatalities"] and audit[0]["after"] == 41
    assert audit[0]["who"].startswith("test-analyst") and audit[0]["at"] and audit[0]["reason"] == "MSF"


def test_bad_corrections_are_refused(client, keys):
    e = _first(client)
    h = auth(keys["analyst"])
    for changes in ({"fatalities": "many"}, {"event_id_cnty": "X"}, {"latitude": 123}, {"event_date": "2019-02-30"}):
        r = client.patch(f"/api/events/{e['event_id_cnty']}", json={"changes": changes}, headers=h)
        assert r.status_code == 400, (changes, r.text)
    assert client.get("/api/audit").json()["entries"] == []


def test_reject_hides_and_reopen_restores(client, keys):
    e = _first(client)
    total = client.get("/api/events").json()["total"]
    h = auth(keys["analyst"])
    assert client.post(f"/api/events/{e['event_id_cnty']}/reject", json={"reason": "duplicate"}, headers=h).json()[
        "review"]["status"] == "rejected"
    assert client.get("/api/events").json()["total"] == total - 1
    assert client.get("/api/events", params={"include_rejected": True}).json()["total"] == total
    assert client.get("/api/events", params={"review_status": "rejected"}).json()["total"] == 1
    client.post(f"/api/events/{e['event_id_cnty']}/reopen", json={}, headers=h)
    assert client.get("/api/events").json()["total"] == total
    client.post(f"/api/events/{e['event_id_cnty']}/confirm", json={}, headers=h)
    assert client.get(f"/api/events/{e['event_id_cnty']}").json()["review"]["status"] == "confirmed"
    actions = [a["action"] for a in client.get("/api/audit").json()["entries"]]
    assert actions == ["confirm", "reopen", "reject"]


def test_correction_survives_re_extraction(client, keys, db_path):
    e = _first(client)
    client.patch(f"/api/events/{e['event_id_cnty']}", json={"changes": {"location": "Corrected Town"}},
                 headers=auth(keys["analyst"]))
    client.post(f"/api/events/{e['event_id_cnty']}/confirm", json={}, headers=auth(keys["analyst"]))
    # re-run extraction of the same document: the extractor's rows are replaced wholesale
    with Store.open(db_path) as store:
        raw = next(r for r in store.iter_raw() if r.id == e["doc_id"])
        ex = extract_raw(raw, default_pipeline())
        store.save_extraction(ex, extractor="test.rerun")
        assert any(ev.event_id_cnty == e["event_id_cnty"] and ev.location != "Corrected Town"
                   for ev in store.iter_events(doc_id=e["doc_id"]))
    again = client.get(f"/api/events/{e['event_id_cnty']}").json()
    assert again["location"] == "Corrected Town" and again["review"]["status"] == "confirmed"


def test_revert_brings_back_the_extracted_value(client, keys):
    e = _first(client)
    h = auth(keys["analyst"])
    client.patch(f"/api/events/{e['event_id_cnty']}", json={"changes": {"admin1": "Elsewhere"}}, headers=h)
    r = client.post(f"/api/events/{e['event_id_cnty']}/revert", json={"field": "admin1"}, headers=h)
    assert r.status_code == 200 and r.json()["admin1"] == e["admin1"]


def test_map_points_facets_and_pages_show_corrections_and_hide_rejections(client, keys):
    events = client.get("/api/events", params={"limit": 1000}).json()["events"]
    located = [e for e in events if e["latitude"] is not None]
    assert len(located) >= 3
    fixed, gone = located[0]["event_id_cnty"], located[1]["event_id_cnty"]
    h = auth(keys["analyst"])
    changes = {"fatalities": 77, "country": "Testland", "latitude": 1.5}
    assert client.patch(f"/api/events/{fixed}", json={"changes": changes}, headers=h).status_code == 200
    assert client.post(f"/api/events/{gone}/reject", json={}, headers=h).status_code == 200

    pts = client.get("/api/events/points").json()
    ids = pts["data"]["event_id_cnty"]
    # in the order of the event list (date, then id), the rejected one left out
    assert pts["count"] == len(ids) == len(located) - 1
    assert ids == [e["event_id_cnty"] for e in located if e["event_id_cnty"] != gone]
    i = ids.index(fixed)
    assert (pts["data"]["fatalities"][i], pts["data"]["country"][i], pts["data"]["latitude"][i]) == (77, "Testland", 1.5)
    assert client.get("/api/events/points", params={"country": "Testland"}).json()["data"]["event_id_cnty"] == [fixed]
    assert client.get("/api/events/points", params={"include_rejected": True}).json()["count"] == len(located)

    facets = client.get("/api/events/facets").json()
    assert facets["total"] == len(events) - 1
    assert {"value": "Testland", "count": 1} in facets["country"]
    assert sum(f["count"] for f in facets["country"]) == facets["total"]
    assert client.get("/api/events/facets", params={"include_rejected": True}).json()["total"] == len(events)

    page_ids = []
    cursor = None
    while True:  # small pages: the rejected event is skipped on whichever page it falls
        body = client.get("/api/events", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        page_ids += [e["event_id_cnty"] for e in body["events"]]
        assert body["total"] == len(events) - 1
        if not (cursor := body["next_cursor"]):
            break
    assert gone not in page_ids and len(page_ids) == len(set(page_ids)) == len(events) - 1
