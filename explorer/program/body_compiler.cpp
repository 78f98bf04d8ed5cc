#include "explorer/program/body_compiler.hpp"

#include <algorithm>
#include <cctype>

namespace gilrace {
namespace {

[[noreturn]] void fail(const BodyLine& line, std::uint32_t column, const std::string& message) {
  SourceLocation where = line.where;
  where.column = column;
  throw InputError(where, message, line.text);
}

bool is_identifier(const std::string& s) {
  return !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

bool is_builtin_name(const std::string& name) { return name == "len"; }

StackEffect stack_effect(const Instruction& in) {
  const int n = static_cast<int>(in.arg);
  switch (in.opcode) {
    case Opcode::NOP:
    case Opcode::RESUME:
    case Opcode::PRECALL: return {0, 0};
    case Opcode::LOAD_CONST:
    case Opcode::LOAD_FAST:
    case Opcode::PUSH_NULL: return {0, 1};
    case Opcode::LOAD_GLOBAL: return {0, in.push_null ? 2 : 1};
    case Opcode::STORE_FAST:
    case Opcode::STORE_GLOBAL:
    case Opcode::POP_TOP:
    case Opcode::RETURN_VALUE: return {1, 0};
    case Opcode::LOAD_ATTR: return {1, 1};
    case Opcode::LOAD_METHOD: return {1, 2};
    case Opcode::BINARY_ADD:
    case Opcode::INPLACE_ADD:
    case Opcode::BINARY_SUBTRACT:
    case Opcode::INPLACE_SUBTRACT:
    case Opcode::BINARY_MULTIPLY:
    case Opcode::INPLACE_MULTIPLY:
    case Opcode::BINARY_OP: return {2, 1};
    case Opcode::CALL_FUNCTION: return {n + 1, 1};
    case Opcode::CALL_METHOD:
    case Opcode::CALL: return {n + 2, 1};
    case Opcode::COUNT_: break;
  }
  return {0, 0};
}

std::uint32_t BodyCompiler::intern(const std::string& text) {
  for (std::uint32_t i = 0; i < program_.strings.size(); ++i)
    if (program_.strings[i] == text) return i;
  program_.strings.push_back(text);
  return static_cast<std::uint32_t>(program_.strings.size() - 1);
}

Instruction BodyCompiler::resolve(const BodyLine& line, Function& function) {
  const ParsedInstruction& parsed = line.instruction;
  Instruction in;
  in.opcode = parsed.opcode;
  in.line = line.where.line;
  in.column = parsed.opcode_column;
  const std::string name(opcode_name(parsed.opcode));
  const OperandKind kind = opcode_info(parsed.opcode).operand;
  const std::string operand = trim(parsed.operand);
  const std::uint32_t column = parsed.operand_column ? parsed.operand_column : parsed.opcode_column;
  in.operand_text = operand;

  if (kind == OperandKind::None) {
    if (!operand.empty() && !parsed.from_argrepr) fail(line, column, name + " takes no operand");
    in.operand_text.clear();
    return in;
  }
  if (operand.empty() && !(kind == OperandKind::Count && parsed.oparg))
    fail(line, parsed.opcode_column + static_cast<std::uint32_t>(name.size()), name + " needs an operand");

  switch (kind) {
    case OperandKind::None: break;
    case OperandKind::Count: {
      if (!parsed.oparg) fail(line, column, name + " needs a number, found '" + operand + "'");
      in.arg = *parsed.oparg;
      in.operand_text = std::to_string(in.arg);
      break;
    }
    case OperandKind::BinaryOp: {
      std::optional<BinaryOpInfo> info = binary_op_by_symbol(operand);
      if (!info && parsed.oparg) info = binary_op_by_number(*parsed.oparg);
      if (!info && parsed.oparg && !parsed.from_argrepr)
        fail(line, column, "unsupported BINARY_OP operator number " + operand + " (supported: 0 +, 5 *, 10 -, 13 +=, 18 *=, 23 -=)");
      if (!info) fail(line, column, "unsupported BINARY_OP operator '" + operand + "' (supported: + - * += -= *=)");
      in.arg = binary_op_number(*info);
      in.operand_text = std::string(binary_op_symbol(*info));
      break;
    }
    case OperandKind::Constant: {
      SourceLocation where = line.where;
      try {
        TokenCursor cursor(tokenize(operand, where), where, line.text);
        const Expression e = parse_expression(cursor, {}, [](const std::string&) { return false; });
        cursor.expect_end("the constant");
        const PlainValue v = evaluate_constant(e);
        Value value;
        switch (v.kind) {
          case PlainValue::Kind::None: value = Value::none(); break;
          case PlainValue::Kind::Bool: value = Value::boolean(v.integer != 0); break;
          case PlainValue::Kind::Int: value = Value::integer_value(v.integer); break;
          case PlainValue::Kind::Str: value = Value::str(intern(v.text)); break;
          default: fail(line, column, "LOAD_CONST supports None, True, False, integers and strings");
        }
        in.arg = static_cast<std::int64_t>(program_.constants.size());
        program_.constants.push_back(value);
        in.operand_text = python_repr(v);
      } catch (const InputError& e) {
        fail(line, column, "bad constant `" + operand + "`: " + e.what());
      }
      break;
    }
    case OperandKind::Global: {
      std::string global = operand;
      // 3.11 prints `NULL + len`, 3.13 `len + NULL`.
      if (global.rfind("NULL + ", 0) == 0) {
        in.push_null = true;
        global = global.substr(7);
      } else if (global.size() > 7 && global.compare(global.size() - 7, 7, " + NULL") == 0) {
        in.push_null = true;
        global = global.substr(0, global.size() - 7);
      }
      if (!is_identifier(global)) fail(line, column, name + " needs a global name, found '" + operand + "'");
      if (in.push_null && in.opcode != Opcode::LOAD_GLOBAL)
        fail(line, column, name + " takes a plain global name, found '" + operand + "'");
      in.operand_text = global;
      const auto it = std::find(program_.global_names.begin(), program_.global_names.end(), global);
      if (it != program_.global_names.end()) {
        in.arg = it - program_.global_names.begin();
      } else if (in.opcode == Opcode::LOAD_GLOBAL && is_builtin_name(global)) {
        in.arg = -1 - static_cast<std::int64_t>(intern(global));  // negative: a builtin, by name
      } else {
        fail(line, column, "undefined global '" + global + "' (declare it with `global " + global + " = ...`)");
      }
      break;
    }
    case OperandKind::Local: {
      if (!is_identifier(operand)) fail(line, column, name + " needs a local variable name, found '" + operand + "'");
      auto it = std::find(function.local_names.begin(), function.local_names.end(), operand);
      if (it == function.local_names.end()) {
        function.local_names.push_back(operand);
        it = function.local_names.end() - 1;
      }
      in.arg = it - function.local_names.begin();
      break;
    }
    case OperandKind::Attribute: {
      if (!is_identifier(operand)) fail(line, column, name + " needs an attribute name, found '" + operand + "'");
      in.arg = intern(operand);
      break;
    }
  }
  return in;
}

Function BodyCompiler::compile(const BodySource& body) {
  Function function;
  function.name = body.name;
  function.line = body.line;
  function.versions = body.versions;
  function.name_column = body.name_column;
  int depth = 0;
  int deepest = 0;
  bool returned = false;
  for (const BodyLine& line : body.lines) {
    if (returned)
      fail(line, line.instruction.opcode_column, "unreachable: this instruction follows RETURN_VALUE");
    Instruction in = resolve(line, function);
    const StackEffect effect = stack_effect(in);
    if (depth < effect.pops) {
      fail(line, line.instruction.opcode_column,
           "stack underflow: " + std::string(opcode_name(in.opcode)) + " needs " + std::to_string(effect.pops) +
               " value" + (effect.pops == 1 ? "" : "s") + " but the stack holds " + std::to_string(depth));
    }
    depth += effect.pushes - effect.pops;
    deepest = std::max(deepest, depth);
    returned = in.opcode == Opcode::RETURN_VALUE;
    function.code.push_back(std::move(in));
  }
  function.max_stack = static_cast<std::uint32_t>(deepest);
  return function;
}

}  // namespace gilrace
