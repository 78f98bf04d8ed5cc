#include "explorer/strategy/parallel_expansion.hpp"

#include <algorithm>

#include "explorer/runtime/fiber_runtime.hpp"

namespace gilrace {

ExpansionPool::ExpansionPool(const Program& program, const InterpreterModel& model, std::uint32_t preemption_bound,
                             std::uint32_t helpers)
    : program_(program), model_(model), bound_(preemption_bound) {
  threads_.reserve(helpers);
  try {
    for (std::uint32_t h = 0; h < helpers; ++h) threads_.emplace_back([this] { helper_main(); });
  } catch (...) {
    stop();  // the threads already started
    throw;
  }
}

ExpansionPool::~ExpansionPool() { stop(); }

void ExpansionPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    ticket_.store(~0ull);  // matches no batch: a helper in the middle of one takes no further slice
  }
  wake_helpers_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
}

void ExpansionPool::expand(std::uint32_t count, std::uint32_t batch_size, NodeExpander& caller,
                           const PrepareBatch& prepare, const ApplyBatch& apply) {
  batch_size = std::max<std::uint32_t>(batch_size, 1);
  const auto batch_of = [&](std::uint32_t b) -> ExpansionBatch& { return batches_[b % 2]; };
  const auto fill = [&](std::uint32_t b) {
    const std::uint32_t begin = b * batch_size;
    prepare(batch_of(b), begin, std::min(count, begin + batch_size));
    // Slices small enough that the threads finish a batch close together.
    batch_of(b).slice_size = std::clamp<std::uint32_t>(batch_size / (8 * (threads_.size() + 1)), 1, 64);
  };
  const std::uint32_t batches = (count + batch_size - 1) / batch_size;
  if (batches == 0) return;
  fill(0);
  start(batch_of(0));
  finish(batch_of(0), caller);
  for (std::uint32_t b = 0; b < batches; ++b) {
    const bool next = b + 1 < batches;
    if (next) {
      fill(b + 1);
      start(batch_of(b + 1));
    }
    bool go_on;
    try {
      go_on = apply(batch_of(b));
    } catch (...) {
      if (next) finish(batch_of(b + 1), caller);  // no helper may still be reading it
      throw;
    }
    if (next) finish(batch_of(b + 1), caller);
    if (!go_on) return;
  }
}

void ExpansionPool::start(ExpansionBatch& batch) {
  batch.slices.resize(batch.slice_count());
  {
    std::lock_guard lock(mutex_);
    batch_ = &batch;
    slice_count_ = batch.slice_count();
    ++generation_;
    slices_done_.store(0);
    ticket_.store(generation_ << 32);
  }
  wake_helpers_.notify_all();
}

void ExpansionPool::finish(ExpansionBatch& batch, NodeExpander& caller) {
  std::uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
  }
  try {
    take_slices(generation, batch.slice_count(), batch, caller);
  } catch (...) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  batch_done_.wait(lock, [&] { return slices_done_.load() == batch.slice_count(); });
  batch_ = nullptr;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

// Touches `batch` only after taking one of its slices: until that slice is
// done the batch cannot be finished, and so not refilled.
void ExpansionPool::take_slices(std::uint64_t generation, std::uint32_t count, ExpansionBatch& batch,
                                NodeExpander& expander) {
  std::uint64_t ticket = ticket_.load();
  for (;;) {
    if ((ticket >> 32) != generation || static_cast<std::uint32_t>(ticket) >= count) return;
    if (!ticket_.compare_exchange_weak(ticket, ticket + 1)) continue;
    const auto slice = static_cast<std::uint32_t>(ticket);
    Expansions& out = batch.slices[slice];
    out.clear();
    const std::size_t begin = std::size_t(slice) * batch.slice_size;
    const std::size_t end = std::min(batch.nodes.size(), begin + batch.slice_size);
    // A slice that failed still counts as done, so the caller never waits
    // for it; the error ends the search.
    try {
      for (std::size_t i = begin; i < end; ++i) expander.expand(batch.nodes[i], out);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
    if (slices_done_.fetch_add(1) + 1 == count) {
      std::lock_guard lock(mutex_);
      batch_done_.notify_all();
    }
    ticket = ticket_.load();
  }
}

void ExpansionPool::helper_main() {
  std::unique_ptr<FiberRuntime> runtime;
  std::unique_ptr<NodeExpander> expander;
  try {
    runtime = std::make_unique<FiberRuntime>(program_, model_);
    expander = std::make_unique<NodeExpander>(*runtime, bound_);
  } catch (...) {
    // Without a runtime this helper takes no slices; the caller does its share.
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
    return;
  }
  std::uint64_t seen = 0;
  for (;;) {
    ExpansionBatch* batch;
    std::uint64_t generation;
    std::uint32_t count;
    {
      std::unique_lock lock(mutex_);
      wake_helpers_.wait(lock, [&] { return stopping_ || (generation_ != seen && batch_); });
      if (stopping_) break;
      seen = generation = generation_;
      batch = batch_;
      count = slice_count_;
    }
    take_slices(generation, count, *batch, *expander);
  }
  expander.reset();
  runtime.reset();  // on the thread that made its fibers
}

}  // namespace gilrace
