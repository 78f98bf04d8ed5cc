// `auto`: the exhaustive search when the state space fits a share of the
// budget, otherwise iterative context bounding with the rest.
#include <cstdio>

#include "explorer/strategy/bounded_strategy.hpp"
#include "explorer/strategy/walk_sampler.hpp"

namespace gilrace {
namespace {

// The exhaustive attempt may use this share of the state budget before auto
// switches to bounded search; past it, exhaustive would rarely finish soon.
constexpr std::uint64_t kExhaustiveShare = 10;

class AutoStrategy : public Strategy {
 public:
  std::string name() const override { return "auto"; }

  Exploration explore(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) override {
    // A quick probe first, so an unexpected outcome is known (and shown in
    // the progress) in milliseconds; the exact search then counts it.
    const auto began = std::chrono::steady_clock::now();
    std::optional<EarlyFinding> early = probe_for_unexpected(runtime, limits, began);
    if (early && progress) {
      Progress found;
      char after[32];
      std::snprintf(after, sizeof after, "%.2f ms", early->seconds * 1000);
      found.found = outcome_label(runtime.program(), early->outcome) + " (" + early->method + ", after " + after + ")";
      progress(found);
    }
    Exploration result = exact(runtime, limits, progress);
    result.first_unexpected = std::move(early);
    return result;
  }

 private:
  static Exploration exact(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) {
    const auto deadline = deadline_after(limits.time_limit_seconds);
    if (limits.preemption_bound != kUnbounded)
      return iterate_context_bounds(runtime, limits, limits.preemption_bound, progress, deadline, "auto (bounded)");
    ExplorationLimits attempt = limits;
    attempt.preemption_bound = kUnbounded;
    attempt.max_states = std::min(limits.max_states, std::max<std::uint64_t>(limits.max_states / kExhaustiveShare, 1000));
    GraphSearchResult result = search_state_graph(runtime, attempt, progress, deadline);
    if (!result.budget_exceeded) {
      result.exploration.strategy = "auto (exhaustive)";
      return std::move(result.exploration);
    }
    // A bounded round stores a subset of the states the exhaustive search
    // needs. Once one stores more than the exhaustive attempt was allowed,
    // that attempt was cut short too early: try it once more with the
    // whole budget (many preemptions can be cheap when the graph is small).
    bool retried = false;
    const BetweenBounds retry = [&](const Exploration& round) -> std::optional<Exploration> {
      if (retried || round.states <= attempt.max_states) return std::nullopt;
      retried = true;
      ExplorationLimits whole = limits;
      whole.preemption_bound = kUnbounded;
      GraphSearchResult full = search_state_graph(runtime, whole, progress, deadline);
      if (full.budget_exceeded) return std::nullopt;
      full.exploration.strategy = "auto (exhaustive)";
      return std::move(full.exploration);
    };
    return iterate_context_bounds(runtime, limits, limits.preemption_bound, progress, deadline, "auto (bounded)",
                                  retry);
  }
};

}  // namespace

std::unique_ptr<Strategy> make_auto_strategy() { return std::make_unique<AutoStrategy>(); }

}  // namespace gilrace
