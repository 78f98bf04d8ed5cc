// Built-in functions and methods of built-in types. Each one runs inside a
// single CALL opcode, so under the GIL it is atomic (Objects/listobject.c:
// list.sort, list.append and list.pop never release the GIL for ints and
// strs; Modules/_threadmodule.c: lock.acquire/release; the other list and
// dict methods: container_methods.hpp).
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "explorer/program/machine.hpp"
#include "explorer/program/program.hpp"

namespace gilrace {

// The built-in function a global name such as `len` or `range` names, or BuiltinId::None.
BuiltinId builtin_by_name(const std::string& name);

// The method `attribute` of the heap object behind `self`, or BuiltinId::None.
BuiltinId lookup_method(const Machine& machine, const Value& self, const std::string& attribute);

struct CallResult {
  Value value;
  PyError error = PyError::None;
};

// Calls `callable` (a Builtin or BoundMethod) with `args` on behalf of `thread`.
CallResult call_builtin(const Program& program, Machine& machine, std::uint32_t thread, const Value& callable,
                        std::span<const Value> args);

// True when `lock` (a heap index) is held so that `thread` would wait for it.
bool lock_is_held_against(const Machine& machine, std::uint32_t lock, std::uint32_t thread);

// True when calling `callable` with `args` now would block `thread`.
bool call_would_block(const Machine& machine, std::uint32_t thread, const Value& callable, std::span<const Value> args);

std::string builtin_display_name(const Machine& machine, const Value& callable);

}  // namespace gilrace
