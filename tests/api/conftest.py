"""API test fixtures: a real SQLite database filled by the pipeline on the bundled examples."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conflictwatch.api import create_app
from conflictwatch.store import Store
from conflictwatch.store.keys import ApiKeys


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made by running the default pipeline on the bundled examples (built once)."""
    from conflictwatch.workflow import bundled_examples, default_pipeline, run

    path = tmp_path_factory.mktemp("apidb") / "examples.db"
    with Store.open(path) as store:
        run([bundled_examples()], store, default_pipeline())
        assert store.count_events() > 0, "the bundled examples should give events"
    return path


@pytest.fixture()
def db_path(examples_db: Path, tmp_path: Path) -> Path:
    """A private copy of the examples database (tests may write to it)."""
    target = tmp_path / "cw.db"
    shutil.copy(examples_db, target)
    return target


@pytest.fixture()
def client(db_path: Path) -> Iterator[TestClient]:
    app = create_app(db_path)  # the dashboard mounted too, as `conflictwatch serve` does
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture()
def keys(client: TestClient) -> dict[str, str]:
    """One token per role, keyed by role."""
    api_keys = ApiKeys(client.app.state.store)
    return {role: api_keys.create(f"test-{role}", role) for role in ("read", "analyst", "admin")}


def auth(token: str) -> dict[str, str]:
    return {"X-API-Key": token}
