#include "models/container_operations.hpp"

#include <stdexcept>

namespace gilrace {
namespace {

bool is_index(const Value& v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Bool; }

// Python's sequence index: a negative one counts from the end.
std::optional<std::size_t> sequence_position(const Value& index, std::size_t size) {
  const auto n = static_cast<std::int64_t>(size);
  const std::int64_t i = index.integer < 0 ? index.integer + n : index.integer;
  if (i < 0 || i >= n) return std::nullopt;
  return static_cast<std::size_t>(i);
}

}  // namespace

PyError unhashable_error(const Machine& machine, const Value& key) {
  if (key.kind == ValueKind::List) return PyError::UnhashableList;
  if (key.kind == ValueKind::Dict) return PyError::UnhashableDict;
  if (key.kind == ValueKind::Tuple)  // Objects/tupleobject.c tuplehash hashes every item
    for (const Value& item : machine.heap[key.object].items)
      if (const PyError error = unhashable_error(machine, item); error != PyError::None) return error;
  return PyError::None;
}

std::optional<std::size_t> dict_find(const Program& program, const Machine& machine, std::uint32_t dict,
                                     const Value& key) {
  const auto& items = machine.heap[dict].items;
  for (std::size_t i = 0; i < items.size(); i += 2)
    if (values_equal(program, machine, items[i], key)) return i / 2;
  return std::nullopt;
}

void dict_set(const Program& program, Machine& machine, std::uint32_t dict, const Value& key, const Value& value) {
  if (const auto entry = dict_find(program, machine, dict, key)) {
    machine.heap[dict].items[2 * *entry + 1] = value;
    return;
  }
  machine.heap[dict].items.push_back(key);
  machine.heap[dict].items.push_back(value);
}

void dict_erase(Machine& machine, std::uint32_t dict, std::size_t entry) {
  auto& items = machine.heap[dict].items;
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(2 * entry), items.begin() + static_cast<std::ptrdiff_t>(2 * entry + 2));
}

Value new_container(Machine& machine, HeapObject::Kind kind, std::vector<Value> items) {
  const auto index = static_cast<std::uint32_t>(machine.heap.size());
  machine.heap.push_back({kind, -1, std::move(items)});
  switch (kind) {
    case HeapObject::Kind::Dict: return Value::dict(index);
    case HeapObject::Kind::Tuple: return Value::tuple(index);
    case HeapObject::Kind::List: return Value::list(index);
    default: throw std::logic_error("new_container makes lists, tuples and dicts");
  }
}

OperationResult get_item(const Program& program, const Machine& machine, const Value& container, const Value& index) {
  switch (container.kind) {
    case ValueKind::List:  // Objects/listobject.c list_subscript
    case ValueKind::Tuple: {  // Objects/tupleobject.c tuplesubscript
      const bool list = container.kind == ValueKind::List;
      if (!is_index(index)) return {Value::none(), list ? PyError::BadIndexType : PyError::TupleBadIndexType};
      const auto& items = machine.heap[container.object].items;
      const auto at = sequence_position(index, items.size());
      if (!at) return {Value::none(), list ? PyError::IndexOutOfRange : PyError::TupleIndexOutOfRange};
      return {items[*at], PyError::None};
    }
    case ValueKind::Dict: {  // Objects/dictobject.c dict_subscript: hash first, then look up
      if (const PyError error = unhashable_error(machine, index); error != PyError::None) return {Value::none(), error};
      const auto entry = dict_find(program, machine, container.object, index);
      if (!entry) return {Value::none(), PyError::KeyMissing};
      return {machine.heap[container.object].items[2 * *entry + 1], PyError::None};
    }
    default: return {Value::none(), PyError::NotSubscriptable};
  }
}

PyError set_item(const Program& program, Machine& machine, const Value& container, const Value& index,
                 const Value& value) {
  switch (container.kind) {
    case ValueKind::List: {  // Objects/listobject.c list_ass_subscript -> list_ass_item
      if (!is_index(index)) return PyError::BadIndexType;
      auto& items = machine.heap[container.object].items;
      const auto at = sequence_position(index, items.size());
      if (!at) return PyError::ListAssignmentOutOfRange;
      items[*at] = value;
      return PyError::None;
    }
    case ValueKind::Tuple: return PyError::TupleItemAssignment;  // Objects/abstract.c PyObject_SetItem
    case ValueKind::Dict: {  // Objects/dictobject.c dict_ass_sub -> PyDict_SetItem
      if (const PyError error = unhashable_error(machine, index); error != PyError::None) return error;
      dict_set(program, machine, container.object, index, value);
      return PyError::None;
    }
    default: return PyError::NotSubscriptable;
  }
}

PyError delete_item(const Program& program, Machine& machine, const Value& container, const Value& index) {
  switch (container.kind) {
    case ValueKind::List: {  // list_ass_subscript with no value
      if (!is_index(index)) return PyError::BadIndexType;
      auto& items = machine.heap[container.object].items;
      const auto at = sequence_position(index, items.size());
      if (!at) return PyError::ListAssignmentOutOfRange;
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(*at));
      return PyError::None;
    }
    case ValueKind::Tuple: return PyError::TupleItemDeletion;  // Objects/abstract.c PyObject_DelItem
    case ValueKind::Dict: {  // dict_ass_sub -> PyDict_DelItem: KeyError when missing
      if (const PyError error = unhashable_error(machine, index); error != PyError::None) return error;
      const auto entry = dict_find(program, machine, container.object, index);
      if (!entry) return PyError::KeyMissing;
      dict_erase(machine, container.object, *entry);
      return PyError::None;
    }
    default: return PyError::NotSubscriptable;
  }
}

OperationResult build_map(const Program& program, Machine& machine, std::span<const Value> pairs) {
  for (std::size_t i = 0; i < pairs.size(); i += 2)
    if (const PyError error = unhashable_error(machine, pairs[i]); error != PyError::None) return {Value::none(), error};
  const Value dict = new_container(machine, HeapObject::Kind::Dict, {});
  for (std::size_t i = 0; i < pairs.size(); i += 2) dict_set(program, machine, dict.object, pairs[i], pairs[i + 1]);
  return {dict, PyError::None};
}

OperationResult build_const_key_map(const Program& program, Machine& machine, const Value& keys,
                                    std::span<const Value> values) {
  // The compiler always passes a tuple constant of the right length; Python/ceval.c checks it all the same.
  if (keys.kind != ValueKind::Tuple || machine.heap[keys.object].items.size() != values.size())
    return {Value::none(), PyError::BadConstKeyMap};
  const std::vector<Value> names = machine.heap[keys.object].items;  // copied: the heap grows below
  for (const Value& key : names)
    if (const PyError error = unhashable_error(machine, key); error != PyError::None) return {Value::none(), error};
  const Value dict = new_container(machine, HeapObject::Kind::Dict, {});
  for (std::size_t i = 0; i < names.size(); ++i) dict_set(program, machine, dict.object, names[i], values[i]);
  return {dict, PyError::None};
}

}  // namespace gilrace
