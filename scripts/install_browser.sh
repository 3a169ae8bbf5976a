#!/usr/bin/env bash
# Install Debian's Chromium for the dashboard browser tests and PDF reports (idempotent).
# Playwright drives it via executable_path=/usr/bin/chromium; `playwright install` is never used.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
echo "chromium: $(/usr/bin/chromium --version)"
