"""HTTP hardening for the API and the dashboard: security headers, request size limit, rate limit.

Three small ASGI middlewares, added by :func:`conflictwatch.api.create_app`:

* :class:`SecurityHeaders` puts a Content-Security-Policy (scripts, styles and data from the server itself
  only; no plugins, no framing, no ``<base>``), ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``
  and ``Referrer-Policy: no-referrer`` on every response.  The Swagger page (``/api/docs``) gets a policy
  that lets it load its script from the CDN Swagger UI uses.
* :class:`BodyLimit` answers 413 to a request whose body is larger than ``max_bytes`` (declared by
  ``Content-Length`` or counted while it streams in), before any route reads it.
* :class:`RateLimit` is a token bucket per client address: ``requests`` per ``seconds`` sustained, bursts
  up to ``requests``; over it the answer is 429 with ``Retry-After``.

Every refusal uses the API's one error shape (:func:`conflictwatch.api.errors.error_body`).

Settings (see :data:`SETTINGS`): ``CONFLICTWATCH_RATE_LIMIT`` (``"N/S"`` requests per seconds, or ``off``)
and ``CONFLICTWATCH_MAX_BODY`` (bytes) in the environment, or the ``create_app`` arguments.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Optional

from conflictwatch.api.errors import error_body

__all__ = ["SETTINGS", "RateLimitPolicy", "SecurityHeaders", "BodyLimit", "RateLimit", "parse_rate_limit",
           "rate_limit_from_env", "max_body_from_env", "DASHBOARD_CSP", "DEFAULT_MAX_BODY"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY = 1_048_576  # 1 MiB: the largest real body (a correction, a merge of many ids) is a few KiB
DEFAULT_RATE_LIMIT = "1200/60"  # per client address: 20 requests/s sustained, bursts of 1200

# name -> (default, help): documented in docs/reliability.md
SETTINGS: dict[str, tuple[str, str]] = {
    "CONFLICTWATCH_RATE_LIMIT": (DEFAULT_RATE_LIMIT, "requests per seconds per client address (N/S), or 'off'"),
    "CONFLICTWATCH_MAX_BODY": (str(DEFAULT_MAX_BODY), "largest request body accepted, in bytes"),
}

DASHBOARD_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                 "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                 "form-action 'self'")
# Swagger UI (FastAPI's /api/docs) loads its bundle from jsdelivr and starts it with an inline script.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
_STATIC_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


async def _refuse(send: Send, status: int, code: str, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()
                  ) -> None:
    body = json.dumps(error_body(status, code, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds the CSP and the other security headers to every HTTP response (keeps any the route set)."""

    def __init__(self, app: App, csp: str = DASHBOARD_CSP, docs_path: str = "/api/docs"):
        self.app = app
        self.csp = csp.encode()
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP.encode() if scope.get("path", "").startswith(self.docs_path) else self.csp

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", csp))
                headers.extend((k, v) for k, v in _STATIC_HEADERS if k not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """413 for request bodies over ``max_bytes`` (declared or streamed)."""

    def __init__(self, app: App, max_bytes: int = DEFAULT_MAX_BODY):
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return f"the request body is larger than the limit of {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers") or ():
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _refuse(send, 400, "bad_request", "Content-Length is not a number")
                    return
                if declared > self.max_bytes:
                    await _refuse(send, 413, "payload_too_large", self._message())
                    return
        seen = 0
        started = False
        refused = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body") or b"")
                if seen > self.max_bytes:
                    # answer now; the route sees the client gone and whatever it sends is dropped
                    refused = True
                    if not started:
                        await _refuse(send, 413, "payload_too_large", self._message())
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, tracking_send)


