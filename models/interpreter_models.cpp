#include "explorer/program/input_error.hpp"
#include "models/interpreter_model.hpp"

namespace gilrace {
namespace {

// The seed's reading of the GIL: every opcode is atomic and a switch may
// come after any of them. It over-approximates every CPython version with a
// GIL (Python/ceval.c checks eval_breaker at most once per opcode), so every
// outcome a real interpreter can give is among the ones it reports.
bool switch_after_every_opcode(const Instruction&) { return true; }

}  // namespace

const std::vector<InterpreterModel>& interpreter_models() {
  static const std::vector<InterpreterModel> models{
      {"every-op", "a thread switch may happen after any opcode (the GIL keeps each opcode atomic)",
       "Python/ceval.c: _PyEval_EvalFrameDefault executes one opcode at a time under the GIL", &switch_after_every_opcode},
  };
  return models;
}

const InterpreterModel& find_interpreter_model(std::string_view name) {
  for (const auto& model : interpreter_models())
    if (model.name == name) return model;
  std::string known;
  for (const auto& model : interpreter_models()) known += (known.empty() ? "" : ", ") + model.name;
  throw InputError({}, "unknown model '" + std::string(name) + "' (known models: " + known + ")");
}

const InterpreterModel& choose_interpreter_model(const Program& program, std::string_view flag) {
  if (!flag.empty()) {
    try {
      return find_interpreter_model(flag);
    } catch (const InputError& e) {
      throw InputError({}, std::string("--model: ") + e.what());
    }
  }
  if (!program.model.empty()) {
    try {
      return find_interpreter_model(program.model);
    } catch (const InputError& e) {
      // The `model` line itself, for the caret under the name.
      std::size_t at = 0;
      for (std::uint32_t n = 1; n < program.model_line; ++n) at = program.text.find('\n', at) + 1;
      std::string line = program.text.substr(at, program.text.find('\n', at) - at);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      throw InputError({program.path, program.model_line, program.model_column}, e.what(), line);
    }
  }
  return find_interpreter_model("every-op");
}

}  // namespace gilrace
