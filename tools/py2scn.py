#!/usr/bin/env python3
"""py2scn: turn functions of a real .py file into a gilrace scenario (.scn).

    py2scn.py FILE.py FUNC [FUNC...] --threads FUNC=N [--threads FUNC=N ...]
              [-o OUT.scn] [--model NAME | --no-model]
              [--observe NAME ...] [--expect EXPR ...]

The python that runs this script compiles and runs FILE.py (with __name__ set
to "__py2scn__", so an `if __name__ == "__main__":` block does not run; any
other module-level code does, and what it prints goes to stderr). The scenario
holds, for each FUNC that threads run (--threads), its `dis.dis` output as the
body of `def FUNC():`, one `threads N x FUNC` line per --threads, the
module-level globals the functions use (ints, bools, None, strs, lists of
those, threading.Lock() and threading.RLock() objects) with the values they
have once the module has run, the --observe and --expect lines, and
`model cpython-X.Y` for this interpreter.

The module's functions that these call are converted too, transitively (any
name a converted body loads with LOAD_GLOBAL that the module binds to a
function, recursion included), as `def NAME(PARAMS):` with their `dis.dis`
body; a name bound to a function gets no `global` line. The def blocks come
in the order the module defines the names. A thread function takes no
parameters; a called function takes plain positional parameters only (no
*args, **kwargs, keyword-only parameters or defaults) and must not be a
closure, hold nested functions, lambdas or (before 3.12) comprehensions, or
be a generator. A FUNC without --threads is allowed if a thread function
calls it. For example, with

    n = 0
    def add(a, b):
        return a + b
    def worker():
        global n
        n = add(n, 1)

`py2scn.py FILE.py worker --threads worker=2` writes `def add(a, b):` and
`def worker():` with their bytecode, `global n = 0` and `threads 2 x worker`.

Standard library only; runs under Python 3.8 and later. See docs/py2scn.md.
Exit status: 0 when the scenario was written, 2 for any error.
"""

import argparse
import ast
import builtins
import contextlib
import difflib
import dis
import inspect
import io
import os
import platform
import re
import shlex
import sys
import sysconfig
import threading
import traceback
import types

MODULE_NAME = "__py2scn__"
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
SUPPORTED = ("int, bool, None, str, lists, tuples and dicts of those, threading.Lock() "
             "or threading.RLock()")
GILRACE_BUILTINS = ("len", "range")  # names a LOAD_GLOBAL may read without a `global` line
GLOBAL_OPCODES = ("LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL")

LOCK_TYPE = type(threading.Lock())
RLOCK_TYPES = tuple({type(threading.RLock()), getattr(threading, "_PyRLock", type(threading.RLock()))})


class Py2ScnError(Exception):
    """An input error: the message is printed as is and the exit status is 2."""


EPILOG = """\
The module's functions that the converted functions call (a LOAD_GLOBAL of a
name the module binds to a function) are converted too, transitively and
recursion included, as `def NAME(PARAMS):` with their dis.dis body, in the
order the module defines them. They take plain positional parameters only.

Example: with FILE.py holding

    n = 0
    def add(a, b):
        return a + b
    def worker():
        global n
        n = add(n, 1)

    py2scn.py FILE.py worker --threads worker=2 --observe n -o add.scn

writes `global n = 0`, `def add(a, b):`, `def worker():`, `threads 2 x worker`
and `observe n` (no `global add` line: the def is the global).
See docs/py2scn.md."""


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, "py2scn.py: error: %s\n" % message)


def build_argument_parser():
    parser = _ArgumentParser(
        prog="py2scn.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write a gilrace scenario (.scn) from functions of a Python file,\n"
        "compiled by the python running this script.",
        epilog=EPILOG,
    )
    parser.add_argument("file", metavar="FILE.py", help="the Python file (it is run, with __name__ == %r)" % MODULE_NAME)
    parser.add_argument("functions", metavar="FUNC", nargs="+",
                        help="module-level functions: those with --threads take no parameters; one without "
                        "--threads must be called by a thread function (the functions they call are "
                        "converted without being named)")
    parser.add_argument("--threads", metavar="FUNC=N", action="append", default=[], required=True,
                        help="start N threads running FUNC (repeatable; FUNC must be one of the FUNCs)")
    parser.add_argument("-o", "--output", metavar="OUT.scn", help="write the scenario here (default: stdout)")
    model = parser.add_mutually_exclusive_group()
    model.add_argument("--model", metavar="NAME",
                       help="the scenario's `model` line (default: cpython-X.Y of this interpreter)")
    model.add_argument("--no-model", action="store_true", help="write no `model` line")
    parser.add_argument("--observe", metavar="NAME", action="append", default=[],
                        help="a global to observe (repeatable; NAME,NAME also works)")
    parser.add_argument("--expect", metavar="EXPR", action="append", default=[],
                        help="an `expect` condition in gilrace's expression syntax (repeatable)")
    return parser


