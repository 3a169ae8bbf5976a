#!/usr/bin/env bash
# Set up and run the main job on the embedded default: bundled example documents -> ./conflictwatch.db (SQLite),
# then export the events as ACLED CSV (out/events.csv) and GeoJSON (out/events.geojson).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/conflictwatch run "$@"
mkdir -p out
.venv/bin/conflictwatch events --format acled-csv --out out/events.csv
.venv/bin/conflictwatch events --format geojson --out out/events.geojson
