#!/usr/bin/env bash
# bench/compare_spin.sh - the seed scenario in SPIN and in gilrace, side by side.
#
#   bench/compare_spin.sh                      # THREADS = 3..8, SPIN with and without POR
#   GILRACE=build-rel/gilrace bench/compare_spin.sh
#   THREADS_LIST="3 4 5 6" SPIN_W=18 REPEATS=5 bench/compare_spin.sh
#
# For each THREADS it writes the Promela twin of scenarios/seed_counter.scn
# (bench/spin/seed_counter_pml.py: one atomic Promela step per opcode, the
# every-op model), has SPIN generate and compile pan, and runs a full
# state-space search that does not stop at the first assertion violation;
# then it runs gilrace's exhaustive search on the same scenario. Both are
# timed the same way (wall clock of the whole process, date +%s%N around it;
# the median of REPEATS runs; CLOCK=cpu: CPU time instead), and both report
# their peak memory.
#
# Environment (all optional):
#   GILRACE         gilrace binary (default build/gilrace, relative to the repo)
#   THREADS_LIST    sizes to run (default "3 4 5 6 7 8")
#   REPEATS         runs per measurement, median taken (default 3; a run that
#                   takes longer than 10 s is not repeated)
#   CLOCK           "wall" (default): wall-clock seconds of the whole process,
#                   date +%s%N before and after; "cpu": user + system CPU
#                   seconds of the process tree (bash's `time`, millisecond
#                   resolution), steadier on a busy machine
#   TIME_LIMIT      seconds per run (wall clock), SPIN and gilrace alike (default 300)
#   SPIN_MEMLIM_MB  pan's -DMEMLIM, in MB (default 8192)
#   SPIN_W          pan's -wN hash-table size 2^N (default: pan's own, -w24,
#                   a 128 MB table whatever the model's size)
#   SPIN_NOREDUCE   "both" (default), "no" (only SPIN's default, with partial-
#                   order reduction) or "yes" (only -DNOREDUCE)
#   CC, SPIN_CFLAGS C compiler for pan.c (default gcc) and its flags
#                   (default "-O2 -DSAFETY")
#
# The exit status is 0 when every run finished or was stopped by its cap,
# 2 when a tool is missing, 1 when a run failed in another way or gilrace's
# count of n = THREADS is not THREADS! (a wrong count).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

GILRACE=${GILRACE:-build/gilrace}
THREADS_LIST=${THREADS_LIST:-"3 4 5 6 7 8"}
REPEATS=${REPEATS:-3}
TIME_LIMIT=${TIME_LIMIT:-300}
SPIN_MEMLIM_MB=${SPIN_MEMLIM_MB:-8192}
SPIN_W=${SPIN_W:-}
SPIN_NOREDUCE=${SPIN_NOREDUCE:-both}
CLOCK=${CLOCK:-wall}
CC=${CC:-gcc}
SPIN_CFLAGS=${SPIN_CFLAGS:-"-O2 -DSAFETY"}
SCENARIO=scenarios/seed_counter.scn
GENERATOR=$here/spin/seed_counter_pml.py

die() { echo "compare_spin.sh: $*" >&2; exit 2; }

# --- tools --------------------------------------------------------------

apt_install() {  # apt_install PACKAGE: install it as root, or explain and stop
    local package=$1 what=$2
    if [ "$(id -u)" -ne 0 ]; then
        die "$what is missing; install the Debian package '$package' (sudo apt-get install -y $package) or run this script as root to let it do so"
    fi
    echo "compare_spin.sh: $what is missing; installing the Debian package '$package'" >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" >&2; then
        DEBIAN_FRONTEND=noninteractive apt-get update >&2 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" >&2 ||
            die "apt-get could not install '$package'"
    fi
}

if [ ! -x "$GILRACE" ]; then
    die "gilrace binary not found or not executable: $GILRACE (build it with 'cmake -S . -B build -G Ninja && ninja -C build gilrace', or set GILRACE=PATH)"
