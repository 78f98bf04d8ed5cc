#include "explorer/program/machine_values.hpp"

#include <stdexcept>

namespace gilrace {
namespace {

std::string_view builtin_name(BuiltinId id) {
  switch (id) {
    case BuiltinId::Len: return "len";
    case BuiltinId::ListSort: return "sort";
    case BuiltinId::ListAppend: return "append";
    case BuiltinId::ListPop: return "pop";
    case BuiltinId::LockAcquire: return "acquire";
    case BuiltinId::LockRelease: return "release";
    case BuiltinId::Range: return "range";
    case BuiltinId::LockExit: return "__exit__";
    case BuiltinId::AssertionError: return "AssertionError";
    case BuiltinId::ListExtend: return "extend";
    case BuiltinId::ListInsert: return "insert";
    case BuiltinId::DictGet: return "get";
    case BuiltinId::DictSetdefault: return "setdefault";
    case BuiltinId::DictUpdate: return "update";
    case BuiltinId::DictPop: return "pop";
    case BuiltinId::None: break;
  }
  return "?";
}

std::uint32_t string_id(const Program& program, const std::string& text) {
  for (std::uint32_t id = 0; id < program.strings.size(); ++id)
    if (program.strings[id] == text) return id;
  throw std::logic_error("string constant was not interned: " + text);
}

}  // namespace

Value materialise(const Program& program, Machine& machine, const PlainValue& value) {
  switch (value.kind) {
    case PlainValue::Kind::None: return Value::none();
    case PlainValue::Kind::Bool: return Value::boolean(value.integer != 0);
    case PlainValue::Kind::Int: return Value::integer_value(value.integer);
    case PlainValue::Kind::Str: return Value::str(string_id(program, value.text));
    case PlainValue::Kind::Lock: {
      if (value.text == "RLock") machine.heap.push_back({HeapObject::Kind::RLock, -1, {Value::integer_value(0)}});
      else machine.heap.push_back({HeapObject::Kind::Lock, -1, {}});
      return Value::lock(static_cast<std::uint32_t>(machine.heap.size() - 1));
    }
    case PlainValue::Kind::List:
    case PlainValue::Kind::Dict:
    case PlainValue::Kind::Tuple: {
      const auto index = static_cast<std::uint32_t>(machine.heap.size());
      const auto kind = value.kind == PlainValue::Kind::List   ? HeapObject::Kind::List
                        : value.kind == PlainValue::Kind::Dict ? HeapObject::Kind::Dict
                                                               : HeapObject::Kind::Tuple;
      machine.heap.push_back({kind, -1, {}});
      std::vector<Value> items;  // built first: materialising an item may grow the heap
      for (const auto& item : value.items) items.push_back(materialise(program, machine, item));
      machine.heap[index].items = std::move(items);
      return value.kind == PlainValue::Kind::List   ? Value::list(index)
             : value.kind == PlainValue::Kind::Dict ? Value::dict(index)
                                                    : Value::tuple(index);
    }
  }
  return Value::none();
}

std::string_view error_type_name(PyError error) {
  switch (error) {
    case PyError::PopFromEmptyList:
    case PyError::PopIndexOutOfRange: return "IndexError";
    case PyError::UnsupportedOperand:
    case PyError::NotCallable:
    case PyError::NoLen:
    case PyError::BadArgumentCount:
    case PyError::Unorderable: return "TypeError";
    case PyError::NoAttribute: return "AttributeError";
    case PyError::UnboundLocal: return "UnboundLocalError";
    case PyError::ReleaseUnlocked:
    case PyError::ReleaseUnowned: return "RuntimeError";
    case PyError::IntegerOverflow: return "OverflowError";
    case PyError::NotIterable: return "TypeError";
    case PyError::RangeStepZero: return "ValueError";
    case PyError::RangeTooLarge: return "OverflowError";
    case PyError::IndexOutOfRange: return "IndexError";
    case PyError::BadIndexType:
    case PyError::NotSubscriptable:
    case PyError::NotContextManager:
    case PyError::RaisedNonException: return "TypeError";
    case PyError::RecursionLimit: return "RecursionError";
    case PyError::ZeroDivision: return "ZeroDivisionError";
    case PyError::AssertionFailed: return "AssertionError";
    case PyError::KeyMissing: return "KeyError";
    case PyError::UnhashableList:
    case PyError::UnhashableDict:
    case PyError::TupleBadIndexType:
    case PyError::TupleItemAssignment:
    case PyError::TupleItemDeletion: return "TypeError";
    case PyError::TupleIndexOutOfRange:
    case PyError::ListAssignmentOutOfRange: return "IndexError";
    case PyError::DictChangedSize: return "RuntimeError";
    case PyError::BadConstKeyMap: return "SystemError";
    case PyError::UpdateNotSequence: return "TypeError";
    case PyError::UpdateBadLength: return "ValueError";
    case PyError::None: break;
  }
  return "";
}

std::string_view error_message(PyError error) {
  switch (error) {
    case PyError::PopFromEmptyList: return "pop from empty list";
    case PyError::PopIndexOutOfRange: return "pop index out of range";
    case PyError::UnsupportedOperand: return "unsupported operand type(s)";
    case PyError::NotCallable: return "object is not callable";
    case PyError::NoLen: return "object has no len()";
    case PyError::BadArgumentCount: return "wrong number of arguments";
    case PyError::Unorderable: return "'<' not supported between these instances";
    case PyError::NoAttribute: return "object has no such attribute";
    case PyError::UnboundLocal: return "local variable referenced before assignment";
    case PyError::ReleaseUnlocked: return "release unlocked lock";
    case PyError::ReleaseUnowned: return "cannot release un-acquired lock";
    case PyError::IntegerOverflow: return "integer result does not fit in 64 bits (gilrace's int model)";
    case PyError::NotIterable: return "object is not iterable";
    case PyError::RangeStepZero: return "range() arg 3 must not be zero";
    case PyError::RangeTooLarge: return "range() beyond gilrace's model (steps -128..127, at most 2^32 - 1 items)";
    case PyError::IndexOutOfRange: return "list index out of range";
    case PyError::BadIndexType: return "list indices must be integers";
    case PyError::NotSubscriptable: return "object is not subscriptable";
    case PyError::NotContextManager: return "object does not support the context manager protocol";
    case PyError::ZeroDivision: return "integer division or modulo by zero";
    case PyError::AssertionFailed: return "assertion failed";
    case PyError::RaisedNonException: return "exceptions must derive from BaseException";
    case PyError::KeyMissing: return "the missing key";  // error_text shows the key itself
    case PyError::UnhashableList: return "unhashable type: 'list'";
    case PyError::UnhashableDict: return "unhashable type: 'dict'";
    case PyError::TupleIndexOutOfRange: return "tuple index out of range";
    case PyError::TupleBadIndexType: return "tuple indices must be integers";
    case PyError::TupleItemAssignment: return "'tuple' object does not support item assignment";
    case PyError::TupleItemDeletion: return "'tuple' object doesn't support item deletion";
    case PyError::ListAssignmentOutOfRange: return "list assignment index out of range";
    case PyError::DictChangedSize: return "dictionary changed size during iteration";
    case PyError::BadConstKeyMap: return "bad BUILD_CONST_KEY_MAP keys argument";
    case PyError::UpdateNotSequence: return "cannot convert dictionary update sequence element to a sequence";
    case PyError::UpdateBadLength: return "dictionary update sequence element has the wrong length; 2 is required";
    case PyError::RecursionLimit: return "maximum recursion depth exceeded";
    case PyError::None: break;
  }
  return "";
}

PlainValue to_plain(const Program& program, const Machine& machine, const Value& value) {
  switch (value.kind) {
    case ValueKind::None:
    case ValueKind::Null: return PlainValue::none();
    case ValueKind::Bool: return PlainValue::boolean(value.integer != 0);
    case ValueKind::Int: return PlainValue::int_value(value.integer);
    case ValueKind::Str: return PlainValue::str(program.strings[static_cast<std::size_t>(value.integer)]);
    case ValueKind::Lock: {
      PlainValue lock = PlainValue::lock(machine.heap[value.object].owner >= 0);
      if (machine.heap[value.object].kind == HeapObject::Kind::RLock) lock.text = "RLock";
      return lock;
    }
    case ValueKind::List:
    case ValueKind::Dict:
    case ValueKind::Tuple: {
      std::vector<PlainValue> items;
      for (const auto& item : machine.heap[value.object].items) items.push_back(to_plain(program, machine, item));
      PlainValue plain = PlainValue::list(std::move(items));
      if (value.kind == ValueKind::Dict) plain.kind = PlainValue::Kind::Dict;
      if (value.kind == ValueKind::Tuple) plain.kind = PlainValue::Kind::Tuple;
      return plain;
    }
    case ValueKind::Builtin:
    case ValueKind::BoundMethod:
    case ValueKind::Function:
    case ValueKind::Range:
    case ValueKind::RangeIterator:
    case ValueKind::ListIterator:
    case ValueKind::TupleIterator:
    case ValueKind::DictKeyIterator:
    case ValueKind::FrameLink: break;
  }
  return PlainValue::str(repr(program, machine, value));  // not comparable data; shown as text
}

std::string repr(const Program& program, const Machine& machine, const Value& value) {
  switch (value.kind) {
    case ValueKind::Null: return "NULL";
    case ValueKind::Builtin: return "<built-in function " + std::string(builtin_name(value.builtin)) + ">";
    case ValueKind::BoundMethod: {
      const HeapObject::Kind kind = machine.heap[value.object].kind;
      const char* type = kind == HeapObject::Kind::List    ? "list"
                         : kind == HeapObject::Kind::Dict  ? "dict"
                         : kind == HeapObject::Kind::RLock ? "_thread.RLock"
                                                           : "_thread.lock";
      return "<built-in method " + std::string(builtin_name(value.builtin)) + " of " + type + " object>";
    }
    case ValueKind::Function: return "<function " + program.functions[static_cast<std::size_t>(value.integer)].name + ">";
    case ValueKind::Range: {
      // The stop is not kept; the smallest one giving the same items is shown.
      const std::int64_t step = value.range_step();
      const std::int64_t stop = value.object == 0 ? value.integer
                                                  : value.integer + step * (static_cast<std::int64_t>(value.object) - 1) +
                                                        (step > 0 ? 1 : -1);
      std::string text = "range(" + std::to_string(value.integer) + ", " + std::to_string(stop);
      if (step != 1) text += ", " + std::to_string(step);
      return text + ")";
    }
    case ValueKind::RangeIterator: return "<range_iterator object>";
    case ValueKind::ListIterator: return "<list_iterator object>";
    case ValueKind::TupleIterator: return "<tuple_iterator object>";
    case ValueKind::DictKeyIterator: return "<dict_keyiterator object>";
    case ValueKind::FrameLink: return "<frame of " + program.functions[value.object].name + ">";
    default: return python_repr(to_plain(program, machine, value));
  }
}

std::optional<std::string> global_holding(const Program& program, const Machine& machine, std::uint32_t object) {
  for (std::size_t g = 0; g < machine.globals.size(); ++g) {
    const Value& v = machine.globals[g];
    const bool container = v.kind == ValueKind::List || v.kind == ValueKind::Dict || v.kind == ValueKind::Tuple;
    if ((container || v.kind == ValueKind::Lock) && v.object == object) return program.global_names[g];
  }
  return std::nullopt;
}

std::optional<Value> error_detail(const Program& program, const Machine& machine, std::uint32_t thread) {
  const ThreadState& state = machine.threads[thread];
  if (state.status != ThreadStatus::Raised || state.error != PyError::KeyMissing || state.sp == 0) return std::nullopt;
  const Value* stack = machine.locals(thread) + program.functions[state.function].local_names.size();
  return stack[state.sp - 1];
}

std::string error_text(const Program& program, const Machine& machine, std::uint32_t thread) {
  const PyError error = machine.threads[thread].error;
  const std::optional<Value> key = error_detail(program, machine, thread);
  // Objects/dictobject.c _PyErr_SetKeyError: str(KeyError(key)) is repr(key).
  const std::string message = key ? repr(program, machine, *key) : std::string(error_message(error));
  return std::string(error_type_name(error)) + ": " + message;
}

Machine initial_machine(const Program& program) {
  Machine machine;
  for (const auto& initial : program.global_initial) machine.globals.push_back(materialise(program, machine, initial));
  std::uint32_t base = 0;
  for (std::uint32_t t = 0; t < program.thread_count(); ++t) {
    ThreadState thread;
    thread.function = program.thread_functions[t];
    thread.slot_base = base;
    base += program.thread_region_size(thread.function);
    machine.threads.push_back(thread);
  }
  machine.slots.assign(base, Value::null());
  return machine;
}

}  // namespace gilrace
