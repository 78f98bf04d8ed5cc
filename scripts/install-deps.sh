#!/usr/bin/env bash
# Installs the Debian 12 packages gilrace builds and tests with (run as root).
set -euo pipefail
packages=(
  g++ cmake ninja-build
  libboost-context-dev libboost-dev
  nlohmann-json3-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  python3
  clang libclang-rt-14-dev  # clang++ and its libFuzzer runtime, for scripts/fuzz.sh
  clang-tidy  # scripts/tidy.sh, in CI
  chromium  # headless, for the test that draws the --html report
  valgrind  # scripts/valgrind.sh, in CI
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
