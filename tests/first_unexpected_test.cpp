// `auto`'s quick probe: an unexpected outcome reported before the exact
// search counts it, which the exact search confirms, and none when every
// outcome is expected. No timing is asserted here (bench/ measures it).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "explorer/strategy/replay.hpp"
#include "tests/cli_runner.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

Exploration explore_auto(const std::string& scenario, Defines defines, ExploreSession*& session_out,
                         std::unique_ptr<ExploreSession>& holder) {
  ExploreOptions options;
  options.scenario_path = testing_support::scenario_path(scenario);
  options.defines = std::move(defines);
  holder = std::make_unique<ExploreSession>(options);
  session_out = holder.get();
  return holder->explore({});
}

TEST(FirstUnexpected, AutoReportsWhatItsProbeFoundAndTheExactSearchConfirmsIt) {
  std::unique_ptr<ExploreSession> holder;
  ExploreSession* session = nullptr;
  const Exploration e = explore_auto("seed_counter.scn", {{"THREADS", "4"}}, session, holder);
  ASSERT_TRUE(e.first_unexpected);
  const EarlyFinding& found = *e.first_unexpected;
  EXPECT_FALSE(found.outcome.expected);
  EXPECT_EQ(found.method.rfind("PCT run ", 0), 0u) << found.method;
  EXPECT_NE(found.method.find(" of depth 2"), std::string::npos) << found.method;
  // The exact search has the same outcome, and the probe's witness replays to it.
  const bool counted = std::any_of(e.outcomes.begin(), e.outcomes.end(),
                                   [&](const OutcomeResult& o) { return o.outcome == found.outcome; });
  EXPECT_TRUE(counted);
  EXPECT_EQ(session->trace_of(found.witness).outcome, found.outcome);
}

TEST(FirstUnexpected, NothingWhenEveryOutcomeIsExpected) {
  std::unique_ptr<ExploreSession> holder;
  ExploreSession* session = nullptr;
  const Exploration e = explore_auto("seed_counter_locked.scn", {{"THREADS", "3"}}, session, holder);
  EXPECT_FALSE(e.first_unexpected);
}

TEST(FirstUnexpected, TextAndJson) {
  using testing_support::run_cli;
  const auto r = run_cli("explore scenarios/seed_counter.scn -D THREADS=3 --json - --no-progress");
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("first_unexpected"));
  EXPECT_EQ(j["first_unexpected"]["expected"], false);
  EXPECT_TRUE(j["first_unexpected"]["values"].contains("n"));
  EXPECT_GE(j["first_unexpected"]["seconds"].get<double>(), 0.0);
  const auto text = run_cli("explore scenarios/seed_counter.scn -D THREADS=3 --details 0 --no-progress");
  EXPECT_NE(text.out.find("  (first found: n = "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(" of depth 2 after "), std::string::npos) << text.out;
  // Only auto probes.
  const auto exhaustive = run_cli("explore scenarios/seed_counter.scn -D THREADS=3 --strategy exhaustive --json - --no-progress");
  EXPECT_FALSE(nlohmann::json::parse(exhaustive.out).contains("first_unexpected"));
  // With progress on, the finding is printed at once.
  const auto progress = run_cli("explore scenarios/seed_counter.scn -D THREADS=3 --details 0 --progress");
  EXPECT_EQ(progress.err.rfind("found an unexpected outcome: n = ", 0), 0u) << progress.err;
}

}  // namespace
}  // namespace gilrace
