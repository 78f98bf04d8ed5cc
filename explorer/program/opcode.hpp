// The opcodes gilrace knows, with the facts the parser and the
// interpreter need about each: how its argument is written and how it moves
// the value stack.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace gilrace {

enum class Opcode : std::uint8_t {
  NOP,
  RESUME,
  PRECALL,
  LOAD_CONST,
  LOAD_FAST,
  STORE_FAST,
  LOAD_GLOBAL,
  STORE_GLOBAL,
  LOAD_ATTR,
  LOAD_METHOD,
  POP_TOP,
  BINARY_ADD,
  INPLACE_ADD,
  BINARY_SUBTRACT,
  INPLACE_SUBTRACT,
  BINARY_MULTIPLY,
  INPLACE_MULTIPLY,
  BINARY_OP,
  CALL_FUNCTION,
  CALL_METHOD,
  CALL,
  PUSH_NULL,
  RETURN_VALUE,
  COUNT_,
};

// How the operand after the opcode name is interpreted.
enum class OperandKind : std::uint8_t {
  None,      // no operand
  Constant,  // a Python literal (LOAD_CONST)
  Global,    // a global name
  Local,     // a local variable name
  Attribute, // an attribute name
  Count,     // a number (argument count, RESUME's where)
  BinaryOp,  // BINARY_OP's operator: `+=`, `+`, or its number
};

struct OpcodeInfo {
  Opcode opcode;
  std::string_view name;
  OperandKind operand;
};

const OpcodeInfo& opcode_info(Opcode op);
std::optional<Opcode> opcode_by_name(std::string_view name);
inline std::string_view opcode_name(Opcode op) { return opcode_info(op).name; }

// The binary operators BINARY_OP (3.11+) and the older BINARY_*/INPLACE_*
// opcodes share; the numbers are CPython's NB_* values (Include/opcode.h).
enum class BinaryOperator : std::uint8_t { Add, Subtract, Multiply };
struct BinaryOpInfo {
  BinaryOperator op;
  bool inplace;
};
std::optional<BinaryOpInfo> binary_op_by_number(std::int64_t number);
std::optional<BinaryOpInfo> binary_op_by_symbol(std::string_view symbol);
std::int64_t binary_op_number(BinaryOpInfo info);
std::string_view binary_op_symbol(BinaryOpInfo info);

}  // namespace gilrace
