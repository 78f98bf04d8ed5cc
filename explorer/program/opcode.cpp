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
}};

struct BinaryOpRow {
  std::int64_t number;
  std::string_view symbol;
  BinaryOpInfo info;
};

// Include/opcode.h (3.11): NB_ADD 0, NB_MULTIPLY 5, NB_SUBTRACT 10,
// NB_INPLACE_ADD 13, NB_INPLACE_MULTIPLY 18, NB_INPLACE_SUBTRACT 23.
constexpr std::array<BinaryOpRow, 6> kBinaryOps{{
    {0, "+", {BinaryOperator::Add, false}},
    {5, "*", {BinaryOperator::Multiply, false}},
    {10, "-", {BinaryOperator::Subtract, false}},
    {13, "+=", {BinaryOperator::Add, true}},
    {18, "*=", {BinaryOperator::Multiply, true}},
    {23, "-=", {BinaryOperator::Subtract, true}},
}};

}  // namespace

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
