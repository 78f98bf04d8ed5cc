// Arithmetic, comparisons, jumps, subscripts and building containers; see
// executor.hpp.
#include <string>
#include <vector>

#include "explorer/program/machine_values.hpp"
#include "models/builtins.hpp"
#include "models/container_operations.hpp"
#include "models/executor.hpp"
#include "models/value_operations.hpp"

namespace gilrace::executor_detail {
namespace {

bool checked_binary(BinaryOperator op, std::int64_t a, std::int64_t b, std::int64_t& out) {
  switch (op) {
    case BinaryOperator::Add: return !__builtin_add_overflow(a, b, &out);
    case BinaryOperator::Subtract: return !__builtin_sub_overflow(a, b, &out);
    case BinaryOperator::Multiply: return !__builtin_mul_overflow(a, b, &out);
    case BinaryOperator::FloorDivide:  // Python rounds toward minus infinity (Objects/longobject.c l_divmod)
      if (b == -1 && a == INT64_MIN) return false;
      out = a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
      return true;
    case BinaryOperator::Modulo:  // the result takes the sign of the divisor
      if (b == -1) return out = 0, true;
      out = a % b;
      if (out != 0 && ((out < 0) != (b < 0))) out += b;
      return true;
  }
  return false;
}


}  // namespace

// BINARY_SUBSCR: container[index] (Objects/abstract.c PyObject_GetItem).
void Executor::subscript() {
  const Value index = frame_.pop();
  const Value container = frame_.pop();
  const OperationResult item = get_item(program_, machine_, container, index);
  if (item.error != PyError::None) {
    frame_.push(container);
    frame_.push(index);  // on top: a KeyError's message is this key
    return raise(item.error);
  }
  frame_.push(item.value);
  if (effect_) effect_->effect = describe_item(container, index) + " -> " + show(item.value);
}

// STORE_SUBSCR: container[index] = value, with [value, container, index] on the stack.
void Executor::store_subscript() {
  const Value index = frame_.pop();
  const Value container = frame_.pop();
  const Value value = frame_.pop();
  if (const PyError error = set_item(program_, machine_, container, index, value); error != PyError::None) {
    frame_.push(value);
    frame_.push(container);
    frame_.push(index);
    return raise(error);
  }
  if (effect_) effect_->effect = describe_item(container, index) + " = " + show(value);
}

// DELETE_SUBSCR: del container[index] (Objects/abstract.c PyObject_DelItem).
void Executor::delete_subscript() {
  const Value index = frame_.pop();
  const Value container = frame_.pop();
  if (const PyError error = delete_item(program_, machine_, container, index); error != PyError::None) {
    frame_.push(container);
    frame_.push(index);
    return raise(error);
  }
  if (effect_) effect_->effect = "del " + describe_item(container, index);
}

std::string Executor::describe_item(const Value& container, const Value& index) const {
  const std::string name = container.on_heap() ? object_name(program_, machine_, container.object) : show(container);
  return name + "[" + show(index) + "]";
}

// BUILD_LIST n / BUILD_TUPLE n: the top n values, first pushed first.
void Executor::build_sequence(const Instruction& in) {
  const auto count = static_cast<std::uint32_t>(in.arg);
  const Value* first = frame_.from_top(count);
  std::vector<Value> items(first, first + count);
  const Value built = new_container(
      machine_, in.opcode == Opcode::BUILD_LIST ? HeapObject::Kind::List : HeapObject::Kind::Tuple, std::move(items));
  frame_.drop(count);
  frame_.push(built);
  if (effect_) effect_->effect = "built " + show(built);
}

// BUILD_MAP n: [key, value] x n. BUILD_CONST_KEY_MAP n: [value] x n, then a tuple of the keys.
void Executor::build_dict(const Instruction& in) {
  const auto count = static_cast<std::uint32_t>(in.arg);
  const bool const_keys = in.opcode == Opcode::BUILD_CONST_KEY_MAP;
  const std::uint32_t consumed = const_keys ? count + 1 : 2 * count;
  const Value* first = frame_.from_top(consumed);
  const OperationResult built =
      const_keys ? build_const_key_map(program_, machine_, frame_.top(), std::span<const Value>(first, count))
                 : build_map(program_, machine_, std::span<const Value>(first, consumed));
  if (built.error != PyError::None) return raise(built.error);
  frame_.drop(consumed);
  frame_.push(built.value);
  if (effect_) effect_->effect = "built " + show(built.value);
}

// LIST_EXTEND n (3.9+): extends the list n deep under the iterable with it, as list.extend does.
void Executor::list_extend(std::uint32_t depth) {
  const Value list = frame_.top(depth);
  const Value iterable = frame_.top();
  if (list.kind != ValueKind::List) return raise(PyError::UnsupportedOperand);  // compiled code always has a list there
  const Value extend = Value::bound_method(BuiltinId::ListExtend, list.object);
  const CallResult result = call_builtin(program_, machine_, thread_, extend, std::span<const Value>(&iterable, 1));
  if (result.error != PyError::None) return raise(result.error);
  frame_.pop();
  if (effect_) effect_->effect = "extended to " + show(list);
}

void Executor::jump(const Instruction& in) {
  frame_.state().pc = static_cast<std::uint32_t>(in.arg);
  facts_.jumped = true;
}

// POP_JUMP_IF_* pop the condition; JUMP_IF_*_OR_POP keep it when they jump.
void Executor::conditional_jump(const Instruction& in) {
  const Value condition = frame_.pop();
  bool when = false;
  switch (in.opcode) {
    case Opcode::POP_JUMP_IF_NONE:
    case Opcode::POP_JUMP_FORWARD_IF_NONE:
    case Opcode::POP_JUMP_BACKWARD_IF_NONE: when = condition.kind == ValueKind::None; break;
    case Opcode::POP_JUMP_IF_NOT_NONE:
    case Opcode::POP_JUMP_FORWARD_IF_NOT_NONE:
    case Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE: when = condition.kind != ValueKind::None; break;
    case Opcode::POP_JUMP_IF_TRUE:
    case Opcode::POP_JUMP_FORWARD_IF_TRUE:
    case Opcode::POP_JUMP_BACKWARD_IF_TRUE:
    case Opcode::JUMP_IF_TRUE_OR_POP: when = is_truthy(program_, machine_, condition); break;
    default: when = !is_truthy(program_, machine_, condition); break;
  }
  facts_.bool_condition = condition.kind == ValueKind::Bool;
  if (effect_) effect_->effect = "tested " + show(condition) + (when ? ": jumped" : ": fell through");
  if (!when) return;
  if (in.opcode == Opcode::JUMP_IF_FALSE_OR_POP || in.opcode == Opcode::JUMP_IF_TRUE_OR_POP) frame_.push(condition);
  jump(in);
}

void Executor::compare(CompareOperator op) {
  const Value right = frame_.pop();
  const Value left = frame_.pop();
  const OperationResult r = compare_values(program_, machine_, op, left, right);
  if (r.error != PyError::None) {
    frame_.push(left);
    frame_.push(right);
    return raise(r.error);
  }
  frame_.push(r.value);
  if (effect_) effect_->effect = show(left) + " " + std::string(compare_op_symbol(op)) + " " + show(right) + " = " + show(r.value);
}

void Executor::binary(BinaryOpInfo op) {
  const Value right = frame_.pop();
  const Value left = frame_.pop();
  const auto is_number = [](const Value& v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Bool; };
  if (!is_number(left) || !is_number(right)) {
    frame_.push(left);
    frame_.push(right);
    return raise(PyError::UnsupportedOperand);
  }
  std::int64_t result = 0;
  if ((op.op == BinaryOperator::FloorDivide || op.op == BinaryOperator::Modulo) && right.integer == 0) {
    frame_.push(left);
    frame_.push(right);
    return raise(PyError::ZeroDivision);
  }
  if (!checked_binary(op.op, left.integer, right.integer, result)) {
    frame_.push(left);
    frame_.push(right);
    return raise(PyError::IntegerOverflow);
  }
  frame_.push(Value::integer_value(result));
  if (effect_) {
    static constexpr const char* kSymbols[] = {" + ", " - ", " * ", " // ", " % "};
    const char* symbol = kSymbols[static_cast<int>(op.op)];
    effect_->effect = std::to_string(left.integer) + symbol + std::to_string(right.integer) + " = " + std::to_string(result);
  }
}

}  // namespace gilrace::executor_detail
