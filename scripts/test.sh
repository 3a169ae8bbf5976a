#!/usr/bin/env bash
# Set up and run the whole test suite (offline), on SQLite and then on PostgreSQL. CI runs exactly this (.ci/run).
#   CONFLICTWATCH_TEST_BACKEND=sqlite      only SQLite (quick local runs)
#   CONFLICTWATCH_TEST_BACKEND=postgresql  only PostgreSQL (a throw-away cluster on 127.0.0.1)
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
# Browser and PDF tests drive Debian's Chromium (installed here when missing; never downloaded by Playwright).
bash scripts/install_browser.sh
backend=${CONFLICTWATCH_TEST_BACKEND:-both}
if [ "$backend" = "sqlite" ] || [ "$backend" = "both" ]; then
    echo "== test suite on SQLite"
    .venv/bin/python -m pytest -q "$@"
fi
if [ "$backend" = "postgresql" ] || [ "$backend" = "both" ]; then
    # every SQLite store a test opens becomes a fresh PostgreSQL schema (tests/store/pg_everywhere.py)
    echo "== test suite on PostgreSQL"
    bash scripts/with_postgres.sh .venv/bin/python -m pytest -q -p tests.store.pg_everywhere "$@"
fi
