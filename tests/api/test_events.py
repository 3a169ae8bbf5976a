"""Event reads over a real SQLite database filled by the pipeline on the bundled examples."""

from __future__ import annotations

import csv
import io

import pytest

from conflictwatch.export import COLUMNS


def _all(client, **params) -> list[dict]:
    return client.get("/api/events", params={"limit": 1000, **params}).json()["events"]


def test_list_has_events_with_evidence_and_review_state(client):
    body = client.get("/api/events").json()
    assert body["total"] == len(body["events"]) > 0
    first = body["events"][0]
    assert first["evidence"] and first["review"]["status"] == "unreviewed"
    dates = [e["event_date"] or "9999" for e in body["events"]]
    assert dates == sorted(dates)


def test_cursor_pages_cover_everything_once(client):
    everything = [e["event_id_cnty"] for e in _all(client)]
    seen, cursor, pages = [], None, 0
    while True:
        r = client.get("/api/events", params={"limit": 3, **({"cursor": cursor} if cursor else {})})
        body = r.json()
        seen += [e["event_id_cnty"] for e in body["events"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            assert "X-Next-Cursor" not in r.headers
            break
        assert r.headers["X-Next-Cursor"] == cursor and 'rel="next"' in r.headers["Link"]
    assert seen == everything and pages == -(-len(everything) // 3)


@pytest.mark.parametrize("name", ["country", "event_type", "network"])
def test_exact_filters(client, name):
    events = _all(client)
    key = "network1" if name == "network" else name
    value = next(e[key] for e in events if e[key])
    got = _all(client, **{name: value})
    assert got and len(got) < len(events) or len({e[key] for e in events}) == 1
    assert all(e[key] == value or (name == "network" and e["network2"] == value) for e in got)


def test_date_bbox_fatalities_actor_filters(client):
    events = _all(client)
    dated = sorted(e["event_date"] for e in events if e["event_date"])
    mid = dated[len(dated) // 2]
    assert all(e["event_date"] >= mid for e in _all(client, **{"from": mid}))
    assert all(e["event_date"] <= mid for e in _all(client, to=mid))
    located = [e for e in events if e["latitude"] is not None]
    e0 = located[0]
    box = f"{e0['longitude'] - 0.01},{e0['latitude'] - 0.01},{e0['longitude'] + 0.01},{e0['latitude'] + 0.01}"
    inside = _all(client, bbox=box)
    assert e0["event_id_cnty"] in {e["event_id_cnty"] for e in inside}
    assert all(abs(e["latitude"] - e0["latitude"]) <= 0.011 for e in inside)
    worst = max(e["fatalities"] for e in events)
    assert {e["event_id_cnty"] for e in _all(client, min_fatalities=worst)} == {
        e["event_id_cnty"] for e in events if e["fatalities"] >= worst}
    named = next(e for e in events if e["actor1"])
    word = named["actor1"].split()[0].lower()
    hits = _all(client, actor=word)
    assert named["event_id_cnty"] in {e["event_id_cnty"] for e in hits}


def test_full_text_search_over_sources(client):
    events = _all(client)
    doc = client.get(f"/api/documents/{events[0]['doc_id']}").json()
    word = max((w for w in doc["text"].split() if w.isalpha()), key=len)
    hits = _all(client, q=word)
    assert events[0]["event_id_cnty"] in {e["event_id_cnty"] for e in hits}
    assert _all(client, q="zzqxjunkwordnotinanysource") == []


def test_acled_csv_and_geojson(client):
    r = client.get("/api/events", params={"format": "csv", "limit": 5})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0])[: len(COLUMNS)] == list(COLUMNS) and len(rows) <= 5
    g = client.get("/api/events", params={"format": "geojson"})
    assert g.headers["content-type"].startswith("application/geo+json")
    body = g.json()
    assert body["type"] == "FeatureCollection" and body["features"]
    f = next(f for f in body["features"] if f["geometry"])
    assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2


def test_points_facets_networks(client):
    pts = client.get("/api/events/points").json()
    located = [e for e in _all(client) if e["latitude"] is not None]
    assert pts["count"] == len(located) == len(pts["data"]["event_id_cnty"])
    facets = client.get("/api/events/facets").json()
    assert sum(f["count"] for f in facets["country"]) == facets["total"]
    nets = client.get("/api/networks").json()["networks"]
    assert nets and all(n["color"].startswith("#") and len(n["color"]) == 7 for n in nets)
    assert len({n["color"] for n in nets}) == len(nets)


def test_one_event_and_its_document(client):
    e = _all(client)[0]
    one = client.get(f"/api/events/{e['event_id_cnty']}").json()
    assert one["event_id_cnty"] == e["event_id_cnty"] and one["audit"] == []
    doc = client.get(f"/api/documents/{e['doc_id']}").json()
    assert e["event_id_cnty"] in doc["events"] and doc["sources"]
    for ev in doc["evidence"]:
        assert doc["text"][ev["start"]:ev["end"]] == ev["text"]
    listed = client.get("/api/documents", params={"limit": 2}).json()
    assert len(listed["documents"]) == 2 and listed["next_cursor"]


def test_actors_and_places(client):
    actors = client.get("/api/actors").json()["actors"]
    assert actors and actors[0]["events"] >= 1
    one = client.get(f"/api/actors/{actors[0]['id']}").json()
    assert one["name"] == actors[0]["name"]
    places = client.get("/api/places").json()["places"]
    assert places and places[0]["events"] >= 1


def test_layers_and_alerts_say_not_available_or_answer(client):
    caps = client.get("/api/capabilities").json()
    for name, url in (("layers", "/api/layers"), ("alerts", "/api/alerts")):
        r = client.get(url)
        if caps[name]:
            assert r.status_code == 200
        else:
            assert r.status_code == 404 and r.json()["error"]["code"] == "not_available"


def test_network_colours_do_not_move_with_filters(client):
    every = {n["network"]: n["color"] for n in client.get("/api/networks").json()["networks"]}
    country = client.get("/api/events/facets").json()["country"][0]["value"]
    filtered = client.get("/api/networks", params={"country": country}).json()["networks"]
    some = {n["network"]: n["color"] for n in filtered}
    assert some and all(every[k] == v for k, v in some.items())
