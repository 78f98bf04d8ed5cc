// The stateful strategies against the plain stateless DFS reference: same
// outcomes, same exact counts, same fewest preemptions, with and without a
// preemption bound, on every small scenario.
#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore;

struct Case {
  std::string scenario;
  Defines defines;
  std::string model = {};
  std::uint32_t max_steps = 10000;
};

std::string name_of(const Case& c) {
  std::string name = c.scenario;
  for (const auto& [k, v] : c.defines) name += " " + k + "=" + v;
  if (!c.model.empty()) name += " --model " + c.model;
  return name;
}

const std::vector<Case> kSmallScenarios = {
    {"seed_counter.scn", {{"THREADS", "1"}}},        {"seed_counter.scn", {{"THREADS", "2"}}},
    {"seed_counter.scn", {{"THREADS", "3"}}},        {"seed_counter.scn", {{"THREADS", "4"}}},
    {"seed_counter_locked.scn", {{"THREADS", "2"}}}, {"seed_counter_locked.scn", {{"THREADS", "3"}}},
    {"list_sort.scn", {{"SORTERS", "1"}}},
    {"lock_order_deadlock.scn", {}},
    {"seed_counter.scn", {{"THREADS", "3"}}, "cpython-3.9"},
    {"seed_counter.scn", {{"THREADS", "3"}}, "cpython-3.10"},
    {"seed_counter.scn", {{"THREADS", "3"}}, "cpython-3.11"},
    {"seed_counter.scn", {{"THREADS", "2"}}, "cpython-3.13t"},
    {"seed_counter_locked.scn", {{"THREADS", "2"}}, "cpython-3.8"},
    {"loop_counter.scn", {}, "cpython-3.10"},
    {"loop_counter.scn", {}, "cpython-3.11"},
    {"loop_counter.scn", {}, "cpython-3.13"},
    {"spin_wait.scn", {}, "every-op", 20},
    {"spin_wait.scn", {}, "cpython-3.9", 30},
    {"spin_wait.scn", {}, "cpython-3.12", 30},
    {"spin_wait.scn", {}, "cpython-3.13t", 12},
    {"append_last.scn", {}, "cpython-3.9"},
    {"bank_transfer.scn", {}, "every-op"},
    {"pop_if_nonempty.scn", {}, "cpython-3.11"},
    {"check_then_act.scn", {}, "cpython-3.9"},
    {"dict_increment.scn", {}, "every-op"},
    {"dict_increment.scn", {}, "cpython-3.9"},
    {"dict_increment.scn", {}, "cpython-3.11"},
    {"check_then_act_dict.scn", {}, "cpython-3.8"},
    {"check_then_act_dict.scn", {}, "cpython-3.9"},
    {"check_then_act_dict.scn", {}, "cpython-3.12"},
    {"lazy_singleton.scn", {}, "cpython-3.9"},
    {"lazy_singleton.scn", {}, "cpython-3.13t"},
    {"with_lock_counter.scn", {{"THREADS", "2"}}, "cpython-3.8"},
    {"with_lock_counter.scn", {{"THREADS", "2"}}, "cpython-3.9"},
    {"with_lock_counter.scn", {{"THREADS", "3"}}, "cpython-3.12"},
    {"seed_counter_locked.scn", {{"THREADS", "2"}}, "cpython-3.12"},
    {"lock_order_deadlock.scn", {}, "cpython-3.11"},
    {"list_sort.scn", {{"SORTERS", "1"}}, "cpython-3.13"},
    {"call_counter.scn", {}, "every-op"},
    {"call_counter.scn", {}, "cpython-3.9"},
    {"call_counter.scn", {}, "cpython-3.10"},
    {"call_counter.scn", {{"THREADS", "3"}}, "cpython-3.11"},
    {"call_counter.scn", {{"THREADS", "3"}}, "cpython-3.13"},
};

