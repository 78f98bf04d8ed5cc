// Scenario expressions: parse_expression + evaluate, with Python's meaning
// for comparisons, and/or/not, arithmetic, len(), sorted(), lists and `in`;
// and python_repr of the values they produce.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "explorer/program/expression.hpp"

namespace gilrace {
namespace {

using Globals = std::map<std::string, PlainValue>;

const Globals kGlobals = {
    {"n", PlainValue::int_value(3)},
    {"s", PlainValue::str("abc")},
    {"lst", PlainValue::list({PlainValue::int_value(3), PlainValue::int_value(1), PlainValue::int_value(2)})},
    {"empty", PlainValue::list({})},
};

// Parses all of `text` (names: the globals above; params substituted).
Expression parse(const std::string& text, const ParamTable& params = {}) {
  const SourceLocation where{"e.scn", 1, 0};
  TokenCursor cursor(tokenize(text, where), where, text);
  Expression e = parse_expression(cursor, params, [](const std::string& name) { return kGlobals.count(name) > 0; });
  cursor.expect_end("the expression");
  return e;
}

PlainValue eval(const std::string& text, const ParamTable& params = {}) {
  return evaluate(parse(text, params), [](const std::string& name) { return kGlobals.at(name); });
}

std::string repr_of(const std::string& text) { return python_repr(eval(text)); }

std::string parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& e) {
    return e.formatted();
  }
  return "<parsed without error>";
}

const PlainValue kTrue = PlainValue::boolean(true);
const PlainValue kFalse = PlainValue::boolean(false);

TEST(Expression, Comparisons) {
  EXPECT_EQ(eval("n == 3"), kTrue);
  EXPECT_EQ(eval("n != 3"), kFalse);
  EXPECT_EQ(eval("n < 4"), kTrue);
  EXPECT_EQ(eval("n <= 3"), kTrue);
  EXPECT_EQ(eval("n > 3"), kFalse);
  EXPECT_EQ(eval("n >= 4"), kFalse);
  EXPECT_EQ(eval("s == 'abc'"), kTrue);
  EXPECT_EQ(eval("'abd' > s"), kTrue);
  EXPECT_EQ(eval("[1, 2] < [1, 3]"), kTrue);
  EXPECT_EQ(eval("[1, 2] < [1, 2, 0]"), kTrue);
  EXPECT_EQ(eval("True == 1"), kTrue);  // as in Python
  EXPECT_EQ(eval("None == 0"), kFalse);
}

TEST(Expression, BooleanOperatorsReturnAnOperandLikePython) {
  EXPECT_EQ(eval("0 or 5"), PlainValue::int_value(5));
  EXPECT_EQ(eval("3 and 0"), PlainValue::int_value(0));
  EXPECT_EQ(eval("empty or s"), PlainValue::str("abc"));
  EXPECT_EQ(eval("not 0"), kTrue);
  EXPECT_EQ(eval("not lst"), kFalse);
  EXPECT_EQ(eval("not n == 3"), kFalse);  // not (n == 3)
  EXPECT_EQ(eval("n == 1 or n == 3 and s == 'abc'"), kTrue);
  EXPECT_EQ(eval("not not n"), kTrue);
}

TEST(Expression, Arithmetic) {
  EXPECT_EQ(eval("1 + 2 * 3"), PlainValue::int_value(7));
  EXPECT_EQ(eval("(1 + 2) * 3"), PlainValue::int_value(9));
  EXPECT_EQ(eval("10 - 3 - 2"), PlainValue::int_value(5));
  EXPECT_EQ(eval("-n + 1"), PlainValue::int_value(-2));
  EXPECT_EQ(eval("- -4"), PlainValue::int_value(4));
  EXPECT_EQ(eval("True + 1"), PlainValue::int_value(2));
}

