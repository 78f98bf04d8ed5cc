// (a) Exhaustive stateful search: every interleaving, exact counts.
#include "explorer/strategy/search_budget.hpp"
#include "explorer/strategy/state_graph_search.hpp"

namespace gilrace {
namespace {

class ExhaustiveStrategy : public Strategy {
 public:
  std::string name() const override { return "exhaustive"; }

  Exploration explore(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) override {
    ExplorationLimits unbounded = limits;
    unbounded.preemption_bound = kUnbounded;
    GraphSearchResult result = search_state_graph(runtime, unbounded, progress, deadline_after(limits.time_limit_seconds));
    result.exploration.strategy = name();
    if (result.budget_exceeded) mark_partial(result.exploration, result.exploration.limit_message);
    return std::move(result.exploration);
  }
};

}  // namespace

std::unique_ptr<Strategy> make_exhaustive_strategy() { return std::make_unique<ExhaustiveStrategy>(); }

}  // namespace gilrace
