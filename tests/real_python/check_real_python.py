#!/usr/bin/env python3
"""Check gilrace's predictions against a real CPython.

For each scenario source in this directory (a .py file with a
`# gilrace-threads: FUNC=N, ...` line and a `# gilrace-observe: NAME, ...`
line), this driver

1. converts it with tools/py2scn.py, run by the python under test, so the
   scenario holds that interpreter's bytecode and names its model
   (cpython-X.Y);
2. explores the scenario with `gilrace explore --json -` and reads the
   predicted outcome set (observed globals as Python reprs, the exceptions
   the threads raised, deadlock);
3. runs the same source for real, many times, in ONE process of the python
   under test with sys.setswitchinterval(1e-6): reset the globals, start
   the threads (they wait on one Event, so they start together), join them,
   record the observed globals' reprs and any exception a thread raised;
4. checks that every observed outcome is in the predicted set, and prints
   per source a table of outcome, predicted share and count, observed count.

Exceptions are compared by thread function and exception type
("taker raised IndexError"): gilrace's messages are not always CPython's.

    python3 tests/real_python/check_real_python.py --gilrace build/gilrace
            [--python PATH] [--runs R] [--budget SECONDS] [--keep DIR] [SOURCE.py ...]

Exit status: 0 when every source that could be checked agreed (sources that
could not be checked are listed as SKIP); 1 when a real run produced an
outcome gilrace did not predict, or something broke; 77 (SKIP) when nothing
could be checked (no gilrace binary, no such python, every source skipped).
Standard library only; runs under Python 3.8 and later.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_PY2SCN = os.path.join(REPO, "tools", "py2scn.py")
SWITCH_INTERVAL = 1e-6

# The part that runs inside the python under test: loads the source as a module
# (its `if __name__ == "__main__":` block does not run), then runs its threads
# `runs` times. Must stay valid Python 3.8. Prints one JSON object on stdout.
RUNNER = r'''
import collections, copy, importlib.util, json, os, re, sys, threading, time

cfg = json.loads(sys.argv[1])
out, sys.stdout = sys.stdout, sys.stderr  # what the source prints must not mix with the result
sys.path.insert(0, os.path.dirname(os.path.abspath(cfg["source"])))
spec = importlib.util.spec_from_file_location("__real_python__", cfg["source"])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
ns = module.__dict__

LOCK = type(threading.Lock())
RLOCK = type(threading.RLock())
initial = {}
for name in cfg["globals"]:
    value = ns[name]
    if isinstance(value, LOCK):
        initial[name] = ("lock", value.locked())
    elif isinstance(value, RLOCK):
        initial[name] = ("rlock", None)
    else:
        initial[name] = ("value", copy.deepcopy(value))

def reset():
    for name, (kind, value) in initial.items():
        if kind == "lock":
            lock = threading.Lock()
            if value:
                lock.acquire()
            ns[name] = lock
        elif kind == "rlock":
            ns[name] = threading.RLock()
        else:
            ns[name] = copy.deepcopy(value)

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
def norm_repr(value):
    # "<unlocked _thread.lock object at 0x7f...>" -> gilrace's "<unlocked _thread.lock object>"
    return ADDRESS.sub(">", repr(value))

plan = []
for func, count in cfg["threads"]:
    plan.extend([func] * count)

sys.setswitchinterval(cfg["switch_interval"])
counts = collections.Counter()
runs = 0
stopped = None
deadline = time.monotonic() + cfg["max_seconds"]
while runs < cfg["runs"]:
    if time.monotonic() > deadline:
        stopped = "time budget of %gs reached" % cfg["max_seconds"]
        break
    reset()
    errors = []
    go = threading.Event()
    def make(name):
        fn = ns[name]
        def body():
            go.wait()  # all the threads of a run start together
            try:
                fn()
            except BaseException as e:
                errors.append("%s raised %s: %s" % (name, type(e).__name__, e))
        return body
    threads = [threading.Thread(target=make(name), daemon=True) for name in plan]
    for t in threads:
        t.start()
    go.set()
    end = time.monotonic() + cfg["join_timeout"]
    for t in threads:
        t.join(max(0.0, end - time.monotonic()))
    deadlock = any(t.is_alive() for t in threads)
    values = dict((name, norm_repr(ns[name])) for name in cfg["observe"])
    counts[json.dumps([values, sorted(errors), deadlock], sort_keys=True)] += 1
    runs += 1
    if deadlock:
        stopped = "threads still running %gs after start (deadlock?)" % cfg["join_timeout"]
        break

out.write(json.dumps({"version": sys.version.split()[0], "runs": runs, "stopped": stopped,
                      "counts": [[json.loads(k), n] for k, n in counts.items()]}) + "\n")
out.flush()
os._exit(0)  # do not wait for threads stuck in a deadlock
'''


class Skip(Exception):
    """This source (or the whole run) cannot be checked here; the message says why."""


class Failure(Exception):
    """Something broke that should not have; the message says what."""


# --- sources -----------------------------------------------------------------------

HEADER = re.compile(r"^#\s*gilrace-(threads|observe):\s*(.*?)\s*$")


def read_header(path):
    """`# gilrace-threads: a=2, b=1` and `# gilrace-observe: x, y` -> ([("a", 2), ("b", 1)], ["x", "y"])."""
    threads, observe = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = HEADER.match(line)
            if not m:
                continue
            items = [item.strip() for item in m.group(2).split(",") if item.strip()]
            if m.group(1) == "observe":
                observe.extend(items)
                continue
            for item in items:
                name, sep, count = item.partition("=")
                if not sep or not count.strip().isdigit():
                    raise Failure("%s: bad gilrace-threads entry %r (expected FUNC=N)" % (path, item))
                threads.append((name.strip(), int(count)))
    return threads, observe


def find_sources():
    sources = []
    for name in sorted(os.listdir(HERE)):
        path = os.path.join(HERE, name)
        if name.endswith(".py") and os.path.isfile(path) and read_header(path)[0]:
            sources.append(path)
    return sources


# --- outcomes ----------------------------------------------------------------------

GILRACE_ERROR = re.compile(r"^(\w+) raised (\w+):")


def error_key(text):
    """'taker raised IndexError: pop from empty list at CALL (line 30)' -> 'taker raised IndexError'."""
    m = GILRACE_ERROR.match(text)
    return "%s raised %s" % (m.group(1), m.group(2)) if m else text


def outcome_key(values, errors, deadlock):
    return (tuple(sorted(values.items())), tuple(sorted(error_key(e) for e in errors)), bool(deadlock))


def describe(key):
    values, errors, deadlock = key
    parts = [", ".join("%s = %s" % item for item in values)] if values else []
    parts.extend(errors)
    if deadlock:
        parts.append("deadlock")
    return "; ".join(parts) or "(nothing observed)"


# --- the steps ---------------------------------------------------------------------

def run(cmd, timeout, **kwargs):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        raise Failure("%s timed out after %gs" % (" ".join(cmd), timeout))


def last_lines(text, n=8):
    """The last n non-blank lines of a tool's stderr, each on its own indented line."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    return "".join("\n        " + line for line in lines[-n:]) or " (no message)"


