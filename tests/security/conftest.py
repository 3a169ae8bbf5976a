"""Security-test fixtures: the API fixtures (real SQLite filled by the pipeline), plus a DB holding hostile events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import auth, client, db_path, examples_db, keys  # noqa: F401  (fixtures)
from tests.security.payloads import hostile_acled_csv


@pytest.fixture()
def hostile_db(db_path: Path, tmp_path: Path) -> Path:  # noqa: F811
    """The examples DB plus an imported ACLED export whose text fields are XSS and formula payloads."""
    from conflictwatch.sources.acled import import_acled
    from conflictwatch.store import Store

    csv_path = tmp_path / "hostile-acled.csv"
    csv_path.write_bytes(hostile_acled_csv())
    with Store.open(db_path) as store:
        result = import_acled(store, csv_path)
        assert result.events > 0
    return db_path


@pytest.fixture()
def hostile_client(hostile_db: Path) -> Iterator[TestClient]:
    from conflictwatch.api import create_app

    with TestClient(create_app(hostile_db), raise_server_exceptions=False) as c:
        yield c


__all__ = ["auth"]
