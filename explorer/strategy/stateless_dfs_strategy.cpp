// (c) Plain stateless depth-first search over schedules: no state caching,
// no symmetry, no reduction. Every leaf is one interleaving, so it is the
// reference the stateful strategies are checked against. It saves the
// machine at each depth and loads it back for the next sibling. A time,
// memory or depth limit stops it with the outcomes and counts so far.
#include <algorithm>
#include <memory>

#include "explorer/runtime/outcome_cache.hpp"
#include "explorer/strategy/deep_stack.hpp"
#include "explorer/strategy/search_budget.hpp"

namespace gilrace {
namespace {

class StatelessDfs {
 public:
  StatelessDfs(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress)
      : runtime_(runtime),
        limits_(limits),
        progress_(progress),
        budget_(limits),
        outcomes_(runtime.program()) {}

  Exploration run() {
    const auto started = std::chrono::steady_clock::now();
    runtime_.reset();
    opcodes_at_start_ = runtime_.opcodes_executed();
    if (limits_.switch_probability) path_mass_.emplace_back(1);
    run_on_deep_stack([this] { visit(0, false, 0, 0); });
    Exploration& e = result_;
    for (std::size_t i = 0; i < leaf_counts_.size(); ++i) e.outcomes[i].count = leaf_counts_[i];
    e.total = leaves_;
    e.strategy = "dfs";
    e.states = visited_;
    e.opcodes = runtime_.opcodes_executed() - opcodes_at_start_;
    e.preemption_bound = limits_.preemption_bound;
    e.complete = !pruned_;
    if (limits_.switch_probability) {
      e.switch_probability = limits_.switch_probability;
      e.neglected_probability = 1;
      for (std::size_t i = 0; i < e.outcomes.size(); ++i) {
        e.outcomes[i].probability = leaf_mass_[i];
        e.neglected_probability -= leaf_mass_[i];
      }
    }
    if (pruned_) e.bound = bound_text(limits_.preemption_bound);
    if (!stopped_by_.empty()) mark_partial(e, stopped_by_);
    sort_outcomes(e.outcomes);
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(result_);
  }

 private:
  void visit(std::size_t depth, bool has_last, std::uint32_t last, std::uint32_t preemptions) {
    if ((++visited_ & 0xff) == 0) check_budget();
    if (depth >= kMaxSearchDepth && stopped_by_.empty())
      stopped_by_ = depth_limit_text();
    if (!stopped_by_.empty()) return;
    if (levels_.size() <= depth) levels_.push_back(std::make_unique<Level>());
    Level& level = *levels_[depth];
    level.runnable.clear();
    const std::uint32_t n = runtime_.thread_count();
    for (std::uint32_t t = 0; t < n; ++t)
      if (runtime_.runnable(t)) level.runnable.push_back(t);
    if (level.runnable.empty()) return leaf(preemptions);
    const bool last_valid = has_last && runtime_.runnable(last);
    const bool bounded = limits_.preemption_bound != kUnbounded;
    bool saved = false;
    // Only the children before the last one need the state restored after them.
    for (std::size_t i = 0; i < level.runnable.size(); ++i) {
      const std::uint32_t t = level.runnable[i];
      const std::uint32_t cost = (last_valid && t != last) ? 1 : 0;
      if (bounded && preemptions + cost > limits_.preemption_bound) {
        pruned_ = true;
        continue;
      }
      if (saved) runtime_.load(level.saved);
      else if (i + 1 < level.runnable.size()) level.saved.copy_from(runtime_.machine()), saved = true;
      runtime_.step(t);
      schedule_.push_back(t);
      if (limits_.switch_probability) {
        const auto runnable = static_cast<std::uint32_t>(level.runnable.size());
        path_mass_.push_back(path_mass_.back() * choice_probability(*limits_.switch_probability, runnable, last_valid,
                                                                    last_valid && t == last, 1));
      }
      visit(depth + 1, !runtime_.done(t), t, preemptions + cost);
      if (limits_.switch_probability) path_mass_.pop_back();
      schedule_.pop_back();
      if (!stopped_by_.empty()) return;
    }
  }

  void leaf(std::uint32_t preemptions) {
    const std::size_t index = outcomes_.index_of(runtime_.machine());
    if (index == result_.outcomes.size()) {
      result_.outcomes.push_back({outcomes_.outcome(index), 0, kUnbounded, {}});
      leaf_counts_.push_back(0);
      leaf_mass_.emplace_back(0);
    }
    if (limits_.switch_probability) leaf_mass_[index] += path_mass_.back();
    OutcomeResult& r = result_.outcomes[index];
    ++leaf_counts_[index];  // 2^64 leaves would take centuries
    ++leaves_;
    offer_witness(r, schedule_, preemptions, limits_.witnesses);
  }

  void check_budget() {
    if (!budget_.holds()) stopped_by_ = budget_.exceeded_by();
    if (progress_ && (visited_ & 0x3fff) == 0) {
      Progress p;
      p.states = visited_;
      p.opcodes = runtime_.opcodes_executed();
      p.covered = std::to_string(leaves_);
      p.bound = limits_.preemption_bound;
      p.phase = "dfs";
      p.depth = schedule_.size();
      progress_(p);
    }
  }

  FiberRuntime& runtime_;
  const ExplorationLimits& limits_;
  const ProgressSink& progress_;
  SearchBudget budget_;
  std::string stopped_by_;  // the limit that stopped the search, once one has
  Exploration result_;
  struct Level {
    std::vector<std::uint32_t> runnable;
    Machine saved;
  };
  OutcomeCache outcomes_;
  std::vector<std::unique_ptr<Level>> levels_;  // boxed: growing the vector keeps each Level in place
  std::vector<std::uint64_t> leaf_counts_;       // per outcome; added to the big counts at the end
  std::vector<BigRational> leaf_mass_;           // --switch-prob: per outcome
  std::vector<BigRational> path_mass_;           // --switch-prob: the probability of the path to each depth
  std::uint64_t leaves_ = 0;
  std::uint64_t opcodes_at_start_ = 0;
  Schedule schedule_;
  std::uint64_t visited_ = 0;
  bool pruned_ = false;
};

class StatelessDfsStrategy : public Strategy {
 public:
  std::string name() const override { return "dfs"; }
  Exploration explore(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) override {
    return StatelessDfs(runtime, limits, progress).run();
  }
};

}  // namespace

std::unique_ptr<Strategy> make_stateless_dfs_strategy() { return std::make_unique<StatelessDfsStrategy>(); }

}  // namespace gilrace
