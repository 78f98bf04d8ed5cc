#include "models/switch_policies.hpp"

#include <array>
#include <initializer_list>
#include <string_view>

namespace gilrace {
namespace {

// A set of gilrace opcodes given by CPython names; names gilrace does not
// model yet cannot occur in a program and are left out.
class OpcodeSet {
 public:
  OpcodeSet(std::initializer_list<std::string_view> names) {
    for (std::string_view name : names)
      if (const auto op = opcode_by_name(name)) has_[static_cast<std::size_t>(*op)] = true;
  }
  bool contains(Opcode op) const { return has_[static_cast<std::size_t>(op)]; }

 private:
  std::array<bool, static_cast<std::size_t>(Opcode::COUNT_)> has_{};
};

// 2.7 to 3.9: POP_JUMP_IF_* and JUMP_IF_*_OR_POP end with FAST_DISPATCH()
// when the condition is exactly True or False, with DISPATCH() otherwise.
bool fast_conditional(const Instruction& executed, const StepFacts& facts) {
  return is_conditional_jump(executed.opcode) && facts.bool_condition;
}

// 2.7 to 3.10: the check at the top of the loop is put off when the next
// opcode is one of these (2.7: SETUP_FINALLY only).
bool check_deferred_before(const Instruction* next, bool only_setup_finally) {
  static const OpcodeSet deferring{"SETUP_FINALLY", "SETUP_WITH", "BEFORE_ASYNC_WITH", "YIELD_FROM"};
  static const OpcodeSet setup_finally{"SETUP_FINALLY"};
  return next != nullptr && (only_setup_finally ? setup_finally : deferring).contains(next->opcode);
}

}  // namespace

// No CPython version with a GIL checks more often than once per opcode, so
// this over-approximates all of them. cpython-3.13t uses it too, as an
// idealisation: without a GIL opcodes of different threads really overlap,
// and only operations under a per-object lock stay atomic.
bool switch_after_every_opcode(const Instruction&, const Instruction*, const StepFacts&) { return true; }

// 2.7, Python/ceval.c, PyEval_EvalFrameEx: DISPATCH(), `continue` and
// `break` cost a tick of the process-wide _Py_Ticker and may release the
// GIL when it runs out; FAST_DISPATCH() (`goto fast_next_opcode`) does not.
// Every ticking boundary is a possible switch: when the ticker runs out
// (every sys.getcheckinterval() = 100 ticks) depends on everything the
// process ran before, so any ticking boundary can be the one.
bool switch_after_cpython_27(const Instruction& executed, const Instruction* next, const StepFacts& facts) {
  static const OpcodeSet fast{"NOP",     "LOAD_FAST", "LOAD_CONST", "STORE_FAST", "POP_TOP",     "ROT_TWO",
                              "ROT_THREE", "ROT_FOUR", "DUP_TOP",   "DUP_TOPX",   "JUMP_FORWARD", "EXTENDED_ARG"};
  return !fast.contains(executed.opcode) && !fast_conditional(executed, facts) && !check_deferred_before(next, true);
}

// 3.8, Python/ceval.c, _PyEval_EvalFrameDefault: an opcode ending with
// DISPATCH() goes back to the top of `main_loop`, which checks eval_breaker
// and may drop the GIL; FAST_DISPATCH() jumps straight to the next opcode.
// The top of the loop skips the check before SETUP_FINALLY, SETUP_WITH,
// BEFORE_ASYNC_WITH and YIELD_FROM.
bool switch_after_cpython_38(const Instruction& executed, const Instruction* next, const StepFacts& facts) {
  static const OpcodeSet fast{"NOP",          "LOAD_FAST",    "LOAD_CONST",    "STORE_FAST",  "POP_TOP",
                              "ROT_TWO",      "ROT_THREE",    "ROT_FOUR",      "DUP_TOP",     "DUP_TOP_TWO",
                              "JUMP_FORWARD", "CALL_FINALLY", "BEGIN_FINALLY", "END_FINALLY", "END_ASYNC_FOR",
                              "EXTENDED_ARG"};
  return !fast.contains(executed.opcode) && !fast_conditional(executed, facts) && !check_deferred_before(next, false);
}

// 3.9, Python/ceval.c: as 3.8, without the opcodes 3.9 removed, and with
// IS_OP, CONTAINS_OP and LOAD_ASSERTION_ERROR ending with FAST_DISPATCH().
bool switch_after_cpython_39(const Instruction& executed, const Instruction* next, const StepFacts& facts) {
  static const OpcodeSet fast{"NOP",          "LOAD_FAST",     "LOAD_CONST", "STORE_FAST",  "POP_TOP",
                              "ROT_TWO",      "ROT_THREE",     "ROT_FOUR",   "DUP_TOP",     "DUP_TOP_TWO",
                              "JUMP_FORWARD", "END_ASYNC_FOR", "IS_OP",      "CONTAINS_OP", "LOAD_ASSERTION_ERROR",
                              "EXTENDED_ARG"};
  return !fast.contains(executed.opcode) && !fast_conditional(executed, facts) && !check_deferred_before(next, false);
}

// 3.10, Python/ceval.c: DISPATCH() no longer checks; CHECK_EVAL_BREAKER()
// runs after CALL_FUNCTION, CALL_FUNCTION_KW, CALL_FUNCTION_EX and
// CALL_METHOD return, in JUMP_ABSOLUTE and in a taken POP_JUMP_IF_FALSE /
// POP_JUMP_IF_TRUE, and at the top of `main_loop` on entering a frame; the
// skip list before SETUP_FINALLY etc. still applies. A call of a scenario
// function is two such points: the callee's frame entry (after the CALL
// step) and the caller's check once the call returns (after the callee's
// RETURN_VALUE step, which finishes the caller's CALL).
bool switch_after_cpython_310(const Instruction& executed, const Instruction* next, const StepFacts& facts) {
  static const OpcodeSet checking{"CALL_FUNCTION", "CALL_FUNCTION_KW", "CALL_FUNCTION_EX", "CALL_METHOD",
                                  "JUMP_ABSOLUTE"};
  static const OpcodeSet checking_when_taken{"POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE"};
  return (checking.contains(executed.opcode) || facts.returned ||
          (facts.jumped && checking_when_taken.contains(executed.opcode))) &&
         !check_deferred_before(next, false);
}

// 3.11 (Python/ceval.c), 3.12 and 3.13 (Python/bytecodes.c): the eval
// breaker is checked in RESUME with oparg < 2 (function start, after a
// yield), in JUMP_BACKWARD (and 3.11's taken POP_JUMP_BACKWARD_IF_*), and
// after a call to anything but a Python
// function returns (CALL, CALL_FUNCTION_EX and the builtin CALL/PRECALL
// specialisations; a Python callee checks in its own RESUME). Specialised
// calls such as list.append's skip the check; the model keeps it, since
// whether a call site is specialised depends on how often it ran.
bool switch_after_cpython_311_313(const Instruction& executed, const Instruction*, const StepFacts& facts) {
  static const OpcodeSet checking{"JUMP_BACKWARD", "CALL", "CALL_KW", "CALL_FUNCTION_EX"};
  // 3.11 only: its backward conditional jumps check when taken (3.12 has none).
  static const OpcodeSet checking_when_taken{"POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE",
                                             "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE"};
  // 3.13 keeps flags above the location in RESUME's oparg (RESUME_OPARG_LOCATION_MASK).
  if (executed.opcode == Opcode::RESUME) return (executed.arg & 3) < 2;
  // A call of a Python function is inlined: no check after CALL (the
  // callee's RESUME checks) and none when it returns (`goto resume_frame`).
  if (facts.entered_frame) return false;
  return checking.contains(executed.opcode) || (facts.jumped && checking_when_taken.contains(executed.opcode));
}

}  // namespace gilrace
