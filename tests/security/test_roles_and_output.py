"""Roles on every write route (walked from the app itself, hidden routes too); CSV formula injection through the
API; XSS payloads escaped in HTML reports and in the API's JSON."""

from __future__ import annotations

import csv
import io
import re

from conflictwatch.api.hardening import DASHBOARD_CSP
from tests.api.conftest import auth
from tests.security.payloads import FORMULAS, XSS

ADMIN_PREFIX = "/api/keys"


def _routes(routes, prefix: str = ""):
    """(method, path) of every route, descending into included routers (FastAPI wraps them)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes, prefix + route.include_context.prefix)
        elif getattr(route, "methods", None):
            for method in route.methods:
                yield method, prefix + route.path


def _fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "NOPE", path)


def test_every_write_route_of_the_app_needs_the_right_role(client, keys):
    """Walks ``app.routes`` (not only the OpenAPI spec, so a route left out of the schema is caught too)."""
    writes = [(m, p) for m, p in _routes(client.app.routes) if m not in ("GET", "HEAD", "OPTIONS")]
    assert len(writes) >= 7
    for method, path in writes:
        url = _fill(path)
        assert client.request(method, url, json={}).status_code == 401, (method, path)
        assert client.request(method, url, json={}, headers=auth(keys["read"])).status_code == 403, (method, path)
        analyst = client.request(method, url, json={}, headers=auth(keys["analyst"]))
        if path.startswith(ADMIN_PREFIX):
            assert analyst.status_code == 403, (method, path)
        else:
            assert analyst.status_code in (400, 404, 422), (method, path, analyst.status_code)
    # only the key routes are admin's, and GET /api/keys (secrets' metadata) is admin-only too
    assert client.get("/api/keys", headers=auth(keys["analyst"])).status_code == 403
    assert client.get("/api/keys").status_code == 401


def test_no_write_through_method_override_or_head(client, keys):
    event_id = client.get("/api/events").json()["events"][0]["event_id_cnty"]
    r = client.get(f"/api/events/{event_id}/confirm", headers={"X-HTTP-Method-Override": "POST"})
    assert r.status_code in (404, 405)
    r = client.request("HEAD", f"/api/events/{event_id}/confirm")
    assert r.status_code in (404, 405)
    assert client.get(f"/api/events/{event_id}").json()["review"]["status"] == "unreviewed"


def test_revoked_and_forged_keys_cannot_write(client, keys):
    event_id = client.get("/api/events").json()["events"][0]["event_id_cnty"]
    key_id = keys["analyst"].split("_", 2)[1]
    assert client.delete(f"/api/keys/{key_id}", headers=auth(keys["admin"])).status_code == 200
    assert client.post(f"/api/events/{event_id}/confirm", json={}, headers=auth(keys["analyst"])).status_code == 401
    forged = f"cw_{keys['admin'].split('_', 2)[1]}_{'0' * 20}"  # a real id with a guessed secret
    assert client.post("/api/keys", json={"name": "x", "role": "admin"}, headers=auth(forged)).status_code == 401
    bearer = {"Authorization": f"Bearer {keys['read']}"}
    assert client.post(f"/api/events/{event_id}/confirm", json={}, headers=bearer).status_code == 403


def _csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_api_csv_neutralises_formulas(hostile_client, keys):
    r = hostile_client.get("/api/events", params={"format": "csv", "limit": 1000, "country": "Burkina Faso"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    cells = _csv_cells(r.text)
    for formula in FORMULAS:
        assert not any(c.startswith(formula[:3]) and c.startswith(formula) for c in cells), formula
    dangerous = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff20")]
    assert dangerous == [], dangerous[:5]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    # numbers are not touched (a negative longitude stays a number)
    assert any(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in cells)


def test_analyst_correction_with_a_formula_is_neutralised_in_csv(client, keys):
    event_id = client.get("/api/events").json()["events"][0]["event_id_cnty"]
    r = client.patch(f"/api/events/{event_id}", json={"changes": {"actor1": "=cmd|' /C calc'!A0"}},
                     headers=auth(keys["analyst"]))
    assert r.status_code == 200, r.text
    text = client.get("/api/events", params={"format": "csv", "doc_id": r.json()["doc_id"]}).text
    assert "'=cmd|" in text and not any(c.startswith("=") for c in _csv_cells(text))


def test_hostile_strings_come_back_as_json_data(hostile_client):
    r = hostile_client.get("/api/events", params={"limit": 1000, "country": "Burkina Faso"})
    assert r.headers["content-type"].startswith("application/json")
    actors = {e["actor1"] for e in r.json()["events"]}
    assert set(XSS) <= actors  # stored and served verbatim, as data; escaping is the renderer's job
    assert r.headers["content-security-policy"] == DASHBOARD_CSP


def test_html_report_escapes_hostile_actor_names_places_and_notes(hostile_db, tmp_path):
    from conflictwatch.reports import build_brief, render_html
    from conflictwatch.store import Store

    with Store.open(hostile_db) as store:
        html = render_html(build_brief(store, "BF", "2019-01-01", "2019-12-31", top=50))
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    assert tree.xpath("//script|//img|//iframe|//object|//embed|//a[starts-with(@href, 'javascript')]") == []
    handlers = [(el.tag, a) for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    assert handlers == []
    assert [h for h in tree.xpath("//@href") if not h.startswith(("http://", "https://", "#"))] == []
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "window.__pwned" in html  # the text is there, inert


def test_html_report_never_links_non_http_urls(hostile_db):
    from conflictwatch.reports.render import _link

    assert "<a" not in _link("javascript:alert(1)")
    assert "<a" not in _link("data:text/html,<script>alert(1)</script>")
    assert _link('https://example.org/"><script>').count("<script") == 0