# --- command-line values ------------------------------------------------------

def parse_thread_spec(text):
    """`worker=2` -> ("worker", 2)."""
    name, sep, count = text.partition("=")
    name, count = name.strip(), count.strip()
    if not sep or not name:
        raise Py2ScnError("--threads %s: expected FUNC=N, such as worker=2" % text)
    if not re.match(r"^[0-9]+$", count) or int(count) < 1:
        raise Py2ScnError("--threads %s: the thread count must be a positive integer, got '%s'" % (text, count))
    return name, int(count)


def split_observed(values):
    names = []
    for value in values:
        for name in value.split(","):
            name = name.strip()
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                raise Py2ScnError("--observe %s: '%s' is not a global name" % (value, name))
            if name not in names:
                names.append(name)
    return names


def default_model():
    """cpython-X.Y (X.Yt on a free-threaded build) for the running interpreter, or None."""
    if sys.implementation.name != "cpython":
        return None
    version = "%d.%d" % sys.version_info[:2]
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        version += "t"
    return "cpython-" + version


# --- running the module ---------------------------------------------------------

def load_module(path):
    """Compiles and runs FILE with __name__ == MODULE_NAME; returns its namespace."""
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as e:
        raise Py2ScnError("%s: cannot read the file: %s" % (path, e.strerror or e))
    filename = os.path.abspath(path)
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as e:
        raise Py2ScnError("%s:%s:%s: SyntaxError: %s" % (path, e.lineno, e.offset, e.msg))
    except ValueError as e:  # null bytes
        raise Py2ScnError("%s: cannot compile: %s" % (path, e))
    module = types.ModuleType(MODULE_NAME)
    module.__file__ = filename
    namespace = module.__dict__
    saved_module = sys.modules.get(MODULE_NAME)
    sys.modules[MODULE_NAME] = module
    sys.path.insert(0, os.path.dirname(filename))
    try:
        with contextlib.redirect_stdout(sys.stderr):  # stdout may be the scenario
            exec(code, namespace)
    except SystemExit as e:
        raise Py2ScnError("%s: the module called sys.exit(%r) while py2scn ran it (as %s)" % (path, e.code, MODULE_NAME))
    except Exception as e:  # the user's code: show where it failed
        traceback.print_exc()
        raise Py2ScnError("%s: running the module raised %s: %s (py2scn runs it with __name__ == %r)"
                          % (path, type(e).__name__, e, MODULE_NAME))
    finally:
        del sys.path[0]
        if saved_module is None:
            sys.modules.pop(MODULE_NAME, None)
        else:
            sys.modules[MODULE_NAME] = saved_module
    return namespace


def find_function(namespace, name, path):
    """The function the module binds to NAME (a name given on the command line)."""
    if name not in namespace or name.startswith("__"):
        functions = [k for k, v in namespace.items() if isinstance(v, types.FunctionType)]
        close = difflib.get_close_matches(name, functions, n=1)
        if close:
            hint = " (did you mean '%s'?)" % close[0]
        elif functions:
            hint = " (its functions: %s)" % ", ".join(functions)
        else:
            hint = " (it defines no functions)"
        raise Py2ScnError("%s: no function named '%s' in the module%s" % (path, name, hint))
    func = namespace[name]
    if not isinstance(func, types.FunctionType):
        raise Py2ScnError("%s: '%s' is not a function (it is %s)" % (path, name, describe_type(func)))
    return func


def is_module_function(namespace, name):
    """Whether the module binds NAME to a plain Python function (one py2scn converts when called)."""
    return not name.startswith("__") and isinstance(namespace.get(name), types.FunctionType)


def check_own_module(name, func, namespace, path, called_by):
    if func.__globals__ is not namespace:
        code = func.__code__
        raise Py2ScnError("%s: function '%s'%s is defined in %s (module %s), not in %s: its globals are that "
                          "module's; py2scn converts only the file's own functions"
                          % (path, name, called_by, code.co_filename, func.__module__, path))


def check_thread_function(name, func, path):
    code = func.__code__
    takes = code.co_argcount + code.co_kwonlyargcount + getattr(code, "co_posonlyargcount", 0)
    if takes or code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        raise Py2ScnError("%s:%d: function '%s' takes parameters %s: gilrace threads run their function "
                          "with no arguments" % (path, code.co_firstlineno, name, inspect.signature(func)))


