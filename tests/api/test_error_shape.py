"""One JSON error shape for every error the API gives (locked here)."""

from __future__ import annotations

import pytest

from tests.api.conftest import auth

ERROR_KEYS = {"status", "code", "message", "details"}


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == ERROR_KEYS, err
    assert err["status"] == status
    assert isinstance(err["code"], str) and err["code"]
    assert isinstance(err["message"], str) and err["message"]
    assert isinstance(err["details"], list)
    if code is not None:
        assert err["code"] == code
    return err


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("GET", "/api/no-such-route", 404, "not_found"),
        ("GET", "/api/events/NOPE123", 404, "not_found"),
        ("GET", "/api/documents/0000", 404, "not_found"),
        ("GET", "/api/events?limit=0", 422, "invalid_request"),
        ("GET", "/api/events?min_fatalities=abc", 422, "invalid_request"),
        ("GET", "/api/events?cursor=%%%garbage", 400, "bad_cursor"),
        ("GET", "/api/events?bbox=1,2,3", 400, "bad_request"),
        ("GET", "/api/events?from=2019-13-45", 400, "bad_request"),
        ("POST", "/api/events/x/confirm", 401, "key_required"),
        ("DELETE", "/api/events", 405, "method_not_allowed"),
    ],
)
def test_errors_share_one_shape(client, method, url, status, code):
    assert_error_shape(client.request(method, url), status, code)


def test_validation_error_lists_details(client):
    err = assert_error_shape(client.get("/api/events?limit=0"), 422)
    assert err["details"] and err["details"][0]["location"] == ["query", "limit"]


def test_forbidden_and_invalid_key_share_the_shape(client, keys):
    assert_error_shape(client.post("/api/events/x/confirm", headers=auth(keys["read"])), 403, "forbidden")
    assert_error_shape(client.post("/api/events/x/confirm", headers=auth("cw_dead_beef")), 401, "invalid_key")


def test_unexpected_errors_do_not_leak_a_traceback(client, monkeypatch):
    import conflictwatch.api.routes_misc as routes

    def boom(*_a, **_k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "query_events", boom)
    doc_id = client.get("/api/documents").json()["documents"][0]["id"]
    err = assert_error_shape(client.get(f"/api/documents/{doc_id}"), 500, "internal_error")
    assert "secret" not in err["message"]
