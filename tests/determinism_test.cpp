// Determinism through the real binary: the same scenario, model, strategy
// and seed give byte-identical JSON reports on every run and for every
// --jobs value (only the wall-clock `seconds` fields may differ), and every
// witness of every catalogue scenario replays to the outcome it recorded.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using testing_support::count_of;
using testing_support::run_cli;
using testing_support::shell_quote;
using testing_support::TempDir;

// Every scenario of the catalogue, with the seed cut down to a few threads.
std::vector<std::string> catalogue() {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(GILRACE_SOURCE_DIR) + "/scenarios"))
    if (entry.path().extension() == ".scn") paths.push_back("scenarios/" + entry.path().filename().string());
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string defines_for(const std::string& path) {
  return path.find("seed_counter") != std::string::npos ? " -D THREADS=3" : "";
}

// The report with the wall-clock fields blanked out.
std::string without_timings(const std::string& json) {
  static const std::regex seconds("\"seconds\": [0-9.e+-]+");
  return std::regex_replace(json, seconds, "\"seconds\": 0");
}

std::string report(const std::string& args) {
  const auto r = run_cli("explore " + args + " --json - --no-progress");
  EXPECT_TRUE(r.status == 0 || r.status == 1 || r.status == 3) << args << "\n" << r.err;
  EXPECT_NE(r.out.find("\"format\": \"gilrace-report\""), std::string::npos) << args;
  return without_timings(r.out);
}

TEST(Determinism, CatalogueReportsAreIdenticalAcrossRunsAndJobs) {
  ASSERT_EQ(catalogue().size(), 16u);
  for (const std::string& path : catalogue()) {
    const std::string args = path + defines_for(path);
    const std::string first = report(args + " --jobs 1");
    EXPECT_EQ(report(args + " --jobs 1"), first) << path;
    EXPECT_EQ(report(args + " --jobs 2"), first) << path;
  }
}

TEST(Determinism, EveryStrategyRepeatsItsReport) {
  const std::vector<std::string> strategies = {
      "--strategy exhaustive", "--strategy bounded --preemptions 1", "--strategy dfs", "--strategy dpor",
      "--strategy random --runs 200 --seed 7", "--strategy pct --runs 200 --seed 7 --pct-depth 3", "--strategy auto"};
  for (const std::string& scenario :
       {std::string("scenarios/seed_counter.scn -D THREADS=3"), std::string("scenarios/with_lock_counter.scn -D THREADS=2"),
        std::string("scenarios/check_then_act_dict.scn --model cpython-3.9")}) {
    for (const std::string& strategy : strategies) {
      const std::string args = scenario + " " + strategy;
      const std::string first = report(args + " --jobs 1");
      EXPECT_EQ(report(args + " --jobs 2"), first) << args;
      EXPECT_EQ(report(args + " --jobs 1"), first) << args;
    }
  }
}

TEST(Determinism, AnotherSeedDrawsAnotherSample) {  // so the comparisons above can fail
  const std::string args = "scenarios/seed_counter.scn -D THREADS=4 --strategy random --runs 200";
  EXPECT_NE(report(args + " --seed 1"), report(args + " --seed 2"));
}

TEST(Determinism, EveryWitnessOfEveryCatalogueScenarioReplays) {
  TempDir dir;
  std::size_t witnesses = 0;
  for (const std::string& path : catalogue()) {
    for (const std::string model : {"every-op", "cpython-3.9", "cpython-3.13t"}) {
      const std::string json = dir.file("report.json");
      const auto explored = run_cli("explore " + path + defines_for(path) + " --model " + model +
                                    " --witnesses 3 --no-progress --json " + shell_quote(json));
      ASSERT_TRUE(explored.status == 0 || explored.status == 1 || explored.status == 3) << path << " " << explored.err;
      const std::size_t recorded = count_of(testing_support::read_file(json), "\"format\": \"gilrace-trace\"");
      const auto replayed = run_cli("replay " + shell_quote(json));
      EXPECT_EQ(replayed.status, 0) << path << " " << model << "\n" << replayed.err;
      EXPECT_EQ(count_of(replayed.out, ", as recorded\n"), recorded) << path << " " << model;
      witnesses += recorded;
    }
  }
  EXPECT_GT(witnesses, 200u);
}

}  // namespace
}  // namespace gilrace