TEST(Expression, LenAndSorted) {
  EXPECT_EQ(eval("len(lst)"), PlainValue::int_value(3));
  EXPECT_EQ(eval("len(s)"), PlainValue::int_value(3));
  EXPECT_EQ(eval("len(empty)"), PlainValue::int_value(0));
  EXPECT_EQ(repr_of("sorted(lst)"), "[1, 2, 3]");
  EXPECT_EQ(repr_of("sorted(['b', 'a', 'c'])"), "['a', 'b', 'c']");
  EXPECT_EQ(eval("lst == sorted(lst)"), kFalse);
  EXPECT_EQ(eval("len(lst) >= 1 and sorted(lst) == [1, 2, 3]"), kTrue);
  EXPECT_EQ(repr_of("lst"), "[3, 1, 2]");  // sorted() does not touch its argument
}

TEST(Expression, ListLiteralsAndIn) {
  EXPECT_EQ(repr_of("[]"), "[]");
  EXPECT_EQ(repr_of("[1, 'x', [n, None]]"), "[1, 'x', [3, None]]");
  EXPECT_EQ(repr_of("[1, 2,]"), "[1, 2]");
  EXPECT_EQ(eval("2 in lst"), kTrue);
  EXPECT_EQ(eval("5 in lst"), kFalse);
  EXPECT_EQ(eval("[1] in [[1], 2]"), kTrue);
  EXPECT_EQ(eval("'a' in [1]"), kFalse);
}

TEST(Expression, ParamsAreSubstitutedWhileParsing) {
  const ParamTable params{{"THREADS", 100}, {"K", 2}};
  const Expression e = parse("n == THREADS * K", params);
  EXPECT_EQ(to_text(e), "n == 100 * 2");
  EXPECT_EQ(evaluate(e, [](const std::string&) { return PlainValue::int_value(200); }), kTrue);
  EXPECT_EQ(eval("K in [1, 2]", params), kTrue);
  // A global shadowed by a param: the param wins.
  EXPECT_EQ(eval("n", {{"n", 7}}), PlainValue::int_value(7));
}

TEST(Expression, Locks) {
  EXPECT_EQ(eval("Lock()"), PlainValue::lock(false));
  EXPECT_EQ(eval("threading.Lock()"), PlainValue::lock(false));
}

TEST(Expression, ToText) {
  EXPECT_EQ(to_text(parse("len(lst) >= 1 and not s == 'a'")), "len(lst) >= 1 and not s == 'a'");
  EXPECT_EQ(to_text(parse("[1, \"it's\"]")), "[1, \"it's\"]");
}

TEST(Expression, ParseErrors) {
  EXPECT_EQ(parse_error("m == 1"),
            "e.scn:1:1: unknown name 'm'\n"
            "    m == 1\n"
            "    ^");
  EXPECT_EQ(parse_error("len()"),
            "e.scn:1:1: len() takes 1 argument, got 0\n"
            "    len()\n"
            "    ^");
  EXPECT_EQ(parse_error("Lock(1)"),
            "e.scn:1:1: Lock() takes 0 arguments, got 1\n"
            "    Lock(1)\n"
            "    ^");
  EXPECT_EQ(parse_error("max(lst)"),
            "e.scn:1:1: unknown function 'max' (expressions may call len, sorted, Lock, RLock)\n"
            "    max(lst)\n"
            "    ^");
  EXPECT_EQ(parse_error("(n == 1"),
            "e.scn:1:8: expected ')' to close '(', found end of line\n"
            "    (n == 1\n"
            "           ^");
  EXPECT_EQ(parse_error("n == "),
            "e.scn:1:6: expected a value, found end of line\n"
            "    n == \n"
            "         ^");
}

