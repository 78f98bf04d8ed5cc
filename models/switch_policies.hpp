// Where each CPython version may hand the GIL to another thread: after
// which executed instruction its evaluation loop checks the eval breaker.
// Each policy cites the source it follows; docs/models.md explains them.
#pragma once
#include "explorer/program/program.hpp"

namespace gilrace {

// True when a switch may happen after `executed`, before `next` (the
// thread's next instruction; null when the thread has none).
using SwitchPolicy = bool (*)(const Instruction& executed, const Instruction* next);

bool switch_after_every_opcode(const Instruction& executed, const Instruction* next);
bool switch_after_cpython_38_39(const Instruction& executed, const Instruction* next);
bool switch_after_cpython_310(const Instruction& executed, const Instruction* next);
bool switch_after_cpython_311_313(const Instruction& executed, const Instruction* next);

}  // namespace gilrace
