// A Python value as the machine stores it: 16 bytes of plain data.
// Immutable scalars live inline; lists, dicts, tuples and locks live on the
// heap and are referred to by index, so a whole machine stays copyable and hashable.
#pragma once
#include <cstdint>

namespace gilrace {

enum class ValueKind : std::uint8_t {
  Null,         // the NULL that CPython's LOAD_METHOD / PUSH_NULL put on the stack
  None,
  Bool,
  Int,
  Str,          // integer = id in Program::strings
  List,         // object = heap index
  Lock,         // object = heap index
  Builtin,      // a built-in function such as len; builtin names which
  BoundMethod,  // builtin applied to the heap object `object`
  Function,     // integer = index in Program::functions
  // Ranges and iterators live inline, not on the heap: a `for` loop's
  // iterator sits only on its thread's stack, and a heap object reachable
  // from one frame only would be numbered by thread order, not canonically.
  Range,          // range(...): integer = first item, object = length, builtin = step (as int8)
  RangeIterator,  // as Range, for the items not yet produced
  ListIterator,   // object = the list's heap index, integer = the next index
  Dict,           // object = heap index
  Tuple,          // object = heap index
  TupleIterator,  // as ListIterator, over a tuple
  // Over a dict's keys: object = the dict's heap index, integer = the next
  // entry (low 32 bits) and the dict's size when iteration began (high 32).
  DictKeyIterator,
  // The slot below a callee's frame: object = the caller's function,
  // integer = its pc | its stack depth << 32 | its frame_base << 48. Only
  // frames hold it; no Python code can see it.
  FrameLink,
};

enum class BuiltinId : std::uint8_t {
  None,
  Len,
  ListSort,
  ListAppend,
  ListPop,
  LockAcquire,
  LockRelease,
  Range,
  LockExit,  // lock.__exit__, as `with lock:` calls it
  AssertionError,  // the exception class, as `assert` loads it
  ListExtend,
  ListInsert,
  DictGet,
  DictSetdefault,
  DictUpdate,
  DictPop,
};

struct Value {
  ValueKind kind = ValueKind::None;
  BuiltinId builtin = BuiltinId::None;
  std::uint32_t object = 0;
  std::int64_t integer = 0;

  static Value none() { return {}; }
  static Value null() { return {ValueKind::Null, BuiltinId::None, 0, 0}; }
  static Value boolean(bool b) { return {ValueKind::Bool, BuiltinId::None, 0, b ? 1 : 0}; }
  static Value integer_value(std::int64_t i) { return {ValueKind::Int, BuiltinId::None, 0, i}; }
  static Value str(std::uint32_t id) { return {ValueKind::Str, BuiltinId::None, 0, id}; }
  static Value list(std::uint32_t obj) { return {ValueKind::List, BuiltinId::None, obj, 0}; }
  static Value lock(std::uint32_t obj) { return {ValueKind::Lock, BuiltinId::None, obj, 0}; }
  static Value dict(std::uint32_t obj) { return {ValueKind::Dict, BuiltinId::None, obj, 0}; }
  static Value tuple(std::uint32_t obj) { return {ValueKind::Tuple, BuiltinId::None, obj, 0}; }
  static Value builtin_function(BuiltinId b) { return {ValueKind::Builtin, b, 0, 0}; }
  static Value bound_method(BuiltinId b, std::uint32_t obj) {
    return {ValueKind::BoundMethod, b, obj, 0};
  }
  static Value range(ValueKind kind, std::int64_t first, std::uint32_t length, std::int8_t step) {
    return {kind, static_cast<BuiltinId>(static_cast<std::uint8_t>(step)), length, first};
  }
  static Value list_iterator(std::uint32_t list, std::int64_t index) {
    return {ValueKind::ListIterator, BuiltinId::None, list, index};
  }
  static Value frame_link(std::uint32_t function, std::uint32_t pc, std::uint16_t sp, std::uint32_t frame_base) {
    return {ValueKind::FrameLink, BuiltinId::None, function,
            static_cast<std::int64_t>(std::uint64_t(pc) | (std::uint64_t(sp) << 32) | (std::uint64_t(frame_base) << 48))};
  }
  std::uint32_t link_pc() const { return static_cast<std::uint32_t>(integer); }
  std::uint16_t link_sp() const { return static_cast<std::uint16_t>(static_cast<std::uint64_t>(integer) >> 32); }
  std::uint32_t link_frame_base() const { return static_cast<std::uint32_t>(static_cast<std::uint64_t>(integer) >> 48); }
  std::int8_t range_step() const { return static_cast<std::int8_t>(static_cast<std::uint8_t>(builtin)); }
  static Value function(std::uint32_t index) { return {ValueKind::Function, BuiltinId::None, 0, index}; }

  bool on_heap() const {
    switch (kind) {
      case ValueKind::List:
      case ValueKind::Lock:
      case ValueKind::BoundMethod:
      case ValueKind::ListIterator:
      case ValueKind::Dict:
      case ValueKind::Tuple:
      case ValueKind::TupleIterator:
      case ValueKind::DictKeyIterator: return true;
      default: return false;
    }
  }
  bool operator==(const Value&) const = default;
};

static_assert(sizeof(Value) == 16, "a Value is two machine words");

}  // namespace gilrace
