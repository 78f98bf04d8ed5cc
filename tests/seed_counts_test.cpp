// Golden exact counts for the seed under every-op (the brief's table).
#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore;
using Counts = std::map<std::string, std::string>;

TEST(SeedCounts, OneThreadHasOneInterleaving) {
  const auto s = explore("seed_counter.scn", "exhaustive", {{"THREADS", "1"}});
  EXPECT_EQ(s.total, "1");
  EXPECT_EQ(s.counts, (Counts{{"1", "1"}}));
  EXPECT_TRUE(s.complete);
}

TEST(SeedCounts, TwoThreads) {
  const auto s = explore("seed_counter.scn", "exhaustive", {{"THREADS", "2"}});
  EXPECT_EQ(s.total, "70");
  EXPECT_EQ(s.counts, (Counts{{"1", "68"}, {"2", "2"}}));
  EXPECT_EQ(s.min_preemptions.at("2"), 0u);
  EXPECT_EQ(s.min_preemptions.at("1"), 1u);
}

TEST(SeedCounts, ThreeThreads) {
  const auto s = explore("seed_counter.scn", "exhaustive", {{"THREADS", "3"}});
  EXPECT_EQ(s.total, "34650");
  EXPECT_EQ(s.counts, (Counts{{"1", "32880"}, {"2", "1764"}, {"3", "6"}}));
  EXPECT_TRUE(s.complete);
}

}  // namespace
}  // namespace gilrace
