#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/, ASan + UBSan) and
# runs each for SECONDS_PER_TARGET seconds (default 30) over a scratch copy
# of its seed corpus, so the checked-in corpus is never written to.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
# Exit status 1 when a target crashed, leaked, hung or ran out of memory;
# the input that did it is kept and its path printed. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2
  exit 2
fi
targets=(scenario_parser dis_import trace_json report_json baseline_json)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGILRACE_FUZZ=ON -DGILRACE_BENCH=OFF >/dev/null
cmake --build build-fuzz --target "${targets[@]/#/fuzz_}"

run_dir=build-fuzz/runs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$run_dir"
echo "fuzzing ${#targets[@]} targets for $seconds s each; logs and findings in $run_dir"
# Leaks are findings too; UBSan prints where it stopped.
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for target in "${targets[@]}"; do
  work=$run_dir/$target
  mkdir -p "$work/corpus" "$work/findings"
  cp tests/fuzz/corpus/"$target"/* "$work/corpus/"
  # New inputs go to the first directory only; the regression inputs are read as seeds.
  inputs=("$work/corpus")
  [[ -d tests/fuzz/regression/$target ]] && inputs+=("tests/fuzz/regression/$target")
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$work/findings/")
  [[ -f tests/fuzz/dict/$target.dict ]] && options+=(-dict="tests/fuzz/dict/$target.dict")
  log=$work/fuzz.log
  started=$SECONDS
  set +e
  build-fuzz/fuzz_"$target" "${options[@]}" "${inputs[@]}" >"$log" 2>&1
  code=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  printf '%-16s %s executions in %s s\n' "$target" "${runs:-?}" "$((SECONDS - started))"
  findings=("$work"/findings/*)
  if ((code != 0)) || [[ -e ${findings[0]} ]]; then
    status=1
    echo "FAILED: fuzz_$target exited with status $code; the last lines of $log:" >&2
    tail -n 40 "$log" >&2
    for f in "${findings[@]}"; do [[ -e $f ]] && echo "input that failed: $f" >&2; done
  fi
done
exit $status
