#include "models/value_operations.hpp"

#include "models/container_operations.hpp"

namespace gilrace {
namespace {

bool numeric(const Value& v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Bool; }

// Nested containers deeper than this compare unequal instead of recursing
// further (CPython raises RecursionError for two distinct self-containing lists).
constexpr int kMaxCompareDepth = 256;

bool equal(const Program& program, const Machine& machine, const Value& a, const Value& b, int depth) {
  if (numeric(a) && numeric(b)) return a.integer == b.integer;
  if (a.kind == ValueKind::Str && b.kind == ValueKind::Str)
    return program.strings[static_cast<std::size_t>(a.integer)] == program.strings[static_cast<std::size_t>(b.integer)];
  if (a.kind != b.kind) return false;
  if (a.kind == ValueKind::None) return true;
  if (a.kind != ValueKind::List && a.kind != ValueKind::Tuple && a.kind != ValueKind::Dict) return a == b;
  // Containers: the same object is equal to itself (PyObject_RichCompareBool's identity test), else by contents.
  if (a.object == b.object) return true;
  const auto& left = machine.heap[a.object].items;
  const auto& right = machine.heap[b.object].items;
  if (left.size() != right.size() || depth > kMaxCompareDepth) return false;
  if (a.kind == ValueKind::Dict) {  // Objects/dictobject.c dict_equal: same keys, equal values, any order
    for (std::size_t i = 0; i < left.size(); i += 2) {
      const auto entry = dict_find(program, machine, b.object, left[i]);
      if (!entry || !equal(program, machine, left[i + 1], right[2 * *entry + 1], depth + 1)) return false;
    }
    return true;
  }
  for (std::size_t i = 0; i < left.size(); ++i)  // list_richcompare, tuplerichcompare: item by item
    if (!equal(program, machine, left[i], right[i], depth + 1)) return false;
  return true;
}

}  // namespace

bool values_equal(const Program& program, const Machine& machine, const Value& a, const Value& b) {
  return equal(program, machine, a, b, 0);
}

bool is_truthy(const Program& program, const Machine& machine, const Value& v) {
  switch (v.kind) {
    case ValueKind::None:
    case ValueKind::Null: return false;
    case ValueKind::Bool:
    case ValueKind::Int: return v.integer != 0;
    case ValueKind::Str: return !program.strings[static_cast<std::size_t>(v.integer)].empty();
    case ValueKind::List:
    case ValueKind::Tuple:
    case ValueKind::Dict: return !machine.heap[v.object].items.empty();
    case ValueKind::Range: return v.object != 0;
    default: return true;
  }
}

OperationResult compare_values(const Program& program, const Machine& machine, CompareOperator op, const Value& a,
                               const Value& b) {
  const auto result = [](bool b) { return OperationResult{Value::boolean(b), PyError::None}; };
  switch (op) {
    case CompareOperator::Equal: return result(values_equal(program, machine, a, b));
    case CompareOperator::NotEqual: return result(!values_equal(program, machine, a, b));
    case CompareOperator::Is: return result(a.kind == b.kind && (a.kind == ValueKind::None || a == b));
    case CompareOperator::IsNot: return result(!(a.kind == b.kind && (a.kind == ValueKind::None || a == b)));
    case CompareOperator::In:
    case CompareOperator::NotIn: {
      bool found = false;
      if (b.kind == ValueKind::List || b.kind == ValueKind::Tuple) {
        for (const Value& item : machine.heap[b.object].items) found = found || values_equal(program, machine, a, item);
      } else if (b.kind == ValueKind::Dict) {
        // Objects/dictobject.c dict_contains: the key is hashed first.
        if (const PyError error = unhashable_error(machine, a); error != PyError::None) return {Value::none(), error};
        found = dict_find(program, machine, b.object, a).has_value();
      } else if (b.kind == ValueKind::Range) {
        // Objects/rangeobject.c range_contains_long: arithmetic, no iteration.
        const std::int64_t step = b.range_step();
        if (numeric(a) && b.object > 0) {
          const __int128 offset = __int128(a.integer) - b.integer;
          found = offset % step == 0 && offset / step >= 0 && offset / step < b.object;
        }
      } else if (b.kind == ValueKind::Str && a.kind == ValueKind::Str) {
        found = program.strings[static_cast<std::size_t>(b.integer)].find(
                    program.strings[static_cast<std::size_t>(a.integer)]) != std::string::npos;
      } else {
        return {Value::none(), PyError::NotIterable};
      }
      return result(op == CompareOperator::In ? found : !found);
    }
    default: break;
  }
  // Ordering: ints and bools with each other, strs with each other.
  int order = 0;
  if (numeric(a) && numeric(b)) {
    order = a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
  } else if (a.kind == ValueKind::Str && b.kind == ValueKind::Str) {
    order = program.strings[static_cast<std::size_t>(a.integer)].compare(program.strings[static_cast<std::size_t>(b.integer)]);
  } else {
    return {Value::none(), PyError::Unorderable};
  }
  switch (op) {
    case CompareOperator::Less: return result(order < 0);
    case CompareOperator::LessEqual: return result(order <= 0);
    case CompareOperator::Greater: return result(order > 0);
    case CompareOperator::GreaterEqual: return result(order >= 0);
    default: return {Value::none(), PyError::Unorderable};
  }
}

bool is_iterator(const Value& value) {
  return value.kind == ValueKind::RangeIterator || value.kind == ValueKind::ListIterator ||
         value.kind == ValueKind::TupleIterator || value.kind == ValueKind::DictKeyIterator;
}

OperationResult make_iterator(const Machine& machine, const Value& iterable) {
  switch (iterable.kind) {
    case ValueKind::List: return {Value::list_iterator(iterable.object, 0), PyError::None};
    case ValueKind::Tuple: {
      Value it = Value::list_iterator(iterable.object, 0);
      it.kind = ValueKind::TupleIterator;
      return {it, PyError::None};
    }
    case ValueKind::Dict: {  // remembers the size, as dictiter's di_used does
      Value it = Value::list_iterator(iterable.object, 0);
      it.kind = ValueKind::DictKeyIterator;
      it.integer = static_cast<std::int64_t>(machine.heap[iterable.object].items.size() / 2) << 32;
      return {it, PyError::None};
    }
    case ValueKind::Range:
      return {Value::range(ValueKind::RangeIterator, iterable.integer, iterable.object, iterable.range_step()),
              PyError::None};
    default: break;
  }
  if (is_iterator(iterable)) return {iterable, PyError::None};  // iter(iterator) is the iterator itself
  return {Value::none(), PyError::NotIterable};
}

PyError iteration_error(const Machine& machine, const Value& iterator) {
  // Objects/dictobject.c dictiter_iternextkey: di_used != ma_used. (A key
  // deleted and another added between two steps keeps the size; CPython
  // may then raise "dictionary keys changed during iteration", which the
  // model, keeping no deleted entries, does not detect.)
  if (iterator.kind != ValueKind::DictKeyIterator) return PyError::None;
  const auto size_then = static_cast<std::size_t>(iterator.integer >> 32);
  return machine.heap[iterator.object].items.size() / 2 != size_then ? PyError::DictChangedSize : PyError::None;
}

std::optional<Value> next_item(const Machine& machine, Value& iterator) {
  if (iterator.kind == ValueKind::ListIterator || iterator.kind == ValueKind::TupleIterator) {
    const auto& items = machine.heap[iterator.object].items;
    if (iterator.integer >= static_cast<std::int64_t>(items.size())) return std::nullopt;
    return items[static_cast<std::size_t>(iterator.integer++)];
  }
  if (iterator.kind == ValueKind::DictKeyIterator) {
    const auto& items = machine.heap[iterator.object].items;
    const auto entry = static_cast<std::size_t>(iterator.integer & 0xffffffff);
    if (2 * entry >= items.size()) return std::nullopt;
    ++iterator.integer;
    return items[2 * entry];
  }
  if (iterator.object == 0) return std::nullopt;
  const Value item = Value::integer_value(iterator.integer);
  iterator.integer += iterator.range_step();
  --iterator.object;
  return item;
}

}  // namespace gilrace
