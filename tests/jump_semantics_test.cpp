// Control flow at run time: forward jumps that skip opcodes, loops, the
// step limit, ranges as values, and `import-dis` keeping jump targets.
#include <gtest/gtest.h>

#include <fstream>

#include "explorer/program/machine_values.hpp"
#include "models/value_operations.hpp"
#include "tests/cli_runner.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::TempDir;
using testing_support::Explored;
using testing_support::explore_text;
using Counts = std::map<std::string, std::string>;

// Paths of different lengths to one pc are different states: each thread's
// step count is part of the state once a body jumps.
const std::string kBranches =
    "global flag = False\nglobal n = 0\n"
    "def reader():\n    LOAD_GLOBAL flag\n    POP_JUMP_IF_FALSE done\n    NOP\n    NOP\n"
    "  done:\n    LOAD_CONST 1\n    STORE_GLOBAL n\n"
    "def writer():\n    LOAD_CONST True\n    STORE_GLOBAL flag\n"
    "threads 1 x reader\nthreads 1 x writer\n";

TEST(JumpSemantics, BranchesOfDifferentLengthsCountAsTheReferenceDoes) {
  const Explored exhaustive = explore_text(kBranches, "exhaustive");
  const Explored reference = explore_text(kBranches, "dfs");
  EXPECT_EQ(exhaustive.counts, reference.counts);
  EXPECT_EQ(exhaustive.total, "15");
  EXPECT_EQ(reference.total, "15");
}

TEST(JumpSemantics, AForwardJumpCountsOneStep) {
  const std::string text =
      "global n = 0\ndef f():\n    JUMP_FORWARD a\n    NOP\n  a:\n    NOP\n    LOAD_CONST 1\n    STORE_GLOBAL n\n"
      "threads 1 x f\n";
  // Four opcodes run (JUMP_FORWARD, NOP, LOAD_CONST, STORE_GLOBAL): a limit of 4 is enough.
  EXPECT_EQ(explore_text(text, "exhaustive", 4).counts, (Counts{{"1", "1"}}));
  EXPECT_EQ(explore_text(text, "exhaustive", 3).counts,
            (Counts{{"0;f hit the step limit of 3 opcodes (a spin loop? raise it with --max-steps N)", "1"}}));
}

TEST(JumpSemantics, TheStepLimitSparesBodiesWithoutJumps) {
  // A 3.11+ body with a jump does not put the limit on the body every-op runs.
  const std::string text =
      "global n = 0\ndef f():\n    LOAD_GLOBAL n\n    LOAD_CONST 1\n    INPLACE_ADD\n    STORE_GLOBAL n\n"
      "def f() for 3.11+:\n    RESUME 0\n    JUMP_FORWARD a\n  a:\n    NOP\nthreads 1 x f\n";
  EXPECT_EQ(explore_text(text, "exhaustive", 2).counts, (Counts{{"1", "1"}}));
}

TEST(JumpSemantics, RangesBehaveAsPythonsDo) {
  Program program;
  Machine machine;
  const Value empty = Value::range(ValueKind::Range, 0, 0, 1);
  const Value tens = Value::range(ValueKind::Range, 0, 4, 3);  // range(0, 10, 3): 0 3 6 9
  EXPECT_FALSE(is_truthy(program, machine, empty));
  EXPECT_TRUE(is_truthy(program, machine, tens));
  const auto in = [&](std::int64_t x, const Value& r) {
    return compare_values(program, machine, CompareOperator::In, Value::integer_value(x), r).value.integer;
  };
  EXPECT_EQ(in(9, tens), 1);
  EXPECT_EQ(in(10, tens), 0);
  EXPECT_EQ(in(4, tens), 0);
  EXPECT_EQ(in(-3, tens), 0);
  EXPECT_EQ(repr(program, machine, tens), "range(0, 10, 3)");
  EXPECT_EQ(repr(program, machine, Value::range(ValueKind::Range, 5, 3, -2)), "range(5, 0, -2)");
}

TEST(JumpSemantics, FloorDivisionAndModuloFollowPython) {
  const auto run = [](const std::string& a, const std::string& op, const std::string& b) {
    return explore_text("global r = 0\ndef f():\n    LOAD_CONST " + a + "\n    LOAD_CONST " + b + "\n    BINARY_OP " + op +
                            "\n    STORE_GLOBAL r\nthreads 1 x f\n",
                        "exhaustive")
        .counts.begin()
        ->first;
  };
  EXPECT_EQ(run("-7", "//", "2"), "-4");
  EXPECT_EQ(run("-7", "%", "2"), "1");
  EXPECT_EQ(run("7", "%", "-2"), "-1");
  EXPECT_EQ(run("7", "//", "0"), "0;f raised ZeroDivisionError: integer division or modulo by zero at BINARY_OP (line 5)");
}

