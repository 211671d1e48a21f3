#!/usr/bin/env bash
# CI step: clang-tidy (the checked-in .clang-tidy) over the sources of sim/, analysis/, plan/, fit/
# and cli/ and the project headers they include; every warning is an error. Compile commands come
# from a clang configure in build-tidy/ (nothing is built). Installs clang and clang-tidy when missing.
#
# A whole pass takes about 18 CPU-minutes (CLI11, nlohmann/json, Boost and Eigen are parsed again for
# every file), so CI checks what changed since the last commit known clean, .ci/tidy-clean: the
# sources changed since then and every source that includes a changed header, directly or not. When
# that commit is not in the history (a shallow clone), .clang-tidy changed, or with TIDY_ALL=1, every
# source is checked.
# After a clean whole pass (TIDY_ALL=1 .ci/steps/40-clang-tidy.sh), write HEAD's hash to .ci/tidy-clean.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD_DIR:-build-tidy}"
start=$SECONDS

scripts/install-packages.sh clang clang-tidy
tidy=$(command -v run-clang-tidy || command -v run-clang-tidy-14)

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DCCSIM_BUILD_TESTS=OFF -DCCSIM_BUILD_BENCH=OFF >/dev/null
dirs=(sim analysis plan fit cli)
mapfile -t all < <(find "${dirs[@]}" -name '*.cpp' | sort)

clean=$(cat .ci/tidy-clean 2>/dev/null || true)
if [ "${TIDY_ALL:-0}" = 1 ] || [ -z "$clean" ] || ! git cat-file -e "$clean^{commit}" 2>/dev/null ||
   [ -n "$(git diff --name-only "$clean" HEAD -- .clang-tidy)" ]; then
  files=("${all[@]}")
  echo "40-clang-tidy: every source (${#files[@]})" >&2
else
  # Changed headers, then every header or source that includes one of them, to a fixed point.
  mapfile -t changed < <(git diff --name-only "$clean" HEAD -- "${dirs[@]}" | sort -u)
  declare -A hit=()
  for f in "${changed[@]}"; do [ -e "$f" ] && hit["$f"]=1; done
  grow=1
  while ((grow)); do
    grow=0
    for h in "${!hit[@]}"; do
      [[ "$h" == *.hpp ]] || continue
      while IFS= read -r f; do
        [ -n "${hit[$f]:-}" ] || { hit["$f"]=1; grow=1; }
      done < <(grep -rlF --include='*.[ch]pp' "#include \"$h\"" "${dirs[@]}" || true)
    done
  done
  files=()
  for f in "${all[@]}"; do [ -n "${hit[$f]:-}" ] && files+=("$f"); done
  echo "40-clang-tidy: ${#files[@]} of ${#all[@]} sources changed since ${clean:0:12} or include a changed header" >&2
  ((${#files[@]} > 0)) || { echo "40-clang-tidy: nothing to check" >&2; exit 0; }
fi
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
