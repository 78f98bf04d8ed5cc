// Dicts, tuples and lists as the subscript and display opcodes use them:
// hashing and key lookup (Objects/dictobject.c), item access, assignment
// and deletion (Objects/listobject.c, Objects/tupleobject.c,
// Objects/dictobject.c), and the BUILD_* opcodes that make new containers.
#pragma once
#include <optional>
#include <span>
#include <vector>

#include "explorer/program/machine.hpp"
#include "explorer/program/program.hpp"
#include "models/value_operations.hpp"

namespace gilrace {

// Why `key` cannot be hashed (Objects/object.c PyObject_HashNotImplemented:
// lists and dicts, and tuples holding one), or PyError::None.
PyError unhashable_error(const Machine& machine, const Value& key);

// The entry of dict `dict` (a heap index) whose key equals `key` (Python's
// ==, so 1 and True are one key), as its index in items / 2.
std::optional<std::size_t> dict_find(const Program& program, const Machine& machine, std::uint32_t dict,
                                     const Value& key);
// d[key] = value for a hashable key: an equal key keeps its place and first
// spelling and gets the new value; a new key goes at the end (insertdict).
void dict_set(const Program& program, Machine& machine, std::uint32_t dict, const Value& key, const Value& value);
// Removes entry `entry` (delitem_common); later entries keep their order.
void dict_erase(Machine& machine, std::uint32_t dict, std::size_t entry);

// A new list, tuple or dict (Kind::Dict: `items` are key, value pairs
// already unique) on the heap.
Value new_container(Machine& machine, HeapObject::Kind kind, std::vector<Value> items);

// container[index] (BINARY_SUBSCR).
OperationResult get_item(const Program& program, const Machine& machine, const Value& container, const Value& index);
// container[index] = value (STORE_SUBSCR).
PyError set_item(const Program& program, Machine& machine, const Value& container, const Value& index,
                 const Value& value);
// del container[index] (DELETE_SUBSCR).
PyError delete_item(const Program& program, Machine& machine, const Value& container, const Value& index);

// BUILD_MAP n: a dict of the n key, value pairs in `pairs`, later keys
// overwriting equal earlier ones (Python/ceval.c BUILD_MAP).
OperationResult build_map(const Program& program, Machine& machine, std::span<const Value> pairs);
// BUILD_CONST_KEY_MAP n: the keys come from the tuple `keys`, the values from `values`.
OperationResult build_const_key_map(const Program& program, Machine& machine, const Value& keys,
                                    std::span<const Value> values);

}  // namespace gilrace