def known_models(gilrace):
    r = run([gilrace, "models"], 30)
    if r.returncode != 0:
        raise Failure("%s models exited with %d:%s" % (gilrace, r.returncode, last_lines(r.stderr)))
    return [line.split()[0] for line in r.stdout.splitlines() if line.strip()]


def py2scn_command(args, source, threads, observe, out):
    cmd = [args.python, args.py2scn, source] + [name for name, _ in threads]
    for name, count in threads:
        cmd += ["--threads", "%s=%d" % (name, count)]
    if observe:
        cmd += ["--observe", ",".join(observe)]
    return cmd + ["-o", out]


def make_scenario(args, source, threads, observe, out):
    r = run(py2scn_command(args, source, threads, observe, out), 60)
    if r.returncode != 0:
        raise Skip("py2scn under %s failed (exit %d):%s" % (args.python, r.returncode, last_lines(r.stderr)))
    with open(out, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^model (\S+)", text, re.M)
    if not m:
        raise Skip("py2scn wrote no model line: %s is not a CPython gilrace can model" % args.python)
    scenario_globals = re.findall(r"^global (\w+) =", text, re.M)
    return m.group(1), scenario_globals


def predict(args, scenario):
    # Run in the scenario's directory, so gilrace's messages name it NAME.scn.
    cmd = [args.gilrace, "explore", os.path.basename(scenario), "--json", "-", "--no-progress", "--witnesses", "0"]
    started = time.monotonic()
    r = run(cmd, 120, cwd=os.path.dirname(scenario))
    seconds = time.monotonic() - started
    if r.returncode == 2:
        raise Skip("gilrace rejects this interpreter's bytecode:%s" % last_lines(r.stderr))
    if r.returncode == 3:
        raise Skip("gilrace hit a limit exploring it (make the source smaller):%s" % last_lines(r.stderr))
    if r.returncode not in (0, 1):
        raise Failure("%s exited with %d:%s" % (" ".join(cmd), r.returncode, last_lines(r.stderr)))
    try:
        report = json.loads(r.stdout)
    except ValueError as e:
        raise Failure("%s printed a report that is not JSON: %s" % (" ".join(cmd), e))
    if not report.get("complete"):
        raise Skip("gilrace's exploration is not complete (%s), so its outcomes are not the whole prediction"
                   % report.get("bound", "no bound given"))
    predicted = {}
    for outcome in report["outcomes"]:
        key = outcome_key(outcome["values"], outcome["errors"], outcome["deadlock"])
        predicted[key] = predicted.get(key, 0) + int(outcome["count"])  # counts exceed 64 bits
    return report, predicted, seconds


def run_for_real(args, source, threads, observe, scenario_globals, max_seconds):
    cfg = {"source": source, "threads": threads, "observe": observe, "globals": scenario_globals,
           "runs": args.runs, "max_seconds": max_seconds, "join_timeout": args.join_timeout,
           "switch_interval": SWITCH_INTERVAL}
    cmd = [args.python, "-c", RUNNER, json.dumps(cfg)]
    started = time.monotonic()
    r = run(cmd, max_seconds + args.join_timeout + 60)
    seconds = time.monotonic() - started
    if r.returncode != 0:
        raise Failure("running %s for real under %s failed (exit %d):%s"
                      % (os.path.basename(source), args.python, r.returncode, last_lines(r.stderr)))
    try:
        result = json.loads(r.stdout)
    except ValueError as e:
        raise Failure("running %s for real printed no result (%s):%s" % (os.path.basename(source), e, last_lines(r.stderr)))
    observed = {}
    for (values, errors, deadlock), count in result["counts"]:
        key = outcome_key(values, errors, deadlock)
        observed[key] = observed.get(key, 0) + count
    return result, observed, seconds


# --- report ------------------------------------------------------------------------

def percent(part, whole):
    """A share as a percentage that reads 0.00% or 100.00% only when it is exactly that."""
    if part == 0 or part == whole:
        return "%.2f%%" % (100.0 * part / whole)
    value = 100.0 * part / whole
    if value < 0.01:
        return "<0.01%"
    if value > 99.99:
        return ">99.99%"
    return "%.2f%%" % value


def print_table(predicted, observed, runs, total):
    keys = sorted(predicted, key=lambda k: (-predicted[k], describe(k)))
    keys += sorted((k for k in observed if k not in predicted), key=lambda k: -observed[k])
    rows = [("outcome", "predicted share", "predicted count", "observed", "observed share")]
    for key in keys:
        count = predicted.get(key)
        seen = observed.get(key, 0)
        rows.append((describe(key),
                     percent(count, total) if count is not None else "NOT PREDICTED",
                     str(count) if count is not None else "-",
                     str(seen),
                     percent(seen, runs) if runs else "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("    " + "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                                 for i, cell in enumerate(row)).rstrip())


def check_source(args, source, models, max_seconds, workdir):
    name = os.path.basename(source)
    threads, observe = read_header(source)
    if not observe:
        raise Failure("%s: no `# gilrace-observe: NAME, ...` line" % source)
    scenario = os.path.join(workdir, name[:-3] + ".scn")
    model, scenario_globals = make_scenario(args, source, threads, observe, scenario)
    if model not in models:
        raise Skip("gilrace has no model %r for %s (it knows: %s)" % (model, args.python, ", ".join(models)))
    report, predicted, explore_seconds = predict(args, scenario)
    result, observed, real_seconds = run_for_real(args, source, threads, observe, scenario_globals, max_seconds)
    runs = result["runs"]
    print("%s: model %s, %s threads; gilrace: %s interleavings, %d outcome(s) in %.2fs; "
          "real: %d runs on Python %s in %.1fs%s"
          % (name, model, "+".join("%s x%d" % t for t in threads), report["total"], len(predicted),
             explore_seconds, runs, result["version"], real_seconds,
             " (stopped early: %s)" % result["stopped"] if result["stopped"] else ""))
    print_table(predicted, observed, runs, int(report["total"]))
    if runs == 0:
        raise Skip("no real run finished within the time budget")
    unpredicted = [(k, n) for k, n in observed.items() if k not in predicted]
    return ["%s: Python %s (model %s) produced `%s` in %d of %d runs, which gilrace did not predict "
            "(it predicts %s); the scenario is %s"
            % (name, result["version"], model, describe(k), n, runs,
               " | ".join("`%s`" % describe(p) for p in predicted) or "no outcome at all",
               scenario if args.keep else "written by: %s" % " ".join(py2scn_command(args, source, threads, observe, "OUT.scn")))
            for k, n in unpredicted]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", metavar="SOURCE.py",
                        help="sources to check (default: every tests/real_python/*.py with a gilrace-threads line)")
    parser.add_argument("--gilrace", default=os.path.join(REPO, "build", "gilrace"), help="the gilrace binary")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter to check (runs py2scn and the real runs; default: this one)")
    parser.add_argument("--py2scn", default=DEFAULT_PY2SCN, help="tools/py2scn.py")
    parser.add_argument("--runs", type=int, default=20000, help="real runs per source (default 20000)")
    parser.add_argument("--budget", type=float, default=45.0,
                        help="seconds of real runs in all, shared by the sources; a source stops early "
                             "when its share is spent (default 45)")
    parser.add_argument("--keep", metavar="DIR",
                        help="write the scenarios into DIR and keep them (default: a temporary directory)")
    parser.add_argument("--join-timeout", type=float, default=10.0,
                        help="seconds a real run may take before it counts as a deadlock (default 10)")
    args = parser.parse_args()
    args.gilrace = os.path.abspath(args.gilrace)  # it runs in the scenario directory
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    try:
        if not (os.path.isfile(args.gilrace) and os.access(args.gilrace, os.X_OK)):
            raise Skip("no gilrace binary at %s (build it, or pass --gilrace PATH)" % args.gilrace)
        if not os.path.isfile(args.py2scn):
            raise Skip("no py2scn at %s" % args.py2scn)
        try:
            r = run([args.python, "-c", "import sys; print(sys.version.split()[0])"], 60)
        except OSError as e:
            raise Skip("cannot run the python %s: %s" % (args.python, e.strerror or e))
        if r.returncode != 0:
            raise Skip("the python %s does not run (exit %d):%s" % (args.python, r.returncode, last_lines(r.stderr)))
        version = r.stdout.strip()
        models = known_models(args.gilrace)
        sources = [os.path.abspath(s) for s in args.sources] or find_sources()
        if not sources:
            raise Skip("no sources with a `# gilrace-threads:` line in %s" % HERE)
    except Skip as e:
        print("SKIP: %s" % e)
        return SKIP
    except Failure as e:
        print("FAIL: %s" % e)
        return 1

    print("checking %d source(s) with %s (Python %s), %s, up to %d real runs each, switch interval %g s\n"
          % (len(sources), args.python, version, args.gilrace, args.runs, SWITCH_INTERVAL))
    started = time.monotonic()
    checked, skipped, problems = [], [], []
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gilrace-real-python-") as tmp:
        workdir = os.path.abspath(args.keep or tmp)
        for i, source in enumerate(sources):
            name = os.path.basename(source)
            remaining = args.budget - (time.monotonic() - started)
            max_seconds = max(1.0, remaining / (len(sources) - i))
            try:
                disagreements = check_source(args, source, models, max_seconds, workdir)
                checked.append(name)
                problems.extend(disagreements)
            except Skip as e:
                print("%s: SKIP: %s" % (name, e))
                skipped.append(name)
            except Failure as e:
                print("%s: FAIL: %s" % (name, e))
                problems.append("%s: %s" % (name, e))
            print()

    elapsed = time.monotonic() - started
    if problems:
        for p in problems:
            print("FAIL: %s" % p)
        return 1
    if not checked:
        print("SKIP: Python %s: no source could be checked (%s skipped, see above)" % (version, ", ".join(skipped)))
        return SKIP
    print("OK: Python %s: every observed outcome of %s is one gilrace predicts (%.1fs)%s"
          % (version, ", ".join(checked), elapsed,
             "; skipped: %s" % ", ".join(skipped) if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
