// Stateful search over the graph of canonical states, shared by the
// exhaustive and the preemption-bounded strategies.
//
// A node is a canonical machine state; inside it, the paths that reach it
// are split by the thread that ran last (which decides whether the next
// switch is a preemption). Nodes are expanded in order of opcodes executed,
// so when a node is expanded every path into it has been counted: its count
// is the number of interleaving prefixes that reach it, and, under a bound,
// how many of them used each number of preemptions. A step from a group of
// k identical threads stands for k distinct interleavings and carries
// multiplicity k (symmetry reduction that keeps counts exact).
#pragma once
#include "explorer/strategy/strategy.hpp"

namespace gilrace {

struct GraphSearchResult {
  Exploration exploration;
  bool pruned = false;           // some interleaving needed more preemptions than the bound
  bool budget_exceeded = false;  // stopped by max_states or the time limit: counts are partial
};

GraphSearchResult search_state_graph(FiberRuntime& runtime, const ExplorationLimits& limits,
                                     const ProgressSink& progress,
                                     std::chrono::steady_clock::time_point deadline);

// The deadline a time limit in seconds gives (far future for 0).
std::chrono::steady_clock::time_point deadline_after(double seconds);

}  // namespace gilrace
