// Shared by the sampling strategies (random, pct): runs walks from the
// initial state, each to its end (every thread finished, a deadlock, or the
// step limit), with a scheduler that picks the thread at every switch point,
// and tallies them. The counts of the result are walks, not interleavings:
// the same interleaving may be drawn twice and most are never drawn.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "explorer/strategy/seeded_random.hpp"
#include "explorer/strategy/strategy.hpp"

namespace gilrace {

class WalkScheduler {
 public:
  virtual ~WalkScheduler() = default;
  // Before each walk, with that walk's own generator.
  virtual void begin_walk(std::uint32_t threads, SeededRandom& random) = 0;
  // The thread to run at this switch point; `runnable` is non-empty and ascending.
  virtual std::uint32_t choose(const std::vector<std::uint32_t>& runnable, SeededRandom& random) = 0;
};

struct WalkPlan {
  std::string strategy;   // "random", "pct"
  std::string noun;       // one walk, as reports name it: "random walk", "PCT run"
  std::string qualifier;  // after the plural noun: "", " of depth 3"
  std::uint32_t pct_depth = 0;
  std::uint64_t pct_steps = 0;
  bool stop_at_unexpected = false;  // end the sample at the first unexpected outcome
};

// Makes limits.sampling.runs walks (fewer, and a partial result, if the
// time or memory limit stops it). Walk i draws from SeededRandom(seed, i) only.
Exploration sample_walks(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress,
                         WalkScheduler& scheduler, const WalkPlan& plan);

// `auto`'s probe: a few PCT runs of depth 2 (one priority change, enough
// for an update lost between a load and a store), stopped at the first
// unexpected outcome or after 64 runs or a million opcodes (a tenth of
// the time limit when there is one). Nothing found: nullopt.
std::optional<EarlyFinding> probe_for_unexpected(FiberRuntime& runtime, const ExplorationLimits& limits,
                                                 std::chrono::steady_clock::time_point began);

}  // namespace gilrace
