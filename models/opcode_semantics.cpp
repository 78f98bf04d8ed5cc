#include "models/opcode_semantics.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>

#include "explorer/program/machine_values.hpp"
#include "models/builtins.hpp"
#include "models/container_operations.hpp"
#include "models/value_operations.hpp"

namespace gilrace {
namespace {

// The value stack of one thread: the slots after its locals.
class Frame {
 public:
  Frame(const Program& program, Machine& machine, std::uint32_t thread)
      : state_(machine.threads[thread]),
        locals_(machine.locals(thread)),
        stack_(locals_ + program.functions[state_.function].local_names.size()) {}

  void push(const Value& v) { stack_[state_.sp++] = v; }
  Value pop() { return stack_[--state_.sp]; }
  Value& top(std::uint32_t depth = 0) { return stack_[state_.sp - 1 - depth]; }
  Value* from_top(std::uint32_t count) { return stack_ + state_.sp - count; }
  void drop(std::uint32_t count) { state_.sp = static_cast<std::uint16_t>(state_.sp - count); }
  Value& local(std::int64_t index) { return locals_[index]; }
  ThreadState& state() { return state_; }

 private:
  ThreadState& state_;
  Value* locals_;
  Value* stack_;
};

std::string object_name(const Program& program, const Machine& machine, std::uint32_t object) {
  if (auto name = global_holding(program, machine, object)) return *name;
  switch (machine.heap[object].kind) {
    case HeapObject::Kind::List: return "<list>";
    case HeapObject::Kind::Dict: return "<dict>";
    case HeapObject::Kind::Tuple: return "<tuple>";
    default: return "<lock>";
  }
}

struct CallOperands {
  Value callable;
  std::span<const Value> args;
};

// CALL_FUNCTION n: [callable, args...]. CALL_METHOD n / CALL n (3.11+):
// [NULL or callable, callable or self, args...]; with a non-NULL first the
// second is self, the first argument (Python/ceval.c CALL, is_meth). Our
// LOAD_METHOD never leaves that shape; the exit of `with` on 3.11+ does:
// [__exit__, None, None, None] with CALL 2. `args` points at the n arguments.
CallOperands call_operands(const Value* args, std::uint32_t argc, bool method_form) {
  if (method_form && args[-2].kind != ValueKind::Null) return {args[-2], std::span<const Value>(args - 1, argc + 1)};
  return {args[-1], std::span<const Value>(args, argc)};
}

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

class Executor {
 public:
  Executor(const Program& program, Machine& machine, std::uint32_t thread, StepEffect* effect)
      : program_(program), machine_(machine), thread_(thread), frame_(program, machine, thread), effect_(effect) {}

