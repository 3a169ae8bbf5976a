#!/usr/bin/env bash
# Set up and run the whole test suite (offline). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
# Browser and PDF tests drive Debian's Chromium (installed here when missing; never downloaded by Playwright).
bash scripts/install_browser.sh
exec .venv/bin/python -m pytest -q "$@"
