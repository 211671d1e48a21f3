#!/usr/bin/env bash
# CI step: `mpirun -n 2 ccsim run|sweep` writes the same bytes as one process (tests/plan/test_mpi.cpp).
# Installs Open MPI when missing, turns MPI on in build/ when it is not, rebuilds, runs the Mpi tests.
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/install-packages.sh libopenmpi-dev openmpi-bin

version=$(build/ccsim --version 2>/dev/null || true)
[[ "$version" == *"(MPI)"* ]] || cmake -S . -B build -DCCSIM_WITH_MPI=ON >/dev/null
cmake --build build -j"$(nproc)"
[[ "$(build/ccsim --version)" == *"(MPI)"* ]] || { echo "10-mpi: build/ccsim was built without MPI" >&2; exit 1; }
ctest --test-dir build -R Mpi --output-on-failure --no-tests=error
