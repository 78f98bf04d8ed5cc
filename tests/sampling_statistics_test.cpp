// What the sampling strategies draw, statistically: random walks reach each
// outcome about as often as the exact probability of a uniform walk says;
// PCT of depth 1 runs the threads serially, depth 2 finds the lost update
// and the deadlock at least as often as its guarantee 1/(n k^(d-1)).
// Seeds are fixed, so every check here is deterministic.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/sampling_support.hpp"

namespace gilrace {
namespace {

using testing_support::name_of;
using testing_support::sample;
using testing_support::sampling_options;
using testing_support::SamplingCase;

// The exact probability of each outcome under a uniform random walk: at a
// switch point with r runnable threads, each child weighs 1/r.
void walk_probabilities(FiberRuntime& runtime, double probability, std::map<std::string, double>& out) {
  std::vector<std::uint32_t> runnable;
  for (std::uint32_t t = 0; t < runtime.thread_count(); ++t)
    if (runtime.runnable(t)) runnable.push_back(t);
  if (runnable.empty()) {
    out[testing_support::label({describe_outcome(runtime.program(), runtime.machine()), 0, 0, {}})] += probability;
    return;
  }
  Machine saved;
  saved.copy_from(runtime.machine());
  for (const std::uint32_t t : runnable) {
    runtime.load(saved);
    runtime.step(t);
    walk_probabilities(runtime, probability / static_cast<double>(runnable.size()), out);
  }
}

std::map<std::string, double> exact_walk_probabilities(const SamplingCase& c) {
  ExploreSession session(sampling_options(c, "random", 1, 0));
  session.runtime().reset();
  std::map<std::string, double> probabilities;
  walk_probabilities(session.runtime(), 1.0, probabilities);
  return probabilities;
}

TEST(RandomWalkStatistics, TwoCounterThreadsKeepBothUpdatesOneWalkInEight) {
  // Both updates survive only in the 2 serial orders, each drawn with
  // probability (1/2)^4: the first thread must win all four choices.
  const auto p = exact_walk_probabilities({"seed_counter.scn", {{"THREADS", "2"}}});
  EXPECT_DOUBLE_EQ(p.at("2"), 0.125);
  EXPECT_DOUBLE_EQ(p.at("1"), 0.875);
}

TEST(RandomWalkStatistics, OutcomeSharesMatchTheExactWalkProbabilities) {
  const std::vector<SamplingCase> cases = {
      {"seed_counter.scn", {{"THREADS", "2"}}},
      {"seed_counter.scn", {{"THREADS", "3"}}},
      {"lock_order_deadlock.scn", {}, "cpython-3.11"},
  };
  const std::uint64_t runs = 4000;
  for (const SamplingCase& c : cases) {
    SCOPED_TRACE(name_of(c));
    const auto exact = exact_walk_probabilities(c);
    const Exploration e = sample(c, "random", runs, 2024);
    std::map<std::string, double> shares;
    for (const auto& o : e.outcomes) shares[testing_support::label(o)] = static_cast<double>(o.count) / runs;
    for (const auto& [label, p] : exact) {
      // Within 4 standard deviations of the binomial share.
      const double tolerance = 4 * std::sqrt(p * (1 - p) / runs) + 1e-9;
      const double share = shares.count(label) ? shares.at(label) : 0.0;
      EXPECT_NEAR(share, p, tolerance) << label;
    }
    for (const auto& [label, share] : shares) EXPECT_TRUE(exact.count(label)) << label;
  }
}

TEST(PctStatistics, DepthOneRunsTheThreadsSerially) {
  for (const std::string threads : {"2", "3", "4"}) {
    SCOPED_TRACE("THREADS=" + threads);
    const Exploration e = sample({"seed_counter.scn", {{"THREADS", threads}}}, "pct", 200, 5, 1);
    ASSERT_EQ(e.outcomes.size(), 1u);
    EXPECT_EQ(e.outcomes[0].outcome.values, std::vector<std::string>{threads});
    EXPECT_EQ(e.outcomes[0].min_preemptions, 0u);
    EXPECT_EQ(e.outcomes[0].count, 200);
  }
  // Serial runs never deadlock either.
  const Exploration locks = sample({"lock_order_deadlock.scn", {}}, "pct", 200, 5, 1);
  for (const auto& o : locks.outcomes) EXPECT_FALSE(o.outcome.deadlock);
}

TEST(PctStatistics, DepthTwoFindsTheLostUpdateWithinAFewRuns) {
  const SamplingCase three = {"seed_counter.scn", {{"THREADS", "3"}}};
  const Exploration e = sample(three, "pct", 20, 0, 2);
  bool lost = false;
  for (const auto& o : e.outcomes) lost = lost || !o.outcome.expected;
  EXPECT_TRUE(lost);
  EXPECT_EQ(e.sample->pct_steps, 12u);  // 3 threads of 4 opcodes, a switch point after each
}

TEST(PctStatistics, FindsBugsAtLeastAsOftenAsTheGuarantee) {
  // A lost update needs depth 2: the probability per run is at least
  // 1/(n k) with n threads and k steps per run.
  struct Case {
    SamplingCase scenario;
    std::string bug;  // label of the outcome
    double threads;
  };
  const std::vector<Case> cases = {
      {{"seed_counter.scn", {{"THREADS", "2"}}}, "1", 2},
      {{"seed_counter.scn", {{"THREADS", "3"}}, "cpython-3.9"}, "2", 3},
      {{"lock_order_deadlock.scn", {}}, "0;deadlock", 2},
  };
  const std::uint64_t runs = 2000;
  for (const Case& c : cases) {
    SCOPED_TRACE(name_of(c.scenario));
    const Exploration e = sample(c.scenario, "pct", runs, 9, 2);
    const double bound = 1 / (c.threads * static_cast<double>(e.sample->pct_steps));
    double share = 0;
    for (const auto& o : e.outcomes)
      if (testing_support::label(o) == c.bug) share = static_cast<double>(o.count) / runs;
    EXPECT_GE(share, bound);
  }
}

TEST(PctStatistics, DefaultDepthFindsTheDeadlock) {
  const Exploration e = sample({"lock_order_deadlock.scn", {}}, "pct", 100, 0);
  bool deadlock = false;
  for (const auto& o : e.outcomes) deadlock = deadlock || o.outcome.deadlock;
  EXPECT_TRUE(deadlock);
  EXPECT_EQ(e.sample->pct_depth, 3u);
}

}  // namespace
}  // namespace gilrace
