"""The user overlay gazetteer: places imported by users, kept in their own SQLite file.

The packaged gazetteer (``data/gazetteer.sqlite``) is rebuilt from registry
packages whenever its sources change; places users import (GeoNames country
dumps, CSVs of their own villages) live in a separate file so a rebuild never
loses them.  :class:`~conflictwatch.geo.gazetteer.Gazetteer` attaches the
overlay read-only and lets its localities override packaged localities of the
same name in the same country (and admin-1 unit when both know it).

Where the overlay lives (:func:`user_overlay_path`):

* ``$CONFLICTWATCH_GAZETTEER_USER`` when set: a ``.sqlite`` file, or a folder
  that gets ``user_places.sqlite``;
* otherwise ``user_places.sqlite`` next to the packaged gazetteer.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from conflictwatch.errors import StoreError
from conflictwatch.geo.build import default_path

__all__ = ["user_overlay_path", "UserOverlay", "OverlayPlace", "OVERLAY_SCHEMA_VERSION", "ENV_VAR"]

ENV_VAR = "CONFLICTWATCH_GAZETTEER_USER"
OVERLAY_SCHEMA_VERSION = 1
OVERLAY_FILE = "user_places.sqlite"

# Same column layout as the packaged ``places`` / ``names`` tables, so one query shape reads both.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places (
  pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
  country_iso2 TEXT NOT NULL, admin1_code TEXT, admin2_code TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
  population INTEGER NOT NULL, feature_code TEXT, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, pk INTEGER NOT NULL, flag INTEGER NOT NULL,
  PRIMARY KEY (key, pk)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_pk ON names(pk);
CREATE INDEX IF NOT EXISTS places_source ON places(source);
"""


def user_overlay_path() -> Path:
    """Where the user overlay lives (see the module docs); the file need not exist."""
    env = os.environ.get(ENV_VAR)
    if env:
        p = Path(env).expanduser()
        return p if p.suffix in (".sqlite", ".db", ".sqlite3") else p / OVERLAY_FILE
    return default_path().with_name(OVERLAY_FILE)


@dataclass(frozen=True)
class OverlayPlace:
    """One place to write into the overlay (a locality unless ``kind`` says otherwise)."""

    id: str
    name: str
    country_iso2: str
    lat: float
    lon: float
    names: tuple[str, ...] = ()  # alternate names (the main name is added automatically)
    admin1_code: Optional[str] = None
    admin2_code: Optional[str] = None
    population: int = 0
    feature_code: Optional[str] = "P"
    kind: str = "locality"


class UserOverlay:
    """Read-write access to the overlay file (the import command's writer)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(self.path)
            self._con.executescript(_SCHEMA)
            self._con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(OVERLAY_SCHEMA_VERSION),))
            self._con.commit()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"user gazetteer {self.path} cannot be opened for writing: {exc}") from exc

    def __enter__(self) -> "UserOverlay":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def upsert(self, places: Iterable[OverlayPlace], source: str) -> tuple[int, int]:
        """Insert or replace ``places`` (by id) in one transaction; returns ``(added, updated)``.

        Re-importing the same file replaces each place with the same content, so
        imports are idempotent.
        """
        from conflictwatch.geo.normalize import is_latin_name, name_key

        added = updated = 0
        con = self._con
        try:
            with con:
                for p in places:
                    row = con.execute("SELECT pk FROM places WHERE id=?", (p.id,)).fetchone()
                    values = (p.name, p.kind, p.country_iso2.upper(), p.admin1_code, p.admin2_code, p.lat, p.lon,
                              int(p.population or 0), p.feature_code, _tag(source))
                    if row:
                        pk = row[0]
                        con.execute("UPDATE places SET name=?, kind=?, country_iso2=?, admin1_code=?, admin2_code=?, "
                                    "lat=?, lon=?, population=?, feature_code=?, source=? WHERE pk=?", (*values, pk))
                        con.execute("DELETE FROM names WHERE pk=?", (pk,))
                        updated += 1
                    else:
                        cur = con.execute("INSERT INTO places (id, name, kind, country_iso2, admin1_code, admin2_code,"
                                          " lat, lon, population, feature_code, source) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                          (p.id, *values))
                        pk = cur.lastrowid
                        added += 1
                    keys: dict[str, int] = {}
                    for i, n in enumerate([p.name, *p.names]):
                        n = n.strip()
                        if i > 0 and (not n or not is_latin_name(n)):
                            continue
                        k = name_key(n)
                        if len(k) >= 2 and k not in keys:
                            keys[k] = 1 if i == 0 else 0
                    con.executemany("INSERT INTO names VALUES (?,?,?)", [(k, pk, f) for k, f in keys.items()])
        except sqlite3.Error as exc:
            raise StoreError(f"user gazetteer {self.path}: cannot write places from {source!r}: {exc}") from exc
        return added, updated

    def remove_source(self, source: str) -> int:
        """Delete every place imported under ``source``; returns how many."""
        with self._con:
            pks = [r[0] for r in self._con.execute("SELECT pk FROM places WHERE source=?", (_tag(source),))]
            self._con.executemany("DELETE FROM names WHERE pk=?", [(pk,) for pk in pks])
            self._con.execute("DELETE FROM places WHERE source=?", (_tag(source),))
        return len(pks)

    def count(self, source: Optional[str] = None) -> int:
        if source is None:
            return self._con.execute("SELECT count(*) FROM places").fetchone()[0]
        return self._con.execute("SELECT count(*) FROM places WHERE source=?", (_tag(source),)).fetchone()[0]

    def sources(self) -> dict[str, int]:
        """Import names and their place counts."""
        rows = self._con.execute("SELECT source, count(*) FROM places GROUP BY source ORDER BY source")
        return {src.removeprefix("user:"): n for src, n in rows}


def _tag(source: str) -> str:
    """``Place.source`` of an imported place: ``"user:<import name>"``."""
    return f"user:{source}"
