// A function may have one body per group of CPython versions
// (`def foo() for 3.11+:`), since their bytecode differs. Once the model is
// known, every thread and every call is pointed at the body its version
// runs, and each thread's slots are sized for the frames it may push.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "explorer/program/program.hpp"
#include "explorer/program/python_versions.hpp"

namespace gilrace {

// For each function name, the body whose `for` list has `version`, else the
// untagged body. Without a version (every-op): the untagged body, else the
// first one written. Threads are pointed at the chosen bodies and
// Program::selected_functions maps names to them. Throws InputError at the
// function's first `def` line when no body fits. Then plans frames.
void select_bodies(Program& program, std::optional<PythonVersion> version);

// Sizes each thread's slot region for the deepest chain of calls it can
// make: a body that loads functions may call any function some selected
// body loads, each call costing a link slot and the callee's frame. A
// cycle (recursion) is cut at Program::recursion_limit frames.
void plan_frames(Program& program);

// The names `body`'s LOAD_GLOBALs read that are no global of the scenario:
// functions of the scenario and builtins, in order, each once.
std::vector<std::string> names_loaded_by_name(const Program& program, const Function& body);

}  // namespace gilrace
