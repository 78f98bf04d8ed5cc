// Calls (built-ins and functions of the scenario, with their frames),
// globals, attributes and `with lock:`; see executor.hpp.
#include <algorithm>
#include <array>
#include <cstring>

#include "explorer/program/machine_values.hpp"
#include "models/builtins.hpp"
#include "models/executor.hpp"

namespace gilrace::executor_detail {

// CALL_FUNCTION n: [callable, args...]. CALL_METHOD n / CALL n (3.11):
// [NULL or method, callable or self, args...] (Python/ceval.c).
void Executor::call(std::uint32_t argc, bool method_form) {
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
void Executor::enter_function(const Value& callable, std::span<const Value> args, std::uint32_t consumed) {
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
void Executor::leave_frame(const Value& result) {
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

std::string Executor::describe_call(const Value& callable, std::span<const Value> args) const {
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

// SETUP_WITH (3.8-3.10) / BEFORE_WITH (3.11+) on a lock: push its
// __exit__, then what __enter__ (acquire) returns. is_blocked() keeps a
// thread away from here while another holds the lock.
void Executor::enter_with() {
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

void Executor::load_global(const Instruction& in) {
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
Value Executor::named_function(const std::string& name) const {
  const auto it = program_.selected_functions.find(name);
  if (it != program_.selected_functions.end()) return Value::function(it->second);
  return Value::builtin_function(builtin_by_name(name));
}

void Executor::load_attribute(const Instruction& in) {
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

}  // namespace gilrace::executor_detail
