#include "explorer/program/body_compiler.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

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

// A dis line cut before its argrepr column leaves only the oparg, a number.
std::string oparg_hint(const ParsedInstruction& parsed) {
  return parsed.oparg && !parsed.from_argrepr ? " (dis prints the name in parentheses after the number, as in `0 (n)`)"
                                              : "";
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

bool is_builtin_name(const std::string& name) {
  return name == "len" || name == "range" || name == "AssertionError";
}

void BodyCompiler::intern_strings(const PlainValue& value) {
  if (value.kind == PlainValue::Kind::Str) intern(value.text);
  for (const auto& item : value.items) intern_strings(item);
}

// What CPython can fold into a tuple constant, of the types the model has.
bool BodyCompiler::tuple_of_scalars(const PlainValue& value) {
  for (const auto& item : value.items) {
    const bool scalar = item.kind == PlainValue::Kind::None || item.kind == PlainValue::Kind::Bool ||
                        item.kind == PlainValue::Kind::Int || item.kind == PlainValue::Kind::Str;
    if (!scalar && !(item.kind == PlainValue::Kind::Tuple && tuple_of_scalars(item))) return false;
  }
  return true;
}

std::int64_t BodyCompiler::local_slot(Function& function, const std::string& name) {
  auto it = std::find(function.local_names.begin(), function.local_names.end(), name);
  if (it == function.local_names.end()) {
    function.local_names.push_back(name);
    it = function.local_names.end() - 1;
  }
  return it - function.local_names.begin();
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
  std::string operand = trim(parsed.operand);
  std::uint32_t column = parsed.operand_column ? parsed.operand_column : parsed.opcode_column;
  // `LOAD_CONST (1, 2)` in the scenario's syntax: without an oparg before
  // them, the parentheses are the tuple's own, not dis's argrepr column.
  if (kind == OperandKind::Constant && parsed.from_argrepr && !parsed.oparg) {
    operand = "(" + operand + ")";
    --column;
  }
  in.operand_text = operand;

  if (kind == OperandKind::None) {
    if (!operand.empty() && !parsed.from_argrepr) fail(line, column, name + " takes no operand");
    in.operand_text.clear();
    return in;
  }
  // 3.9 and 3.10 print RERAISE without its (later) oparg.
  if (operand.empty() && in.opcode == Opcode::RERAISE) return in;
  if (operand.empty() && !(kind == OperandKind::Count && parsed.oparg))
    fail(line, parsed.opcode_column + static_cast<std::uint32_t>(name.size()), name + " needs an operand");

  switch (kind) {
    case OperandKind::None: break;
    case OperandKind::Count: {
      if (!parsed.oparg) fail(line, column, name + " needs a number, found '" + operand + "'");
      in.arg = *parsed.oparg;
      // Every count (arguments, items, a stack position) is of stack values.
      if (in.arg > kMaxThreadSlots)
        fail(line, column, name + " " + operand + ": more than the " + std::to_string(kMaxThreadSlots) +
                               " stack values a thread may hold");
      if ((in.opcode == Opcode::COPY || in.opcode == Opcode::SWAP || in.opcode == Opcode::LIST_EXTEND) && in.arg < 1)
        fail(line, column, name + " needs a stack position of at least 1, found " + operand);
      in.operand_text = std::to_string(in.arg);
      break;
    }
    case OperandKind::BinaryOp: {
      std::optional<BinaryOpInfo> info = binary_op_by_symbol(operand);
      if (!info && parsed.oparg) info = binary_op_by_number(*parsed.oparg);
      if (!info && parsed.oparg && !parsed.from_argrepr)
        fail(line, column, "unsupported BINARY_OP operator number " + operand + " (supported: 0 +, 2 //, 5 *, 6 %, 10 -, 13 +=, 15 //=, 18 *=, 19 %=, 23 -=)");
      if (!info) fail(line, column, "unsupported BINARY_OP operator '" + operand + "' (supported: + - * // % += -= *= //= %=)");
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
          case PlainValue::Kind::Tuple:
            if (!tuple_of_scalars(v)) fail(line, column, "a tuple constant holds only None, True, False, integers, strings and tuples");
            intern_strings(v);
            value = Value::tuple(0);
            program_.tuple_constants[program_.constants.size()] = v;
            break;
          default: fail(line, column, "LOAD_CONST supports None, True, False, integers, strings and tuples of those");
        }
        in.arg = static_cast<std::int64_t>(program_.constants.size());
        program_.constants.push_back(value);
        in.operand_text = python_repr(v);
      } catch (const std::runtime_error& e) {  // an InputError, or evaluate's overflow or type error
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
      if (!is_identifier(global))
        fail(line, column, name + " needs a global name, found '" + operand + "'" + oparg_hint(parsed));
      if (in.push_null && in.opcode != Opcode::LOAD_GLOBAL)
        fail(line, column, name + " takes a plain global name, found '" + operand + "'");
      in.operand_text = global;
      const auto it = std::find(program_.global_names.begin(), program_.global_names.end(), global);
      if (it != program_.global_names.end()) {
        in.arg = it - program_.global_names.begin();
      } else if (in.opcode == Opcode::LOAD_GLOBAL && function_names_.count(global)) {
        in.arg = -1 - static_cast<std::int64_t>(intern(global));  // negative: a function or builtin, by name
        function.loads_functions = true;
      } else if (in.opcode == Opcode::LOAD_GLOBAL && is_builtin_name(global)) {
        in.arg = -1 - static_cast<std::int64_t>(intern(global));
      } else {
        fail(line, column, function_names_.count(global)
                               ? name + " cannot rebind the function '" + global + "'"
                               : "undefined global '" + global + "' (declare it with `global " + global + " = ...`)");
      }
      break;
    }
    case OperandKind::Local: {
      if (!is_identifier(operand))
        fail(line, column, name + " needs a local variable name, found '" + operand + "'" + oparg_hint(parsed));
      in.arg = local_slot(function, operand);
      break;
    }
    case OperandKind::LocalPair: {
      // 3.13 prints `(a, b)`: the first name is the high half of the oparg.
      const auto comma = operand.find(',');
      const std::string first = trim(operand.substr(0, comma));
      const std::string second = comma == std::string::npos ? "" : trim(operand.substr(comma + 1));
      if (!is_identifier(first) || !is_identifier(second))
        fail(line, column, name + " needs two local variable names, `a, b`, found '" + operand + "'");
      in.arg = (local_slot(function, first) << 16) | local_slot(function, second);
      in.operand_text = first + ", " + second;
      break;
    }
    case OperandKind::Attribute: {
      std::string attribute = operand;
      // 3.12 loads a method with LOAD_ATTR, printed `NULL|self + append` (3.13: `append + NULL|self`).
      if (in.opcode == Opcode::LOAD_ATTR && attribute.rfind("NULL|self + ", 0) == 0) {
        in.push_null = true;
        attribute = attribute.substr(12);
      } else if (in.opcode == Opcode::LOAD_ATTR && attribute.size() > 12 &&
                 attribute.compare(attribute.size() - 12, 12, " + NULL|self") == 0) {
        in.push_null = true;
        attribute = attribute.substr(0, attribute.size() - 12);
      }
      if (!is_identifier(attribute))
        fail(line, column, name + " needs an attribute name, found '" + operand + "'" + oparg_hint(parsed));
      in.operand_text = attribute;
      in.arg = intern(attribute);
      break;
    }
    case OperandKind::Compare: {
      const auto op = compare_op_by_symbol(operand);
      if (!op) fail(line, column, "unsupported COMPARE_OP operator '" + operand + "' (supported: < <= == != > >= in, not in, is, is not)");
      in.arg = static_cast<std::int64_t>(*op);
      break;
    }
    case OperandKind::Jump:
      break;  // resolved by compile() once every target is known
  }
  return in;
}

