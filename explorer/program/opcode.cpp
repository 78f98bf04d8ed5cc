#include "explorer/program/opcode.hpp"

#include <array>

namespace gilrace {
namespace {

constexpr std::array<OpcodeInfo, static_cast<std::size_t>(Opcode::COUNT_)> kOpcodes{{
    {Opcode::NOP, "NOP", OperandKind::None},
    {Opcode::RESUME, "RESUME", OperandKind::Count},
    {Opcode::PRECALL, "PRECALL", OperandKind::Count},
    {Opcode::LOAD_CONST, "LOAD_CONST", OperandKind::Constant},
    {Opcode::LOAD_FAST, "LOAD_FAST", OperandKind::Local},
    {Opcode::STORE_FAST, "STORE_FAST", OperandKind::Local},
    {Opcode::LOAD_FAST_LOAD_FAST, "LOAD_FAST_LOAD_FAST", OperandKind::LocalPair},
    {Opcode::STORE_FAST_LOAD_FAST, "STORE_FAST_LOAD_FAST", OperandKind::LocalPair},
    {Opcode::STORE_FAST_STORE_FAST, "STORE_FAST_STORE_FAST", OperandKind::LocalPair},
    {Opcode::LOAD_GLOBAL, "LOAD_GLOBAL", OperandKind::Global},
    {Opcode::STORE_GLOBAL, "STORE_GLOBAL", OperandKind::Global},
    {Opcode::LOAD_ATTR, "LOAD_ATTR", OperandKind::Attribute},
    {Opcode::LOAD_METHOD, "LOAD_METHOD", OperandKind::Attribute},
    {Opcode::POP_TOP, "POP_TOP", OperandKind::None},
    {Opcode::BINARY_ADD, "BINARY_ADD", OperandKind::None},
    {Opcode::INPLACE_ADD, "INPLACE_ADD", OperandKind::None},
    {Opcode::BINARY_SUBTRACT, "BINARY_SUBTRACT", OperandKind::None},
    {Opcode::INPLACE_SUBTRACT, "INPLACE_SUBTRACT", OperandKind::None},
    {Opcode::BINARY_MULTIPLY, "BINARY_MULTIPLY", OperandKind::None},
    {Opcode::INPLACE_MULTIPLY, "INPLACE_MULTIPLY", OperandKind::None},
    {Opcode::BINARY_OP, "BINARY_OP", OperandKind::BinaryOp},
    {Opcode::CALL_FUNCTION, "CALL_FUNCTION", OperandKind::Count},
    {Opcode::CALL_METHOD, "CALL_METHOD", OperandKind::Count},
    {Opcode::CALL, "CALL", OperandKind::Count},
    {Opcode::PUSH_NULL, "PUSH_NULL", OperandKind::None},
    {Opcode::RETURN_VALUE, "RETURN_VALUE", OperandKind::None},
    {Opcode::JUMP_FORWARD, "JUMP_FORWARD", OperandKind::Jump},
    {Opcode::JUMP_ABSOLUTE, "JUMP_ABSOLUTE", OperandKind::Jump},
    {Opcode::JUMP_BACKWARD, "JUMP_BACKWARD", OperandKind::Jump},
    {Opcode::JUMP_BACKWARD_NO_INTERRUPT, "JUMP_BACKWARD_NO_INTERRUPT", OperandKind::Jump},
    {Opcode::POP_JUMP_IF_FALSE, "POP_JUMP_IF_FALSE", OperandKind::Jump},
    {Opcode::POP_JUMP_IF_TRUE, "POP_JUMP_IF_TRUE", OperandKind::Jump},
    {Opcode::POP_JUMP_IF_NONE, "POP_JUMP_IF_NONE", OperandKind::Jump},
    {Opcode::POP_JUMP_IF_NOT_NONE, "POP_JUMP_IF_NOT_NONE", OperandKind::Jump},
    {Opcode::POP_JUMP_FORWARD_IF_FALSE, "POP_JUMP_FORWARD_IF_FALSE", OperandKind::Jump},
    {Opcode::POP_JUMP_FORWARD_IF_TRUE, "POP_JUMP_FORWARD_IF_TRUE", OperandKind::Jump},
    {Opcode::POP_JUMP_BACKWARD_IF_FALSE, "POP_JUMP_BACKWARD_IF_FALSE", OperandKind::Jump},
    {Opcode::POP_JUMP_BACKWARD_IF_TRUE, "POP_JUMP_BACKWARD_IF_TRUE", OperandKind::Jump},
    {Opcode::POP_JUMP_FORWARD_IF_NONE, "POP_JUMP_FORWARD_IF_NONE", OperandKind::Jump},
    {Opcode::POP_JUMP_FORWARD_IF_NOT_NONE, "POP_JUMP_FORWARD_IF_NOT_NONE", OperandKind::Jump},
    {Opcode::POP_JUMP_BACKWARD_IF_NONE, "POP_JUMP_BACKWARD_IF_NONE", OperandKind::Jump},
    {Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE, "POP_JUMP_BACKWARD_IF_NOT_NONE", OperandKind::Jump},
    {Opcode::JUMP_IF_FALSE_OR_POP, "JUMP_IF_FALSE_OR_POP", OperandKind::Jump},
    {Opcode::JUMP_IF_TRUE_OR_POP, "JUMP_IF_TRUE_OR_POP", OperandKind::Jump},
    {Opcode::COMPARE_OP, "COMPARE_OP", OperandKind::Compare},
    {Opcode::IS_OP, "IS_OP", OperandKind::Count},
    {Opcode::CONTAINS_OP, "CONTAINS_OP", OperandKind::Count},
    {Opcode::UNARY_NOT, "UNARY_NOT", OperandKind::None},
    {Opcode::TO_BOOL, "TO_BOOL", OperandKind::None},
    {Opcode::GET_ITER, "GET_ITER", OperandKind::None},
    {Opcode::FOR_ITER, "FOR_ITER", OperandKind::Jump},
    {Opcode::END_FOR, "END_FOR", OperandKind::None},
    {Opcode::RETURN_CONST, "RETURN_CONST", OperandKind::Constant},
    {Opcode::BINARY_SUBSCR, "BINARY_SUBSCR", OperandKind::None},
    {Opcode::STORE_SUBSCR, "STORE_SUBSCR", OperandKind::None},
    {Opcode::DUP_TOP, "DUP_TOP", OperandKind::None},
    {Opcode::DUP_TOP_TWO, "DUP_TOP_TWO", OperandKind::None},
    {Opcode::ROT_TWO, "ROT_TWO", OperandKind::None},
    {Opcode::ROT_THREE, "ROT_THREE", OperandKind::None},
    {Opcode::COPY, "COPY", OperandKind::Count},
    {Opcode::SWAP, "SWAP", OperandKind::Count},
    {Opcode::UNARY_NEGATIVE, "UNARY_NEGATIVE", OperandKind::None},
    {Opcode::SETUP_WITH, "SETUP_WITH", OperandKind::Jump},
    {Opcode::BEFORE_WITH, "BEFORE_WITH", OperandKind::None},
    {Opcode::POP_BLOCK, "POP_BLOCK", OperandKind::None},
    {Opcode::BEGIN_FINALLY, "BEGIN_FINALLY", OperandKind::None},
    {Opcode::WITH_CLEANUP_START, "WITH_CLEANUP_START", OperandKind::None},
    {Opcode::WITH_CLEANUP_FINISH, "WITH_CLEANUP_FINISH", OperandKind::None},
    {Opcode::END_FINALLY, "END_FINALLY", OperandKind::None},
    {Opcode::WITH_EXCEPT_START, "WITH_EXCEPT_START", OperandKind::None},
    {Opcode::PUSH_EXC_INFO, "PUSH_EXC_INFO", OperandKind::None},
    {Opcode::POP_EXCEPT, "POP_EXCEPT", OperandKind::None},
    {Opcode::RERAISE, "RERAISE", OperandKind::Count},
    {Opcode::BINARY_FLOOR_DIVIDE, "BINARY_FLOOR_DIVIDE", OperandKind::None},
    {Opcode::INPLACE_FLOOR_DIVIDE, "INPLACE_FLOOR_DIVIDE", OperandKind::None},
    {Opcode::BINARY_MODULO, "BINARY_MODULO", OperandKind::None},
    {Opcode::INPLACE_MODULO, "INPLACE_MODULO", OperandKind::None},
    {Opcode::LOAD_ASSERTION_ERROR, "LOAD_ASSERTION_ERROR", OperandKind::None},
    {Opcode::RAISE_VARARGS, "RAISE_VARARGS", OperandKind::Count},
    {Opcode::BUILD_LIST, "BUILD_LIST", OperandKind::Count},
    {Opcode::BUILD_TUPLE, "BUILD_TUPLE", OperandKind::Count},
    {Opcode::BUILD_MAP, "BUILD_MAP", OperandKind::Count},
    {Opcode::BUILD_CONST_KEY_MAP, "BUILD_CONST_KEY_MAP", OperandKind::Count},
    {Opcode::LIST_EXTEND, "LIST_EXTEND", OperandKind::Count},
    {Opcode::DELETE_SUBSCR, "DELETE_SUBSCR", OperandKind::None},
}};

struct BinaryOpRow {
  std::int64_t number;
  std::string_view symbol;
  BinaryOpInfo info;
};

// Include/opcode.h (3.11): NB_ADD 0, NB_MULTIPLY 5, NB_SUBTRACT 10,
// NB_INPLACE_ADD 13, NB_INPLACE_MULTIPLY 18, NB_INPLACE_SUBTRACT 23;
// NB_FLOOR_DIVIDE 2, NB_REMAINDER 6, NB_INPLACE_FLOOR_DIVIDE 15, NB_INPLACE_REMAINDER 19.
constexpr std::array<BinaryOpRow, 10> kBinaryOps{{
    {0, "+", {BinaryOperator::Add, false}},
    {2, "//", {BinaryOperator::FloorDivide, false}},
    {6, "%", {BinaryOperator::Modulo, false}},
    {15, "//=", {BinaryOperator::FloorDivide, true}},
    {19, "%=", {BinaryOperator::Modulo, true}},
    {5, "*", {BinaryOperator::Multiply, false}},
    {10, "-", {BinaryOperator::Subtract, false}},
    {13, "+=", {BinaryOperator::Add, true}},
    {18, "*=", {BinaryOperator::Multiply, true}},
    {23, "-=", {BinaryOperator::Subtract, true}},
}};

constexpr std::array<std::string_view, 10> kCompareSymbols{"<", "<=", "==", "!=", ">", ">=", "in", "not in", "is", "is not"};

}  // namespace

bool is_absolute_jump(Opcode op) {
  switch (op) {
    case Opcode::JUMP_ABSOLUTE:
    case Opcode::POP_JUMP_IF_FALSE:
    case Opcode::POP_JUMP_IF_TRUE:
    case Opcode::JUMP_IF_FALSE_OR_POP:
    case Opcode::JUMP_IF_TRUE_OR_POP: return true;
    default: return false;
  }
}

bool is_exception_only(Opcode op) {
  switch (op) {
    case Opcode::WITH_EXCEPT_START:
    case Opcode::PUSH_EXC_INFO:
    case Opcode::POP_EXCEPT:
    case Opcode::RERAISE: return true;
    default: return false;
  }
}

bool is_conditional_jump(Opcode op) {
  switch (op) {
    case Opcode::POP_JUMP_IF_FALSE:
    case Opcode::POP_JUMP_IF_TRUE:
    case Opcode::POP_JUMP_IF_NONE:
    case Opcode::POP_JUMP_IF_NOT_NONE:
    case Opcode::POP_JUMP_FORWARD_IF_FALSE:
    case Opcode::POP_JUMP_FORWARD_IF_TRUE:
    case Opcode::POP_JUMP_BACKWARD_IF_FALSE:
    case Opcode::POP_JUMP_BACKWARD_IF_TRUE:
    case Opcode::POP_JUMP_FORWARD_IF_NONE:
    case Opcode::POP_JUMP_FORWARD_IF_NOT_NONE:
    case Opcode::POP_JUMP_BACKWARD_IF_NONE:
    case Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE:
    case Opcode::JUMP_IF_FALSE_OR_POP:
    case Opcode::JUMP_IF_TRUE_OR_POP: return true;
    default: return false;
  }
}

std::optional<CompareOperator> compare_op_by_symbol(std::string_view symbol) {
  // 3.13 prints COMPARE_OP's bool-coercing form as `bool(<)`.
  if (symbol.size() > 6 && symbol.substr(0, 5) == "bool(" && symbol.back() == ')') symbol = symbol.substr(5, symbol.size() - 6);
  for (std::size_t i = 0; i < kCompareSymbols.size(); ++i)
    if (kCompareSymbols[i] == symbol) return static_cast<CompareOperator>(i);
  return std::nullopt;
}

std::string_view compare_op_symbol(CompareOperator op) { return kCompareSymbols[static_cast<std::size_t>(op)]; }

const OpcodeInfo& opcode_info(Opcode op) { return kOpcodes[static_cast<std::size_t>(op)]; }

std::optional<Opcode> opcode_by_name(std::string_view name) {
  for (const auto& info : kOpcodes)
    if (info.name == name) return info.opcode;
  return std::nullopt;
}

std::optional<BinaryOpInfo> binary_op_by_number(std::int64_t number) {
  for (const auto& row : kBinaryOps)
    if (row.number == number) return row.info;
  return std::nullopt;
}

std::optional<BinaryOpInfo> binary_op_by_symbol(std::string_view symbol) {
  for (const auto& row : kBinaryOps)
    if (row.symbol == symbol) return row.info;
  return std::nullopt;
}

std::int64_t binary_op_number(BinaryOpInfo info) {
  for (const auto& row : kBinaryOps)
    if (row.info.op == info.op && row.info.inplace == info.inplace) return row.number;
  return -1;
}

std::string_view binary_op_symbol(BinaryOpInfo info) {
  for (const auto& row : kBinaryOps)
    if (row.info.op == info.op && row.info.inplace == info.inplace) return row.symbol;
  return "?";
}

}  // namespace gilrace
