// `gilrace diff OLD NEW`: the outcomes a fix loses, the ones a regression
// gains (with witnesses), the JSON form, and bad input in either file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using nlohmann::json;
using testing_support::count_of;
using testing_support::run_cli;
using testing_support::TempDir;

const std::string kSeed = "scenarios/seed_counter.scn";
const std::string kLocked = "scenarios/seed_counter_locked.scn";

TEST(CliDiff, FixLosesTheLostUpdates) {
  const auto r = run_cli("diff " + kSeed + " " + kLocked + " -D THREADS=3");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "old: scenarios/seed_counter.scn (THREADS=3): 3 threads, model every-op, strategy auto (exhaustive)\n"
            "     explored 34650 interleavings through 68 states (complete: every interleaving)\n"
            "new: scenarios/seed_counter_locked.scn (THREADS=3): 3 threads, model every-op, strategy auto "
            "(exhaustive)\n"
            "     explored 31584930 interleavings through 155 states (complete: every interleaving)\n"
            "\n"
            "gained: none\n"
            "lost (in old, not in new): 2 outcomes\n"
            "  outcome  expected  count\n"
            "  n = 1    NO        32880\n"
            "  n = 2    NO        1764\n"
            "kept: 1 outcome in both\n"
            "\n"
            "new gains no unexpected outcome\n");
}

TEST(CliDiff, RegressionGainsUnexpectedOutcomesWithWitnesses) {
  const auto r = run_cli("diff " + kLocked + " " + kSeed + " -D THREADS=3");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string tables =
      "gained (in new, not in old): 2 outcomes\n"
      "  outcome  expected  min preemptions  count\n"
      "  n = 1    NO        1                32880\n"
      "  n = 2    NO        1                1764\n"
      "lost: none\n"
      "kept: 1 outcome in both\n";
  EXPECT_NE(r.out.find(tables), std::string::npos) << r.out;
  // The first witness of n = 2, as explore draws it.
  const std::string n2_witness =
      "n = 2 is gained and unexpected (expect n == THREADS fails); witness (1 preemption):\n"
      "  step  T1                            T2\n"
      "  1     LOAD_GLOBAL n  [loaded n=0]\n"
      "  2     LOAD_CONST 1  [pushed 1]\n"
      "  3     INPLACE_ADD  [0 + 1 = 1]\n"
      "  4                                   LOAD_GLOBAL n  [loaded n=0]\n"
      "  5                                   LOAD_CONST 1  [pushed 1]\n"
      "  6                                   INPLACE_ADD  [0 + 1 = 1]\n"
      "  7                                   STORE_GLOBAL n  [stored n=1]\n"
      "  8     STORE_GLOBAL n  [stored n=1]\n"
      "        T3 ran to completion (n: 1 -> 2)\n"
      "  T1 stored n=1 over T2's update; both had loaded n=0.\n";
  EXPECT_NE(r.out.find(n2_witness), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("n = 1 is gained and unexpected (expect n == THREADS fails); witness (1 preemption):\n"),
            std::string::npos);
  EXPECT_NE(r.out.find("  T1 stored n=1 over T2's and T3's updates; T1 had loaded n=0 before both.\n"),
            std::string::npos);
  EXPECT_EQ(count_of(r.out, "witness ("), 2u);
  EXPECT_TRUE(r.out.ends_with("\nnew gains 2 unexpected outcomes\n")) << r.out;
}

TEST(CliDiff, SameFileTwiceChangesNothing) {
  const auto r = run_cli("diff " + kSeed + " " + kSeed + " -D THREADS=3");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\ngained: none\nlost: none\nkept: 3 outcomes in both\n\nnew gains no unexpected outcome\n"),
            std::string::npos)
      << r.out;
}

