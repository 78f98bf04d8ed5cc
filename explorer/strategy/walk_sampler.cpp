#include "explorer/strategy/walk_sampler.hpp"

#include <algorithm>

#include "explorer/runtime/outcome_cache.hpp"
#include "explorer/strategy/preemption_tracker.hpp"
#include "explorer/strategy/search_budget.hpp"

namespace gilrace {
namespace {

class WalkSampler {
 public:
  WalkSampler(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress,
              WalkScheduler& scheduler, const WalkPlan& plan)
      : runtime_(runtime),
        limits_(limits),
        progress_(progress),
        scheduler_(scheduler),
        plan_(plan),
        budget_(limits),
        outcomes_(runtime.program()) {}

  Exploration run() {
    const auto started = std::chrono::steady_clock::now();
    const std::uint64_t opcodes_at_start = runtime_.opcodes_executed();
    const std::uint64_t requested = limits_.sampling.runs;
    while (made_ < requested) {
      if (!walk(made_)) break;  // a limit cut this walk short: it is not counted
      const bool expected = tally();
      ++made_;
      if (plan_.stop_at_unexpected && !expected) break;
      if (made_ < requested && !budget_.holds()) break;
      report_progress();
    }

    Exploration& e = result_;
    for (std::size_t i = 0; i < walk_counts_.size(); ++i) e.outcomes[i].count = walk_counts_[i];
    e.strategy = plan_.strategy;
    e.total = made_;
    e.states = switch_points_;
    e.opcodes = runtime_.opcodes_executed() - opcodes_at_start;
    e.complete = false;  // even a sample that met every interleaving cannot know it did
    e.bound = (made_ < requested ? std::to_string(made_) + " of " : "") + std::to_string(requested) + " " +
              plan_.noun + (requested == 1 ? "" : "s") + plan_.qualifier + " (a sample, not every interleaving)";
    if (budget_.exceeded()) {
      e.bound += "; " + budget_.exceeded_by() + " stopped the rest";
      e.limit_hit = true;
      e.partial = true;
      e.limit_message = budget_.exceeded_by();
    }
    e.sample = SampleInfo{made_, requested, limits_.sampling.seed, plan_.pct_depth, plan_.pct_steps};
    sort_outcomes(e.outcomes);
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(result_);
  }

 private:
  // One walk from the initial state to its end; false when the time limit stopped it.
  bool walk(std::uint64_t index) {
    SeededRandom random(limits_.sampling.seed, index);
    runtime_.reset();
    scheduler_.begin_walk(runtime_.thread_count(), random);
    tracker_ = PreemptionTracker{};
    schedule_.clear();
    for (;;) {
      runnable_.clear();
      for (std::uint32_t t = 0; t < runtime_.thread_count(); ++t)
        if (runtime_.runnable(t)) runnable_.push_back(t);
      if (runnable_.empty()) return true;
      const std::uint32_t t = scheduler_.choose(runnable_, random);
      tracker_.choose(runtime_, t);
      runtime_.step(t);
      tracker_.stepped(runtime_);
      schedule_.push_back(t);
      // A walk of a spinning thread can take 10^5 switch points and more.
      if ((++switch_points_ & 0xffff) == 0) {
        if (!budget_.holds()) return false;
        report_progress();
      }
    }
  }

  // Counts the walk just made; returns whether its outcome is expected.
  bool tally() {
    const std::size_t index = outcomes_.index_of(runtime_.machine());
    if (index == result_.outcomes.size()) {
      result_.outcomes.push_back({outcomes_.outcome(index), 0, kUnbounded, {}});
      walk_counts_.push_back(0);
    }
    OutcomeResult& r = result_.outcomes[index];
    ++walk_counts_[index];
    // Keep the first distinct schedules drawn with the fewest preemptions.
    offer_witness(r, schedule_, tracker_.preemptions(), limits_.witnesses);
    return r.outcome.expected;
  }

  void report_progress() {
    if (!progress_) return;
    Progress p;
    p.states = switch_points_;
    p.opcodes = runtime_.opcodes_executed();
    p.covered = std::to_string(made_);
    p.depth = schedule_.size();
    p.phase = plan_.strategy;
    p.runs = limits_.sampling.runs;
    progress_(p);
  }

  FiberRuntime& runtime_;
  const ExplorationLimits& limits_;
  const ProgressSink& progress_;
  WalkScheduler& scheduler_;
  const WalkPlan& plan_;
  SearchBudget budget_;
  OutcomeCache outcomes_;
  Exploration result_;
  std::vector<std::uint64_t> walk_counts_;  // per outcome; made big at the end
  std::vector<std::uint32_t> runnable_;
  Schedule schedule_;
  PreemptionTracker tracker_;
  std::uint64_t made_ = 0;
  std::uint64_t switch_points_ = 0;
};

}  // namespace

Exploration sample_walks(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress,
                         WalkScheduler& scheduler, const WalkPlan& plan) {
  return WalkSampler(runtime, limits, progress, scheduler, plan).run();
}

}  // namespace gilrace
