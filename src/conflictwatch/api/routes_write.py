"""Writes: analyst review (confirm, correct, reject, reopen, revert, merge, split) and admin key management.

Every route here needs an API key (``require_role``); ``tests/api/test_auth.py``
walks every write route in the OpenAPI spec and checks that.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from conflictwatch.api.auth import require_role
from conflictwatch.api.errors import ApiError
from conflictwatch.api.routes_events import event_json
from conflictwatch.api.routes_misc import dedup_functions
from conflictwatch.store.event_query import EventFilter, query_events
from conflictwatch.store.keys import ROLES, ApiKeys, KeyInfo
from conflictwatch.store.review import Review

__all__ = ["review_router", "keys_router", "dedup_router"]

review_router = APIRouter(prefix="/api/events", tags=["review"])
dedup_router = APIRouter(prefix="/api", tags=["review"])
keys_router = APIRouter(prefix="/api/keys", tags=["admin"])


class Reason(BaseModel):
    reason: str = Field("", max_length=2000, description="Why (kept in the audit log)")


class Correction(BaseModel):
    changes: dict[str, Any] = Field(..., min_length=1, description="field -> corrected value")
    reason: str = Field("", max_length=2000)


class Revert(BaseModel):
    field: str
    reason: str = Field("", max_length=2000)


class MergeRequest(BaseModel):
    event_ids: list[str] = Field(..., min_length=2)
    reason: str = Field(..., min_length=1, max_length=2000, description="Why (required: kept in the audit log)")


class SplitRequest(BaseModel):
    event_ids: list[str] = Field(..., min_length=1)
    reason: str = Field(..., min_length=1, max_length=2000, description="Why (required: kept in the audit log)")


class NewKey(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    role: Literal["read", "analyst", "admin"]


def _who(key: KeyInfo) -> str:
    return f"{key.name} (key {key.key_id})"


def _event_after(request: Request, event_id: str) -> dict[str, Any]:
    page = query_events(request.app.state.store, EventFilter(ids=(event_id,), include_rejected=True), limit=1)
    if not page.events:
        raise ApiError(404, f"no event {event_id!r}")
    return event_json(page.events[0], page.review.get(event_id))


def _do(action: Any, event_id: str) -> Any:
    try:
        return action()
    except KeyError as exc:
        raise ApiError(404, f"no event {event_id!r}") from exc


@review_router.post("/{event_id}/confirm", summary="Confirm an event (analyst)")
def confirm(request: Request, event_id: str, body: Reason = Reason(),
            key: KeyInfo = Depends(require_role("analyst"))) -> dict[str, Any]:
    _do(lambda: Review(request.app.state.store).confirm(event_id, by=_who(key), reason=body.reason), event_id)
    return _event_after(request, event_id)


@review_router.post("/{event_id}/reject", summary="Reject an event (analyst)")
def reject(request: Request, event_id: str, body: Reason = Reason(),
           key: KeyInfo = Depends(require_role("analyst"))) -> dict[str, Any]:
    _do(lambda: Review(request.app.state.store).reject(event_id, by=_who(key), reason=body.reason), event_id)
    return _event_after(request, event_id)


@review_router.post("/{event_id}/reopen", summary="Undo a confirm or reject (analyst)")
def reopen(request: Request, event_id: str, body: Reason = Reason(),
           key: KeyInfo = Depends(require_role("analyst"))) -> dict[str, Any]:
    _do(lambda: Review(request.app.state.store).reopen(event_id, by=_who(key), reason=body.reason), event_id)
    return _event_after(request, event_id)


@review_router.patch("/{event_id}", summary="Correct one or more fields of an event (analyst)")
def correct(request: Request, event_id: str, body: Correction,
            key: KeyInfo = Depends(require_role("analyst"))) -> dict[str, Any]:
    review = Review(request.app.state.store)
    for field, value in body.changes.items():
        _do(lambda f=field, v=value: review.correct(event_id, f, v, by=_who(key), reason=body.reason), event_id)
    return _event_after(request, event_id)


@review_router.post("/{event_id}/revert", summary="Drop an analyst correction of one field (analyst)")
def revert(request: Request, event_id: str, body: Revert,
           key: KeyInfo = Depends(require_role("analyst"))) -> dict[str, Any]:
    _do(lambda: Review(request.app.state.store).revert(event_id, body.field, by=_who(key), reason=body.reason),
        event_id)
    return _event_after(request, event_id)


def add_dedup_routes(router: APIRouter) -> bool:
    """Add merge / split when ``conflictwatch.dedup`` provides them; True when any was added."""
    fns = dedup_functions()
    if "merge_events" in fns:
        merge_events = fns["merge_events"]

        @router.post("/events/merge", summary="Merge events into one incident (analyst)")
        def merge(request: Request, body: MergeRequest,
                  key: KeyInfo = Depends(require_role("analyst"))) -> dict[str, Any]:
            store = request.app.state.store
            result = merge_events(store, body.event_ids, by=_who(key), reason=body.reason)
            Review(store).log(_who(key), "merge", event_ids=body.event_ids, after=_jsonable(result), reason=body.reason)
            return {"result": _jsonable(result)}

    if "split_event" in fns:
        split_event = fns["split_event"]

        @router.post("/incidents/{incident_id}/split", summary="Split events out of an incident (analyst)")
        def split(request: Request, incident_id: str, body: SplitRequest,
                  key: KeyInfo = Depends(require_role("analyst"))) -> dict[str, Any]:
            store = request.app.state.store
            result = split_event(store, incident_id, body.event_ids, by=_who(key), reason=body.reason)
            Review(store).log(_who(key), "split", event_ids=body.event_ids, before=incident_id,
                              after=_jsonable(result), reason=body.reason)
            return {"result": _jsonable(result)}

    return bool(fns)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# ------------------------------------------------------------------ keys (admin)


@keys_router.post("", summary="Create an API key (admin); the token is shown once")
def create_key(request: Request, body: NewKey, key: KeyInfo = Depends(require_role("admin"))) -> dict[str, Any]:
    token = ApiKeys(request.app.state.store).create(body.name, body.role)
    Review(request.app.state.store).log(_who(key), "create_key", after={"name": body.name, "role": body.role})
    return {"token": token, "name": body.name, "role": body.role, "key_id": token.split("_", 2)[1]}


@keys_router.get("", summary="List API keys (admin); secrets are never returned")
def list_keys(request: Request, key: KeyInfo = Depends(require_role("admin"))) -> dict[str, Any]:
    return {"keys": [k.to_dict() for k in ApiKeys(request.app.state.store).list()], "roles": list(ROLES)}


@keys_router.delete("/{key_id}", summary="Revoke an API key (admin)")
def revoke_key(request: Request, key_id: str, key: KeyInfo = Depends(require_role("admin"))) -> dict[str, Any]:
    if not ApiKeys(request.app.state.store).revoke(key_id):
        raise ApiError(404, f"no active key {key_id!r}")
    Review(request.app.state.store).log(_who(key), "revoke_key", before={"key_id": key_id})
    return {"revoked": key_id}


def whoami_route(router: APIRouter) -> None:
    @router.get("/me", tags=["meta"], summary="The role of the key sent (null without a key)")
    def me(key: Optional[KeyInfo] = Depends(require_role("read"))) -> dict[str, Any]:
        return key.to_dict() if key else {}
