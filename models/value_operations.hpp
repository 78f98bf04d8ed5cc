// Python operations on values that several opcodes share: truth testing
// (Objects/object.c PyObject_IsTrue), rich comparison (Objects/object.c
// PyObject_RichCompare for int, bool, str, None; list, tuple and dict by
// contents), `in` on lists, tuples, dicts and strs (PySequence_Contains,
// dict_contains) and iteration over lists, tuples, dict keys and ranges
// (listiter_next, tupleiter_next, dictiter_iternextkey, rangeiter_next).
#pragma once
#include <optional>

#include "explorer/program/machine.hpp"
#include "explorer/program/opcode.hpp"
#include "explorer/program/program.hpp"

namespace gilrace {

bool is_truthy(const Program& program, const Machine& machine, const Value& value);

// a == b as Python computes it for the modelled types.
bool values_equal(const Program& program, const Machine& machine, const Value& a, const Value& b);

struct OperationResult {
  Value value;
  PyError error = PyError::None;
};

// `a OP b` for COMPARE_OP, IS_OP and CONTAINS_OP.
OperationResult compare_values(const Program& program, const Machine& machine, CompareOperator op, const Value& a,
                               const Value& b);

// iter(value) for lists, tuples, dicts (their keys) and ranges (an iterator
// is a value; see value.hpp).
OperationResult make_iterator(const Machine& machine, const Value& iterable);
bool is_iterator(const Value& value);

// The error next(iterator) raises before producing anything: a dict that
// changed size since iteration began. PyError::None otherwise.
PyError iteration_error(const Machine& machine, const Value& iterator);

// next(iterator), advancing `iterator` in place, or nullopt when it is exhausted.
std::optional<Value> next_item(const Machine& machine, Value& iterator);

}  // namespace gilrace
