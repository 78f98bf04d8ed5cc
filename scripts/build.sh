#!/usr/bin/env bash
# Configures and builds gilrace. Usage: scripts/build.sh [--sanitize]
# Normal build in build/; AddressSanitizer + UBSan build in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --sanitize ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGILRACE_SANITIZE=ON -DGILRACE_BENCH=OFF >/dev/null
  cmake --build build-asan
else
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build
fi
