// Python operations on values that several opcodes share: truth testing
// (Objects/object.c PyObject_IsTrue), rich comparison (Objects/object.c
// PyObject_RichCompare for int, bool, str, None), `in` on lists and strs
// (PySequence_Contains) and iteration over lists and ranges
// (Objects/listobject.c listiter_next, Objects/rangeobject.c rangeiter_next).
#pragma once
#include <optional>

#include "explorer/program/machine.hpp"
#include "explorer/program/opcode.hpp"
#include "explorer/program/program.hpp"

namespace gilrace {

bool is_truthy(const Program& program, const Machine& machine, const Value& value);

struct OperationResult {
  Value value;
  PyError error = PyError::None;
};

// `a OP b` for COMPARE_OP, IS_OP and CONTAINS_OP.
OperationResult compare_values(const Program& program, const Machine& machine, CompareOperator op, const Value& a,
                               const Value& b);

// iter(value) for lists and ranges (an iterator is a value; see value.hpp).
OperationResult make_iterator(const Value& iterable);

// next(iterator), advancing `iterator` in place, or nullopt when it is exhausted.
std::optional<Value> next_item(const Machine& machine, Value& iterator);

}  // namespace gilrace
