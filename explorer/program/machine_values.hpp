// Reading values out of a Machine: Python repr and self-contained copies.
#pragma once
#include <optional>
#include <string>

#include "explorer/program/machine.hpp"
#include "explorer/program/plain_value.hpp"
#include "explorer/program/program.hpp"

namespace gilrace {

PlainValue to_plain(const Program& program, const Machine& machine, const Value& value);
std::string repr(const Program& program, const Machine& machine, const Value& value);

// The first global that holds the list or lock at heap index `object`, if any.
std::optional<std::string> global_holding(const Program& program, const Machine& machine, std::uint32_t object);

// The machine a scenario starts from: globals initialised, every thread at
// pc 0 of its function, empty stacks.
Machine initial_machine(const Program& program);

}  // namespace gilrace
