// Helper threads for the graph search's first half of expansion
// (node_expansion.hpp). A batch of states of one depth is cut into slices;
// the helpers and the calling thread take slices one at a time, each
// filling that slice's own Expansions, so the results come out in the
// batch's order whoever computed them. Each helper owns a FiberRuntime of
// its own, made and destroyed on its thread (a fiber stays on the thread
// that created it). The threads live as long as the pool, so a search
// starts them once, not once per depth.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "explorer/strategy/node_expansion.hpp"

namespace gilrace {

struct ExpansionBatch {
  std::vector<NodeToExpand> nodes;
  std::vector<EntrySummary> entries;  // what nodes[i].entries point into
  std::uint32_t slice_size = 64;
  std::vector<Expansions> slices;     // slice s expands nodes [s * slice_size, (s + 1) * slice_size)

  std::uint32_t slice_count() const {
    return static_cast<std::uint32_t>((nodes.size() + slice_size - 1) / slice_size);
  }
};

class ExpansionPool {
 public:
  // `helpers` threads, each with a runtime over `program` under `model`.
  ExpansionPool(const Program& program, const InterpreterModel& model, std::uint32_t preemption_bound,
                std::uint32_t helpers);
  ~ExpansionPool();
  ExpansionPool(const ExpansionPool&) = delete;
  ExpansionPool& operator=(const ExpansionPool&) = delete;

  // Expands states [0, count) of one depth, `batch_size` at a time:
  // `prepare(batch, begin, end)` fills a batch on the calling thread, the
  // helpers and the caller expand it, and `apply(batch)` takes the results
  // on the calling thread while the helpers already expand the next batch.
  // Stops after the first batch whose `apply` returns false.
  using PrepareBatch = std::function<void(ExpansionBatch&, std::uint32_t begin, std::uint32_t end)>;
  using ApplyBatch = std::function<bool(ExpansionBatch&)>;
  void expand(std::uint32_t count, std::uint32_t batch_size, NodeExpander& caller, const PrepareBatch& prepare,
              const ApplyBatch& apply);

  // The helpers start on `batch` (whose slices must already be sized);
  // the previous batch must have been finished.
  void start(ExpansionBatch& batch);
  // The caller expands the slices no helper has taken, with `caller`, then
  // waits for the others. Rethrows an error a helper met.
  void finish(ExpansionBatch& batch, NodeExpander& caller);

 private:
  void helper_main();
  ExpansionBatch batches_[2];  // one being applied while the other is expanded
  void stop();
  void take_slices(std::uint64_t generation, std::uint32_t count, ExpansionBatch& batch, NodeExpander& expander);

  const Program& program_;
  const InterpreterModel& model_;
  std::uint32_t bound_;

  std::mutex mutex_;
  std::condition_variable wake_helpers_;
  std::condition_variable batch_done_;
  ExpansionBatch* batch_ = nullptr;
  std::uint64_t generation_ = 0;  // counts batches; helpers compare it to see a new one
  std::uint32_t slice_count_ = 0;  // of the current batch
  bool stopping_ = false;
  std::exception_ptr error_;
  // The next slice to take, tagged with its batch's generation (high half),
  // so a helper still in an old batch cannot take a slice of a new one.
  std::atomic<std::uint64_t> ticket_{0};
  std::atomic<std::uint32_t> slices_done_{0};
  std::vector<std::thread> threads_;
};

}  // namespace gilrace
