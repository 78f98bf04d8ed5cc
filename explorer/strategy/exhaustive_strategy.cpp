// (a) Exhaustive stateful search: every interleaving, exact counts.
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
    if (result.budget_exceeded)
      throw LimitReached{"exhaustive search stopped by " + result.exploration.limit_message +
                         "; --strategy auto or --strategy bounded --preemptions K give a partial answer"};
    result.exploration.strategy = name();
    return std::move(result.exploration);
  }
};

}  // namespace

std::unique_ptr<Strategy> make_exhaustive_strategy() { return std::make_unique<ExhaustiveStrategy>(); }

}  // namespace gilrace
