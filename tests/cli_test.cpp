// The gilrace binary's `explore` command: exit statuses, the report JSON,
// the text report, and bad flags and scenarios.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "explorer/program/sha256.hpp"
#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using nlohmann::json;
using testing_support::count_of;
using testing_support::read_file;
using testing_support::run_cli;
using testing_support::TempDir;

const std::string kSeed = "scenarios/seed_counter.scn";

json parse_or_fail(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << text.substr(0, 500);
    return json::object();
  }
}

// values["n"] -> the outcome's JSON entry.
std::map<std::string, json> outcomes_by_n(const json& report) {
  std::map<std::string, json> by_n;
  for (const auto& o : report.at("outcomes")) by_n[o.at("values").at("n").get<std::string>()] = o;
  return by_n;
}

TEST(CliExplore, SeedThreeThreadsJson) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=3 --json -");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err, "");
  const json report = parse_or_fail(r.out);
  ASSERT_TRUE(report.is_object() && report.contains("outcomes"));
  EXPECT_EQ(report["format"], "gilrace-report");
  EXPECT_EQ(report["version"], 1);
  EXPECT_EQ(report["complete"], true);
  EXPECT_FALSE(report.contains("bound"));
  EXPECT_EQ(report["total"], "34650");
  EXPECT_EQ(report["model"], "every-op");
  EXPECT_EQ(report["strategy"], "auto");
  EXPECT_EQ(report["scenario"]["path"], kSeed);
  const std::string sha = sha256_hex(read_file(std::string(GILRACE_SOURCE_DIR) + "/" + kSeed));
  EXPECT_EQ(report["scenario"]["sha256"], sha);

  ASSERT_EQ(report["outcomes"].size(), 3u);
  // Expected first, then fewest preemptions, then most frequent.
  EXPECT_EQ(report["outcomes"][0]["values"], (json{{"n", "3"}}));
  EXPECT_EQ(report["outcomes"][1]["values"], (json{{"n", "1"}}));
  EXPECT_EQ(report["outcomes"][2]["values"], (json{{"n", "2"}}));
  auto by_n = outcomes_by_n(report);
  EXPECT_EQ(by_n["1"]["count"], "32880");
  EXPECT_EQ(by_n["2"]["count"], "1764");
  EXPECT_EQ(by_n["3"]["count"], "6");
  EXPECT_EQ(by_n["1"]["min_preemptions"], 1);
  EXPECT_EQ(by_n["2"]["min_preemptions"], 1);
  EXPECT_EQ(by_n["3"]["min_preemptions"], 0);
  EXPECT_EQ(by_n["1"]["expected"], false);
  EXPECT_EQ(by_n["2"]["expected"], false);
  EXPECT_EQ(by_n["3"]["expected"], true);

  for (const auto& outcome : report["outcomes"]) {
    ASSERT_TRUE(outcome["witnesses"].is_array());
    EXPECT_GE(outcome["witnesses"].size(), 1u);
    EXPECT_LE(outcome["witnesses"].size(), 3u);  // --witnesses defaults to 3
    for (const auto& trace : outcome["witnesses"]) {
      EXPECT_EQ(trace["format"], "gilrace-trace");
      EXPECT_EQ(trace["version"], 1);
      EXPECT_EQ(trace["model"], "every-op");
      EXPECT_EQ(trace["scenario"]["sha256"], sha);
      EXPECT_EQ(trace["params"], (json{{"THREADS", 3}}));
      EXPECT_EQ(trace["outcome"]["values"], outcome["values"]);
      EXPECT_EQ(trace["outcome"]["expected"], outcome["expected"]);
      EXPECT_EQ(trace["steps"].size(), 12u);  // 3 threads x 4 opcodes
      EXPECT_GE(trace["preemptions"].get<int>(), outcome["min_preemptions"].get<int>());
    }
    EXPECT_EQ(outcome["witnesses"][0]["preemptions"], outcome["min_preemptions"]);
  }
}

