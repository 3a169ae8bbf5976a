"""API keys: roles, hashing, and every write route in the OpenAPI spec needs a key."""

from __future__ import annotations

import sqlalchemy as sa

from conflictwatch.store import schema
from conflictwatch.store.keys import ApiKeys, role_allows
from tests.api.conftest import auth

WRITE_METHODS = {"post", "put", "patch", "delete"}


def _write_routes(spec: dict) -> list[tuple[str, str, dict]]:
    out = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in WRITE_METHODS:
                out.append((method.upper(), path, op))
    return out


def _fill(path: str) -> str:
    return path.replace("{event_id}", "NOPE").replace("{key_id}", "nope").replace("{incident_id}", "nope")


def test_openapi_is_served(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/events" in spec["paths"]
    assert _write_routes(spec), "there should be write routes to protect"


def test_every_write_route_needs_a_key(client, keys):
    spec = client.get("/openapi.json").json()
    routes = _write_routes(spec)
    assert {("PATCH", "/api/events/{event_id}"), ("POST", "/api/keys")} <= {(m, p) for m, p, _ in routes}
    for method, path, op in routes:
        url = _fill(path)
        assert op.get("security"), f"{method} {path} declares no security in OpenAPI"
        anon = client.request(method, url, json={})
        assert anon.status_code == 401, f"{method} {path} without a key gave {anon.status_code}"
        assert anon.json()["error"]["code"] == "key_required"
        bad = client.request(method, url, json={}, headers=auth("cw_0000_wrong"))
        assert bad.status_code == 401, f"{method} {path} with a bad key gave {bad.status_code}"
        reader = client.request(method, url, json={}, headers=auth(keys["read"]))
        assert reader.status_code == 403, f"{method} {path} with a read key gave {reader.status_code}"


def test_reads_are_open_by_default_and_closed_on_request(db_path):
    from fastapi.testclient import TestClient

    from conflictwatch.api import create_app

    with TestClient(create_app(db_path, serve_dashboard=False)) as c:
        assert c.get("/api/events").status_code == 200
    with TestClient(create_app(db_path, require_read_key=True, serve_dashboard=False)) as c:
        assert c.get("/api/events").status_code == 401
        token = ApiKeys(c.app.state.store).create("reader", "read")
        assert c.get("/api/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_keys_are_stored_hashed(client, keys):
    secret = keys["admin"].split("_", 2)[2]
    with client.app.state.store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(schema.api_keys)).mappings()]
    assert len(rows) == 3
    for row in rows:
        assert secret not in "".join(str(v) for v in row.values())
        assert len(row["hash"]) == 64 and len(row["salt"]) == 32
    assert len({r["salt"] for r in rows}) == 3  # one salt per key


def test_admin_creates_and_revokes_keys(client, keys):
    r = client.post("/api/keys", json={"name": "field team", "role": "analyst"}, headers=auth(keys["admin"]))
    assert r.status_code == 200, r.text
    token, key_id = r.json()["token"], r.json()["key_id"]
    assert client.get("/api/me", headers=auth(token)).json()["role"] == "analyst"
    listed = client.get("/api/keys", headers=auth(keys["admin"])).json()["keys"]
    assert any(k["key_id"] == key_id for k in listed) and all("hash" not in k for k in listed)
    assert client.post("/api/keys", json={"name": "x", "role": "read"}, headers=auth(keys["analyst"])).status_code == 403
    assert client.delete(f"/api/keys/{key_id}", headers=auth(keys["admin"])).status_code == 200
    assert client.get("/api/me", headers=auth(token)).status_code == 401


def test_role_order():
    assert role_allows("admin", "analyst") and role_allows("analyst", "read")
    assert not role_allows("read", "analyst") and not role_allows("analyst", "admin")


def test_a_checked_key_skips_scrypt_but_not_the_revocation_or_a_wrong_secret(db_path, monkeypatch):
    from conflictwatch.store import Store
    from conflictwatch.store import keys as keys_module

    with Store.open(db_path) as store:
        api = ApiKeys(store)
        token = api.create("amina", "analyst")
        calls = []
        real = keys_module._hash
        monkeypatch.setattr(keys_module, "_hash", lambda *a: calls.append(1) or real(*a))
        assert api.verify(token).role == "analyst" and len(calls) == 1
        assert api.verify(token).role == "analyst" and len(calls) == 1  # the same secret again: no scrypt
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        assert api.verify(forged) is None and len(calls) == 2  # a wrong secret always pays scrypt
        assert api.verify(token) is not None
        assert api.revoke(token.split("_")[1])
        assert api.verify(token) is None  # revoked: refused at once, though its secret was checked before
