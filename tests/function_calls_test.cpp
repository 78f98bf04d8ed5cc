// Calls to functions of the scenario: frames, arguments, returns, errors
// inside callees, recursion and its limit, and where each model may switch
// around a call. Every case runs exhaustive and DFS and checks that both
// agree and that every witness replays.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/cli_runner.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore_text;
using Counts = std::map<std::string, std::string>;

// Exhaustive counts, checked against the DFS reference.
Counts counts(const std::string& text, const std::string& model = {}, std::uint32_t max_steps = 10000) {
  const auto exhaustive = explore_text(text, "exhaustive", max_steps, model);
  const auto dfs = explore_text(text, "dfs", max_steps, model);
  EXPECT_EQ(exhaustive.counts, dfs.counts) << model;
  EXPECT_EQ(exhaustive.total, dfs.total) << model;
  return exhaustive.counts;
}

const std::string kAdd = R"(global n = 0
def add(a, b):
    LOAD_FAST a
    LOAD_FAST b
    BINARY_ADD
    RETURN_VALUE
def foo():
    LOAD_GLOBAL add
    LOAD_GLOBAL n
    LOAD_CONST 1
    CALL_FUNCTION 2
    STORE_GLOBAL n
observe n
)";

TEST(FunctionCalls, OneThreadGetsTheReturnValue) {
  EXPECT_EQ(counts(kAdd + "threads 1 x foo\n"), (Counts{{"1", "1"}}));
}

TEST(FunctionCalls, TheOldValueWaitsOnTheCallersStack) {
  // 9 opcodes per thread, any interleaving: C(18, 9).
  EXPECT_EQ(counts(kAdd + "threads 2 x foo\n"), (Counts{{"1", "48600"}, {"2", "20"}}));
  // 3.10: frame entry and the return are the only switch points: 3 runs per thread, C(6, 3).
  EXPECT_EQ(counts(kAdd + "threads 2 x foo\n", "cpython-3.10"), (Counts{{"1", "18"}, {"2", "2"}}));
}

TEST(FunctionCalls, CalleeLocalsAreItsOwn) {
  // The callee's `a` is not the caller's `a`; the caller's survives the call.
  const std::string text = R"(global out = 0
def double(a):
    LOAD_FAST a
    LOAD_FAST a
    BINARY_ADD
    STORE_FAST a
    LOAD_FAST a
    RETURN_VALUE
def foo():
    LOAD_CONST 5
    STORE_FAST a
    LOAD_GLOBAL double
    LOAD_CONST 20
    CALL_FUNCTION 1
    LOAD_FAST a
    BINARY_ADD
    STORE_GLOBAL out
threads 1 x foo
)";
  EXPECT_EQ(counts(text), (Counts{{"45", "1"}}));
}

TEST(FunctionCalls, ACalleeThatRunsOffItsEndReturnsNone) {
  const std::string text = R"(global out = 0
def nothing():
    NOP
def foo():
    LOAD_GLOBAL nothing
    CALL_FUNCTION 0
    STORE_GLOBAL out
threads 1 x foo
)";
  EXPECT_EQ(counts(text), (Counts{{"None", "1"}}));
}

TEST(FunctionCalls, MethodFormCallsAndNestedCalls) {
  // 3.11 shape: NULL + function, CALL n; `inc` itself calls `add`.
  const std::string text = R"(global n = 0
def add(a, b):
    RESUME 0
    LOAD_FAST a
    LOAD_FAST b
    BINARY_OP +
    RETURN_VALUE
def inc(x):
    RESUME 0
    LOAD_GLOBAL NULL + add
    LOAD_FAST x
    LOAD_CONST 1
    CALL 2
    RETURN_VALUE
def foo():
    RESUME 0
    LOAD_GLOBAL NULL + inc
    LOAD_GLOBAL n
    CALL 1
    STORE_GLOBAL n
threads 2 x foo
observe n
)";
  // 3.11: switch points at each RESUME only (calls of Python functions are
  // inlined), so 4 runs per thread: C(8, 4) = 70. n == 2 needs one thread's
  // last run before the other's second (which loads n): 2 x 5 orders.
  EXPECT_EQ(counts(text, "cpython-3.11"), (Counts{{"1", "60"}, {"2", "10"}}));
}

TEST(FunctionCalls, SuperinstructionsOf313) {
  // Python/bytecodes.c: the first name is oparg >> 4; STORE_FAST_STORE_FAST
  // stores the top of the stack into it.
  const std::string text = R"(global n = 0
def f(a, b):
    RESUME 0
    LOAD_FAST_LOAD_FAST 1 (a, b)
    STORE_FAST_STORE_FAST 1 (a, b)
    LOAD_FAST_LOAD_FAST a, b
    BINARY_OP -
    STORE_FAST_LOAD_FAST a, b
    LOAD_FAST a
    BINARY_OP *
    RETURN_VALUE
def foo():
    RESUME 0
    LOAD_GLOBAL f + NULL
    LOAD_CONST 7
    LOAD_CONST 2
    CALL 2
    STORE_GLOBAL n
threads 1 x foo
)";
  // [7, 2] -> a = 2, b = 7 -> 2 - 7 = -5 -> a = -5, push b -> 7 * -5.
  EXPECT_EQ(counts(text, "cpython-3.13"), (Counts{{"-35", "1"}}));
}

