// Interpreter models: the list, which opcodes each CPython version has,
// version-tagged bodies, and golden seed counts under every model (the
// agreement of exhaustive search and DFS under models is checked in
// strategy_agreement_test.cpp).
#include <gtest/gtest.h>

#include "explorer/program/input_error.hpp"
#include "explorer/program/python_versions.hpp"
#include "explorer/program/scenario_parser.hpp"
#include "models/interpreter_model.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::explore;
using Counts = std::map<std::string, std::string>;
using V = PythonVersion;

TEST(InterpreterModels, ListedInOrder) {
  std::vector<std::string> names;
  for (const auto& m : interpreter_models()) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"every-op", "cpython-2.7", "cpython-3.8", "cpython-3.9", "cpython-3.10", "cpython-3.11",
                                             "cpython-3.12", "cpython-3.13", "cpython-3.13t"}));
}

TEST(PythonVersions, DescribeRunsOfVersions) {
  EXPECT_EQ(describe_versions(version_bit(V::V3_8)), "3.8");
  EXPECT_EQ(describe_versions(version_bit(V::V3_8) | version_bit(V::V3_9)), "3.8 and 3.9");
  EXPECT_EQ(describe_versions(version_bit(V::V2_7) | version_bit(V::V3_8) | version_bit(V::V3_9) |
                              version_bit(V::V3_10)),
            "2.7 and 3.8 to 3.10");
  EXPECT_EQ(describe_versions(version_bit(V::V3_11) | version_bit(V::V3_13)), "3.11 and 3.13");
  EXPECT_EQ(describe_versions(version_bit(V::V2_7) | version_bit(V::V3_8) | version_bit(V::V3_11) |
                              version_bit(V::V3_12) | version_bit(V::V3_13)),
            "2.7, 3.8 and 3.11 to 3.13");
}

TEST(PythonVersions, OpcodeTablesFollowEachVersionsOpcodeModule) {
  EXPECT_EQ(describe_versions(versions_having("INPLACE_ADD")), "2.7 and 3.8 to 3.10");
  EXPECT_EQ(describe_versions(versions_having("RESUME")), "3.11 to 3.13");
  EXPECT_EQ(describe_versions(versions_having("PRECALL")), "3.11");
  EXPECT_EQ(describe_versions(versions_having("LOAD_METHOD")), "3.8 to 3.11");  // a pseudo-op from 3.12
  EXPECT_EQ(describe_versions(versions_having("CALL_METHOD")), "3.8 to 3.10");
  EXPECT_EQ(describe_versions(versions_having("RETURN_CONST")), "3.12 and 3.13");
  EXPECT_EQ(versions_having("NO_SUCH_OPCODE"), 0);
  for (int op = 0; op < static_cast<int>(Opcode::COUNT_); ++op)
    EXPECT_NE(versions_having(opcode_name(static_cast<Opcode>(op))), 0) << opcode_name(static_cast<Opcode>(op));
}

TEST(PythonVersions, VersionLists) {
  std::size_t offset = 0;
  EXPECT_EQ(parse_version_list("3.11+", offset), version_bit(V::V3_11) | version_bit(V::V3_12) | version_bit(V::V3_13));
  EXPECT_EQ(parse_version_list("3.8-3.9, 3.13", offset),
            version_bit(V::V3_8) | version_bit(V::V3_9) | version_bit(V::V3_13));
  EXPECT_THROW(parse_version_list("3.8, 3.7", offset), std::invalid_argument);
  EXPECT_EQ(offset, 5u);
  try {
    parse_version_list("3.10-3.8", offset);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the range 3.10-3.8 is empty");
  }
}

std::string error_of(const std::string& text, const std::string& model) {
  try {
    Program program = parse_scenario("m.scn", text);
    choose_interpreter_model(program, model);
  } catch (const InputError& e) {
    return e.formatted();
  }
  return "no error";
}

const std::string kIncrement38 =
    "global n = 0\n"
    "def inc():\n"
    "    LOAD_GLOBAL n\n"
    "    LOAD_CONST 1\n"
    "    INPLACE_ADD\n"
    "    STORE_GLOBAL n\n"
    "threads 2 x inc\n";

TEST(InterpreterModels, AnOpcodeTheVersionLacksIsAnInputError) {
  EXPECT_EQ(error_of(kIncrement38, "cpython-3.11"),
            "m.scn:5:5: INPLACE_ADD does not exist in CPython 3.11 (model cpython-3.11); CPython 2.7 and 3.8 to 3.10 "
            "have it\n        INPLACE_ADD\n        ^");
  EXPECT_EQ(error_of(kIncrement38, "cpython-3.9"), "no error");
  EXPECT_EQ(error_of(kIncrement38, "every-op"), "no error");
  EXPECT_EQ(error_of("model cpython-3.12\ndef f():\n    RESUME 0\n    PRECALL 0\nthreads 1 x f\n", ""),
            "m.scn:4:5: PRECALL does not exist in CPython 3.12 (model cpython-3.12); CPython 3.11 has it\n"
            "        PRECALL 0\n        ^");
}

