"""Read ACLED CSV exports (as users download them) into :class:`Event` records.

Tolerated variations:

* an HXL hashtag row right under the header (``#date,#event+type,...``, HDX exports);
* a UTF-8 byte-order mark, comma / semicolon / tab delimiters;
* event dates as ``2019-03-31``, ``03 December 2020``, ``31-March-2019``, ``31 Mar 2019``, ``31-Mar-19``;
* old exports without ``disorder_type``/``civilian_targeting``/``tags`` (derived from the taxonomy), and
  exports with the pre-2023 columns (``data_id``, ``event_id_no_cnty``, ``iso3``), which are ignored;
* **monadic** files (one row per actor of an event, no ``actor2`` column, or ``actor``/``assoc_actor``/``inter``
  columns): rows are merged back into one dyadic event by ``event_id_cnty`` (first actor in file order becomes
  ``actor1``, the second ``actor2``; fatalities are the event's, not summed).

Every problem raises :class:`InputError` naming the file and line.  :func:`import_acled` stores a file as one
pseudo-document (id = SHA-256 of its bytes, origin ``acled``) so re-importing the same file adds nothing.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

from conflictwatch.errors import InputError
from conflictwatch.knowledge import load
from conflictwatch.records import Document, Event, Extraction, PublicationDate, RawDocument, content_id

if TYPE_CHECKING:  # pragma: no cover
    from conflictwatch.actors import ActorKB
    from conflictwatch.store import Store

__all__ = ["EXTRACTOR", "ORIGIN", "ImportResult", "parse_acled_date", "read_acled", "import_acled"]

EXTRACTOR = "import.acled.v1"
ORIGIN = "acled"
ORIGIN_TAG = "import:acled"

_REQUIRED = ("event_date", "event_type", "sub_event_type")
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%d %B, %Y",
                 "%B %d, %Y", "%Y/%m/%d", "%d.%m.%Y")
# monadic column spellings -> dyadic
_MONADIC_RENAMES = {"actor": "actor1", "assoc_actor": "assoc_actor_1", "inter": "inter1"}


def parse_acled_date(value: str) -> Optional[date]:
    """The date in an ACLED ``event_date`` cell, or None when no known format fits."""
    text = re.sub(r"\s+", " ", value.strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@functools.lru_cache(maxsize=1)
def _disorder_types() -> dict[str, str]:
    out: dict[str, str] = {}
    for subs in load("taxonomy.yaml").get("event_types", {}).values():
        for sub, disorder in (subs or {}).items():
            out[str(sub)] = str(disorder)
    return out


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    cells: dict[str, str]


def _decode(raw: bytes, uri: str) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(uri, "not a text file (neither UTF-8 nor Windows-1252)")  # pragma: no cover - cp1252 rarely fails


def _rows(text: str, uri: str) -> tuple[list[str], list[_Row]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(uri, "empty file: no header row") from None
    header = [h.strip().lower() for h in header]
    header = [_MONADIC_RENAMES.get(h, h) for h in header]
    missing = [c for c in _REQUIRED if c not in header]
    if missing or "actor1" not in header:
        need = ", ".join(missing + ([] if "actor1" in header else ["actor1"]))
        raise InputError(f"{uri}:1", f"not an ACLED export: missing column(s) {need}")
    rows: list[_Row] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if cells and cells[0].lstrip().startswith("#") and not rows:
                continue  # HXL hashtag row
            if len(cells) != len(header):
                raise InputError(f"{uri}:{start}", f"{len(cells)} cells where the header has {len(header)}")
            rows.append(_Row(start, {h: c.strip() for h, c in zip(header, cells)}))
    except csv.Error as exc:
        raise InputError(f"{uri}:{line}", f"malformed CSV: {exc}") from exc
    return header, rows


def _int(row: _Row, col: str, uri: str, default: Optional[int] = None) -> Optional[int]:
    value = row.cells.get(col, "")
    if value == "":
        return default
    try:
        return int(float(value))
    except (ValueError, OverflowError):  # OverflowError: "inf"
        raise InputError(f"{uri}:{row.line}", f"{col} {value!r} is not a number") from None


def _float(row: _Row, col: str, uri: str) -> Optional[float]:
    value = row.cells.get(col, "")
    if value == "":
        return None
    for candidate in (value, value.replace(",", ".")):  # a decimal comma from a spreadsheet
        try:
            return float(candidate)
        except ValueError:
            continue
    raise InputError(f"{uri}:{row.line}", f"{col} {value!r} is not a number")


def _tags(existing: str) -> str:
    parts = [t.strip() for t in existing.split(";") if t.strip()]
    if ORIGIN_TAG not in parts:
        parts.append(ORIGIN_TAG)
    return "; ".join(parts)


class _Networks:
    """Actor name -> network, through the actor knowledge base (see ``analysis.actors``)."""

    def __init__(self, kb: Optional["ActorKB"]):
        self._resolver = None
        if kb is not None:
            from conflictwatch.analysis.actors import ActorResolver

            self._resolver = ActorResolver(kb)

    def __call__(self, name: str, inter: Optional[int]) -> str:
        if not name or self._resolver is None:
            return ""
        return self._resolver.resolve(name, inter).network


def _event(row: _Row, uri: str, doc_id: str, networks: _Networks) -> Event:
    c = row.cells
    where = f"{uri}:{row.line}"
    day = parse_acled_date(c["event_date"])
    if day is None:
        raise InputError(where, f"event_date {c['event_date']!r} is not a date (expected e.g. 2019-03-31 or 03 December 2020)")
    if not c.get("actor1"):
        raise InputError(where, "actor1 is empty")
    event_id = c.get("event_id_cnty", "")
    if not event_id:
        iso3 = c.get("iso3") or "XXX"
        ident = c.get("event_id_no_cnty") or c.get("data_id")
        if not ident:
            raise InputError(where, "no event_id_cnty (nor event_id_no_cnty/data_id) to identify the event")
        event_id = f"{iso3}{ident}"
    inter1, inter2 = _int(row, "inter1", uri), _int(row, "inter2", uri)
    lat, lon = _float(row, "latitude", uri), _float(row, "longitude", uri)
    if lat is not None and not -90 <= lat <= 90 or lon is not None and not -180 <= lon <= 180:
        raise InputError(where, f"coordinates {lat}, {lon} out of range")
    sub = c["sub_event_type"]
    return Event(
        event_id_cnty=event_id,
        doc_id=doc_id,
        event_date=day.isoformat(),
        year=day.year,
        time_precision=_int(row, "time_precision", uri, 1) or 1,
        disorder_type=c.get("disorder_type") or _disorder_types().get(sub, ""),
        event_type=c["event_type"],
        sub_event_type=sub,
        actor1=c["actor1"],
        assoc_actor_1=c.get("assoc_actor_1", ""),
        inter1=inter1,
        actor2=c.get("actor2", ""),
        assoc_actor_2=c.get("assoc_actor_2", ""),
        inter2=inter2,
        interaction=_int(row, "interaction", uri),
        civilian_targeting=c.get("civilian_targeting", ""),
        iso=_int(row, "iso", uri),
        region=c.get("region", ""),
        country=c.get("country", ""),
        admin1=c.get("admin1", ""),
        admin2=c.get("admin2", ""),
        admin3=c.get("admin3", ""),
        location=c.get("location", ""),
        latitude=lat,
        longitude=lon,
        geo_precision=_int(row, "geo_precision", uri),
        source=c.get("source", ""),
        source_scale=c.get("source_scale", ""),
        notes=c.get("notes", ""),
        fatalities=_int(row, "fatalities", uri, 0) or 0,
        tags=_tags(c.get("tags", "")),
        timestamp=_int(row, "timestamp", uri, 0) or 0,
        network1=networks(c["actor1"], inter1),
        network2=networks(c.get("actor2", ""), inter2),
        extractor=EXTRACTOR,
    )


def _merge_monadic(events: list[tuple[int, Event]], uri: str, networks: _Networks) -> Event:
    """One dyadic event from the rows of a monadic export that share an event id."""
    first_line, first = events[0]
    actors: list[tuple[str, str, Optional[int]]] = []
    for _, e in events:
        key = (e.actor1, e.assoc_actor_1, e.inter1)
        if key not in actors:
            actors.append(key)
    for line, e in events[1:]:
        if e.event_date != first.event_date or e.event_type != first.event_type:
            raise InputError(f"{uri}:{line}", f"event {first.event_id_cnty} differs from its row at line {first_line} "
                             "(date or event type): not the same event")
    if len(actors) == 1:
        return first
    a2, assoc2, inter2 = actors[1]
    extra = [a for a, _, _ in actors[2:]]
    assoc2 = "; ".join(x for x in [assoc2, *extra] if x)
    return first.replace(actor2=a2, assoc_actor_2=assoc2, inter2=inter2, network2=networks(a2, inter2),
                         fatalities=max(e.fatalities for _, e in events))


def read_acled(raw: bytes, uri: str, *, kb: Optional["ActorKB"] = None, doc_id: Optional[str] = None) -> list[Event]:
    """The events of one ACLED CSV export (``raw`` bytes), in file order.

    ``uri`` names the file in errors (``file.csv:LINE: why``).  With ``kb`` (an
    :class:`~conflictwatch.actors.ActorKB`), ``network1``/``network2`` are filled from the actor names.
    """
    doc_id = doc_id or content_id(raw)
    header, rows = _rows(_decode(raw, uri), uri)
    networks = _Networks(kb)
    monadic_columns = "actor2" not in header
    by_id: dict[str, list[tuple[int, Event]]] = {}
    for row in rows:
        event = _event(row, uri, doc_id, networks)
        by_id.setdefault(event.event_id_cnty, []).append((row.line, event))
    out: list[Event] = []
    for event_id, group in by_id.items():
        if len(group) == 1:
            out.append(group[0][1])
            continue
        if not monadic_columns and any(e.actor2 for _, e in group):
            raise InputError(f"{uri}:{group[1][0]}", f"event {event_id} appears twice (first at line {group[0][0]})")
        out.append(_merge_monadic(group, uri, networks))
    return out


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What :func:`import_acled` did.

    ``imported`` is False when the file was already in the store; ``events`` is the number of events stored
    from this file; ``skipped`` the events of the file left out because another document (e.g. an overlapping
    export imported before) already holds their ``event_id_cnty``; ``rows`` the events read from the file.
    """

    doc_id: str
    uri: str
    events: int
    imported: bool
    skipped: int = 0
    rows: int = 0
    skipped_ids: tuple[str, ...] = ()  # the first few skipped event ids, for the report