// `(to 22)` / `(to L2)` from dis, a label, or (absolute jumps up to 3.9)
// the target's byte offset as the bare argument.
std::uint32_t BodyCompiler::jump_target(const BodyLine& line, const JumpTargets& targets) {
  const ParsedInstruction& parsed = line.instruction;
  std::string target = trim(parsed.operand);
  const std::uint32_t column = parsed.operand_column ? parsed.operand_column : parsed.opcode_column;
  const std::string name(opcode_name(parsed.opcode));
  const bool to_form = target.rfind("to ", 0) == 0;
  if (to_form) target = trim(target.substr(3));
  if (!to_form && parsed.from_argrepr) fail(line, column, name + ": expected `(to TARGET)`, found '(" + target + ")'");
  if (target.empty()) fail(line, parsed.opcode_column + static_cast<std::uint32_t>(name.size()), name + " needs a jump target");
  if (is_identifier(target)) {
    const auto it = targets.labels.find(target);
    if (it == targets.labels.end()) fail(line, column, "no instruction is labelled '" + target + "'");
    return it->second;
  }
  if (std::all_of(target.begin(), target.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (!to_form && !is_absolute_jump(parsed.opcode))
      fail(line, column, name + " is a relative jump: write its target as dis prints it, `(to OFFSET)`, or as a label");
    long long offset = -1;  // stays -1, which no instruction has, when the digits overflow
    std::from_chars(target.data(), target.data() + target.size(), offset);
    const auto it = targets.offsets.find(offset);
    if (it == targets.offsets.end()) fail(line, column, "no instruction has offset " + target + " (the jump target)");
    if (const auto again = targets.repeated_offsets.find(offset); again != targets.repeated_offsets.end())
      fail(line, column, "offset " + target + " names two instructions, on lines " + std::to_string(again->second.first) +
                             " and " + std::to_string(again->second.second) + " (the pasted offsets are wrong)");
    return it->second;
  }
  fail(line, column, name + " needs a jump target, found '" + target + "'");
}

Function BodyCompiler::compile(const BodySource& body) {
  Function function;
  function.name = body.name;
  function.line = body.line;
  function.versions = body.versions;
  function.name_column = body.name_column;
  function.local_names = body.parameters;
  function.parameter_count = static_cast<std::uint32_t>(body.parameters.size());

  // Instructions by offset and by label; a label alone on its line names the next instruction.
  JumpTargets targets;
  std::vector<const BodyLine*> lines;
  std::vector<std::string> pending;
  for (const BodyLine& line : body.lines) {
    const ParsedInstruction& parsed = line.instruction;
    if (!parsed.label.empty()) pending.push_back(parsed.label);
    if (parsed.label_only) continue;
    const auto index = static_cast<std::uint32_t>(lines.size());
    for (const auto& label : pending)
      if (!targets.labels.emplace(label, index).second) fail(line, 1, "label '" + label + "' is used twice");
    pending.clear();
    if (parsed.offset && !targets.offsets.emplace(*parsed.offset, index).second)
      targets.repeated_offsets.emplace(*parsed.offset, std::make_pair(lines[targets.offsets[*parsed.offset]]->where.line,
                                                                      line.where.line));
    lines.push_back(&line);
  }

  if (!pending.empty())
    fail(body.lines.back(), 1, "label '" + pending.front() + "' has no instruction after it");

  std::vector<bool> targeted(lines.size(), false);
  for (const BodyLine* line : lines) function.code.push_back(resolve(*line, function));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Instruction& in = function.code[i];
    if (opcode_info(in.opcode).operand != OperandKind::Jump) continue;
    std::uint32_t target = jump_target(*lines[i], targets);
    // 3.12+: an exhausted FOR_ITER jumps past the END_FOR at its target
    // (and 3.13 past the POP_TOP after it too).
    if (in.opcode == Opcode::FOR_ITER && target < function.code.size() && function.code[target].opcode == Opcode::END_FOR) {
      ++target;
      if (target < function.code.size() && function.code[target].opcode == Opcode::POP_TOP) ++target;
    }
    in.arg = target;
    function.has_jumps = true;
    if (target < targeted.size()) targeted[target] = true;
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const Opcode before = function.code[i - 1].opcode;
    // After a return, only a jump target or an exception handler (3.11+:
    // listed in the ExceptionTable, marked `>>` or labelled by dis) may follow.
    const ParsedInstruction& parsed = lines[i]->instruction;
    if ((before == Opcode::RETURN_VALUE || before == Opcode::RETURN_CONST) && !targeted[i] && !parsed.marked_target &&
        parsed.label.empty() && !is_exception_only(function.code[i].opcode))
      fail(*lines[i], lines[i]->instruction.opcode_column,
           "unreachable: this instruction follows " + std::string(opcode_name(before)));
  }
  function.max_stack = check_stack(function, [&](std::size_t index, const std::string& message) {
    fail(*lines[index], lines[index]->instruction.opcode_column, message);
  });
  return function;
}

}  // namespace gilrace
