// Where each CPython version may hand the GIL to another thread: after
// which executed instruction its evaluation loop checks the eval breaker
// (3.x) or the ticker (2.7). Each policy cites the source it follows;
// docs/models.md explains them. Opcodes are named as CPython names them,
// so each list is complete for its version even where gilrace does not
// model every opcode yet.
#pragma once
#include "explorer/program/program.hpp"
#include "models/opcode_semantics.hpp"

namespace gilrace {

// True when a switch may happen after `executed`, before `next` (the
// thread's next instruction; null when the thread has none); `facts` says
// whether a jump was taken and whether its condition was exactly a bool.
using SwitchPolicy = bool (*)(const Instruction& executed, const Instruction* next, const StepFacts& facts);

bool switch_after_every_opcode(const Instruction& executed, const Instruction* next, const StepFacts& facts);
bool switch_after_cpython_27(const Instruction& executed, const Instruction* next, const StepFacts& facts);
bool switch_after_cpython_38(const Instruction& executed, const Instruction* next, const StepFacts& facts);
bool switch_after_cpython_39(const Instruction& executed, const Instruction* next, const StepFacts& facts);
bool switch_after_cpython_310(const Instruction& executed, const Instruction* next, const StepFacts& facts);
bool switch_after_cpython_311_313(const Instruction& executed, const Instruction* next, const StepFacts& facts);

}  // namespace gilrace
