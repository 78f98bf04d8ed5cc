// parse_instruction_line: the scenario's own `LOAD_GLOBAL n` and raw
// dis.dis lines of CPython 3.8 and 3.11 (offsets, line numbers, `>>`, `-->`,
// `(argrepr)`), plus the lines that carry no instruction.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "explorer/program/instruction_parser.hpp"

namespace gilrace {
namespace {

const SourceLocation kWhere{"body.scn", 7, 0};

ParsedInstruction parse(std::string_view text) {
  const auto parsed = parse_instruction_line(text, kWhere);
  if (!parsed) ADD_FAILURE() << "no instruction in: " << text;
  return parsed.value_or(ParsedInstruction{});
}

std::string error_of(std::string_view text) {
  try {
    parse_instruction_line(text, kWhere);
  } catch (const InputError& e) {
    return e.formatted();
  }
  return "<parsed without error>";
}

// ---- the scenario's own syntax --------------------------------------------

TEST(InstructionParser, ScenarioGlobalOperand) {
  const auto p = parse("LOAD_GLOBAL  n");
  EXPECT_EQ(p.opcode, Opcode::LOAD_GLOBAL);
  EXPECT_FALSE(p.oparg.has_value());
  EXPECT_EQ(p.operand, "n");
  EXPECT_FALSE(p.from_argrepr);
  EXPECT_EQ(p.opcode_column, 1u);
  EXPECT_EQ(p.operand_column, 14u);
}

TEST(InstructionParser, ScenarioNumericOperandIsAlsoTheOparg) {
  const auto p = parse("    LOAD_CONST 1");
  EXPECT_EQ(p.opcode, Opcode::LOAD_CONST);
  EXPECT_EQ(p.oparg, 1);
  EXPECT_EQ(p.operand, "1");
  EXPECT_FALSE(p.from_argrepr);
  EXPECT_EQ(p.opcode_column, 5u);
  EXPECT_EQ(p.operand_column, 16u);
}

TEST(InstructionParser, ScenarioNoOperand) {
  const auto p = parse("    INPLACE_ADD");
  EXPECT_EQ(p.opcode, Opcode::INPLACE_ADD);
  EXPECT_FALSE(p.oparg.has_value());
  EXPECT_EQ(p.operand, "");
  EXPECT_EQ(p.operand_column, 0u);
}

TEST(InstructionParser, ScenarioStringConstantKeepsItsQuotesAndSpaces) {
  const auto p = parse("    LOAD_CONST   'a b'");
  EXPECT_EQ(p.opcode, Opcode::LOAD_CONST);
  EXPECT_EQ(p.operand, "'a b'");
  EXPECT_FALSE(p.oparg.has_value());
}

TEST(InstructionParser, TrailingCommentIsIgnored) {
  const auto p = parse("    LOAD_GLOBAL n  # read n");
  EXPECT_EQ(p.opcode, Opcode::LOAD_GLOBAL);
  EXPECT_EQ(p.operand, "n");
  const auto q = parse("  3           0 LOAD_GLOBAL              0 (n)   # after");
  EXPECT_EQ(q.operand, "n");
  EXPECT_EQ(q.oparg, 0);
  EXPECT_TRUE(q.from_argrepr);
}

// ---- CPython 3.8 dis output -------------------------------------------------

TEST(InstructionParser, Dis38LineNumberOffsetAndArgrepr) {
  const auto p = parse("  3           0 LOAD_GLOBAL              0 (lst)");
  EXPECT_EQ(p.opcode, Opcode::LOAD_GLOBAL);
  EXPECT_EQ(p.oparg, 0);
  EXPECT_EQ(p.operand, "lst");
  EXPECT_TRUE(p.from_argrepr);
  EXPECT_EQ(p.opcode_column, 17u);
  EXPECT_EQ(p.operand_column, 45u);
}

TEST(InstructionParser, Dis38OffsetAndOpargWithoutArgrepr) {
  const auto p = parse("              4 CALL_FUNCTION            0");
  EXPECT_EQ(p.opcode, Opcode::CALL_FUNCTION);
  EXPECT_EQ(p.oparg, 0);
  EXPECT_EQ(p.operand, "0");
  EXPECT_FALSE(p.from_argrepr);
}

TEST(InstructionParser, Dis38JumpTargetMarker) {
  const auto p = parse("        >>   10 LOAD_FAST                0 (x)");
  EXPECT_EQ(p.opcode, Opcode::LOAD_FAST);
  EXPECT_EQ(p.oparg, 0);
  EXPECT_EQ(p.operand, "x");
  EXPECT_TRUE(p.from_argrepr);
}

TEST(InstructionParser, Dis38CurrentInstructionMarker) {
  const auto p = parse("    -->       6 POP_TOP");
  EXPECT_EQ(p.opcode, Opcode::POP_TOP);
  EXPECT_FALSE(p.oparg.has_value());
  EXPECT_EQ(p.operand, "");
  const auto q = parse("    --> >>    8 LOAD_CONST               0 (None)");
  EXPECT_EQ(q.opcode, Opcode::LOAD_CONST);
  EXPECT_EQ(q.oparg, 0);
  EXPECT_EQ(q.operand, "None");
  EXPECT_TRUE(q.from_argrepr);
}

TEST(InstructionParser, Dis38ArgreprWithParenthesesAndHash) {
  const auto tuple = parse("              0 LOAD_CONST               1 ((1, 2))");
  EXPECT_EQ(tuple.oparg, 1);
  EXPECT_EQ(tuple.operand, "(1, 2)");
  const auto hash = parse("  2           0 LOAD_CONST               1 ('#')");
  EXPECT_EQ(hash.oparg, 1);
  EXPECT_EQ(hash.operand, "'#'");
  EXPECT_TRUE(hash.from_argrepr);
}

// ---- CPython 3.11 dis output ------------------------------------------------

TEST(InstructionParser, Dis311BinaryOp) {
  const auto p = parse("             16 BINARY_OP               13 (+=)");
  EXPECT_EQ(p.opcode, Opcode::BINARY_OP);
  EXPECT_EQ(p.oparg, 13);
  EXPECT_EQ(p.operand, "+=");
  EXPECT_TRUE(p.from_argrepr);
}

TEST(InstructionParser, Dis311LoadGlobalWithNull) {
  const auto p = parse("             52 LOAD_GLOBAL              5 (NULL + len)");
  EXPECT_EQ(p.opcode, Opcode::LOAD_GLOBAL);
  EXPECT_EQ(p.oparg, 5);
  EXPECT_EQ(p.operand, "NULL + len");
  EXPECT_TRUE(p.from_argrepr);
}

TEST(InstructionParser, Dis311Resume) {
  const auto p = parse("  1           0 RESUME                   0");
  EXPECT_EQ(p.opcode, Opcode::RESUME);
  EXPECT_EQ(p.oparg, 0);
  EXPECT_EQ(p.operand, "0");
  EXPECT_FALSE(p.from_argrepr);
}

TEST(InstructionParser, Dis313Labels) {
  const auto alone = parse_instruction_line("  L1:", kWhere);
  ASSERT_TRUE(alone.has_value());
  EXPECT_TRUE(alone->label_only);
  EXPECT_EQ(alone->label, "L1");
  const auto p = parse("   4    L2:     LOAD_FAST                0 (x)");
  EXPECT_EQ(p.opcode, Opcode::LOAD_FAST);
  EXPECT_EQ(p.operand, "x");
  EXPECT_EQ(p.label, "L2");
  EXPECT_FALSE(p.offset.has_value() && *p.offset != 4);  // 3.13 has no offset column: 4 is the line number
  const auto offsets = parse("  5     >>    8 FOR_ITER                12 (to 22)");
  EXPECT_EQ(offsets.offset, 8);
  EXPECT_EQ(offsets.operand, "to 22");
  const auto named = parse("top: LOAD_GLOBAL n");
  EXPECT_EQ(named.label, "top");
  EXPECT_EQ(named.opcode, Opcode::LOAD_GLOBAL);
}

// ---- lines without an instruction -------------------------------------------

TEST(InstructionParser, LinesWithoutAnInstruction) {
  for (std::string_view text :
       {"", "   ", "\t", "# a comment", "    # no RETURN_VALUE",
        "Disassembly of <code object foo at 0x7f3b2c1d2e30, file \"x.py\", line 1>:"}) {
    EXPECT_FALSE(parse_instruction_line(text, kWhere).has_value()) << "[" << text << "]";
  }
}

// ---- mistakes ---------------------------------------------------------------

TEST(InstructionParser, UnknownOpcodeSuggestsTheClosest) {
  EXPECT_EQ(error_of("    STORE_GLOBL n"),
            "body.scn:7:5: unknown opcode 'STORE_GLOBL' (did you mean 'STORE_GLOBAL'?)\n"
            "        STORE_GLOBL n\n"
            "        ^");
}

TEST(InstructionParser, OffsetWithoutOpcode) {
  EXPECT_EQ(error_of("    12"),
            "body.scn:7:5: expected an opcode name after the offset\n"
            "        12\n"
            "        ^");
}

TEST(InstructionParser, ClosestMatch) {
  EXPECT_EQ(closest_match("gloabl", {"param", "global", "def"}), "global");
  EXPECT_EQ(closest_match("banana", {"param", "global", "def"}), "");
  EXPECT_EQ(closest_match("load_const", {"LOAD_CONST", "LOAD_FAST"}), "LOAD_CONST");
}

// Known bug (reported): a `#` inside a quoted scenario operand is taken as
// the start of a comment, so the operand is cut to `'`.
TEST(InstructionParser, HashInsideAQuotedOperandIsNotAComment) {
  EXPECT_EQ(parse("    LOAD_CONST '#'").operand, "'#'");
  EXPECT_EQ(parse("    LOAD_CONST 'a#b'  # c").operand, "'a#b'");
}

}  // namespace
}  // namespace gilrace