TEST(Expression, DictAndTupleLiterals) {
  EXPECT_EQ(repr_of("{'a': 0, 1: 2}"), "{'a': 0, 1: 2}");
  EXPECT_EQ(repr_of("{}"), "{}");
  EXPECT_EQ(repr_of("()"), "()");
  EXPECT_EQ(repr_of("(1,)"), "(1,)");
  EXPECT_EQ(repr_of("(1, 'a', (None, [2]),)"), "(1, 'a', (None, [2]))");
  EXPECT_EQ(repr_of("(1)"), "1");  // parentheses alone group
  EXPECT_EQ(repr_of("{1: 'a', True: 'b', (1, 2): {}}"), "{1: 'b', (1, 2): {}}");
  EXPECT_EQ(eval("{1: 2, 3: 4} == {3: 4, 1: 2}"), kTrue);
  EXPECT_EQ(eval("{1: 2} == {1: 3}"), kFalse);
  EXPECT_EQ(eval("(1, 2) == [1, 2]"), kFalse);
  EXPECT_EQ(eval("True in {1: 0}"), kTrue);
  EXPECT_EQ(eval("0 in {1: 0}"), kFalse);
  EXPECT_EQ(eval("3 in (n,)"), kTrue);
  EXPECT_EQ(eval("len({'a': 0, 'b': 1}) + len(()) + len((n, n))"), PlainValue::int_value(4));
  EXPECT_EQ(repr_of("sorted({2: 0, 1: 0})"), "[1, 2]");
  EXPECT_EQ(repr_of("sorted((3, 1))"), "[1, 3]");
  EXPECT_EQ(to_text(parse("lst == {'a': (1,), 2: ()}")), "lst == {'a': (1,), 2: ()}");
  EXPECT_EQ(parse_error("{1 2}"),
            "e.scn:1:4: expected ':' between a key and its value, found '2'\n"
            "    {1 2}\n"
            "       ^");
  try {
    eval("{[1]: 2}");
    ADD_FAILURE() << "a list key evaluated";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "unhashable type: 'list'");
  }
}

TEST(Expression, TypeErrorsAreRuntimeErrors) {
  EXPECT_THROW(eval("len(n)"), std::runtime_error);
  EXPECT_THROW(eval("sorted(s)"), std::runtime_error);
  EXPECT_THROW(eval("1 in n"), std::runtime_error);
  EXPECT_THROW(eval("s + 1"), std::runtime_error);
  EXPECT_THROW(evaluate_constant(parse("n + 1")), std::runtime_error);
}

TEST(PythonRepr, Values) {
  EXPECT_EQ(python_repr(PlainValue::none()), "None");
  EXPECT_EQ(python_repr(PlainValue::boolean(true)), "True");
  EXPECT_EQ(python_repr(PlainValue::boolean(false)), "False");
  EXPECT_EQ(python_repr(PlainValue::int_value(-42)), "-42");
  EXPECT_EQ(python_repr(PlainValue::str("a")), "'a'");
  EXPECT_EQ(python_repr(PlainValue::str("it's")), "\"it's\"");
  EXPECT_EQ(python_repr(PlainValue::str("a'b\"c")), "'a\\'b\"c'");
  EXPECT_EQ(python_repr(PlainValue::str("x\ny\\")), "'x\\ny\\\\'");
  EXPECT_EQ(python_repr(PlainValue::list({PlainValue::int_value(1), PlainValue::str("x")})), "[1, 'x']");
  EXPECT_EQ(python_repr(PlainValue::list({})), "[]");
  EXPECT_EQ(python_repr(PlainValue::lock(false)), "<unlocked _thread.lock object>");
  EXPECT_EQ(python_repr(PlainValue::lock(true)), "<locked _thread.lock object>");
}

TEST(PythonRepr, TruthAndEquality) {
  EXPECT_FALSE(PlainValue::none().truthy());
  EXPECT_FALSE(PlainValue::str("").truthy());
  EXPECT_TRUE(PlainValue::list({PlainValue::none()}).truthy());
  EXPECT_TRUE(PlainValue::lock(false).truthy());
  EXPECT_EQ(PlainValue::boolean(false), PlainValue::int_value(0));
  EXPECT_FALSE(PlainValue::str("1") == PlainValue::int_value(1));
  EXPECT_FALSE(PlainValue::lock(false) == PlainValue::lock(true));
}

}  // namespace
}  // namespace gilrace
