// An interpreter model: where a thread switch may happen. Opcode semantics
// are shared (opcode_semantics.hpp); a model decides which executed
// instructions end a run of the current thread.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "explorer/program/program.hpp"

namespace gilrace {

struct InterpreterModel {
  std::string name;
  std::string summary;  // one line for `gilrace models`
  std::string source;   // the CPython source the policy follows
  // True when the eval loop may hand the GIL to another thread after `executed`.
  bool (*switch_after)(const Instruction& executed);
};

// All models, in the order `gilrace models` lists them.
const std::vector<InterpreterModel>& interpreter_models();

// The model called `name`; throws InputError naming the known models.
const InterpreterModel& find_interpreter_model(std::string_view name);

// The model to use: the flag if given, else the scenario's `model` line, else every-op.
const InterpreterModel& choose_interpreter_model(const Program& program, std::string_view flag);

}  // namespace gilrace
