// Exit statuses (the command-line contract in docs/architecture.md).
#pragma once

namespace gilrace {
constexpr int kExitExpected = 0;    // every outcome found is expected
constexpr int kExitUnexpected = 1;  // an unexpected outcome, deadlock, exception or failed assertion
constexpr int kExitBadInput = 2;    // bad scenario, trace or flags
constexpr int kExitInternal = 3;    // internal error or a resource limit
}  // namespace gilrace
