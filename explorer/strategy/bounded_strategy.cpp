#include "explorer/strategy/bounded_strategy.hpp"

#include "explorer/strategy/search_budget.hpp"

namespace gilrace {
namespace {

class BoundedStrategy : public Strategy {
 public:
  std::string name() const override { return "bounded"; }

  Exploration explore(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) override {
    return iterate_context_bounds(runtime, limits, limits.preemption_bound, progress,
                                  deadline_after(limits.time_limit_seconds), name());
  }
};

}  // namespace

Exploration iterate_context_bounds(FiberRuntime& runtime, const ExplorationLimits& limits, std::uint32_t max_bound,
                                   const ProgressSink& progress, std::chrono::steady_clock::time_point deadline,
                                   const std::string& strategy_name, const BetweenBounds& between_bounds) {
  std::optional<Exploration> best;
  std::string stopped_by;
  for (std::uint32_t k = 0;; ++k) {
    ExplorationLimits at_k = limits;
    at_k.preemption_bound = k;
    GraphSearchResult result = search_state_graph(runtime, at_k, progress, deadline);
    if (result.budget_exceeded && !best) {  // not even bound 0 finished: what it covered is all there is
      result.exploration.strategy = strategy_name;
      mark_partial(result.exploration, result.exploration.limit_message);
      return std::move(result.exploration);
    }
    if (result.budget_exceeded) {
      stopped_by = result.exploration.limit_message;
      break;
    }
    best = std::move(result.exploration);
    best->strategy = strategy_name;
    if (best->complete) {  // nothing was cut off: every interleaving is counted
      best->preemption_bound = max_bound;
      return std::move(*best);
    }
    best->bound = bound_text(k);
    if (k >= max_bound) return std::move(*best);
    if (between_bounds)
      if (std::optional<Exploration> instead = between_bounds(*best)) return std::move(*instead);
  }
  best->bound += "; a larger bound hit " + stopped_by;
  best->limit_hit = true;
  best->limit_message = stopped_by;
  return std::move(*best);
}

std::unique_ptr<Strategy> make_bounded_strategy() { return std::make_unique<BoundedStrategy>(); }

}  // namespace gilrace
