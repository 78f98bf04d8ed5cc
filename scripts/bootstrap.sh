#!/usr/bin/env bash
# From a fresh Debian 12 machine (as root): install the dependencies, build,
# and explore the seed scenario (100 threads each running `n += 1`). The exit
# status is gilrace's: 1, because unexpected outcomes (99, 98, ...) exist.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
set +e
build/gilrace explore scenarios/seed_counter.scn
status=$?
echo "gilrace exited with status $status (0: every outcome expected, 1: unexpected outcomes found)"
exit $status
