// (b) Preemption-bounded search by iterative context bounding: K = 0, 1,
// 2, ... up to the requested bound, each with the stateful search. Counts
// are exact for the interleavings with at most K preemptions; when the
// budget runs out the last finished K is reported.
#pragma once
#include <functional>
#include <optional>

#include "explorer/strategy/state_graph_search.hpp"

namespace gilrace {

// Called after each bound that left interleavings out; a result it returns
// replaces the rest of the iteration.
using BetweenBounds = std::function<std::optional<Exploration>(const Exploration& round)>;

// Runs K = 0..max_bound; `phase` names the caller in progress output.
Exploration iterate_context_bounds(FiberRuntime& runtime, const ExplorationLimits& limits, std::uint32_t max_bound,
                                   const ProgressSink& progress, std::chrono::steady_clock::time_point deadline,
                                   const std::string& strategy_name, const BetweenBounds& between_bounds = {});

}  // namespace gilrace
