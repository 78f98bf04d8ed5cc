#!/usr/bin/env bash
# A short subset under Valgrind's memcheck, on the release build (which
# must exist: run scripts/test.sh first): every subcommand and strategy on
# small scenarios, and the library-level unit tests. Any memcheck error or
# definite leak fails it. Fibers need no annotations here: memcheck
# follows Boost.Context's stack switches on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/gilrace
tests=build/gilrace_tests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
memcheck=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite)
failed=0

# Runs gilrace under memcheck; exit statuses 0 to 3 are the program's own.
check() {
  local status=0
  "${memcheck[@]}" "$bin" "$@" >"$work/out" 2>"$work/err" || status=$?
  if ((status > 3)); then
    echo "valgrind: gilrace $* exited $status"
    cat "$work/err"
    failed=1
  else
    echo "ok: gilrace $*"
  fi
}

seed=scenarios/seed_counter.scn
for strategy in exhaustive "bounded --preemptions 1" dfs dpor "random --runs 50" "pct --runs 50" auto; do
  # shellcheck disable=SC2086  # the strategy's flags split on purpose
  check explore "$seed" -D THREADS=3 --strategy $strategy --no-progress --details 1 --jobs 2
done
check explore scenarios/with_lock_counter.scn --model cpython-3.9 --no-progress --json "$work/report.json" \
  --html "$work/report.html" --junit "$work/junit.xml" --traces "$work/traces"
check replay "$work/report.json"
check explore scenarios/spin_wait.scn --max-steps 40 --strategy dfs --no-progress
check explore scenarios/lock_order_deadlock.scn --strategy exhaustive --max-states 100 --no-progress
check check scenarios/seed_counter_locked.scn -D THREADS=2 --baseline "$work/baseline.json" --update
check check scenarios/seed_counter_locked.scn -D THREADS=2 --baseline "$work/baseline.json"
check diff "$seed" scenarios/seed_counter_locked.scn -D THREADS=2
python3 -c 'import dis; dis.dis("n += 1")' >"$work/dis.txt"
check import-dis "$work/dis.txt"
check explore tests/bad_inputs/empty.scn

status=0
"${memcheck[@]}" "$tests" --gtest_brief=1 \
  --gtest_filter='ScenarioParser*:InstructionParser*:Expression*:TraceJson*:Sha256*:LostUpdate*:CanonicalState*:Locks*:SeedCounts*:WitnessReplay*:Utf8*' ||
  status=$?
if ((status != 0)); then
  echo "valgrind: the unit-test subset exited $status"
  failed=1
fi
exit "$failed"