TEST(CliExplore, LockedSeedIsAllExpected) {
  const auto r = run_cli("explore scenarios/seed_counter_locked.scn -D THREADS=3");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\nevery outcome is expected\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("is unexpected"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\n  n = 3 +yes +0 +100.00% +[0-9]+\n"))) << r.out;
}

TEST(CliExplore, SeedThreeThreadsText) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=3");
  EXPECT_EQ(r.status, 1) << r.err;
  const std::string& t = r.out;
  EXPECT_EQ(t.rfind("scenarios/seed_counter.scn (THREADS=3): 3 threads, model every-op, strategy auto (exhaustive)\n"
                    "explored 34650 interleavings through ",
                    0),
            0u)
      << t;
  EXPECT_NE(t.find(" (complete: every interleaving)\n"), std::string::npos);
  EXPECT_NE(t.find("\n  outcome  expected  min preemptions  share     count\n"), std::string::npos) << t;
  EXPECT_TRUE(std::regex_search(t, std::regex("\n  n = 3 +yes +0 +0\\.017% +6\n"))) << t;
  EXPECT_TRUE(std::regex_search(t, std::regex("\n  n = 1 +NO +1 +94\\.89% +32880\n"))) << t;
  EXPECT_TRUE(std::regex_search(t, std::regex("\n  n = 2 +NO +1 +5\\.09% +1764\n"))) << t;
  EXPECT_NE(t.find("\nn = 1 is unexpected (expect n == THREADS fails); fewest preemptions: 1\n"), std::string::npos);
  EXPECT_NE(t.find("\nn = 2 is unexpected (expect n == THREADS fails); fewest preemptions: 1\n"), std::string::npos);
  EXPECT_EQ(t.find("n = 3 is unexpected"), std::string::npos);
  EXPECT_NE(t.find("\nwitness 1 of 3 (1 preemption):\n  step  T1 "), std::string::npos) << t;
  EXPECT_EQ(count_of(t, "\nwitness 1 of 3 "), 2u);
  // Every witness of n = 1 and n = 2 names at least one lost update.
  const std::regex sentence("\n  T[123] stored n=1 over T[123]'s (update|and T[123]'s updates); [^\n]*\\.\n");
  EXPECT_GE(std::distance(std::sregex_iterator(t.begin(), t.end(), sentence), std::sregex_iterator()), 6) << t;
  EXPECT_NE(t.find("\n  T1 stored n=1 over T2's update; both had loaded n=0.\n"), std::string::npos) << t;
  EXPECT_NE(t.find("\n  T1 stored n=1 over T2's and T3's updates; T1 had loaded n=0 before both.\n"), std::string::npos) << t;
  EXPECT_NE(t.find(" ran to completion (n: "), std::string::npos);
  EXPECT_TRUE(t.ends_with("\n\n2 unexpected outcomes\n")) << t;
}

