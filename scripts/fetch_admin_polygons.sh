#!/usr/bin/env bash
# Obtain Natural Earth admin-1 polygons (public domain) from Debian's qgis-common package WITHOUT
# installing QGIS, then extract the focus countries' polygons into the package data folder
# (src/conflictwatch/geo/data/admin1_polygons.json.gz, git-ignored).  Idempotent: does nothing
# when both files are already there (pass --force to redo the extraction).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
DEST=data-build/qgis
GPKG=$DEST/usr/share/qgis/resources/data/world_map.gpkg
OUT=src/conflictwatch/geo/data/admin1_polygons.json.gz
FORCE=${1:-}

if [ ! -s "$GPKG" ]; then
  if [ -s /usr/share/qgis/resources/data/world_map.gpkg ]; then
    mkdir -p "$(dirname "$GPKG")"
    cp /usr/share/qgis/resources/data/world_map.gpkg "$GPKG"
  else
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    if ! (cd "$tmp" && apt-get download qgis-common >/dev/null 2>&1); then
      apt-get update >/dev/null
      (cd "$tmp" && apt-get download qgis-common >/dev/null)
    fi
    mkdir -p "$DEST"
    dpkg-deb --fsys-tarfile "$tmp"/qgis-common_*.deb \
      | tar -x -C "$DEST" ./usr/share/qgis/resources/data/world_map.gpkg ./usr/share/doc/qgis-common/copyright
  fi
fi

if [ ! -s "$OUT" ] || [ "$FORCE" = "--force" ]; then
  "$PY" -m conflictwatch.geo.polygons "$GPKG" --out "$OUT"
fi
echo "admin-1 polygons: $OUT"
