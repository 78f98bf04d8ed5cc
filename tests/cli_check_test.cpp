// `gilrace check --baseline`: a baseline's round trip (record, unchanged ->
// 0, scenario changed -> 1 naming the change, other scenario or parameters
// -> 2), malformed baselines, and stable, sorted baseline files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using testing_support::read_file;
using testing_support::run_cli;
using testing_support::TempDir;

// A directory holding copies of the seed and its locked fix.
struct Workspace {
  TempDir dir;
  Workspace() {
    for (const char* name : {"seed_counter.scn", "seed_counter_locked.scn"})
      std::filesystem::copy_file(std::string(GILRACE_SOURCE_DIR) + "/scenarios/" + name, dir.file(name));
  }
  std::string run(const std::string& args, int* status = nullptr) const {
    const auto r = run_cli(args, dir.path().string());
    if (status) *status = r.status;
    return r.out + r.err;
  }
};

TEST(CliCheck, RecordThenUnchanged) {
  Workspace w;
  int status = -1;
  EXPECT_EQ(w.run("check . --baseline b.json --update -D THREADS=2", &status),
            "./seed_counter.scn: recorded 2 outcomes, 70 interleavings\n"
            "./seed_counter_locked.scn: recorded 1 outcome, 1742 interleavings\n"
            "wrote b.json (2 scenarios)\n");
  EXPECT_EQ(status, 0);
  EXPECT_EQ(w.run("check . --baseline b.json -D THREADS=2", &status),
            "./seed_counter.scn: unchanged (2 outcomes, 70 interleavings)\n"
            "  known unexpected outcome: n = 1\n"
            "./seed_counter_locked.scn: unchanged (1 outcome, 1742 interleavings)\n");
  EXPECT_EQ(status, 0);
}

TEST(CliCheck, ChangedScenarioExitsOneNamingEachChange) {
  Workspace w;
  w.run("check seed_counter.scn --baseline b.json --update -D THREADS=2");
  // The same file, now adding 2: the counts and outcomes move.
  std::string text = read_file(w.dir.file("seed_counter.scn"));
  text.replace(text.find("LOAD_CONST   1"), 14, "LOAD_CONST   2");
  std::ofstream(w.dir.file("seed_counter.scn")) << text;
  int status = -1;
  EXPECT_EQ(w.run("check seed_counter.scn --baseline b.json -D THREADS=2", &status),
            "seed_counter.scn: CHANGED\n"
            "  n = 2: 2 -> 68 interleavings\n"
            "  new unexpected outcome: n = 4 (2 interleavings)\n"
            "  unexpected outcome gone: n = 1 (was 68 interleavings)\n"
            "  note: the scenario's text changed since the baseline\n");
  EXPECT_EQ(status, 1);
}

TEST(CliCheck, ABaselineThatDoesNotFitExitsTwo) {
  Workspace w;
  w.run("check seed_counter.scn --baseline b.json --update -D THREADS=2");
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"check seed_counter_locked.scn --baseline b.json -D THREADS=2",
       "b.json: seed_counter_locked.scn: not in the baseline (rewrite the baseline with --update)\n"},
      {"check seed_counter.scn --baseline b.json -D THREADS=3",
       "b.json: seed_counter.scn: the baseline is for parameters {\"THREADS\":2}, this check runs {\"THREADS\":3} "
       "(rewrite the baseline with --update)\n"},
      {"check seed_counter.scn --baseline b.json -D THREADS=2 --model cpython-3.11",
       "b.json: seed_counter.scn: the baseline is for model every-op, this check runs cpython-3.11 (rewrite the "
       "baseline with --update)\n"},
      {"check seed_counter.scn --baseline b.json -D THREADS=2 --strategy dpor",
       "b.json: seed_counter.scn: the baseline is for strategy auto, this check runs dpor (rewrite the baseline with "
       "--update)\n"},
      {"check seed_counter.scn --baseline missing.json", "missing.json: cannot read the file: No such file or directory\n"},
      {"check seed_counter.scn --baseline b.json --strategy random",
       "--strategy random samples runs: gilrace check compares exact counts\n"},
  };
  for (const Case& c : cases) {
    int status = -1;
    EXPECT_EQ(w.run(c.args, &status), c.message) << c.args;
    EXPECT_EQ(status, 2) << c.args;
  }
}

TEST(CliCheck, MalformedBaselinesExitTwo) {
  Workspace w;
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"{}", "b.json: not a gilrace baseline (\"format\" is not \"gilrace-baseline\"; write one with gilrace check "
             "--update)\n"},
      {R"({"format": "gilrace-baseline", "version": 7, "scenarios": []})",
       "b.json: baseline version 7 is not supported (this gilrace reads version 1)\n"},
      {R"({"format": "gilrace-baseline", "version": 1})",
       "b.json: the baseline: \"scenarios\" must be an array (a baseline written by gilrace check --update)\n"},
      {R"({"format": "gilrace-baseline", "version": 1, "scenarios": [{"path": "seed_counter.scn"}]})",
       "b.json: scenario 1: \"sha256\" must be 64 lowercase hex digits (a baseline written by gilrace check --update)\n"},
  };
  for (const Case& c : cases) {
    std::ofstream(w.dir.file("b.json")) << c.text;
    int status = -1;
    EXPECT_EQ(w.run("check seed_counter.scn --baseline b.json", &status), c.message) << c.text;
    EXPECT_EQ(status, 2) << c.text;
  }
}

TEST(CliCheck, BaselinesAreStableAndSorted) {
  Workspace w;
  w.run("check . --baseline a.json --update -D THREADS=3 --jobs 1");
  w.run("check . --baseline b.json --update -D THREADS=3 --jobs 2");
  const std::string a = read_file(w.dir.file("a.json"));
  EXPECT_EQ(a, read_file(w.dir.file("b.json")));
  const auto json = nlohmann::json::parse(a);
  EXPECT_EQ(json["format"], "gilrace-baseline");
  const auto& outcomes = json["scenarios"][0]["outcomes"];
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0]["outcome"], "n = 1");
  EXPECT_EQ(outcomes[0]["count"], "32880");
  EXPECT_EQ(outcomes[2]["outcome"], "n = 3");
  EXPECT_EQ(outcomes[2]["expected"], true);
  EXPECT_FALSE(json["scenarios"][0].contains("witnesses"));
}

TEST(CliCheck, ADirectoryWithoutScenariosIsBadInput) {
  TempDir empty;
  const auto r = run_cli("check " + empty.path().string() + " --baseline b.json --update");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, empty.path().string() + ": no .scn files in the directory\n");
}

}  // namespace
}  // namespace gilrace