// The seed as the brief states it: 100 threads; every outcome 1..99 needs
// exactly one preemption. One run writes both the text and the JSON.
TEST(CliExplore, SeedHundredThreadsWitnessesAndDetails) {
  TempDir dir;
  const std::string json_path = dir.file("report.json");
  const auto r = run_cli("explore " + kSeed + " --witnesses 3 --details 2 --json " + json_path);
  EXPECT_EQ(r.status, 1) << r.err;
  const std::string& t = r.out;
  EXPECT_EQ(t.rfind("scenarios/seed_counter.scn (THREADS=100): 100 threads, model every-op", 0), 0u) << t.substr(0, 300);
  EXPECT_TRUE(std::regex_search(t, std::regex("\n  n = 100 +yes +0 "))) << t.substr(0, 2000);
  EXPECT_TRUE(std::regex_search(t, std::regex("\n  n = 99 +NO +1 "))) << t.substr(0, 2000);
  EXPECT_TRUE(std::regex_search(t, std::regex("\n  n = 98 +NO +1 "))) << t.substr(0, 2000);
  const auto at99 = t.find("\nn = 99 is unexpected");
  const auto at98 = t.find("\nn = 98 is unexpected");
  ASSERT_NE(at99, std::string::npos);
  ASSERT_NE(at98, std::string::npos);
  ASSERT_LT(at99, at98);
  const std::string part99 = t.substr(at99, at98 - at99), part98 = t.substr(at98);
  EXPECT_NE(part99.find("\nwitness 3 of 3 (1 preemption):\n"), std::string::npos) << part99;
  EXPECT_NE(part98.find("\nwitness 3 of 3 (1 preemption):\n"), std::string::npos) << part98;
  EXPECT_NE(part99.find("        T3..T100 ran to completion (n: 1 -> 99)\n"), std::string::npos) << part99;
  EXPECT_NE(part99.find("\n  T1 stored n=1 over T2's update; both had loaded n=0.\n"), std::string::npos) << part99;
  EXPECT_NE(part98.find(" ran to completion (n: 1 -> 98)\n"), std::string::npos) << part98;
  EXPECT_EQ(t.find("\nn = 97 is unexpected"), std::string::npos);  // --details 2
  EXPECT_NE(t.find("\n97 more unexpected outcomes not drawn"), std::string::npos);
  EXPECT_NE(t.find("\n99 unexpected outcomes\n"), std::string::npos);

  const json report = parse_or_fail(read_file(json_path));
  ASSERT_TRUE(report.contains("outcomes"));
  ASSERT_EQ(report["outcomes"].size(), 100u);
  auto by_n = outcomes_by_n(report);
  ASSERT_EQ(by_n.size(), 100u);
  EXPECT_EQ(by_n["100"]["expected"], true);
  EXPECT_EQ(by_n["100"]["min_preemptions"], 0);
  for (int n = 1; n <= 99; ++n) {
    const json& o = by_n[std::to_string(n)];
    ASSERT_TRUE(o.is_object()) << "no outcome n = " << n;
    EXPECT_EQ(o["min_preemptions"], 1) << "n = " << n;
    EXPECT_EQ(o["expected"], false) << "n = " << n;
    EXPECT_EQ(o["witnesses"].size(), 3u) << "n = " << n;
    EXPECT_EQ(o["witnesses"][0]["outcome"]["values"], o["values"]);
    EXPECT_EQ(o["witnesses"][0]["steps"].size(), 400u);
  }
}

TEST(CliExplore, DfsGivesTheExhaustiveCounts) {
  const auto dfs = run_cli("explore " + kSeed + " -D THREADS=3 --strategy dfs --json -");
  const auto exhaustive = run_cli("explore " + kSeed + " -D THREADS=3 --strategy exhaustive --json -");
  EXPECT_EQ(dfs.status, 1) << dfs.err;
  EXPECT_EQ(exhaustive.status, 1) << exhaustive.err;
  const json a = parse_or_fail(dfs.out), b = parse_or_fail(exhaustive.out);
  EXPECT_EQ(a["strategy"], "dfs");
  EXPECT_EQ(b["strategy"], "exhaustive");
  EXPECT_EQ(a["complete"], true);
  EXPECT_EQ(a["total"], "34650");
  EXPECT_EQ(a["total"], b["total"]);
  auto da = outcomes_by_n(a), db = outcomes_by_n(b);
  ASSERT_EQ(da.size(), 3u);
  ASSERT_EQ(db.size(), 3u);
  for (const char* n : {"1", "2", "3"}) {
    EXPECT_EQ(da[n]["count"], db[n]["count"]) << "n = " << n;
    EXPECT_EQ(da[n]["min_preemptions"], db[n]["min_preemptions"]) << "n = " << n;
    EXPECT_EQ(da[n]["expected"], db[n]["expected"]) << "n = " << n;
  }
}

