// What an interleaving ends in: the observed globals' final values, any
// exception a thread raised, or a deadlock. Thread numbers are left out on
// purpose, so interchangeable threads give the same outcome.
#pragma once
#include <string>
#include <vector>

#include "explorer/program/machine.hpp"
#include "explorer/program/program.hpp"

namespace gilrace {

struct OutcomeValue {
  std::vector<std::string> values;  // repr of each observed global, in Program::observed order
  std::vector<std::string> errors;  // "foo raised IndexError: pop from empty list at CALL_METHOD (line 9)", sorted
  bool deadlock = false;
  bool raised = false;              // a thread raised an exception
  bool step_limit = false;          // a thread was stopped by --max-steps: a limit of the explorer, not of Python
  bool expected = false;            // every `expect` holds and nothing raised or deadlocked
  std::string failed_expectation;   // the first `expect` that does not hold (when any)

  // Unexpected for a reason of the program's own: a value, an exception or
  // a deadlock. An outcome that is unexpected only because a thread was
  // stopped by the step limit says nothing about the program yet.
  bool unexpected_by_itself() const { return !expected && (raised || deadlock || !step_limit); }

  std::string key() const;  // one string that identifies the outcome
  bool operator==(const OutcomeValue& other) const { return key() == other.key(); }
};

// "n = 99", "lst = [0, 1, 2, 3], n = 1", plus errors or "deadlock".
std::string outcome_label(const Program& program, const OutcomeValue& outcome);

// The outcome of a machine in which no thread can run.
OutcomeValue describe_outcome(const Program& program, const Machine& machine);

}  // namespace gilrace