fi
GILRACE=$(cd "$(dirname "$GILRACE")" && pwd)/$(basename "$GILRACE")
command -v python3 >/dev/null || die "python3 is needed (Promela generator, JSON parsing)"
command -v spin >/dev/null || apt_install spin "spin (the SPIN model checker)"
command -v spin >/dev/null || die "spin is still not on PATH after installing it"
command -v "$CC" >/dev/null || apt_install gcc "a C compiler ($CC) to build SPIN's pan.c"
command -v "$CC" >/dev/null || die "no C compiler: $CC (set CC=...)"
command -v timeout >/dev/null || die "timeout (coreutils) is needed"
[ -f "$SCENARIO" ] || die "$SCENARIO not found (run from a gilrace checkout)"
TIME_BIN=/usr/bin/time
[ -x "$TIME_BIN" ] || { echo "compare_spin.sh: note: /usr/bin/time missing (Debian package 'time'): memory of gilrace not measured" >&2; TIME_BIN=; }

case "$CLOCK" in wall|cpu) ;; *) die "CLOCK must be wall or cpu" ;; esac
case "$SPIN_NOREDUCE" in
    both) variants="por nored" ;;
    no) variants="por" ;;
    yes) variants="nored" ;;
    *) die "SPIN_NOREDUCE must be both, no or yes" ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/compare_spin.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- measuring ----------------------------------------------------------

now_ns() { date +%s%N; }