TEST(CliExplore, BoundedCountsOnlyInterleavingsWithinTheBound) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=3 --strategy bounded --preemptions 1 --json -");
  EXPECT_EQ(r.status, 1) << r.err;
  const json report = parse_or_fail(r.out);
  EXPECT_EQ(report["complete"], false);
  EXPECT_EQ(report["preemption_bound"], 1);
  EXPECT_TRUE(report["bound"].is_string());
  auto by_n = outcomes_by_n(report);
  EXPECT_EQ(by_n["3"]["count"], "6");  // the 3! serial orders need no preemption
  EXPECT_EQ(by_n.size(), 3u);
}

TEST(CliErrors, UnknownOpcodeNamesFileLineAndColumn) {
  TempDir dir;
  testing_support::write_file(dir.file("bad.scn"),
                              "global n = 0\n"
                              "def foo():\n"
                              "    LOAD_GLOBL  n\n"
                              "    LOAD_CONST   1\n"
                              "    INPLACE_ADD\n"
                              "    STORE_GLOBAL n\n"
                              "threads 2 x foo\n"
                              "observe n\n"
                              "expect n == 2\n");
  const auto r = run_cli("explore bad.scn", dir.path().string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "bad.scn:3:5: unknown opcode 'LOAD_GLOBL' (did you mean 'LOAD_GLOBAL'?)\n"
            "        LOAD_GLOBL  n\n"
            "        ^\n");
}

TEST(CliErrors, MissingScenarioFile) {
  TempDir dir;
  const auto r = run_cli("explore missing.scn", dir.path().string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "missing.scn: cannot read the file: No such file or directory\n");
}

TEST(CliErrors, BadFlags) {
  struct Case {
    std::string args;
    std::vector<std::string> messages;
  };
  const Case cases[] = {
      {"--frob", {"--frob"}},
      {"-D NOPE=1", {"has no parameter 'NOPE'", "THREADS"}},
      {"-D THREADS", {"expected NAME=VALUE"}},
      {"-D THREADS=abc", {"THREADS=abc", "integer"}},
      {"--strategy nope", {"unknown strategy 'nope'", "auto, exhaustive, bounded, dfs"}},
      {"--model nope", {"unknown model 'nope'", "known models: every-op"}},
      {"--strategy bounded", {"--strategy bounded needs --preemptions K"}},
      {"--witnesses lots", {"--witnesses"}},
  };
  for (const Case& c : cases) {
    const auto r = run_cli("explore " + kSeed + " -D THREADS=2 " + c.args);
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.err;
    EXPECT_EQ(r.out, "") << c.args;
    for (const auto& m : c.messages) EXPECT_NE(r.err.find(m), std::string::npos) << c.args << ": " << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << c.args << ": " << r.err;
  }
}

TEST(CliErrors, JobsMustBeAWholeNumberOfAtLeastOne) {
  const std::pair<std::string, std::string> cases[] = {
      {"--jobs 0", "--jobs: must be at least 1\n"},
      {"--jobs x", "--jobs x: 'x' is not a number of threads (write it as 1, 2, ...)\n"},
      {"--jobs -2", "--jobs -2: '-2' is not a number of threads (write it as 1, 2, ...)\n"},
      {"--jobs 1.5", "--jobs 1.5: '1.5' is not a number of threads (write it as 1, 2, ...)\n"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_cli("explore " + kSeed + " -D THREADS=2 " + args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err, message) << args;
  }
}

// The report is the same byte for byte, `seconds` aside, on any number of jobs.
TEST(CliJobs, ReportIsTheSameOnAnyNumberOfJobs) {
  TempDir dir;
  std::string reports[3];
  for (int jobs = 1; jobs <= 3; ++jobs) {
    const std::string path = dir.file("r" + std::to_string(jobs) + ".json");
    const auto r = run_cli("explore " + kSeed + " -D THREADS=7 --strategy bounded --preemptions 2 --jobs " +
                           std::to_string(jobs) + " --json " + path);
    EXPECT_EQ(r.status, 1) << r.err;
    auto report = nlohmann::json::parse(testing_support::read_file(path));
    EXPECT_GT(report["states"].get<std::uint64_t>(), 64u);
    report.erase("seconds");
    reports[jobs - 1] = report.dump();
  }
  EXPECT_EQ(reports[0], reports[1]);
  EXPECT_EQ(reports[0], reports[2]);
}

TEST(CliErrors, UnwritableJsonPath) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=2 --json /nonexistent-gilrace-dir/r.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "/nonexistent-gilrace-dir/r.json: cannot write the file\n");
}

