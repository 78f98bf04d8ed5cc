// What each opcode does to the machine, following CPython's
// Python/ceval.c (_PyEval_EvalFrameDefault) for 3.8-3.11 spellings.
#pragma once
#include <cstdint>
#include <string>

#include "explorer/program/machine.hpp"
#include "explorer/program/program.hpp"

namespace gilrace {

// What one executed opcode did, for traces (filled only when asked for).
struct StepEffect {
  std::string effect;        // "loaded n=0", "0 + 1 = 1", "lst.sort() -> None"
  std::string global_name;   // LOAD_GLOBAL / STORE_GLOBAL: the global touched
  std::string value;         // ... and the repr of the value loaded or stored
};

// What happened in one executed opcode that decides whether CPython checks
// for a switch after it (see switch_policies.hpp).
struct StepFacts {
  bool jumped = false;          // a jump (conditional or not) went to its target
  bool bool_condition = false;  // a conditional jump tested exactly True or False
  bool entered_frame = false;   // a call of a scenario function pushed its frame
  bool returned = false;        // a return went back to the calling frame
};

// Executes the instruction at `thread`'s pc and advances it. A Python
// exception ends the thread with status Raised; reaching `step_limit`
// opcodes ends it with StepLimit. `effect` may be null.
StepFacts execute_instruction(const Program& program, Machine& machine, std::uint32_t thread, StepEffect* effect);

// True when the thread's next instruction would block (acquiring a held lock).
bool is_blocked(const Program& program, const Machine& machine, std::uint32_t thread);

// The heap index of the lock a blocked thread waits for, or -1.
std::int64_t lock_waited_for(const Program& program, const Machine& machine, std::uint32_t thread);

// The heap index of the lock the thread's next instruction acquires (blocking or not), or -1.
std::int64_t lock_acquired_next(const Program& program, const Machine& machine, std::uint32_t thread);

// True when the thread can take a step now.
inline bool is_runnable(const Program& program, const Machine& machine, std::uint32_t thread) {
  return machine.threads[thread].status == ThreadStatus::Runnable && !is_blocked(program, machine, thread);
}

}  // namespace gilrace
