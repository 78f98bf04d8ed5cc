// The list and dict methods beyond sort/append/pop: list.extend,
// list.insert (Objects/listobject.c) and dict.get, dict.setdefault,
// dict.update, dict.pop (Objects/dictobject.c). Each is C code that runs no
// bytecode for the modelled key types, so a call is one atomic opcode.
#pragma once
#include <span>

#include "explorer/program/machine.hpp"
#include "explorer/program/program.hpp"
#include "models/builtins.hpp"

namespace gilrace {

// Calls the method `method` of the list or dict at heap index `self`.
CallResult call_container_method(const Program& program, Machine& machine, BuiltinId method, std::uint32_t self,
                                 std::span<const Value> args);

}  // namespace gilrace