TEST(StrategyAgreement, ExhaustiveMatchesStatelessDfs) {
  for (const Case& c : kSmallScenarios) {
    SCOPED_TRACE(name_of(c));
    const auto reference = explore(c.scenario, "dfs", c.defines, kUnbounded, c.model, c.max_steps);
    const auto exhaustive = explore(c.scenario, "exhaustive", c.defines, kUnbounded, c.model, c.max_steps);
    EXPECT_EQ(exhaustive.counts, reference.counts);
    EXPECT_EQ(exhaustive.min_preemptions, reference.min_preemptions);
    EXPECT_EQ(exhaustive.total, reference.total);
    EXPECT_TRUE(exhaustive.complete);
    EXPECT_TRUE(reference.complete);
  }
}

TEST(StrategyAgreement, BoundedMatchesStatelessDfsAtEveryBound) {
  for (const Case& c : kSmallScenarios) {
    for (std::uint32_t k = 0; k <= 3; ++k) {
      SCOPED_TRACE(name_of(c) + " K=" + std::to_string(k));
      const auto reference = explore(c.scenario, "dfs", c.defines, k, c.model, c.max_steps);
      const auto bounded = explore(c.scenario, "bounded", c.defines, k, c.model, c.max_steps);
      EXPECT_EQ(bounded.counts, reference.counts);
      EXPECT_EQ(bounded.min_preemptions, reference.min_preemptions);
      EXPECT_EQ(bounded.complete, reference.complete);
    }
  }
}

TEST(StrategyAgreement, BoundedWithALargeBoundIsExhaustive) {
  const auto exhaustive = explore("seed_counter.scn", "exhaustive", {{"THREADS", "3"}});
  const auto bounded = explore("seed_counter.scn", "bounded", {{"THREADS", "3"}}, 50);
  EXPECT_EQ(bounded.counts, exhaustive.counts);
  EXPECT_TRUE(bounded.complete);
}

TEST(StrategyAgreement, AutoRetriesExhaustiveWhenBoundsOutgrowItsFirstTry) {
  // 25 locked threads on 3.10: 6176 states in all, more than the first
  // exhaustive try may store (a tenth of 20000), while the bounds need many
  // preemptions; once a bounded round stores more, auto tries again.
  ExploreOptions options;
  options.scenario_path = testing_support::scenario_path("seed_counter_locked.scn");
  options.defines = {{"THREADS", "25"}};
  options.model = "cpython-3.10";
  options.limits.max_states = 20000;
  ExploreSession session(options);
  const Exploration e = session.explore({});
  EXPECT_EQ(e.strategy, "auto (exhaustive)");
  EXPECT_TRUE(e.complete);
  EXPECT_EQ(e.states, 6176u);
  ASSERT_EQ(e.outcomes.size(), 1u);
  EXPECT_EQ(e.outcomes[0].outcome.values, std::vector<std::string>{"25"});
}

TEST(StrategyAgreement, AutoIsExhaustiveWhenItFits) {
  const auto s = explore("seed_counter.scn", "auto", {{"THREADS", "4"}});
  EXPECT_EQ(s.exploration.strategy, "auto (exhaustive)");
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(s.counts, explore("seed_counter.scn", "exhaustive", {{"THREADS", "4"}}).counts);
}

TEST(StrategyAgreement, OppositeLockOrdersDeadlock) {
  // Golden counts, equal to the stateless reference's (checked above).
  const auto s = explore("lock_order_deadlock.scn", "exhaustive");
  EXPECT_EQ(s.counts, (std::map<std::string, std::string>{{"0", "147420"}, {"0;deadlock", "924"}}));
  EXPECT_EQ(s.total, "148344");
}

TEST(StrategyAgreement, ListSortIsAtomicButTheCounterIsNot) {
  // Golden set: the sort never tears the list; only n loses updates.
  const auto s = explore("list_sort.scn", "exhaustive");
  EXPECT_EQ(s.counts, (std::map<std::string, std::string>{{"[1, 2, 3, 0],2", "1465882704"},
                                                          {"[0, 1, 2, 3],2", "200911656"},
                                                          {"[1, 2, 3, 0],1", "7580632752"},
                                                          {"[0, 1, 2, 3],1", "568659168"}}));
  EXPECT_EQ(s.total, "9816086280");
}

}  // namespace
}  // namespace gilrace
