// Bad-input corpus for the scenario parser, checked word for word: each
// mistake must give exactly this "FILE:LINE:COL: message", the offending
// line and a caret under the spot.
#include <gtest/gtest.h>

#include <string>

#include "explorer/program/scenario_parser.hpp"

namespace gilrace {
namespace {

// The whole formatted error, or a marker that makes the comparison fail.
std::string error_of(const std::string& text, const Defines& defines = {}) {
  try {
    parse_scenario("bad.scn", text, defines);
  } catch (const InputError& e) {
    return e.formatted();
  }
  return "<parsed without error>";
}

// A body that is fine on its own, for the cases whose mistake is elsewhere.
const std::string kFoo = "def foo():\n    NOP\n";

TEST(ScenarioParserErrors, UnknownOpcodeWithSuggestion) {
  EXPECT_EQ(error_of("global n = 0\ndef foo():\n    LOAD_GLOBL n\nthreads 2 x foo\n"),
            "bad.scn:3:5: unknown opcode 'LOAD_GLOBL' (did you mean 'LOAD_GLOBAL'?)\n"
            "        LOAD_GLOBL n\n"
            "        ^");
}

TEST(ScenarioParserErrors, UnknownOpcodeWithoutSuggestion) {
  EXPECT_EQ(error_of("global n = 0\ndef foo():\n    FROBNICATE n\nthreads 2 x foo\n"),
            "bad.scn:3:5: unknown opcode 'FROBNICATE'\n"
            "        FROBNICATE n\n"
            "        ^");
}

TEST(ScenarioParserErrors, CaretKeepsTabIndentation) {
  EXPECT_EQ(error_of("def foo():\n\tLOAD_GLOBL n\nthreads 1 x foo\n"),
            "bad.scn:2:2: unknown opcode 'LOAD_GLOBL' (did you mean 'LOAD_GLOBAL'?)\n"
            "    \tLOAD_GLOBL n\n"
            "    \t^");
}

TEST(ScenarioParserErrors, MisspelledKeyword) {
  EXPECT_EQ(error_of("gloabl n = 0\n"),
            "bad.scn:1:1: unknown keyword 'gloabl' (did you mean 'global'?)\n"
            "    gloabl n = 0\n"
            "    ^");
}

TEST(ScenarioParserErrors, UnknownKeywordListsTheKeywords) {
  EXPECT_EQ(error_of("banana n = 0\n"),
            "bad.scn:1:1: unknown keyword 'banana' (expected param, global, def, threads, observe, expect or model)\n"
            "    banana n = 0\n"
            "    ^");
}

TEST(ScenarioParserErrors, StackUnderflow) {
  EXPECT_EQ(error_of("global n = 0\ndef foo():\n    LOAD_GLOBAL n\n    INPLACE_ADD\nthreads 2 x foo\n"),
            "bad.scn:4:5: stack underflow: INPLACE_ADD needs 2 values but the stack holds 1\n"
            "        INPLACE_ADD\n"
            "        ^");
}

TEST(ScenarioParserErrors, UndefinedGlobalInLoadGlobal) {
  EXPECT_EQ(error_of("global n = 0\ndef foo():\n    LOAD_GLOBAL m\nthreads 2 x foo\n"),
            "bad.scn:3:17: undefined global 'm' (declare it with `global m = ...`)\n"
            "        LOAD_GLOBAL m\n"
            "                    ^");
}

TEST(ScenarioParserErrors, UndefinedGlobalInStoreGlobal) {
  EXPECT_EQ(error_of("global n = 0\ndef foo():\n    LOAD_CONST 1\n    STORE_GLOBAL count\nthreads 2 x foo\n"),
            "bad.scn:4:18: undefined global 'count' (declare it with `global count = ...`)\n"
            "        STORE_GLOBAL count\n"
            "                     ^");
}

TEST(ScenarioParserErrors, BuiltinNameCannotBeStored) {
  EXPECT_EQ(error_of("def foo():\n    LOAD_CONST 1\n    STORE_GLOBAL len\nthreads 1 x foo\n"),
            "bad.scn:3:18: undefined global 'len' (declare it with `global len = ...`)\n"
            "        STORE_GLOBAL len\n"
            "                     ^");
}

TEST(ScenarioParserErrors, DefUsedByNoThread) {
  EXPECT_EQ(error_of(kFoo + "def bar():\n    NOP\nthreads 2 x foo\n"),
            "bad.scn:3:5: function 'bar' is defined but neither a `threads` line nor a LOAD_GLOBAL uses it\n"
            "    def bar():\n"
            "        ^");
}

TEST(ScenarioParserErrors, ThreadsNameAnUnknownFunction) {
  EXPECT_EQ(error_of(kFoo + "threads 2 x fooo\n"),
            "bad.scn:3:13: no function named 'fooo' (define it with `def fooo():`)\n"
            "    threads 2 x fooo\n"
            "                ^");
}

TEST(ScenarioParserErrors, ThreadCountZero) {
  EXPECT_EQ(error_of(kFoo + "threads 0 x foo\n"),
            "bad.scn:3:9: the thread count must be at least 1, got 0\n"
            "    threads 0 x foo\n"
            "            ^");
  // The same check applies after a -D override.
  EXPECT_EQ(error_of("param THREADS = 2\n" + kFoo + "threads THREADS x foo\n", {{"THREADS", "0"}}),
            "bad.scn:4:9: the thread count must be at least 1, got 0\n"
            "    threads THREADS x foo\n"
            "            ^");
}

TEST(ScenarioParserErrors, ThreadCountTooLarge) {
  EXPECT_EQ(error_of(kFoo + "threads 100001 x foo\n"),
            "bad.scn:3:9: at most 100000 threads are supported, got 100001\n"
            "    threads 100001 x foo\n"
            "            ^");
}

TEST(ScenarioParserErrors, ThreadCountNotAnInteger) {
  EXPECT_EQ(error_of(kFoo + "threads 'a' x foo\n"),
            "bad.scn:3:9: the thread count must be an integer\n"
            "    threads 'a' x foo\n"
            "            ^");
}

TEST(ScenarioParserErrors, MissingXInThreadsLine) {
  EXPECT_EQ(error_of(kFoo + "threads 2 foo\n"),
            "bad.scn:3:11: expected 'x' between the thread count and the function name, found 'foo'\n"
            "    threads 2 foo\n"
            "              ^");
}

TEST(ScenarioParserErrors, UnknownNameInExpect) {
  EXPECT_EQ(error_of("global n = 0\n" + kFoo + "threads 2 x foo\nexpect m == 2\n"),
            "bad.scn:5:8: unknown name 'm' (an expectation can use globals and parameters)\n"
            "    expect m == 2\n"
            "           ^");
}

TEST(ScenarioParserErrors, UnknownFunctionInExpect) {
  EXPECT_EQ(error_of("global n = 0\n" + kFoo + "threads 1 x foo\nexpect lenn(n) == 1\n"),
            "bad.scn:5:8: unknown function 'lenn' (expressions may call len, sorted, Lock, RLock)\n"
            "    expect lenn(n) == 1\n"
            "           ^");
}

TEST(ScenarioParserErrors, ObserveOfANonGlobal) {
  EXPECT_EQ(error_of("param THREADS = 2\nglobal n = 0\n" + kFoo + "threads 2 x foo\nobserve n, THREADS\n"),
            "bad.scn:6:12: cannot observe 'THREADS': it is not a global\n"
            "    observe n, THREADS\n"
            "               ^");
}

TEST(ScenarioParserErrors, DuplicateGlobal) {
  EXPECT_EQ(error_of("global n = 0\nglobal n = 1\n"),
            "bad.scn:2:8: global 'n' is declared twice\n"
            "    global n = 1\n"
            "           ^");
}

TEST(ScenarioParserErrors, DuplicateDef) {
  EXPECT_EQ(error_of(kFoo + kFoo + "threads 1 x foo\n"),
            "bad.scn:3:5: function 'foo' is defined twice\n"
            "    def foo():\n"
            "        ^");
}

TEST(ScenarioParserErrors, DuplicateParam) {
  EXPECT_EQ(error_of("param A = 1\nparam A = 2\n"),
            "bad.scn:2:7: parameter 'A' is declared twice\n"
            "    param A = 2\n"
            "          ^");
}

TEST(ScenarioParserErrors, ParamMustBeAnInteger) {
  EXPECT_EQ(error_of("param A = 'x'\n"),
            "bad.scn:1:11: parameter 'A' must be an integer\n"
            "    param A = 'x'\n"
            "              ^");
}

TEST(ScenarioParserErrors, DefineOfAnUnknownParam) {
  EXPECT_EQ(error_of("param THREADS = 2\n" + kFoo + "threads THREADS x foo\n", {{"THREAD", "3"}}),
            "-D THREAD=3: bad.scn has no parameter 'THREAD' (it declares: THREADS)");
  EXPECT_EQ(error_of(kFoo + "threads 1 x foo\n", {{"THREAD", "3"}}),
            "-D THREAD=3: bad.scn has no parameter 'THREAD' (it declares none)");
}

TEST(ScenarioParserErrors, DefineValueNotAnInteger) {
  const std::string text = "param THREADS = 2\n" + kFoo + "threads THREADS x foo\n";
  EXPECT_EQ(error_of(text, {{"THREADS", "three"}}), "-D THREADS=three: the value must be an integer");
  EXPECT_EQ(error_of(text, {{"THREADS", "3x"}}), "-D THREADS=3x: the value must be an integer");
}

TEST(ScenarioParserErrors, NoThreadsLine) {
  EXPECT_EQ(error_of("global n = 0\n" + kFoo),
            "bad.scn: the scenario starts no threads (add a line such as `threads 2 x foo`)");
}

TEST(ScenarioParserErrors, InstructionAfterReturnValue) {
  EXPECT_EQ(error_of("def foo():\n    LOAD_CONST None\n    RETURN_VALUE\n    NOP\nthreads 1 x foo\n"),
            "bad.scn:4:5: unreachable: this instruction follows RETURN_VALUE\n"
            "        NOP\n"
            "        ^");
}

TEST(ScenarioParserErrors, IndentationOutsideADef) {
  EXPECT_EQ(error_of("global n = 0\n    LOAD_GLOBAL n\n"),
            "bad.scn:2:5: unexpected indentation (opcode lines belong under a `def`)\n"
            "        LOAD_GLOBAL n\n"
            "        ^");
}

TEST(ScenarioParserErrors, UnterminatedString) {
  EXPECT_EQ(error_of("global s = 'abc\n"),
            "bad.scn:1:12: unterminated string\n"
            "    global s = 'abc\n"
            "               ^");
}

TEST(ScenarioParserErrors, UnexpectedCharacter) {
  EXPECT_EQ(error_of("global n = 0 $\n"),
            "bad.scn:1:14: unexpected character '$'\n"
            "    global n = 0 $\n"
            "                 ^");
}

TEST(ScenarioParserErrors, OpcodeWithoutOperandGivenOne) {
  EXPECT_EQ(error_of("global x = 0\ndef foo():\n    LOAD_GLOBAL x\n    POP_TOP x\nthreads 1 x foo\n"),
            "bad.scn:4:13: POP_TOP takes no operand\n"
            "        POP_TOP x\n"
            "                ^");
}

TEST(ScenarioParserErrors, OpcodeMissingItsOperand) {
  EXPECT_EQ(error_of("def foo():\n    LOAD_GLOBAL\nthreads 1 x foo\n"),
            "bad.scn:2:16: LOAD_GLOBAL needs an operand\n"
            "        LOAD_GLOBAL\n"
            "                   ^");
}

TEST(ScenarioParserErrors, CountOperandMustBeANumber) {
  EXPECT_EQ(error_of("def foo():\n    CALL_FUNCTION x\nthreads 1 x foo\n"),
            "bad.scn:2:19: CALL_FUNCTION needs a number, found 'x'\n"
            "        CALL_FUNCTION x\n"
            "                      ^");
}

TEST(ScenarioParserErrors, LoadConstOfAListLiteral) {
  EXPECT_EQ(error_of("def foo():\n    LOAD_CONST [1, 2]\n    POP_TOP\nthreads 1 x foo\n"),
            "bad.scn:2:16: bad constant `[1, 2]`: LOAD_CONST supports None, True, False, integers, strings and tuples of those\n"
            "        LOAD_CONST [1, 2]\n"
            "                   ^");
}

TEST(ScenarioParserErrors, LoadConstOfAnIncompleteExpression) {
  EXPECT_EQ(error_of("def foo():\n    LOAD_CONST 1 +\n    POP_TOP\nthreads 1 x foo\n"),
            "bad.scn:2:16: bad constant `1 +`: expected a value, found end of line\n"
            "        LOAD_CONST 1 +\n"
            "                   ^");
}

TEST(ScenarioParserErrors, LoadConstOfAnUnterminatedString) {
  // The message points into the scenario line, not into the operand alone.
  EXPECT_EQ(error_of("def foo():\n    LOAD_CONST 'a\n    POP_TOP\nthreads 1 x foo\n"),
            "bad.scn:2:16: bad constant `'a`: unterminated string\n"
            "        LOAD_CONST 'a\n"
            "                   ^");
}

TEST(ScenarioParserErrors, BinaryOpWithAnUnsupportedOperator) {
  const std::string head = "global n = 0\ndef foo():\n    LOAD_GLOBAL n\n    LOAD_CONST 2\n";
  EXPECT_EQ(error_of(head + "    BINARY_OP **\n    STORE_GLOBAL n\nthreads 1 x foo\n"),
            "bad.scn:5:15: unsupported BINARY_OP operator '**' (supported: + - * // % += -= *= //= %=)\n"
            "        BINARY_OP **\n"
            "                  ^");
  // As pasted from 3.11 dis output: the caret goes to the argrepr.
  EXPECT_EQ(error_of(head + "    BINARY_OP 8 (**)\n    STORE_GLOBAL n\nthreads 1 x foo\n"),
            "bad.scn:5:18: unsupported BINARY_OP operator '**' (supported: + - * // % += -= *= //= %=)\n"
            "        BINARY_OP 8 (**)\n"
            "                     ^");
}

TEST(ScenarioParserErrors, LowercaseOpcode) {
  EXPECT_EQ(error_of("def foo():\n    load_global n\nthreads 1 x foo\n"),
            "bad.scn:2:5: expected an opcode name, found 'load_global'\n"
            "        load_global n\n"
            "        ^");
}

TEST(ScenarioParserErrors, ThreadFunctionWithParameters) {
  EXPECT_EQ(error_of("def foo(a):\n    NOP\nthreads 1 x foo\n"),
            "bad.scn:3:13: a thread's function takes no arguments: 'foo' has 1 parameter\n"
            "    threads 1 x foo\n"
            "                ^");
}

TEST(ScenarioParserErrors, DuplicateParameter) {
  EXPECT_EQ(error_of("def add(a, a):\n    NOP\n"),
            "bad.scn:1:12: duplicate parameter 'a'\n"
            "    def add(a, a):\n"
            "               ^");
}

TEST(ScenarioParserErrors, ParameterListNotClosed) {
  EXPECT_EQ(error_of("def add(a b):\n    NOP\n"),
            "bad.scn:1:11: expected ')' after the parameters, found 'b'\n"
            "    def add(a b):\n"
            "              ^");
}

TEST(ScenarioParserErrors, BodiesWithDifferentParameters) {
  EXPECT_EQ(error_of("def add(a, b):\n    NOP\ndef add(a) for 3.11+:\n    NOP\n"),
            "bad.scn:3:5: every body of 'add' must take the same parameters as the one on line 1\n"
            "    def add(a) for 3.11+:\n"
            "        ^");
}

TEST(ScenarioParserErrors, FunctionNameIsAGlobal) {
  EXPECT_EQ(error_of("global add = 0\ndef add(a):\n    NOP\n"),
            "bad.scn:2:5: 'add' is already a global (a function's name is its global)\n"
            "    def add(a):\n"
            "        ^");
  EXPECT_EQ(error_of("def add(a):\n    NOP\nglobal add = 0\n"),
            "bad.scn:3:8: 'add' is already a function (a function's name is its global)\n"
            "    global add = 0\n"
            "           ^");
}

TEST(ScenarioParserErrors, StoreGlobalToAFunction) {
  EXPECT_EQ(error_of("def add(a):\n    NOP\ndef foo():\n    LOAD_CONST 1\n    STORE_GLOBAL add\nthreads 1 x foo\n"),
            "bad.scn:5:18: STORE_GLOBAL cannot rebind the function 'add'\n"
            "        STORE_GLOBAL add\n"
            "                     ^");
}

TEST(ScenarioParserErrors, IntegerTooLarge) {
  EXPECT_EQ(error_of("global n = 99999999999999999999\n"),
            "bad.scn:1:12: integer 99999999999999999999 does not fit in 64 bits\n"
            "    global n = 99999999999999999999\n"
            "               ^");
}

TEST(ScenarioParserErrors, ALongLineIsShownAroundTheColumn) {
  const std::string ones(60, '1'), bs(200, 'b');
  EXPECT_EQ(error_of("global x = [" + ones + ", 'a" + bs + "]\n"),
            "bad.scn:1:75: unterminated string\n"
            "    ..." + std::string(48, '1') + ", 'a" + std::string(48, 'b') + "...\n"
            "    " + std::string(53, ' ') + "^");
  EXPECT_EQ(error_of("globl x = [" + ones + ", 'a" + bs + "']\n"),
            "bad.scn:1:1: unknown keyword 'globl' (did you mean 'global'?)\n"
            "    globl x = [" + ones + ", 'a" + std::string(25, 'b') + "...\n"
            "    ^");
}

TEST(ScenarioParserErrors, ModelWithoutAName) {
  EXPECT_EQ(error_of("model\n"),
            "bad.scn:1:6: expected a model name after 'model'\n"
            "    model\n"
            "         ^");
}

TEST(ScenarioParserErrors, ModelNamedTwice) {
  EXPECT_EQ(error_of("model every-op\nmodel every-op\n"),
            "bad.scn:2:1: the model is named twice\n"
            "    model every-op\n"
            "    ^");
}

}  // namespace
}  // namespace gilrace
