#include "models/builtins.hpp"

#include <algorithm>

#include "models/container_methods.hpp"

namespace gilrace {
namespace {

// Orders ints/bools with each other and strs with each other, as
// list.sort's default comparison does; anything else is unorderable.
bool comparable(const Value& a, const Value& b) {
  const auto numeric = [](const Value& v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Bool; };
  return (numeric(a) && numeric(b)) || (a.kind == ValueKind::Str && b.kind == ValueKind::Str);
}

CallResult list_sort(const Program& program, HeapObject& list, std::span<const Value> args) {
  if (!args.empty()) return {Value::none(), PyError::BadArgumentCount};
  for (std::size_t i = 1; i < list.items.size(); ++i)
    if (!comparable(list.items[0], list.items[i])) return {Value::none(), PyError::Unorderable};
  std::stable_sort(list.items.begin(), list.items.end(), [&](const Value& a, const Value& b) {
    if (a.kind == ValueKind::Str) return program.strings[a.integer] < program.strings[b.integer];
    return a.integer < b.integer;
  });
  return {Value::none(), PyError::None};
}

CallResult list_pop(HeapObject& list, std::span<const Value> args) {
  if (args.size() > 1) return {Value::none(), PyError::BadArgumentCount};
  if (list.items.empty()) return {Value::none(), PyError::PopFromEmptyList};
  auto index = static_cast<std::int64_t>(list.items.size()) - 1;
  if (args.size() == 1) {
    if (args[0].kind != ValueKind::Int) return {Value::none(), PyError::UnsupportedOperand};
    index = args[0].integer < 0 ? args[0].integer + static_cast<std::int64_t>(list.items.size()) : args[0].integer;
    if (index < 0 || index >= static_cast<std::int64_t>(list.items.size()))
      return {Value::none(), PyError::PopIndexOutOfRange};
  }
  const Value result = list.items[static_cast<std::size_t>(index)];
  list.items.erase(list.items.begin() + index);
  return {result, PyError::None};
}

}  // namespace

BuiltinId lookup_method(const Machine& machine, const Value& self, const std::string& attribute) {
  if (self.kind == ValueKind::List) {
    if (attribute == "sort") return BuiltinId::ListSort;
    if (attribute == "append") return BuiltinId::ListAppend;
    if (attribute == "pop") return BuiltinId::ListPop;
    if (attribute == "extend") return BuiltinId::ListExtend;
    if (attribute == "insert") return BuiltinId::ListInsert;
  } else if (self.kind == ValueKind::Dict) {
    if (attribute == "get") return BuiltinId::DictGet;
    if (attribute == "setdefault") return BuiltinId::DictSetdefault;
    if (attribute == "update") return BuiltinId::DictUpdate;
    if (attribute == "pop") return BuiltinId::DictPop;
  } else if (self.kind == ValueKind::Lock) {
    if (attribute == "acquire") return BuiltinId::LockAcquire;
    if (attribute == "release") return BuiltinId::LockRelease;
  }
  (void)machine;
  return BuiltinId::None;
}

bool lock_is_held_against(const Machine& machine, std::uint32_t lock, std::uint32_t thread) {
  const HeapObject& object = machine.heap[lock];
  // A Lock is not reentrant: its holder blocks too (and deadlocks); an RLock lets its holder in again.
  return object.owner >= 0 && !(object.kind == HeapObject::Kind::RLock && object.owner == static_cast<std::int32_t>(thread));
}

bool call_would_block(const Machine& machine, std::uint32_t thread, const Value& callable, std::span<const Value> args) {
  if (callable.kind != ValueKind::BoundMethod || callable.builtin != BuiltinId::LockAcquire) return false;
  const bool blocking = args.empty() || args[0].integer != 0;
  return blocking && lock_is_held_against(machine, callable.object, thread);
}

// Modules/_threadmodule.c: lock_PyThread_acquire_lock, rlock_acquire, rlock_release.
CallResult acquire_lock(HeapObject& lock, std::uint32_t thread) {
  if (lock.kind == HeapObject::Kind::RLock && lock.owner == static_cast<std::int32_t>(thread)) {
    ++lock.items[0].integer;
    return {Value::boolean(true), PyError::None};
  }
  if (lock.owner >= 0) return {Value::boolean(false), PyError::None};  // acquire(False) on a held lock
  lock.owner = static_cast<std::int32_t>(thread);
  if (lock.kind == HeapObject::Kind::RLock) lock.items[0].integer = 1;
  return {Value::boolean(true), PyError::None};
}

CallResult release_lock(HeapObject& lock, std::uint32_t thread) {
  if (lock.kind == HeapObject::Kind::RLock) {
    if (lock.owner != static_cast<std::int32_t>(thread)) return {Value::none(), PyError::ReleaseUnowned};
    if (--lock.items[0].integer == 0) lock.owner = -1;
    return {Value::none(), PyError::None};
  }
  if (lock.owner < 0) return {Value::none(), PyError::ReleaseUnlocked};
  lock.owner = -1;  // a Lock may be released by any thread
  return {Value::none(), PyError::None};
}

// range(stop), range(start, stop[, step]) with int arguments (Objects/rangeobject.c range_new).
CallResult make_range(std::span<const Value> args) {
  if (args.empty() || args.size() > 3) return {Value::none(), PyError::BadArgumentCount};
  for (const Value& a : args)
    if (a.kind != ValueKind::Int && a.kind != ValueKind::Bool) return {Value::none(), PyError::UnsupportedOperand};
  std::int64_t start = 0, stop = args[0].integer, step = 1;
  if (args.size() >= 2) start = args[0].integer, stop = args[1].integer;
  if (args.size() == 3) step = args[2].integer;
  if (step == 0) return {Value::none(), PyError::RangeStepZero};
  // The model keeps a range in one value: steps of -128..127 and at most
  // 2^32 - 1 items (Objects/rangeobject.c compute_range_length).
  if (step < -128 || step > 127) return {Value::none(), PyError::RangeTooLarge};
  const __int128 span = step > 0 ? __int128(stop) - start : __int128(start) - stop;
  const __int128 length = span <= 0 ? 0 : (span + (step > 0 ? step : -step) - 1) / (step > 0 ? step : -step);
  if (length > 0xffffffff) return {Value::none(), PyError::RangeTooLarge};
  return {Value::range(ValueKind::Range, start, static_cast<std::uint32_t>(length), static_cast<std::int8_t>(step)),
          PyError::None};
}

BuiltinId builtin_by_name(const std::string& name) {
  if (name == "len") return BuiltinId::Len;
  if (name == "AssertionError") return BuiltinId::AssertionError;
  if (name == "range") return BuiltinId::Range;
  return BuiltinId::None;
}

CallResult call_builtin(const Program& program, Machine& machine, std::uint32_t thread, const Value& callable,
                        std::span<const Value> args) {
  if (callable.kind == ValueKind::Builtin && callable.builtin == BuiltinId::Range) return make_range(args);
  // AssertionError(message): the exception object; its message is not kept.
  if (callable.kind == ValueKind::Builtin && callable.builtin == BuiltinId::AssertionError) return {callable, PyError::None};
  if (callable.kind == ValueKind::Builtin && callable.builtin == BuiltinId::Len) {
    if (args.size() != 1) return {Value::none(), PyError::BadArgumentCount};
    if (args[0].kind == ValueKind::List || args[0].kind == ValueKind::Tuple || args[0].kind == ValueKind::Dict) {
      const std::size_t items = machine.heap[args[0].object].items.size();
      return {Value::integer_value(static_cast<std::int64_t>(args[0].kind == ValueKind::Dict ? items / 2 : items)),
              PyError::None};
    }
    if (args[0].kind == ValueKind::Str)
      return {Value::integer_value(static_cast<std::int64_t>(program.strings[args[0].integer].size())), PyError::None};
    return {Value::none(), PyError::NoLen};
  }
  if (callable.kind != ValueKind::BoundMethod) return {Value::none(), PyError::NotCallable};
  HeapObject& self = machine.heap[callable.object];
  switch (callable.builtin) {
    case BuiltinId::ListSort: return list_sort(program, self, args);
    case BuiltinId::ListAppend:
      if (args.size() != 1) return {Value::none(), PyError::BadArgumentCount};
      self.items.push_back(args[0]);
      return {Value::none(), PyError::None};
    case BuiltinId::ListPop: return list_pop(self, args);
    case BuiltinId::LockAcquire:
      if (args.size() > 1) return {Value::none(), PyError::BadArgumentCount};
      return acquire_lock(self, thread);
    case BuiltinId::LockExit:  // __exit__(type, value, traceback): release, do not suppress
      return release_lock(self, thread);
    case BuiltinId::LockRelease:
      if (!args.empty()) return {Value::none(), PyError::BadArgumentCount};
      return release_lock(self, thread);
    case BuiltinId::ListExtend:
    case BuiltinId::ListInsert:
    case BuiltinId::DictGet:
    case BuiltinId::DictSetdefault:
    case BuiltinId::DictUpdate:
    case BuiltinId::DictPop: return call_container_method(program, machine, callable.builtin, callable.object, args);
    default: break;
  }
  return {Value::none(), PyError::NotCallable};
}

std::string builtin_display_name(const Machine& machine, const Value& callable) {
  if (callable.kind == ValueKind::Builtin)
    return callable.builtin == BuiltinId::Range ? "range" : callable.builtin == BuiltinId::AssertionError ? "AssertionError" : "len";
  const HeapObject::Kind kind = machine.heap[callable.object].kind;
  switch (callable.builtin) {
    case BuiltinId::ListSort: return "sort";
    case BuiltinId::ListAppend: return "append";
    case BuiltinId::ListPop:
    case BuiltinId::DictPop: return "pop";
    case BuiltinId::ListExtend: return "extend";
    case BuiltinId::ListInsert: return "insert";
    case BuiltinId::DictGet: return "get";
    case BuiltinId::DictSetdefault: return "setdefault";
    case BuiltinId::DictUpdate: return "update";
    case BuiltinId::LockAcquire: return "acquire";
    case BuiltinId::LockRelease: return "release";
    case BuiltinId::LockExit: return "__exit__";
    default: return kind == HeapObject::Kind::List ? "list method" : kind == HeapObject::Kind::Dict ? "dict method" : "lock method";
  }
}

}  // namespace gilrace
