// The gilrace binary's trace files and `replay` command, plus `models`,
// `--help` and a missing subcommand.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "explorer/program/sha256.hpp"
#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using nlohmann::json;
using testing_support::count_of;
using testing_support::read_file;
using testing_support::run_cli;
using testing_support::shell_quote;
using testing_support::TempDir;
using testing_support::write_file;

const std::string kSource = GILRACE_SOURCE_DIR;
const std::string kSeed = "scenarios/seed_counter.scn";

TEST(CliReplay, TracesDirHoldsEveryWitnessAndEachReplays) {
  TempDir dir;
  const std::string traces = dir.file("traces"), report_path = dir.file("report.json");
  const auto r = run_cli("explore " + kSeed + " -D THREADS=3 --traces " + shell_quote(traces) + " --json " +
                         shell_quote(report_path));
  EXPECT_EQ(r.status, 1) << r.err;
  const json report = json::parse(read_file(report_path));

  std::set<std::string> expected_files;
  for (std::size_t i = 0; i < report["outcomes"].size(); ++i) {
    const json& witnesses = report["outcomes"][i]["witnesses"];
    for (std::size_t w = 0; w < witnesses.size(); ++w) {
      const std::string name = "outcome-" + std::to_string(i + 1) + "-witness-" + std::to_string(w + 1) + ".json";
      expected_files.insert(name);
      const std::string path = traces + "/" + name;
      ASSERT_TRUE(std::filesystem::exists(path)) << name;
      EXPECT_EQ(json::parse(read_file(path)), witnesses[w]) << name;
      const auto replay = run_cli("replay " + shell_quote(path));
      EXPECT_EQ(replay.status, 0) << name << ": " << replay.err;
      EXPECT_EQ(replay.err, "") << name;
      EXPECT_TRUE(std::regex_search(replay.out, std::regex("\nreplayed 12 steps \\([0-9]+ preemptions?\\): n = " +
                                                           witnesses[w]["outcome"]["values"]["n"].get<std::string>() +
                                                           " \\((un)?expected\\), as recorded\n$")))
          << name << ": " << replay.out;
    }
  }
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(traces)) files.insert(entry.path().filename().string());
  EXPECT_EQ(files, expected_files);
  EXPECT_GE(files.size(), 3u);
  EXPECT_EQ(r.err, "wrote " + std::to_string(files.size()) + " traces to " + traces + "\n");

  const auto whole = run_cli("replay " + shell_quote(report_path));
  EXPECT_EQ(whole.status, 0) << whole.err;
  EXPECT_EQ(count_of(whole.out, ", as recorded\n"), files.size()) << whole.out;
  EXPECT_EQ(whole.out.rfind("trace 1 of " + std::to_string(files.size()) + ":\n", 0), 0u) << whole.out;
}

TEST(CliReplay, ScenarioElsewhereNeedsTheScenarioFlag) {
  TempDir dir;
  const auto r = run_cli("explore " + kSeed + " -D THREADS=2 --traces " + shell_quote(dir.file("t")));
  ASSERT_EQ(r.status, 1) << r.err;
  const std::string trace = dir.file("t/outcome-1-witness-1.json");
  // The trace names the scenario by the relative path it was explored with.
  const auto lost = run_cli("replay " + shell_quote(trace), dir.path().string());
  EXPECT_EQ(lost.status, 2);
  EXPECT_EQ(lost.err, trace + ": cannot read the scenario scenarios/seed_counter.scn the trace was recorded for "
                              "(pass --scenario FILE)\n");
  const auto found = run_cli("replay " + shell_quote(trace) + " --scenario " + shell_quote(kSource + "/" + kSeed),
                             dir.path().string());
  EXPECT_EQ(found.status, 0) << found.err;
  EXPECT_NE(found.out.find(", as recorded\n"), std::string::npos) << found.out;
}

