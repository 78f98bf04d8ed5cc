// Dicts, tuples and the list and dict methods at run time: subscripts,
// BUILD_* opcodes, tuple constants, the methods, iteration, equality by
// contents, and the exceptions with CPython's messages, word for word.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/cli_runner.hpp"
#include "tests/test_support.hpp"

namespace gilrace {
namespace {

using testing_support::TempDir;

// One thread runs `body` (scenario syntax) once, with the globals declared in
// `globals`; the result is the outcome as the report labels it, whether it
// is expected, and what each step did.
struct SingleRun {
  std::string outcome;
  bool expected = false;
  std::vector<std::string> effects;
};

SingleRun run(const std::string& globals, const std::string& body, const std::string& tail = "") {
  TempDir dir;
  const std::string path = dir.file("c.scn");
  std::ofstream(path) << globals << "def f():\n" << body << "threads 1 x f\n" << tail;
  ExploreOptions options;
  options.scenario_path = path;
  options.strategy = "exhaustive";
  ExploreSession session(options);
  const Exploration e = session.explore({});
  EXPECT_EQ(e.outcomes.size(), 1u);
  SingleRun result;
  result.outcome = testing_support::label(e.outcomes.at(0));
  result.expected = e.outcomes[0].outcome.expected;
  for (const auto& step : session.trace_of(e.outcomes[0].witnesses.at(0)).steps) result.effects.push_back(step.effect.effect);
  return result;
}

std::string outcome(const std::string& globals, const std::string& body) { return run(globals, body).outcome; }

TEST(Containers, ScenarioLiteralsKeepPythonsReprs) {
  EXPECT_EQ(outcome("global d = {'a': 0, 1: 2}\nglobal t = (1, 2)\nglobal one = (1,)\nglobal e = ()\nglobal m = {}\n",
                    "    NOP\n"),
            "{'a': 0, 1: 2},(1, 2),(1,),(),{}");
  // An equal key keeps its first spelling and place and takes the last value.
  EXPECT_EQ(outcome("global d = {1: 'a', 'b': [], True: 'c'}\n", "    NOP\n"), "{1: 'c', 'b': []}");
}

TEST(Containers, DictSubscriptsLookUpByPythonEquality) {
  const std::string d = "global d = {1: 'one', (1, 'x'): 2}\nglobal r = None\n";
  EXPECT_EQ(outcome(d, "    LOAD_GLOBAL d\n    LOAD_CONST True\n    BINARY_SUBSCR\n    STORE_GLOBAL r\n"),
            "{1: 'one', (1, 'x'): 2},'one'");
  EXPECT_EQ(outcome(d, "    LOAD_GLOBAL d\n    LOAD_CONST (1, 'x')\n    BINARY_SUBSCR\n    STORE_GLOBAL r\n"),
            "{1: 'one', (1, 'x'): 2},2");
  // STORE_SUBSCR overwrites an equal key in place, or appends a new one.
  EXPECT_EQ(outcome(d, "    LOAD_CONST 5\n    LOAD_GLOBAL d\n    LOAD_CONST True\n    STORE_SUBSCR\n"
                       "    LOAD_CONST 6\n    LOAD_GLOBAL d\n    LOAD_CONST 'new'\n    STORE_SUBSCR\n"),
            "{1: 5, (1, 'x'): 2, 'new': 6},None");
  EXPECT_EQ(outcome(d, "    LOAD_GLOBAL d\n    LOAD_CONST 1\n    DELETE_SUBSCR\n"), "{(1, 'x'): 2},None");
}

TEST(Containers, AKeyErrorShowsTheKeysRepr) {
  const std::string d = "global d = {'a': 0}\n";
  EXPECT_EQ(outcome(d, "    LOAD_GLOBAL d\n    LOAD_CONST 'b'\n    BINARY_SUBSCR\n"),
            "{'a': 0};f raised KeyError: 'b' at BINARY_SUBSCR (line 5)");
  EXPECT_EQ(outcome(d, "    LOAD_GLOBAL d\n    LOAD_CONST (1, 2)\n    BINARY_SUBSCR\n"),
            "{'a': 0};f raised KeyError: (1, 2) at BINARY_SUBSCR (line 5)");
  EXPECT_EQ(outcome(d, "    LOAD_GLOBAL d\n    LOAD_CONST 7\n    DELETE_SUBSCR\n"),
            "{'a': 0};f raised KeyError: 7 at DELETE_SUBSCR (line 5)");
  EXPECT_EQ(outcome(d, "    LOAD_GLOBAL d\n    LOAD_METHOD pop\n    LOAD_CONST 'z'\n    CALL_METHOD 1\n"),
            "{'a': 0};f raised KeyError: 'z' at CALL_METHOD (line 6)");
  // Two missing keys are two outcomes, and the trace names the key too.
  const SingleRun missing = run(d, "    LOAD_GLOBAL d\n    LOAD_CONST ''\n    BINARY_SUBSCR\n");
  EXPECT_EQ(missing.outcome, "{'a': 0};f raised KeyError: '' at BINARY_SUBSCR (line 5)");
  EXPECT_EQ(missing.effects.back(), "raised KeyError: ''");
}

TEST(Containers, ListsAndDictsAreUnhashable) {
  const std::string d = "global d = {}\nglobal l = [1]\n";
  EXPECT_EQ(outcome(d, "    LOAD_GLOBAL d\n    LOAD_GLOBAL l\n    BINARY_SUBSCR\n"),
            "{},[1];f raised TypeError: unhashable type: 'list' at BINARY_SUBSCR (line 6)");
  EXPECT_EQ(outcome(d, "    LOAD_CONST 1\n    LOAD_GLOBAL d\n    LOAD_GLOBAL d\n    STORE_SUBSCR\n"),
            "{},[1];f raised TypeError: unhashable type: 'dict' at STORE_SUBSCR (line 7)");
  // A tuple is hashable only when its items are.
  EXPECT_EQ(outcome(d, "    LOAD_CONST 1\n    LOAD_GLOBAL l\n    BUILD_TUPLE 2\n    LOAD_GLOBAL d\n    COMPARE_OP in\n"),
            "{},[1];f raised TypeError: unhashable type: 'list' at COMPARE_OP (line 8)");
}

TEST(Containers, TuplesAreImmutableSequences) {
  const std::string t = "global t = (10, 20)\nglobal r = None\n";
  EXPECT_EQ(outcome(t, "    LOAD_GLOBAL t\n    LOAD_CONST -1\n    BINARY_SUBSCR\n    STORE_GLOBAL r\n"), "(10, 20),20");
  EXPECT_EQ(outcome(t, "    LOAD_GLOBAL t\n    LOAD_CONST 2\n    BINARY_SUBSCR\n"),
            "(10, 20),None;f raised IndexError: tuple index out of range at BINARY_SUBSCR (line 6)");
  EXPECT_EQ(outcome(t, "    LOAD_GLOBAL t\n    LOAD_CONST 'a'\n    BINARY_SUBSCR\n"),
            "(10, 20),None;f raised TypeError: tuple indices must be integers at BINARY_SUBSCR (line 6)");
  EXPECT_EQ(outcome(t, "    LOAD_CONST 1\n    LOAD_GLOBAL t\n    LOAD_CONST 0\n    STORE_SUBSCR\n"),
            "(10, 20),None;f raised TypeError: 'tuple' object does not support item assignment at STORE_SUBSCR (line 7)");
  EXPECT_EQ(outcome(t, "    LOAD_GLOBAL t\n    LOAD_CONST 0\n    DELETE_SUBSCR\n"),
            "(10, 20),None;f raised TypeError: 'tuple' object doesn't support item deletion at DELETE_SUBSCR (line 6)");
}

TEST(Containers, ListItemsAreDeletedAndAssignedInRange) {
  const std::string l = "global l = [1, 2, 3]\n";
  EXPECT_EQ(outcome(l, "    LOAD_GLOBAL l\n    LOAD_CONST -1\n    DELETE_SUBSCR\n"), "[1, 2]");
  EXPECT_EQ(outcome(l, "    LOAD_GLOBAL l\n    LOAD_CONST 3\n    DELETE_SUBSCR\n"),
            "[1, 2, 3];f raised IndexError: list assignment index out of range at DELETE_SUBSCR (line 5)");
  EXPECT_EQ(outcome(l, "    LOAD_CONST 0\n    LOAD_GLOBAL l\n    LOAD_CONST 3\n    STORE_SUBSCR\n"),
            "[1, 2, 3];f raised IndexError: list assignment index out of range at STORE_SUBSCR (line 6)");
}

TEST(Containers, BuildOpcodesMakeNewContainers) {
  const std::string g = "global r = None\nglobal x = 5\n";
  EXPECT_EQ(outcome(g, "    LOAD_GLOBAL x\n    LOAD_CONST 'a'\n    BUILD_LIST 2\n    STORE_GLOBAL r\n"), "[5, 'a'],5");
  EXPECT_EQ(outcome(g, "    LOAD_GLOBAL x\n    BUILD_TUPLE 1\n    STORE_GLOBAL r\n"), "(5,),5");
  EXPECT_EQ(outcome(g, "    BUILD_TUPLE 0\n    STORE_GLOBAL r\n"), "(),5");
  EXPECT_EQ(outcome(g, "    LOAD_CONST 'a'\n    LOAD_GLOBAL x\n    LOAD_CONST 1\n    LOAD_CONST 2\n    BUILD_MAP 2\n"
                       "    STORE_GLOBAL r\n"),
            "{'a': 5, 1: 2},5");
  // BUILD_CONST_KEY_MAP as 3.8+ compile {'a': x, 'b': 2}: the keys come from a tuple constant.
  EXPECT_EQ(outcome(g, "    LOAD_GLOBAL x\n    LOAD_CONST 2\n    LOAD_CONST ('a', 'b')\n    BUILD_CONST_KEY_MAP 2\n"
                       "    STORE_GLOBAL r\n"),
            "{'a': 5, 'b': 2},5");
  // 3.9+ compile [1, 2, 3] as BUILD_LIST 0, LOAD_CONST (1, 2, 3), LIST_EXTEND 1.
  const SingleRun extended = run(g, "    BUILD_LIST 0\n    LOAD_CONST (1, 2, 3)\n    LIST_EXTEND 1\n    STORE_GLOBAL r\n");
  EXPECT_EQ(extended.outcome, "[1, 2, 3],5");
  EXPECT_EQ(extended.effects, (std::vector<std::string>{"built []", "pushed (1, 2, 3)", "extended to [1, 2, 3]",
                                                        "stored r=[1, 2, 3]"}));
}

TEST(Containers, TupleConstantsAreLoadedAsNewTuples) {
  const std::string g = "global a = None\nglobal b = None\n";
  EXPECT_EQ(outcome(g, "    LOAD_CONST ()\n    STORE_GLOBAL a\n    LOAD_CONST (1, ('x',), None)\n    STORE_GLOBAL b\n"),
            "(),(1, ('x',), None)");
  // As dis prints them: the argrepr is the tuple's repr, inside its own parentheses.
  EXPECT_EQ(outcome(g, "              0 LOAD_CONST               1 ((1, 2))\n              2 STORE_GLOBAL 0 (a)\n"),
            "(1, 2),None");
  EXPECT_EQ(outcome(g, "    RETURN_CONST (7,)\n"), "None,None");
}

TEST(Containers, EqualityComparesContents) {
  const std::string g = "global l = [1, (2, 3)]\nglobal d = {'a': [1]}\nglobal r = None\n";
  EXPECT_EQ(outcome(g, "    LOAD_GLOBAL l\n    LOAD_CONST 1\n    LOAD_CONST (2, 3)\n    BUILD_LIST 2\n"
                       "    COMPARE_OP ==\n    STORE_GLOBAL r\n"),
            "[1, (2, 3)],{'a': [1]},True");
  // Dicts compare by their key, value pairs in any order; a list never equals a tuple.
  EXPECT_EQ(outcome(g, "    LOAD_GLOBAL d\n    LOAD_CONST 'a'\n    LOAD_CONST 1\n    BUILD_LIST 1\n    BUILD_MAP 1\n"
                       "    COMPARE_OP !=\n    STORE_GLOBAL r\n"),
            "[1, (2, 3)],{'a': [1]},False");
  EXPECT_EQ(outcome(g, "    LOAD_CONST (1, 2)\n    LOAD_CONST 1\n    LOAD_CONST 2\n    BUILD_LIST 2\n"
                       "    COMPARE_OP ==\n    STORE_GLOBAL r\n"),
            "[1, (2, 3)],{'a': [1]},False");
}

TEST(Containers, MembershipTruthAndLength) {
  const std::string g = "global d = {'k': 0}\nglobal t = (1, 'x')\nglobal r = None\n";
  EXPECT_EQ(outcome(g, "    LOAD_CONST 'k'\n    LOAD_GLOBAL d\n    CONTAINS_OP 0\n    STORE_GLOBAL r\n"),
            "{'k': 0},(1, 'x'),True");
  EXPECT_EQ(outcome(g, "    LOAD_CONST 0\n    LOAD_GLOBAL d\n    COMPARE_OP in\n    STORE_GLOBAL r\n"),
            "{'k': 0},(1, 'x'),False");  // membership tests keys, not values
  EXPECT_EQ(outcome(g, "    LOAD_CONST True\n    LOAD_GLOBAL t\n    CONTAINS_OP 1\n    STORE_GLOBAL r\n"),
            "{'k': 0},(1, 'x'),False");
  EXPECT_EQ(outcome(g, "    BUILD_MAP 0\n    UNARY_NOT\n    STORE_GLOBAL r\n"), "{'k': 0},(1, 'x'),True");
  EXPECT_EQ(outcome(g, "    LOAD_GLOBAL len\n    LOAD_GLOBAL d\n    CALL_FUNCTION 1\n    LOAD_GLOBAL len\n"
                       "    LOAD_GLOBAL t\n    CALL_FUNCTION 1\n    BINARY_ADD\n    STORE_GLOBAL r\n"),
            "{'k': 0},(1, 'x'),3");
}

TEST(Containers, DictMethods) {
  const std::string d = "global d = {'a': 1}\nglobal r = None\n";
  const auto call = [&](const std::string& method, const std::string& args, int argc) {
    return outcome(d, "    LOAD_GLOBAL d\n    LOAD_METHOD " + method + "\n" + args + "    CALL_METHOD " +
                          std::to_string(argc) + "\n    STORE_GLOBAL r\n");
  };
  EXPECT_EQ(call("get", "    LOAD_CONST 'a'\n", 1), "{'a': 1},1");
  EXPECT_EQ(call("get", "    LOAD_CONST 'b'\n", 1), "{'a': 1},None");
  EXPECT_EQ(call("get", "    LOAD_CONST 'b'\n    LOAD_CONST 0\n", 2), "{'a': 1},0");
  EXPECT_EQ(call("setdefault", "    LOAD_CONST 'a'\n    LOAD_CONST 9\n", 2), "{'a': 1},1");
  EXPECT_EQ(call("setdefault", "    LOAD_CONST 'b'\n    LOAD_CONST 9\n", 2), "{'a': 1, 'b': 9},9");
  EXPECT_EQ(call("setdefault", "    LOAD_CONST 'b'\n", 1), "{'a': 1, 'b': None},None");
  EXPECT_EQ(call("pop", "    LOAD_CONST 'a'\n", 1), "{},1");
  EXPECT_EQ(call("pop", "    LOAD_CONST 'b'\n    LOAD_CONST 0\n", 2), "{'a': 1},0");
  EXPECT_EQ(call("update", "    LOAD_CONST 'a'\n    LOAD_CONST 5\n    LOAD_CONST 'c'\n    LOAD_CONST 6\n    BUILD_MAP 2\n", 1),
            "{'a': 5, 'c': 6},None");
  EXPECT_EQ(call("update", "    LOAD_CONST (('x', 1), ('a', 2))\n", 1), "{'a': 2, 'x': 1},None");
  EXPECT_EQ(call("update", "    LOAD_CONST ((1, 2, 3),)\n", 1),
            "{'a': 1},None;f raised ValueError: dictionary update sequence element has the wrong length; 2 is "
            "required at CALL_METHOD (line 7)");
  EXPECT_EQ(call("get", "", 0), "{'a': 1},None;f raised TypeError: wrong number of arguments at CALL_METHOD (line 6)");
  EXPECT_EQ(call("pop", "    LOAD_CONST 1\n    LOAD_CONST 2\n    LOAD_CONST 3\n", 3),
            "{'a': 1},None;f raised TypeError: wrong number of arguments at CALL_METHOD (line 9)");
  EXPECT_EQ(call("get", "    BUILD_LIST 0\n", 1),
            "{'a': 1},None;f raised TypeError: unhashable type: 'list' at CALL_METHOD (line 7)");
}

TEST(Containers, ListExtendAndInsert) {
  const std::string l = "global l = [1, 2]\nglobal d = {'k': 0}\n";
  const auto call = [&](const std::string& method, const std::string& args, int argc) {
    return outcome(l, "    LOAD_GLOBAL l\n    LOAD_METHOD " + method + "\n" + args + "    CALL_METHOD " +
                          std::to_string(argc) + "\n    POP_TOP\n");
  };
  EXPECT_EQ(call("extend", "    LOAD_GLOBAL l\n", 1), "[1, 2, 1, 2],{'k': 0}");  // reads the list before growing it
  EXPECT_EQ(call("extend", "    LOAD_CONST (3,)\n", 1), "[1, 2, 3],{'k': 0}");
  EXPECT_EQ(call("extend", "    LOAD_GLOBAL d\n", 1), "[1, 2, 'k'],{'k': 0}");
  EXPECT_EQ(call("extend", "    LOAD_GLOBAL range\n    LOAD_CONST 2\n    CALL_FUNCTION 1\n", 1), "[1, 2, 0, 1],{'k': 0}");
  EXPECT_EQ(call("extend", "    LOAD_CONST 5\n", 1),
            "[1, 2],{'k': 0};f raised TypeError: object is not iterable at CALL_METHOD (line 7)");
  // list.insert clamps the index to the list, as ins1 does.
  EXPECT_EQ(call("insert", "    LOAD_CONST 100\n    LOAD_CONST 'end'\n", 2), "[1, 2, 'end'],{'k': 0}");
  EXPECT_EQ(call("insert", "    LOAD_CONST -100\n    LOAD_CONST 'start'\n", 2), "['start', 1, 2],{'k': 0}");
  EXPECT_EQ(call("insert", "    LOAD_CONST -1\n    LOAD_CONST 'x'\n", 2), "[1, 'x', 2],{'k': 0}");
  EXPECT_EQ(call("insert", "    LOAD_CONST 0\n", 1),
            "[1, 2],{'k': 0};f raised TypeError: wrong number of arguments at CALL_METHOD (line 7)");
}

TEST(Containers, IterationOverTuplesAndDictKeys) {
  const std::string g = "global t = (1, 2)\nglobal d = {'a': 0, 'b': 1}\nglobal out = []\n";
  const auto loop = [&](const std::string& over, const std::string& in_body) {
    return outcome(g, "    LOAD_GLOBAL " + over + "\n    GET_ITER\n  top:\n    FOR_ITER done\n    STORE_FAST k\n" +
                          in_body + "    JUMP_ABSOLUTE top\n  done:\n    NOP\n");
  };
  const std::string append = "    LOAD_GLOBAL out\n    LOAD_METHOD append\n    LOAD_FAST k\n    CALL_METHOD 1\n    POP_TOP\n";
  EXPECT_EQ(loop("t", append), "(1, 2),{'a': 0, 'b': 1},[1, 2]");
  EXPECT_EQ(loop("d", append), "(1, 2),{'a': 0, 'b': 1},['a', 'b']");
  // Objects/dictobject.c dictiter_iternextkey: a dict that changes size under its iterator raises.
  const std::string grow = "    LOAD_CONST 0\n    LOAD_GLOBAL d\n    LOAD_CONST 'c'\n    STORE_SUBSCR\n";
  EXPECT_EQ(loop("d", grow),
            "(1, 2),{'a': 0, 'b': 1, 'c': 0},[];f raised RuntimeError: dictionary changed size during iteration at "
            "FOR_ITER (line 8)");
}

TEST(Containers, ExpectationsCompareDictsAndTuples) {
  const std::string g = "global d = {'a': 0}\nglobal t = ()\n";
  const std::string body =
      "    LOAD_CONST 1\n    LOAD_GLOBAL d\n    LOAD_CONST 'b'\n    STORE_SUBSCR\n"
      "    LOAD_CONST (1,)\n    STORE_GLOBAL t\n";
  EXPECT_TRUE(run(g, body, "expect d == {'b': 1, 'a': 0} and t == (1,) and len(d) == 2 and 'b' in d\n").expected);
  EXPECT_FALSE(run(g, body, "expect d == {'a': 0, 'b': 2}\n").expected);
  EXPECT_FALSE(run(g, body, "expect t == [1]\n").expected);
}

// Tuples and dicts built at run time (and dropped again) leave the exact
// counts those of the stateless reference, which keeps no states at all.
TEST(Containers, RunTimeContainersCountAsTheReferenceDoes) {
  const std::string text =
      "global d = {}\nglobal n = 0\n"
      "def f():\n    LOAD_CONST (1, 2)\n    POP_TOP\n    LOAD_GLOBAL n\n    LOAD_GLOBAL n\n    BUILD_TUPLE 1\n"
      "    LOAD_GLOBAL d\n    LOAD_GLOBAL n\n    STORE_SUBSCR\n    LOAD_GLOBAL n\n    LOAD_CONST 1\n    BINARY_ADD\n"
      "    STORE_GLOBAL n\n"
      "threads 2 x f\n";
  const auto exhaustive = testing_support::explore_text(text, "exhaustive");
  const auto reference = testing_support::explore_text(text, "dfs");
  EXPECT_EQ(exhaustive.counts, reference.counts);
  EXPECT_EQ(exhaustive.total, reference.total);
  EXPECT_EQ(exhaustive.total, "2704156");  // 24!/(12!·12!)
}

TEST(Containers, TracesNameTheDictAndShowItsItems) {
  const SingleRun r = run("global counts = {'a': 0}\n",
                    "    LOAD_GLOBAL counts\n    LOAD_CONST 'a'\n    DUP_TOP_TWO\n    BINARY_SUBSCR\n    LOAD_CONST 1\n"
                    "    INPLACE_ADD\n    ROT_THREE\n    STORE_SUBSCR\n");
  EXPECT_EQ(r.outcome, "{'a': 1}");
  EXPECT_EQ(r.effects, (std::vector<std::string>{"loaded counts={'a': 0}", "pushed 'a'", "", "counts['a'] -> 0",
                                                 "pushed 1", "0 + 1 = 1", "", "counts['a'] = 1"}));
}

}  // namespace
}  // namespace gilrace
