"""Schemathesis against the OpenAPI spec: generated requests to every operation (reads anonymous, writes with an
admin key) never give a 500, and every answer matches the spec's status codes and the one error shape.
Bounded: a few examples per operation (``CONFLICTWATCH_SCHEMATHESIS_EXAMPLES``, default 8)."""

from __future__ import annotations

import os
import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from conflictwatch.api import create_app
from conflictwatch.store import Store
from conflictwatch.store.keys import ApiKeys

EXAMPLES = int(os.environ.get("CONFLICTWATCH_SCHEMATHESIS_EXAMPLES", "8"))


@pytest.fixture(scope="module")
def app_and_key(examples_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("schemathesis") / "cw.db"
    shutil.copy(examples_db, db)
    # an open store handed in: schemathesis' ASGI transport runs the app's lifespan on every call
    with Store.open(db) as store:
        token = ApiKeys(store).create("schemathesis", "admin")
        yield create_app(store=store, serve_dashboard=False, rate_limit=None), token


def _operations():
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:  # the spec only
        app = create_app(f"{tmp}/spec.db", serve_dashboard=False, rate_limit=None)
        app.state.store.close()
    return [(r.ok().method.upper(), r.ok().path)
            for r in schemathesis.openapi.from_asgi("/openapi.json", app).get_all_operations()]


@pytest.mark.parametrize("method,path", _operations())
def test_api_conforms_to_its_spec_and_never_fails(app_and_key, method, path):
    app, token = app_and_key
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = next(r.ok() for r in schema.get_all_operations()
                     if r.ok().method.upper() == method and r.ok().path == path)
    headers = {"X-API-Key": token} if method != "GET" or path.startswith("/api/keys") else {}
    seen: list[int] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call(headers=headers)
        seen.append(response.status_code)
        assert response.status_code < 500, f"{method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"} and {"status", "code", "message", "details"} <= set(body["error"])

    check()
    assert seen, f"{method} {path}: no request was generated"
