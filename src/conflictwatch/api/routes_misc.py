"""Reads besides events: health, capabilities, documents (with evidence), actors, places, layers, alerts, audit."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any, Literal, Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from conflictwatch.api.auth import read_access
from conflictwatch.api.errors import ApiError
from conflictwatch.api.routes_events import event_filter
from conflictwatch.store import schema as _s
from conflictwatch.store.event_query import EventFilter, query_events
from conflictwatch.store.review import EDITABLE_FIELDS, Review
from conflictwatch.web.palette import network_color
from conflictwatch.store.event_query import network_names

__all__ = ["router", "analysis_module", "dedup_functions"]

router = APIRouter(prefix="/api", dependencies=[Depends(read_access)])


def analysis_module() -> Any | None:
    """``conflictwatch.analysis`` when it is installed, else None."""
    if importlib.util.find_spec("conflictwatch.analysis") is None:
        return None
    return importlib.import_module("conflictwatch.analysis")


def dedup_functions() -> dict[str, Any]:
    """``merge_events`` / ``split_event`` from ``conflictwatch.dedup`` when they exist."""
    if importlib.util.find_spec("conflictwatch.dedup") is None:
        return {}
    module = importlib.import_module("conflictwatch.dedup")
    return {name: getattr(module, name) for name in ("merge_events", "split_event") if callable(getattr(module, name, None))}


@router.get("/health", tags=["meta"], summary="Liveness, schema version and event count")
def health(request: Request) -> dict[str, Any]:
    store = request.app.state.store
    return {"status": "ok", "schema_version": store.schema_version, "events": store.count_events(),
            "documents": store.count_documents()}


@router.get("/capabilities", tags=["meta"], summary="Which optional features this server has")
def capabilities(request: Request) -> dict[str, Any]:
    from conflictwatch.reports.analysis_layers import analysis_available

    analysis = analysis_module()
    dedup = dedup_functions()
    return {
        "review": True,
        "editable_fields": list(EDITABLE_FIELDS),
        "merge": "merge_events" in dedup,
        "split": "split_event" in dedup,
        "layers": analysis_available(),
        "alerts": analysis is not None,
    }


# ------------------------------------------------------------------ documents


@router.get("/documents", tags=["documents"], summary="Stored documents, paginated by id")
def list_documents(request: Request, limit: int = Query(100, ge=1, le=1000),
                   cursor: Optional[str] = None) -> dict[str, Any]:
    d = _s.documents
    query = (sa.select(d.c.id, d.c.uri, d.c.url, d.c.title, d.c.publisher, d.c.published, d.c.language, d.c.status)
             .order_by(d.c.id).limit(limit + 1))
    if cursor:
        query = query.where(d.c.id > cursor)
    with request.app.state.store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    return {"documents": rows, "next_cursor": rows[-1]["id"] if more else None}


@router.get("/documents/{doc_id}", tags=["documents"], summary="One document: clean text, sources, events, evidence")
def get_document(request: Request, doc_id: str) -> dict[str, Any]:
    store = request.app.state.store
    row = store.get_document(doc_id)
    if row is None:
        raise ApiError(404, f"no document {doc_id!r}")
    page = query_events(store, EventFilter(doc_id=doc_id, include_rejected=True), limit=10_000)
    evidence = [
        {"event_id": e.event_id_cnty, **ev.to_dict()} for e in page.events for ev in e.evidence
    ]
    keep = ("id", "uri", "url", "title", "publisher", "byline", "language", "published", "dateline", "status",
            "text", "source_title", "extractor", "processed_at")
    out = {k: row.get(k) for k in keep}
    out["sources"] = row["sources"]
    out["events"] = [e.event_id_cnty for e in page.events]
    out["evidence"] = evidence
    return out


# ------------------------------------------------------------------ actors and places


@router.get("/actors", tags=["actors"], summary="Actors known to the knowledge base, with event counts")
def list_actors(request: Request, q: Optional[str] = Query(None, description="substring of the name, any case"),
                network: Optional[str] = None) -> dict[str, Any]:
    from conflictwatch.actors import default_kb

    e = _s.events
    with request.app.state.store.engine.connect() as conn:
        counts: dict[str, int] = {}
        for col in (e.c.actor1, e.c.actor2):
            for name, n in conn.execute(sa.select(col, sa.func.count()).where(col != "").group_by(col)):
                counts[name] = counts.get(name, 0) + int(n)
    known = network_names(request.app.state.store)
    items = []
    for actor in default_kb().all():
        if q and q.lower() not in actor.name.lower():
            continue
        if network and actor.network != network:
            continue
        items.append({"id": actor.id, "name": actor.name, "inter": actor.inter, "network": actor.network,
                      "color": network_color(actor.network, known), "parent": actor.parent,
                      "events": counts.get(actor.name, 0)})
    items.sort(key=lambda a: (-a["events"], a["name"]))
    return {"actors": items}


@router.get("/actors/{actor_id}", tags=["actors"], summary="One actor")
def get_actor(actor_id: str) -> dict[str, Any]:
    from conflictwatch.actors import default_kb

    actor = default_kb().get(actor_id)
    if actor is None:
        raise ApiError(404, f"no actor {actor_id!r}")
    return actor.to_dict()


@router.get("/places", tags=["places"], summary="Places that events are located at, with counts")
def list_places(request: Request, country: Optional[str] = None,
                q: Optional[str] = Query(None, description="substring of the location name")) -> dict[str, Any]:
    e = _s.events
    query = (sa.select(e.c.location, e.c.admin1, e.c.admin2, e.c.country, e.c.latitude, e.c.longitude,
                       e.c.geo_precision, sa.func.count().label("events"), sa.func.sum(e.c.fatalities).label("fatalities"))
             .group_by(e.c.location, e.c.admin1, e.c.admin2, e.c.country, e.c.latitude, e.c.longitude, e.c.geo_precision)
             .order_by(sa.desc("events"), e.c.location))
    if country:
        query = query.where(e.c.country == country)
    if q:
        query = query.where(e.c.location.icontains(q, autoescape=True))  # % and _ literal
    with request.app.state.store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for r in rows:
        r["fatalities"] = int(r["fatalities"] or 0)
    return {"places": rows}


# ------------------------------------------------------------------ analysis layers and alerts


def _not_available(what: str) -> ApiError:
    return ApiError(404, f"{what} are not available: conflictwatch.analysis (with h3) is not installed",
                    code="not_available")


@router.get("/layers/influence", tags=["analysis"], summary="Areas of influence as GeoJSON hexagons")
def influence(request: Request, f: EventFilter = Depends(event_filter),
              period: Literal["year", "half", "quarter", "month", "week"] = "year",
              at: Optional[str] = Query(None, description="A day in the period wanted (default: the latest)")
              ) -> JSONResponse:
    from conflictwatch.reports.analysis_layers import influence_layer

    layer = influence_layer(request.app.state.store, f, period=period, at=at)
    if layer is None:
        raise _not_available("analysis layers")
    return JSONResponse(layer, media_type="application/geo+json")


@router.get("/layers", tags=["analysis"], summary="Which analysis layers this server has")
def layers() -> dict[str, Any]:
    from conflictwatch.reports.analysis_layers import analysis_available

    if not analysis_available():
        raise _not_available("analysis layers")
    return {"layers": [{"id": "influence", "url": "/api/layers/influence", "format": "geojson"}]}


@router.get("/alerts", tags=["analysis"], summary="Alerts raised by the packaged rules over reviewed events")
def alerts(request: Request, country: Optional[str] = None,
           date_from: Optional[str] = Query(None, alias="from", description="Only alerts for weeks from this day"),
           date_to: Optional[str] = Query(None, alias="to")) -> dict[str, Any]:
    from conflictwatch.reports.analysis_layers import alerts_for

    found = alerts_for(request.app.state.store, country, date_from=date_from, date_to=date_to)
    if found is None:
        raise _not_available("alerts")
    return {"alerts": found}


@router.get("/audit", tags=["review"], summary="The review audit log, newest first")
def audit(request: Request, event_id: Optional[str] = None, limit: int = Query(200, ge=1, le=5000)) -> dict[str, Any]:
    return {"entries": Review(request.app.state.store).audit(event_id=event_id, limit=limit)}
