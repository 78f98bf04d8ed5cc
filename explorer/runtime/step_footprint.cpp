#include "explorer/runtime/step_footprint.hpp"

#include <algorithm>

namespace gilrace {
namespace {

// Opcodes that may change an object they reach: calls (list.append,
// lock.acquire, dict.update), stores and deletions of items, in-place
// operators (`lst += other` extends lst), LIST_EXTEND, and entering or
// leaving `with` (Python/ceval.c: each one ends in a call or a container's
// mutator). The opcodes listed as false at most read objects; any other,
// including one added later, counts as changing them, which is safe.
bool may_change_objects(Opcode op) {
  if (is_conditional_jump(op)) return false;
  switch (op) {
    case Opcode::NOP:
    case Opcode::RESUME:
    case Opcode::PRECALL:
    case Opcode::LOAD_CONST:
    case Opcode::LOAD_FAST:
    case Opcode::STORE_FAST:
    case Opcode::LOAD_FAST_LOAD_FAST:
    case Opcode::STORE_FAST_LOAD_FAST:
    case Opcode::STORE_FAST_STORE_FAST:
    case Opcode::LOAD_GLOBAL:
    case Opcode::STORE_GLOBAL:
    case Opcode::LOAD_ATTR:
    case Opcode::LOAD_METHOD:
    case Opcode::POP_TOP:
    case Opcode::BINARY_ADD:
    case Opcode::BINARY_SUBTRACT:
    case Opcode::BINARY_MULTIPLY:
    case Opcode::BINARY_FLOOR_DIVIDE:
    case Opcode::BINARY_MODULO:
    case Opcode::PUSH_NULL:
    case Opcode::RETURN_VALUE:
    case Opcode::RETURN_CONST:
    case Opcode::JUMP_FORWARD:
    case Opcode::JUMP_ABSOLUTE:
    case Opcode::JUMP_BACKWARD:
    case Opcode::JUMP_BACKWARD_NO_INTERRUPT:
    case Opcode::COMPARE_OP:
    case Opcode::IS_OP:
    case Opcode::CONTAINS_OP:
    case Opcode::UNARY_NOT:
    case Opcode::UNARY_NEGATIVE:
    case Opcode::TO_BOOL:
    case Opcode::GET_ITER:
    case Opcode::FOR_ITER:  // the iterator's position lives on the stack, not in the object
    case Opcode::END_FOR:
    case Opcode::BINARY_SUBSCR:
    case Opcode::DUP_TOP:
    case Opcode::DUP_TOP_TWO:
    case Opcode::ROT_TWO:
    case Opcode::ROT_THREE:
    case Opcode::COPY:
    case Opcode::SWAP:
    case Opcode::POP_BLOCK:
    case Opcode::BEGIN_FINALLY:
    case Opcode::PUSH_EXC_INFO:
    case Opcode::POP_EXCEPT:
    case Opcode::LOAD_ASSERTION_ERROR:
    case Opcode::BUILD_LIST:  // new objects count as allocation, which after() sees
    case Opcode::BUILD_TUPLE:
    case Opcode::BUILD_MAP:
    case Opcode::BUILD_CONST_KEY_MAP: return false;
    default: return true;  // an opcode not listed above may change what it reaches
  }
}

bool is_lock(const HeapObject& object) {
  return object.kind == HeapObject::Kind::Lock || object.kind == HeapObject::Kind::RLock;
}

std::int64_t lock_depth(const HeapObject& lock) { return lock.items.empty() ? 0 : lock.items[0].integer; }

bool shares_any(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i == *j) return true;
    if (*i < *j) ++i;
    else ++j;
  }
  return false;
}

void sort_unique(std::vector<std::uint64_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

bool footprints_conflict(const StepFootprint& a, const StepFootprint& b) {
  if (shares_any(a.writes, b.writes) || shares_any(a.writes, b.reads) || shares_any(a.reads, b.writes)) return true;
  auto i = a.locks.begin(), j = b.locks.begin();
  while (i != a.locks.end() && j != b.locks.end()) {
    if (i->lock < j->lock) ++i;
    else if (j->lock < i->lock) ++j;
    else {
      if ((i->uses | j->uses) != kLockObserved) return true;  // two looks commute; a change does not
      ++i, ++j;
    }
  }
  return false;
}

void FootprintRecorder::reach(const Machine& machine, const Value& value) {
  if (!value.on_heap()) return;
  const auto object = static_cast<std::uint32_t>(value.object);
  if (seen_[object]) return;
  seen_[object] = 1;
  reached_.push_back(object);
  for (const Value& item : machine.heap[object].items) reach(machine, item);
}

void FootprintRecorder::before(const Machine& machine, std::uint32_t thread, const Instruction& in) {
  if (in.opcode == Opcode::LOAD_GLOBAL && in.arg >= 0) pending_reads_.push_back(location_of_global(in.arg));
  if (in.opcode == Opcode::STORE_GLOBAL) pending_writes_.push_back(location_of_global(in.arg));
  heap_before_ = machine.heap.size();
  locks_before_.clear();
  if (machine.heap.empty()) return;
  seen_.assign(machine.heap.size(), 0);
  reached_.clear();
  const ThreadState& state = machine.threads[thread];
  const Value* stack = machine.locals(thread) + program_.functions[state.function].local_names.size();
  for (std::uint16_t i = 0; i < state.sp; ++i) reach(machine, stack[i]);
  const bool changes = may_change_objects(in.opcode);
  for (std::uint32_t object : reached_) {
    const HeapObject& o = machine.heap[object];
    if (is_lock(o)) {
      if (changes) locks_before_.push_back({object, o.owner, lock_depth(o)});
    } else {
      (changes ? pending_writes_ : pending_reads_).push_back(location_of_object(object));
    }
  }
}

void FootprintRecorder::after(const Machine& machine, const Instruction&) {
  if (machine.heap.size() > heap_before_) pending_writes_.push_back(kAllocatorLocation);
  for (const LockSnapshot& was : locks_before_) {
    const HeapObject& now = machine.heap[was.lock];
    const std::int64_t depth = lock_depth(now);
    std::uint8_t use = kLockObserved;
    if (was.owner < 0 && now.owner >= 0) use = kLockAcquired;
    else if (was.owner >= 0 && now.owner < 0) use = kLockReleased;
    else if (depth != was.count) use = kLockReentered;
    add_lock_use(was.lock, use);
  }
}

void FootprintRecorder::add_lock_use(std::uint32_t lock, std::uint8_t uses) {
  for (LockAccess& access : pending_locks_)
    if (access.lock == lock) {
      access.uses |= uses;
      return;
    }
  pending_locks_.push_back({lock, uses});
}

void FootprintRecorder::finish() {
  StepFootprint& f = *into_;
  f.writes.swap(pending_writes_);
  f.reads.swap(pending_reads_);
  f.locks.swap(pending_locks_);
  pending_writes_.clear(), pending_reads_.clear(), pending_locks_.clear();
  sort_unique(f.writes);
  sort_unique(f.reads);
  std::vector<std::uint64_t> only_read;
  std::set_difference(f.reads.begin(), f.reads.end(), f.writes.begin(), f.writes.end(), std::back_inserter(only_read));
  f.reads.swap(only_read);
  std::sort(f.locks.begin(), f.locks.end(), [](const LockAccess& a, const LockAccess& b) { return a.lock < b.lock; });
}

}  // namespace gilrace
