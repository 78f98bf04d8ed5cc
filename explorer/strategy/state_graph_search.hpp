// Stateful search over the graph of canonical states, shared by the
// exhaustive and the preemption-bounded strategies.
//
// A node is (canonical machine, the thread that ran last). Nodes are
// expanded in order of opcodes executed, so when a node is expanded every
// path into it has been counted: its count is the number of interleaving
// prefixes that reach it, split by preemptions used. A step from a group of
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
