#!/usr/bin/env bash
# CI step: the unit tests built with AddressSanitizer (+ LeakSanitizer) and UBSan, every report
# fatal, in build-asan/ (configured by .ci/sanitized-build.sh, which 30-fuzz.sh shares: clang,
# -O1 with line tables). BUILD_DIR overrides the directory. Open MPI leaks a few of its own
# blocks at exit, outside ccsim: the MPI tests run with leak detection off (every other ASan and
# UBSan check stays on).
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD_DIR:-build-asan}"
start=$SECONDS

scripts/install-packages.sh clang libclang-rt-14-dev  # libFuzzer: the build is shared with 30-fuzz.sh
.ci/sanitized-build.sh "$build"
cmake --build "$build" -j"$(nproc)" --target ccsim_tests
echo "20-sanitizers: built in $((SECONDS - start)) s" >&2
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
common="abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
# The install test and the Python module test need targets this build does not make (the
# install tree, the pybind11 module), and the schema check is Python: they run in the main build only.
ASAN_OPTIONS="detect_leaks=1:$common" ctest --test-dir "$build" -L unit -E '^(Mpi\.|Install$|PythonModule$|SchemaCheck$)' --output-on-failure -j"$(nproc)"
ASAN_OPTIONS="detect_leaks=0:$common" ctest --test-dir "$build" -L unit -R '^Mpi\.' --output-on-failure
echo "20-sanitizers: clean in $((SECONDS - start)) s" >&2
