// Jumps in scenario bodies: targets written as dis prints them in every
// version, labels, and the mistakes a body can make with them, word for word.
#include <gtest/gtest.h>

#include <string>

#include "explorer/program/scenario_parser.hpp"

namespace gilrace {
namespace {

std::string error_of(const std::string& body) {
  try {
    parse_scenario("j.scn", "global n = 0\ndef f():\n" + body + "threads 1 x f\n");
  } catch (const InputError& e) {
    return e.formatted();
  }
  return "<parsed without error>";
}

std::vector<std::int64_t> targets(const std::string& body) {
  const Program p = parse_scenario("j.scn", "global n = 0\ndef f():\n" + body + "threads 1 x f\n");
  std::vector<std::int64_t> out;
  for (const Instruction& in : p.functions[0].code)
    if (opcode_info(in.opcode).operand == OperandKind::Jump) out.push_back(in.arg);
  return out;
}

TEST(Jumps, TargetsInEveryDisSpelling) {
  // 3.8: absolute jumps print the target offset alone.
  EXPECT_EQ(targets("  10 >> 0 LOAD_GLOBAL 0 (n)\n       2 POP_JUMP_IF_TRUE 6\n       4 JUMP_ABSOLUTE 0\n"
                    "    >> 6 LOAD_CONST 0 (None)\n"),
            (std::vector<std::int64_t>{3, 0}));
  // 3.10/3.11: `(to OFFSET)`.
  EXPECT_EQ(targets("      2 LOAD_GLOBAL 0 (n)\n     14 POP_JUMP_FORWARD_IF_TRUE 1 (to 18)\n"
                    "     16 NOP\n  >> 18 LOAD_CONST 0 (None)\n"),
            (std::vector<std::int64_t>{3}));
  // 3.13: labels, also alone on their line; `--` for no line number.
  EXPECT_EQ(targets("  L1:\n    LOAD_GLOBAL 0 (n)\n    TO_BOOL\n    POP_JUMP_IF_FALSE 2 (to L1)\n  --  NOP\n"),
            (std::vector<std::int64_t>{0}));
  // Hand-written: a label of one's own.
  EXPECT_EQ(targets("    top: LOAD_GLOBAL n\n    POP_JUMP_IF_TRUE top\n"), (std::vector<std::int64_t>{0}));
}

TEST(Jumps, Mistakes) {
  EXPECT_EQ(error_of("    LOAD_GLOBAL n\n    POP_JUMP_IF_TRUE nowhere\n"),
            "j.scn:4:22: no instruction is labelled 'nowhere'\n        POP_JUMP_IF_TRUE nowhere\n"
            "                         ^");
  EXPECT_EQ(error_of("   0 LOAD_GLOBAL 0 (n)\n   2 POP_JUMP_IF_TRUE 5\n"),
            "j.scn:4:23: no instruction has offset 5 (the jump target)\n       2 POP_JUMP_IF_TRUE 5\n"
            "                          ^");
  EXPECT_EQ(error_of("    JUMP_FORWARD 4\n    NOP\n"),
            "j.scn:3:18: JUMP_FORWARD is a relative jump: write its target as dis prints it, `(to OFFSET)`, or as "
            "a label\n        JUMP_FORWARD 4\n                     ^");
  EXPECT_EQ(error_of("    JUMP_FORWARD\n"), "j.scn:3:17: JUMP_FORWARD needs an operand\n        JUMP_FORWARD\n"
                                          "                    ^");
  EXPECT_EQ(error_of("    top: NOP\n    top: NOP\n"),
            "j.scn:4:1: label 'top' is used twice\n        top: NOP\n    ^");
  // Two paths into one instruction with different stack depths.
  EXPECT_EQ(error_of("    LOAD_GLOBAL n\n    POP_JUMP_IF_TRUE end\n    LOAD_CONST 1\n    end: NOP\n"),
            "j.scn:6:10: the stack holds 0 values here on one path and 1 on another (from line 5)\n"
            "        end: NOP\n             ^");
  EXPECT_EQ(error_of("    LOAD_CONST 1\n    SWAP 0\n"),
            "j.scn:4:10: SWAP needs a stack position of at least 1, found 0\n        SWAP 0\n             ^");
  EXPECT_EQ(error_of("    RETURN_CONST None\n    NOP\n"),
            "j.scn:4:5: unreachable: this instruction follows RETURN_CONST\n        NOP\n        ^");
}

}  // namespace
}  // namespace gilrace