def check_called_function(name, func, path, called_by):
    """A function other functions call: plain positional parameters, no closure, no nested code."""
    code = func.__code__
    where = "%s:%d: function '%s'%s" % (path, code.co_firstlineno, name, called_by)
    if (code.co_kwonlyargcount or code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS)
            or func.__defaults__ or func.__kwdefaults__):
        raise Py2ScnError("%s takes parameters %s: gilrace's functions take plain positional parameters "
                          "only (no *args, **kwargs, keyword-only parameters or defaults)"
                          % (where, inspect.signature(func)))
    if code.co_freevars:
        raise Py2ScnError("%s is a closure (it uses %s of an enclosing function): py2scn converts only "
                          "functions without free variables" % (where, ", ".join(code.co_freevars)))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            raise Py2ScnError("%s defines a nested function or comprehension ('%s', line %d): a called "
                              "function's body must be one code object, without nested functions, lambdas "
                              "or (before 3.12) comprehensions" % (where, const.co_name, const.co_firstlineno))
    if code.co_cellvars:  # cells come with nested code, caught above; kept as a safety net
        raise Py2ScnError("%s has cell variables (%s): py2scn converts only functions without closures"
                          % (where, ", ".join(code.co_cellvars)))
    generator_flags = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR
    if code.co_flags & generator_flags:
        raise Py2ScnError("%s is a generator or coroutine function: calling it does not run its body, "
                          "which gilrace cannot model" % where)


def parameters(func):
    """The names of a called function's parameters, in order (positional-only ones included)."""
    code = func.__code__
    return list(code.co_varnames[:code.co_argcount])


def called_functions(func, namespace):
    """Names the function's bytecode loads with LOAD_GLOBAL that the module binds to functions, in order."""
    names = []
    for instruction in dis.get_instructions(func):
        if (instruction.opname == "LOAD_GLOBAL" and instruction.argval not in names
                and is_module_function(namespace, instruction.argval)):
            names.append(instruction.argval)
    return names


# --- globals ---------------------------------------------------------------------

def describe_type(value):
    t = type(value)
    name = t.__qualname__ if t.__module__ == "builtins" else "%s.%s" % (t.__module__, t.__qualname__)
    return "a value of type %s" % name


def globals_used(func):
    """Names the function's own bytecode loads, stores or deletes as globals, in order."""
    names = []
    for instruction in dis.get_instructions(func):
        if instruction.opname in GLOBAL_OPCODES and instruction.argval not in names:
            names.append(instruction.argval)
    return names


class Unsupported(Exception):
    """A value the scenario cannot hold: `what` describes it, `where` is its index path in a list."""

    def __init__(self, what, where="", type_error=False):
        Exception.__init__(self, what)
        self.what, self.where, self.type_error = what, where, type_error


def scn_string(text, where=""):
    """A str in the scenario's syntax: quotes, and only \\n, \\t and \\<char> escapes."""
    for ch in text:
        if (ord(ch) < 32 and ch not in "\n\t") or ord(ch) == 127:
            raise Unsupported("a str with the character %r (U+%04X), which a scenario string cannot spell "
                              "(its only escapes are \\n and \\t)" % (ch, ord(ch)), where)
    quote = '"' if "'" in text and '"' not in text else "'"
    body = text.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n").replace("\t", "\\t")
    return quote + body + quote


def scn_literal(value, seen, where=""):
    """The scenario expression for a plain value; raises Unsupported."""
    t = type(value)
    if value is None:
        return "None"
    if t is bool:
        return "True" if value else "False"
    if t is int:
        if value == INT64_MIN:
            return "-9223372036854775807 - 1"
        if not INT64_MIN <= value <= INT64_MAX:
            raise Unsupported("an int that does not fit in gilrace's 64 bits (%d)" % value, where)
        return str(value)
    if t is str:
        return scn_string(value, where)
    if t is tuple:
        items = [scn_literal(item, seen, "%s[%d]" % (where, i)) for i, item in enumerate(value)]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if t is list or t is dict:
        kind = "list" if t is list else "dict"
        if id(value) in seen["active"]:
            raise Unsupported("a %s that contains itself" % kind, where)
        if id(value) in seen["all"]:
            seen["aliased"] = True
        seen["all"].add(id(value))
        seen["active"].add(id(value))
        try:
            if t is list:
                items = [scn_literal(item, seen, "%s[%d]" % (where, i)) for i, item in enumerate(value)]
                return "[" + ", ".join(items) + "]"
            entries = ["%s: %s" % (scn_literal(k, seen, "%s (a key)" % where),
                                   scn_literal(v, seen, "%s[%r]" % (where, k))) for k, v in value.items()]
            return "{" + ", ".join(entries) + "}"
        finally:
            seen["active"].discard(id(value))
    raise Unsupported(describe_type(value), where, type_error=True)


