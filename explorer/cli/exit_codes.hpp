// Exit statuses (the command-line contract in docs/architecture.md).
#pragma once
#include "explorer/strategy/strategy.hpp"

namespace gilrace {
constexpr int kExitExpected = 0;    // every outcome found is expected
constexpr int kExitUnexpected = 1;  // an unexpected outcome, deadlock, exception or failed assertion
constexpr int kExitBadInput = 2;    // bad scenario, trace or flags
constexpr int kExitInternal = 3;    // internal error or a resource limit

// The status of one exploration: 1 when an outcome is unexpected for a
// reason of the program's own (a sure finding, with a witness, however
// much was covered); else 3 when a limit left the answer open (the search
// stopped part way, a larger preemption bound did not fit, or a thread was
// stopped by --max-steps); else 0.
inline int exit_status_of(const Exploration& e) {
  bool limited = e.limit_hit;
  for (const OutcomeResult& o : e.outcomes) {
    if (o.outcome.unexpected_by_itself()) return kExitUnexpected;
    limited = limited || o.outcome.step_limit;
  }
  return limited ? kExitInternal : kExitExpected;
}

}  // namespace gilrace
