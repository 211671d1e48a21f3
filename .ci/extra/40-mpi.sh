#!/usr/bin/env bash
# CI step: `mpirun -n 2 ccsim run|sweep` writes the same bytes as one process (tests/test_mpi.cpp).
# Installs Open MPI when missing, turns MPI on in build/ when it is not, rebuilds, runs the Mpi tests.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
for p in libopenmpi-dev openmpi-bin; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "40-mpi: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

version=$(build/ccsim --version 2>/dev/null || true)
[[ "$version" == *"(MPI)"* ]] || cmake -S . -B build -DCCSIM_WITH_MPI=ON >/dev/null
cmake --build build -j"$(nproc)"
[[ "$(build/ccsim --version)" == *"(MPI)"* ]] || { echo "40-mpi: build/ccsim was built without MPI" >&2; exit 1; }
ctest --test-dir build -R Mpi --output-on-failure --no-tests=error
