"""The FastAPI application: REST API under ``/api``, the dashboard at ``/``.

    from conflictwatch.api import create_app
    app = create_app("data/cw.db")          # uvicorn.run(app)
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Optional

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from conflictwatch import __version__
from conflictwatch.api import routes_events, routes_misc, routes_write
from conflictwatch.api.errors import ApiError, install_error_handlers
from conflictwatch.api.hardening import (
    BodyLimit,
    NulGuard,
    RateLimit,
    RateLimitPolicy,
    SecurityHeaders,
    max_body_from_env,
    parse_rate_limit,
    rate_limit_from_env,
)
from conflictwatch.store import Store

__all__ = ["create_app", "app_from_env"]

API_DESCRIPTION = """\
Geocoded, evidenced ACLED-style conflict events extracted from news reporting.

Reads are open (unless the server requires a key); writes need an API key sent as
`X-API-Key: cw_...` or `Authorization: Bearer cw_...`, with role `analyst` for review
and `admin` for key management.  Lists are paginated with an opaque `cursor`
(`next_cursor` in the body, `X-Next-Cursor` and `Link: rel="next"` headers).
Every error has the body `{"error": {"status", "code", "message", "details"}}`.
"""


def create_app(
    store_url: str | os.PathLike[str] | None = None,
    *,
    store: Optional[Store] = None,
    require_read_key: bool = False,
    static_dir: str | os.PathLike[str] | None = None,
    serve_dashboard: bool = True,
    rate_limit: RateLimitPolicy | str | None = "env",
    max_body: int | None = None,
) -> FastAPI:
    """Build the API (and dashboard) over the database at ``store_url``.

    ``store``: an already open store to use instead (not closed on shutdown).
    ``require_read_key``: reads need a key too.  ``static_dir``: the built
    dashboard (default: the package's ``web/static``).  ``rate_limit``: requests per client address
    (a :class:`RateLimitPolicy`, ``"N/SECONDS"``, None or ``"off"``; default ``"env"``: the
    ``CONFLICTWATCH_RATE_LIMIT`` setting).  ``max_body``: largest request body in bytes (default: the
    ``CONFLICTWATCH_MAX_BODY`` setting, 1 MiB).  See :mod:`conflictwatch.api.hardening`.
    """
    if rate_limit == "env":
        policy = rate_limit_from_env()
    elif isinstance(rate_limit, str):
        policy = parse_rate_limit(rate_limit)
    else:
        policy = rate_limit
    body_limit = max_body if max_body is not None else max_body_from_env()
    own_store = store is None
    the_store = store if store is not None else Store.open(store_url)

    threads = _threads_from_env()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if threads:  # requests handled at once (the route functions run in a thread pool; default 40)
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        try:
            yield
        finally:
            if own_store:
                the_store.close()

    app = FastAPI(title="conflictwatch", version=__version__, description=API_DESCRIPTION, lifespan=lifespan,
                  docs_url="/api/docs", redoc_url=None, openapi_url="/openapi.json")
    app.state.store = the_store
    app.state.require_read_key = require_read_key
    install_error_handlers(app)
    app.add_middleware(GZipMiddleware, minimum_size=4096, compresslevel=1)  # point columns compress ~4x, fast
    # added last = runs first: security headers on everything, then the rate limit, then the body limit
    app.add_middleware(NulGuard)  # inside the body limit: it reads bodies the limit has already bounded
    app.add_middleware(BodyLimit, max_bytes=body_limit)
    if policy is not None:
        app.add_middleware(RateLimit, policy=policy)
    app.add_middleware(SecurityHeaders)

    app.include_router(routes_events.router)
    app.include_router(routes_misc.router)
    app.include_router(routes_write.review_router)
    extra = APIRouter(prefix="/api")
    routes_write.add_dedup_routes(extra)
    routes_write.whoami_route(extra)
    app.include_router(extra)
    app.include_router(routes_write.keys_router)

    if serve_dashboard:
        _mount_dashboard(app, Path(static_dir) if static_dir else None)
    return app


def _threads_from_env() -> Optional[int]:
    """``CONFLICTWATCH_THREADS``: how many requests one server process works on at once (default: anyio's 40)."""
    value = os.environ.get("CONFLICTWATCH_THREADS", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"CONFLICTWATCH_THREADS={value!r}: expected a whole number of threads, at least 1")
    return int(value)


def app_from_env() -> FastAPI:
    """The app over ``CONFLICTWATCH_DB`` (``CONFLICTWATCH_REQUIRE_READ_KEY=1``: reads need a key): the factory
    that ``conflictwatch serve --workers N`` gives uvicorn, which builds one app in each worker process."""
    return create_app(os.environ.get("CONFLICTWATCH_DB") or None,
                      require_read_key=os.environ.get("CONFLICTWATCH_REQUIRE_READ_KEY") == "1")


def _mount_dashboard(app: FastAPI, static_dir: Optional[Path]) -> None:
    from conflictwatch.web import static_dir as default_static

    folder = static_dir or default_static()
    index = folder / "index.html"
    if not index.is_file():
        @app.get("/", include_in_schema=False)
        def no_dashboard() -> None:
            raise ApiError(404, f"the dashboard is not built ({index} is missing): run scripts/build_web.sh",
                           code="not_available")
        return

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    app.mount("/", StaticFiles(directory=folder), name="dashboard")
