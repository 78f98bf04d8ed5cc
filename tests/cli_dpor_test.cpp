// `gilrace explore --strategy dpor`: the text and JSON reports say the
// counts are traces, the flags it refuses, and its witnesses replay.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using nlohmann::json;
using testing_support::run_cli;
using testing_support::TempDir;

const std::string kSeed = "scenarios/seed_counter.scn";

TEST(CliDpor, TextReportCountsTraces) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=2 --strategy dpor --details 0");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "scenarios/seed_counter.scn (THREADS=2): 2 threads, model every-op, strategy dpor\n"
            "explored 4 traces (interleavings up to the order of independent steps) through 24 states "
            "(complete: every trace)\n"
            "\n"
            "  outcome  expected  min preemptions  share     traces\n"
            "  n = 2    yes       0                50.00%    2\n"
            "  n = 1    NO        1                50.00%    2\n"
            "\n"
            "1 more unexpected outcome not drawn (--details N draws more; --json or --traces DIR has every witness)\n"
            "\n"
            "1 unexpected outcome\n");
}

TEST(CliDpor, JsonSaysTheCountsAreTracesAndReplays) {
  TempDir dir;
  const auto r = run_cli("explore scenarios/lock_order_deadlock.scn --strategy dpor --json " + dir.file("r.json"));
  EXPECT_EQ(r.status, 1) << r.err;
  std::ifstream in(dir.file("r.json"));
  const json report = json::parse(in);
  EXPECT_EQ(report["engine"], "dpor");
  EXPECT_EQ(report["strategy"], "dpor");
  EXPECT_EQ(report["counts_traces"], true);
  EXPECT_TRUE(report["sleep_blocked"].is_number_unsigned());
  EXPECT_EQ(report["complete"], true);
  EXPECT_EQ(report["sampled"], false);
  EXPECT_EQ(report["total"], "3");
  ASSERT_EQ(report["outcomes"].size(), 2u);
  EXPECT_EQ(report["outcomes"][1]["deadlock"], true);
  EXPECT_EQ(report["outcomes"][1]["count"], "1");
  const auto replay = run_cli("replay " + dir.file("r.json"));
  EXPECT_EQ(replay.status, 0) << replay.err;
  // The other searches do not carry the keys.
  const auto exhaustive = run_cli("explore " + kSeed + " -D THREADS=2 --strategy exhaustive --json -");
  const json plain = json::parse(exhaustive.out);
  EXPECT_FALSE(plain.contains("counts_traces"));
  EXPECT_FALSE(plain.contains("sleep_blocked"));
}

TEST(CliDpor, BadFlags) {
  struct Case {
    std::string args;
    std::string message;  // the whole of stderr
  };
  const Case cases[] = {
      {"--strategy dpor --preemptions 1",
       "--strategy dpor counts every trace: --preemptions K goes with bounded, auto or dfs\n"},
      {"--strategy dpor --switch-prob 0.1",
       "--switch-prob P goes with exhaustive, bounded, auto or dfs: dpor runs one interleaving of each trace, and "
       "the probabilities need them all\n"},
      {"--strategy dpor --runs 5", "--runs N goes with --strategy random or pct\n"},
      {"--strategy dpr",
       "--strategy: unknown strategy 'dpr' (known strategies: auto, exhaustive, bounded, dfs, dpor, random, pct)\n"},
  };
  for (const Case& c : cases) {
    const auto r = run_cli("explore " + kSeed + " -D THREADS=2 " + c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
    EXPECT_EQ(r.err, c.message) << c.args;
  }
}

TEST(CliDpor, TimeLimitExitsThree) {
  // Locked, so that no unexpected outcome (exit 1) comes before the stop.
  const auto r = run_cli("explore scenarios/with_lock_counter.scn -D THREADS=10 --strategy dpor --time-limit 0.2");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_EQ(r.err,
            "gilrace: note: the search stopped at the time limit (raise it with --time-limit SECONDS); the report is "
            "partial: it has the outcomes reached so far, and each count covers only the traces explored\n");
  EXPECT_NE(r.out.find("(not complete: stopped by the time limit (raise it with --time-limit SECONDS))\nPARTIAL: "),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace gilrace
