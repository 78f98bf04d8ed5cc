// `gilrace explore --strategy random|pct`: exit statuses, the flags that go
// with them, the text and JSON reports of a sample, and reproducibility
// through the binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using nlohmann::json;
using testing_support::run_cli;
using testing_support::TempDir;

const std::string kSeed = "scenarios/seed_counter.scn";

TEST(CliSampling, RandomFindsTheLostUpdate) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=2 --strategy random --runs 50 --seed 7 --details 0");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("strategy random (seed 7)\nsampled 50 random walks (a sample, not every interleaving)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("share     runs\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(runs that ended in each outcome, of 50 runs; not interleaving counts"), std::string::npos);
  EXPECT_EQ(r.out.find("interleavings through"), std::string::npos) << r.out;
}

TEST(CliSampling, ExpectedOnlyExitsZeroAndSaysItIsASample) {
  const auto r = run_cli("explore scenarios/seed_counter_locked.scn -D THREADS=2 --strategy pct --runs 50 --seed 7");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("strategy pct (seed 7, depth 3: 2 change points among "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("every outcome sampled is expected (a sample: interleavings not drawn may still go wrong)\n"),
            std::string::npos)
      << r.out;
}

TEST(CliSampling, JsonCarriesTheSample) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=2 --strategy random --runs 50 --seed 7 --json -");
  EXPECT_EQ(r.status, 1) << r.err;
  const json report = json::parse(r.out);
  EXPECT_EQ(report["strategy"], "random");
  EXPECT_EQ(report["engine"], "random");
  EXPECT_EQ(report["sampled"], true);
  EXPECT_EQ(report["runs"], 50);
  EXPECT_EQ(report["seed"], 7);
  EXPECT_EQ(report["complete"], false);
  EXPECT_EQ(report["bound"], "50 random walks (a sample, not every interleaving)");
  EXPECT_EQ(report["total"], "50");
  EXPECT_FALSE(report.contains("pct_depth"));
  EXPECT_FALSE(report.contains("preemption_bound"));
  long sum = 0;
  for (const auto& o : report["outcomes"]) sum += std::stol(o["count"].get<std::string>());
  EXPECT_EQ(sum, 50);

  const auto pct = run_cli("explore " + kSeed + " -D THREADS=2 --strategy pct --pct-depth 2 --runs 20 --json -");
  const json pct_report = json::parse(pct.out);
  EXPECT_EQ(pct_report["sampled"], true);
  EXPECT_EQ(pct_report["seed"], 0);
  EXPECT_EQ(pct_report["pct_depth"], 2);
  EXPECT_EQ(pct_report["pct_steps"], 8);
  EXPECT_EQ(pct_report["bound"], "20 PCT runs of depth 2 (a sample, not every interleaving)");

  const auto exhaustive = run_cli("explore " + kSeed + " -D THREADS=2 --json -");
  const json exact = json::parse(exhaustive.out);
  EXPECT_EQ(exact["sampled"], false);
  EXPECT_FALSE(exact.contains("runs"));
  EXPECT_FALSE(exact.contains("seed"));
}

TEST(CliSampling, SameSeedSameReport) {
  for (const std::string strategy : {"random", "pct"}) {
    const std::string args = "explore scenarios/lock_order_deadlock.scn --strategy " + strategy + " --runs 100 --seed 3 --json -";
    json first = json::parse(run_cli(args).out), second = json::parse(run_cli(args).out);
    first.erase("seconds");
    second.erase("seconds");
    EXPECT_EQ(first.dump(2), second.dump(2)) << strategy;
  }
}

TEST(CliSampling, ReportOfASampleReplays) {
  TempDir dir;
  const auto r = run_cli("explore " + kSeed + " -D THREADS=3 --strategy random --runs 30 --json " + dir.file("r.json"));
  EXPECT_EQ(r.status, 1) << r.err;
  const auto replay = run_cli("replay " + dir.file("r.json"));
  EXPECT_EQ(replay.status, 0) << replay.err;
}

TEST(CliSampling, BadFlags) {
  struct Case {
    std::string args;
    std::string message;  // the whole of stderr
  };
  const Case cases[] = {
      {"--strategy pct --pct-depth 0", "--pct-depth: must be at least 1 (depth 1 runs the threads one after another)\n"},
      {"--strategy random --runs 0", "--runs: must be at least 1\n"},
      {"--strategy exhaustive --runs 10", "--runs N goes with --strategy random or pct\n"},
      {"--runs 10", "--runs N goes with --strategy random or pct\n"},
      {"--strategy random --pct-depth 2", "--pct-depth D goes with --strategy pct\n"},
      {"--strategy pct --switch-prob 0.1",
       "--switch-prob P goes with exhaustive, bounded, auto or dfs: a sample has no exact probabilities\n"},
      {"--strategy random --preemptions 1",
       "--strategy random samples runs without a preemption bound: --preemptions K goes with bounded, auto or dfs\n"},
  };
  for (const Case& c : cases) {
    const auto r = run_cli("explore " + kSeed + " -D THREADS=2 " + c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
    EXPECT_EQ(r.err, c.message) << c.args;
  }
  // Not read as 2^64 - 3 walks.
  const auto negative = run_cli("explore " + kSeed + " -D THREADS=2 --strategy random --runs -3");
  EXPECT_EQ(negative.status, 2);
  EXPECT_NE(negative.err.find("--runs: must not be negative"), std::string::npos) << negative.err;
}

TEST(CliSampling, TimeLimitNotesTheRunsMade) {
  const auto r = run_cli("explore " + kSeed + " --strategy random --runs 100000000 --time-limit 0.3 --details 0");
  EXPECT_EQ(r.status, 1) << r.err;  // 100 threads: nearly every walk loses updates
  EXPECT_NE(r.err.find("gilrace: note: the sampling stopped at the time limit (raise it with --time-limit SECONDS); "
                       "the counts cover the "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find(" of 100000000 random walks (a sample, not every interleaving); the time limit"),
            std::string::npos)
      << r.out.substr(0, 400);
}

}  // namespace
}  // namespace gilrace
