#!/usr/bin/env bash
# CI step: builds the libFuzzer target over the scenario loader (clang, -DCCSIM_FUZZ=ON) in
# build-fuzz/ and runs it for FUZZ_SECONDS (default 60) on a copy of fuzz/corpus with
# fuzz/scenario.dict. Any crash, sanitizer report, CCSIM_ASSERT, timeout (10 s per input) or
# out-of-memory (2 GB) fails the step; the input is left in BUILD/fuzz-run/artifacts/ (add it
# to fuzz/regressions/ with its expected outcome once fixed). Installs clang when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD_DIR:-build-fuzz}"
seconds="${FUZZ_SECONDS:-60}"
start=$SECONDS

scripts/install-packages.sh clang libclang-rt-14-dev

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCCSIM_FUZZ=ON \
  -DCCSIM_BUILD_BENCH=OFF -DCCSIM_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target ccsim_fuzz_loader
echo "30-fuzz: built in $((SECONDS - start)) s" >&2

run="$build/fuzz-run"
rm -rf "$run"
mkdir -p "$run/corpus" "$run/artifacts"
cp fuzz/corpus/* "$run/corpus/"
status=0
"$build/fuzz/ccsim_fuzz_loader" -dict=fuzz/scenario.dict -max_total_time="$seconds" -max_len=16384 \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$run/artifacts/" \
  "$run/corpus" >"$run/log" 2>&1 || status=$?
grep -E '^(#[0-9]+[[:space:]]+DONE|stat::)' "$run/log" >&2 || true
if ((status != 0)) || [ -n "$(ls -A "$run/artifacts")" ]; then
  tail -n 60 "$run/log" >&2
  echo "30-fuzz: FINDING (exit $status); inputs in $run/artifacts:" >&2
  ls -l "$run/artifacts" >&2
  exit 1
fi
echo "30-fuzz: no finding in ${seconds} s of fuzzing, $((SECONDS - start)) s in all" >&2
