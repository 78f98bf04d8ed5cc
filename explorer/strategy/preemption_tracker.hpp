// Counts preemptions along a concrete schedule: choosing another thread
// while the one that ran last could still run. The first choice, and any
// choice after the last thread finished or blocked, is free.
#pragma once
#include <cstdint>

#include "explorer/runtime/fiber_runtime.hpp"

namespace gilrace {

class PreemptionTracker {
 public:
  // True when the thread that ran last can run now (so leaving it preempts).
  bool last_can_run(const FiberRuntime& runtime) const { return has_last_ && runtime.runnable(last_); }
  std::uint32_t last() const { return last_; }

  // Call before stepping `thread`, with the runtime in the state it is chosen in.
  void choose(const FiberRuntime& runtime, std::uint32_t thread) {
    if (last_can_run(runtime) && thread != last_) ++preemptions_;
    last_ = thread;
  }
  // Call after the step: a thread that has finished leaves the next choice free.
  void stepped(const FiberRuntime& runtime) { has_last_ = !runtime.done(last_); }

  std::uint32_t preemptions() const { return preemptions_; }

 private:
  bool has_last_ = false;
  std::uint32_t last_ = 0;
  std::uint32_t preemptions_ = 0;
};

}  // namespace gilrace
