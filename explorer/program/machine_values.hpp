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

// The first global that holds the list, dict, tuple or lock at heap index `object`, if any.
std::optional<std::string> global_holding(const Program& program, const Machine& machine, std::uint32_t object);

// Builds `value` in `machine`: lists, dicts and tuples as new heap objects
// (strs must be interned in the program already).
Value materialise(const Program& program, Machine& machine, const PlainValue& value);

// "IndexError: pop from empty list": the exception a Raised thread ended
// with. A KeyError's message is its key's repr, which every opcode or call
// that raises it leaves on top of the thread's stack.
std::string error_text(const Program& program, const Machine& machine, std::uint32_t thread);
// The value an error's message depends on (that key), if any.
std::optional<Value> error_detail(const Program& program, const Machine& machine, std::uint32_t thread);

// The machine a scenario starts from: globals initialised, every thread at
// pc 0 of its function, empty stacks.
Machine initial_machine(const Program& program);

}  // namespace gilrace
