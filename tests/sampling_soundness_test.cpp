// Every run the sampling strategies (random, pct) make is a real
// interleaving: each outcome they report is one the exhaustive search finds,
// no sooner (in preemptions) than it can be reached, and each witness
// replays to its outcome with the preemptions it claims.
#include <gtest/gtest.h>

#include "tests/sampling_support.hpp"

namespace gilrace {
namespace {

using testing_support::name_of;
using testing_support::sampling_options;
using testing_support::SamplingCase;

std::vector<SamplingCase> catalogue_cases() {
  std::vector<SamplingCase> cases;
  for (const std::string model : {"every-op", "cpython-3.9", "cpython-3.11"}) {
    cases.push_back({"seed_counter.scn", {{"THREADS", "3"}}, model});
    cases.push_back({"lock_order_deadlock.scn", {}, model});
    cases.push_back({"call_counter.scn", {}, model});
    cases.push_back({"dict_increment.scn", {}, model});
    cases.push_back({"bank_transfer.scn", {}, model});
  }
  return cases;
}

TEST(SamplingSoundness, SampledOutcomesAreAmongTheExhaustiveOnesAndWitnessesReplay) {
  for (const SamplingCase& c : catalogue_cases()) {
    const auto exact = testing_support::explore(c.scenario, "exhaustive", c.defines, kUnbounded, c.model);
    for (const std::string strategy : {"random", "pct"}) {
      SCOPED_TRACE(name_of(c) + " --strategy " + strategy);
      ExploreSession session(sampling_options(c, strategy, 300, 3));
      const Exploration e = session.explore({});
      ASSERT_TRUE(e.sample.has_value());
      EXPECT_FALSE(e.complete);
      EXPECT_EQ(e.total, 300);
      EXPECT_EQ(e.sample->runs, 300u);
      BigCount sum = 0;
      for (const auto& o : e.outcomes) {
        const std::string label = testing_support::label(o);
        sum += o.count;
        ASSERT_TRUE(exact.counts.count(label)) << "sampled an outcome the exhaustive search never reaches: " << label;
        EXPECT_GE(o.min_preemptions, exact.min_preemptions.at(label)) << label;
        ASSERT_FALSE(o.witnesses.empty()) << label;
        for (const Witness& w : o.witnesses) {
          EXPECT_EQ(w.preemptions, o.min_preemptions) << label;
          const Trace trace = session.trace_of(w);  // throws if the schedule does not replay
          EXPECT_TRUE(trace.outcome == o.outcome) << label;
          EXPECT_EQ(trace.preemptions, w.preemptions) << label;
        }
      }
      EXPECT_EQ(sum, e.total);
    }
  }
}

TEST(SamplingSoundness, WitnessesOfAnOutcomeAreDistinctRuns) {
  // A tiny space: the same interleaving is drawn many times, but kept once.
  const SamplingCase two = {"seed_counter.scn", {{"THREADS", "2"}}};
  for (const std::string strategy : {"random", "pct"}) {
    SCOPED_TRACE(strategy);
    ExploreOptions options = sampling_options(two, strategy, 500, 1);
    options.limits.witnesses = 10;
    ExploreSession session(options);
    const Exploration e = session.explore({});
    for (const auto& o : e.outcomes)
      for (std::size_t i = 0; i < o.witnesses.size(); ++i)
        for (std::size_t j = i + 1; j < o.witnesses.size(); ++j)
          EXPECT_NE(o.witnesses[i].schedule, o.witnesses[j].schedule);
  }
}

TEST(SamplingSoundness, TimeLimitKeepsTheRunsMade) {
  // 100 threads: each run takes hundreds of switch points; a tiny time limit
  // stops the sample early, and the result says so.
  const SamplingCase hundred = {"seed_counter.scn", {}};
  ExploreOptions options = sampling_options(hundred, "random", 100000000, 0);
  options.limits.time_limit_seconds = 0.2;
  ExploreSession session(options);
  const Exploration e = session.explore({});
  ASSERT_TRUE(e.sample.has_value());
  EXPECT_TRUE(e.limit_hit);
  EXPECT_GT(e.sample->runs, 0u);
  EXPECT_LT(e.sample->runs, 100000000u);
  EXPECT_EQ(e.total, e.sample->runs);
  EXPECT_NE(e.bound.find(" of 100000000 random walks"), std::string::npos) << e.bound;
  EXPECT_NE(e.bound.find("--time-limit"), std::string::npos) << e.bound;
}

}  // namespace
}  // namespace gilrace
