// Runs each simulated thread as a Boost.Context fiber over its frame in the
// current Machine. A fiber keeps nothing of its own across a switch: it
// reads pc, locals and stack from the Machine each time it is resumed, so
// loading another Machine (a saved state) restarts every fiber from that
// state's frames.
#pragma once
#include <cstdint>
#include <exception>
#include <memory>
#include <vector>

#include <boost/context/fiber.hpp>

#include "explorer/program/machine.hpp"
#include "explorer/runtime/sanitizer_fibers.hpp"
#include "explorer/runtime/step_footprint.hpp"
#include "explorer/program/program.hpp"
#include "models/interpreter_model.hpp"
#include "models/opcode_semantics.hpp"

namespace gilrace {

// One executed opcode, as traces record it.
struct StepRecord {
  std::uint32_t thread = 0;
  std::uint32_t pc = 0;
  Opcode opcode = Opcode::NOP;
  std::string arg;
  StepEffect effect;
  std::string function;  // the called function the step ran in; empty in the thread's own
};

class FiberRuntime {
 public:
  FiberRuntime(const Program& program, const InterpreterModel& model);
  ~FiberRuntime();
  FiberRuntime(const FiberRuntime&) = delete;
  FiberRuntime& operator=(const FiberRuntime&) = delete;

  const Program& program() const { return program_; }
  const InterpreterModel& model() const { return model_; }
  const Machine& initial() const { return initial_; }
  Machine& machine() { return machine_; }
  const Machine& machine() const { return machine_; }

  void reset() { machine_.copy_from(initial_); }
  void load(const Machine& state) { machine_.copy_from(state); }

  std::uint32_t thread_count() const { return static_cast<std::uint32_t>(machine_.threads.size()); }
  // Without locks nothing blocks, and a thread can run until it ends.
  bool runnable(std::uint32_t thread) const {
    return can_block_ ? is_runnable(program_, machine_, thread)
                      : machine_.threads[thread].status == ThreadStatus::Runnable;
  }
  bool done(std::uint32_t thread) const { return machine_.threads[thread].status != ThreadStatus::Runnable; }

  // Resumes `thread`'s fiber, which executes opcodes until the model's next
  // switch point (or until the thread ends or would block). Returns how many
  // opcodes ran; appends one record per opcode to `log` when given, and
  // records what the step touched in `footprint` when given.
  std::uint32_t step(std::uint32_t thread, std::vector<StepRecord>* log = nullptr, StepFootprint* footprint = nullptr);

  std::uint64_t opcodes_executed() const { return opcodes_executed_; }

 private:
  void run_segment(std::uint32_t thread);
  boost::context::fiber fiber_body(std::uint32_t thread, boost::context::fiber&& scheduler);

  const Program& program_;
  const InterpreterModel& model_;
  Machine initial_;
  Machine machine_;
  std::vector<boost::context::fiber> fibers_;
  std::vector<StackBounds> fiber_stacks_;
  StackBounds scheduler_stack_;  // learned when a fiber first starts
  bool stopping_ = false;        // fibers return instead of waiting for the next step
  bool can_block_ = false;       // the scenario has a lock
  std::vector<StepRecord>* log_ = nullptr;
  FootprintRecorder* recorder_ = nullptr;  // during a step that records its footprint
  std::unique_ptr<FootprintRecorder> footprints_;  // made on the first such step
  std::uint32_t segment_length_ = 0;
  std::uint64_t opcodes_executed_ = 0;
  std::exception_ptr error_;
};

}  // namespace gilrace
