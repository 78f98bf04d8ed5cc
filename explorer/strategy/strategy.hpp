// A strategy decides which thread runs at each switch point. It drives the
// FiberRuntime (step, load a saved state) and never edits a Machine itself.
// Every strategy returns the same kind of result, so the driver, reports and
// tests treat them alike.
#pragma once
#include <boost/multiprecision/cpp_int.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "explorer/runtime/fiber_runtime.hpp"
#include "explorer/runtime/outcome.hpp"
#include "explorer/strategy/switch_probability.hpp"

namespace gilrace {

using BigCount = boost::multiprecision::cpp_int;

// A concrete interleaving: the thread chosen at each switch point, in order
// (the replay format, as loom's recorded path).
using Schedule = std::vector<std::uint32_t>;

constexpr std::uint32_t kUnbounded = std::numeric_limits<std::uint32_t>::max();

// What the sampling strategies (random, pct) draw; the searches ignore it.
struct SamplingOptions {
  std::uint64_t runs = 1000;    // walks (random) or runs (pct) to make
  std::uint64_t seed = 0;       // with the run's index, fixes each run's random draws
  std::uint32_t pct_depth = 3;  // pct: the bug depth d aimed at (d - 1 priority change points)
};

struct ExplorationLimits {
  std::uint32_t preemption_bound = kUnbounded;  // count only interleavings with at most this many preemptions
  std::uint32_t witnesses = 3;                  // witness schedules kept per outcome
  std::uint64_t max_states = 1'000'000;         // distinct states a stateful search may store
  double time_limit_seconds = 0;                // 0: none
  SamplingOptions sampling;
  std::uint64_t max_memory_bytes = 0;           // resident size a stateful search may reach; 0: none
  // --switch-prob: also compute each outcome's exact probability under
  // that scheduler model (switch_probability.hpp).
  std::optional<BigRational> switch_probability;
  // --jobs: threads the stateful search (exhaustive, bounded, auto) expands
  // states on; the result is the same for every value. The stateless
  // strategies ignore it. The command line defaults to every core.
  std::uint32_t jobs = 1;
  // How the stateful search shares out a depth layer (parallel_expansion.hpp):
  // layers with fewer states are expanded on the calling thread alone, the
  // others in batches of parallel_batch states. Tests lower both so that
  // small scenarios take the parallel path.
  std::uint32_t parallel_min_layer = 64;
  std::uint32_t parallel_batch = 2048;
};

struct Progress {
  std::uint64_t states = 0;
  std::uint64_t opcodes = 0;
  std::string covered;  // interleavings counted so far (decimal)
  std::uint64_t depth = 0;  // opcodes executed along the paths now being extended
  std::uint32_t bound = kUnbounded;
  std::string phase;
  std::string found;  // once, when a probe meets an unexpected outcome: what and how
  std::uint64_t runs = 0;  // sampling: walks requested (covered: walks made); 0 for the searches
};
using ProgressSink = std::function<void(const Progress&)>;

struct Witness {
  Schedule schedule;
  std::uint32_t preemptions = 0;
};

// An unexpected outcome met by `auto`'s quick PCT probe, before the exact
// search counts it: how soon a user learns that something is wrong.
struct EarlyFinding {
  double seconds = 0;  // after the exploration began
  std::string method;  // "PCT run 2 of depth 2"
  OutcomeValue outcome;
  Witness witness;
};

struct OutcomeResult {
  OutcomeValue outcome;
  BigCount count = 0;
  std::uint32_t min_preemptions = kUnbounded;
  std::vector<Witness> witnesses;  // fewest preemptions first
  BigRational probability = 0;     // with --switch-prob: of the interleavings counted
};

// How a sampled result was drawn: its counts are walks, not interleavings.
struct SampleInfo {
  std::uint64_t runs = 0;            // walks made (the total)
  std::uint64_t runs_requested = 0;  // --runs
  std::uint64_t seed = 0;
  std::uint32_t pct_depth = 0;       // pct only: d
  std::uint64_t pct_steps = 0;       // pct only: k, the run length the change points are drawn from
};

struct Exploration {
  std::string strategy;
  std::vector<OutcomeResult> outcomes;  // expected first, then by fewest preemptions, then by count
  BigCount total = 0;                   // interleavings covered
  std::uint64_t states = 0;             // distinct states stored (stateful) or visited (stateless)
  std::uint64_t opcodes = 0;            // opcodes executed
  bool complete = true;
  std::string bound;                    // what stopped it when not complete
  std::uint32_t preemption_bound = kUnbounded;  // the bound the counts are for
  bool limit_hit = false;               // a resource limit ended it early
  std::string limit_message;            // which limit and how to raise it
  // The limit stopped it part way through the interleavings it set out to
  // cover: the outcomes are those met so far and the counts are lower
  // bounds. (A bounded answer that a limit kept from a larger bound is not
  // partial: its counts are exact for its bound.)
  bool partial = false;
  double seconds = 0;
  std::optional<SampleInfo> sample;     // set by the sampling strategies (random, pct)
  // With --switch-prob: the P used, and the probability of the
  // interleavings not counted (beyond the bound or the budget), an upper
  // bound on the error of every outcome's probability.
  std::optional<BigRational> switch_probability;
  BigRational neglected_probability = 0;
  std::optional<EarlyFinding> first_unexpected;  // auto: what its probe found first, if anything
  // dpor: `total` and the counts are Mazurkiewicz traces (classes of
  // interleavings equal up to the order of independent steps), and the
  // runs sleep sets cut short before they ended.
  bool counts_traces = false;
  std::uint64_t sleep_blocked = 0;
};

// Thrown when a limit ends a search whose result would be meaningless.
struct LimitReached {
  std::string message;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string name() const = 0;
  virtual Exploration explore(FiberRuntime& runtime, const ExplorationLimits& limits, const ProgressSink& progress) = 0;
};

// Sorts outcomes for reports: expected first, then fewest preemptions,
// then most frequent, then by key (so output never depends on hash order).
void sort_outcomes(std::vector<OutcomeResult>& outcomes);

// A finished run with `preemptions` preemptions ended in `result`: it
// becomes one of the first `cap` distinct schedules kept with the fewest
// preemptions, and lowers min_preemptions if it has fewer.
void offer_witness(OutcomeResult& result, const Schedule& schedule, std::uint32_t preemptions, std::uint32_t cap);

// "at most 1 preemption", "at most 3 preemptions": how reports name a bound.
std::string bound_text(std::uint32_t preemptions);

// Factories: one file per strategy.
std::unique_ptr<Strategy> make_exhaustive_strategy();
std::unique_ptr<Strategy> make_bounded_strategy();
std::unique_ptr<Strategy> make_stateless_dfs_strategy();
std::unique_ptr<Strategy> make_auto_strategy();
std::unique_ptr<Strategy> make_random_strategy();
std::unique_ptr<Strategy> make_pct_strategy();
std::unique_ptr<Strategy> make_dpor_strategy();

// True for the strategies that sample runs instead of covering interleavings.
bool is_sampling_strategy(const std::string& name);

// The strategy called `name` (auto, exhaustive, bounded, dfs, dpor, random, pct); nullptr if unknown.
std::unique_ptr<Strategy> make_strategy(const std::string& name);
std::vector<std::string> strategy_names();

}  // namespace gilrace