def import_acled(store: "Store", path: Path | str, *, kb: Optional["ActorKB"] = None) -> ImportResult:
    """Load one ACLED CSV export into ``store`` as a pseudo-document (idempotent).

    The raw bytes are stored (origin ``acled``) and the events saved with
    ``save_extraction`` under extractor ``import.acled.v1``; a file already
    imported is skipped.  Events whose id another document already holds (exports that overlap in time or
    place share events) are skipped, and counted in :attr:`ImportResult.skipped`: the first import keeps them.
    """
    path = Path(path)
    uri = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(uri, f"cannot read: {exc.strerror or exc}") from exc
    doc_id = content_id(raw)
    if store.is_processed(doc_id, EXTRACTOR):
        return ImportResult(doc_id, uri, 0, False)
    if kb is None:
        from conflictwatch.actors import default_kb

        kb = default_kb()
    events = read_acled(raw, uri, kb=kb, doc_id=doc_id)
    owners = store.event_owners([e.event_id_cnty for e in events])
    foreign = [e.event_id_cnty for e in events if owners.get(e.event_id_cnty, doc_id) != doc_id]
    if foreign:
        skip = set(foreign)
        kept = [e for e in events if e.event_id_cnty not in skip]
    else:
        kept = events
    store.put_raw(RawDocument(id=doc_id, uri=uri, raw=raw, media_type="text/csv", origin=ORIGIN, title=path.name))
    note = f" ({len(foreign)} already stored from another file)" if foreign else ""
    doc = Document(
        id=doc_id, uri=uri, text=f"ACLED export {path.name}: {len(kept)} events{note}", title=path.name,
        publisher="ACLED", origin=ORIGIN, media_type="text/csv", published=PublicationDate(),
    )
    n = store.save_extraction(Extraction(document=doc, events=tuple(kept)), EXTRACTOR)
    store.refresh_statistics(exact=True)  # a large export can change which index the planner should pick
    return ImportResult(doc_id, uri, n, True, skipped=len(foreign), rows=len(events), skipped_ids=tuple(foreign[:10]))


def iter_acled(path: Path | str, *, kb: Optional["ActorKB"] = None) -> Iterator[Event]:
    """The events of an ACLED CSV file on disk (no store)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    yield from read_acled(raw, str(path), kb=kb)
