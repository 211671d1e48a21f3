#!/usr/bin/env bash
# Installs what ccsim needs from Debian 12 packages (only what is missing) and builds it,
# Release, into build/. Nothing is downloaded at build time. Under CI (CI=true) warnings
# are errors. Chromium and Graphviz serve the tests that open HTML reports and DOT graphs;
# help2man writes the man page; pybind11 and python3-dev build the Python module, which
# python3-pytest, python3-pandas and python3-matplotlib (README's plot) test.
# python3-jsonschema the check of docs/scenario.schema.json (scripts/check-schema.py).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make libboost-graph-dev libboost-math-dev libeigen3-dev libcli11-dev nlohmann-json3-dev
          libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev chromium graphviz
          help2man pybind11-dev python3-dev python3-pytest python3-pandas python3-matplotlib libglpk-dev python3-jsonschema)
scripts/install-packages.sh "${packages[@]}"

werror=OFF
[ "${CI:-}" = true ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCCSIM_WARNINGS_AS_ERRORS="$werror" >/dev/null
cmake --build build -j"$(nproc)"