def global_line(name, value, users, path, seen):
    """`global NAME = ...` for a module global."""
    used_by = " (used by %s)" % ", ".join(users) if users else ""
    if isinstance(value, LOCK_TYPE):
        if value.locked():
            raise Py2ScnError("%s: global '%s'%s is a threading.Lock that is held once the module has run; "
                              "gilrace's locks start released" % (path, name, used_by))
        return "global %s = threading.Lock()" % name
    if isinstance(value, RLOCK_TYPES):
        return "global %s = threading.RLock()" % name
    seen["aliased"] = False
    try:
        literal = scn_literal(value, seen)
    except Unsupported as e:
        holds = "a %s whose item %s is %s" % (type(value).__name__, e.where, e.what) if e.where else e.what
        suffix = "; py2scn writes only %s" % SUPPORTED if e.type_error else ""
        raise Py2ScnError("%s: global '%s'%s holds %s%s" % (path, name, used_by, holds, suffix))
    if seen["aliased"]:
        sys.stderr.write("%s: note: global '%s' shares a list or dict with another global (or holds one twice); "
                         "the scenario gives each its own copy\n" % (path, name))
    return "global %s = %s" % (name, literal)


def expect_names(expression):
    """Names an --expect expression reads (not the callee of a call such as len(x))."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        return []
    callees = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in callees and node.id not in names:
            names.append(node.id)
    return names


# --- bodies ----------------------------------------------------------------------

def dis_lines(func):
    """dis.dis(func) as printed, nested code objects left out (they are other functions).

    Two things gilrace's reader cannot take are made comments or blanked: the
    3.11+ `ExceptionTable:` section (not instructions) and 3.13's `--` in the
    line-number column (an instruction with no source line).
    """
    out = io.StringIO()
    dis.dis(func, file=out, depth=0)
    lines = []
    in_table = False
    for line in out.getvalue().splitlines():
        line = line.rstrip()
        if line.startswith("ExceptionTable:"):
            in_table = True
        if in_table:
            lines.append("# " + line if line else "#")
            continue
        line = re.sub(r"^(\s*)--(?=\s)", lambda m: m.group(1) + "  ", line)
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def source_comment(name, func, path):
    """The function's source lines, as comments."""
    code = func.__code__
    shown = path if code.co_filename == os.path.abspath(path) else code.co_filename
    try:
        lines, first = inspect.getsourcelines(func)
    except (OSError, TypeError):
        return ["# %s: from %s (source not available)" % (name, shown)]
    lines = [line.rstrip("\r\n") for line in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    head = "# %s, %s line%s %d%s:" % (name, shown, "s" if len(lines) > 1 else "", first,
                                      "-%d" % (first + len(lines) - 1) if len(lines) > 1 else "")
    return [head] + [("#   " + line).rstrip() for line in lines]


# --- the scenario ------------------------------------------------------------------

def python_description():
    impl = platform.python_implementation()
    build = " (free-threaded build)" if sysconfig.get_config_var("Py_GIL_DISABLED") else ""
    return "%s %s%s" % (impl, platform.python_version(), build)


def check_name(kind, name, path):
    if any(ord(c) > 127 for c in name):
        raise Py2ScnError("%s: %s name '%s' is not ASCII; gilrace's names are ASCII" % (path, kind, name))


def generate(args, argv):
    """The scenario text for parsed arguments; raises Py2ScnError."""
    path = args.file
    wanted = []
    for name in args.functions:
        if name not in wanted:
            wanted.append(name)
    thread_lines = [parse_thread_spec(spec) + (spec,) for spec in args.threads]
    for name, count, spec in thread_lines:
        if name not in wanted:
            raise Py2ScnError("--threads %s: '%s' is not one of the functions to convert (%s)"
                              % (spec, name, ", ".join(wanted)))
    started = []
    for name, _, _ in thread_lines:
        if name not in started:
            started.append(name)
    observed = split_observed(args.observe)
    for expression in args.expect:
        if "\n" in expression or "\r" in expression or not expression.strip():
            raise Py2ScnError("--expect %r: expected one expression on one line" % expression)

    namespace = load_module(path)
    # By the name the module binds: a lambda's __name__ is "<lambda>".
    named = dict((name, find_function(namespace, name, path)) for name in wanted)
    for name in wanted:
        check_name("function", name, path)
    for name in started:
        check_own_module(name, named[name], namespace, path, "")
        check_thread_function(name, named[name], path)

    # The functions the thread functions call, transitively: every LOAD_GLOBAL
    # of a name the module binds to a function (recursion included).
    converted = dict((name, named[name]) for name in started)
    queue = list(started)
    while queue:
        caller = queue.pop(0)
        for name in called_functions(converted[caller], namespace):
            if name in converted:
                continue
            func = namespace[name]
            called_by = " (called by %s)" % caller
            check_name("function", name, path)
            check_own_module(name, func, namespace, path, called_by)
            check_called_function(name, func, path, called_by)
            converted[name] = func
            queue.append(name)
    for name in wanted:
        if name not in converted:
            raise Py2ScnError("function '%s' has no --threads and the thread functions do not call it (add "
                              "--threads %s=N: gilrace needs every function to be run by threads or called)"
                              % (name, name))
    # One order for the def blocks: the order the module binds the names.
    order = dict((name, index) for index, name in enumerate(namespace))
    functions = sorted(converted.items(), key=lambda item: order[item[0]])

    for name in observed:
        if name in converted:
            raise Py2ScnError("--observe %s: '%s' is a function of the scenario, not a global value"
                              % (name, name))

    # The globals: those the bodies use, then those --observe and --expect name.
    # A name bound to a converted function is that function's `def`, not a global.
    users = {}
    for func_name, func in functions:
        for name in globals_used(func):
            users.setdefault(name, []).append(func_name)
    for name in observed:
        if name not in namespace:
            raise Py2ScnError("--observe %s: %s has no global '%s'" % (name, path, name))
        users.setdefault(name, [])
    for expression in args.expect:
        for name in expect_names(expression):
            if name in namespace and not name.startswith("__"):
                users.setdefault(name, [])
    builtin_notes = []
    for name, used_by in users.items():
        if name in namespace:
            continue
        if hasattr(builtins, name):
            if name not in GILRACE_BUILTINS:
                builtin_notes.append("%s: note: %s uses the built-in '%s', which gilrace does not model "
                                     "(it knows len only)\n" % (path, ", ".join(used_by), name))
            continue
        raise Py2ScnError("%s: global '%s' (used by %s) has no value once the module has run: "
                          "give it an initial value at module level" % (path, name, ", ".join(used_by)))
    seen = {"all": set(), "active": set(), "aliased": False}
    global_lines = []
    for name, value in namespace.items():  # the module's own order
        if name in users and name not in converted:
            check_name("global", name, path)
            global_lines.append(global_line(name, value, users[name], path, seen))

    if args.no_model:
        model = None
    elif args.model is not None:
        model = args.model.strip()
        if not model or "#" in model or "\n" in model:
            raise Py2ScnError("--model %r: expected a model name, such as cpython-3.11" % args.model)
    else:
        model = default_model()
        if model is None:
            builtin_notes.append("%s: note: no `model` line: %s is not CPython (use --model NAME)\n"
                                 % (path, platform.python_implementation()))

    out = []
    out.append("# Generated by tools/py2scn.py from %s with %s." % (path, python_description()))
    out.append("# The def bodies are this interpreter's dis.dis output: other Python versions compile")
    out.append("# the same source to other bytecode (run py2scn.py with their python to compare).")
    out.append("#   " + shlex.join(["py2scn.py"] + list(argv)))
    if model:
        out.append("model " + model)
    out.append("")
    out.extend(global_lines)
    for index, (func_name, func) in enumerate(functions):
        if global_lines or index:
            out.append("")
        out.extend(source_comment(func_name, func, path))
        params = "" if func_name in started else ", ".join(parameters(func))
        out.append("def %s(%s):" % (func_name, params))
        out.extend(dis_lines(func))
    out.append("")
    for name, count, _ in thread_lines:
        out.append("threads %d x %s" % (count, name))
    if observed:
        out.append("observe " + ", ".join(observed))
    for expression in args.expect:
        out.append("expect " + expression.strip())
    for note in builtin_notes:
        sys.stderr.write(note)
    return "\n".join(out) + "\n"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_argument_parser().parse_intermixed_args(argv)
    try:
        text = generate(args, argv)
        if args.output and args.output != "-":
            try:
                with open(args.output, "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)
            except OSError as e:
                raise Py2ScnError("%s: cannot write the file: %s" % (args.output, e.strerror or e))
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except Py2ScnError as e:
        sys.stderr.write("%s\n" % e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