TEST(CliReplay, ChangedScenarioDivergesAndAnotherScenarioIsRejected) {
  TempDir dir;
  const std::string original = read_file(kSource + "/" + kSeed);
  write_file(dir.file("s.scn"), original);
  const std::string cwd = dir.path().string();
  ASSERT_EQ(run_cli("explore s.scn -D THREADS=2 --traces tr", cwd).status, 1);
  const std::string trace_name = "tr/outcome-2-witness-1.json";
  const json trace = json::parse(read_file(dir.file(trace_name)));

  // Unchanged: replays as recorded.
  EXPECT_EQ(run_cli("replay " + trace_name, cwd).status, 0);

  // Against a different scenario file: rejected before any step runs.
  const auto other = run_cli("replay " + trace_name + " --scenario " + shell_quote(kSource + "/scenarios/seed_counter_locked.scn"), cwd);
  EXPECT_EQ(other.status, 2);
  EXPECT_EQ(other.out, "");
  EXPECT_NE(other.err.find(trace_name + ": the trace was recorded for another scenario: s.scn with sha256 " +
                           sha256_hex(original).substr(0, 12) + "..."),
            std::string::npos)
      << other.err;

  // Edited in place: the note, then the first step that differs.
  std::string edited = original;
  const std::string from = "LOAD_CONST   1", to = "LOAD_CONST   2";
  ASSERT_NE(edited.find(from), std::string::npos);
  edited.replace(edited.find(from), from.size(), to);
  write_file(dir.file("s.scn"), edited);
  const auto changed = run_cli("replay " + trace_name, cwd);
  EXPECT_EQ(changed.status, 2);
  EXPECT_EQ(changed.out.rfind("note: s.scn changed since the trace was recorded (sha256 " +
                                  sha256_hex(original).substr(0, 12) + "... then, " + sha256_hex(edited).substr(0, 12) +
                                  "... now); replaying to find where it diverges\n",
                              0),
            0u)
      << changed.out;
  std::size_t step = 0;
  while (step < trace["steps"].size() && trace["steps"][step]["opcode"] != "LOAD_CONST") ++step;
  ASSERT_LT(step, trace["steps"].size());
  const std::string n = std::to_string(step + 1), t = std::to_string(trace["steps"][step]["thread"].get<int>());
  EXPECT_EQ(changed.err, trace_name + ": replay diverges at step " + n + ": step " + n + " differs: the trace recorded T" +
                             t + " LOAD_CONST 1 (pushed 1) at pc 1, the scenario now does T" + t +
                             " LOAD_CONST 2 (pushed 2) at pc 1\n");
}

TEST(CliReplay, TamperedOutcomeIsReported) {
  TempDir dir;
  ASSERT_EQ(run_cli("explore " + kSeed + " -D THREADS=2 --traces " + shell_quote(dir.file("t"))).status, 1);
  json trace = json::parse(read_file(dir.file("t/outcome-1-witness-1.json")));
  ASSERT_EQ(trace["outcome"]["values"]["n"], "2");
  trace["outcome"]["values"]["n"] = "7";
  write_file(dir.file("x.json"), trace.dump());
  const auto r = run_cli("replay " + shell_quote(dir.file("x.json")));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("every step matches, but the outcome differs"), std::string::npos) << r.err;
}

TEST(CliReplay, CorruptedTraces) {
  TempDir dir;
  const std::string cwd = dir.path().string();
  write_file(dir.file("bad.json"), "{\n  \"format\": \"gilrace-trace\",\n  \"version\": 1,\n  oops\n}\n");
  const auto invalid = run_cli("replay bad.json", cwd);
  EXPECT_EQ(invalid.status, 2);
  EXPECT_EQ(invalid.err.rfind("bad.json:4:3: not valid JSON: ", 0), 0u) << invalid.err;

  ASSERT_EQ(run_cli("explore " + kSeed + " -D THREADS=2 --traces " + shell_quote(dir.file("t"))).status, 1);
  json trace = json::parse(read_file(dir.file("t/outcome-1-witness-1.json")));
  trace.erase("steps");
  write_file(dir.file("nosteps.json"), trace.dump(2));
  const auto nosteps = run_cli("replay nosteps.json", cwd);
  EXPECT_EQ(nosteps.status, 2);
  EXPECT_EQ(nosteps.err, "nosteps.json: the trace has no \"steps\"\n");

  write_file(dir.file("empty.json"), "");
  EXPECT_EQ(run_cli("replay empty.json", cwd).status, 2);
  const auto missing = run_cli("replay nothing.json", cwd);
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "nothing.json: cannot read the file: No such file or directory\n");
  write_file(dir.file("report.json"), R"({"format": "gilrace-report", "version": 1, "outcomes": []})");
  const auto empty_report = run_cli("replay report.json", cwd);
  EXPECT_EQ(empty_report.status, 2);
  EXPECT_EQ(empty_report.err, "report.json: the report holds no witness traces to replay\n");
}

TEST(CliMisc, ModelsHelpAndNoSubcommand) {
  const auto models = run_cli("models");
  EXPECT_EQ(models.status, 0);
  EXPECT_TRUE(std::regex_search(models.out, std::regex("(^|\n)every-op +\\S[^\n]*\n"))) << models.out;

  const auto help = run_cli("--help");
  EXPECT_EQ(help.status, 0);
  for (const char* sub : {"explore", "replay", "models", "import-dis"})
    EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
  const auto explore_help = run_cli("explore --help");
  EXPECT_EQ(explore_help.status, 0);
  EXPECT_NE(explore_help.out.find("--max-states"), std::string::npos);

  const auto none = run_cli("");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("subcommand"), std::string::npos) << none.err;
  EXPECT_EQ(run_cli("frobnicate").status, 2);
  EXPECT_EQ(run_cli("explore").status, 2);  // FILE is required
}

}  // namespace
}  // namespace gilrace
