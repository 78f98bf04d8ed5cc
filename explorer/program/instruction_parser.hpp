// One line of a `def` body: the scenario's own `LOAD_GLOBAL n` or a line of
// raw `dis.dis` output from CPython 2.7 or 3.8-3.13 (line numbers, offsets,
// `>>` jump-target markers, `-->` and `(argrepr)` columns are understood).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/program/input_error.hpp"
#include "explorer/program/opcode.hpp"

namespace gilrace {

struct ParsedInstruction {
  Opcode opcode = Opcode::NOP;
  std::optional<long long> oparg;  // the number dis prints (or the scenario writes)
  std::string operand;             // the argrepr, or the scenario's operand text
  bool from_argrepr = false;       // operand came from a `(argrepr)` column
  std::uint32_t operand_column = 0;
  std::uint32_t opcode_column = 0;
  std::optional<long long> offset;  // dis's offset column (the last number before the opcode)
  std::string label;                // `L1:` (3.13 dis) or `top:` before the opcode, without ':'
  bool label_only = false;          // the line is just a label for the next instruction
  bool marked_target = false;       // dis marked it `>>`: a jump or exception handler lands here
};

// Returns nullopt for lines that carry no instruction (blank, comment,
// `Disassembly of ...:` headers); a label on its own line (`L1:`) comes
// back with `label_only` set.
std::optional<ParsedInstruction> parse_instruction_line(std::string_view text, const SourceLocation& where);

// 3.11+ dis lists exception handlers after the code: an `ExceptionTable:`
// line, then entries such as `  16 to 36 -> 64 [1] lasti`. Nothing the
// model runs raises an exception a handler could catch; readers skip them.
bool is_exception_table_header(std::string_view line);
bool is_exception_table_entry(std::string_view line);

// "did you mean 'X'?" helper: the closest of `candidates` within distance 2.
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace gilrace
