// Golden outcome sets and exact counts of the catalogue scenarios under the
// models the catalogue promises (every-op, cpython-3.9, cpython-3.11,
// cpython-3.13t), and where a version makes the race disappear. Exhaustive
// search; strategy_agreement_test.cpp checks it against the DFS reference.
#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore;
using Counts = std::map<std::string, std::string>;

Counts counts(const std::string& scenario, const std::string& model, std::uint32_t max_steps = 10000) {
  const auto s = explore(scenario, "exhaustive", {}, kUnbounded, model, max_steps);
  EXPECT_TRUE(s.complete) << scenario << " " << model;
  return s.counts;
}

TEST(Catalogue, LoopCounterLosesUpdatesOnlyWhereTheLoopBodyHasASwitchPoint) {
  EXPECT_EQ(counts("loop_counter.scn", "every-op"),
            (Counts{{"2", "273868889756"}, {"3", "237325534380"}, {"4", "27063450304"}}));
  EXPECT_EQ(counts("loop_counter.scn", "cpython-3.9"), (Counts{{"2", "58534084"}, {"3", "81803344"}, {"4", "14780092"}}));
  EXPECT_EQ(counts("loop_counter.scn", "cpython-3.8"), counts("loop_counter.scn", "cpython-3.9"));
  // 3.10-3.13: no switch point between the load and the store.
  EXPECT_EQ(counts("loop_counter.scn", "cpython-3.10"), (Counts{{"4", "70"}}));
  for (const std::string model : {"cpython-3.11", "cpython-3.12", "cpython-3.13"})
    EXPECT_EQ(counts("loop_counter.scn", model), (Counts{{"4", "252"}})) << model;
  EXPECT_EQ(counts("loop_counter.scn", "cpython-3.13t"),
            (Counts{{"2", "279747856388"}, {"3", "232927387644"}, {"4", "25582630408"}}));
}

TEST(Catalogue, SpinWaitEndsAtTheStepLimitInsteadOfHanging) {
  const std::string limit = ";waiter hit the step limit of 30 opcodes (a spin loop? raise it with --max-steps N)";
  EXPECT_EQ(counts("spin_wait.scn", "every-op", 30), (Counts{{"42", "726426"}, {"-1" + limit, "211512"}}));
  EXPECT_EQ(counts("spin_wait.scn", "cpython-3.9", 30), (Counts{{"42", "837"}, {"-1" + limit, "190"}}));
  // 3.11: the waiter can also pass the loop and run out of steps at its very end.
  EXPECT_EQ(counts("spin_wait.scn", "cpython-3.11", 30),
            (Counts{{"42", "36"}, {"-1" + limit, "21"}, {"42" + limit, "9"}}));
  EXPECT_EQ(counts("spin_wait.scn", "cpython-3.13t", 30),
            (Counts{{"42", "2227083"}, {"-1" + limit, "1110621"}, {"42" + limit, "3072371"}}));
}

}  // namespace
}  // namespace gilrace