TEST(CliErrors, TracesDirectoryBlockedByAFile) {
  TempDir dir;
  const std::string blocker = dir.file("blocker");
  testing_support::write_file(blocker, "not a directory\n");
  const auto r = run_cli("explore " + kSeed + " -D THREADS=2 --traces " + testing_support::shell_quote(blocker));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, blocker + ": cannot create the trace directory: a file is in the way\n");
}

// Even a search that stores only a handful of states honours --max-states.
TEST(CliLimits, TinyMaxStatesStopsExhaustiveSearch) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=5 --strategy exhaustive --max-states 10");
  EXPECT_EQ(r.status, 3) << r.out.substr(0, 300);
  EXPECT_NE(r.err.find("--max-states"), std::string::npos) << r.err;
}

TEST(CliLimits, MaxStatesMessageSaysHowToRaiseIt) {
  const auto r = run_cli("explore " + kSeed + " -D THREADS=8 --strategy exhaustive --max-states 10");
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out,
            "scenarios/seed_counter.scn (THREADS=8): 8 threads, model every-op, strategy exhaustive\n"
            "explored 0 interleavings through 11 states (not complete: stopped by the state limit of 10 states (raise "
            "it with --max-states N))\n"
            "PARTIAL: a limit stopped the search; the outcomes are those reached so far and each count covers only "
            "what was explored\n"
            "\n"
            "  outcome  expected  min preemptions  share     count\n"
            "  (no interleaving finished)\n"
            "\n"
            "no unexpected outcome among those reached before the stop (the search is partial: others may exist)\n");
  EXPECT_EQ(r.err,
            "gilrace: note: the search stopped at the state limit of 10 states (raise it with --max-states N); the "
            "report is partial: it has the outcomes reached so far, and each count covers only the interleavings "
            "explored; --strategy auto or --strategy bounded --preemptions K give exact counts under a preemption "
            "bound\n");
}

// A search stopped part way still reports what it reached, with witnesses
// that replay, and its JSON says it is partial.
TEST(CliLimits, StoppedSearchWritesAPartialReport) {
  testing_support::TempDir dir;
  const std::string json = dir.file("partial.json");
  const auto r = run_cli("explore scenarios/lock_order_deadlock.scn --strategy exhaustive --max-states 100 --no-progress "
                         "--json " + testing_support::shell_quote(json));
  EXPECT_EQ(r.status, 1) << r.err;  // the deadlock reached before the stop is a sure finding
  const auto report = nlohmann::json::parse(testing_support::read_file(json));
  EXPECT_EQ(report["complete"], false);
  EXPECT_EQ(report["partial"], true);
  EXPECT_EQ(report["limit"], "the state limit of 100 states (raise it with --max-states N)");
  EXPECT_EQ(report["bound"], "stopped by the state limit of 100 states (raise it with --max-states N)");
  EXPECT_EQ(report["total"], "924");  // of 148344 interleavings in all
  ASSERT_EQ(report["outcomes"].size(), 1u);
  EXPECT_EQ(report["outcomes"][0]["deadlock"], true);
  EXPECT_EQ(report["outcomes"][0]["witnesses"].size(), 3u);
  const auto replayed = run_cli("replay " + testing_support::shell_quote(json));
  EXPECT_EQ(replayed.status, 0) << replayed.err;
  const auto full = run_cli("explore scenarios/lock_order_deadlock.scn --strategy exhaustive --no-progress --json -");
  const auto whole = nlohmann::json::parse(full.out);
  EXPECT_EQ(whole["partial"], false);
  EXPECT_FALSE(whole.contains("limit"));
  EXPECT_EQ(whole["total"], "148344");
}

}  // namespace
}  // namespace gilrace
