"""Merge and split through the API call conflictwatch.dedup and are audited."""

from __future__ import annotations

from tests.api.conftest import auth


def test_merge_then_split(client, keys):
    caps = client.get("/api/capabilities").json()
    assert caps["merge"] and caps["split"]  # conflictwatch.dedup is part of the package
    a, b = [e["event_id_cnty"] for e in client.get("/api/events", params={"limit": 2}).json()["events"]]
    h = auth(keys["analyst"])
    assert client.post("/api/events/merge", json={"event_ids": [a, b]}, headers=h).status_code == 422  # reason needed
    r = client.post("/api/events/merge", json={"event_ids": [a, b], "reason": "same attack"}, headers=h)
    assert r.status_code == 200, r.text
    incident = client.get(f"/api/events/{a}").json()["incident"]
    assert incident and set(incident["events"]) >= {a, b}
    bad = client.post("/api/incidents/nope/split", json={"event_ids": [a], "reason": "x"}, headers=h)
    assert bad.status_code == 400 and set(bad.json()) == {"error"}
    r = client.post(f"/api/incidents/{incident['id']}/split", json={"event_ids": [b], "reason": "two attacks"},
                    headers=h)
    assert r.status_code == 200, r.text
    assert b not in client.get(f"/api/events/{a}").json()["incident"]["events"]
    actions = [x["action"] for x in client.get("/api/audit").json()["entries"]]
    assert "merge" in actions and "split" in actions