TEST(FunctionCalls, AnExceptionInACalleeIsReportedThere) {
  const std::string text = R"(global n = 0
def divide(a, b):
    LOAD_FAST a
    LOAD_FAST b
    BINARY_FLOOR_DIVIDE
    RETURN_VALUE
def foo():
    LOAD_GLOBAL divide
    LOAD_CONST 1
    LOAD_GLOBAL n
    CALL_FUNCTION 2
    STORE_GLOBAL n
threads 1 x foo
)";
  EXPECT_EQ(counts(text), (Counts{{"0;divide raised ZeroDivisionError: integer division or modulo by zero at "
                                   "BINARY_FLOOR_DIVIDE (line 5)",
                                   "1"}}));
}

TEST(FunctionCalls, WrongArgumentCountIsATypeError) {
  const std::string text = R"(global n = 0
def add(a, b):
    LOAD_FAST a
    RETURN_VALUE
def foo():
    LOAD_GLOBAL add
    LOAD_CONST 1
    CALL_FUNCTION 1
    STORE_GLOBAL n
threads 1 x foo
)";
  EXPECT_EQ(counts(text), (Counts{{"0;foo raised TypeError: wrong number of arguments at CALL_FUNCTION (line 8)", "1"}}));
}

// down(k): k == 0 ? 0 : down(k - 1) + 1
const std::string kDown = R"(global n = 0
global depth = DEPTH
def down(k):
    LOAD_FAST k
    LOAD_CONST 0
    COMPARE_OP ==
    POP_JUMP_IF_FALSE deeper
    LOAD_CONST 0
    RETURN_VALUE
  deeper:
    LOAD_GLOBAL down
    LOAD_FAST k
    LOAD_CONST 1
    BINARY_SUBTRACT
    CALL_FUNCTION 1
    LOAD_CONST 1
    BINARY_ADD
    RETURN_VALUE
def foo():
    LOAD_GLOBAL down
    LOAD_GLOBAL depth
    CALL_FUNCTION 1
    STORE_GLOBAL n
threads 1 x foo
observe n
)";

std::string down(int depth) {
  std::string text = kDown;
  text.replace(text.find("DEPTH"), 5, std::to_string(depth));
  return text;
}

TEST(FunctionCalls, RecursionReturnsThroughEveryFrame) {
  EXPECT_EQ(counts(down(10)), (Counts{{"10", "1"}}));
  // foo's frame and 31 of down's: the recursion limit of 32 frames.
  EXPECT_EQ(counts(down(30)), (Counts{{"30", "1"}}));
}

TEST(FunctionCalls, RecursionBeyondTheLimitIsARecursionError) {
  EXPECT_EQ(counts(down(31)),
            (Counts{{"0;down raised RecursionError: maximum recursion depth exceeded at CALL_FUNCTION (line 15)", "1"}}));
}

TEST(FunctionCalls, ThreeThreadsInsideTheSameCall) {
  // Too many interleavings for DFS (27! / (9!)^3 = 227873431500); the
  // exhaustive search merges states whose frames are equal.
  const auto result = explore_text(kAdd + "threads 3 x foo\n", "exhaustive");
  EXPECT_EQ(result.total, "227873431500");
  EXPECT_EQ(result.counts, (Counts{{"1", "227688729840"}, {"2", "184700520"}, {"3", "1140"}}));
}

TEST(FunctionCalls, ImportDisTurnsCalledFunctionsIntoDefsWithParameters) {
  testing_support::TempDir dir;
  // CPython 3.9's dis.dis of add and foo (`n = add(n, 1)`), each under the
  // header dis prints for a code object; `total` is add's own local.
  std::ofstream(dir.file("calls.txt")) << "Disassembly of <code object add at 0x7f, file \"c.py\", line 3>:\n"
                                          "  4           0 LOAD_FAST                0 (a)\n"
                                          "              2 LOAD_FAST                1 (b)\n"
                                          "              4 BINARY_ADD\n"
                                          "              6 STORE_FAST               2 (total)\n"
                                          "              8 LOAD_FAST                2 (total)\n"
                                          "             10 RETURN_VALUE\n"
                                          "\n"
                                          "Disassembly of <code object foo at 0x7f, file \"c.py\", line 6>:\n"
                                          "  8           0 LOAD_GLOBAL              0 (add)\n"
                                          "              2 LOAD_GLOBAL              1 (n)\n"
                                          "              4 LOAD_CONST               1 (1)\n"
                                          "              6 CALL_FUNCTION            2\n"
                                          "              8 STORE_GLOBAL             1 (n)\n"
                                          "             10 LOAD_CONST               0 (None)\n"
                                          "             12 RETURN_VALUE\n";
  const auto imported = testing_support::run_cli("import-dis " + dir.file("calls.txt"));
  ASSERT_EQ(imported.status, 0) << imported.err;
  EXPECT_NE(imported.out.find("\ndef add(a, b):\n"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("\nthreads 2 x foo\nobserve n\n"), std::string::npos) << imported.out;
  EXPECT_EQ(imported.out.find("threads 2 x add"), std::string::npos) << imported.out;
  EXPECT_EQ(imported.out.find("global add"), std::string::npos) << imported.out;
  std::ofstream(dir.file("calls.scn")) << imported.out;
  const auto explored = testing_support::run_cli("explore " + dir.file("calls.scn") + " --model cpython-3.9 --json - --no-progress");
  EXPECT_NE(explored.out.find("\"total\": \"3432\""), std::string::npos) << explored.out << explored.err;
}

}  // namespace
}  // namespace gilrace
