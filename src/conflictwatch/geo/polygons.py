"""Admin-1 polygons for the focus countries: point-in-polygon for places and coordinates.

Source: Natural Earth admin-1 ("states_provinces" layer of ``world_map.gpkg``
shipped by Debian's ``qgis-common``; public domain).  ``scripts/fetch_admin_polygons.sh``
obtains that file without installing QGIS and runs :func:`build_admin1_polygons`,
which writes ``data/admin1_polygons.json.gz``: for every polygon of a focus
country, its GeoNames admin-1 code (and admin-2 code where Natural Earth draws
admin-2 units, e.g. Burkina Faso's 45 provinces) and its WKB geometry.

Everything degrades gracefully: without the file, :meth:`Gazetteer.admin1_at`
returns None and the gazetteer's own admin codes are used unchanged.

Mali's 2016 regions (Ménaka, Taoudénit) are absent from Natural Earth: points in
the old Gao / Tombouctou polygons are split between the successor regions by the
nearest gazetteer place (``knowledge/geo_admin.yaml``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from conflictwatch import knowledge
from conflictwatch.errors import KnowledgeError
from conflictwatch.geo.normalize import name_key

if TYPE_CHECKING:  # pragma: no cover
    from conflictwatch.geo.gazetteer import Gazetteer

__all__ = ["AdminPolygons", "build_admin1_polygons", "default_polygons_path", "gpkg_geometry_wkb",
           "POLYGONS_FORMAT", "main"]

log = logging.getLogger(__name__)

POLYGONS_FORMAT = 1
POLYGONS_FILE = "admin1_polygons.json.gz"
DEFAULT_GPKG = Path("data-build/qgis/usr/share/qgis/resources/data/world_map.gpkg")


def default_polygons_path() -> Path:
    """``src/conflictwatch/geo/data/admin1_polygons.json.gz`` (written by the build step)."""
    return Path(str(resources.files("conflictwatch.geo"))) / "data" / POLYGONS_FILE


def gpkg_geometry_wkb(blob: bytes) -> bytes:
    """The WKB part of a GeoPackage geometry blob ("GP" header, optional envelope)."""
    if len(blob) < 8 or blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    envelope = (flags >> 1) & 0x07
    sizes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
    if envelope not in sizes:
        raise ValueError(f"bad GeoPackage envelope indicator {envelope}")
    return bytes(blob[8 + sizes[envelope]:])


# ---------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------


def _strip_unit_words(name: str) -> str:
    from conflictwatch.geo.build import _short_name

    return _short_name(name)


def _match_unit(gaz: "Gazetteer", cc: str, names: Sequence[str], fips: str,
                fips_ok: bool) -> tuple[Optional[str], Optional[str]]:
    """``(admin1_code, admin2_code)`` of a Natural Earth polygon, matched by name, then FIPS code."""
    variants: list[str] = []
    for n in names:
        if n:
            variants += [n, _strip_unit_words(n)]
    for v in dict.fromkeys(variants):
        p = gaz.admin1(cc, v)
        if p is not None and p.kind == "admin1" and name_key(v) not in ("", cc.lower()):
            return p.admin1_code, None
    for v in dict.fromkeys(variants):
        p = gaz.admin2(cc, v)
        if p is not None and p.kind == "admin2":
            return p.admin1_code, p.admin2_code
    if fips_ok and fips and len(fips) >= 3:
        code = f"{cc}.{fips[2:]}"
        p = gaz.admin1(cc, code)
        if p is not None:
            return p.admin1_code, None
    return None, None


def build_admin1_polygons(gpkg: Path | str, out: Optional[Path | str] = None, gaz: Optional["Gazetteer"] = None,
                          countries: Optional[Sequence[str]] = None, simplify_deg: float = 0.0) -> Path:
    """Extract the admin-1 polygons of ``countries`` (default: the matcher's focus countries) from ``gpkg``."""
    import shapely

    from conflictwatch.geo.gazetteer import Gazetteer

    gpkg = Path(gpkg)
    if not gpkg.exists():
        raise KnowledgeError(f"{gpkg}: Natural Earth GeoPackage not found (run scripts/fetch_admin_polygons.sh)")
    out = Path(out) if out is not None else default_polygons_path()
    if countries is None:
        countries = knowledge.load("geo_matcher.yaml").get("focus_countries", [])
    countries = sorted({c.upper() for c in countries})
    kadm = knowledge.load("geo_admin.yaml")
    fips_countries = set(kadm.get("fips_admin1_countries") or [])
    own = gaz is None
    gaz = gaz or Gazetteer.open(user=False, polygons=False)
    try:
        con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
        try:
            q = ",".join("?" * len(countries))
            rows = con.execute(f"SELECT fid, iso_a2, name, woe_name, gn_name, fips, geom FROM states_provinces "
                               f"WHERE iso_a2 IN ({q}) ORDER BY iso_a2, fid", countries).fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise KnowledgeError(f"{gpkg}: cannot read the states_provinces layer: {exc}") from exc
    units: list[dict] = []
    unmatched: list[str] = []
    try:
        for fid, cc, name, woe, gn_name, fips, blob in rows:
            geom = shapely.from_wkb(gpkg_geometry_wkb(blob))
            if simplify_deg:
                geom = geom.simplify(simplify_deg, preserve_topology=True)
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            a1, a2 = _match_unit(gaz, cc, [name, woe, gn_name], fips or "", cc in fips_countries)
            if a1 is None:
                unmatched.append(f"{cc}:{name}")
                continue
            units.append({"country": cc, "admin1_code": a1, "admin2_code": a2, "ne_name": name, "ne_fid": fid,
                          "wkb": shapely.to_wkb(shapely.set_precision(geom, 1e-5), hex=True)})
    finally:
        if own:
            gaz.close()
    if unmatched:
        log.warning("admin-1 polygons: %d Natural Earth units not matched to GeoNames codes: %s",
                    len(unmatched), ", ".join(unmatched[:20]))
    payload = {"format": POLYGONS_FORMAT, "source": "Natural Earth admin-1 (public domain) via Debian qgis-common "
               "world_map.gpkg", "countries": countries, "unmatched": unmatched, "units": units}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump(payload, fh, separators=(",", ":"))
    tmp.replace(out)
    log.info("wrote %d admin polygons for %d countries to %s", len(units), len(countries), out)
    return out


# ---------------------------------------------------------------------------
# lookup
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    country: str
    admin1_code: str
    admin2_code: Optional[str]
    name: str


class AdminPolygons:
    """Point-in-polygon over the focus countries' admin-1 (and some admin-2) polygons."""

    def __init__(self, units: list[_Unit], geoms: list, successors: dict[str, list[tuple[float, float, str]]]):
        import shapely

        self.units = units
        self._geoms = geoms
        self._tree = shapely.STRtree(geoms)
        self._successors = successors  # predecessor code -> [(lat, lon, successor code)]

    @classmethod
    def load(cls, path: Path | str, gaz: Optional["Gazetteer"] = None) -> "AdminPolygons":
        """Read the file written by :func:`build_admin1_polygons`; ``gaz`` seeds the 2016-region split."""
        import shapely

        path = Path(path)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise KnowledgeError(f"admin polygons {path} cannot be read: {exc}") from exc
        if data.get("format") != POLYGONS_FORMAT:
            raise KnowledgeError(f"admin polygons {path} has format {data.get('format')}, expected "
                                 f"{POLYGONS_FORMAT}: rerun scripts/fetch_admin_polygons.sh")
        units, geoms = [], []
        for u in data["units"]:
            units.append(_Unit(u["country"], u["admin1_code"], u.get("admin2_code"), u.get("ne_name", "")))
            geoms.append(shapely.from_wkb(u["wkb"]))
        return cls(units, geoms, _successor_seeds(gaz) if gaz is not None else {})

    def units_at(self, lat: float, lon: float) -> list[_Unit]:
        import shapely

        pt = shapely.Point(lon, lat)
        idx = self._tree.query(pt, predicate="intersects")
        return [self.units[i] for i in sorted(int(i) for i in idx)]

    def admin1_at(self, lat: float, lon: float, country_iso2: Optional[str] = None) -> Optional[str]:
        """GeoNames admin-1 code at ``(lat, lon)`` (restricted to ``country_iso2`` when given), or None."""
        return self.admin_at(lat, lon, country_iso2)[0]

    def admin_at(self, lat: float, lon: float,
                 country_iso2: Optional[str] = None) -> tuple[Optional[str], Optional[str]]:
        """``(admin1_code, admin2_code)`` at a point; admin2 only where Natural Earth draws admin-2 units."""
        hits = self.units_at(lat, lon)
        if country_iso2:
            hits = [u for u in hits if u.country == country_iso2.upper()]
        if not hits:
            return None, None
        u = hits[0]
        code = u.admin1_code
        seeds = self._successors.get(code)
        if seeds:
            code = min(seeds, key=lambda s: _dist2(lat, lon, s[0], s[1]))[2]
        return code, u.admin2_code


def _dist2(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    k = math.cos(math.radians((lat1 + lat2) / 2))
    return (lat1 - lat2) ** 2 + ((lon1 - lon2) * k) ** 2


def _successor_seeds(gaz: "Gazetteer") -> dict[str, list[tuple[float, float, str]]]:
    """Points of known places in each successor region, keyed by the predecessor's code."""
    out: dict[str, list[tuple[float, float, str]]] = {}
    for rule in knowledge.load("geo_admin.yaml").get("successor_units") or []:
        pred, succ = rule["predecessor"], list(rule["successors"])
        q = ",".join("?" * len(succ))
        sql = f"SELECT lat, lon, admin1_code FROM {{t}} WHERE kind IN ('locality','admin2') AND admin1_code IN ({q})"
        rows = gaz._query(sql.format(t="places"), succ)
        if gaz.user_path is not None:
            rows += gaz._query(sql.format(t="usr.places"), succ)
        if {r[2] for r in rows} >= set(succ):
            out[pred] = [(float(a), float(b), c) for a, b, c in rows]
    return out


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictwatch.geo.polygons",
                                     description="Extract focus-country admin-1 polygons from Natural Earth.")
    parser.add_argument("gpkg", type=Path, nargs="?", default=DEFAULT_GPKG, help="world_map.gpkg path")
    parser.add_argument("--out", type=Path, default=None, help="output file (default: packaged location)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = build_admin1_polygons(args.gpkg, args.out)
    print(f"{path} ({path.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
