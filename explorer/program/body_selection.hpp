// A function may have one body per group of CPython versions
// (`def foo() for 3.11+:`), since their bytecode differs. Once the model is
// known, every thread is pointed at the body its version runs.
#pragma once
#include <optional>

#include "explorer/program/program.hpp"
#include "explorer/program/python_versions.hpp"

namespace gilrace {

// For each thread, the body of its function whose `for` list has `version`,
// else the untagged body. Without a version (every-op): the untagged body,
// else the first one written. Throws InputError at the function's first
// `def` line when no body fits.
void select_bodies(Program& program, std::optional<PythonVersion> version);

}  // namespace gilrace
