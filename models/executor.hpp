// The interpreter of one step, split over models/opcode_semantics.cpp (the
// dispatch on the opcode), models/executor_calls.cpp (calls, frames,
// globals, attributes, `with`) and models/executor_operations.cpp
// (arithmetic, comparisons, jumps, subscripts, containers). Internal to
// models/: other layers call execute_instruction() (opcode_semantics.hpp).
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "explorer/program/machine.hpp"
#include "explorer/program/program.hpp"
#include "models/opcode_semantics.hpp"

namespace gilrace::executor_detail {

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

// The name a trace gives a heap object: the first global holding it, else its type.
std::string object_name(const Program& program, const Machine& machine, std::uint32_t object);

struct CallOperands {
  Value callable;
  std::span<const Value> args;
};

// CALL_FUNCTION n: [callable, args...]. CALL_METHOD n / CALL n (3.11+):
// [NULL or callable, callable or self, args...]; with a non-NULL first the
// second is self, the first argument (Python/ceval.c CALL, is_meth). Our
// LOAD_METHOD never leaves that shape; the exit of `with` on 3.11+ does:
// [__exit__, None, None, None] with CALL 2. `args` points at the n arguments.
inline CallOperands call_operands(const Value* args, std::uint32_t argc, bool method_form) {
  if (method_form && args[-2].kind != ValueKind::Null) return {args[-2], std::span<const Value>(args - 1, argc + 1)};
  return {args[-1], std::span<const Value>(args, argc)};
}

class Executor {
 public:
  Executor(const Program& program, Machine& machine, std::uint32_t thread, StepEffect* effect)
      : program_(program), machine_(machine), thread_(thread), frame_(program, machine, thread), effect_(effect) {}

  StepFacts run();

 private:
  std::string show(const Value& v) const;
  // A tuple constant is one object in CPython; a new heap tuple per load
  // differs only under `is`, and unreachable ones never reach a state.
  Value constant(std::int64_t index);
  void raise(PyError error);
  void execute(const Instruction& in);
  // BINARY_SUBSCR: container[index] (Objects/abstract.c PyObject_GetItem).
  void subscript();
  // STORE_SUBSCR: container[index] = value, with [value, container, index] on the stack.
  void store_subscript();
  // DELETE_SUBSCR: del container[index] (Objects/abstract.c PyObject_DelItem).
  void delete_subscript();
  std::string describe_item(const Value& container, const Value& index) const;
  // BUILD_LIST n / BUILD_TUPLE n: the top n values, first pushed first.
  void build_sequence(const Instruction& in);
  // BUILD_MAP n: [key, value] x n. BUILD_CONST_KEY_MAP n: [value] x n, then a tuple of the keys.
  void build_dict(const Instruction& in);
  // LIST_EXTEND n (3.9+): extends the list n deep under the iterable with it, as list.extend does.
  void list_extend(std::uint32_t depth);
  void jump(const Instruction& in);
  // POP_JUMP_IF_* pop the condition; JUMP_IF_*_OR_POP keep it when they jump.
  void conditional_jump(const Instruction& in);
  void compare(CompareOperator op);
  void binary(BinaryOpInfo op);
  // CALL_FUNCTION n: [callable, args...]. CALL_METHOD n / CALL n (3.11):
  // [NULL or method, callable or self, args...] (Python/ceval.c).
  void call(std::uint32_t argc, bool method_form);
  // A call of a scenario function: its frame goes where the call's operands
  // were, after a link to the caller, and it runs from its first
  // instruction (Python/ceval.c: up to 3.10 a new _PyEval_EvalFrameDefault
  // for the callee's frame; 3.11+ pushes an _PyInterpreterFrame on the
  // thread's data stack and jumps to the callee's first instruction).
  void enter_function(const Value& callable, std::span<const Value> args, std::uint32_t consumed);
  // A return: the thread ends in its outermost frame; otherwise the caller
  // resumes after its call with `result` pushed.
  void leave_frame(const Value& result);
  std::string describe_call(const Value& callable, std::span<const Value> args) const;
  // SETUP_WITH (3.8-3.10) / BEFORE_WITH (3.11+) on a lock: push its
  // __exit__, then what __enter__ (acquire) returns. is_blocked() keeps a
  // thread away from here while another holds the lock.
  void enter_with();
  void load_global(const Instruction& in);
  // A function of the scenario (the body the model runs) or a builtin.
  Value named_function(const std::string& name) const;
  void load_attribute(const Instruction& in);

  const Program& program_;
  Machine& machine_;
  std::uint32_t thread_;
  Frame frame_;
  StepEffect* effect_;
  StepFacts facts_;
};

}  // namespace gilrace::executor_detail