TEST(CliDiff, JsonListsGainedAndLost) {
  const auto r = run_cli("diff " + kLocked + " " + kSeed + " -D THREADS=3 --json -");
  EXPECT_EQ(r.status, 1) << r.err;
  const json diff = json::parse(r.out);
  std::vector<std::string> keys;
  for (const auto& [key, value] : diff.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"format", "gained", "kept", "lost", "new", "old", "version"}));
  EXPECT_EQ(diff["format"], "gilrace-diff");
  EXPECT_EQ(diff["version"], 1);
  EXPECT_EQ(diff["old"]["path"], kLocked);
  EXPECT_EQ(diff["new"]["path"], kSeed);
  EXPECT_EQ(diff["new"]["complete"], true);
  EXPECT_EQ(diff["new"]["params"], json({{"THREADS", 3}}));
  EXPECT_EQ(diff["old"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(diff["kept"], 1);
  EXPECT_EQ(diff["lost"], json::array());
  ASSERT_EQ(diff["gained"].size(), 2u);
  const json& first = diff["gained"][0];
  EXPECT_EQ(first["values"], json({{"n", "1"}}));
  EXPECT_EQ(first["count"], "32880");
  EXPECT_EQ(first["min_preemptions"], 1);
  EXPECT_EQ(first["expected"], false);
  EXPECT_EQ(first["deadlock"], false);
  EXPECT_EQ(first["errors"], json::array());
  EXPECT_EQ(first["failed_expectation"], "n == THREADS");
  EXPECT_EQ(first["witness"]["format"], "gilrace-trace");
  EXPECT_EQ(first["witness"]["preemptions"], 1);
  EXPECT_EQ(diff["gained"][1]["values"], json({{"n", "2"}}));
  EXPECT_EQ(diff["gained"][1]["count"], "1764");

  // The other direction: the same outcomes, lost, with their old counts.
  const auto fix = run_cli("diff " + kSeed + " " + kLocked + " -D THREADS=3 --json -");
  EXPECT_EQ(fix.status, 0) << fix.err;
  const json fixed = json::parse(fix.out);
  EXPECT_EQ(fixed["gained"], json::array());
  ASSERT_EQ(fixed["lost"].size(), 2u);
  EXPECT_EQ(fixed["lost"][0]["values"], json({{"n", "1"}}));
  EXPECT_EQ(fixed["lost"][0]["count"], "32880");
  EXPECT_FALSE(fixed["lost"][0].contains("witness"));
  EXPECT_EQ(fixed["lost"][1]["values"], json({{"n", "2"}}));
  EXPECT_EQ(fixed["lost"][1]["count"], "1764");
}

TEST(CliDiff, JsonToAFileAndTheTextReport) {
  TempDir dir;
  const auto r = run_cli("diff " + kSeed + " " + kLocked + " -D THREADS=2 --json " + dir.file("d.json"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("kept: 1 outcome in both\n"), std::string::npos);
  const json diff = json::parse(testing_support::read_file(dir.file("d.json")));
  EXPECT_EQ(diff["lost"].size(), 1u);
}

TEST(CliDiff, BadInputInEitherFile) {
  const auto missing_new = run_cli("diff " + kSeed + " nope.scn");
  EXPECT_EQ(missing_new.status, 2);
  EXPECT_EQ(missing_new.out, "");
  EXPECT_EQ(missing_new.err, "nope.scn: cannot read the file: No such file or directory\n");
  const auto missing_old = run_cli("diff nope.scn " + kSeed);
  EXPECT_EQ(missing_old.status, 2);
  EXPECT_EQ(missing_old.err, "nope.scn: cannot read the file: No such file or directory\n");
  const auto param = run_cli("diff " + kSeed + " scenarios/lock_order_deadlock.scn -D THREADS=2");
  EXPECT_EQ(param.status, 2);
  EXPECT_EQ(param.out, "");
  EXPECT_EQ(param.err,
            "-D THREADS=2: scenarios/lock_order_deadlock.scn has no parameter 'THREADS' (it declares none)\n");
  const auto bounded = run_cli("diff " + kSeed + " " + kLocked + " --strategy bounded");
  EXPECT_EQ(bounded.status, 2);
}

TEST(CliDiff, IncompleteRunsSayWhy) {
  const auto r = run_cli("diff " + kSeed + " " + kLocked + " -D THREADS=3 --strategy random");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count_of(r.out, "(a sample, not every interleaving)"), 2u) << r.out;
}

}  // namespace
}  // namespace gilrace
