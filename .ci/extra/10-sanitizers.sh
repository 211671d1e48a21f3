#!/usr/bin/env bash
# CI step: the unit tests built with AddressSanitizer (+ LeakSanitizer) and UBSan, every report
# fatal, in build-asan/ (RelWithDebInfo, no benchmarks). Uses g++ (installed by scripts/setup.sh);
# CXX=clang++ works too. BUILD_DIR overrides the directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD_DIR:-build-asan}"
sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
start=$SECONDS

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="${CXX:-g++}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCCSIM_BUILD_BENCH=OFF -DCCSIM_BUILD_TESTS=ON \
  -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cmake --build "$build" -j2 --target ccsim_tests
echo "10-sanitizers: built in $((SECONDS - start)) s" >&2
ctest --test-dir "$build" -L unit --output-on-failure -j2
echo "10-sanitizers: clean in $((SECONDS - start)) s" >&2
