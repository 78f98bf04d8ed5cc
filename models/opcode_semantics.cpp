#include "models/opcode_semantics.hpp"

#include <array>
#include <optional>
#include <span>
#include <stdexcept>

#include "explorer/program/machine_values.hpp"
#include "models/builtins.hpp"
#include "models/container_operations.hpp"
#include "models/executor.hpp"
#include "models/value_operations.hpp"

namespace gilrace {
namespace executor_detail {
namespace {

BinaryOpInfo binary_info(const Instruction& in) {
  switch (in.opcode) {
    case Opcode::BINARY_ADD: return {BinaryOperator::Add, false};
    case Opcode::INPLACE_ADD: return {BinaryOperator::Add, true};
    case Opcode::BINARY_SUBTRACT: return {BinaryOperator::Subtract, false};
    case Opcode::INPLACE_SUBTRACT: return {BinaryOperator::Subtract, true};
    case Opcode::BINARY_MULTIPLY: return {BinaryOperator::Multiply, false};
    case Opcode::INPLACE_MULTIPLY: return {BinaryOperator::Multiply, true};
    case Opcode::BINARY_FLOOR_DIVIDE: return {BinaryOperator::FloorDivide, false};
    case Opcode::INPLACE_FLOOR_DIVIDE: return {BinaryOperator::FloorDivide, true};
    case Opcode::BINARY_MODULO: return {BinaryOperator::Modulo, false};
    case Opcode::INPLACE_MODULO: return {BinaryOperator::Modulo, true};
    default: return *binary_op_by_number(in.arg);
  }
}

}  // namespace

std::string object_name(const Program& program, const Machine& machine, std::uint32_t object) {
  if (auto name = global_holding(program, machine, object)) return *name;
  switch (machine.heap[object].kind) {
    case HeapObject::Kind::List: return "<list>";
    case HeapObject::Kind::Dict: return "<dict>";
    case HeapObject::Kind::Tuple: return "<tuple>";
    default: return "<lock>";
  }
}

std::string Executor::show(const Value& v) const { return repr(program_, machine_, v); }

StepFacts Executor::run() {
  ThreadState& state = frame_.state();
  const Function& function = program_.functions[state.function];
  const Instruction& in = function.code[state.pc];
  ++state.pc;
  ++state.steps;
  execute(in);
  if (state.status == ThreadStatus::Runnable && !facts_.entered_frame &&
      state.pc >= program_.functions[state.function].code.size()) {
    leave_frame(Value::none());  // ran off the end: an implicit `return None`
  } else if (state.status == ThreadStatus::Runnable && function.has_jumps && state.steps >= program_.step_limit) {
    state.status = ThreadStatus::StepLimit;  // a spin loop must not hang the search
    if (effect_) effect_->effect += (effect_->effect.empty() ? "" : "; ") + std::string("step limit reached");
  }
  return facts_;
}

// A tuple constant is one object in CPython; a new heap tuple per load
// differs only under `is`, and unreachable ones never reach a state.
Value Executor::constant(std::int64_t index) {
  const Value v = program_.constants[index];
  if (v.kind != ValueKind::Tuple) return v;
  return materialise(program_, machine_, program_.tuple_constants.at(static_cast<std::size_t>(index)));
}

void Executor::raise(PyError error) {
  ThreadState& state = frame_.state();
  state.status = ThreadStatus::Raised;
  state.error = error;
  state.error_pc = state.pc - 1;
  if (effect_) effect_->effect = "raised " + error_text(program_, machine_, thread_);
}

void Executor::execute(const Instruction& in) {
  switch (in.opcode) {
    case Opcode::NOP:
    case Opcode::RESUME:
    case Opcode::PRECALL:
      return;
    case Opcode::LOAD_CONST: {
      const Value v = constant(in.arg);
      frame_.push(v);
      if (effect_) effect_->effect = "pushed " + show(v);
      return;
    }
    case Opcode::LOAD_FAST: {
      const Value v = frame_.local(in.arg);
      if (v.kind == ValueKind::Null) return raise(PyError::UnboundLocal);
      frame_.push(v);
      if (effect_) effect_->effect = "loaded " + in.operand_text + "=" + show(v);
      return;
    }
    case Opcode::STORE_FAST: {
      const Value v = frame_.pop();
      frame_.local(in.arg) = v;
      if (effect_) effect_->effect = "stored " + in.operand_text + "=" + show(v);
      return;
    }
    // 3.13, Python/bytecodes.c: the first name is oparg >> 4, the second oparg & 15.
    case Opcode::LOAD_FAST_LOAD_FAST: {
      for (const std::int64_t slot : {in.arg >> 16, in.arg & 0xffff}) {
        const Value v = frame_.local(slot);
        if (v.kind == ValueKind::Null) return raise(PyError::UnboundLocal);
        frame_.push(v);
      }
      if (effect_) effect_->effect = "loaded " + show(frame_.top(1)) + ", " + show(frame_.top());
      return;
    }
    case Opcode::STORE_FAST_LOAD_FAST: {
      frame_.local(in.arg >> 16) = frame_.pop();
      const Value v = frame_.local(in.arg & 0xffff);
      if (v.kind == ValueKind::Null) return raise(PyError::UnboundLocal);
      frame_.push(v);
      if (effect_) effect_->effect = "stored " + show(frame_.local(in.arg >> 16)) + ", loaded " + show(v);
      return;
    }
    case Opcode::STORE_FAST_STORE_FAST: {
      frame_.local(in.arg >> 16) = frame_.pop();
      frame_.local(in.arg & 0xffff) = frame_.pop();
      if (effect_) effect_->effect = "stored " + show(frame_.local(in.arg >> 16)) + ", " + show(frame_.local(in.arg & 0xffff));
      return;
    }
    case Opcode::PUSH_NULL:
      frame_.push(Value::null());
      return;
    case Opcode::LOAD_GLOBAL: return load_global(in);
    case Opcode::STORE_GLOBAL: {
      const Value v = frame_.pop();
      machine_.globals[in.arg] = v;
      if (effect_) {
        effect_->global_name = in.operand_text;
        effect_->value = show(v);
        effect_->effect = "stored " + in.operand_text + "=" + effect_->value;
      }
      return;
    }
    case Opcode::LOAD_ATTR:
    case Opcode::LOAD_METHOD: return load_attribute(in);
    case Opcode::POP_TOP: {
      const Value v = frame_.pop();
      if (effect_) effect_->effect = "discarded " + show(v);
      return;
    }
    case Opcode::BINARY_ADD:
    case Opcode::INPLACE_ADD:
    case Opcode::BINARY_SUBTRACT:
    case Opcode::INPLACE_SUBTRACT:
    case Opcode::BINARY_MULTIPLY:
    case Opcode::INPLACE_MULTIPLY:
    case Opcode::BINARY_FLOOR_DIVIDE:
    case Opcode::INPLACE_FLOOR_DIVIDE:
    case Opcode::BINARY_MODULO:
    case Opcode::INPLACE_MODULO:
    case Opcode::BINARY_OP: return binary(binary_info(in));
    case Opcode::CALL_FUNCTION: return call(static_cast<std::uint32_t>(in.arg), false);
    case Opcode::CALL_METHOD:
    case Opcode::CALL: return call(static_cast<std::uint32_t>(in.arg), true);
    case Opcode::RETURN_VALUE: {
      const Value v = frame_.pop();
      if (effect_) effect_->effect = "returned " + show(v);
      return leave_frame(v);
    }
    case Opcode::RETURN_CONST: {
      const Value v = constant(in.arg);
      if (effect_) effect_->effect = "returned " + show(v);
      return leave_frame(v);
    }
    case Opcode::JUMP_FORWARD:
    case Opcode::JUMP_ABSOLUTE:
    case Opcode::JUMP_BACKWARD:
    case Opcode::JUMP_BACKWARD_NO_INTERRUPT: return jump(in);
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
    case Opcode::JUMP_IF_TRUE_OR_POP: return conditional_jump(in);
    case Opcode::COMPARE_OP: return compare(static_cast<CompareOperator>(in.arg));
    case Opcode::IS_OP: return compare(in.arg ? CompareOperator::IsNot : CompareOperator::Is);
    case Opcode::CONTAINS_OP: return compare(in.arg ? CompareOperator::NotIn : CompareOperator::In);
    case Opcode::UNARY_NOT:
    case Opcode::TO_BOOL: {
      const Value v = frame_.pop();
      const bool truth = is_truthy(program_, machine_, v);
      frame_.push(Value::boolean(in.opcode == Opcode::UNARY_NOT ? !truth : truth));
      if (effect_) effect_->effect = (in.opcode == Opcode::UNARY_NOT ? "not " : "bool(") + show(v) +
                                     (in.opcode == Opcode::UNARY_NOT ? "" : ")") + " = " + show(frame_.top());
      return;
    }
    case Opcode::GET_ITER: {
      const Value iterable = frame_.pop();
      const OperationResult it = make_iterator(machine_, iterable);
      if (it.error != PyError::None) {
        frame_.push(iterable);
        return raise(it.error);
      }
      frame_.push(it.value);
      if (effect_) effect_->effect = "iter(" + show(iterable) + ")";
      return;
    }
    case Opcode::FOR_ITER: {
      if (!is_iterator(frame_.top())) return raise(PyError::NotIterable);  // GET_ITER always comes first in compiled code
      if (const PyError error = iteration_error(machine_, frame_.top()); error != PyError::None) return raise(error);
      const std::optional<Value> item = next_item(machine_, frame_.top());
      if (item) {
        frame_.push(*item);
        if (effect_) effect_->effect = "next -> " + show(*item);
        return;
      }
      frame_.pop();
      if (effect_) effect_->effect = "exhausted";
      return jump(in);
    }
    case Opcode::END_FOR:
      frame_.drop(2);
      return;
    case Opcode::SETUP_WITH:
    case Opcode::BEFORE_WITH: return enter_with();
    case Opcode::POP_BLOCK: return;  // the block stack only matters to exceptions
    case Opcode::BEGIN_FINALLY: return frame_.push(Value::null());
    case Opcode::WITH_CLEANUP_START: {  // 3.8: [__exit__, NULL] -> [NULL, None, __exit__(None, None, None)]
      frame_.pop();
      const Value exit = frame_.pop();
      const std::array<Value, 3> none{Value::none(), Value::none(), Value::none()};
      const CallResult result = call_builtin(program_, machine_, thread_, exit, none);
      if (result.error != PyError::None) {
        frame_.push(exit);
        frame_.push(Value::null());
        return raise(result.error);
      }
      frame_.push(Value::null());
      frame_.push(Value::none());
      frame_.push(result.value);
      if (effect_) effect_->effect = describe_call(exit, none) + " -> " + show(result.value);
      return;
    }
    case Opcode::WITH_CLEANUP_FINISH: return frame_.drop(2);
    case Opcode::END_FINALLY: return frame_.drop(1);
    case Opcode::WITH_EXCEPT_START:
    case Opcode::PUSH_EXC_INFO:
    case Opcode::POP_EXCEPT:
    case Opcode::RERAISE: throw std::logic_error("an exception handler was reached; the model raises none it catches");
    case Opcode::LOAD_ASSERTION_ERROR: return frame_.push(Value::builtin_function(BuiltinId::AssertionError));
    case Opcode::RAISE_VARARGS: {
      // `raise X` / `assert`: AssertionError is the one exception modelled.
      const Value raised = in.arg > 0 ? frame_.top() : Value::none();
      return raise(raised.kind == ValueKind::Builtin && raised.builtin == BuiltinId::AssertionError
                       ? PyError::AssertionFailed
                       : PyError::RaisedNonException);
    }
    case Opcode::BINARY_SUBSCR: return subscript();
    case Opcode::STORE_SUBSCR: return store_subscript();
    case Opcode::DELETE_SUBSCR: return delete_subscript();
    case Opcode::BUILD_LIST:
    case Opcode::BUILD_TUPLE: return build_sequence(in);
    case Opcode::BUILD_MAP:
    case Opcode::BUILD_CONST_KEY_MAP: return build_dict(in);
    case Opcode::LIST_EXTEND: return list_extend(static_cast<std::uint32_t>(in.arg));
    case Opcode::DUP_TOP: return frame_.push(frame_.top());
    case Opcode::DUP_TOP_TWO: {
      const Value second = frame_.top(1), first = frame_.top();
      frame_.push(second);
      return frame_.push(first);
    }
    case Opcode::ROT_TWO: return std::swap(frame_.top(), frame_.top(1));
    case Opcode::ROT_THREE: {  // TOS moves under the next two
      const Value top = frame_.top();
      frame_.top() = frame_.top(1);
      frame_.top(1) = frame_.top(2);
      frame_.top(2) = top;
      return;
    }
    case Opcode::COPY: return frame_.push(frame_.top(static_cast<std::uint32_t>(in.arg) - 1));
    case Opcode::SWAP: return std::swap(frame_.top(), frame_.top(static_cast<std::uint32_t>(in.arg) - 1));
    case Opcode::UNARY_NEGATIVE: {
      const Value v = frame_.pop();
      if ((v.kind != ValueKind::Int && v.kind != ValueKind::Bool) || v.integer == INT64_MIN) {
        frame_.push(v);
        return raise(v.kind == ValueKind::Int || v.kind == ValueKind::Bool ? PyError::IntegerOverflow
                                                                             : PyError::UnsupportedOperand);
      }
      frame_.push(Value::integer_value(-v.integer));
      if (effect_) effect_->effect = "-" + show(v) + " = " + show(frame_.top());
      return;
    }
    case Opcode::COUNT_: break;
  }
  throw std::logic_error("opcode without semantics");
}

}  // namespace executor_detail

using executor_detail::CallOperands;
using executor_detail::Executor;
using executor_detail::call_operands;

StepFacts execute_instruction(const Program& program, Machine& machine, std::uint32_t thread, StepEffect* effect) {
  return Executor(program, machine, thread, effect).run();
}

namespace {

// The call the thread's next instruction makes (see call_operands); entering
// `with lock:` calls lock.__enter__, an acquire() without arguments.
// nullopt when the instruction calls nothing.
std::optional<CallOperands> next_call(const Program& program, const Machine& machine, std::uint32_t thread) {
  const ThreadState& state = machine.threads[thread];
  const Function& function = program.functions[state.function];
  if (state.pc >= function.code.size()) return std::nullopt;
  const Instruction& in = function.code[state.pc];
  const Value* stack = machine.locals(thread) + function.local_names.size();
  if (in.opcode == Opcode::SETUP_WITH || in.opcode == Opcode::BEFORE_WITH) {
    const Value manager = stack[state.sp - 1];
    if (manager.kind != ValueKind::Lock) return std::nullopt;
    return CallOperands{Value::bound_method(BuiltinId::LockAcquire, manager.object), {}};
  }
  if (in.opcode != Opcode::CALL_METHOD && in.opcode != Opcode::CALL && in.opcode != Opcode::CALL_FUNCTION)
    return std::nullopt;
  const auto argc = static_cast<std::uint32_t>(in.arg);
  return call_operands(stack + state.sp - argc, argc, in.opcode != Opcode::CALL_FUNCTION);
}

}  // namespace

std::int64_t lock_waited_for(const Program& program, const Machine& machine, std::uint32_t thread) {
  if (machine.threads[thread].status != ThreadStatus::Runnable || !is_blocked(program, machine, thread)) return -1;
  return next_call(program, machine, thread)->callable.object;
}

std::int64_t lock_acquired_next(const Program& program, const Machine& machine, std::uint32_t thread) {
  if (machine.threads[thread].status != ThreadStatus::Runnable) return -1;
  const std::optional<CallOperands> call = next_call(program, machine, thread);
  if (!call || call->callable.kind != ValueKind::BoundMethod || call->callable.builtin != BuiltinId::LockAcquire) return -1;
  return call->callable.object;
}

bool is_blocked(const Program& program, const Machine& machine, std::uint32_t thread) {
  const std::optional<CallOperands> call = next_call(program, machine, thread);
  return call && call_would_block(machine, thread, call->callable, call->args);
}

}  // namespace gilrace
