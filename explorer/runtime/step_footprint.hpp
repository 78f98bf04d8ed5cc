// What one step (a thread's run between two switch points) touched that a
// step of another thread could touch too: globals read and written, heap
// objects read and written, new objects allocated, and locks acquired,
// released or looked at. Partial-order reduction (the dpor strategy) calls
// two steps independent when their footprints do not conflict, and then
// runs only one of their two orders.
//
// The record is conservative: an opcode is taken to read every heap object
// reachable from its thread's value stack, and opcodes that can change an
// object (calls, stores into subscripts, in-place operators, `with`) to
// write all of them. Every access to an object's contents goes through a
// reference on the stack, so nothing is missed; the price is some
// dependence that is not real, which costs reduction, never soundness.
#pragma once
#include <cstdint>
#include <vector>

#include "explorer/program/machine.hpp"
#include "explorer/program/program.hpp"

namespace gilrace {

// How a step used a lock; the bits combine.
enum LockUse : std::uint8_t {
  kLockAcquired = 1,  // it went from free to held
  kLockReleased = 2,  // from held to free
  kLockObserved = 4,  // looked at without changing it: a failed try, or whether the step could go on
  kLockReentered = 8,  // an RLock's holder took it again or gave back one level of it
};

struct LockAccess {
  std::uint32_t lock = 0;  // heap index
  std::uint8_t uses = 0;   // LockUse bits
  bool operator==(const LockAccess&) const = default;
};

struct StepFootprint {
  std::vector<std::uint64_t> reads;   // locations (see location_of_*), sorted, unique
  std::vector<std::uint64_t> writes;  // sorted, unique; a written location is not also listed in reads
  std::vector<LockAccess> locks;      // sorted by lock

  void clear() { reads.clear(), writes.clear(), locks.clear(); }
  bool operator==(const StepFootprint&) const = default;
};

constexpr std::uint64_t location_of_global(std::uint32_t index) { return index; }
constexpr std::uint64_t location_of_object(std::uint32_t object) { return (std::uint64_t{1} << 32) | object; }
// Allocation numbers new objects by heap order, so two allocating steps do not commute.
constexpr std::uint64_t kAllocatorLocation = std::uint64_t{2} << 32;

// True when the two steps (of different threads) do not commute: they
// share a location one of them writes, or they both use one lock and not
// only to look at it.
bool footprints_conflict(const StepFootprint& a, const StepFootprint& b);

// Records the footprint of a step as its opcodes run. FiberRuntime calls
// before() and after() around each opcode and finish() at the step's end.
class FootprintRecorder {
 public:
  explicit FootprintRecorder(const Program& program) : program_(program) {}

  void start(StepFootprint& into) { into_ = &into, into.clear(); }
  void before(const Machine& machine, std::uint32_t thread, const Instruction& in);
  void after(const Machine& machine, const Instruction& in);
  // The step looked at `lock` (a heap index; -1: none) to decide whether it
  // could go on: the next opcode acquires it and is not a switch point.
  void observe_lock(std::int64_t lock) {
    if (lock >= 0) add_lock_use(static_cast<std::uint32_t>(lock), kLockObserved);
  }
  void finish();

 private:
  void reach(const Machine& machine, const Value& value);
  void add_lock_use(std::uint32_t lock, std::uint8_t uses);

  struct LockSnapshot {
    std::uint32_t lock;
    std::int32_t owner;
    std::int64_t count;  // an RLock's depth
  };
  const Program& program_;
  StepFootprint* into_ = nullptr;
  std::vector<std::uint64_t> pending_reads_, pending_writes_;  // unsorted until finish()
  std::vector<std::uint32_t> reached_;    // objects reached by the current opcode
  std::vector<char> seen_;                // per heap object, while reaching
  std::vector<LockSnapshot> locks_before_;
  std::size_t heap_before_ = 0;
  std::vector<LockAccess> pending_locks_;
};

}  // namespace gilrace
