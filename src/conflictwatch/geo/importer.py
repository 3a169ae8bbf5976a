"""Import user places into the overlay gazetteer: GeoNames country dumps and CSVs.

Formats (detected from the content, not the file name):

* **GeoNames dump** (``ML.txt``, ``BF.txt``, ``NE.txt``, ``allCountries.txt`` or the
  ``.zip`` GeoNames serves them in): tab-separated, 19 columns, no header
  (geonameid, name, asciiname, alternatenames, latitude, longitude, feature class,
  feature code, country code, cc2, admin1 code, admin2 code, admin3, admin4,
  population, elevation, dem, timezone, modification date).  Only populated
  places (feature class ``P``) are imported by default; ids stay ``gn:<geonameid>``
  so a dump row replaces the packaged copy of the same place.
* **CSV of user places** with a header: ``name``, ``latitude``, ``longitude``,
  ``country`` (ISO2, ISO3 or name) required; ``alternate_names`` (``|`` or ``;``
  separated), ``admin1``, ``admin2`` (name or code), ``feature_code``,
  ``population``, ``id`` optional.  Lines whose first cell starts with ``#`` are comments.

Bad rows (bad coordinates, missing values, unknown country) are reported with the
file and line and skipped; the import goes on.  Admin-1 units are checked against
the Natural Earth polygons when they are available (missing ones are filled in).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

from conflictwatch.errors import InputError
from conflictwatch.geo.gazetteer import Gazetteer
from conflictwatch.geo.normalize import name_key, slug
from conflictwatch.geo.overlay import OverlayPlace, UserOverlay, user_overlay_path

__all__ = ["import_places", "ImportReport", "read_geonames_dump", "read_places_csv"]

GEONAMES_COLUMNS = 19
_CSV_ALIASES = {
    "name": ("name", "place", "toponym"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
    "country": ("country", "country_iso2", "country_code", "iso2", "iso"),
    "alternate_names": ("alternate_names", "alternatenames", "aliases", "alt_names"),
    "admin1": ("admin1", "admin1_code", "region"),
    "admin2": ("admin2", "admin2_code"),
    "feature_code": ("feature_code",),
    "population": ("population",),
    "id": ("id", "place_id"),
}
_REQUIRED = ("name", "latitude", "longitude", "country")


@dataclass
class ImportReport:
    """What an import did.  ``errors``/``warnings`` are ``"FILE:LINE: reason"`` strings."""

    path: str
    source: str
    format: str = ""
    rows: int = 0
    added: int = 0
    updated: int = 0
    skipped: int = 0  # rows not imported because of their feature class (not errors)
    admin1_from_polygons: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.added + self.updated

    def summary(self) -> str:
        return (f"{self.path}: {self.format}, {self.rows} rows: {self.added} added, {self.updated} updated, "
                f"{self.skipped} skipped, {len(self.errors)} bad rows, {len(self.warnings)} warnings "
                f"(source {self.source!r})")


class _Row(Exception):
    """A bad row: the message says why."""


def _coords(lat_s: str, lon_s: str) -> tuple[float, float]:
    try:
        lat, lon = float(lat_s), float(lon_s)
    except (TypeError, ValueError):
        raise _Row(f"bad coordinates ({lat_s!r}, {lon_s!r}): not numbers") from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or lat != lat or lon != lon:
        raise _Row(f"bad coordinates ({lat_s!r}, {lon_s!r}): out of range")
    return lat, lon


def _population(s: str) -> int:
    try:
        return max(int(float(s)), 0) if s and s.strip() else 0
    except ValueError:
        raise _Row(f"bad population {s!r}") from None


def _text_lines(path: Path) -> Iterator[tuple[str, Iterator[str]]]:
    """``(member name, lines)`` for a plain file or each ``.txt``/``.csv`` member of a zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                low = info.filename.lower()
                if info.is_dir() or low.endswith("readme.txt") or not low.endswith((".txt", ".csv", ".tsv")):
                    continue
                with zf.open(info) as fh:
                    yield f"{path}!{info.filename}", io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        return
    with open(path, encoding="utf-8-sig", newline="") as fh:
        yield str(path), fh


def _looks_like_dump(first_line: str) -> bool:
    cols = first_line.rstrip("\r\n").split("\t")
    return len(cols) == GEONAMES_COLUMNS and cols[0].strip().isdigit()


