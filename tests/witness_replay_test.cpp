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

}  // namespace
}  // namespace gilrace
