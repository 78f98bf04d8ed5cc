#!/usr/bin/env python3
"""Runs gilrace_bench and sets each measured figure beside its target.

    python3 bench/compare.py [BINARY] [--cpu] [--repetitions N] [--filter REGEX]

BINARY defaults to build/gilrace_bench. The table is a report, not a gate:
the exit status is 0 whatever the verdicts, and non-zero only when the
benchmark binary itself cannot be run, fails, or prints no usable JSON.
"""

import argparse
import json
import subprocess
import sys

# Targets from the performance issue. kind "time": seconds per run, at most
# `limit`; kind "rate": items (opcode steps) per second, at least `limit`.
TARGETS = {
    "BM_SeedExhaustive/8/0": ("time", 0.050, "< 50 ms"),
    "BM_SeedExhaustive/8/3": ("time", 0.050, "< 50 ms"),
    "BM_SeedBoundedK1/100/0": ("time", 0.5, "< 0.5 s"),
    "BM_SeedBoundedK1/100/3": ("time", 0.5, "< 0.5 s"),
    "BM_StatelessDfsSteps/3": ("rate", 20e6, ">= 20 M steps/s"),
    "BM_FirstUnexpectedSeed/100": ("time", 0.020, "< 20 ms"),
}

UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def format_seconds(seconds):
    if seconds >= 1.0:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def format_rate(per_second):
    return f"{per_second / 1e6:.2f} M/s"


def run_benchmarks(binary, repetitions, pattern):
    command = [binary, "--benchmark_format=json"]
    if repetitions > 1:
        command += [f"--benchmark_repetitions={repetitions}", "--benchmark_report_aggregates_only=true"]
    if pattern:
        command.append(f"--benchmark_filter={pattern}")
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        sys.stderr.write(f"compare.py: cannot run {binary}: {error}\n")
        sys.exit(2)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.stderr.write(f"compare.py: {binary} exited with status {done.returncode}\n")
        sys.exit(done.returncode if done.returncode > 0 else 1)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as error:
        sys.stderr.write(f"compare.py: {binary} printed no valid JSON: {error}\n")
        sys.exit(1)


def pick_runs(report, repetitions):
    """One entry per benchmark: the median when repeated, else the run itself."""
    runs = {}
    for entry in report.get("benchmarks", []):
        name = entry.get("run_name", entry["name"])
        if repetitions > 1:
            if entry.get("run_type") != "aggregate" or entry.get("aggregate_name") != "median":
                continue
        elif entry.get("run_type", "iteration") != "iteration":
            continue
        runs.setdefault(name, entry)
    return runs


def describe(name, entry, use_cpu):
    """(measured, target, verdict, detail) for one benchmark entry."""
    if entry.get("error_occurred"):
        return "-", TARGETS.get(name, (None, None, "-"))[2], "ERROR", entry.get("error_message", "")
    scale = UNIT_SECONDS[entry.get("time_unit", "ns")]
    wall = entry["real_time"] * scale
    cpu = entry["cpu_time"] * scale
    rate = entry.get("items_per_second")
    details = [f"wall {format_seconds(wall)}", f"cpu {format_seconds(cpu)}"]
    if "states" in entry:
        details.append(f"states {int(entry['states'])}")
    if "opcodes/s" in entry and rate is None:
        details.append(f"opcodes {format_rate(entry['opcodes/s'])}")
    detail = ", ".join(details)

    kind, limit, target = TARGETS.get(name, (None, None, "-"))
    if kind == "rate" or (kind is None and rate is not None):
        # Google Benchmark computes items_per_second from CPU time; rescale
        # it to wall time unless --cpu asks for CPU time.
        if rate is None:
            return "-", target, "ERROR", "no items_per_second"
        if not use_cpu and wall > 0:
            rate = rate * cpu / wall
        measured = format_rate(rate)
        verdict = "-" if kind is None else ("PASS" if rate >= limit else "MISS")
        return measured, target, verdict, detail
    seconds = cpu if use_cpu else wall
    verdict = "-" if kind is None else ("PASS" if seconds <= limit else "MISS")
    return format_seconds(seconds), target, verdict, detail


def print_table(rows):
    header = ("benchmark", "measured", "target", "verdict", "detail")
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    print(line)
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


def main():
    parser = argparse.ArgumentParser(description="Run gilrace_bench and compare with the targets.")
    parser.add_argument("binary", nargs="?", default="build/gilrace_bench", help="the gilrace_bench executable")
    parser.add_argument("--cpu", action="store_true", help="judge by CPU time instead of wall-clock time")
    parser.add_argument("--repetitions", type=int, default=1, help="repeat each benchmark and use the median")
    parser.add_argument("--filter", default="", help="only benchmarks matching this regex")
    args = parser.parse_args()

    report = run_benchmarks(args.binary, args.repetitions, args.filter)
    runs = pick_runs(report, args.repetitions)
    rows = [(name, *describe(name, entry, args.cpu)) for name, entry in runs.items()]
    for name in TARGETS:
        if name not in runs and not args.filter:
            rows.append((name, "-", TARGETS[name][2], "NOT RUN", "missing from the benchmark output"))
    context = report.get("context", {})
    print(f"{args.binary}: {context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz, "
          f"load average {', '.join(f'{x:.2f}' for x in context.get('load_avg', [])) or '?'}; "
          f"judged by {'CPU' if args.cpu else 'wall-clock'} time"
          + (f", median of {args.repetitions}" if args.repetitions > 1 else ""))
    print()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
