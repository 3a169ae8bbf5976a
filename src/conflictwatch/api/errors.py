"""The API's one error shape, and the handlers that produce it.

Every error response, whatever raised it, has this body::

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": []}}

``tests/api/test_error_shape.py`` locks it.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from conflictwatch.errors import ConflictwatchError, InputError

__all__ = ["ApiError", "error_body", "install_error_handlers", "ERROR_CODES"]

log = logging.getLogger(__name__)

ERROR_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
}


class ApiError(Exception):
    """An error to answer with: HTTP status, stable code, human message, optional details."""

    def __init__(self, status: int, message: str, *, code: str | None = None, details: list[Any] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or ERROR_CODES.get(status, "error")
        self.message = message
        self.details = details or []


def error_body(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def _respond(status: int, code: str, message: str, details: list[Any] | None = None,
             headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _respond(exc.status, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return _respond(exc.status_code, ERROR_CODES.get(exc.status_code, "error"), message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"location": [str(p) for p in err.get("loc", ())], "message": str(err.get("msg", "")),
             "type": str(err.get("type", ""))}
            for err in exc.errors()
        ]
        return _respond(422, "invalid_request", "the request does not match the API's schema", details)

    @app.exception_handler(ValueError)
    async def _value_error(_request: Request, exc: ValueError) -> JSONResponse:
        return _respond(400, "bad_request", str(exc))

    @app.exception_handler(InputError)
    async def _input_error(_request: Request, exc: InputError) -> JSONResponse:
        return _respond(400, "bad_request", str(exc))

    @app.exception_handler(ConflictwatchError)
    async def _cw_error(_request: Request, exc: ConflictwatchError) -> JSONResponse:
        log.error("conflictwatch error: %s", exc)
        return _respond(500, "internal_error", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return _respond(500, "internal_error", "internal error")
