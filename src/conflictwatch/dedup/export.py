"""Export incidents (one row per real-world incident) in the event export formats.

An incident is written as an ACLED row: its merged fields (date, place, type,
actors, the most conservative toll; see :func:`~conflictwatch.dedup.incident.merge_fields`)
with ``event_id_cnty`` set to the incident id, followed by the ``cw_`` extras of
the event export (evidence of every member report) and four incident columns:

* ``cw_n_sources`` — documents reporting it (near-duplicate copies included);
* ``cw_n_events`` — member event records;
* ``cw_event_ids`` — the member events' ids (JSON list; in CSV as JSON text);
* ``cw_source_doc_ids`` — the source documents' ids (JSON list).

Formats: ``acled-csv``, ``geojson``, ``json`` (one array) and ``jsonl``.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional, Union

from conflictwatch.dedup.incident import Incident
from conflictwatch.errors import InputError
from conflictwatch.export.acled_csv import format_cell
from conflictwatch.export.columns import COLUMNS, event_values, finite, to_json
from conflictwatch.export.geojson import point_geometry
from conflictwatch.records import Event

__all__ = ["INCIDENT_COLUMNS", "INCIDENT_FORMATS", "incident_event", "incident_values", "write_incidents"]

INCIDENT_EXTRA: tuple[str, ...] = ("cw_n_sources", "cw_n_events", "cw_event_ids", "cw_source_doc_ids")
INCIDENT_COLUMNS: tuple[str, ...] = COLUMNS + INCIDENT_EXTRA
INCIDENT_FORMATS: tuple[str, ...] = ("acled-csv", "geojson", "json", "jsonl")


def _pick(members: list[Event], attr: str, value: str) -> Optional[Event]:
    return next((e for e in members if getattr(e, attr) == value), None)


def incident_event(inc: Incident) -> Event:
    """The incident as one Event record (id = incident id): merged fields over its lead report."""
    members = list(inc.events)
    if not members:
        raise InputError(inc.id, "incident has no member events to export")
    lead = _pick(members, "event_date", inc.event_date) or members[0]
    side1 = _pick(members, "actor1", inc.actor1) or _pick(members, "actor2", inc.actor1)
    side2 = _pick(members, "actor2", inc.actor2) or _pick(members, "actor1", inc.actor2)
    where = _pick(members, "location", inc.location) or lead

    def inter(ev: Optional[Event], name: str) -> Optional[int]:
        if ev is None or not name:
            return None
        return ev.inter1 if ev.actor1 == name else ev.inter2

    def network(ev: Optional[Event], name: str) -> str:
        if ev is None or not name:
            return ""
        return ev.network1 if ev.actor1 == name else ev.network2

    sources = Counter(s for e in members for s in (e.source or "").split("; ") if s)
    evidence = tuple(ev for e in members for ev in e.evidence)
    return dataclasses.replace(
        lead,
        event_id_cnty=inc.id,
        doc_id=lead.doc_id,
        event_date=inc.event_date,
        year=int(inc.event_date[:4]) if inc.event_date else lead.year,
        time_precision=inc.time_precision or lead.time_precision,
        event_type=inc.event_type,
        sub_event_type=inc.sub_event_type,
        actor1=inc.actor1,
        inter1=inter(side1, inc.actor1),
        actor2=inc.actor2,
        inter2=inter(side2, inc.actor2),
        network1=network(side1, inc.actor1),
        network2=network(side2, inc.actor2),
        country=inc.country,
        admin1=inc.admin1,
        admin2=where.admin2,
        admin3=where.admin3,
        location=inc.location,
        latitude=inc.latitude,
        longitude=inc.longitude,
        geo_precision=inc.geo_precision,
        fatalities=inc.fatalities,
        fatalities_low=inc.fatalities_low,
        fatalities_high=inc.fatalities_high,
        date_end=inc.date_end,
        source="; ".join(sorted(sources)),
        evidence=evidence,
    )


def incident_values(inc: Incident, *, json_as_text: bool) -> dict[str, Any]:
    """One incident as {column: value} over ``INCIDENT_COLUMNS``."""
    out = event_values(incident_event(inc), json_as_text=json_as_text)
    ids = [e.event_id_cnty for e in inc.events]
    docs = list(inc.sources)
    out["cw_n_sources"] = len(docs)
    out["cw_n_events"] = len(ids)
    out["cw_event_ids"] = to_json(ids) if json_as_text else ids
    out["cw_source_doc_ids"] = to_json(docs) if json_as_text else docs
    return out


def _csv(incidents: Iterable[Incident], fh: IO[str]) -> int:
    writer = csv.writer(fh)
    writer.writerow(INCIDENT_COLUMNS)
    n = 0
    for inc in incidents:
        values = incident_values(inc, json_as_text=True)
        writer.writerow([format_cell(c, values[c]) for c in INCIDENT_COLUMNS])
        n += 1
    return n


def _feature(inc: Incident) -> dict[str, Any]:
    values = incident_values(inc, json_as_text=False)
    return {"type": "Feature", "id": inc.id, "geometry": point_geometry(inc.latitude, inc.longitude),
            "properties": {c: values[c] for c in INCIDENT_COLUMNS}}


def _geojson(incidents: Iterable[Incident], fh: IO[str]) -> int:
    fh.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for inc in incidents:
        fh.write(",\n" if n else "\n")
        fh.write(json.dumps(finite(_feature(inc)), ensure_ascii=False, allow_nan=False))
        n += 1
    fh.write("\n]}\n")
    return n


def _dump(inc: Incident) -> str:
    return json.dumps(finite(incident_values(inc, json_as_text=False)), ensure_ascii=False, allow_nan=False)


def _json(incidents: Iterable[Incident], fh: IO[str]) -> int:
    fh.write("[")
    n = 0
    for inc in incidents:
        fh.write(",\n" if n else "\n")
        fh.write(_dump(inc))
        n += 1
    fh.write("\n]\n")
    return n


def _jsonl(incidents: Iterable[Incident], fh: IO[str]) -> int:
    n = 0
    for inc in incidents:
        fh.write(_dump(inc) + "\n")
        n += 1
    return n


_WRITERS = {"acled-csv": _csv, "geojson": _geojson, "json": _json, "jsonl": _jsonl}


def _exportable(incidents: Iterable[Incident]) -> Iterator[Incident]:
    return (inc for inc in incidents if inc.events)


def write_incidents(incidents: Iterable[Incident], fmt: str, out: Union[str, Path, IO[str], None] = None) -> int:
    """Write one row per incident (with members) to ``out`` (a path, a text stream, or stdout)."""
    try:
        write = _WRITERS[fmt]
    except KeyError:
        raise InputError(fmt, f"unknown incident export format (one of {', '.join(INCIDENT_FORMATS)})") from None
    rows = _exportable(incidents)
    if out is None:
        return write(rows, sys.stdout)
    if isinstance(out, (str, Path)):
        path = Path(out)
        try:
            with path.open("w", encoding="utf-8", newline="" if fmt == "acled-csv" else None) as fh:
                return write(rows, fh)
        except OSError as exc:
            raise InputError(str(path), f"cannot write the incident export ({exc})") from exc
    return write(rows, out)
