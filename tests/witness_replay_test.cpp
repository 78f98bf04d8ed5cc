// Witnesses must replay to their outcome when lists are reached only from
// thread stacks (their global was rebound): such objects are numbered in
// thread order, not canonically, and the search must still count them as
// the DFS reference does and give witnesses that replay.
#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore_text;

const std::string kRebound =
    "global L = [1]\nglobal M = [2]\n"
    "def appender():\n    LOAD_GLOBAL L\n    LOAD_METHOD append\n    LOAD_CONST 3\n    CALL_METHOD 1\n    POP_TOP\n"
    "def rebinder():\n    LOAD_GLOBAL M\n    STORE_GLOBAL L\n"
    "threads 2 x appender\nthreads 1 x rebinder\nobserve L, M\n";

TEST(WitnessReplay, ListsOnlyFramesHoldStillReplay) {
  const auto exhaustive = explore_text(kRebound, "exhaustive");
  const auto reference = explore_text(kRebound, "dfs");
  EXPECT_EQ(exhaustive.counts, reference.counts);
  EXPECT_EQ(exhaustive.total, reference.total);  // explore_text marks a witness that replays elsewhere
  EXPECT_EQ(exhaustive.counts.size(), 3u) << ::testing::PrintToString(exhaustive.counts);
}

// The search frees each depth's keys once it is expanded; witnesses are
// rebuilt from keys computed again along their paths, and must replay to
// their outcome, also from a search on several threads.
TEST(WitnessReplay, WitnessesOfFreedStatesReplay) {
  for (const std::uint32_t jobs : {1u, 2u})
    for (const std::uint32_t bound : {kUnbounded, 1u, 2u}) {
      ExploreOptions options;
      options.scenario_path = testing_support::scenario_path("seed_counter.scn");
      options.defines = {{"THREADS", "5"}};
      options.strategy = bound == kUnbounded ? "exhaustive" : "bounded";
      options.limits.preemption_bound = bound;
      options.limits.witnesses = 6;
      options.limits.jobs = jobs;
      options.limits.parallel_min_layer = 1;
      ExploreSession session(options);
      const Exploration e = session.explore({});
      ASSERT_EQ(e.outcomes.size(), 5u);
      for (const auto& o : e.outcomes) {
        EXPECT_FALSE(o.witnesses.empty());
        for (const auto& w : o.witnesses) {
          const Trace trace = session.trace_of(w);
          EXPECT_TRUE(trace.outcome == o.outcome);
          EXPECT_EQ(trace.preemptions, w.preemptions);
        }
      }
    }
  // Lists only frames hold: the fallback that follows the search's own decoded states.
  const std::string dir = (std::filesystem::temp_directory_path() / "gilrace-rebound-XXXXXX").string();
  std::string made = dir;
  ASSERT_TRUE(mkdtemp(made.data()));
  std::ofstream(made + "/s.scn") << kRebound;
  for (const std::uint32_t jobs : {1u, 2u}) {
    ExploreOptions options;
    options.scenario_path = made + "/s.scn";
    options.strategy = "exhaustive";
    options.limits.jobs = jobs;
    options.limits.parallel_min_layer = 1;
    ExploreSession session(options);
    const Exploration e = session.explore({});
    EXPECT_EQ(e.outcomes.size(), 3u);
    for (const auto& o : e.outcomes)
      for (const auto& w : o.witnesses) EXPECT_TRUE(session.trace_of(w).outcome == o.outcome);
  }
  std::filesystem::remove_all(made);
}

}  // namespace
}  // namespace gilrace
