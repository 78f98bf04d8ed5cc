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
  LOAD_FAST_LOAD_FAST,    // 3.13: two locals in one instruction
  STORE_FAST_LOAD_FAST,
  STORE_FAST_STORE_FAST,
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
  JUMP_FORWARD,
  JUMP_ABSOLUTE,
  JUMP_BACKWARD,
  JUMP_BACKWARD_NO_INTERRUPT,
  POP_JUMP_IF_FALSE,
  POP_JUMP_IF_TRUE,
  POP_JUMP_IF_NONE,
  POP_JUMP_IF_NOT_NONE,
  POP_JUMP_FORWARD_IF_FALSE,
  POP_JUMP_FORWARD_IF_TRUE,
  POP_JUMP_BACKWARD_IF_FALSE,
  POP_JUMP_BACKWARD_IF_TRUE,
  POP_JUMP_FORWARD_IF_NONE,
  POP_JUMP_FORWARD_IF_NOT_NONE,
  POP_JUMP_BACKWARD_IF_NONE,
  POP_JUMP_BACKWARD_IF_NOT_NONE,
  JUMP_IF_FALSE_OR_POP,
  JUMP_IF_TRUE_OR_POP,
  COMPARE_OP,
  IS_OP,
  CONTAINS_OP,
  UNARY_NOT,
  TO_BOOL,
  GET_ITER,
  FOR_ITER,
  END_FOR,
  RETURN_CONST,
  BINARY_SUBSCR,
  STORE_SUBSCR,
  DUP_TOP,
  DUP_TOP_TWO,
  ROT_TWO,
  ROT_THREE,
  COPY,
  SWAP,
  UNARY_NEGATIVE,
  SETUP_WITH,
  BEFORE_WITH,
  POP_BLOCK,
  BEGIN_FINALLY,
  WITH_CLEANUP_START,
  WITH_CLEANUP_FINISH,
  END_FINALLY,
  WITH_EXCEPT_START,
  PUSH_EXC_INFO,
  POP_EXCEPT,
  RERAISE,
  BINARY_FLOOR_DIVIDE,
  INPLACE_FLOOR_DIVIDE,
  BINARY_MODULO,
  INPLACE_MODULO,
  LOAD_ASSERTION_ERROR,
  RAISE_VARARGS,
  BUILD_LIST,
  BUILD_TUPLE,
  BUILD_MAP,
  BUILD_CONST_KEY_MAP,
  LIST_EXTEND,
  DELETE_SUBSCR,
  COUNT_,
};

// How the operand after the opcode name is interpreted.
enum class OperandKind : std::uint8_t {
  None,      // no operand
  Constant,  // a Python literal (LOAD_CONST)
  Global,    // a global name
  Local,     // a local variable name
  LocalPair, // two local names, `a, b` (3.13's superinstructions)
  Attribute, // an attribute name
  Count,     // a number (argument count, RESUME's where)
  BinaryOp,  // BINARY_OP's operator: `+=`, `+`, or its number
  Jump,      // a jump target: `(to 22)` / `(to L2)` as dis prints it, a label, or (absolute jumps) an offset
  Compare,   // COMPARE_OP's operator: `<`, `==`, `not in`, ... (3.13 prints `bool(<)`)
};

// Jumps whose dis argument up to 3.9 is the target's byte offset itself
// (printed without `(to N)`).
bool is_absolute_jump(Opcode op);
// Jumps that pop a condition and jump on its truth (or on None).
bool is_conditional_jump(Opcode op);
// Opcodes only exception handlers run; the model raises no exception a
// handler could catch, so they are parsed but never reached.
bool is_exception_only(Opcode op);

// COMPARE_OP's operators, in CPython's cmp_op order (Lib/opcode.py, 3.8-3.11
// oparg); `in`, `not in`, `is`, `is not` are COMPARE_OP only up to 3.8.
enum class CompareOperator : std::uint8_t { Less, LessEqual, Equal, NotEqual, Greater, GreaterEqual, In, NotIn, Is, IsNot };
std::optional<CompareOperator> compare_op_by_symbol(std::string_view symbol);
std::string_view compare_op_symbol(CompareOperator op);

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
enum class BinaryOperator : std::uint8_t { Add, Subtract, Multiply, FloorDivide, Modulo };
struct BinaryOpInfo {
  BinaryOperator op;
  bool inplace;
};
std::optional<BinaryOpInfo> binary_op_by_number(std::int64_t number);
std::optional<BinaryOpInfo> binary_op_by_symbol(std::string_view symbol);
std::int64_t binary_op_number(BinaryOpInfo info);
std::string_view binary_op_symbol(BinaryOpInfo info);

}  // namespace gilrace
