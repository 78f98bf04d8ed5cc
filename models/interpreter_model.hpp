// An interpreter model: where a thread switch may happen. Opcode semantics
// are shared (opcode_semantics.hpp); a model decides which executed
// instructions end a run of the current thread, and which opcodes exist.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/program/program.hpp"
#include "explorer/program/python_versions.hpp"
#include "models/switch_policies.hpp"

namespace gilrace {

struct InterpreterModel {
  std::string name;
  std::string summary;  // one line for `gilrace models`
  std::string source;   // the CPython source the policy follows
  std::optional<PythonVersion> version;  // whose opcodes a scenario may use; none for every-op
  SwitchPolicy switch_after;
  // For a model with fewer switch points than every-op: why a run with no
  // unexpected outcome proves safety only for this version.
  std::string safety_note = {};
};

// All models, in the order `gilrace models` lists them.
const std::vector<InterpreterModel>& interpreter_models();

// The model called `name`; throws InputError naming the known models.
const InterpreterModel& find_interpreter_model(std::string_view name);

// The model to use: the flag if given, else the scenario's `model` line,
// else every-op; then apply_model().
const InterpreterModel& choose_interpreter_model(Program& program, std::string_view flag);

// Points every thread at the body `model`'s version runs (select_bodies)
// and checks that those bodies only use opcodes the version has. Throws
// InputError.
void apply_model(Program& program, const InterpreterModel& model);

// Throws InputError at the first instruction of a thread's body whose
// opcode `model`'s version does not have, naming the versions that have it.
void check_opcodes_exist(const Program& program, const InterpreterModel& model);

}  // namespace gilrace