def read_geonames_dump(lines: Iterator[str], uri: str, report: ImportReport, gaz: Gazetteer,
                       feature_classes: Sequence[str] = ("P",)) -> Iterator[OverlayPlace]:
    """Places from GeoNames dump lines; bad lines go to ``report.errors``."""
    fc_ok = {c.upper() for c in feature_classes}
    units = _UnitCache(gaz)
    for lineno, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        report.rows += 1
        cols = line.split("\t")
        try:
            if len(cols) != GEONAMES_COLUMNS:
                raise _Row(f"expected {GEONAMES_COLUMNS} tab-separated columns (GeoNames dump), got {len(cols)}")
            gid, name, ascii_name, alts, lat_s, lon_s, fclass, fcode, cc = cols[:9]
            if fclass.upper() not in fc_ok:
                report.skipped += 1
                continue
            if not gid.strip().isdigit():
                raise _Row(f"bad geonameid {gid!r}")
            if not name.strip():
                raise _Row("empty name")
            lat, lon = _coords(lat_s, lon_s)
            cc = cc.strip().upper()
            if not units.known_country(cc):
                raise _Row(f"unknown country code {cc!r}")
            a1 = units.admin1_code(cc, cols[10].strip())
            a2 = units.admin2_code(cc, cols[10].strip(), cols[11].strip()) if a1 else None
            a1, a2 = _check_admin(units, report, f"{uri}:{lineno}", cc, lat, lon, a1, a2)
            names = tuple(n for n in [ascii_name, *alts.split(",")] if n.strip())
            yield OverlayPlace(id=f"gn:{int(gid)}", name=name.strip(), country_iso2=cc, lat=lat, lon=lon,
                               names=names, admin1_code=a1, admin2_code=a2, population=_population(cols[14]),
                               feature_code=fcode.strip() or fclass.strip() or None)
        except _Row as exc:
            report.errors.append(f"{uri}:{lineno}: {exc}")


def _column_map(header: Sequence[str], uri: str) -> dict[str, str]:
    present = {h.strip().lower(): h for h in header if h}
    out: dict[str, str] = {}
    for field_name, aliases in _CSV_ALIASES.items():
        for a in aliases:
            if a in present:
                out[field_name] = present[a]
                break
    missing = [f for f in _REQUIRED if f not in out]
    if missing:
        raise InputError(uri, f"CSV header lacks required column(s) {', '.join(missing)} "
                              f"(has: {', '.join(h for h in header if h)})")
    return out


def read_places_csv(lines: Iterator[str], uri: str, report: ImportReport, gaz: Gazetteer,
                    source: str) -> Iterator[OverlayPlace]:
    """Places from a CSV with a header (see the module docs); bad rows go to ``report.errors``."""
    reader = csv.DictReader(lines)
    if reader.fieldnames is None:
        raise InputError(uri, "empty CSV file")
    cols = _column_map(reader.fieldnames, uri)
    units = _UnitCache(gaz)

    def get(row: dict, key: str) -> str:
        col = cols.get(key)
        v = row.get(col) if col else None
        return (v or "").strip()

    first_col = reader.fieldnames[0]
    for row in reader:
        lineno = reader.line_num
        if (row.get(first_col) or "").lstrip().startswith("#"):
            continue  # a comment line
        report.rows += 1
        try:
            if None in row:
                raise _Row(f"more values than columns ({len(reader.fieldnames) + len(row[None])})")
            name = get(row, "name")
            if not name:
                raise _Row("empty name")
            lat_s, lon_s = get(row, "latitude"), get(row, "longitude")
            if not lat_s or not lon_s:
                raise _Row("missing latitude/longitude")
            lat, lon = _coords(lat_s, lon_s)
            cc = units.country_code(get(row, "country"))
            if cc is None:
                raise _Row(f"unknown country {get(row, 'country')!r}")
            a1_in, a2_in = get(row, "admin1"), get(row, "admin2")
            a1 = units.admin1_by_name(cc, a1_in) if a1_in else None
            if a1_in and a1 is None:
                report.warnings.append(f"{uri}:{lineno}: unknown admin1 {a1_in!r} in {cc}: taken from coordinates")
            a2 = units.admin2_by_name(cc, a2_in, a1) if a2_in else None
            if a2_in and a2 is None:
                report.warnings.append(f"{uri}:{lineno}: unknown admin2 {a2_in!r} in {cc}")
            if a2 and not a1:
                a1 = units.parent_of(a2)
            a1, a2 = _check_admin(units, report, f"{uri}:{lineno}", cc, lat, lon, a1, a2)
            alts = tuple(a.strip() for a in get(row, "alternate_names").replace(";", "|").split("|") if a.strip())
            pid = get(row, "id")
            pid = f"user:{slug(source)}:{pid}" if pid else f"user:{cc.lower()}:{slug(name)}:{(a1 or '-').lower()}"
            yield OverlayPlace(id=pid, name=name, country_iso2=cc, lat=lat, lon=lon, names=alts, admin1_code=a1,
                               admin2_code=a2, population=_population(get(row, "population")),
                               feature_code=get(row, "feature_code") or "P")
        except _Row as exc:
            report.errors.append(f"{uri}:{lineno}: {exc}")


