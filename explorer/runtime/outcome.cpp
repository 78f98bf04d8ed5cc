#include "explorer/runtime/outcome.hpp"

#include <algorithm>
#include <stdexcept>

#include "explorer/program/machine_values.hpp"

namespace gilrace {

std::string OutcomeValue::key() const {
  std::string k;
  for (const auto& v : values) k += v + '\x1f';
  k += '\x1e';
  for (const auto& e : errors) k += e + '\x1f';
  if (deadlock) k += "\x1e" "deadlock";
  return k;
}

OutcomeValue describe_outcome(const Program& program, const Machine& machine) {
  OutcomeValue outcome;
  for (std::uint32_t slot : program.observed) outcome.values.push_back(repr(program, machine, machine.globals[slot]));
  for (std::uint32_t t = 0; t < machine.threads.size(); ++t) {
    const ThreadState& state = machine.threads[t];
    const Function& function = program.functions[state.function];
    if (state.status == ThreadStatus::Raised) {
      outcome.raised = true;
      const Instruction& in = function.code[state.error_pc];
      outcome.errors.push_back(function.name + " raised " + error_text(program, machine, t) + " at " +
                               std::string(opcode_name(in.opcode)) + " (line " + std::to_string(in.line) + ")");
    } else if (state.status == ThreadStatus::StepLimit) {
      // Where it stopped is in the witness; one outcome for all of them.
      outcome.step_limit = true;
      outcome.errors.push_back(function.name + " hit the step limit of " + std::to_string(program.step_limit) +
                               " opcodes (a spin loop? raise it with --max-steps N)");
    } else if (state.status == ThreadStatus::Runnable) {
      outcome.deadlock = true;
    }
  }
  std::sort(outcome.errors.begin(), outcome.errors.end());
  bool holds = outcome.errors.empty() && !outcome.deadlock;
  const auto lookup = [&](const std::string& name) -> PlainValue {
    for (std::size_t g = 0; g < program.global_names.size(); ++g)
      if (program.global_names[g] == name) return to_plain(program, machine, machine.globals[g]);
    throw std::logic_error("unknown global in expectation: " + name);
  };
  for (const auto& expectation : program.expectations) {
    bool ok = false;
    try {
      ok = evaluate(expectation.condition, lookup).truthy();
    } catch (const std::runtime_error&) {
      ok = false;  // e.g. comparing a list with an int: the expectation does not hold
    }
    if (!ok) {
      if (outcome.failed_expectation.empty()) outcome.failed_expectation = expectation.text;
      holds = false;
    }
  }
  outcome.expected = holds;
  return outcome;
}

std::string outcome_label(const Program& program, const OutcomeValue& outcome) {
  std::string text;
  for (std::size_t i = 0; i < program.observed.size(); ++i)
    text += (i ? ", " : "") + program.global_names[program.observed[i]] + " = " + outcome.values[i];
  for (const auto& e : outcome.errors) text += (text.empty() ? "" : "; ") + e;
  if (outcome.deadlock) text += (text.empty() ? "" : "; ") + std::string("deadlock");
  return text.empty() ? "(nothing observed)" : text;
}

}  // namespace gilrace