  StepFacts run() {
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

 private:
  std::string show(const Value& v) const { return repr(program_, machine_, v); }
  // A tuple constant is one object in CPython; a new heap tuple per load
  // differs only under `is`, and unreachable ones never reach a state.
  Value constant(std::int64_t index) {
    const Value v = program_.constants[index];
    if (v.kind != ValueKind::Tuple) return v;
    return materialise(program_, machine_, program_.tuple_constants.at(static_cast<std::size_t>(index)));
  }

  void raise(PyError error) {
    ThreadState& state = frame_.state();
    state.status = ThreadStatus::Raised;
    state.error = error;
    state.error_pc = state.pc - 1;
    if (effect_) effect_->effect = "raised " + error_text(program_, machine_, thread_);
  }

  void execute(const Instruction& in) {
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

  // SETUP_WITH (3.8-3.10) / BEFORE_WITH (3.11+) on a lock: push its
  // __exit__, then what __enter__ (acquire) returns. is_blocked() keeps a
  // thread away from here while another holds the lock.
  void enter_with() {
    const Value manager = frame_.pop();
    if (manager.kind != ValueKind::Lock) {
      frame_.push(manager);
      return raise(PyError::NotContextManager);
    }
    const Value entered = Value::bound_method(BuiltinId::LockAcquire, manager.object);
    (void)call_builtin(program_, machine_, thread_, entered, {});  // cannot fail: is_blocked() checked the lock
    frame_.push(Value::bound_method(BuiltinId::LockExit, manager.object));
    frame_.push(Value::boolean(true));
    if (effect_) effect_->effect = "with " + object_name(program_, machine_, manager.object) + ": acquired";
  }

  // BINARY_SUBSCR: container[index] (Objects/abstract.c PyObject_GetItem).
  void subscript() {
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
  void store_subscript() {
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
  void delete_subscript() {
    const Value index = frame_.pop();
    const Value container = frame_.pop();
    if (const PyError error = delete_item(program_, machine_, container, index); error != PyError::None) {
      frame_.push(container);
      frame_.push(index);
      return raise(error);
    }
    if (effect_) effect_->effect = "del " + describe_item(container, index);
  }

  std::string describe_item(const Value& container, const Value& index) const {
    const std::string name = container.on_heap() ? object_name(program_, machine_, container.object) : show(container);
    return name + "[" + show(index) + "]";
  }

  // BUILD_LIST n / BUILD_TUPLE n: the top n values, first pushed first.
  void build_sequence(const Instruction& in) {
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
  void build_dict(const Instruction& in) {
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
  void list_extend(std::uint32_t depth) {
    const Value list = frame_.top(depth);
    const Value iterable = frame_.top();
    if (list.kind != ValueKind::List) return raise(PyError::UnsupportedOperand);  // compiled code always has a list there
    const Value extend = Value::bound_method(BuiltinId::ListExtend, list.object);
    const CallResult result = call_builtin(program_, machine_, thread_, extend, std::span<const Value>(&iterable, 1));
    if (result.error != PyError::None) return raise(result.error);
    frame_.pop();
    if (effect_) effect_->effect = "extended to " + show(list);
  }

  void jump(const Instruction& in) {
    frame_.state().pc = static_cast<std::uint32_t>(in.arg);
    facts_.jumped = true;
  }

  // POP_JUMP_IF_* pop the condition; JUMP_IF_*_OR_POP keep it when they jump.
  void conditional_jump(const Instruction& in) {
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

  void compare(CompareOperator op) {
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

  void load_global(const Instruction& in) {
    // Python/ceval.c LOAD_GLOBAL: 3.11 pushes a NULL first when oparg & 1.
    if (in.push_null) frame_.push(Value::null());
    const Value v = in.arg >= 0 ? machine_.globals[in.arg] : named_function(program_.strings[-1 - in.arg]);
    frame_.push(v);
    if (effect_) {
      effect_->global_name = in.operand_text;
      effect_->value = show(v);
      effect_->effect = "loaded " + in.operand_text + "=" + effect_->value;
    }
  }

  // A function of the scenario (the body the model runs) or a builtin.
  Value named_function(const std::string& name) const {
    const auto it = program_.selected_functions.find(name);
    if (it != program_.selected_functions.end()) return Value::function(it->second);
    return Value::builtin_function(builtin_by_name(name));
  }

  void load_attribute(const Instruction& in) {
    const Value self = frame_.pop();
    const std::string& attribute = program_.strings[in.arg];
    const BuiltinId method = self.on_heap() ? lookup_method(machine_, self, attribute) : BuiltinId::None;
    if (method == BuiltinId::None) {
      frame_.push(self);  // keep the stack shape for the trace; the thread ends here
      return raise(PyError::NoAttribute);
    }
    // LOAD_METHOD leaves [NULL, bound method], the shape CALL_METHOD/CALL
    // accept for a callable that needs no separate self.
    if (in.opcode == Opcode::LOAD_METHOD || in.push_null) frame_.push(Value::null());
    frame_.push(Value::bound_method(method, self.object));
    if (effect_) effect_->effect = "got " + object_name(program_, machine_, self.object) + "." + attribute;
  }

  void binary(BinaryOpInfo op) {
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

  // CALL_FUNCTION n: [callable, args...]. CALL_METHOD n / CALL n (3.11):
  // [NULL or method, callable or self, args...] (Python/ceval.c).
  void call(std::uint32_t argc, bool method_form) {
    const auto [callable, arguments] = call_operands(frame_.from_top(argc), argc, method_form);
    const std::uint32_t consumed = argc + (method_form ? 2 : 1);
    if (callable.kind == ValueKind::Function) return enter_function(callable, arguments, consumed);
    const CallResult result = call_builtin(program_, machine_, thread_, callable, arguments);
    std::string description;
    if (effect_) description = describe_call(callable, arguments);
    if (result.error != PyError::None) return raise(result.error);
    frame_.drop(consumed);
    frame_.push(result.value);
    if (effect_) effect_->effect = description + " -> " + show(result.value);
  }

  // A call of a scenario function: its frame goes where the call's operands
  // were, after a link to the caller, and it runs from its first
  // instruction (Python/ceval.c: up to 3.10 a new _PyEval_EvalFrameDefault
  // for the callee's frame; 3.11+ pushes an _PyInterpreterFrame on the
  // thread's data stack and jumps to the callee's first instruction).
  void enter_function(const Value& callable, std::span<const Value> args, std::uint32_t consumed) {
    const auto index = static_cast<std::uint32_t>(callable.integer);
    const Function& callee = program_.functions[index];
    std::string description;
    if (effect_) description = describe_call(callable, args);
    if (args.size() != callee.parameter_count) return raise(PyError::BadArgumentCount);
    ThreadState& state = frame_.state();
    // Threads start at depth 0 in a frame of their own, as in CPython,
    // where a thread's function runs one frame above Thread.run's.
    if (state.depth + 1u >= program_.recursion_limit) return raise(PyError::RecursionLimit);
    const auto caller_sp = static_cast<std::uint16_t>(state.sp - consumed);
    const std::uint32_t link =
        state.frame_base + static_cast<std::uint32_t>(program_.functions[state.function].local_names.size()) + caller_sp;
    Value* region = machine_.region(thread_);
    Value* locals = region + link + 1;
    // The arguments sit at or above the new locals: move them down first.
    std::memmove(static_cast<void*>(locals), args.data(), args.size() * sizeof(Value));
    std::fill(locals + args.size(), locals + callee.local_names.size(), Value::null());
    region[link] = Value::frame_link(state.function, state.pc, caller_sp, state.frame_base);
    state.function = index;
    state.pc = 0;
    state.sp = 0;
    state.frame_base = link + 1;
    ++state.depth;
    facts_.entered_frame = true;
    if (effect_) effect_->effect = description + ": entered " + callee.name;
  }

  // A return: the thread ends in its outermost frame; otherwise the caller
  // resumes after its call with `result` pushed.
  void leave_frame(const Value& result) {
    ThreadState& state = frame_.state();
    if (state.depth == 0) {
      state.status = ThreadStatus::Finished;
      return;
    }
    const Value link = machine_.region(thread_)[state.frame_base - 1];
    state.function = link.object;
    state.pc = link.link_pc();
    state.sp = link.link_sp();
    state.frame_base = link.link_frame_base();
    --state.depth;
    Value* stack = machine_.locals(thread_) + program_.functions[state.function].local_names.size();
    stack[state.sp++] = result;
    facts_.returned = true;
  }

  std::string describe_call(const Value& callable, std::span<const Value> args) const {
    std::string text;
    if (callable.kind == ValueKind::BoundMethod)
      text = object_name(program_, machine_, callable.object) + "." + builtin_display_name(machine_, callable);
    else if (callable.kind == ValueKind::Builtin)
      text = builtin_display_name(machine_, callable);
    else if (callable.kind == ValueKind::Function)
      text = program_.functions[static_cast<std::size_t>(callable.integer)].name;
    else
      text = show(callable);
    text += "(";
    for (std::size_t i = 0; i < args.size(); ++i) text += (i ? ", " : "") + show(args[i]);
    return text + ")";
  }

  const Program& program_;
  Machine& machine_;
  std::uint32_t thread_;
  Frame frame_;
  StepEffect* effect_;
  StepFacts facts_;
};

}  // namespace

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

bool is_blocked(const Program& program, const Machine& machine, std::uint32_t thread) {
  const std::optional<CallOperands> call = next_call(program, machine, thread);
  return call && call_would_block(machine, thread, call->callable, call->args);
}

}  // namespace gilrace
