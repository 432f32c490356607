#!/usr/bin/env bash
# Fuzzes the parsers with libFuzzer + ASan + UBSan: builds build/fuzz (scripts/build.sh fuzz), then
# runs each target in tests/fuzz/ for a fixed time on a scratch copy of its committed seed corpus
# (tests/fuzz/corpus/<target>/ never changes), with its dictionary. Fails on any finding; crash
# inputs are kept in test-artifacts/fuzz/<target>/. See docs/reliability.md (the 1-hour run).
#   scripts/fuzz.sh [seconds per target, default 60] [target ...]     e.g. scripts/fuzz.sh 3600 fuzz_csv
# Environment: FUZZ_JOBS (parallel workers per target, default 1); FUZZ_CORPUS_DIR=dir keeps the
# working corpora in dir/<target> (seeded from the committed ones) so a later run resumes from them.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
case "$secs" in ''|*[!0-9]*) echo "fuzz.sh: seconds must be a whole number, got '$secs'" >&2; exit 2 ;; esac
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
say() { printf '[fuzz] %s\n' "$*" >&2; }

# (CMakeLists.txt's DESCENT_FUZZ block instruments descent_core for coverage and links the
# targets with libFuzzer; build.sh fuzz configures it.)
bash scripts/build.sh fuzz || { say "build failed"; exit 1; }

# Findings must stop the run: UBSan only reports by default, and leaks count as findings too.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"

if [ -n "${FUZZ_CORPUS_DIR:-}" ]; then
  scratch=$FUZZ_CORPUS_DIR
  mkdir -p "$scratch"
else
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/descent-fuzz.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
fi
mkdir -p test-artifacts/fuzz
failed=()
for t in "${targets[@]}"; do
  exe=build/fuzz/$t
  [ -x "$exe" ] || { say "no such target: $exe"; failed+=("$t (missing)"); continue; }
  corpus=$scratch/$t
  mkdir -p "$corpus" "test-artifacts/fuzz/$t"
  [ -d "tests/fuzz/corpus/$t" ] && cp -n tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null
  dict=()
  case "$t" in
    fuzz_csv) dict=(-dict=tests/fuzz/csv.dict) ;;
    fuzz_json) dict=(-dict=tests/fuzz/json.dict) ;;
    fuzz_spec) dict=(-dict=tests/fuzz/spec.dict) ;;
  esac
  log=test-artifacts/fuzz/$t.log
  say "$t: ${secs}s, corpus $(ls "$corpus" | wc -l) files, log $log"
  jobs=()
  [ "${FUZZ_JOBS:-1}" -gt 1 ] && jobs=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
  "$exe" "$corpus" "${dict[@]}" "${jobs[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=8192 -print_final_stats=1 -artifact_prefix="test-artifacts/fuzz/$t/" >"$log" 2>&1
  rc=$?
  # -jobs writes fuzz-<n>.log files in the working directory; fold them into the log.
  for w in fuzz-*.log; do [ -f "$w" ] && { cat "$w" >>"$log"; rm -f "$w"; }; done
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s += $2} END {print s + 0}')
  if [ $rc -ne 0 ] || grep -qE '^==[0-9]+==ERROR|runtime error:|SUMMARY: (Address|Undefined|Leak)' "$log"; then
    say "$t: FINDING (exit $rc); inputs in test-artifacts/fuzz/$t/:"
    ls "test-artifacts/fuzz/$t/" >&2
    grep -m5 -E 'ERROR|runtime error|SUMMARY' "$log" >&2
    failed+=("$t")
  else
    say "$t: ok, $execs inputs executed, corpus grew to $(ls "$corpus" | wc -l) files"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  say "FAILED: ${failed[*]}"
  exit 1
fi
say "all targets ok"
