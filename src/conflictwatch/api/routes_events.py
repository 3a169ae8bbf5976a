"""Event reads: list (JSON, GeoJSON, ACLED CSV) with filters and cursor pages, points, facets, one event."""

from __future__ import annotations

import io
import json
from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from conflictwatch.api.auth import read_access
from conflictwatch.api.errors import ApiError
from conflictwatch.export import write_events
from conflictwatch.records import Event
from conflictwatch.store.event_query import (
    POINT_COLUMNS,
    CursorError,
    EventFilter,
    event_points_json,
    facet_counts,
    facet_table,
    network_names,
    query_events,
)
from conflictwatch.store.review import Review
from conflictwatch.web.palette import UNKNOWN_NETWORK, network_colors

__all__ = ["router", "event_filter", "event_json"]

router = APIRouter(prefix="/api", tags=["events"], dependencies=[Depends(read_access)])

MAX_PAGE = 1000


def event_filter(
    date_from: Optional[str] = Query(None, alias="from", description="Events on or after (YYYY-MM-DD)"),
    date_to: Optional[str] = Query(None, alias="to", description="Events on or before (YYYY-MM-DD)"),
    bbox: Optional[str] = Query(None, description="west,south,east,north in degrees"),
    country: Optional[str] = Query(None, description="Country name, exact"),
    admin1: Optional[str] = Query(None, description="Admin-1 name, exact"),
    actor: Optional[str] = Query(None, description="Substring of any actor, any case"),
    network: Optional[str] = Query(None, description="network1 or network2, exact"),
    event_type: Optional[str] = None,
    sub_event_type: Optional[str] = None,
    min_fatalities: Optional[int] = Query(None, ge=0),
    q: Optional[str] = Query(None, description="Words that must all occur in the source text, title or notes"),
    doc_id: Optional[str] = None,
    review_status: Optional[Literal["confirmed", "rejected", "unreviewed"]] = None,
    include_rejected: bool = False,
) -> EventFilter:
    box = None
    if bbox:
        try:
            parts = tuple(float(p) for p in bbox.split(","))
        except ValueError as exc:
            raise ApiError(400, f"bbox={bbox!r}: expected four numbers west,south,east,north") from exc
        if len(parts) != 4:
            raise ApiError(400, f"bbox={bbox!r}: expected four numbers west,south,east,north")
        box = parts  # type: ignore[assignment]
    try:
        return EventFilter(
            date_from=date_from, date_to=date_to, bbox=box, country=country, admin1=admin1, actor=actor,
            network=network, event_type=event_type, sub_event_type=sub_event_type, min_fatalities=min_fatalities,
            q=q, doc_id=doc_id, review_status=review_status, include_rejected=include_rejected,
        )
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc


def event_json(event: Event, review: dict[str, Any] | None = None) -> dict[str, Any]:
    out = event.to_dict()
    review = review or {}
    out["review"] = {
        "status": (review.get("status") or {}).get("status", "unreviewed"),
        "reviewed_by": (review.get("status") or {}).get("by"),
        "corrected": review.get("corrected", {}),
    }
    return out


def _next_link(request: Request, cursor: str) -> str:
    return str(request.url.include_query_params(cursor=cursor))


@router.get("/events", summary="Events, filtered and paginated (JSON, GeoJSON or ACLED CSV)")
def list_events(
    request: Request,
    f: EventFilter = Depends(event_filter),
    format: Literal["json", "geojson", "csv"] = Query("json", description="json | geojson | csv (ACLED columns)"),
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    cursor: Optional[str] = Query(None, description="next_cursor of the previous page"),
) -> Response:
    store = request.app.state.store
    try:
        page = query_events(store, f, limit=limit, cursor=cursor, with_total=format == "json")
    except CursorError as exc:
        raise ApiError(400, str(exc), code="bad_cursor") from exc
    headers: dict[str, str] = {}
    if page.next_cursor:
        headers["X-Next-Cursor"] = page.next_cursor
        headers["Link"] = f'<{_next_link(request, page.next_cursor)}>; rel="next"'
    if format == "csv":
        buf = io.StringIO()
        write_events(page.events, "acled-csv", buf)
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    if format == "geojson":
        buf = io.StringIO()
        write_events(page.events, "geojson", buf)
        body = json.loads(buf.getvalue())
        for feature in body["features"]:
            review = page.review.get(feature["id"], {})
            feature["properties"]["review_status"] = (review.get("status") or {}).get("status", "unreviewed")
        body["next_cursor"] = page.next_cursor
        return JSONResponse(body, media_type="application/geo+json", headers=headers)
    body = {
        "events": [event_json(e, page.review.get(e.event_id_cnty)) for e in page.events],
        "count": len(page.events),
        "total": page.total,
        "next_cursor": page.next_cursor,
    }
    return JSONResponse(body, headers=headers)


@router.get("/events/points", summary="All matching events as columns, for the map",
            responses={200: {"content": {"application/json": {"example": {
                "columns": list(POINT_COLUMNS), "count": 1, "data": {c: [None] for c in POINT_COLUMNS}}}}}})
def points(request: Request, f: EventFilter = Depends(event_filter)) -> Response:
    # the database writes the JSON (a country's map is ~100k values: no Python objects, no re-encoding)
    return Response(event_points_json(request.app.state.store, f), media_type="application/json")


@router.get("/events/facets", summary="Counts of matching events per country, type, network, admin1")
def facets(request: Request, f: EventFilter = Depends(event_filter)) -> dict[str, Any]:
    names = ("country", "admin1", "event_type", "sub_event_type", "network1")
    total, table = facet_table(request.app.state.store, names, f)
    out: dict[str, Any] = {"total": total}
    for name in names:
        out[name] = [{"value": v, "count": n} for v, n in table[name]]
    return out


@router.get("/networks", summary="Networks present in the data, with their legend colours")
def networks(request: Request, f: EventFilter = Depends(event_filter)) -> dict[str, Any]:
    store = request.app.state.store
    colors = network_colors(network_names(store))  # over the whole data: colours do not move with filters
    items = []
    for value, n in facet_counts(store, "network1", f):
        name = value or UNKNOWN_NETWORK
        items.append({"network": name, "count": n, "color": colors.get(name) or colors[UNKNOWN_NETWORK]})
    return {"networks": items}


@router.get("/events/{event_id}", summary="One event with its evidence, review state and audit trail")
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    store = request.app.state.store
    page = query_events(store, EventFilter(ids=(event_id,), include_rejected=True), limit=1)
    if not page.events:
        raise ApiError(404, f"no event {event_id!r}")
    event = page.events[0]
    out = event_json(event, page.review.get(event_id))
    out["audit"] = Review(store).audit(event_id=event_id, limit=100)
    out["incident"] = _incident(store, event_id)
    return out


def _incident(store: Any, event_id: str) -> dict[str, Any] | None:
    """The event's incident (id and member event ids) when ``conflictwatch.dedup`` is there."""
    from conflictwatch.api.routes_misc import dedup_functions

    if not dedup_functions():
        return None
    from conflictwatch.dedup import get_incident, incident_of_event

    incident_id = incident_of_event(store, event_id)
    if incident_id is None:
        return None
    incident = get_incident(store, incident_id)
    members = [e.event_id_cnty for e in incident.events] if incident is not None else [event_id]
    return {"id": incident_id, "events": members}
