#include "models/container_methods.hpp"

#include "models/container_operations.hpp"
#include "models/value_operations.hpp"

namespace gilrace {
namespace {

CallResult fail(PyError error) { return {Value::none(), error}; }
CallResult ok(const Value& value) { return {value, PyError::None}; }

// The items `for x in iterable` would produce, for the iterables the model
// knows (a str's characters would be new strs, which the model cannot make).
std::optional<std::vector<Value>> items_of(const Machine& machine, const Value& iterable) {
  const OperationResult it = make_iterator(machine, iterable);
  if (it.error != PyError::None || iterable.kind == ValueKind::Str) return std::nullopt;
  Value iterator = it.value;
  std::vector<Value> items;
  while (const auto item = next_item(machine, iterator)) items.push_back(*item);
  return items;
}

// list.extend(iterable): list_extend reads the whole iterable first, so
// `lst.extend(lst)` doubles the list.
CallResult list_extend(const Machine& machine, HeapObject& list, std::span<const Value> args) {
  if (args.size() != 1) return fail(PyError::BadArgumentCount);
  const auto items = items_of(machine, args[0]);
  if (!items) return fail(PyError::NotIterable);
  list.items.insert(list.items.end(), items->begin(), items->end());
  return ok(Value::none());
}

// list.insert(i, x): ins1 clamps i to the list (a negative i counts from the end).
CallResult list_insert(HeapObject& list, std::span<const Value> args) {
  if (args.size() != 2) return fail(PyError::BadArgumentCount);
  if (args[0].kind != ValueKind::Int && args[0].kind != ValueKind::Bool) return fail(PyError::UnsupportedOperand);
  const auto size = static_cast<std::int64_t>(list.items.size());
  std::int64_t where = args[0].integer;
  if (where < 0) where = where + size < 0 ? 0 : where + size;
  if (where > size) where = size;
  list.items.insert(list.items.begin() + where, args[1]);
  return ok(Value::none());
}

// dict.update(other): a dict (dict_merge) or an iterable of key, value pairs (PyDict_MergeFromSeq2).
CallResult dict_update(const Program& program, Machine& machine, std::uint32_t self, std::span<const Value> args) {
  if (args.size() > 1) return fail(PyError::BadArgumentCount);
  if (args.empty()) return ok(Value::none());
  std::vector<Value> pairs;
  if (args[0].kind == ValueKind::Dict) {
    pairs = machine.heap[args[0].object].items;
  } else {
    const auto items = items_of(machine, args[0]);
    if (!items) return fail(PyError::NotIterable);
    for (const Value& item : *items) {
      if (item.kind != ValueKind::List && item.kind != ValueKind::Tuple) return fail(PyError::UpdateNotSequence);
      const auto& pair = machine.heap[item.object].items;
      if (pair.size() != 2) return fail(PyError::UpdateBadLength);
      pairs.insert(pairs.end(), pair.begin(), pair.end());
    }
  }
  for (std::size_t i = 0; i < pairs.size(); i += 2) {
    // Pairs before an unhashable key are stored, as CPython's loop does.
    if (const PyError error = unhashable_error(machine, pairs[i]); error != PyError::None) return fail(error);
    dict_set(program, machine, self, pairs[i], pairs[i + 1]);
  }
  return ok(Value::none());
}

}  // namespace

CallResult call_container_method(const Program& program, Machine& machine, BuiltinId method, std::uint32_t self,
                                 std::span<const Value> args) {
  switch (method) {
    case BuiltinId::ListExtend: return list_extend(machine, machine.heap[self], args);
    case BuiltinId::ListInsert: return list_insert(machine.heap[self], args);
    case BuiltinId::DictUpdate: return dict_update(program, machine, self, args);
    default: break;
  }
  // dict.get, dict.setdefault, dict.pop: a key and an optional default (dict_get_impl,
  // dict_setdefault_impl, dict_pop_impl), the key hashed first.
  if (args.empty() || args.size() > 2) return fail(PyError::BadArgumentCount);
  const Value& key = args[0];
  if (const PyError error = unhashable_error(machine, key); error != PyError::None) return fail(error);
  const Value fallback = args.size() == 2 ? args[1] : Value::none();
  const auto entry = dict_find(program, machine, self, key);
  switch (method) {
    case BuiltinId::DictGet: return ok(entry ? machine.heap[self].items[2 * *entry + 1] : fallback);
    case BuiltinId::DictSetdefault:
      if (entry) return ok(machine.heap[self].items[2 * *entry + 1]);
      dict_set(program, machine, self, key, fallback);
      return ok(fallback);
    case BuiltinId::DictPop: {
      if (!entry) return args.size() == 2 ? ok(fallback) : fail(PyError::KeyMissing);  // the key stays on the stack
      const Value value = machine.heap[self].items[2 * *entry + 1];
      dict_erase(machine, self, *entry);
      return ok(value);
    }
    default: return fail(PyError::NotCallable);
  }
}

}  // namespace gilrace
