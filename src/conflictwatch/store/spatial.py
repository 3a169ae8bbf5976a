"""Spatial filters over events: PostGIS where installed, plain latitude/longitude ranges elsewhere.

A bounding box is ``(west, south, east, north)`` in degrees (WGS 84); ``west > east`` means a box
across the antimeridian.  On PostgreSQL with the ``postgis`` extension the filter is
``point && envelope`` over an expression GiST index on the events' points (created when the store
is opened, ``ix_events_geom``: backend-specific, so it lives here and not in the portable schema);
elsewhere it is two ``BETWEEN`` ranges served by the ``(latitude, longitude, event_date, event_id_cnty)``
index of migration 7.
Both give the same rows (the envelope test is inclusive on the edges, like ``BETWEEN``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from conflictwatch.store import schema as _s

__all__ = ["BBox", "check_bbox", "has_postgis", "prepare", "bbox_filter", "GEOM_INDEX"]

BBox = tuple[float, float, float, float]
GEOM_INDEX = "ix_events_geom"
_SRID = 4326


def check_bbox(bbox: Sequence[float]) -> BBox:
    """``bbox`` as four floats, or ValueError naming what is wrong."""
    if len(bbox) != 4:
        raise ValueError(f"bbox={tuple(bbox)!r}: expected (west, south, east, north)")
    w, s, e, n = (float(v) for v in bbox)
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise ValueError(f"bbox={tuple(bbox)!r}: expected west, south, east, north in degrees, south <= north")
    return w, s, e, n


def has_postgis(conn: sa.Connection) -> bool:
    """True on PostgreSQL when the ``postgis`` extension is installed in this database."""
    if conn.dialect.name != "postgresql":
        return False
    found = conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first()
    return found is not None


def _point() -> sa.ColumnElement[object]:
    e = _s.events
    return sa.func.ST_SetSRID(sa.func.ST_MakePoint(e.c.longitude, e.c.latitude), _SRID)


def prepare(conn: sa.Connection) -> bool:
    """Called when a store is opened (in its migration transaction): on PostGIS, make sure the
    expression index exists.  Returns whether spatial filters use PostGIS."""
    if not has_postgis(conn):
        return False
    conn.execute(
        sa.text(
            f"CREATE INDEX IF NOT EXISTS {GEOM_INDEX} ON events USING gist "
            f"((ST_SetSRID(ST_MakePoint(longitude, latitude), {_SRID})))"
        )
    )
    return True


def bbox_filter(bbox: Sequence[float], *, postgis: bool) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses selecting events whose point lies in ``bbox`` (events without one never match)."""
    w, s, east, n = check_bbox(bbox)
    e = _s.events
    if postgis:
        boxes = [(w, east)] if w <= east else [(w, 180.0), (-180.0, east)]
        envelopes = [_point().op("&&")(sa.func.ST_MakeEnvelope(a, s, b, n, _SRID)) for a, b in boxes]
        return [envelopes[0] if len(envelopes) == 1 else sa.or_(*envelopes)]
    lat, lon = e.c.latitude, e.c.longitude
    lon_clause = lon.between(w, east) if w <= east else sa.or_(lon >= w, lon <= east)
    return [lat.between(s, n), lon_clause]
