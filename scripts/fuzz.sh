#!/usr/bin/env bash
# Long fuzzing run: every atheris target for SECONDS each (default 120), then the hypothesis properties with
# CONFLICTWATCH_FUZZ_EXAMPLES (default 2000) examples each. Crashes land in fuzz/out/TARGET/. Exit 1 on any crash.
#   scripts/fuzz.sh            # ~20 min
#   scripts/fuzz.sh 30         # quick pass
#   FUZZ_TARGETS="html feed" scripts/fuzz.sh 600
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SECONDS_PER_TARGET=${1:-120}
TARGETS=${FUZZ_TARGETS:-"sniff html text feed warc jsonl acled geonames pubdate"}
"$PY" -c "import atheris" 2>/dev/null || { echo "fuzz: atheris is not installed in .venv (pip install 'atheris>=2.3')" >&2; exit 2; }
failed=0
for target in $TARGETS; do
  out="fuzz/out/$target"; corpus="$out/corpus"; mkdir -p "$corpus"
  case $target in  # seed each corpus from real inputs of that kind
    html|sniff) cp -n src/conflictwatch/examples/*.html tests/web/fixtures/hostile/* "$corpus"/ 2>/dev/null ;;
    text|pubdate) cp -n src/conflictwatch/examples/*.txt "$corpus"/ 2>/dev/null ;;
    feed) cp -n src/conflictwatch/examples/*.rss "$corpus"/ 2>/dev/null ;;
    warc) find tests/sources/fixtures -name '*.warc*' -exec cp -n {} "$corpus"/ \; 2>/dev/null ;;
    jsonl) find tests/sources/fixtures -name '*.jsonl' -exec cp -n {} "$corpus"/ \; 2>/dev/null ;;
    acled) find tests/analysis/fixtures -name '*.csv' -exec cp -n {} "$corpus"/ \; 2>/dev/null ;;
    geonames) find tests/geo/fixtures -name '*.txt' -exec cp -n {} "$corpus"/ \; 2>/dev/null ;;
  esac
  echo "== fuzz $target for ${SECONDS_PER_TARGET}s"
  log="$out/fuzz.log"
  "$PY" fuzz/harness.py "$target" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=4096 -timeout=30 \
    -artifact_prefix="$out/" "$corpus" >"$log" 2>&1
  rc=$?
  runs=$(grep -oE '#[0-9]+' "$log" | tail -1)
  if [ $rc -ne 0 ] || ls "$out"/crash-* "$out"/timeout-* "$out"/oom-* >/dev/null 2>&1; then
    echo "   CRASH ($target, exit $rc): see $log and $out/crash-*"; failed=1
  else
    echo "   ok: ${runs:-?} executions, corpus $(ls "$corpus" | wc -l) inputs"
  fi
done
echo "== hypothesis properties (${CONFLICTWATCH_FUZZ_EXAMPLES:-2000} examples each)"
CONFLICTWATCH_FUZZ_EXAMPLES=${CONFLICTWATCH_FUZZ_EXAMPLES:-2000} "$PY" -m pytest -q -p no:cacheprovider tests/fuzz || failed=1
exit $failed
