#!/usr/bin/env bash
# Runs clang-tidy with the checks of .clang-tidy over every .cpp of explorer/,
# models/, bench/ and tests/ (their headers through HeaderFilterRegex), one
# clang-tidy per core. Any finding is an error: the script exits non-zero.
# Usage: scripts/tidy.sh [FILE.cpp]...   (no argument: every file)
set -euo pipefail
cd "$(dirname "$0")/.."
tidy=${CLANG_TIDY:-clang-tidy}
# A Release configuration's compile database; nothing is built. Configuring
# every time picks up added and removed sources.
cmake -S . -B build-tidy -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
if (($#)); then
  printf '%s\0' "$@"
else
  find explorer models bench tests -name '*.cpp' -print0 | sort -z
fi |
  # clang does not know GCC-only flags such as -Wno-restrict. Each file's
  # output is printed only when it has a finding, in one piece.
  xargs -0 -n 1 -P "$(nproc)" sh -c \
    'out=$("$0" -p build-tidy --quiet --extra-arg=-Wno-unknown-warning-option "$1" 2>&1) || { printf "%s\n\n" "$out"; exit 1; }' \
    "$tidy" || {
  echo "clang-tidy: findings above" >&2
  exit 1
}
echo "clang-tidy: no findings"
