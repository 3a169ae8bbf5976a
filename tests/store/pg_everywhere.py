"""pytest plugin: run every test that opens a SQLite-file ``Store`` on PostgreSQL instead.

    CONFLICTWATCH_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/conflictwatch_test \
        .venv/bin/python -m pytest -q -p tests.store.pg_everywhere

(``scripts/with_postgres.sh`` starts a throw-away cluster and sets the variable.)

While a test runs, ``Store.open`` maps each distinct SQLite *file* it is given (a path or a
``sqlite:///file`` URL) to a fresh PostgreSQL schema of its own (``search_path`` set on the
connection, ``public`` kept after it for PostGIS); the schemas are dropped when the session ends.
Temp-dir paths are unique per test, so tests written against SQLite files run unchanged on
PostgreSQL, each with an empty database (module- or session-scoped fixtures keep theirs).  In-memory SQLite (``sqlite://``) and tests using the store tests' own ``db_url``
fixture (which already runs on both backends) or marked ``@pytest.mark.sqlite_file`` are left alone.
``shutil.copy``/``copy2``/``copyfile`` of a redirected SQLite file copies its schema instead (the API
and report tests copy a prepared database per test).  Without the environment variable
the plugin does nothing.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa

PG_URL_ENV = "CONFLICTWATCH_TEST_PG_URL"
_counter = itertools.count(1)


def _schema_url(base: str, schema: str) -> str:
    url = sa.engine.make_url(base)
    query = dict(url.query)
    query["options"] = f"-csearch_path={schema},public"
    query["application_name"] = schema
    return url.set(query=query).render_as_string(hide_password=False)


class _Redirect:
    def __init__(self, base: str, admin: sa.Engine, original: Any):
        self.base = base
        self.admin = admin
        self.original = original
        self.enabled = True  # off only inside tests that use ``db_url`` or are marked ``sqlite_file``
        self.schemas: dict[str, str] = {}  # sqlite file -> schema, for the whole session

    def __call__(self, url: Any = None) -> str:
        resolved = self.original(url)
        if not self.enabled:
            return resolved
        parsed = sa.engine.make_url(resolved)
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return resolved
        key = os.path.abspath(parsed.database)
        schema = self.schemas.get(key)
        if schema is None and os.path.exists(key):
            return resolved  # a real SQLite file made while redirection was off: it stays SQLite
        if schema is None:
            schema = f"cwt_{os.getpid()}_{next(_counter)}"
            with self.admin.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            self.schemas[key] = schema
        return _schema_url(self.base, schema)

    def copy(self, src: Any, dst: Any) -> bool:
        """A test copying a redirected SQLite file gets a copy of its schema instead; False when ``src``
        is not a redirected file (then the real copy runs)."""
        source = self.schemas.get(os.path.abspath(os.fspath(src))) if self.enabled else None
        if source is None:
            return False
        target_path = os.path.abspath(os.fspath(dst))
        if os.path.isdir(target_path):
            target_path = os.path.join(target_path, os.path.basename(os.fspath(src)))
        target = f"cwt_{os.getpid()}_{next(_counter)}"
        with self.admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{target}"'))
            tables = conn.execute(
                sa.text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s "
                        "AND table_type = 'BASE TABLE'"), {"s": source}).scalars().all()
            for name in tables:
                # LIKE ... INCLUDING ALL: columns, defaults (sequences shared with the source), indexes
                conn.execute(sa.text(f'CREATE TABLE "{target}"."{name}" (LIKE "{source}"."{name}" INCLUDING ALL)'))
                conn.execute(sa.text(f'INSERT INTO "{target}"."{name}" SELECT * FROM "{source}"."{name}"'))
        self.schemas[target_path] = target
        return True

    def drop_all(self) -> None:
        with self.admin.begin() as conn:
            # stores a test forgot to close would hold locks on their schema's tables
            conn.execute(
                sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name LIKE 'cwt\\_%' AND pid <> pg_backend_pid()")
            )
        # one transaction per schema: a DROP holds a lock per table and index until commit, and all the
        # session's schemas at once overflowed the lock table ("out of shared memory")
        for schema in self.schemas.values():
            with self.admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        self.schemas.clear()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_file: the test is about SQLite files themselves; pg_everywhere leaves it on SQLite"
    )


@pytest.fixture(scope="session")
def _pg_redirect() -> Iterator[_Redirect | None]:
    """Session-wide: a fixture of any scope may open a store (its SQLite path keeps its schema)."""
    base = os.environ.get(PG_URL_ENV)
    if not base:
        yield None
        return
    from conflictwatch.store import database

    admin = sa.create_engine(base, poolclass=sa.pool.NullPool)
    redirect = _Redirect(base, admin, database.resolve_db_url)
    database.resolve_db_url = redirect
    originals = {name: getattr(shutil, name) for name in ("copy", "copy2", "copyfile")}

    def copier(real: Callable[..., Any]) -> Callable[..., Any]:
        def copy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
            return dst if redirect.copy(src, dst) else real(src, dst, *args, **kwargs)
        return copy

    for name, real in originals.items():
        setattr(shutil, name, copier(real))
    try:
        yield redirect
    finally:
        for name, real in originals.items():
            setattr(shutil, name, real)
        database.resolve_db_url = redirect.original
        redirect.drop_all()
        admin.dispose()


@pytest.fixture(autouse=True)
def _stores_on_postgresql(request: pytest.FixtureRequest, _pg_redirect: _Redirect | None) -> Iterator[None]:
    """Per test: redirect, unless the test runs both backends itself (``db_url``) or is marked ``sqlite_file``."""
    if _pg_redirect is None:
        yield
        return
    previous = _pg_redirect.enabled
    _pg_redirect.enabled = "db_url" not in request.fixturenames and request.node.get_closest_marker("sqlite_file") is None
    try:
        yield
    finally:
        _pg_redirect.enabled = previous


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        return f"pg_everywhere: {PG_URL_ENV} not set, stores stay on SQLite"
    shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    return f"pg_everywhere: SQLite-file stores redirected to PostgreSQL schemas at {shown}"
