"""Security headers (CSP), request size limit and rate limit on the API and the dashboard."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conflictwatch.api import create_app
from conflictwatch.api.hardening import DASHBOARD_CSP, RateLimitPolicy, parse_rate_limit
from tests.api.conftest import auth


def _csp(value: str) -> dict[str, str]:
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0]] = " ".join(words[1:])
    return out


@pytest.mark.parametrize("path", ["/", "/api/events", "/api/health", "/api/events/NOPE", "/openapi.json",
                                  "/nope.js"])
def test_every_response_has_the_security_headers(client, path):
    r = client.get(path)
    csp = _csp(r.headers["content-security-policy"])
    assert csp["script-src"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'" and csp["base-uri"] == "'none'"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_dashboard_page_gets_the_strict_policy(client):
    r = client.get("/")
    assert r.status_code == 200 and "<html" in r.text
    assert r.headers["content-security-policy"] == DASHBOARD_CSP


def test_error_responses_keep_the_headers(client, keys):
    r = client.post("/api/events/NOPE/confirm", json={})
    assert r.status_code == 401 and "content-security-policy" in r.headers


def test_declared_body_over_the_limit_is_refused_before_the_route(db_path, keys):
    with TestClient(create_app(db_path, serve_dashboard=False, max_body=1000)) as c:
        token = c.app.state.store and __import__("conflictwatch.store.keys", fromlist=["ApiKeys"]).ApiKeys(
            c.app.state.store).create("a", "analyst")
        event_id = c.get("/api/events").json()["events"][0]["event_id_cnty"]
        big = {"reason": "x" * 1500}
        r = c.post(f"/api/events/{event_id}/confirm", json=big, headers=auth(token))
        assert r.status_code == 413
        body = r.json()["error"]
        assert body["code"] == "payload_too_large" and "1000 bytes" in body["message"]
        assert "content-security-policy" in r.headers
        # nothing was written
        assert c.get(f"/api/events/{event_id}").json()["review"]["status"] == "unreviewed"
        small = c.post(f"/api/events/{event_id}/confirm", json={"reason": "ok"}, headers=auth(token))
        assert small.status_code == 200


def test_streamed_body_over_the_limit_is_refused(db_path):
    with TestClient(create_app(db_path, serve_dashboard=False, max_body=1000)) as c:
        def chunks():
            for _ in range(10):
                yield b"x" * 500

        r = c.post("/api/keys", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413, r.text
        assert r.json()["error"]["code"] == "payload_too_large"


def test_default_body_limit_is_one_mebibyte(client, keys):
    r = client.post("/api/keys", content=b"{" + b" " * (1024 * 1024 + 10) + b"}",
                    headers={**auth(keys["admin"]), "content-type": "application/json"})
    assert r.status_code == 413


def test_bad_content_length_is_a_400(db_path):
    from conflictwatch.api.hardening import BodyLimit

    sent = []

    async def app(scope, receive, send):  # pragma: no cover - must not be reached
        raise AssertionError("the route ran")

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    import asyncio

    from concurrent.futures import ThreadPoolExecutor

    def run_it():  # in a thread of its own: the browser tests leave an event loop running in this one
        asyncio.run(BodyLimit(app, 10)({"type": "http", "headers": [(b"content-length", b"abc")]}, receive, send))

    with ThreadPoolExecutor(1) as pool:
        pool.submit(run_it).result()
    assert sent[0]["status"] == 400


def test_rate_limit_answers_429_with_retry_after(db_path):
    with TestClient(create_app(db_path, serve_dashboard=False, rate_limit="5/60")) as c:
        codes = [c.get("/api/health").status_code for _ in range(8)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429] * 3
        r = c.get("/api/events")
        assert r.status_code == 429
        assert int(r.headers["retry-after"]) >= 1
        err = r.json()["error"]
        assert err["status"] == 429 and err["code"] == "rate_limited" and "5 per 60 s" in err["message"]
        assert "content-security-policy" in r.headers


def test_rate_limit_is_per_client_and_refills():
    from conflictwatch.api.hardening import RateLimit

    now = [0.0]
    limiter = RateLimit(lambda *a: None, RateLimitPolicy(2, 1.0), clock=lambda: now[0])
    assert limiter._take("a") == 0 and limiter._take("a") == 0
    assert limiter._take("a") > 0  # spent
    assert limiter._take("b") == 0  # another client has its own bucket
    now[0] += 0.5  # one token back (2 per second)
    assert limiter._take("a") == 0 and limiter._take("a") > 0


def test_rate_limit_off_and_env(db_path, monkeypatch):
    monkeypatch.setenv("CONFLICTWATCH_RATE_LIMIT", "3/60")
    with TestClient(create_app(db_path, serve_dashboard=False)) as c:
        assert [c.get("/api/health").status_code for _ in range(4)][-1] == 429
    monkeypatch.setenv("CONFLICTWATCH_RATE_LIMIT", "off")
    with TestClient(create_app(db_path, serve_dashboard=False)) as c:
        assert {c.get("/api/health").status_code for _ in range(20)} == {200}


@pytest.mark.parametrize("value,expected", [("1200/60", RateLimitPolicy(1200, 60.0)), ("10", RateLimitPolicy(10, 1.0)),
                                            ("off", None), ("0", None)])
def test_parse_rate_limit(value, expected):
    assert parse_rate_limit(value) == expected


@pytest.mark.parametrize("value", ["many", "5/0", "-1/60", "5/nan", "5/inf"])
def test_parse_rate_limit_refuses_nonsense(value):
    with pytest.raises(ValueError, match="rate limit"):
        parse_rate_limit(value)


def test_nul_characters_are_refused_with_the_error_shape(tmp_path):
    from fastapi.testclient import TestClient

    from conflictwatch.api import create_app

    client = TestClient(create_app(str(tmp_path / "nul.db")))
    for r in (client.get("/api/events", params={"country": "Mali\x00"}), client.get("/api/events/%00abc"),
              client.post("/api/keys", content=b'{"name": "a\\u0000", "role": "read"}',
                          headers={"content-type": "application/json"})):
        assert r.status_code == 400
        assert r.json()["error"]["code"] == "bad_request" and "NUL" in r.json()["error"]["message"]
    assert client.get("/api/health").status_code == 200
