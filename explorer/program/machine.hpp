// The whole state of a running scenario as plain data: globals, heap, and
// every thread's frame (pc, locals and value stack live in `slots`). Nothing
// of a thread lives anywhere else, so a Machine can be copied, compared,
// hashed and restored, and a fiber can carry on from any saved Machine.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "explorer/program/value.hpp"

namespace gilrace {

enum class ThreadStatus : std::uint8_t { Runnable, Finished, Raised, StepLimit };

// The Python exceptions the model raises, each with CPython's message.
enum class PyError : std::uint8_t {
  None,
  PopFromEmptyList,    // IndexError: pop from empty list
  PopIndexOutOfRange,  // IndexError: pop index out of range
  UnsupportedOperand,  // TypeError: unsupported operand type(s)
  NotCallable,         // TypeError: object is not callable
  NoLen,               // TypeError: object has no len()
  BadArgumentCount,    // TypeError: wrong number of arguments
  Unorderable,         // TypeError: '<' not supported between instances
  NoAttribute,         // AttributeError: object has no attribute
  UnboundLocal,        // UnboundLocalError: local variable referenced before assignment
  ReleaseUnlocked,     // RuntimeError: release unlocked lock
  ReleaseUnowned,      // RuntimeError: cannot release un-acquired lock (an RLock another thread holds)
  IntegerOverflow,     // OverflowError: result does not fit the model's 64-bit ints
  NotIterable,         // TypeError: object is not iterable / argument is not iterable
  RangeStepZero,       // ValueError: range() arg 3 must not be zero
  RangeTooLarge,       // OverflowError: beyond the model's ranges (steps -128..127, 2^32 - 1 items)
  IndexOutOfRange,     // IndexError: list index out of range
  BadIndexType,        // TypeError: list indices must be integers
  NotSubscriptable,    // TypeError: object is not subscriptable
  NotContextManager,   // TypeError: object does not support the context manager protocol
  ZeroDivision,        // ZeroDivisionError: integer division or modulo by zero
  AssertionFailed,     // AssertionError (an `assert` whose test is false; its message is not kept)
  RaisedNonException,  // TypeError: exceptions must derive from BaseException
  KeyMissing,          // KeyError: its message, the key's repr, is read from the raising frame (error_text)
  UnhashableList,      // TypeError: unhashable type: 'list'
  UnhashableDict,      // TypeError: unhashable type: 'dict'
  TupleIndexOutOfRange,    // IndexError: tuple index out of range
  TupleBadIndexType,       // TypeError: tuple indices must be integers or slices
  TupleItemAssignment,     // TypeError: 'tuple' object does not support item assignment
  TupleItemDeletion,       // TypeError: 'tuple' object doesn't support item deletion
  ListAssignmentOutOfRange,  // IndexError: list assignment index out of range
  DictChangedSize,     // RuntimeError: dictionary changed size during iteration
  BadConstKeyMap,      // SystemError: bad BUILD_CONST_KEY_MAP keys argument
  UpdateNotSequence,   // TypeError: cannot convert dictionary update sequence element to a sequence
  UpdateBadLength,     // ValueError: dictionary update sequence element has the wrong length; 2 is required
  RecursionLimit,      // RecursionError: maximum recursion depth exceeded
};

std::string_view error_type_name(PyError error);
std::string_view error_message(PyError error);

struct ThreadState {
  std::uint32_t pc = 0;
  std::uint16_t sp = 0;  // values on the stack
  ThreadStatus status = ThreadStatus::Runnable;
  PyError error = PyError::None;
  std::uint32_t function = 0;   // of the running frame
  std::uint32_t slot_base = 0;  // the thread's first slot (layout, not state)
  std::uint32_t error_pc = 0;   // the instruction that raised
  std::uint32_t steps = 0;      // opcodes this thread has executed (loops and calls make it differ from pc)
  // The running frame's locals start frame_base slots into the thread's
  // region; below them sit its callers' frames, each callee preceded by a
  // FrameLink slot that says where its caller resumes (see value.hpp).
  std::uint32_t frame_base = 0;
  std::uint16_t depth = 0;  // callers below the running frame
};

struct HeapObject {
  // A Dict's items are its entries as key, value, key, value, ... in
  // insertion order (CPython dicts keep it); a Tuple's never change.
  enum class Kind : std::uint8_t { List, Lock, RLock, Dict, Tuple };
  Kind kind = Kind::List;
  std::int32_t owner = -1;  // Lock, RLock: the thread holding it, -1 when free (an RLock's items: its count)
  std::vector<Value> items;
  bool operator==(const HeapObject&) const = default;
};

template <typename T>
void copy_flat(std::vector<T>& to, const std::vector<T>& from) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (to.size() == from.size()) {
    if (!from.empty()) std::memcpy(to.data(), from.data(), from.size() * sizeof(T));
  } else {
    to = from;
  }
}

struct Machine {
  std::vector<Value> globals;
  std::vector<HeapObject> heap;
  std::vector<ThreadState> threads;
  std::vector<Value> slots;

  // Copies `other` into this machine, reusing its buffers. Searches save and
  // restore a machine at every branch, so the common case (same program,
  // equal sizes, no heap) is a few memcpy calls.
  void copy_from(const Machine& other) {
    copy_flat(globals, other.globals);
    copy_flat(threads, other.threads);
    copy_flat(slots, other.slots);
    if (!heap.empty() || !other.heap.empty()) heap = other.heap;
  }

  // The thread's slots: every frame, outermost first.
  Value* region(std::uint32_t thread) { return slots.data() + threads[thread].slot_base; }
  const Value* region(std::uint32_t thread) const { return slots.data() + threads[thread].slot_base; }
  // The running frame's locals, then its value stack.
  Value* locals(std::uint32_t thread) { return region(thread) + threads[thread].frame_base; }
  const Value* locals(std::uint32_t thread) const { return region(thread) + threads[thread].frame_base; }
};

}  // namespace gilrace
