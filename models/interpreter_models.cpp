#include <set>

#include "explorer/program/body_selection.hpp"
#include "explorer/program/input_error.hpp"
#include "models/interpreter_model.hpp"

namespace gilrace {

const std::vector<InterpreterModel>& interpreter_models() {
  using V = PythonVersion;
  static const std::vector<InterpreterModel> models{
      {"every-op", "a thread switch may happen after any opcode (the GIL keeps each opcode atomic)",
       "Python/ceval.c: _PyEval_EvalFrameDefault executes one opcode at a time under the GIL", std::nullopt,
       &switch_after_every_opcode},
      {"cpython-2.7", "switches only after opcodes that tick the check-interval counter (not LOAD_CONST, LOAD_FAST, ...)",
       "Python/ceval.c (2.7): PyEval_EvalFrameEx, _Py_Ticker, DISPATCH/FAST_DISPATCH", V::V2_7,
       &switch_after_cpython_27,
       "CPython 2.7 checks for a switch only after opcodes that tick its check-interval counter"},
      {"cpython-3.8", "switches only after opcodes that end with DISPATCH(), not FAST_DISPATCH() (LOAD_CONST, LOAD_FAST, ...)",
       "Python/ceval.c (3.8): _PyEval_EvalFrameDefault, main_loop, DISPATCH/FAST_DISPATCH", V::V3_8,
       &switch_after_cpython_38,
       "CPython 3.8 checks for a switch only after opcodes that end with DISPATCH()"},
      {"cpython-3.9", "as cpython-3.8, and IS_OP, CONTAINS_OP and LOAD_ASSERTION_ERROR end with FAST_DISPATCH() too",
       "Python/ceval.c (3.9): _PyEval_EvalFrameDefault, main_loop, eval_frame_handle_pending", V::V3_9,
       &switch_after_cpython_39,
       "CPython 3.9 checks for a switch only after opcodes that end with DISPATCH()"},
      {"cpython-3.10", "switches only at function entry, after calls return, at JUMP_ABSOLUTE and taken POP_JUMP_IF_*",
       "Python/ceval.c (3.10): CHECK_EVAL_BREAKER in CALL_FUNCTION, CALL_METHOD, JUMP_ABSOLUTE", V::V3_10,
       &switch_after_cpython_310,
       "CPython 3.10 checks for a switch only at function entry, JUMP_ABSOLUTE, taken conditional jumps and after calls"},
      {"cpython-3.11", "switches only at function entry (RESUME), backward jumps and after calls return",
       "Python/ceval.c (3.11): CHECK_EVAL_BREAKER in RESUME, JUMP_BACKWARD, CALL", V::V3_11,
       &switch_after_cpython_311_313,
       "CPython 3.11 checks for a switch only at RESUME, backward jumps and after calls"},
      {"cpython-3.12", "as cpython-3.11: function entry (RESUME), backward jumps, after calls return",
       "Python/bytecodes.c (3.12): CHECK_EVAL_BREAKER in RESUME, JUMP_BACKWARD, CALL", V::V3_12,
       &switch_after_cpython_311_313,
       "CPython 3.12 checks for a switch only at RESUME, backward jumps and after calls"},
      {"cpython-3.13", "as cpython-3.11: function entry (RESUME), backward jumps, after calls return",
       "Python/bytecodes.c (3.13): CHECK_EVAL_BREAKER in RESUME, JUMP_BACKWARD, CALL", V::V3_13,
       &switch_after_cpython_311_313,
       "CPython 3.13 checks for a switch only at RESUME, backward jumps and after calls"},
      {"cpython-3.13t", "free-threaded 3.13 (no GIL): any two opcodes of different threads interleave",
       "Python/bytecodes.c (3.13, Py_GIL_DISABLED); Objects/listobject.c critical sections", V::V3_13,
       &switch_after_every_opcode},
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

void check_opcodes_exist(const Program& program, const InterpreterModel& model) {
  if (!model.version) return;
  const VersionSet wanted = version_bit(*model.version);
  std::set<std::uint32_t> used;  // the bodies threads run and the bodies they call, in file order
  for (const auto& [name, f] : program.selected_functions) used.insert(f);
  for (const std::uint32_t f : used)
    for (const Instruction& in : program.functions[f].code) {
      const std::string_view name = opcode_name(in.opcode);
      const VersionSet having = versions_having(name);
      if (having & wanted) continue;
      std::string message = std::string(name) + " does not exist in CPython " +
                            std::string(version_name(*model.version)) + " (model " + model.name + ")";
      if (having) message += "; CPython " + describe_versions(having) + " " + (having & (having - 1) ? "have" : "has") + " it";
      throw InputError({program.path, in.line, in.column}, message, program.line_text(in.line));
    }
}

void apply_model(Program& program, const InterpreterModel& model) {
  select_bodies(program, model.version);
  check_opcodes_exist(program, model);
}

const InterpreterModel& choose_interpreter_model(Program& program, std::string_view flag) {
  const InterpreterModel* chosen = nullptr;
  if (!flag.empty()) {
    try {
      chosen = &find_interpreter_model(flag);
    } catch (const InputError& e) {
      throw InputError({}, std::string("--model: ") + e.what());
    }
  } else if (!program.model.empty()) {
    try {
      chosen = &find_interpreter_model(program.model);
    } catch (const InputError& e) {
      // The `model` line itself, for the caret under the name.
      throw InputError({program.path, program.model_line, program.model_column}, e.what(),
                       program.line_text(program.model_line));
    }
  } else {
    chosen = &find_interpreter_model("every-op");
  }
  apply_model(program, *chosen);
  return *chosen;
}

}  // namespace gilrace
