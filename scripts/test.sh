#!/usr/bin/env bash
# Set up and run the whole test suite (offline). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
exec .venv/bin/python -m pytest -q "$@"