# timed OUTFILE CMD...: runs CMD under timeout, stdout+stderr to OUTFILE;
# sets run_rc, run_seconds (wall clock, or CPU time user + sys of the
# process tree when CLOCK=cpu) and run_kb (peak RSS, or empty).
timed() {
    local out=$1; shift
    local start end user sys TIMEFORMAT='%3U %3S'
    start=$(now_ns)
    set +e
    if [ -n "$TIME_BIN" ]; then
        { time timeout "$TIME_LIMIT" "$TIME_BIN" -f '%M' -o "$out.rss" "$@" >"$out" 2>&1; } 2>"$out.cpu"
    else
        { time timeout "$TIME_LIMIT" "$@" >"$out" 2>&1; } 2>"$out.cpu"
    fi
    run_rc=$?
    set -e
    end=$(now_ns)
    # A run stopped by timeout is charged its wall-clock time even with
    # CLOCK=cpu: its processes were killed before their CPU time was collected.
    if [ "$CLOCK" = cpu ] && [ "$run_rc" -ne 124 ]; then
        read -r user sys <"$out.cpu"
        run_seconds=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.4f", u + s }')
    else
        run_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    fi
    run_kb=
    if [ -n "$TIME_BIN" ] && [ -s "$out.rss" ]; then
        run_kb=$(grep -Eo '^[0-9]+$' "$out.rss" | tail -1 || true)
    fi
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# repeat_timed OUTFILE CMD...: timed, REPEATS times (once if a run takes > 10 s
# or fails); sets med_seconds, and run_rc/run_kb of the last run.
repeat_timed() {
    local out=$1; shift
    local all="" i
    for ((i = 0; i < REPEATS; i++)); do
        timed "$out" "$@"
        all="$all $run_seconds"
        if [ "$run_rc" -ne 0 ] && [ "$run_rc" -ne 1 ]; then break; fi
        awk -v s="$run_seconds" 'BEGIN { exit !(s > 10) }' && break
    done
    med_seconds=$(echo "$all" | median)
}

fmt_mb() { [ -n "${1:-}" ] && awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' || echo "-"; }

ratio() {  # SPIN seconds / gilrace seconds, ">" when SPIN was capped
    local s=$1 g=$2 prefix=""
    case "$s" in ">"*) prefix=">"; s=${s#>} ;; esac
    case "$g" in ">"*|"-"|"") echo "-"; return ;; esac
    [ "$s" = "-" ] && { echo "-"; return; }
    awk -v s="$s" -v g="$g" -v p="$prefix" 'BEGIN { if (g <= 0) print "-"; else printf "%s%.0fx\n", p, s / g }'
}

# --- the runs -----------------------------------------------------------

status=0
rows=()
notes=()

echo "SPIN: $(spin -V 2>&1 | head -1); pan built with: $CC $SPIN_CFLAGS -DMEMLIM=$SPIN_MEMLIM_MB [-DNOREDUCE]; run: ./pan -c0 -n -m100000${SPIN_W:+ -w$SPIN_W}"
echo "gilrace: $GILRACE explore $SCENARIO -D THREADS=T --strategy exhaustive --witnesses 0 --json FILE --no-progress"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "each run capped at $TIME_LIMIT s; seconds are $([ "$CLOCK" = cpu ] && echo "CPU time (user + system)" || echo "wall clock"), median of $REPEATS, MB is SPIN's own 'total actual memory usage' and gilrace's peak RSS"
echo

for T in $THREADS_LIST; do
    dir=$work/t$T
    mkdir -p "$dir"
    python3 "$GENERATOR" "$T" >"$dir/seed_counter.pml"
    (cd "$dir" && spin -a seed_counter.pml >spin-a.log 2>&1) || { cat "$dir/spin-a.log" >&2; die "spin -a failed for THREADS=$T"; }

    declare -A spin_states=() spin_mb=() spin_sec=() spin_note=()
    for v in $variants; do
        flags="$SPIN_CFLAGS -DMEMLIM=$SPIN_MEMLIM_MB"
        [ "$v" = nored ] && flags="$flags -DNOREDUCE"
        # shellcheck disable=SC2086
        (cd "$dir" && "$CC" $flags -o "pan_$v" pan.c >cc.log 2>&1) || { cat "$dir/cc.log" >&2; die "compiling pan.c failed ($CC $flags)"; }
        # -c0: do not stop at an assertion violation, count them all;
        # -n: no listing of unreached code; -m100000: depth limit far above
        # the 5*THREADS+3 steps of the longest run.
        (cd "$dir" && repeat_timed "$dir/pan_$v.out" "./pan_$v" -c0 -n -m100000 ${SPIN_W:+-w$SPIN_W}
         echo "$run_rc $med_seconds" >"$dir/pan_$v.res")
        read -r rc sec <"$dir/pan_$v.res"
        out=$dir/pan_$v.out
        states=$(awk '/states, stored/ { s = $1 } END { print s }' "$out")
        mb=$(awk '/total actual memory usage/ { m = $1 } END { print m }' "$out")
        if [ -z "$states" ]; then  # killed before the final statistics: last progress line
            states=$(awk '/^Depth=.*States=/ { for (i = 1; i <= NF; i++) if ($i == "States=") s = $(i + 1); for (i = 1; i <= NF; i++) if ($i == "Memory=") m = $(i + 1) } END { if (s != "") printf ">%d %s\n", s, m }' "$out")
            mb=${states#* }; states=${states% *}
        fi
        note=""
        if [ "$rc" -eq 124 ]; then
            note="time limit ${TIME_LIMIT}s"
        elif grep -q 'reached -DMEMLIM bound\|out of memory' "$out"; then
            note="memory limit ${SPIN_MEMLIM_MB} MB"
        elif grep -q 'Search not completed' "$out"; then
            note="search not completed"
        elif [ "$rc" -ne 0 ] || ! grep -q 'Full statespace search' "$out"; then
            note="pan failed (status $rc)"; status=1
            tail -5 "$out" >&2
        else
            errors=$(grep -Eo 'errors: [0-9]+' "$out" | awk '{ print $2 }')
            [ "$errors" = "$((T - 1))" ] ||
                notes+=("THREADS=$T SPIN $v: $errors assertion violations (expected THREADS-1 = $((T - 1)), one per lost-update value of n)")
        fi
        if [ -n "$note" ]; then
            notes+=("THREADS=$T SPIN $([ "$v" = por ] && echo default || echo NOREDUCE): stopped by the $note after ${sec}s; states and MB are the last progress line's")
            sec=">$sec"; [ -n "$states" ] || states="-"; [ -n "$mb" ] || mb="-"
        fi
        spin_states[$v]=$states; spin_mb[$v]=$mb; spin_sec[$v]=$sec; spin_note[$v]=$note
    done

    json=$dir/gilrace.json
    repeat_timed "$dir/gilrace.out" "$GILRACE" explore "$SCENARIO" -D "THREADS=$T" --strategy exhaustive \
        --witnesses 0 --json "$json" --no-progress
    g_sec=$med_seconds; g_kb=$run_kb
    if [ "$run_rc" -eq 0 ] || [ "$run_rc" -eq 1 ] && [ -s "$json" ]; then
        read -r g_states g_lost g_check < <(python3 - "$json" "$T" <<'EOF'
import json, math, sys
report = json.load(open(sys.argv[1]))
threads = int(sys.argv[2])
total = int(report["total"])
serial = sum(int(o["count"]) for o in report["outcomes"] if o["values"].get("n") == str(threads))
lost = sum(int(o["count"]) for o in report["outcomes"] if not o["expected"])
ok = (serial == math.factorial(threads) and report["complete"]
      and total == math.factorial(4 * threads) // math.factorial(4) ** threads
      and len(report["outcomes"]) == threads)
print(report["states"], lost, "ok" if ok else "WRONG")
EOF
        )
        if [ "$g_check" != ok ]; then
            notes+=("THREADS=$T gilrace: counts differ from T! serial orders / (4T)!/(4!)^T interleavings / T outcomes")
            status=1
        fi
    else
        g_states="-"; g_lost="-"
        if [ "$run_rc" -eq 124 ]; then
            notes+=("THREADS=$T gilrace: stopped by the time limit of ${TIME_LIMIT}s"); g_sec=">$g_sec"
        else
            notes+=("THREADS=$T gilrace: exit status $run_rc: $(tail -1 "$dir/gilrace.out")"); status=1
        fi
    fi

    row="$T"
    for v in $variants; do
        row="$row|${spin_states[$v]}|${spin_mb[$v]}|${spin_sec[$v]}"
    done
    row="$row|$g_states|$(fmt_mb "$g_kb")|$g_sec"
    for v in $variants; do row="$row|$(ratio "${spin_sec[$v]}" "$g_sec")"; done
    row="$row|$g_lost"
    rows+=("$row")
    unset spin_states spin_mb spin_sec spin_note
    echo "THREADS=$T done" >&2
done

# --- the table ------------------------------------------------------------

header="THREADS"
for v in $variants; do
    case $v in
        por) header="$header|SPIN states|SPIN MB|SPIN s" ;;
        nored) header="$header|SPIN-NR states|SPIN-NR MB|SPIN-NR s" ;;
    esac
