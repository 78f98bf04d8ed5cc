#include "explorer/runtime/fiber_runtime.hpp"

#include <boost/context/fixedsize_stack.hpp>
#include <stdexcept>

#include "explorer/program/machine_values.hpp"

namespace gilrace {
namespace ctx = boost::context;

namespace {

// Opcode semantics need little stack; sanitizer builds need more.
constexpr std::size_t kFiberStackBytes = std::size_t{256} * 1024;

// A fixed-size stack that reports where it is (for the sanitizer).
class RecordedStack {
 public:
  explicit RecordedStack(StackBounds* bounds) : bounds_(bounds) {}
  ctx::stack_context allocate() {
    ctx::stack_context stack = inner_.allocate();
    *bounds_ = {static_cast<char*>(stack.sp) - stack.size, stack.size};
    return stack;
  }
  void deallocate(ctx::stack_context& stack) noexcept { inner_.deallocate(stack); }

 private:
  ctx::fixedsize_stack inner_{kFiberStackBytes};
  StackBounds* bounds_;
};

}  // namespace

FiberRuntime::FiberRuntime(const Program& program, const InterpreterModel& model)
    : program_(program), model_(model), initial_(initial_machine(program)), machine_(initial_) {
  for (const HeapObject& object : initial_.heap)
    can_block_ = can_block_ || object.kind == HeapObject::Kind::Lock || object.kind == HeapObject::Kind::RLock;
  const std::size_t count = machine_.threads.size();
  fibers_.reserve(count);
  fiber_stacks_.resize(count);
  for (std::uint32_t t = 0; t < count; ++t) {
    fibers_.emplace_back(std::allocator_arg, RecordedStack(&fiber_stacks_[t]),
                         [this, t](ctx::fiber&& scheduler) { return fiber_body(t, std::move(scheduler)); });
  }
}

// Each fiber is resumed once more to return from its loop, so no fiber
// stack is ever unwound by an exception.
FiberRuntime::~FiberRuntime() {
  stopping_ = true;
  for (std::uint32_t t = 0; t < fibers_.size(); ++t) {
    if (!fibers_[t]) continue;
    void* fake_stack = nullptr;
    before_stack_switch(&fake_stack, fiber_stacks_[t]);
    fibers_[t] = std::move(fibers_[t]).resume();
    after_stack_switch(fake_stack, nullptr);
  }
}

ctx::fiber FiberRuntime::fiber_body(std::uint32_t thread, ctx::fiber&& scheduler) {
  after_stack_switch(nullptr, &scheduler_stack_);
  while (!stopping_) {
    run_segment(thread);
    void* fake_stack = nullptr;
    before_stack_switch(&fake_stack, scheduler_stack_);
    scheduler = std::move(scheduler).resume();
    after_stack_switch(fake_stack, &scheduler_stack_);
  }
  before_stack_switch(nullptr, scheduler_stack_);  // this stack is about to be freed
  return std::move(scheduler);
}

void FiberRuntime::run_segment(std::uint32_t thread) {
  // No exception may leave a fiber: an error is carried to step(), which
  // rethrows it on the scheduler's stack.
  try {
    const ThreadState& state = machine_.threads[thread];
    for (;;) {
      const std::uint32_t pc = state.pc;
      const Instruction& in = program_.functions[state.function].code[pc];
      StepFacts facts;
      if (recorder_) recorder_->before(machine_, thread, in);
      if (log_) {
        // Steps in a called function name it; the thread's own need not.
        log_->push_back({thread, pc, in.opcode, in.operand_text, {},
                         state.depth > 0 ? program_.functions[state.function].name : std::string()});
        facts = execute_instruction(program_, machine_, thread, &log_->back().effect);
      } else {
        facts = execute_instruction(program_, machine_, thread, nullptr);
      }
      if (recorder_) recorder_->after(machine_, in);
      ++segment_length_;
      if (state.status != ThreadStatus::Runnable) return;
      const Function& now = program_.functions[state.function];  // a call or return changes it
      if (model_.switch_after(in, state.pc < now.code.size() ? &now.code[state.pc] : nullptr, facts)) return;
      if (can_block_) {
        // Whether the step goes on depends on the lock the next opcode takes.
        if (recorder_) recorder_->observe_lock(lock_acquired_next(program_, machine_, thread));
        if (is_blocked(program_, machine_, thread)) return;  // waiting is always a switch point
      }
    }
  } catch (const std::exception&) {
    error_ = std::current_exception();
  }
}

std::uint32_t FiberRuntime::step(std::uint32_t thread, std::vector<StepRecord>* log, StepFootprint* footprint) {
  log_ = log;
  if (footprint) {
    if (!footprints_) footprints_ = std::make_unique<FootprintRecorder>(program_);
    recorder_ = footprints_.get();
    recorder_->start(*footprint);
  }
  segment_length_ = 0;
  if (machine_.threads[thread].status != ThreadStatus::Runnable)
    throw std::logic_error("step of a thread that has finished");
  void* fake_stack = nullptr;
  before_stack_switch(&fake_stack, fiber_stacks_[thread]);
  fibers_[thread] = std::move(fibers_[thread]).resume();
  after_stack_switch(fake_stack, nullptr);
  log_ = nullptr;
  if (recorder_) {
    recorder_->finish();
    recorder_ = nullptr;
  }
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  opcodes_executed_ += segment_length_;
  return segment_length_;
}

}  // namespace gilrace