def _check_admin(units: "_UnitCache", report: ImportReport, where: str, cc: str, lat: float, lon: float,
                 a1: Optional[str], a2: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """Fill a missing admin-1 (and admin-2) from the polygons; warn when the coordinates disagree."""
    polys = units.gaz.polygons
    if polys is None:
        return a1, a2
    p1, p2 = polys.admin_at(lat, lon)
    if p1 is None:
        return a1, a2
    if not p1.startswith(cc + "."):
        report.warnings.append(f"{where}: coordinates ({lat}, {lon}) lie in {p1.split('.')[0]}, not {cc}")
        return a1, a2
    if a1 is None:
        report.admin1_from_polygons += 1
        return p1, a2 or p2
    if a1 != p1 and units.successor_of(a1) != units.successor_of(p1):
        report.warnings.append(f"{where}: admin1 {a1} but coordinates ({lat}, {lon}) lie in {p1}")
    return a1, a2 or (p2 if p1 == a1 else None)


class _UnitCache:
    """Memoised admin/country look-ups against the packaged gazetteer."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self._a1: dict[tuple[str, str], Optional[str]] = {}
        self._a2: dict[tuple, Optional[str]] = {}
        self._cc: dict[str, Optional[str]] = {}
        self._pred: dict[str, str] = {}
        from conflictwatch import knowledge

        for rule in knowledge.load("geo_admin.yaml").get("successor_units") or []:
            for s in rule["successors"]:
                self._pred[s] = rule["predecessor"]

    def successor_of(self, code: str) -> str:
        return self._pred.get(code, code)

    def known_country(self, cc: str) -> bool:
        return cc in self.gaz._countries

    def country_code(self, s: str) -> Optional[str]:
        if s not in self._cc:
            p = self.gaz.country(s) if s else None
            self._cc[s] = p.country_iso2 if p else None
        return self._cc[s]

    def admin1_code(self, cc: str, code: str) -> Optional[str]:
        if not code or code == "00":
            return None
        full = f"{cc}.{code}"
        return full if full in self.gaz._admin1 else None

    def admin2_code(self, cc: str, a1: str, a2: str) -> Optional[str]:
        if not a2:
            return None
        key = (cc, a1, a2)
        if key not in self._a2:
            code = f"{cc}.{a1}.{a2}"
            self._a2[key] = code if self.gaz.admin2_name(code) else None
        return self._a2[key]

    def admin1_by_name(self, cc: str, s: str) -> Optional[str]:
        key = (cc, name_key(s))
        if key not in self._a1:
            p = self.gaz.admin1(cc, s)
            self._a1[key] = p.admin1_code if p else None
        return self._a1[key]

    def admin2_by_name(self, cc: str, s: str, a1: Optional[str]) -> Optional[str]:
        key = (cc, name_key(s), a1)
        if key not in self._a2:
            p = self.gaz.admin2(cc, s, a1)
            self._a2[key] = p.admin2_code if p else None
        return self._a2[key]

    def parent_of(self, a2: str) -> Optional[str]:
        p = self.gaz.admin2_place(a2)
        return p.admin1_code if p else None


def import_places(path: Path | str, source: Optional[str] = None, overlay: Optional[Path | str] = None,
                  gaz: Optional[Gazetteer] = None, feature_classes: Sequence[str] = ("P",)) -> ImportReport:
    """Import a GeoNames dump (plain or zipped) or a CSV of places into the user overlay.

    ``source`` names the import (default: the file's stem); re-importing a file
    replaces its places (idempotent).  Raises :class:`InputError` when the file
    cannot be read at all or a CSV lacks a required column; bad rows are reported.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "file not found")
    source = source or path.stem
    report = ImportReport(path=str(path), source=source)
    own = gaz is None
    gaz = gaz or Gazetteer.open(user=False)
    target = Path(overlay) if overlay is not None else user_overlay_path()
    try:
        with UserOverlay(target) as ov:
            formats = []
            try:
                for uri, lines in _text_lines(path):
                    it = iter(lines)
                    first = next(it, "")
                    if not first.strip():
                        continue
                    chained = _chain(first, it)
                    if _looks_like_dump(first):
                        formats.append("geonames-dump")
                        places = read_geonames_dump(chained, uri, report, gaz, feature_classes)
                    else:
                        formats.append("csv")
                        places = read_places_csv(chained, uri, report, gaz, source)
                    added, updated = ov.upsert(places, source)
                    report.added += added
                    report.updated += updated
            except (UnicodeDecodeError, zipfile.BadZipFile, csv.Error, OSError) as exc:
                raise InputError(str(path), f"cannot read places: {exc}") from exc
            if not formats:
                raise InputError(str(path), "no places found (empty file or zip without .txt/.csv members)")
            report.format = "+".join(dict.fromkeys(formats))
    finally:
        if own:
            gaz.close()
    return report


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
