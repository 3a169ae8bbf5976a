"""API key checks: ``Authorization: Bearer <token>`` or ``X-API-Key: <token>``.

Reads are open unless the app is created with ``require_read_key=True``;
writes always need a key of the right role (read < analyst < admin).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from conflictwatch.api.errors import ApiError
from conflictwatch.store.keys import ApiKeys, KeyInfo, role_allows

__all__ = ["require_role", "optional_key", "read_access"]

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key (cw_<id>_<secret>)")
_bearer = HTTPBearer(auto_error=False, description="API key as a bearer token")


def optional_key(
    request: Request,
    api_key: Optional[str] = Depends(_api_key_header),
    bearer: Optional[HTTPAuthorizationCredentials] = Depends(_bearer),
) -> Optional[KeyInfo]:
    """The caller's key, None when no key was sent; 401 when a key was sent but is not valid."""
    token = api_key or (bearer.credentials if bearer is not None else None)
    if not token:
        return None
    info = ApiKeys(request.app.state.store).verify(token)
    if info is None:
        raise ApiError(401, "the API key is not valid or was revoked", code="invalid_key")
    return info


def require_role(role: str) -> Callable[..., KeyInfo]:
    """A dependency that lets through only keys with at least ``role``."""

    def dependency(key: Optional[KeyInfo] = Depends(optional_key)) -> KeyInfo:
        if key is None:
            raise ApiError(401, f"this request needs an API key with role {role!r} or higher", code="key_required")
        if not role_allows(key.role, role):
            raise ApiError(403, f"key {key.key_id} has role {key.role!r}; this request needs {role!r}")
        return key

    dependency.__name__ = f"require_{role}"
    return dependency


def read_access(request: Request, key: Optional[KeyInfo] = Depends(optional_key)) -> Optional[KeyInfo]:
    """Reads: open by default; with ``require_read_key`` any valid key."""
    if key is None and request.app.state.require_read_key:
        raise ApiError(401, "this server needs an API key for reads", code="key_required")
    return key
