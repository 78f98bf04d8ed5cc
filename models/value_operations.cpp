#include "models/value_operations.hpp"

namespace gilrace {
namespace {

bool numeric(const Value& v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Bool; }

// Equality as Python's == for the modelled types: ints and bools by value,
// strs by content, None with None, heap objects by identity (lists compare
// by identity here, which differs from Python only for two distinct lists
// with equal items).
bool equal(const Program& program, const Value& a, const Value& b) {
  if (numeric(a) && numeric(b)) return a.integer == b.integer;
  if (a.kind == ValueKind::Str && b.kind == ValueKind::Str)
    return program.strings[static_cast<std::size_t>(a.integer)] == program.strings[static_cast<std::size_t>(b.integer)];
  if (a.kind != b.kind) return false;
  if (a.kind == ValueKind::None) return true;
  return a == b;
}

}  // namespace

bool is_truthy(const Program& program, const Machine& machine, const Value& v) {
  switch (v.kind) {
    case ValueKind::None:
    case ValueKind::Null: return false;
    case ValueKind::Bool:
    case ValueKind::Int: return v.integer != 0;
    case ValueKind::Str: return !program.strings[static_cast<std::size_t>(v.integer)].empty();
    case ValueKind::List: return !machine.heap[v.object].items.empty();
    case ValueKind::Range: return v.object != 0;
    default: return true;
  }
}

OperationResult compare_values(const Program& program, const Machine& machine, CompareOperator op, const Value& a,
                               const Value& b) {
  const auto result = [](bool b) { return OperationResult{Value::boolean(b), PyError::None}; };
  switch (op) {
    case CompareOperator::Equal: return result(equal(program, a, b));
    case CompareOperator::NotEqual: return result(!equal(program, a, b));
    case CompareOperator::Is: return result(a.kind == b.kind && (a.kind == ValueKind::None || a == b));
    case CompareOperator::IsNot: return result(!(a.kind == b.kind && (a.kind == ValueKind::None || a == b)));
    case CompareOperator::In:
    case CompareOperator::NotIn: {
      bool found = false;
      if (b.kind == ValueKind::List) {
        for (const Value& item : machine.heap[b.object].items) found = found || equal(program, a, item);
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

OperationResult make_iterator(const Value& iterable) {
  if (iterable.kind == ValueKind::List) return {Value::list_iterator(iterable.object, 0), PyError::None};
  if (iterable.kind == ValueKind::Range)
    return {Value::range(ValueKind::RangeIterator, iterable.integer, iterable.object, iterable.range_step()),
            PyError::None};
  if (iterable.kind == ValueKind::RangeIterator || iterable.kind == ValueKind::ListIterator)
    return {iterable, PyError::None};  // iter(iterator) is the iterator itself
  return {Value::none(), PyError::NotIterable};
}

std::optional<Value> next_item(const Machine& machine, Value& iterator) {
  if (iterator.kind == ValueKind::ListIterator) {
    const auto& items = machine.heap[iterator.object].items;
    if (iterator.integer >= static_cast<std::int64_t>(items.size())) return std::nullopt;
    return items[static_cast<std::size_t>(iterator.integer++)];
  }
  if (iterator.object == 0) return std::nullopt;
  const Value item = Value::integer_value(iterator.integer);
  iterator.integer += iterator.range_step();
  --iterator.object;
  return item;
}

}  // namespace gilrace
