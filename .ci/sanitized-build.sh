#!/usr/bin/env bash
# Configures the one sanitized build both .ci/steps/20-sanitizers.sh (unit tests) and
# .ci/steps/30-fuzz.sh (libFuzzer targets) use, so its libraries are compiled once: clang, -O1
# with line tables (stack traces still name file and line; -O0 built quicker, but its loader
# fuzz target ran 280 inputs a second against 3,900 at -O1, and the sanitized unit tests took
# 6 minutes against 71 s, though -O0 was measured on a busier machine), AddressSanitizer
# (+ LeakSanitizer) and UBSan with every report fatal, and
# -DCCSIM_FUZZ=ON, which adds libFuzzer's coverage instrumentation to the libraries (the unit
# tests run with it too; it only counts edges). MPI as found (the MPI tests run under ASan; the
# command-line fuzz target is never started by an MPI launcher, so MPI is never initialised
# there). No benchmarks.
# Usage: .ci/sanitized-build.sh BUILD_DIR (prints nothing; fails when clang is missing).
set -euo pipefail
build="$1"
sanitize="-O1 -g1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
cmake -S "$(dirname "$0")/.." -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Sanitize \
  -DCCSIM_BUILD_BENCH=OFF -DCCSIM_BUILD_TESTS=ON -DCCSIM_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
