#include "explorer/runtime/fiber_runtime.hpp"

#include <boost/context/fixedsize_stack.hpp>

#include "explorer/program/machine_values.hpp"

namespace gilrace {
namespace ctx = boost::context;

namespace {
// Opcode semantics need little stack; sanitizer builds need more.
constexpr std::size_t kFiberStackBytes = 256 * 1024;
}  // namespace

FiberRuntime::FiberRuntime(const Program& program, const InterpreterModel& model)
    : program_(program), model_(model), initial_(initial_machine(program)), machine_(initial_) {
  fibers_.reserve(machine_.threads.size());
  for (std::uint32_t t = 0; t < machine_.threads.size(); ++t) {
    fibers_.emplace_back(std::allocator_arg, ctx::fixedsize_stack(kFiberStackBytes),
                         [this, t](ctx::fiber&& scheduler) {
                           for (;;) {
                             run_segment(t);
                             scheduler = std::move(scheduler).resume();
                           }
                           return std::move(scheduler);
                         });
  }
}

FiberRuntime::~FiberRuntime() = default;  // unwinds each suspended fiber's stack

void FiberRuntime::run_segment(std::uint32_t thread) {
  // Only std::exception is caught: Boost.Context unwinds a fiber being
  // destroyed with its own exception type, which must pass through.
  try {
    const Function& function = program_.functions[machine_.threads[thread].function];
    for (;;) {
      const std::uint32_t pc = machine_.threads[thread].pc;
      const Instruction& in = function.code[pc];
      if (log_) {
        log_->push_back({thread, pc, in.opcode, in.operand_text, {}});
        execute_instruction(program_, machine_, thread, &log_->back().effect);
      } else {
        execute_instruction(program_, machine_, thread, nullptr);
      }
      ++segment_length_;
      if (machine_.threads[thread].status != ThreadStatus::Runnable) return;
      if (model_.switch_after(in)) return;
      if (is_blocked(program_, machine_, thread)) return;  // waiting is always a switch point
    }
  } catch (const std::exception&) {
    error_ = std::current_exception();
  }
}

std::uint32_t FiberRuntime::step(std::uint32_t thread, std::vector<StepRecord>* log) {
  log_ = log;
  segment_length_ = 0;
  fibers_[thread] = std::move(fibers_[thread]).resume();
  log_ = nullptr;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  opcodes_executed_ += segment_length_;
  return segment_length_;
}

}  // namespace gilrace