done
header="$header|gilrace states|gilrace MB|gilrace s"
for v in $variants; do
    case $v in por) header="$header|ratio" ;; nored) header="$header|ratio NR" ;; esac
done
header="$header|lost-update interleavings (exact)"

printf '%s\n' "$header" "${rows[@]}" | awk -F'|' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR; if (NF > nf) nf = NF }
    END {
        for (r = 1; r <= n; r++) {
            line = ""
            for (i = 1; i <= nf; i++) line = line sprintf(i < nf ? "%-" w[i] "s  " : "%s", cell[r, i])
            print line
            if (r == 1) { line = ""; for (i = 1; i <= nf; i++) { d = ""; for (j = 0; j < (i < nf ? w[i] : length(cell[1, i])); j++) d = d "-"; line = line d (i < nf ? "  " : "") } print line }
        }
    }'
echo
echo "SPIN = pan as compiled by default (partial-order reduction on); SPIN-NR = pan -DNOREDUCE (every interleaving step expanded)."
echo "ratio = SPIN s / gilrace s. SPIN stores every permutation of the threads; gilrace stores one state per symmetry class."
echo "lost-update interleavings: gilrace's exact count of interleavings ending with n < THREADS; SPIN reports only that the assertion fails (one error per final n)."
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (on a busy machine wall-clock seconds include waiting for a core; CLOCK=cpu counts CPU time)"
for note in "${notes[@]+"${notes[@]}"}"; do echo "note: $note"; done
exit "$status"
