"""GeoJSON (RFC 7946): a FeatureCollection with one Point feature per event.

Coordinates are ``[longitude, latitude]`` (WGS 84).  An event without usable
coordinates (missing, not finite, or out of range) gets ``"geometry": null``,
which RFC 7946 allows and GDAL/QGIS/GeoPandas read as an empty geometry; its
``latitude``/``longitude`` properties still say what was stored.  Properties are
the ACLED columns plus the ``cw_`` extras; ``cw_confidence`` is an object and
``cw_evidence`` a list of objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from conflictwatch.export.columns import COLUMNS, event_values, finite
from conflictwatch.records import Event

__all__ = ["write_geojson", "event_feature", "point_geometry"]


def point_geometry(latitude: float | None, longitude: float | None) -> dict[str, Any] | None:
    """A GeoJSON Point ``[lon, lat]``, or None when the coordinates are unusable."""
    lat, lon = finite(latitude), finite(longitude)
    if lat is None or lon is None:
        return None
    if (
        isinstance(lat, bool)
        or isinstance(lon, bool)
        or not isinstance(lat, (int, float))
        or not isinstance(lon, (int, float))
    ):
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def event_feature(event: Event) -> dict[str, Any]:
    """One event as a GeoJSON Feature."""
    values = event_values(event, json_as_text=False)
    return {
        "type": "Feature",
        "id": event.event_id_cnty,
        "geometry": point_geometry(event.latitude, event.longitude),
        "properties": {c: values[c] for c in COLUMNS},
    }


def write_geojson(events: Iterable[Event], fh: IO[str]) -> int:
    """Stream a FeatureCollection to the text stream ``fh``; return the number of features."""
    fh.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        fh.write(",\n" if count else "\n")
        fh.write(json.dumps(event_feature(event), ensure_ascii=False, allow_nan=False))
        count += 1
    fh.write("\n]}\n")
    return count
