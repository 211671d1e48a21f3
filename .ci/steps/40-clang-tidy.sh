#!/usr/bin/env bash
# CI step: clang-tidy (the checked-in .clang-tidy) over the sources of sim/, analysis/, plan/, fit/ and cli/
# and the project headers they include; every warning is an error. Compile commands come from
# a clang configure in build-tidy/ (nothing is built). Installs clang and clang-tidy when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD_DIR:-build-tidy}"
start=$SECONDS

scripts/install-packages.sh clang clang-tidy
tidy=$(command -v run-clang-tidy || command -v run-clang-tidy-14)

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCCSIM_BUILD_TESTS=OFF -DCCSIM_BUILD_BENCH=OFF >/dev/null
mapfile -t files < <(find sim analysis plan fit cli -name '*.cpp' | sort)
# run-clang-tidy takes regular expressions matched against the compile database's paths.
patterns=()
for f in "${files[@]}"; do patterns+=("/${f//./\\.}\$"); done
"$tidy" -p "$build" -j2 -quiet "${patterns[@]}" 2>&1 | grep -v -E '^[0-9]+ warnings? generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^$'
status=${PIPESTATUS[0]}
if ((status != 0)); then
  echo "40-clang-tidy: findings above (exit $status)" >&2
  exit 1
fi
echo "40-clang-tidy: ${#files[@]} files clean in $((SECONDS - start)) s" >&2
