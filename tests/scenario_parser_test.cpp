// Full parse results: params with -D overrides, globals, resolved function
// code (global slots, constants, stack depth, locals), dis-pasted bodies,
// thread layout, observe defaults, expectations and the model line.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "explorer/program/scenario_parser.hpp"
#include "explorer/program/sha256.hpp"

namespace gilrace {
namespace {

std::vector<Opcode> opcodes_of(const Function& f) {
  std::vector<Opcode> out;
  for (const auto& in : f.code) out.push_back(in.opcode);
  return out;
}

const std::string kSeed =
    "# the seed: THREADS threads each run `n += 1`\n"  // 1
    "param THREADS = 100\n"                            // 2
    "global n = 0\n"                                   // 3
    "global lock = Lock()\n"                           // 4
    "\n"                                               // 5
    "def foo():\n"                                     // 6
    "    LOAD_GLOBAL  n\n"                             // 7
    "    LOAD_CONST   1\n"                             // 8
    "    INPLACE_ADD\n"                                // 9
    "    STORE_GLOBAL n\n"                             // 10
    "    # no RETURN_VALUE\n"                          // 11
    "\n"                                               // 12
    "threads THREADS x foo\n"                          // 13
    "observe n\n"                                      // 14
    "expect n == THREADS   # every update kept\n";     // 15

TEST(ScenarioParser, SeedWithDefineOverride) {
  const Program p = parse_scenario("seed.scn", kSeed, {{"THREADS", "3"}});
  EXPECT_EQ(p.path, "seed.scn");
  EXPECT_EQ(p.text, kSeed);
  EXPECT_EQ(p.sha256, sha256_hex(kSeed));
  EXPECT_EQ(p.params, (ParamTable{{"THREADS", 3}}));
  EXPECT_EQ(p.model, "");
  EXPECT_EQ(p.global_names, (std::vector<std::string>{"n", "lock"}));
  ASSERT_EQ(p.global_initial.size(), 2u);
  EXPECT_EQ(p.global_initial[0], PlainValue::int_value(0));
  EXPECT_EQ(p.global_initial[1], PlainValue::lock(false));

  ASSERT_EQ(p.functions.size(), 1u);
  const Function& foo = p.functions[0];
  EXPECT_EQ(foo.name, "foo");
  EXPECT_EQ(foo.line, 6u);
  EXPECT_EQ(opcodes_of(foo), (std::vector<Opcode>{Opcode::LOAD_GLOBAL, Opcode::LOAD_CONST, Opcode::INPLACE_ADD,
                                                  Opcode::STORE_GLOBAL}));
  EXPECT_EQ(foo.code[0].arg, 0);  // global slot of n
  EXPECT_EQ(foo.code[0].operand_text, "n");
  EXPECT_EQ(foo.code[0].line, 7u);
  EXPECT_FALSE(foo.code[0].push_null);
  EXPECT_EQ(foo.code[1].arg, 0);  // constant index
  EXPECT_EQ(foo.code[1].operand_text, "1");
  EXPECT_EQ(foo.code[2].operand_text, "");
  EXPECT_EQ(foo.code[3].arg, 0);
  EXPECT_EQ(foo.code[3].line, 10u);
  EXPECT_EQ(p.constants, (std::vector<Value>{Value::integer_value(1)}));
  EXPECT_EQ(foo.max_stack, 2u);
  EXPECT_TRUE(foo.local_names.empty());
  EXPECT_EQ(p.frame_size(0), 2u);

  EXPECT_EQ(p.thread_count(), 3u);
  EXPECT_EQ(p.thread_functions, (std::vector<std::uint32_t>{0, 0, 0}));
  EXPECT_EQ(p.function_of(2).name, "foo");
  EXPECT_EQ(p.observed, (std::vector<std::uint32_t>{0}));

  ASSERT_EQ(p.expectations.size(), 1u);
  EXPECT_EQ(p.expectations[0].text, "n == THREADS");
  EXPECT_EQ(p.expectations[0].line, 15u);
  EXPECT_EQ(to_text(p.expectations[0].condition), "n == 3");  // the param is substituted
  const auto lookup = [](const PlainValue& n) { return [n](const std::string&) { return n; }; };
  EXPECT_EQ(evaluate(p.expectations[0].condition, lookup(PlainValue::int_value(3))), PlainValue::boolean(true));
  EXPECT_EQ(evaluate(p.expectations[0].condition, lookup(PlainValue::int_value(2))), PlainValue::boolean(false));
}

TEST(ScenarioParser, SeedWithoutDefinesUsesTheDeclaredValue) {
  const Program p = parse_scenario("seed.scn", kSeed);
  EXPECT_EQ(p.params.at("THREADS"), 100);
  EXPECT_EQ(p.thread_count(), 100u);
}

TEST(ScenarioParser, DefineFeedsLaterParams) {
  const Program p = parse_scenario(
      "p.scn", "param A = 2\nparam B = A * 3 + 1\ndef foo():\n    NOP\nthreads B x foo\n", {{"A", "5"}});
  EXPECT_EQ(p.params, (ParamTable{{"A", 5}, {"B", 16}}));
  EXPECT_EQ(p.thread_count(), 16u);
}

// CPython 3.8 dis.dis output of
//     def foo():
//         global n
//         n += 1
//         lst.sort()
//         len(lst)
TEST(ScenarioParser, BodyPastedFromDis38) {
  const std::string text =
      "global n = 0\n"
      "global lst = [3, 1, 2]\n"
      "def foo():\n"
      "  3           0 LOAD_GLOBAL              0 (n)\n"
      "              2 LOAD_CONST               1 (1)\n"
      "              4 INPLACE_ADD\n"
      "              6 STORE_GLOBAL             0 (n)\n"
      "\n"
      "  4           8 LOAD_GLOBAL              1 (lst)\n"
      "             10 LOAD_METHOD              2 (sort)\n"
      "             12 CALL_METHOD              0\n"
      "             14 POP_TOP\n"
      "\n"
      "  5          16 LOAD_GLOBAL              3 (len)\n"
      "             18 LOAD_GLOBAL              1 (lst)\n"
      "             20 CALL_FUNCTION            1\n"
      "             22 POP_TOP\n"
      "             24 LOAD_CONST               0 (None)\n"
      "             26 RETURN_VALUE\n"
      "threads 2 x foo\n";
  const Program p = parse_scenario("dis38.scn", text);
  ASSERT_EQ(p.functions.size(), 1u);
  const Function& f = p.functions[0];
  using O = Opcode;
  EXPECT_EQ(opcodes_of(f), (std::vector<Opcode>{O::LOAD_GLOBAL, O::LOAD_CONST, O::INPLACE_ADD, O::STORE_GLOBAL,
                                                O::LOAD_GLOBAL, O::LOAD_METHOD, O::CALL_METHOD, O::POP_TOP,
                                                O::LOAD_GLOBAL, O::LOAD_GLOBAL, O::CALL_FUNCTION, O::POP_TOP,
                                                O::LOAD_CONST, O::RETURN_VALUE}));
  // dis's own co_names indices are replaced by the scenario's global slots.
  EXPECT_EQ(f.code[0].arg, 0);
  EXPECT_EQ(f.code[4].arg, 1);
  EXPECT_EQ(f.code[4].operand_text, "lst");
  EXPECT_EQ(p.strings, (std::vector<std::string>{"sort", "len"}));
  EXPECT_EQ(f.code[5].arg, 0);    // string id of "sort"
  EXPECT_EQ(f.code[8].arg, -2);   // builtin len: -1 - string id
  EXPECT_EQ(f.code[10].arg, 1);   // CALL_FUNCTION's argument count
  EXPECT_EQ(f.code[12].operand_text, "None");
  EXPECT_EQ(p.constants, (std::vector<Value>{Value::integer_value(1), Value::none()}));
  EXPECT_EQ(f.code[12].arg, 1);
  EXPECT_EQ(f.code[4].line, 9u);
  EXPECT_EQ(f.max_stack, 2u);
  EXPECT_EQ(p.observed, (std::vector<std::uint32_t>{0, 1}));
}

// Verbatim `python3.11 -c 'import dis; ...; dis.dis(foo)'` of the same function.
TEST(ScenarioParser, BodyPastedFromDis311) {
  const std::string text =
      "global n = 0\n"
      "global lst = [3, 1, 2]\n"
      "def foo():\n"
      "  1           0 RESUME                   0\n"
      "\n"
      "  3           2 LOAD_GLOBAL              0 (n)\n"
      "             14 LOAD_CONST               1 (1)\n"
      "             16 BINARY_OP               13 (+=)\n"
      "             20 STORE_GLOBAL             0 (n)\n"
      "\n"
      "  4          22 LOAD_GLOBAL              2 (lst)\n"
      "             34 LOAD_METHOD              2 (sort)\n"
      "             56 PRECALL                  0\n"
      "             60 CALL                     0\n"
      "             70 POP_TOP\n"
      "\n"
      "  5          72 LOAD_GLOBAL              7 (NULL + len)\n"
      "             84 LOAD_GLOBAL              2 (lst)\n"
      "             96 PRECALL                  1\n"
      "            100 CALL                     1\n"
      "            110 POP_TOP\n"
      "            112 LOAD_CONST               0 (None)\n"
      "            114 RETURN_VALUE\n"
      "threads 2 x foo\n";
  const Program p = parse_scenario("dis311.scn", text);
  ASSERT_EQ(p.functions.size(), 1u);
  const Function& f = p.functions[0];
  using O = Opcode;
  EXPECT_EQ(opcodes_of(f),
            (std::vector<Opcode>{O::RESUME, O::LOAD_GLOBAL, O::LOAD_CONST, O::BINARY_OP, O::STORE_GLOBAL,
                                 O::LOAD_GLOBAL, O::LOAD_METHOD, O::PRECALL, O::CALL, O::POP_TOP, O::LOAD_GLOBAL,
                                 O::LOAD_GLOBAL, O::PRECALL, O::CALL, O::POP_TOP, O::LOAD_CONST, O::RETURN_VALUE}));
  EXPECT_EQ(f.code[3].arg, 13);  // NB_INPLACE_ADD
  EXPECT_EQ(f.code[3].operand_text, "+=");
  EXPECT_EQ(f.code[5].arg, 1);   // slot of lst, not dis's 2
  EXPECT_FALSE(f.code[5].push_null);
  EXPECT_TRUE(f.code[10].push_null);
  EXPECT_EQ(f.code[10].operand_text, "len");
  EXPECT_EQ(f.code[10].arg, -2);
  EXPECT_EQ(f.code[13].arg, 1);
  EXPECT_EQ(f.code[1].line, 6u);
  EXPECT_EQ(f.max_stack, 3u);  // NULL, len, lst
}

TEST(ScenarioParser, LocalNamesInOrderOfFirstUse) {
  const Program p = parse_scenario("l.scn",
                                   "def foo():\n    LOAD_CONST 1\n    STORE_FAST x\n    LOAD_FAST x\n"
                                   "    LOAD_FAST y\n    BINARY_ADD\n    RETURN_VALUE\nthreads 1 x foo\n");
  const Function& f = p.functions[0];
  EXPECT_EQ(f.local_names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(f.code[1].arg, 0);
  EXPECT_EQ(f.code[2].arg, 0);
  EXPECT_EQ(f.code[3].arg, 1);
  EXPECT_EQ(f.max_stack, 2u);
  EXPECT_EQ(p.frame_size(0), 4u);
}

TEST(ScenarioParser, MultipleThreadsLinesInOrder) {
  const Program p = parse_scenario("t.scn",
                                   "def foo():\n    NOP\ndef bar():\n    NOP\n"
                                   "threads 1 x bar\nthreads 2 x foo\nthreads 1 x bar\n");
  EXPECT_EQ(p.thread_functions, (std::vector<std::uint32_t>{1, 0, 0, 1}));
  EXPECT_EQ(p.function_of(0).name, "bar");
  EXPECT_EQ(p.function_of(1).name, "foo");
}

TEST(ScenarioParser, GlobalValuesAndDefaultObserve) {
  const Program p = parse_scenario("g.scn",
                                   "param K = 4\n"
                                   "global s = \"it's\"\n"
                                   "global lock = threading.Lock()\n"
                                   "global lst = [1, 'x', [2]]\n"
                                   "global flag = True\n"
                                   "global nothing = None\n"
                                   "global k = 2 * K - 10\n"
                                   "def foo():\n    NOP\nthreads 1 x foo\n");
  EXPECT_EQ(p.global_names, (std::vector<std::string>{"s", "lock", "lst", "flag", "nothing", "k"}));
  EXPECT_EQ(p.global_initial[0], PlainValue::str("it's"));
  EXPECT_EQ(python_repr(p.global_initial[1]), "<unlocked _thread.lock object>");
  EXPECT_EQ(python_repr(p.global_initial[2]), "[1, 'x', [2]]");
  EXPECT_EQ(p.global_initial[3], PlainValue::boolean(true));
  EXPECT_EQ(p.global_initial[4], PlainValue::none());
  EXPECT_EQ(p.global_initial[5], PlainValue::int_value(-2));
  EXPECT_EQ(p.strings, (std::vector<std::string>{"it's", "x"}));
  // No `observe` line: every global except the locks, in declaration order.
  EXPECT_EQ(p.observed, (std::vector<std::uint32_t>{0, 2, 3, 4, 5}));
}

TEST(ScenarioParser, ObserveOrderAndExpectationsKeptAsWritten) {
  const Program p = parse_scenario("o.scn",
                                   "global a = 1\nglobal b = [2]\ndef foo():\n    NOP\nthreads 1 x foo\n"
                                   "observe b, a\n"
                                   "expect len(b) >= 1 and a in [1, 2]   # both\n"
                                   "expect b == sorted(b)\n");
  EXPECT_EQ(p.observed, (std::vector<std::uint32_t>{1, 0}));
  ASSERT_EQ(p.expectations.size(), 2u);
  EXPECT_EQ(p.expectations[0].text, "len(b) >= 1 and a in [1, 2]");
  EXPECT_EQ(p.expectations[0].line, 7u);
  EXPECT_EQ(p.expectations[1].text, "b == sorted(b)");
}

TEST(ScenarioParser, ModelLineStored) {
  const Program p = parse_scenario("m.scn", "model every-op   # the seed's reading\ndef foo():\n    NOP\nthreads 1 x foo\n");
  EXPECT_EQ(p.model, "every-op");
}

TEST(ScenarioParser, WindowsLineEndings) {
  const Program p = parse_scenario(
      "crlf.scn", "global n = 0\r\ndef foo():\r\n    LOAD_GLOBAL n\r\n    POP_TOP\r\nthreads 1 x foo\r\nexpect n == 0\r\n");
  EXPECT_EQ(opcodes_of(p.functions[0]), (std::vector<Opcode>{Opcode::LOAD_GLOBAL, Opcode::POP_TOP}));
  EXPECT_EQ(p.expectations[0].text, "n == 0");
}

// Model names hold '-' and '.', and a `#` inside a string is not a comment.
TEST(ScenarioParser, DottedModelName) {
  EXPECT_EQ(parse_scenario("m.scn", "model cpython-3.8\ndef foo():\n    NOP\nthreads 1 x foo\n").model, "cpython-3.8");
}

TEST(ScenarioParser, HashInsideAStringInExpect) {
  const Program p = parse_scenario("h.scn", "global s = 'a#b'\ndef foo():\n    NOP\nthreads 1 x foo\nexpect s == 'a#b'\n");
  EXPECT_EQ(p.expectations[0].text, "s == 'a#b'");
}

}  // namespace
}  // namespace gilrace
