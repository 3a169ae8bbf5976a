#!/usr/bin/env bash
# Audit the installed environment (.venv) for known vulnerabilities with pip-audit.
#   exit 0: every installed distribution was checked and none has a known vulnerability
#   exit 1: known vulnerabilities (listed)
#   exit 2: the audit could not be done: the advisory service is unreachable or did not know the packages.
#           This never passes silently: offline, pip-audit itself prints "No known vulnerabilities found" and
#           exits 0 while skipping every package ("Dependency not found on PyPI"); this script counts the skips.
# Options: AUDIT_SERVICE=pypi|osv (default: pypi, then osv when pypi audits nothing), AUDIT_ALLOW_SKIPS=N
# (tolerate up to N unaudited distributions, e.g. local-only ones; default 0).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if ! "$PY" -m pip_audit --version >/dev/null 2>&1; then
  echo "audit: pip-audit is not installed in .venv (pip install 'pip-audit>=2.7,<3')" >&2
  exit 2
fi
out=$(mktemp); err=$(mktemp); trap 'rm -f "$out" "$err"' EXIT
services=${AUDIT_SERVICE:-"pypi osv"}
for service in $services; do
  "$PY" -m pip_audit --progress-spinner off --skip-editable --vulnerability-service "$service" -f json \
    >"$out" 2>"$err"
  rc=$?
  "$PY" - "$out" "$err" "$rc" "$service" "${AUDIT_ALLOW_SKIPS:-0}" <<'PYEOF'
import json, sys
out, err, rc, service, allow = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
stderr = open(err, encoding="utf-8", errors="replace").read().strip()
try:
    deps = json.load(open(out))["dependencies"]
except (OSError, ValueError, KeyError):
    print(f"audit ({service}): pip-audit gave no report (exit {rc}): {stderr[-800:] or 'no output'}", file=sys.stderr)
    print("audit: the advisory service is unreachable (offline?): NOTHING WAS AUDITED", file=sys.stderr)
    sys.exit(2)
deps = [d for d in deps if "editable" not in d.get("skip_reason", "")]  # conflictwatch itself (not on PyPI)
skipped = [d for d in deps if "skip_reason" in d]
audited = [d for d in deps if "skip_reason" not in d]
vulnerable = [d for d in audited if d.get("vulns")]
print(f"audit ({service}): {len(audited)} of {len(deps)} installed distributions audited, "
      f"{len(skipped)} skipped, {len(vulnerable)} with known vulnerabilities")
for d in vulnerable:
    for v in d["vulns"]:
        fix = ", ".join(v.get("fix_versions") or []) or "no fix yet"
        print(f"  VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in {fix})")
if vulnerable:
    sys.exit(1)
if len(skipped) > allow:
    reasons = sorted({d["skip_reason"].split(":")[0] for d in skipped})
    print(f"audit ({service}): {len(skipped)} distributions could not be audited ({'; '.join(reasons)}), "
          f"e.g. {', '.join(d['name'] for d in skipped[:5])}", file=sys.stderr)
    print("audit: the advisory service is unreachable or does not know these packages (offline?): "
          "the environment is NOT audited", file=sys.stderr)
    sys.exit(2)
sys.exit(0)
PYEOF
  status=$?
  [ "$status" -ne 2 ] && exit "$status"
done
exit 2
