// Every resource has a limit that ends a run with a clear message, exit
// status 3 and a partial report, never a crash or an out-of-memory kill:
// interleavings deeper than a main stack holds, a spin loop's step limit,
// and witnesses too long to keep.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli_runner.hpp"

namespace gilrace {
namespace {

using testing_support::run_cli;
using testing_support::TempDir;
using testing_support::write_file;

// Two threads that add to a global forever: every interleaving runs until
// both reach the step limit, so with a high one each is 10^5 opcodes deep.
const std::string kSpinForever =
    "global n = 0\n"
    "def spin():\n"
    "  loop:\n"
    "    LOAD_GLOBAL n\n"
    "    LOAD_CONST 1\n"
    "    INPLACE_ADD\n"
    "    STORE_GLOBAL n\n"
    "    JUMP_ABSOLUTE loop\n"
    "threads 2 x spin\n";

// The stateless searches recurse once per opcode: 200000 opcodes would
// overflow an 8 MiB main stack. They stop cleanly at the time limit instead.
TEST(ResourceLimits, StatelessSearchesGoDeeperThanTheMainStack) {
  TempDir dir;
  write_file(dir.file("spin.scn"), kSpinForever);
  for (const std::string strategy : {"dfs", "dpor"}) {
    const auto r = run_cli("explore spin.scn --max-steps 100000 --time-limit 1 --no-progress --details 0 --strategy " +
                               strategy,
                           dir.path().string());
    EXPECT_EQ(r.status, 3) << strategy << "\n" << r.err;
    EXPECT_NE(r.out.find("(not complete: stopped by the time limit (raise it with --time-limit SECONDS))\nPARTIAL: "),
              std::string::npos)
        << strategy << "\n" << r.out;
  }
}

TEST(ResourceLimits, AThreadStoppedByTheStepLimitExitsThree) {
  const auto r = run_cli("explore scenarios/spin_wait.scn --max-steps 30 --model cpython-3.11 --no-progress --details 0");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_EQ(r.err, "gilrace: note: in 2 outcomes a thread was stopped by the step limit (raise it with --max-steps N)\n");
  const auto json = run_cli("explore scenarios/spin_wait.scn --max-steps 30 --model cpython-3.11 --json -");
  EXPECT_NE(json.out.find("\"step_limit\": true"), std::string::npos);
  EXPECT_NE(json.out.find("\"step_limit\": false"), std::string::npos);
}

// An exception besides the step limit is a finding of its own: exit 1.
TEST(ResourceLimits, AnExceptionBesideTheStepLimitExitsOne) {
  TempDir dir;
  write_file(dir.file("mixed.scn"),
             "global n = 0\n"
             "def spin():\n"
             "  loop:\n"
             "    JUMP_ABSOLUTE loop\n"
             "def fail():\n"
             "    LOAD_CONST 1\n"
             "    LOAD_CONST 'a'\n"
             "    BINARY_ADD\n"
             "    RETURN_VALUE\n"
             "threads 1 x spin\n"
             "threads 1 x fail\n");
  const auto r = run_cli("explore mixed.scn --max-steps 5 --no-progress --details 0", dir.path().string());
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("fail raised TypeError"), std::string::npos) << r.out;
}

// Witnesses of 10^5 steps each: the report keeps them up to a million
// steps in all and says how many it left out, instead of exhausting memory.
TEST(ResourceLimits, LongWitnessesAreCappedInTheReport) {
  TempDir dir;
  write_file(dir.file("spin.scn"), kSpinForever);
  const auto r = run_cli("explore spin.scn --strategy random --runs 30 --max-steps 100000 --no-progress --details 1 "
                         "--json report.json",
                         dir.path().string());
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find(" were left out of the report: the witnesses before them already hold 1000000 steps (lower "
                       "--witnesses N or --max-steps N)\n"),
            std::string::npos)
      << r.err;
  // The text report draws a long witness's first and last 200 rows only.
  EXPECT_NE(r.out.find(" not drawn ("), std::string::npos);
  EXPECT_LT(r.out.size(), 200000u);
}

}  // namespace
}  // namespace gilrace
