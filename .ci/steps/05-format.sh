#!/usr/bin/env bash
# CI step: every C++ file is as clang-format (the checked-in .clang-format) writes it, and the
# product code keeps its size limits (scripts/check-sizes.py).
# Fix with: clang-format -i $(find sim analysis plan fit cli python tests bench fuzz -name '*.[ch]pp')
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-packages.sh clang-format
mapfile -t files < <(find sim analysis plan fit cli python tests bench fuzz \( -name '*.cpp' -o -name '*.hpp' \) | sort)
clang-format --dry-run --Werror "${files[@]}"
echo "05-format: ${#files[@]} files formatted" >&2
# The size limits of the product code (files <= 700 lines, functions <= 100).
python3 scripts/check-sizes.py
echo "05-format: sizes within limits" >&2
