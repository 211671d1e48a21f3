#!/usr/bin/env bash
# CI step: builds the three libFuzzer targets in the sanitized build that 20-sanitizers.sh made
# (build-asan/, configured by .ci/sanitized-build.sh with -DCCSIM_FUZZ=ON: its libraries are
# not compiled again) and fuzzes them for FUZZ_SECONDS in all (default 60), split half to the
# scenario loader, a quarter each to the command line and to the results writers:
#   ccsim_fuzz_loader   fuzz/corpus         fuzz/scenario.dict
#   ccsim_fuzz_cli      fuzz/corpus_cli     fuzz/cli.dict       (arguments, one a line)
#   ccsim_fuzz_writers  fuzz/corpus_writers fuzz/scenario.dict  (+ fuzz/corpus)
# Any crash, sanitizer report, CCSIM_ASSERT, broken contract (fuzz/*_harness.hpp), timeout
# (10 s per input) or out-of-memory (2 GB) fails the step; the input is left in
# BUILD/fuzz-run/TARGET/artifacts/ (add it to fuzz/regressions/ with its expected outcome once
# fixed). Installs clang when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="$(realpath -m "${BUILD_DIR:-build-asan}")"  # absolute: the CLI target works in a scratch directory
seconds="${FUZZ_SECONDS:-60}"
start=$SECONDS

scripts/install-packages.sh clang libclang-rt-14-dev

.ci/sanitized-build.sh "$build"
cmake --build "$build" -j"$(nproc)" --target ccsim_fuzz_loader ccsim_fuzz_cli ccsim_fuzz_writers
echo "30-fuzz: built in $((SECONDS - start)) s" >&2

failed=0
# fuzz TARGET SECONDS DICT CORPUS...
fuzz() {
  local target="$1" time="$2" dict="$3"
  shift 3
  local run="$build/fuzz-run/$target"
  rm -rf "$run"
  mkdir -p "$run/corpus" "$run/artifacts"
  for dir in "$@"; do cp "$dir"/* "$run/corpus/"; done
  local status=0
  "$build/fuzz/$target" -dict="$(realpath "$dict")" -max_total_time="$time" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$run/artifacts/" "$run/corpus" >"$run/log" 2>&1 || status=$?
  echo "30-fuzz: $target, $time s:" >&2
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units)' "$run/log" >&2 || true
  if ((status != 0)) || [ -n "$(ls -A "$run/artifacts")" ]; then
    tail -n 60 "$run/log" >&2
    echo "30-fuzz: FINDING in $target (exit $status); inputs in $run/artifacts:" >&2
    ls -l "$run/artifacts" >&2
    failed=1
  fi
}
quarter=$((seconds / 4 > 0 ? seconds / 4 : 1))
fuzz ccsim_fuzz_loader $((seconds - 2 * quarter)) fuzz/scenario.dict fuzz/corpus
fuzz ccsim_fuzz_cli "$quarter" fuzz/cli.dict fuzz/corpus_cli
fuzz ccsim_fuzz_writers "$quarter" fuzz/scenario.dict fuzz/corpus_writers fuzz/corpus
((failed == 0)) || exit 1
echo "30-fuzz: no finding in ${seconds} s of fuzzing, $((SECONDS - start)) s in all" >&2