TEST(InterpreterModels, CalledFunctionsAreCheckedAndChosenToo) {
  const std::string text =
      "global n = 0\n"
      "def add(a, b):\n"
      "    LOAD_FAST a\n"
      "    LOAD_FAST b\n"
      "    BINARY_ADD\n"
      "    RETURN_VALUE\n"
      "def foo():\n"
      "    RESUME 0\n"
      "    LOAD_GLOBAL NULL + add\n"
      "    LOAD_GLOBAL n\n"
      "    LOAD_CONST 1\n"
      "    CALL 2\n"
      "    STORE_GLOBAL n\n"
      "threads 2 x foo\n";
  EXPECT_EQ(error_of(text, "cpython-3.11"),
            "m.scn:5:5: BINARY_ADD does not exist in CPython 3.11 (model cpython-3.11); CPython 2.7 and 3.8 to 3.10 "
            "have it\n        BINARY_ADD\n        ^");
  const std::string only_old_add =
      "global n = 0\n"
      "def add(a, b) for 3.8-3.10:\n"
      "    LOAD_FAST a\n"
      "    RETURN_VALUE\n"
      "def foo():\n"
      "    LOAD_GLOBAL add\n"
      "    LOAD_GLOBAL n\n"
      "    LOAD_CONST 1\n"
      "    CALL_FUNCTION 2\n"
      "    STORE_GLOBAL n\n"
      "threads 2 x foo\n";
  EXPECT_EQ(error_of(only_old_add, "cpython-3.9"), "no error");
  EXPECT_EQ(error_of(only_old_add, "cpython-2.7"),
            "m.scn:2:5: function 'add' has no body for CPython 2.7 (its bodies are for 3.8 to 3.10)\n"
            "    def add(a, b) for 3.8-3.10:\n        ^");
}

TEST(InterpreterModels, VersionTaggedBodies) {
  const std::string text = kIncrement38 +
                           "def inc() for 3.11+:\n"
                           "    RESUME 0\n"
                           "    LOAD_GLOBAL n\n"
                           "    LOAD_CONST 1\n"
                           "    BINARY_OP +=\n"
                           "    STORE_GLOBAL n\n";
  for (const std::string model : {"every-op", "cpython-3.9", "cpython-3.11", "cpython-3.13t"}) {
    Program program = parse_scenario("m.scn", text);
    choose_interpreter_model(program, model);
    const bool new_body = model == "cpython-3.11" || model == "cpython-3.13t";
    EXPECT_EQ(program.function_of(0).code.front().opcode, new_body ? Opcode::RESUME : Opcode::LOAD_GLOBAL) << model;
  }
  EXPECT_EQ(error_of("global n = 0\ndef inc() for 3.11+:\n    NOP\nthreads 1 x inc\n", "cpython-3.9"),
            "m.scn:2:5: function 'inc' has no body for CPython 3.9 (its bodies are for 3.11 to 3.13)\n"
            "    def inc() for 3.11+:\n        ^");
  EXPECT_EQ(error_of("def f() for 3.9, 3.11+:\n    NOP\ndef f() for 3.8-3.9:\n    NOP\nthreads 1 x f\n", ""),
            "m.scn:3:5: function 'f' is defined twice for CPython 3.9\n    def f() for 3.8-3.9:\n        ^");
  EXPECT_EQ(error_of("def f() for 3.7:\n    NOP\nthreads 1 x f\n", ""),
            "m.scn:1:13: unknown CPython version '3.7' (known: 2.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13)\n"
            "    def f() for 3.7:\n                ^");
  EXPECT_EQ(error_of("def f() for:\n    NOP\nthreads 1 x f\n", ""),
            "m.scn:1:12: expected a version such as 3.9, 3.8-3.10 or 3.11+\n    def f() for:\n"
            "               ^");
}

// The seed at 3 threads under each model: golden outcome sets and counts.
TEST(InterpreterModels, SeedUnderEveryModel) {
  const Defines three{{"THREADS", "3"}};
  const auto counts = [&](const std::string& model) { return explore("seed_counter.scn", "exhaustive", three, kUnbounded, model); };
  // 2.7/3.8/3.9: switch points after LOAD_GLOBAL, INPLACE_ADD and STORE_GLOBAL
  // only (LOAD_CONST ends with FAST_DISPATCH): 3 segments per thread, 9!/(3!)^3.
  for (const std::string model : {"cpython-2.7", "cpython-3.8", "cpython-3.9"}) {
    const auto s = counts(model);
    EXPECT_EQ(s.total, "1680") << model;
    EXPECT_EQ(s.counts, (Counts{{"1", "1404"}, {"2", "270"}, {"3", "6"}})) << model;
  }
  // 3.10: no call and no backward jump, so no switch point: 3! orders.
  EXPECT_EQ(counts("cpython-3.10").counts, (Counts{{"3", "6"}}));
  // 3.11-3.13: the 3.11 body; RESUME is the only switch point: 6!/(2!)^3.
  for (const std::string model : {"cpython-3.11", "cpython-3.12", "cpython-3.13"})
    EXPECT_EQ(counts(model).counts, (Counts{{"3", "90"}})) << model;
  // 3.13t: no GIL, every opcode of the 5-opcode body interleaves: 15!/(5!)^3.
  const auto free_threaded = counts("cpython-3.13t");
  EXPECT_EQ(free_threaded.total, "756756");
  EXPECT_EQ(free_threaded.counts, (Counts{{"1", "693000"}, {"2", "63360"}, {"3", "396"}}));
}

}  // namespace
}  // namespace gilrace
