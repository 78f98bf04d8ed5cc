// The seed at its full size: 100 threads, one preemption.
#include <gtest/gtest.h>

#include "explorer/strategy/witness_paths.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore;

TEST(SeedHundred, EveryOutcomeOneToNinetyNineNeedsExactlyOnePreemption) {
  const auto s = explore("seed_counter.scn", "bounded", {}, 1);
  ASSERT_EQ(s.counts.size(), 100u);
  for (int n = 1; n <= 100; ++n) {
    SCOPED_TRACE(n);
    ASSERT_TRUE(s.min_preemptions.count(std::to_string(n)));
    EXPECT_EQ(s.min_preemptions.at(std::to_string(n)), n == 100 ? 0u : 1u);
  }
  // With K=0 only the 100! serial orders remain.
  BigCount factorial = 1;
  for (int i = 2; i <= 100; ++i) factorial *= i;
  EXPECT_EQ(s.counts.at("100"), factorial.str());
  // Within one preemption there are 100! * (1 + 3 * 100 * 99 / 2) interleavings.
  EXPECT_EQ(s.total, BigCount(factorial * (1 + 3 * 100 * 99 / 2)).str());
  EXPECT_FALSE(s.complete);
}

TEST(SeedHundred, NinetyNineAndNinetyEightHaveThreeReplayableWitnesses) {
  ExploreOptions options;
  options.scenario_path = testing_support::scenario_path("seed_counter.scn");
  options.strategy = "bounded";
  options.limits.preemption_bound = 1;
  options.limits.witnesses = 3;
  ExploreSession session(options);
  const Exploration e = session.explore({});
  for (const char* value : {"99", "98"}) {
    SCOPED_TRACE(value);
    const auto it = std::find_if(e.outcomes.begin(), e.outcomes.end(),
                                 [&](const OutcomeResult& o) { return o.outcome.values[0] == value; });
    ASSERT_NE(it, e.outcomes.end());
    ASSERT_EQ(it->witnesses.size(), 3u);
    for (const Witness& w : it->witnesses) {
      EXPECT_EQ(w.preemptions, 1u);
      const Trace trace = session.trace_of(w);
      EXPECT_EQ(trace.outcome.values[0], value);
      EXPECT_EQ(trace.preemptions, 1u);
      EXPECT_EQ(count_preemptions(session.runtime(), w.schedule), 1u);
    }
  }
}

TEST(SeedHundred, TheLockedSeedOnlyEverGivesOneHundred) {
  const auto s = explore("seed_counter_locked.scn", "bounded", {}, 2);
  EXPECT_EQ(s.counts.size(), 1u);
  EXPECT_TRUE(s.counts.count("100"));
}

TEST(SeedHundred, WitnessesAreTheSameOnEveryRun) {
  const auto a = explore("seed_counter.scn", "bounded", {{"THREADS", "6"}}, 2);
  const auto b = explore("seed_counter.scn", "bounded", {{"THREADS", "6"}}, 2);
  ASSERT_EQ(a.exploration.outcomes.size(), b.exploration.outcomes.size());
  for (std::size_t i = 0; i < a.exploration.outcomes.size(); ++i) {
    const auto& wa = a.exploration.outcomes[i].witnesses;
    const auto& wb = b.exploration.outcomes[i].witnesses;
    ASSERT_EQ(wa.size(), wb.size());
    for (std::size_t w = 0; w < wa.size(); ++w) EXPECT_EQ(wa[w].schedule, wb[w].schedule);
    // fewest preemptions first
    for (std::size_t w = 1; w < wa.size(); ++w) EXPECT_LE(wa[w - 1].preemptions, wa[w].preemptions);
  }
}

}  // namespace
}  // namespace gilrace
