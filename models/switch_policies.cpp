#include "models/switch_policies.hpp"

namespace gilrace {

// No CPython version with a GIL checks the eval breaker more often than
// once per opcode, so this over-approximates all of them; it is also the
// free-threaded build (3.13t), where no lock orders two threads' opcodes.
bool switch_after_every_opcode(const Instruction&, const Instruction*) { return true; }

// 3.8 and 3.9, Python/ceval.c, _PyEval_EvalFrameDefault: an opcode ending
// with DISPATCH() goes back to the top of `main_loop`, which checks
// eval_breaker (and may drop the GIL in eval_frame_handle_pending /
// the inline 3.8 code); one ending with FAST_DISPATCH() jumps straight to
// the next opcode. The top of the loop also skips the check when the next
// opcode is SETUP_FINALLY, SETUP_WITH, BEFORE_ASYNC_WITH or YIELD_FROM.
bool switch_after_cpython_38_39(const Instruction& executed, const Instruction* next) {
  switch (executed.opcode) {
    case Opcode::NOP:
    case Opcode::LOAD_FAST:
    case Opcode::LOAD_CONST:
    case Opcode::STORE_FAST:
    case Opcode::POP_TOP:
      return false;  // FAST_DISPATCH()
    default:
      break;
  }
  // The check is skipped before SETUP_FINALLY, SETUP_WITH, BEFORE_ASYNC_WITH
  // and YIELD_FROM; none of them is among the opcodes modelled so far, so
  // every other opcode's end is a switch point whatever comes next.
  (void)next;
  return true;
}

// 3.10, Python/ceval.c: DISPATCH() no longer checks eval_breaker; only
// CHECK_EVAL_BREAKER() does, after the CALL_* opcodes return and in a
// backward JUMP_ABSOLUTE.
bool switch_after_cpython_310(const Instruction& executed, const Instruction*) {
  switch (executed.opcode) {
    case Opcode::CALL_FUNCTION:
    case Opcode::CALL_METHOD:
      return true;
    default:
      return false;
  }
}

// 3.11 to 3.13 (3.11: Python/ceval.c; 3.12 and 3.13: Python/bytecodes.c):
// the eval breaker is checked in RESUME (function entry), JUMP_BACKWARD and
// after a call to a built-in returns (CALL; a call to a Python function
// checks in the callee's RESUME).
bool switch_after_cpython_311_313(const Instruction& executed, const Instruction*) {
  switch (executed.opcode) {
    case Opcode::RESUME:
      return executed.arg < 2;  // RESUME 0 (function start) and 1 (after yield); not after yield from / await
    case Opcode::CALL:
      return true;
    default:
      return false;
  }
}

}  // namespace gilrace
