// `pct`: Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of
// Finding Bugs", ASPLOS 2010). In each run the n threads get the distinct
// priorities d, d+1, ..., d+n-1 in a random order, d-1 change points are
// drawn among the scheduling steps 1..k, and the highest-priority runnable
// thread always runs. After the i-th change point's step, the thread that
// ran it drops to priority i, below every initial priority. A bug of depth
// d (one that needs d ordering constraints) is found in each run with
// probability at least 1/(n * k^(d-1)) when runs take at most k steps.
#include <algorithm>
#include <memory>

#include "explorer/strategy/walk_sampler.hpp"

namespace gilrace {
namespace {

// k: the scheduling steps of the run that takes the lowest-numbered runnable
// thread each time (T1 to its end, then T2, ...: a PCT run without change
// points). Measured once, so every run depends only on the seed and its
// index; in scenarios whose threads run a fixed number of steps, every run
// has this length.
std::uint64_t serial_run_steps(FiberRuntime& runtime) {
  runtime.reset();
  std::uint64_t steps = 0;
  for (;;) {
    std::uint32_t t = 0;
    while (t < runtime.thread_count() && !runtime.runnable(t)) ++t;
    if (t == runtime.thread_count()) break;
    runtime.step(t);
    ++steps;
  }
  return std::max<std::uint64_t>(steps, 1);
}

class PriorityScheduler : public WalkScheduler {
 public:
  PriorityScheduler(std::uint32_t depth, std::uint64_t steps) : depth_(depth), steps_(steps) {}

  void begin_walk(std::uint32_t threads, SeededRandom& random) override {
    // A random permutation of d .. d+n-1 (Fisher-Yates).
    priority_.resize(threads);
    for (std::uint32_t t = 0; t < threads; ++t) priority_[t] = depth_ + t;
    for (std::uint32_t i = threads; i > 1; --i) std::swap(priority_[i - 1], priority_[random.below(i)]);
    // d-1 distinct change points in 1..k; distinct points only raise the
    // chance of hitting any given set of steps, so the bound still holds.
    change_points_.clear();
    const std::uint64_t wanted = std::min<std::uint64_t>(depth_ - 1, steps_);
    while (change_points_.size() < wanted) {
      const std::uint64_t step = 1 + random.below(steps_);
      if (std::find(change_points_.begin(), change_points_.end(), step) == change_points_.end())
        change_points_.push_back(step);
    }
    taken_ = 0;
  }

  std::uint32_t choose(const std::vector<std::uint32_t>& runnable, SeededRandom&) override {
    // The step just taken may be a change point: its thread drops to priority i.
    for (std::size_t i = 0; i < change_points_.size(); ++i)
      if (change_points_[i] == taken_) priority_[last_] = static_cast<std::uint32_t>(i + 1);
    last_ = *std::max_element(runnable.begin(), runnable.end(),
                              [this](std::uint32_t a, std::uint32_t b) { return priority_[a] < priority_[b]; });
    ++taken_;
    return last_;
  }

 private:
  std::uint32_t depth_;
  std::uint64_t steps_;
  std::vector<std::uint32_t> priority_;       // per thread; higher runs first
  std::vector<std::uint64_t> change_points_;  // the i-th (from 0) lowers to priority i + 1
  std::uint64_t taken_ = 0;                   // scheduling steps taken in this run
  std::uint32_t last_ = 0;
};

class PctStrategy : public Strategy {
 public:
  std::string name() const override { return "pct"; }

  Exploration explore(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) override {
    const std::uint32_t depth = std::max<std::uint32_t>(limits.sampling.pct_depth, 1);
    const std::uint64_t steps = serial_run_steps(runtime);
    PriorityScheduler scheduler(depth, steps);
    WalkPlan plan;
    plan.strategy = name();
    plan.noun = "PCT run";
    plan.qualifier = " of depth " + std::to_string(depth);
    plan.pct_depth = depth;
    plan.pct_steps = steps;
    return sample_walks(runtime, limits, progress, scheduler, plan);
  }
};

}  // namespace

std::optional<EarlyFinding> probe_for_unexpected(FiberRuntime& runtime, const ExplorationLimits& limits,
                                                 std::chrono::steady_clock::time_point began) {
  // Sized in opcodes, not seconds, so that whether the probe finds
  // something does not depend on the machine's speed or load.
  constexpr std::uint32_t kDepth = 2, kRuns = 64;
  constexpr std::uint64_t kOpcodes = 1'000'000;
  const std::uint64_t steps = serial_run_steps(runtime);
  ExplorationLimits probe = limits;
  probe.sampling.runs = std::clamp<std::uint64_t>(kOpcodes / std::max<std::uint64_t>(steps, 1), 1, kRuns);
  probe.sampling.pct_depth = kDepth;
  probe.witnesses = 1;
  probe.time_limit_seconds = limits.time_limit_seconds / 10;  // 0 (none) when there is no time limit
  PriorityScheduler scheduler(kDepth, steps);
  WalkPlan plan;
  plan.strategy = "pct";
  plan.noun = "PCT run";
  plan.stop_at_unexpected = true;
  const Exploration sample = sample_walks(runtime, probe, {}, scheduler, plan);
  for (const OutcomeResult& o : sample.outcomes) {
    if (o.outcome.expected || o.witnesses.empty()) continue;
    const double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    return EarlyFinding{after, "PCT run " + sample.total.str() + " of depth " + std::to_string(kDepth), o.outcome,
                        o.witnesses.front()};
  }
  return std::nullopt;
}

std::unique_ptr<Strategy> make_pct_strategy() { return std::make_unique<PctStrategy>(); }

}  // namespace gilrace