TEST(JumpSemantics, ImportDisKeepsJumpTargets) {
  TempDir dir;
  // CPython 3.8's dis.dis of `for i in range(2): n += 1`.
  std::ofstream(dir.file("loop.txt")) << "  4           0 LOAD_GLOBAL              0 (range)\n"
                                         "              2 LOAD_CONST               1 (2)\n"
                                         "              4 CALL_FUNCTION            1\n"
                                         "              6 GET_ITER\n"
                                         "        >>    8 FOR_ITER                12 (to 22)\n"
                                         "             10 STORE_FAST               0 (i)\n"
                                         "  5          12 LOAD_GLOBAL              1 (n)\n"
                                         "             14 LOAD_CONST               2 (1)\n"
                                         "             16 INPLACE_ADD\n"
                                         "             18 STORE_GLOBAL             1 (n)\n"
                                         "             20 JUMP_ABSOLUTE            8\n"
                                         "        >>   22 LOAD_CONST               0 (None)\n"
                                         "             24 RETURN_VALUE\n";
  const auto imported = testing_support::run_cli("import-dis " + dir.file("loop.txt"));
  ASSERT_EQ(imported.status, 0) << imported.err;
  std::ofstream(dir.file("loop.scn")) << imported.out;
  const auto explored =
      testing_support::run_cli("explore " + dir.file("loop.scn") + " --model cpython-3.8 --json - --no-progress");
  EXPECT_NE(explored.out.find("\"total\": \"155117520\""), std::string::npos) << explored.out << explored.err;
}

TEST(JumpSemantics, ImportDisSkipsExceptionTables) {
  TempDir dir;
  // CPython 3.11's dis.dis of `with lock: n += 1`, with its ExceptionTable.
  std::ofstream(dir.file("with.txt")) <<
                                         "  4           0 RESUME                   0\n"
                                         "\n"
                                         "  6           2 LOAD_GLOBAL              0 (lock)\n"
                                         "             14 BEFORE_WITH\n"
                                         "             16 POP_TOP\n"
                                         "\n"
                                         "  7          18 LOAD_GLOBAL              2 (n)\n"
                                         "             30 LOAD_CONST               1 (1)\n"
                                         "             32 BINARY_OP               13 (+=)\n"
                                         "             36 STORE_GLOBAL             1 (n)\n"
                                         "\n"
                                         "  6          38 LOAD_CONST               0 (None)\n"
                                         "             40 LOAD_CONST               0 (None)\n"
                                         "             42 LOAD_CONST               0 (None)\n"
                                         "             44 PRECALL                  2\n"
                                         "             48 CALL                     2\n"
                                         "             58 POP_TOP\n"
                                         "             60 LOAD_CONST               0 (None)\n"
                                         "             62 RETURN_VALUE\n"
                                         "        >>   64 PUSH_EXC_INFO\n"
                                         "             66 WITH_EXCEPT_START\n"
                                         "             68 POP_JUMP_FORWARD_IF_TRUE     4 (to 78)\n"
                                         "             70 RERAISE                  2\n"
                                         "        >>   72 COPY                     3\n"
                                         "             74 POP_EXCEPT\n"
                                         "             76 RERAISE                  1\n"
                                         "        >>   78 POP_TOP\n"
                                         "             80 POP_EXCEPT\n"
                                         "             82 POP_TOP\n"
                                         "             84 POP_TOP\n"
                                         "             86 LOAD_CONST               0 (None)\n"
                                         "             88 RETURN_VALUE\n"
                                         "ExceptionTable:\n"
                                         "  16 to 36 -> 64 [1] lasti\n"
                                         "  64 to 70 -> 72 [3] lasti\n"
                                         "  78 to 78 -> 72 [3] lasti\n";
  const auto imported = testing_support::run_cli("import-dis " + dir.file("with.txt"));
  ASSERT_EQ(imported.status, 0) << imported.err;
  std::string scenario = imported.out;
  scenario.replace(scenario.find("global lock = 0"), 15, "global lock = threading.Lock()");
  std::ofstream(dir.file("with.scn")) << scenario;
  const auto explored =
      testing_support::run_cli("explore " + dir.file("with.scn") + " --model cpython-3.11 --no-progress");
  EXPECT_EQ(explored.status, 0) << explored.out << explored.err;
  EXPECT_NE(explored.out.find("n = 2    yes"), std::string::npos) << explored.out;
}

}  // namespace
}  // namespace gilrace
