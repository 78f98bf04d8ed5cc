// The value stack of a body, checked along every path: each instruction
// must find the values it pops, and every path into an instruction must
// bring the same stack depth (as CPython's compiler guarantees).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "explorer/program/program.hpp"

namespace gilrace {

// Values an instruction pops and pushes.
struct StackEffect {
  int pops;
  int pushes;
};

// When the instruction falls through to the next one (nullopt: it never
// does: a return or an unconditional jump).
std::optional<StackEffect> fall_through_effect(const Instruction& instruction);
// When it jumps to its target (nullopt: it is not a jump).
std::optional<StackEffect> jump_effect(const Instruction& instruction);

// Reports a problem at instruction `index` of the body.
using StackProblem = std::function<void(std::size_t index, const std::string& message)>;

// The deepest stack the body reaches; calls `problem` (which must throw)
// on an underflow or on two paths that disagree. Instructions no path
// reaches are not checked.
std::uint32_t check_stack(const Function& function, const StackProblem& problem);

}  // namespace gilrace
