#!/usr/bin/env bash
# Rebuild the dashboard bundle (src/conflictwatch/web/static/) from src/conflictwatch/web/frontend/ with npm.
# The built bundle is committed (~0.9 MB), so this is only needed after changing the front-end source.
# Offline basemap: Natural Earth outlines from npm world-atlas@2.0.2, converted to GeoJSON at build time.
set -euo pipefail
cd "$(dirname "$0")/../src/conflictwatch/web/frontend"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build
du -sh ../static
