// Fuzz target: scenario files. After a successful parse it goes on as
// `gilrace explore` does up to the first step: the model the scenario names
// (else every-op) and then every other model, as --model would pick it,
// each selecting its bodies, checking its opcodes and sizing the frames,
// and the initial machine (globals built, every thread's slots allocated).
// No thread runs: explorations are far too slow for fuzzing.
#include "tests/fuzz/fuzz_targets.hpp"

#include "explorer/program/machine_values.hpp"
#include "explorer/program/scenario_parser.hpp"
#include "models/interpreter_model.hpp"

namespace gilrace::fuzz {
namespace {

const std::string kSource = "input.scn";

void parse_and_prepare(const std::string& text) {
  const Program parsed = parse_scenario(kSource, text);
  Program chosen = parsed;
  choose_interpreter_model(chosen, "");
  initial_machine(chosen);
  for (const InterpreterModel& model : interpreter_models()) {
    Program program = parsed;
    try {
      apply_model(program, model);
    } catch (const InputError& e) {
      check_location(e, kSource, text);
      continue;  // a body or opcode this version lacks: the next model may still fit
    }
    initial_machine(program);
  }
}

}  // namespace

void scenario_parser(const std::string& bytes) {
  try {
    parse_and_prepare(bytes);
  } catch (const InputError& e) {
    check_location(e, kSource, bytes);
    throw;
  }
}

}  // namespace gilrace::fuzz

GILRACE_FUZZ_ENTRY(scenario_parser)