class NulGuard:
    """400 for a NUL character anywhere in the path, the query or a body: no field can hold one.

    SQLite would store it and PostgreSQL refuses it with an error; either way it is never data.
    """

    _MESSAGE = "the request contains a NUL character (\\u0000), which no field may hold"

    def __init__(self, app: App):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path = scope.get("raw_path") or b""
        query = scope.get("query_string") or b""
        if "\x00" in scope.get("path", "") or b"%00" in raw_path.lower() or b"%00" in query or b"\x00" in query:
            await _refuse(send, 400, "bad_request", self._MESSAGE)
            return
        chunks: list[bytes] = []
        more = True
        while more:  # bodies are small (BodyLimit runs outside this guard)
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body") or b"")
            more = bool(message.get("more_body"))
        body = b"".join(chunks)
        if b"\x00" in body or b"\\u0000" in body.lower():
            await _refuse(send, 400, "bad_request", self._MESSAGE)
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)


def _replay(messages: list[dict[str, Any]], receive: Receive) -> Receive:
    """A receive() that gives back already-read messages, then hands over to the real one.

    (Responses listen for the client's disconnect while they stream: answering "disconnect" here would
    cut them off.)"""
    queue = list(messages)

    async def replay() -> dict[str, Any]:
        if queue:
            return queue.pop(0)
        return await receive()

    return replay


@dataclass(frozen=True, slots=True)
class RateLimitPolicy:
    """``requests`` per ``seconds`` for each client address (token bucket holding ``requests``)."""

    requests: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def parse_rate_limit(value: str) -> Optional[RateLimitPolicy]:
    """``"1200/60"`` -> RateLimitPolicy(1200, 60); ``"off"``/``"0"``/``""`` -> None; else ValueError."""
    text = value.strip().lower()
    if text in ("", "off", "0", "none", "false"):
        return None
    try:
        n, _, s = text.partition("/")
        policy = RateLimitPolicy(int(n), float(s or "1"))
    except ValueError:
        raise ValueError(f"rate limit {value!r}: expected N/SECONDS (e.g. 1200/60) or 'off'") from None
    if policy.requests < 1 or not math.isfinite(policy.seconds) or policy.seconds <= 0:
        raise ValueError(f"rate limit {value!r}: N and SECONDS must be positive")
    return policy


def rate_limit_from_env() -> Optional[RateLimitPolicy]:
    return parse_rate_limit(os.environ.get("CONFLICTWATCH_RATE_LIMIT", DEFAULT_RATE_LIMIT))


def max_body_from_env() -> int:
    value = os.environ.get("CONFLICTWATCH_MAX_BODY", str(DEFAULT_MAX_BODY))
    try:
        n = int(value)
    except ValueError:
        raise ValueError(f"CONFLICTWATCH_MAX_BODY={value!r}: expected a number of bytes") from None
    if n < 1:
        raise ValueError(f"CONFLICTWATCH_MAX_BODY={value!r}: must be positive")
    return n


class RateLimit:
    """429 with ``Retry-After`` once a client address has spent its bucket.  Buckets live in the app object."""

    _MAX_CLIENTS = 100_000  # forget idle buckets beyond this many clients

    def __init__(self, app: App, policy: RateLimitPolicy, clock: Callable[[], float] = time.monotonic):
        self.app = app
        self.policy = policy
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, last time)
        self._lock = threading.Lock()

    def _take(self, client: str) -> float:
        """0 when the request may go on, else the seconds until a token is back."""
        now = self.clock()
        cap, rate = float(self.policy.requests), self.policy.per_second
        with self._lock:
            tokens, last = self._buckets.get(client, (cap, now))
            tokens = min(cap, tokens + (now - last) * rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > self._MAX_CLIENTS:
                full = [c for c, (t, when) in self._buckets.items() if t + (now - when) * rate >= cap]
                for c in full:
                    del self._buckets[c]
            return (1.0 - tokens) / rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self._take(str(client))
        if wait > 0:
            retry = str(max(1, math.ceil(wait)))
            await _refuse(send, 429, "rate_limited",
                          f"too many requests from {client}: the limit is {self.policy.requests} per "
                          f"{self.policy.seconds:g} s; retry after {retry} s", headers=((b"retry-after", retry.encode()),))
            return
        await self.app(scope, receive, send)
